"""Lambda through motoc-server with boto3: functions from zips (direct and from motoc's S3),
versions, aliases, permissions, concurrency, tags, AWS's errors, and functions that really run
(python, node, a custom runtime) as local processes, writing their logs to CloudWatch Logs and
calling motoc's services from inside."""
import base64
import io
import json
import os
import sys
import time
import urllib.error
import urllib.request
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


def zip_of(files):
    """A deployment package: {name: text} or {name: (text, mode)}."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in files.items():
            text, mode = content if isinstance(content, tuple) else (content, 0o644)
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o100000 | mode) << 16
            z.writestr(info, text)
    return out.getvalue()


PYTHON_ECHO = zip_of({"app.py": """
import os
def handler(event, context):
    print("echo", event)
    return {"event": event, "name": context.function_name,
            "version": context.function_version, "arn": context.invoked_function_arn,
            "region": os.environ["AWS_REGION"], "memory": context.memory_limit_in_mb,
            "greeting": os.environ.get("GREETING")}
def fail(event, context):
    raise ValueError("no good: %s" % event.get("why"))
def slow(event, context):
    import time
    time.sleep(10)
"""})


class LambdaTest(ServerTestCase):
    def client(self, service, region="us-east-1"):
        return boto3.client(service, endpoint_url=self.server.url, region_name=region,
                            config=Config(retries={"max_attempts": 1}, read_timeout=60))

    def setUp(self):
        self.awslambda = self.client("lambda")
        self.iam = self.client("iam")
        self.role_name = "fn-role-" + uuid.uuid4().hex[:8]
        self.role = self.iam.create_role(RoleName=self.role_name,
                                         AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        self.name = "fn-" + uuid.uuid4().hex[:8]

    def create(self, name=None, package=PYTHON_ECHO, handler="app.handler",
               runtime="python3.12", **extra):
        return self.awslambda.create_function(
            FunctionName=name or self.name, Runtime=runtime, Role=self.role, Handler=handler,
            Code={"ZipFile": package}, **extra)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response

    def invoke(self, name=None, payload=None, **extra):
        out = self.awslambda.invoke(FunctionName=name or self.name,
                                    Payload=json.dumps(payload or {}), **extra)
        out["Body"] = out["Payload"].read()
        return out

    # ---- control plane ----

    def test_create_get_list_delete(self):
        created = self.create(Environment={"Variables": {"GREETING": "hi"}}, Timeout=5)
        self.assertEqual(created["State"], "Pending")
        self.assertEqual(created["FunctionArn"],
                         f"arn:aws:lambda:us-east-1:123456789012:function:{self.name}")
        self.assertEqual(created["CodeSha256"],
                         base64.b64encode(__import__("hashlib").sha256(PYTHON_ECHO).digest())
                         .decode())
        self.assertEqual(created["CodeSize"], len(PYTHON_ECHO))
        self.awslambda.get_waiter("function_active_v2").wait(FunctionName=self.name)
        got = self.awslambda.get_function(FunctionName=self.name)
        self.assertEqual(got["Configuration"]["State"], "Active")
        self.assertEqual(got["Configuration"]["Environment"]["Variables"], {"GREETING": "hi"})
        self.assertEqual(got["Code"]["RepositoryType"], "S3")
        names = [f["FunctionName"] for f in self.awslambda.list_functions()["Functions"]]
        self.assertIn(self.name, names)
        self.awslambda.delete_function(FunctionName=self.name)
        err = self.error(self.awslambda.get_function, FunctionName=self.name)
        self.assertEqual(err["Error"]["Code"], "ResourceNotFoundException")
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.assertEqual(err["Error"]["Message"], "Function not found: arn:aws:lambda:us-east-1:"
                         f"123456789012:function:{self.name}")

    def test_create_errors(self):
        self.create()
        err = self.error(self.create)
        self.assertEqual((err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"]),
                         ("ResourceConflictException", 409))
        err = self.error(self.awslambda.create_function, FunctionName="other-" + self.name,
                         Runtime="python3.12", Handler="app.handler", Code={"ZipFile": PYTHON_ECHO},
                         Role="arn:aws:iam::123456789012:role/missing-role")
        self.assertEqual(err["Error"]["Message"],
                         "The role defined for the function cannot be assumed by Lambda.")
        err = self.error(self.awslambda.create_function, FunctionName="role-" + self.name,
                         Runtime="python3.12", Handler="app.handler", Code={"ZipFile": PYTHON_ECHO},
                         Role="not-a-role")
        # Lambda quotes its role pattern with the account in a group, unlike its model.
        self.assertEqual(err["Error"]["Message"],
                         "1 validation error detected: Value 'not-a-role' at 'role' failed to "
                         "satisfy constraint: Member must satisfy regular expression pattern: "
                         r"arn:(aws[a-zA-Z-]*)?:iam::(\d{12}):role/?[a-zA-Z_0-9+=,.@\-_/]+")
        err = self.error(self.create, name="bad-zip-" + self.name, package=b"not a zip")
        self.assertEqual(err["Error"]["Code"], "InvalidParameterValueException")
        self.assertIn("Could not unzip uploaded file", err["Error"]["Message"])
        err = self.error(self.create, name="env-" + self.name,
                         Environment={"Variables": {"AWS_REGION": "x"}})
        self.assertIn("reserved keys", err["Error"]["Message"])
        err = self.error(self.awslambda.create_function, FunctionName="cross-" + self.name,
                         Runtime="python3.12", Handler="app.handler", Code={"ZipFile": PYTHON_ECHO},
                         Role="arn:aws:iam::111122223333:role/elsewhere")
        self.assertEqual(err["Error"]["Message"], "Cross-account pass role is not allowed.")

    def test_container_images_are_stored_not_run(self):
        uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest"
        created = self.awslambda.create_function(FunctionName=self.name, Role=self.role,
                                                 Code={"ImageUri": uri})
        self.assertEqual(created["PackageType"], "Image")
        got = self.awslambda.get_function(FunctionName=self.name)
        self.assertEqual((got["Code"]["RepositoryType"], got["Code"]["ImageUri"]), ("ECR", uri))
        # The image resolves to a digest, which is the code's hash.
        digest = got["Configuration"]["CodeSha256"]
        self.assertRegex(digest, "^[0-9a-f]{64}$")
        self.assertEqual(got["Code"]["ResolvedImageUri"],
                         "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:" + digest)

        pinned = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:" + "ab" * 32
        dry = self.awslambda.update_function_code(FunctionName=self.name, ImageUri=pinned,
                                                  DryRun=True)
        self.assertEqual(dry["CodeSha256"], "ab" * 32)
        self.assertEqual(self.awslambda.get_function(FunctionName=self.name)["Code"]["ImageUri"],
                         uri, "a dry run changes nothing")
        updated = self.awslambda.update_function_code(FunctionName=self.name, ImageUri=pinned,
                                                      Publish=True)
        self.assertEqual((updated["CodeSha256"], updated["Version"]), ("ab" * 32, "1"))
        got = self.awslambda.get_function(FunctionName=self.name, Qualifier="1")
        self.assertEqual((got["Code"]["ImageUri"], got["Code"]["ResolvedImageUri"]),
                         (pinned, pinned))
        err = self.error(self.awslambda.invoke, FunctionName=self.name)
        self.assertEqual((err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"]),
                         ("InvalidRuntimeException", 502))
        self.assertIn("container image", err["Error"]["Message"])

    def test_code_from_s3_and_download_location(self):
        s3 = self.client("s3")
        bucket = "code-" + uuid.uuid4().hex[:8]
        s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="fn.zip", Body=PYTHON_ECHO)
        self.awslambda.create_function(FunctionName=self.name, Runtime="python3.12",
                                       Role=self.role, Handler="app.handler",
                                       Code={"S3Bucket": bucket, "S3Key": "fn.zip"})
        location = self.awslambda.get_function(FunctionName=self.name)["Code"]["Location"]
        self.assertTrue(location.startswith(
            "https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/123456789012/"))
        host, path = location[len("https://"):].split("/", 1)
        # As a client that resolves the URL's host to motoc sends it (motoc-run, the preload).
        request = urllib.request.Request(f"{self.server.url}/{path}", headers={"Host": host})
        with urllib.request.urlopen(request) as resp:
            self.assertEqual(resp.read(), PYTHON_ECHO)
        err = self.error(self.awslambda.create_function, FunctionName="missing-" + self.name,
                         Runtime="python3.12", Role=self.role, Handler="app.handler",
                         Code={"S3Bucket": bucket, "S3Key": "nope.zip"})
        self.assertIn("NoSuchKey", err["Error"]["Message"])

    def test_versions_and_aliases(self):
        self.create()
        v1 = self.awslambda.publish_version(FunctionName=self.name)
        self.assertEqual(v1["Version"], "1")
        self.assertTrue(v1["FunctionArn"].endswith(":1"))
        self.awslambda.update_function_configuration(FunctionName=self.name,
                                                     Environment={"Variables": {"GREETING": "v2"}})
        v2 = self.awslambda.publish_version(FunctionName=self.name)
        self.assertEqual(v2["Version"], "2")
        versions = self.awslambda.list_versions_by_function(FunctionName=self.name)["Versions"]
        self.assertEqual([v["Version"] for v in versions], ["$LATEST", "1", "2"])
        self.assertEqual([v["FunctionArn"].rsplit(":", 1)[1] for v in versions],
                         ["$LATEST", "1", "2"])
        alias = self.awslambda.create_alias(FunctionName=self.name, Name="live",
                                            FunctionVersion="1")
        self.assertTrue(alias["AliasArn"].endswith(f":{self.name}:live"))
        err = self.error(self.awslambda.create_alias, FunctionName=self.name, Name="live",
                         FunctionVersion="1")
        self.assertEqual(err["Error"]["Code"], "ResourceConflictException")
        err = self.error(self.awslambda.create_alias, FunctionName=self.name, Name="x",
                         FunctionVersion="9")
        self.assertEqual(err["Error"]["Code"], "ResourceNotFoundException")
        self.awslambda.update_alias(FunctionName=self.name, Name="live", FunctionVersion="2")
        self.assertEqual(self.awslambda.get_alias(FunctionName=self.name, Name="live")
                         ["FunctionVersion"], "2")
        self.assertEqual(len(self.awslambda.list_aliases(FunctionName=self.name)["Aliases"]), 1)
        self.awslambda.delete_alias(FunctionName=self.name, Name="live")
        self.assertEqual(self.awslambda.list_aliases(FunctionName=self.name)["Aliases"], [])

    def test_permissions_concurrency_tags(self):
        arn = self.create(Tags={"team": "a"})["FunctionArn"]
        added = self.awslambda.add_permission(
            FunctionName=self.name, StatementId="s3", Action="lambda:InvokeFunction",
            Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::some-bucket",
            SourceAccount="123456789012")
        statement = json.loads(added["Statement"])
        self.assertEqual(statement["Principal"], {"Service": "s3.amazonaws.com"})
        self.assertEqual(statement["Condition"]["ArnLike"]["AWS:SourceArn"],
                         "arn:aws:s3:::some-bucket")
        policy = json.loads(self.awslambda.get_policy(FunctionName=self.name)["Policy"])
        self.assertEqual([s["Sid"] for s in policy["Statement"]], ["s3"])
        err = self.error(self.awslambda.add_permission, FunctionName=self.name, StatementId="s3",
                         Action="lambda:InvokeFunction", Principal="s3.amazonaws.com")
        self.assertEqual(err["Error"]["Code"], "ResourceConflictException")
        self.awslambda.remove_permission(FunctionName=self.name, StatementId="s3")
        err = self.error(self.awslambda.get_policy, FunctionName=self.name)
        self.assertEqual(err["Error"]["Code"], "ResourceNotFoundException")

        self.awslambda.put_function_concurrency(FunctionName=self.name,
                                                ReservedConcurrentExecutions=10)
        self.assertEqual(self.awslambda.get_function_concurrency(FunctionName=self.name)
                         ["ReservedConcurrentExecutions"], 10)
        err = self.error(self.awslambda.put_function_concurrency, FunctionName=self.name,
                         ReservedConcurrentExecutions=950)
        self.assertIn("UnreservedConcurrentExecution", err["Error"]["Message"])
        settings = self.awslambda.get_account_settings()
        self.assertEqual(settings["AccountLimit"]["UnreservedConcurrentExecutions"], 990)

        self.awslambda.tag_resource(Resource=arn, Tags={"env": "test"})
        self.assertEqual(self.awslambda.list_tags(Resource=arn)["Tags"],
                         {"team": "a", "env": "test"})
        self.awslambda.untag_resource(Resource=arn, TagKeys=["team"])
        self.assertEqual(self.awslambda.list_tags(Resource=arn)["Tags"], {"env": "test"})

    def test_code_signing_configs(self):
        publishers = {"SigningProfileVersionArns": [
            "arn:aws:signer:us-east-1:123456789012:/signing-profiles/p/abcdefghij"]}
        created = self.awslambda.create_code_signing_config(
            Description="team", AllowedPublishers=publishers)["CodeSigningConfig"]
        arn = created["CodeSigningConfigArn"]
        self.assertRegex(created["CodeSigningConfigId"], r"^csc-[0-9a-f]{17}$")
        self.assertEqual(arn, "arn:aws:lambda:us-east-1:123456789012:code-signing-config:"
                         + created["CodeSigningConfigId"])
        self.assertEqual(created["CodeSigningPolicies"],
                         {"UntrustedArtifactOnDeployment": "Warn"})
        self.assertEqual(created["AllowedPublishers"], publishers)
        updated = self.awslambda.update_code_signing_config(
            CodeSigningConfigArn=arn,
            CodeSigningPolicies={"UntrustedArtifactOnDeployment": "Enforce"})["CodeSigningConfig"]
        self.assertEqual(updated["Description"], "team")
        self.assertEqual(updated["CodeSigningPolicies"]["UntrustedArtifactOnDeployment"],
                         "Enforce")
        self.assertEqual(self.awslambda.get_code_signing_config(CodeSigningConfigArn=arn)
                         ["CodeSigningConfig"], updated)
        others = [self.awslambda.create_code_signing_config(AllowedPublishers=publishers)
                  ["CodeSigningConfig"]["CodeSigningConfigArn"] for _ in range(2)]
        listed, marker = [], {}
        while True:
            page = self.awslambda.list_code_signing_configs(MaxItems=2, **marker)
            self.assertLessEqual(len(page["CodeSigningConfigs"]), 2)
            listed += [c["CodeSigningConfigArn"] for c in page["CodeSigningConfigs"]]
            if "NextMarker" not in page:
                break
            marker = {"Marker": page["NextMarker"]}
        self.assertTrue({arn, *others} <= set(listed))
        self.assertEqual(len(listed), len(set(listed)))

        function_arn = self.create(CodeSigningConfigArn=arn)["FunctionArn"]
        self.assertEqual(self.awslambda.get_function_code_signing_config(
            FunctionName=self.name)["CodeSigningConfigArn"], arn)
        other = self.name + "-b"
        self.create(name=other)
        unsigned = self.awslambda.get_function_code_signing_config(FunctionName=other)
        self.assertEqual((unsigned["CodeSigningConfigArn"], unsigned["FunctionName"]),
                         ("", other))
        self.assertEqual(self.awslambda.put_function_code_signing_config(
            FunctionName=other, CodeSigningConfigArn=arn)["CodeSigningConfigArn"], arn)
        page = self.awslambda.list_functions_by_code_signing_config(CodeSigningConfigArn=arn,
                                                                    MaxItems=1)
        rest = self.awslambda.list_functions_by_code_signing_config(
            CodeSigningConfigArn=arn, Marker=page["NextMarker"])
        self.assertEqual(sorted(page["FunctionArns"] + rest["FunctionArns"]),
                         sorted([function_arn, function_arn + "-b"]))

        err = self.error(self.awslambda.delete_code_signing_config, CodeSigningConfigArn=arn)
        self.assertEqual(err["Error"]["Code"], "ResourceConflictException")
        self.awslambda.delete_function_code_signing_config(FunctionName=other)
        self.awslambda.delete_function(FunctionName=self.name)
        self.awslambda.delete_code_signing_config(CodeSigningConfigArn=arn)
        for call in (self.awslambda.get_code_signing_config,
                     self.awslambda.delete_code_signing_config,
                     self.awslambda.list_functions_by_code_signing_config):
            err = self.error(call, CodeSigningConfigArn=arn)
            self.assertEqual(err["Error"]["Code"], "ResourceNotFoundException")
            self.assertIn(arn, err["Error"]["Message"])
        err = self.error(self.awslambda.put_function_code_signing_config, FunctionName=other,
                         CodeSigningConfigArn=arn)
        self.assertEqual(err["Error"]["Code"], "CodeSigningConfigNotFoundException")
        err = self.error(self.create, name=self.name + "-c", CodeSigningConfigArn=arn)
        self.assertEqual(err["Error"]["Code"], "CodeSigningConfigNotFoundException")
        for leftover in others:
            self.awslambda.delete_code_signing_config(CodeSigningConfigArn=leftover)

    def test_provisioned_concurrency(self):
        self.create()
        version = self.awslambda.publish_version(FunctionName=self.name)["Version"]
        self.awslambda.create_alias(FunctionName=self.name, Name="live", FunctionVersion=version)
        for name, qualifier in ((self.name, "$LATEST"), (self.name + ":$LATEST", "$LATEST")):
            err = self.error(self.awslambda.put_provisioned_concurrency_config,
                             FunctionName=name, Qualifier=qualifier,
                             ProvisionedConcurrentExecutions=5)
            self.assertEqual(err["Error"]["Code"], "InvalidParameterValueException")
            self.assertIn("unpublished function versions", err["Error"]["Message"])
        err = self.error(self.awslambda.put_provisioned_concurrency_config,
                         FunctionName=self.name, Qualifier="99",
                         ProvisionedConcurrentExecutions=5)
        self.assertEqual(err["Error"]["Code"], "ResourceNotFoundException")
        err = self.error(self.awslambda.get_provisioned_concurrency_config,
                         FunctionName=self.name, Qualifier="live")
        self.assertEqual(err["Error"]["Code"], "ProvisionedConcurrencyConfigNotFoundException")

        unreserved = self.awslambda.get_account_settings()["AccountLimit"][
            "UnreservedConcurrentExecutions"]
        put = self.awslambda.put_provisioned_concurrency_config(
            FunctionName=self.name, Qualifier="live", ProvisionedConcurrentExecutions=7)
        self.assertEqual((put["Status"], put["RequestedProvisionedConcurrentExecutions"]),
                         ("IN_PROGRESS", 7))
        self.awslambda.put_provisioned_concurrency_config(
            FunctionName=self.name, Qualifier=version, ProvisionedConcurrentExecutions=3)
        got = self.awslambda.get_provisioned_concurrency_config(FunctionName=self.name,
                                                                Qualifier="live")
        self.assertEqual((got["Status"], got["AllocatedProvisionedConcurrentExecutions"],
                          got["AvailableProvisionedConcurrentExecutions"]), ("READY", 7, 7))
        self.assertEqual(self.awslambda.get_account_settings()["AccountLimit"][
            "UnreservedConcurrentExecutions"], unreserved - 10)
        page = self.awslambda.list_provisioned_concurrency_configs(FunctionName=self.name,
                                                                   MaxItems=1)
        rest = self.awslambda.list_provisioned_concurrency_configs(
            FunctionName=self.name, Marker=page["NextMarker"])
        arns = [c["FunctionArn"] for c in page["ProvisionedConcurrencyConfigs"]
                + rest["ProvisionedConcurrencyConfigs"]]
        base = self.awslambda.get_function(FunctionName=self.name)["Configuration"]["FunctionArn"]
        self.assertEqual(sorted(arns), sorted([base + ":live", base + ":" + version]))

        err = self.error(self.awslambda.put_provisioned_concurrency_config,
                         FunctionName=self.name, Qualifier="live",
                         ProvisionedConcurrentExecutions=unreserved)
        self.assertIn("unreserved concurrency", err["Error"]["Message"])
        err = self.error(self.awslambda.put_function_concurrency, FunctionName=self.name,
                         ReservedConcurrentExecutions=5)
        self.assertEqual(err["Error"]["Code"], "InvalidParameterValueException")
        self.awslambda.put_function_concurrency(FunctionName=self.name,
                                                ReservedConcurrentExecutions=12)
        err = self.error(self.awslambda.put_provisioned_concurrency_config,
                         FunctionName=self.name, Qualifier="live",
                         ProvisionedConcurrentExecutions=10)
        self.assertIn("reservedConcurrentExecution", err["Error"]["Message"])
        self.awslambda.delete_function_concurrency(FunctionName=self.name)

        for qualifier in ("live", version):
            self.awslambda.delete_provisioned_concurrency_config(FunctionName=self.name,
                                                                 Qualifier=qualifier)
        self.assertEqual(self.awslambda.list_provisioned_concurrency_configs(
            FunctionName=self.name)["ProvisionedConcurrencyConfigs"], [])
        self.assertEqual(self.awslambda.get_account_settings()["AccountLimit"][
            "UnreservedConcurrentExecutions"], unreserved)

    def test_layers(self):
        layer = "lib-" + uuid.uuid4().hex[:8]
        package = zip_of({"python/shared.py": "WORD = 'from a layer'\n"})
        v1 = self.awslambda.publish_layer_version(LayerName=layer, Content={"ZipFile": package},
                                                  CompatibleRuntimes=["python3.12"])
        self.assertEqual(v1["Version"], 1)
        self.assertEqual(v1["Content"]["CodeSize"], len(package))
        v2 = self.awslambda.publish_layer_version(LayerName=layer, Content={"ZipFile": package},
                                                  CompatibleRuntimes=["nodejs20.x"])
        listed = self.awslambda.list_layer_versions(LayerName=layer)["LayerVersions"]
        self.assertEqual([v["Version"] for v in listed], [2, 1])
        only_python = self.awslambda.list_layer_versions(LayerName=layer,
                                                         CompatibleRuntime="python3.12")
        self.assertEqual([v["Version"] for v in only_python["LayerVersions"]], [1])
        self.assertEqual(self.awslambda.get_layer_version_by_arn(Arn=v2["LayerVersionArn"])
                         ["Version"], 2)
        missing = v1["LayerArn"] + ":9"
        err = self.error(self.create, Layers=[missing])
        self.assertEqual(err["Error"]["Code"], "ResourceNotFoundException")
        code = zip_of({"app.py": "import shared\ndef handler(e, c):\n    return shared.WORD\n"})
        self.create(package=code, Layers=[v1["LayerVersionArn"]])
        self.assertEqual(json.loads(self.invoke()["Body"]), "from a layer")
        self.awslambda.add_layer_version_permission(
            LayerName=layer, VersionNumber=1, StatementId="all", Action="lambda:GetLayerVersion",
            Principal="*")
        policy = json.loads(self.awslambda.get_layer_version_policy(LayerName=layer,
                                                                    VersionNumber=1)["Policy"])
        self.assertEqual(policy["Statement"][0]["Principal"], "*")
        self.awslambda.delete_layer_version(LayerName=layer, VersionNumber=1)
        err = self.error(self.awslambda.get_layer_version, LayerName=layer, VersionNumber=1)
        self.assertEqual(err["Error"]["Code"], "ResourceNotFoundException")

    def test_function_url_configs(self):
        self.create()
        created = self.awslambda.create_function_url_config(FunctionName=self.name,
                                                            AuthType="AWS_IAM")
        self.assertRegex(created["FunctionUrl"],
                         r"^https://[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws/$")
        err = self.error(self.awslambda.create_function_url_config, FunctionName=self.name,
                         AuthType="NONE")
        self.assertEqual(err["Error"]["Code"], "ResourceConflictException")
        host = created["FunctionUrl"][len("https://"):-1]
        request = urllib.request.Request(self.server.url + "/", headers={"Host": host})
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(request)
        self.assertEqual(ctx.exception.code, 403, "AWS_IAM wants a signed request")
        self.awslambda.update_function_url_config(FunctionName=self.name, AuthType="NONE")
        with urllib.request.urlopen(request) as resp:
            body = json.loads(resp.read())
        self.assertEqual(body["event"]["requestContext"]["http"]["method"], "GET")
        listed = self.awslambda.list_function_url_configs(FunctionName=self.name)
        self.assertEqual([c["AuthType"] for c in listed["FunctionUrlConfigs"]], ["NONE"])
        self.awslambda.delete_function_url_config(FunctionName=self.name)
        err = self.error(self.awslambda.get_function_url_config, FunctionName=self.name)
        self.assertEqual(err["Error"]["Code"], "ResourceNotFoundException")

    # ---- execution ----

    def test_invoke_python(self):
        self.create(Environment={"Variables": {"GREETING": "hello"}}, MemorySize=256)
        out = self.invoke(payload={"n": 1}, LogType="Tail")
        self.assertEqual(out["StatusCode"], 200)
        self.assertNotIn("FunctionError", out)
        self.assertEqual(out["ExecutedVersion"], "$LATEST")
        body = json.loads(out["Body"])
        self.assertEqual(body["event"], {"n": 1})
        self.assertEqual((body["name"], body["version"], body["region"], body["memory"],
                          body["greeting"]), (self.name, "$LATEST", "us-east-1", "256", "hello"))
        log = base64.b64decode(out["LogResult"]).decode()
        # The invocation's request id is the one Invoke answers with.
        self.assertIn(f"START RequestId: {out['ResponseMetadata']['RequestId']} ", log)
        self.assertIn("echo {'n': 1}", log)
        self.assertIn("REPORT RequestId:", log)
        # warm: the same environment answers again
        self.assertEqual(json.loads(self.invoke(payload={"n": 2})["Body"])["event"], {"n": 2})

    def test_invoke_versions_and_aliases_run_their_own_configuration(self):
        self.create(Environment={"Variables": {"GREETING": "one"}})
        self.awslambda.publish_version(FunctionName=self.name)
        self.awslambda.update_function_configuration(
            FunctionName=self.name, Environment={"Variables": {"GREETING": "two"}})
        self.awslambda.create_alias(FunctionName=self.name, Name="stable", FunctionVersion="1")
        out = self.invoke(Qualifier="stable")
        self.assertEqual(out["ExecutedVersion"], "1")
        body = json.loads(out["Body"])
        self.assertEqual(body["greeting"], "one")
        self.assertTrue(body["arn"].endswith(f":{self.name}:stable"))
        self.assertEqual(json.loads(self.invoke()["Body"])["greeting"], "two")

    def test_function_errors(self):
        self.create(handler="app.fail")
        out = self.invoke(payload={"why": "testing"})
        self.assertEqual(out["FunctionError"], "Unhandled")
        error = json.loads(out["Body"])
        self.assertEqual((error["errorType"], error["errorMessage"]),
                         ("ValueError", "no good: testing"))
        self.create(name="missing-" + self.name, handler="nowhere.handler")
        out = self.invoke(name="missing-" + self.name)
        self.assertEqual(json.loads(out["Body"])["errorType"], "Runtime.ImportModuleError")

    def test_reserved_concurrency_throttles(self):
        self.create()
        self.awslambda.put_function_concurrency(FunctionName=self.name,
                                                ReservedConcurrentExecutions=0)
        err = self.error(self.awslambda.invoke, FunctionName=self.name)
        self.assertEqual((err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"]),
                         ("TooManyRequestsException", 429))
        self.assertEqual(err["Reason"], "ReservedFunctionConcurrentInvocationLimitExceeded")
        self.awslambda.delete_function_concurrency(FunctionName=self.name)
        self.assertEqual(self.invoke()["StatusCode"], 200)

    def test_timeout(self):
        self.create(handler="app.slow", Timeout=1)
        started = time.time()
        out = self.invoke()
        self.assertLess(time.time() - started, 8)
        self.assertEqual(out["FunctionError"], "Unhandled")
        self.assertIn("Task timed out after 1.00 seconds", json.loads(out["Body"])["errorMessage"])

    def test_invoke_errors(self):
        self.create()
        err = self.error(self.awslambda.invoke, FunctionName="missing-" + self.name)
        self.assertEqual(err["Error"]["Code"], "ResourceNotFoundException")
        err = self.error(self.awslambda.invoke, FunctionName=self.name, Payload=b"not json")
        self.assertEqual(err["Error"]["Code"], "InvalidRequestContentException")
        out = self.awslambda.invoke(FunctionName=self.name, InvocationType="DryRun")
        self.assertEqual(out["StatusCode"], 204)

    def test_node_and_custom_runtime(self):
        node = zip_of({"index.mjs": "export const handler = async (event, context) => "
                                    "({node: true, event, fn: context.functionName});"})
        self.create(package=node, handler="index.handler", runtime="nodejs20.x")
        body = json.loads(self.invoke(payload={"a": 1})["Body"])
        self.assertEqual(body, {"node": True, "event": {"a": 1}, "fn": self.name})
        bootstrap = """#!/usr/bin/env python3
