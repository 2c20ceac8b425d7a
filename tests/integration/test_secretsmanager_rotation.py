"""Secrets Manager rotation by a Lambda function that really runs: RotateSecret invokes the
function for createSecret, setSecret, testSecret and finishSecret in turn, the function moves the
secret along through the Secrets Manager API, and a failing step stops the rotation."""
import io
import json
import os
import sys
import time
import uuid
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})

# A rotation function shaped like AWS's template: each step tags the secret with its name (so
# the test sees which steps ran, in which order), createSecret puts the new value as AWSPENDING,
# finishSecret moves AWSCURRENT to it. FAIL_AT names a step that raises instead.
ROTATOR = """
import os, time
import boto3

def handler(event, context):
    sm = boto3.client("secretsmanager")
    arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
    sm.tag_resource(SecretId=arn, Tags=[
        {"Key": "step-" + step, "Value": "%.6f" % time.time()},
        {"Key": "rotation-token", "Value": "yes" if event.get("RotationToken") else "no"}])
    if step == os.environ.get("FAIL_AT"):
        raise RuntimeError("cannot " + step)
    versions = sm.describe_secret(SecretId=arn)["VersionIdsToStages"]
    if "AWSPENDING" not in versions.get(token, []):
        raise ValueError("version %s is not AWSPENDING" % token)
    if step == "createSecret":
        current = sm.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")["SecretString"]
        try:
            sm.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
        except sm.exceptions.ResourceNotFoundException:
            sm.put_secret_value(SecretId=arn, ClientRequestToken=token,
                                SecretString=current + "+rotated", VersionStages=["AWSPENDING"])
    elif step == "finishSecret":
        old = next(v for v, stages in versions.items() if "AWSCURRENT" in stages)
        sm.update_secret_version_stage(SecretId=arn, VersionStage="AWSCURRENT",
                                       MoveToVersionId=token, RemoveFromVersionId=old)
"""


def zip_of(name, text):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(name, text)
    return out.getvalue()


