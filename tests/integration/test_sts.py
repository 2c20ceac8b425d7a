"""STS through motoc-server with boto3 and the AWS CLI, pointed at it by endpoint URL."""
import base64
import json
import os
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

DEFAULT_ACCOUNT = "123456789012"
OTHER_ACCOUNT = "111122223333"


def jwt(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


SAML = """<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
 xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">
 <saml:Issuer>https://idp.example.com/saml</saml:Issuer>
 <saml:Assertion>
  <saml:Issuer>https://idp.example.com/saml</saml:Issuer>
  <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">jdoe</saml:NameID></saml:Subject>
  <saml:Conditions><saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction></saml:Conditions>
  <saml:AttributeStatement>
   <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>arn:aws:iam::111122223333:role/Saml,arn:aws:iam::111122223333:saml-provider/Idp</saml:AttributeValue></saml:Attribute>
   <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>jdoe@example.com</saml:AttributeValue></saml:Attribute>
   <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><saml:AttributeValue>1800</saml:AttributeValue></saml:Attribute>
  </saml:AttributeStatement>
 </saml:Assertion>
</samlp:Response>"""


class StsTest(ServerTestCase):
    def sts(self, **kwargs):
        return boto3.client("sts", endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}, **kwargs.pop("config", {})),
                            **kwargs)

    def test_caller_identity_default_account(self):
        ident = self.sts().get_caller_identity()
        self.assertEqual(ident["Account"], DEFAULT_ACCOUNT)
        self.assertEqual(ident["Arn"], f"arn:aws:iam::{DEFAULT_ACCOUNT}:user/moto")
        self.assertTrue(ident["UserId"])

    def test_assume_role_moves_into_the_role_account(self):
        resp = self.sts().assume_role(RoleArn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/path/Deployer",
                                      RoleSessionName="ci-run", DurationSeconds=900)
        creds = resp["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        self.assertEqual(len(creds["AccessKeyId"]), 20)
        self.assertEqual(len(creds["SecretAccessKey"]), 40)
        # A session token is one base64 blob opening with STS's token header.
        token = base64.b64decode(creds["SessionToken"], validate=True)
        self.assertEqual(token[:10], b"\x15\x0a\x06er/aws\x10")
        self.assertGreater(len(token), 200)
        self.assertEqual(resp["AssumedRoleUser"]["Arn"],
                         f"arn:aws:sts::{OTHER_ACCOUNT}:assumed-role/Deployer/ci-run")
        self.assertTrue(resp["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA"))
        self.assertTrue(resp["AssumedRoleUser"]["AssumedRoleId"].endswith(":ci-run"))

        assumed = self.sts(aws_access_key_id=creds["AccessKeyId"],
                           aws_secret_access_key=creds["SecretAccessKey"],
                           aws_session_token=creds["SessionToken"])
        ident = assumed.get_caller_identity()
        self.assertEqual(ident["Account"], OTHER_ACCOUNT)
        self.assertEqual(ident["Arn"], resp["AssumedRoleUser"]["Arn"])
        self.assertEqual(ident["UserId"], resp["AssumedRoleUser"]["AssumedRoleId"])
        # The original keys are still the default account's.
        self.assertEqual(self.sts().get_caller_identity()["Account"], DEFAULT_ACCOUNT)
        info = self.sts().get_access_key_info(AccessKeyId=creds["AccessKeyId"])
        self.assertEqual(info["Account"], OTHER_ACCOUNT)

    def test_missing_role_arn_is_a_validation_error(self):
        client = self.sts(config={"parameter_validation": False})
        with self.assertRaises(ClientError) as ctx:
            client.assume_role(RoleSessionName="s1")
        err = ctx.exception.response
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(err["Error"]["Code"], "ValidationError")
        self.assertEqual(err["Error"]["Message"],
                         "1 validation error detected: Value null at 'roleArn' failed to satisfy "
                         "constraint: Member must not be null")
        self.assertEqual(err["Error"]["Type"], "Sender")

    def test_bad_session_name_and_duration(self):
        client = self.sts(config={"parameter_validation": False})
        with self.assertRaises(ClientError) as ctx:
            client.assume_role(RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="a b",
                               DurationSeconds=60)
        message = ctx.exception.response["Error"]["Message"]
        self.assertIn("Member must have value greater than or equal to 900", message)

    def test_malformed_session_policy(self):
        with self.assertRaises(ClientError) as ctx:
            self.sts().assume_role(RoleArn="arn:aws:iam::123456789012:role/r",
                                   RoleSessionName="s1", Policy="{not json")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "MalformedPolicyDocument")

    def test_session_and_federation_tokens(self):
        token = self.sts().get_session_token(DurationSeconds=1200)["Credentials"]
        self.assertTrue(token["AccessKeyId"].startswith("ASIA"))
        fed = self.sts().get_federation_token(Name="bob", Policy=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
                                                     "Resource": "*"}]}))
        self.assertEqual(fed["FederatedUser"]["Arn"],
                         f"arn:aws:sts::{DEFAULT_ACCOUNT}:federated-user/bob")
        self.assertGreater(fed["PackedPolicySize"], 0)

    def test_too_long_federation_policy_names_its_limit(self):
        statements = [{"Effect": "Allow", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::bucket-{i}/*"} for i in range(60)]
        policy = json.dumps({"Version": "2012-10-17", "Statement": statements})
        self.assertGreater(len(policy), 2048)
        with self.assertRaises(ClientError) as ctx:
            self.sts().get_federation_token(Name="bob", Policy=policy)
        err = ctx.exception.response["Error"]
        self.assertEqual(err["Code"], "ValidationError")
        self.assertEqual(err["Message"],
                         f"1 validation error detected: Value '{policy}' at 'policy' failed to "
                         "satisfy constraint: Member must have length less than or equal to 2048")

    def test_web_identity(self):
        resp = self.sts().assume_role_with_web_identity(
            RoleArn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/Web", RoleSessionName="web",
            WebIdentityToken=jwt({"sub": "user-1", "aud": "client-1",
                                  "iss": "https://issuer.example.com"}))
        self.assertEqual(resp["SubjectFromWebIdentityToken"], "user-1")
        self.assertEqual(resp["Audience"], "client-1")
        self.assertEqual(resp["Provider"], "https://issuer.example.com")
        self.assertIn(f"::{OTHER_ACCOUNT}:assumed-role/Web/web", resp["AssumedRoleUser"]["Arn"])
        with self.assertRaises(ClientError) as ctx:
            self.sts().assume_role_with_web_identity(
                RoleArn="arn:aws:iam::123456789012:role/Web", RoleSessionName="web",
                WebIdentityToken="not-a-jwt-at-all")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidIdentityToken")

    def test_saml(self):
        resp = self.sts().assume_role_with_saml(
            RoleArn="arn:aws:iam::111122223333:role/Saml",
            PrincipalArn="arn:aws:iam::111122223333:saml-provider/Idp",
            SAMLAssertion=base64.b64encode(SAML.encode()).decode())
        self.assertEqual(resp["AssumedRoleUser"]["Arn"],
                         "arn:aws:sts::111122223333:assumed-role/Saml/jdoe@example.com")
        self.assertEqual(resp["Subject"], "jdoe")
        self.assertEqual(resp["SubjectType"], "persistent")
        self.assertEqual(resp["Issuer"], "https://idp.example.com/saml")
        self.assertTrue(resp["NameQualifier"])

    def test_decode_authorization_message(self):
        with self.assertRaises(ClientError) as ctx:
            self.sts().decode_authorization_message(EncodedMessage="abc")
        self.assertEqual(ctx.exception.response["Error"]["Code"],
                         "InvalidAuthorizationMessageException")

    def test_response_shape_on_the_wire(self):
        """The raw query-protocol XML, as AWS shapes it."""
        import urllib.request
        req = urllib.request.Request(
            self.server.url, data=b"Action=GetCallerIdentity&Version=2011-06-15",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/"
                                      "us-east-1/sts/aws4_request, SignedHeaders=host, "
                                      "Signature=0"})
        with urllib.request.urlopen(req) as resp:
            body = resp.read()
            self.assertEqual(resp.status, 200)
            self.assertTrue(resp.headers["x-amzn-RequestId"])
        root = ET.fromstring(body)
        ns = "{https://sts.amazonaws.com/doc/2011-06-15/}"
        self.assertEqual(root.tag, f"{ns}GetCallerIdentityResponse")
        self.assertEqual(root.find(f"{ns}GetCallerIdentityResult/{ns}Account").text,
                         DEFAULT_ACCOUNT)
        self.assertTrue(root.find(f"{ns}ResponseMetadata/{ns}RequestId").text)

    def test_unimplemented_operation_of_a_known_service(self):
        import urllib.error
        import urllib.request
        req = urllib.request.Request(
            self.server.url, data=b"Action=GetSomethingNew&Version=2011-06-15",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/"
                                      "us-east-1/sts/aws4_request, SignedHeaders=host, "
                                      "Signature=0"})
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(req)
        self.assertEqual(ctx.exception.code, 404)
        self.assertIn(b"<Code>NotYetImplemented</Code>", ctx.exception.read())

    def cli(self, *args, env=None):
        return subprocess.run(["aws", "--endpoint-url", self.server.url, "--output", "json", *args],
                              capture_output=True, text=True, timeout=120,
                              env={**os.environ, **CLIENT_ENV, **(env or {})})

    def test_aws_cli_assume_role_round_trip(self):
        proc = self.cli("sts", "get-caller-identity")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["Account"], DEFAULT_ACCOUNT)

        proc = self.cli("sts", "assume-role", "--role-arn",
                        f"arn:aws:iam::{OTHER_ACCOUNT}:role/Cli", "--role-session-name", "cli")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        creds = json.loads(proc.stdout)["Credentials"]
        proc = self.cli("sts", "get-caller-identity", env={
            "AWS_ACCESS_KEY_ID": creds["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": creds["SecretAccessKey"],
            "AWS_SESSION_TOKEN": creds["SessionToken"]})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["Arn"],
                         f"arn:aws:sts::{OTHER_ACCOUNT}:assumed-role/Cli/cli")

    def post_query(self, body, **headers):
        import urllib.error
        import urllib.request
        req = urllib.request.Request(self.server.url + "/", data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/sts/"
                             "aws4_request, SignedHeaders=host, Signature=0", **headers})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def test_gzip_request_body(self):
        import gzip
        body = gzip.compress(b"Action=GetCallerIdentity&Version=2011-06-15")
        status, text = self.post_query(body, **{"Content-Encoding": "gzip"})
        self.assertEqual(status, 200, text)
        self.assertIn(f"<Account>{DEFAULT_ACCOUNT}</Account>", text)
        status, text = self.post_query(body[:-6], **{"Content-Encoding": "gzip"})
        self.assertEqual(status, 400, text)
        self.assertIn("<ErrorResponse", text)

    def test_reset_forgets_issued_credentials(self):
        creds = self.sts().assume_role(RoleArn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/R",
                                       RoleSessionName="reset")["Credentials"]
        import urllib.request
        urllib.request.urlopen(urllib.request.Request(self.server.url + "/moto-api/reset",
                                                      method="POST"))
        assumed = self.sts(aws_access_key_id=creds["AccessKeyId"],
                           aws_secret_access_key=creds["SecretAccessKey"],
                           aws_session_token=creds["SessionToken"])
        self.assertEqual(assumed.get_caller_identity()["Account"], DEFAULT_ACCOUNT)


if __name__ == "__main__":
    run_tests()