import json, os, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
while True:
    with urllib.request.urlopen(api + "/invocation/next") as next_call:
        request_id = next_call.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.load(next_call)
    answer = json.dumps({"custom": event, "handler": os.environ["_HANDLER"]}).encode()
    urllib.request.urlopen(api + "/invocation/" + request_id + "/response", data=answer).close()
"""
        self.create(name="sh-" + self.name, package=zip_of({"bootstrap": (bootstrap, 0o755)}),
                    handler="my.handler", runtime="provided.al2023")
        self.assertEqual(json.loads(self.invoke(name="sh-" + self.name, payload={"b": 2})["Body"]),
                         {"custom": {"b": 2}, "handler": "my.handler"})

    def test_logs_go_to_cloudwatch(self):
        self.create()
        self.invoke(payload={"logged": True})
        logs = self.client("logs")
        group = f"/aws/lambda/{self.name}"
        streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
        self.assertEqual(len(streams), 1)
        self.assertIn("[$LATEST]", streams[0]["logStreamName"])
        messages = [e["message"] for e in logs.filter_log_events(logGroupName=group)["events"]]
        self.assertTrue(any("echo {'logged': True}" in m for m in messages), messages)
        self.assertTrue(any(m.startswith("REPORT RequestId:") for m in messages), messages)

    def test_function_calls_motoc_services(self):
        table = "t-" + uuid.uuid4().hex[:8]
        self.client("dynamodb").create_table(
            TableName=table, KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST")
        bucket = "fn-out-" + uuid.uuid4().hex[:8]
        self.client("s3").create_bucket(Bucket=bucket)
        package = zip_of({"app.py": f"""