class SecretsManagerRotationTest(ServerTestCase):
    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}))

    def setUp(self):
        self.sm = self.client("secretsmanager")
        self.awslambda = self.client("lambda")
        iam = self.client("iam")
        self.role = iam.create_role(RoleName="rotator-" + uuid.uuid4().hex[:8],
                                    AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        self.name = "app/rotated-" + uuid.uuid4().hex[:8]

    def rotator(self, fail_at=""):
        return self.awslambda.create_function(
            FunctionName="rotator-" + uuid.uuid4().hex[:8], Runtime="python3.12",
            Role=self.role, Handler="rotator.handler", Timeout=30,
            Environment={"Variables": {"FAIL_AT": fail_at}},
            Code={"ZipFile": zip_of("rotator.py", ROTATOR)})["FunctionArn"]

    def wait_for(self, predicate, what, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            secret = self.sm.describe_secret(SecretId=self.name)
            if predicate(secret):
                return secret
            time.sleep(0.2)
        self.fail("timed out waiting for " + what + ": " + repr(secret))

    @staticmethod
    def steps(secret):
        tags = {t["Key"]: t["Value"] for t in secret.get("Tags", [])}
        ran = [(float(v), k[5:]) for k, v in tags.items() if k.startswith("step-")]
        return [step for _, step in sorted(ran)]

    def value(self, **version):
        return self.sm.get_secret_value(SecretId=self.name, **version)["SecretString"]

    def test_rotation_runs_the_four_steps_and_moves_the_labels(self):
        function = self.rotator()
        first = self.sm.create_secret(Name=self.name, SecretString="s3cret")["VersionId"]
        answer = self.sm.rotate_secret(SecretId=self.name, RotationLambdaARN=function,
                                       RotationRules={"AutomaticallyAfterDays": 7})
        token = answer["VersionId"]
        self.assertEqual(answer["Name"], self.name)
        self.assertNotEqual(token, first)
        secret = self.wait_for(
            lambda s: s["VersionIdsToStages"].get(token) == ["AWSPENDING", "AWSCURRENT"]
            or "AWSCURRENT" in s["VersionIdsToStages"].get(token, []), "AWSCURRENT to move")
        secret = self.wait_for(lambda s: "LastRotatedDate" in s, "LastRotatedDate")
        self.assertEqual(self.steps(secret),
                         ["createSecret", "setSecret", "testSecret", "finishSecret"])
        tags = {t["Key"]: t["Value"] for t in secret["Tags"]}
        self.assertEqual(tags["rotation-token"], "yes")
        self.assertEqual(self.value(), "s3cret+rotated")
        self.assertEqual(self.value(VersionStage="AWSPREVIOUS"), "s3cret")
        self.assertEqual(secret["VersionIdsToStages"][first], ["AWSPREVIOUS"])
        self.assertTrue(secret["RotationEnabled"])
        self.assertEqual(secret["RotationLambdaARN"], function)
        self.assertEqual(secret["RotationRules"]["AutomaticallyAfterDays"], 7)
        days = (secret["NextRotationDate"] - secret["LastRotatedDate"]).total_seconds() / 86400
        self.assertAlmostEqual(days, 7, delta=0.01)

        # The next rotation uses the stored configuration and the caller's token.
        again = str(uuid.uuid4())
        self.assertEqual(self.sm.rotate_secret(SecretId=self.name,
                                               ClientRequestToken=again)["VersionId"], again)
        self.wait_for(lambda s: "AWSCURRENT" in s["VersionIdsToStages"].get(again, []),
                      "the second rotation")
        self.assertEqual(self.value(), "s3cret+rotated+rotated")

    def test_a_failing_step_stops_the_rotation(self):
        function = self.rotator(fail_at="setSecret")
        first = self.sm.create_secret(Name=self.name, SecretString="keep")["VersionId"]
        token = self.sm.rotate_secret(SecretId=self.name, RotationLambdaARN=function)["VersionId"]
        self.wait_for(lambda s: "setSecret" in self.steps(s), "setSecret")
        time.sleep(1.5)
        secret = self.sm.describe_secret(SecretId=self.name)
        self.assertEqual(self.steps(secret), ["createSecret", "setSecret"])
        self.assertNotIn("LastRotatedDate", secret)
        self.assertEqual(secret["VersionIdsToStages"][first], ["AWSCURRENT"])
        self.assertEqual(secret["VersionIdsToStages"][token], ["AWSPENDING"])
        self.assertEqual(self.value(), "keep")
        self.assertEqual(self.value(VersionStage="AWSPENDING"), "keep+rotated")
        with self.assertRaises(ClientError) as ctx:
            self.sm.rotate_secret(SecretId=self.name)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidRequestException")

    def test_a_step_failing_before_any_value_leaves_an_empty_pending_version(self):
        function = self.rotator(fail_at="createSecret")
        self.sm.create_secret(Name=self.name, SecretString="keep")
        token = self.sm.rotate_secret(SecretId=self.name, RotationLambdaARN=function)["VersionId"]
        self.wait_for(lambda s: "createSecret" in self.steps(s), "createSecret")
        time.sleep(1.5)
        secret = self.sm.describe_secret(SecretId=self.name)
        self.assertEqual(self.steps(secret), ["createSecret"])
        self.assertEqual(secret["VersionIdsToStages"][token], ["AWSPENDING"])
        self.assertEqual(self.value(), "keep")
        with self.assertRaises(ClientError) as ctx:
            self.value(VersionStage="AWSPENDING")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ResourceNotFoundException")

    def test_rotate_later_only_tests_the_configuration(self):
        function = self.rotator()
        first = self.sm.create_secret(Name=self.name, SecretString="later")["VersionId"]
        token = self.sm.rotate_secret(SecretId=self.name, RotationLambdaARN=function,
                                      RotationRules={"ScheduleExpression": "rate(10 days)"},
                                      RotateImmediately=False)["VersionId"]
        secret = self.wait_for(lambda s: token not in s["VersionIdsToStages"],
                               "the tested AWSPENDING version to go")
        self.assertEqual(self.steps(secret), ["testSecret"])
        self.assertEqual(secret["VersionIdsToStages"], {first: ["AWSCURRENT"]})
        self.assertTrue(secret["RotationEnabled"])
        self.assertIn("NextRotationDate", secret)
        self.assertNotIn("LastRotatedDate", secret)
        self.assertEqual(self.value(), "later")

    def test_a_missing_function_is_refused(self):
        self.sm.create_secret(Name=self.name, SecretString="v")
        with self.assertRaises(ClientError) as ctx:
            self.sm.rotate_secret(
                SecretId=self.name,
                RotationLambdaARN="arn:aws:lambda:us-east-1:123456789012:function:absent")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "AccessDeniedException")
        secret = self.sm.describe_secret(SecretId=self.name)
        self.assertNotIn("RotationEnabled", secret)
        self.assertEqual(len(secret["VersionIdsToStages"]), 1)


if __name__ == "__main__":
    run_tests()