import boto3
def handler(event, context):
    boto3.client("dynamodb").put_item(TableName="{table}", Item={{"k": {{"S": event["k"]}}}})
    boto3.client("s3").put_object(Bucket="{bucket}", Key=event["k"], Body=b"from lambda")
    return boto3.client("sts").get_caller_identity()["Arn"]
"""})
        self.create(package=package, Timeout=30)
        out = self.invoke(payload={"k": "written"})
        self.assertNotIn("FunctionError", out, out["Body"])
        self.assertIn(f"assumed-role/{self.role_name}/{self.name}", json.loads(out["Body"]))
        item = self.client("dynamodb").get_item(TableName=table, Key={"k": {"S": "written"}})
        self.assertIn("Item", item)
        self.assertEqual(self.client("s3").get_object(Bucket=bucket, Key="written")["Body"].read(),
                         b"from lambda")

    def test_sqs_queue_drains_into_function_with_partial_batch_failures(self):
        sqs = self.client("sqs")
        queue = sqs.create_queue(QueueName="in-" + self.name,
                                 Attributes={"VisibilityTimeout": "1"})["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        seen = "seen-" + uuid.uuid4().hex[:8]
        self.client("s3").create_bucket(Bucket=seen)
        package = zip_of({"app.py": f"""
import boto3, json
def handler(event, context):
    s3 = boto3.client("s3")
    failures = []
    for record in event["Records"]:
        body = json.loads(record["body"])
        assert record["eventSource"] == "aws:sqs"
        attempt = int(record["attributes"]["ApproximateReceiveCount"])
        s3.put_object(Bucket="{seen}", Key=f"{{body['n']}}-{{attempt}}", Body=b"")
        if body["n"] % 3 == 0 and attempt == 1:
            failures.append({{"itemIdentifier": record["messageId"]}})
    return {{"batchItemFailures": failures}}
"""})
        self.create(package=package, Timeout=30)
        mapping = self.awslambda.create_event_source_mapping(
            EventSourceArn=queue_arn, FunctionName=self.name, BatchSize=5,
            FunctionResponseTypes=["ReportBatchItemFailures"])
        self.assertEqual(mapping["State"], "Creating")
        self.assertEqual(mapping["BatchSize"], 5)
        for start in range(0, 10, 5):
            sqs.send_message_batch(QueueUrl=queue, Entries=[
                {"Id": str(n), "MessageBody": json.dumps({"n": n})} for n in range(start, start + 5)])
        deadline = time.time() + 30
        while time.time() < deadline:
            attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])[
                "Attributes"]
            if (attributes["ApproximateNumberOfMessages"] == "0" and
                    attributes["ApproximateNumberOfMessagesNotVisible"] == "0"):
                break
            time.sleep(0.3)
        keys = sorted(o["Key"] for o in self.client("s3").list_objects_v2(Bucket=seen)["Contents"])
        expected = sorted([f"{n}-1" for n in range(10)] + [f"{n}-2" for n in (0, 3, 6, 9)])
        self.assertEqual(keys, expected)
        got = self.awslambda.get_event_source_mapping(UUID=mapping["UUID"])
        self.assertEqual(got["State"], "Enabled")
        self.awslambda.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
        sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"n": 100}))
        time.sleep(1.5)
        attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attributes["ApproximateNumberOfMessages"], "1", "disabled: not drained")
        listed = self.awslambda.list_event_source_mappings(FunctionName=self.name)
        self.assertEqual([m["UUID"] for m in listed["EventSourceMappings"]], [mapping["UUID"]])
        self.awslambda.delete_event_source_mapping(UUID=mapping["UUID"])
        err = self.error(self.awslambda.get_event_source_mapping, UUID=mapping["UUID"])
        self.assertEqual(err["Error"]["Code"], "ResourceNotFoundException")

    def recorder(self):
        """A function that sends every event it gets to a queue; returns (function ARN, queue)."""
        sqs = self.client("sqs")
        queue = sqs.create_queue(QueueName="seen-" + self.name)["QueueUrl"]
        package = zip_of({"app.py": """
import boto3, json, os
def handler(event, context):
    boto3.client("sqs").send_message(QueueUrl=os.environ["SEEN"], MessageBody=json.dumps(event))
"""})
        arn = self.create(package=package, Timeout=30,
                          Environment={"Variables": {"SEEN": queue}})["FunctionArn"]
        return arn, queue

    def next_event(self, queue):
        messages = self.client("sqs").receive_message(QueueUrl=queue, WaitTimeSeconds=20).get(
            "Messages", [])
        self.assertTrue(messages, "the function was not invoked")
        self.client("sqs").delete_message(QueueUrl=queue,
                                          ReceiptHandle=messages[0]["ReceiptHandle"])
        return json.loads(messages[0]["Body"])

    def test_services_invoke_functions(self):
        arn, seen = self.recorder()
        sns = self.client("sns")
        topic = sns.create_topic(Name="t-" + self.name)["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arn)
        sns.publish(TopicArn=topic, Message="via sns", Subject="hi",
                    MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})
        record = self.next_event(seen)["Records"][0]
        self.assertEqual(record["EventSource"], "aws:sns")
        self.assertEqual((record["Sns"]["Message"], record["Sns"]["Subject"],
                          record["Sns"]["TopicArn"]), ("via sns", "hi", topic))
        self.assertEqual(record["Sns"]["MessageAttributes"]["k"], {"Type": "String", "Value": "v"})
        self.assertIn("UnsubscribeUrl", record["Sns"])

        s3 = self.client("s3")
        bucket = "b-" + self.name.lower()
        s3.create_bucket(Bucket=bucket)
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
            "LambdaFunctionConfigurations": [{"LambdaFunctionArn": arn,
                                              "Events": ["s3:ObjectCreated:*"]}]})
        s3.put_object(Bucket=bucket, Key="up.txt", Body=b"x")
        record = self.next_event(seen)["Records"][0]
        self.assertEqual((record["eventSource"], record["s3"]["object"]["key"]),
                         ("aws:s3", "up.txt"))

        events = self.client("events")
        events.put_rule(Name="r-" + self.name, EventPattern=json.dumps({"source": ["app"]}))
        events.put_targets(Rule="r-" + self.name, Targets=[{"Id": "fn", "Arn": arn}])
        events.put_events(Entries=[{"Source": "app", "DetailType": "t", "Detail": '{"a": 1}'}])
        event = self.next_event(seen)
        self.assertEqual((event["source"], event["detail"]), ("app", {"a": 1}))

        logs = self.client("logs")
        group = "/app/" + self.name
        logs.create_log_group(logGroupName=group)
        logs.create_log_stream(logGroupName=group, logStreamName="s")
        logs.put_subscription_filter(logGroupName=group, filterName="all", filterPattern="",
                                     destinationArn=arn)
        logs.put_log_events(logGroupName=group, logStreamName="s", logEvents=[
            {"timestamp": int(time.time() * 1000), "message": "via logs"}])
        data = self.next_event(seen)["awslogs"]["data"]
        envelope = json.loads(__import__("gzip").decompress(base64.b64decode(data)))
        self.assertEqual([e["message"] for e in envelope["logEvents"]], ["via logs"])

    def test_event_invocation_reaches_destination_or_dead_letter_queue(self):
        sqs = self.client("sqs")
        good = sqs.create_queue(QueueName="ok-" + self.name)["QueueUrl"]
        bad = sqs.create_queue(QueueName="dlq-" + self.name)["QueueUrl"]
        arn = lambda url: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        self.create()
        self.awslambda.put_function_event_invoke_config(
            FunctionName=self.name, MaximumRetryAttempts=0,
            DestinationConfig={"OnSuccess": {"Destination": arn(good)}})
        out = self.awslambda.invoke(FunctionName=self.name, InvocationType="Event",
                                    Payload=json.dumps({"async": 1}))
        self.assertEqual(out["StatusCode"], 202)
        messages = sqs.receive_message(QueueUrl=good, WaitTimeSeconds=15).get("Messages", [])
        record = json.loads(messages[0]["Body"])
        self.assertEqual(record["requestContext"]["condition"], "Success")
        self.assertEqual(record["requestContext"]["requestId"],
                         out["ResponseMetadata"]["RequestId"])
        self.assertEqual(record["requestPayload"], {"async": 1})
        self.assertEqual(record["responsePayload"]["event"], {"async": 1})

        self.create(name="dl-" + self.name, handler="app.fail",
                    DeadLetterConfig={"TargetArn": arn(bad)})
        self.awslambda.put_function_event_invoke_config(FunctionName="dl-" + self.name,
                                                        MaximumRetryAttempts=0)
        self.awslambda.invoke(FunctionName="dl-" + self.name, InvocationType="Event",
                              Payload=json.dumps({"why": "dlq"}))
        messages = sqs.receive_message(QueueUrl=bad, WaitTimeSeconds=15,
                                       MessageAttributeNames=["All"]).get("Messages", [])
        self.assertEqual(json.loads(messages[0]["Body"]), {"why": "dlq"})
        self.assertEqual(messages[0]["MessageAttributes"]["ErrorMessage"]["StringValue"],
                         "no good: dlq")


if __name__ == "__main__":
    run_tests()
