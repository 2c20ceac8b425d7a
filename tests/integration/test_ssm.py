"""SSM through motoc-server with boto3 and the AWS CLI: Parameter Store (SecureString, versions,
labels, history, paths, filters, public parameters), documents and Run Command records."""
import base64
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402


class SsmTest(ServerTestCase):
    def setUp(self):
        self.client = boto3.client("ssm", endpoint_url=self.server.url, region_name="us-east-1",
                                   config=Config(retries={"max_attempts": 1}))
        self.client.delete_parameters(Names=[p["Name"] for p in self.all_parameters()] or ["x"])

    def all_parameters(self):
        pages = self.client.get_paginator("describe_parameters").paginate()
        return [p for page in pages for p in page["Parameters"]]

    def aws(self, *args):
        done = subprocess.run(["aws", "--endpoint-url", self.server.url, "--region", "us-east-1",
                               "--output", "json", "ssm", *args],
                              capture_output=True, text=True, timeout=60,
                              env={**os.environ, **CLIENT_ENV})
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response["Error"]

    # ---- SecureString ----

    def test_secure_string_read_with_and_without_decryption_by_boto3(self):
        self.client.put_parameter(Name="/app/db/password", Value="hunter2", Type="SecureString")
        sealed = self.client.get_parameter(Name="/app/db/password")["Parameter"]
        self.assertNotEqual(sealed["Value"], "hunter2")
        self.assertNotIn("hunter2", sealed["Value"])
        opened = self.client.get_parameter(Name="/app/db/password", WithDecryption=True)
        self.assertEqual(opened["Parameter"]["Value"], "hunter2")
        described = self.client.describe_parameters()["Parameters"][0]
        self.assertEqual(described["KeyId"], "alias/aws/ssm")
        caller = boto3.client("sts", endpoint_url=self.server.url,
                              region_name="us-east-1").get_caller_identity()
        self.assertEqual(described["LastModifiedUser"], caller["Arn"])

    def test_secure_string_put_and_read_by_the_aws_cli(self):
        kms = boto3.client("kms", endpoint_url=self.server.url, region_name="us-east-1")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName="alias/my-key", TargetKeyId=key)
        self.aws("put-parameter", "--name", "/cli/token", "--value", "s3cr3t-value",
                 "--type", "SecureString", "--key-id", "alias/my-key")
        sealed = self.aws("get-parameter", "--name", "/cli/token")["Parameter"]
        self.assertNotIn("s3cr3t-value", sealed["Value"])
        opened = self.aws("get-parameter", "--name", "/cli/token", "--with-decryption")
        self.assertEqual(opened["Parameter"]["Value"], "s3cr3t-value")
        history = self.aws("get-parameter-history", "--name", "/cli/token",
                           "--with-decryption")["Parameters"]
        self.assertEqual([(h["Value"], h["KeyId"]) for h in history],
                         [("s3cr3t-value", "alias/my-key")])

    def test_secure_string_keys_come_from_kms(self):
        kms = boto3.client("kms", endpoint_url=self.server.url, region_name="us-east-1")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        self.client.put_parameter(Name="/kms/token", Value="hidden", Type="SecureString",
                                  KeyId=key)
        sealed = self.client.get_parameter(Name="/kms/token")["Parameter"]["Value"]
        # The stored value is a KMS ciphertext: KMS itself decrypts it.
        self.assertEqual(kms.decrypt(CiphertextBlob=base64.b64decode(sealed))["Plaintext"],
                         b"hidden")
        kms.disable_key(KeyId=key)
        err = self.error(self.client.get_parameter, Name="/kms/token", WithDecryption=True)
        self.assertEqual(err["Code"], "InvalidKeyId")
        self.assertIn("DisabledException", err["Message"])
        err = self.error(self.client.put_parameter, Name="/kms/other", Value="x",
                         Type="SecureString", KeyId="alias/no-such-key")
        self.assertEqual(err["Code"], "InvalidKeyId")
        self.assertIn("NotFoundException", err["Message"])
        # Without a KeyId the AWS managed key aws/ssm encrypts, created on first use.
        self.client.put_parameter(Name="/kms/default", Value="v", Type="SecureString")
        self.assertEqual(kms.describe_key(KeyId="alias/aws/ssm")["KeyMetadata"]["KeyManager"],
                         "AWS")

    # ---- versions, labels, history ----

    def test_versions_labels_and_selectors(self):
        for value in ("one", "two", "three"):
            self.client.put_parameter(Name="/svc/mode", Value=value, Type="String",
                                      Overwrite=True)
        answer = self.client.label_parameter_version(Name="/svc/mode", ParameterVersion=1,
                                                     Labels=["stable", "aws-nope", "9lives"])
        self.assertEqual(answer["InvalidLabels"], ["aws-nope", "9lives"])
        self.assertEqual(self.client.get_parameter(Name="/svc/mode:stable")["Parameter"]["Value"],
                         "one")
        # A label moves: labelling version 2 takes it off version 1.
        self.client.label_parameter_version(Name="/svc/mode", ParameterVersion=2,
                                            Labels=["stable"])
        got = self.client.get_parameter(Name="/svc/mode:stable")["Parameter"]
        self.assertEqual((got["Value"], got["Selector"]), ("two", ":stable"))
        self.assertEqual(self.client.get_parameter(Name="/svc/mode:3")["Parameter"]["Value"],
                         "three")
        err = self.error(self.client.get_parameter, Name="/svc/mode:9")
        self.assertEqual(err["Code"], "ParameterVersionNotFound")
        found = self.client.get_parameters(Names=["/svc/mode:1", "/svc/mode:nolabel", "/nope"])
        self.assertEqual([p["Value"] for p in found["Parameters"]], ["one"])
        self.assertEqual(sorted(found["InvalidParameters"]), ["/nope", "/svc/mode:nolabel"])
        removed = self.client.unlabel_parameter_version(Name="/svc/mode", ParameterVersion=2,
                                                        Labels=["stable", "other"])
        self.assertEqual((removed["RemovedLabels"], removed["InvalidLabels"]),
                         (["stable"], ["other"]))

    def test_history_pages_and_keeps_one_hundred_versions(self):
        for i in range(102):
            self.client.put_parameter(Name="counter", Value=str(i), Type="String",
                                      Overwrite=True)
        first = self.client.get_parameter_history(Name="counter", MaxResults=50)
        self.assertEqual(first["Parameters"][0]["Version"], 3)
        values = [p["Value"] for p in first["Parameters"]]
        token = first["NextToken"]
        while token:
            page = self.client.get_parameter_history(Name="counter", MaxResults=50,
                                                     NextToken=token)
            values += [p["Value"] for p in page["Parameters"]]
            token = page.get("NextToken")
        self.assertEqual(values, [str(i) for i in range(2, 102)])

    def test_labelled_oldest_version_blocks_a_new_version(self):
        for i in range(100):
            self.client.put_parameter(Name="pinned", Value=str(i), Type="String",
                                      Overwrite=True)
        self.client.label_parameter_version(Name="pinned", ParameterVersion=1, Labels=["keep"])
        err = self.error(self.client.put_parameter, Name="pinned", Value="x", Overwrite=True)
        self.assertEqual(err["Code"], "ParameterMaxVersionLimitExceeded")

    def test_put_rules(self):
        self.client.put_parameter(Name="/exists", Value="v", Type="String")
        self.assertEqual(self.error(self.client.put_parameter, Name="/exists", Value="w",
                                    Type="String")["Code"], "ParameterAlreadyExists")
        self.assertEqual(self.error(self.client.put_parameter, Name="/aws/mine/x", Value="w",
                                    Type="String")["Code"], "AccessDeniedException")
        deep = "/" + "/".join(f"l{i}" for i in range(16))
        self.assertEqual(self.error(self.client.put_parameter, Name=deep, Value="w",
                                    Type="String")["Code"], "HierarchyLevelLimitExceededException")
        err = self.error(self.client.put_parameter, Name="/pattern", Value="abc", Type="String",
                         AllowedPattern="^[0-9]+$")
        self.assertEqual(err["Code"], "ParameterPatternMismatchException")
        self.client.put_parameter(Name="/pattern", Value="42", Type="String",
                                  AllowedPattern=r"^\d+$")
        err = self.error(self.client.put_parameter, Name="/pattern", Value="4 2", Overwrite=True)
        self.assertEqual(err["Code"], "ParameterPatternMismatchException")
        err = self.error(self.client.put_parameter, Name="/big", Value="x" * 4097, Type="String")
        self.assertEqual(err["Code"], "ValidationException")
        put = self.client.put_parameter(Name="/big", Value="x" * 4097, Type="String",
                                        Tier="Advanced")
        self.assertEqual(put["Tier"], "Advanced")
        err = self.error(self.client.put_parameter, Name="/big", Value="x", Tier="Standard",
                         Overwrite=True)
        self.assertIn("downgrade", err["Message"])
        smart = self.client.put_parameter(Name="/smart", Value="x" * 5000, Type="String",
                                          Tier="Intelligent-Tiering")
        self.assertEqual(smart["Tier"], "Advanced")

    # ---- paths and filters ----

    def put_tree(self):
        for name in ("/a/x", "/a/y", "/a/b/z", "/c/w", "top"):
            self.client.put_parameter(Name=name, Value=name, Type="String")
        self.client.put_parameter(Name="/a/s", Value="secret", Type="SecureString",
                                  Tags=[{"Key": "team", "Value": "red"}])

    def test_get_parameters_by_path(self):
        self.put_tree()
        one_level = self.client.get_parameters_by_path(Path="/a")["Parameters"]
        self.assertEqual(sorted(p["Name"] for p in one_level), ["/a/s", "/a/x", "/a/y"])
        pages = self.client.get_paginator("get_parameters_by_path").paginate(
            Path="/", Recursive=True, PaginationConfig={"PageSize": 2})
        names = [p["Name"] for page in pages for p in page["Parameters"]]
        self.assertEqual(sorted(names), ["/a/b/z", "/a/s", "/a/x", "/a/y", "/c/w", "top"])
        secure = self.client.get_parameters_by_path(
            Path="/a", WithDecryption=True,
            ParameterFilters=[{"Key": "Type", "Values": ["SecureString"]}])["Parameters"]
        self.assertEqual([(p["Name"], p["Value"]) for p in secure], [("/a/s", "secret")])
        err = self.error(self.client.get_parameters_by_path, Path="/a",
                         ParameterFilters=[{"Key": "Name", "Values": ["x"]}])
        self.assertEqual(err["Code"], "InvalidFilterKey")

    def test_describe_filters(self):
        self.put_tree()
        def names(**kwargs):
            return sorted(p["Name"] for p in self.client.describe_parameters(**kwargs)
                          ["Parameters"])
        self.assertEqual(names(ParameterFilters=[{"Key": "Path", "Option": "Recursive",
                                                  "Values": ["/a"]}]),
                         ["/a/b/z", "/a/s", "/a/x", "/a/y"])
        self.assertEqual(names(ParameterFilters=[{"Key": "Path", "Values": ["/"]}]), ["top"])
        self.assertEqual(names(ParameterFilters=[{"Key": "Name", "Option": "Contains",
                                                  "Values": ["/b/"]}]), ["/a/b/z"])
        self.assertEqual(names(ParameterFilters=[{"Key": "tag:team", "Values": ["red"]}]),
                         ["/a/s"])
        self.assertEqual(names(ParameterFilters=[{"Key": "KeyId",
                                                  "Values": ["alias/aws/ssm"]}]), ["/a/s"])
        self.assertEqual(names(Filters=[{"Key": "Name", "Values": ["/c"]}]), ["/c/w"])
        err = self.error(self.client.describe_parameters,
                         ParameterFilters=[{"Key": "Tier", "Values": ["Gold"]}])
        self.assertEqual(err["Code"], "InvalidFilterValue")
        err = self.error(self.client.describe_parameters,
                         ParameterFilters=[{"Key": "Path", "Values": ["/ssm/x"]}])
        self.assertIn("can't be prefixed", err["Message"])

    def test_public_global_infrastructure_parameters(self):
        name = "/aws/service/global-infrastructure/regions/eu-west-1/longName"
        got = self.client.get_parameter(Name=name)["Parameter"]
        self.assertEqual(got["Value"], "Europe (Ireland)")
        regions = self.client.get_paginator("get_parameters_by_path").paginate(
            Path="/aws/service/global-infrastructure/regions")
        codes = {p["Value"] for page in regions for p in page["Parameters"]}
        self.assertIn("us-east-1", codes)
        self.assertNotIn("cn-north-1", codes)

    # ---- documents and commands ----

    def test_yaml_document_read_back_as_json(self):
        content = "schemaVersion: '2.2'\ndescription: Say hi\nparameters:\n  Who:\n" \
                  "    type: String\n    default: world\nmainSteps:\n" \
                  "  - action: aws:runShellScript\n    name: hello\n" \
                  "    inputs:\n      runCommand: [echo hi]\n"
        made = self.client.create_document(Name="Hello", Content=content,
                                           DocumentType="Command", DocumentFormat="YAML")
        described = made["DocumentDescription"]
        self.assertEqual((described["Description"], described["SchemaVersion"]),
                         ("Say hi", "2.2"))
        self.assertEqual(described["Parameters"][0]["DefaultValue"], "world")
        as_json = self.client.get_document(Name="Hello", DocumentFormat="JSON")
        self.assertEqual(json.loads(as_json["Content"])["mainSteps"][0]["name"], "hello")
        instance = "i-0123456789abcdef0"
        command = self.client.send_command(DocumentName="Hello", InstanceIds=[instance])
        command_id = command["Command"]["CommandId"]
        invocation = self.client.get_command_invocation(CommandId=command_id,
                                                        InstanceId=instance)
        self.assertEqual((invocation["PluginName"], invocation["Status"]), ("hello", "Success"))
        self.client.delete_document(Name="Hello")

    def test_ids_follow_their_patterns(self):
        window = self.client.create_maintenance_window(
            Name="nightly", Schedule="cron(0 3 * * ? *)", Duration=2, Cutoff=1,
            AllowUnassociatedTargets=True)["WindowId"]
        self.assertRegex(window, "^mw-[0-9a-f]{17}$")
        self.assertEqual(self.client.get_maintenance_window(WindowId=window)["Name"], "nightly")

        with self.assertRaises(ClientError) as ctx:
            self.client.send_command(DocumentName="AWS-RunShellScript", InstanceIds=["i-1"])
        error = ctx.exception.response["Error"]
        self.assertEqual(error["Code"], "ValidationException")
        self.assertEqual(error["Message"],
                         "1 validation error detected: Value '[i-1]' at 'instanceIds' failed to "
                         "satisfy constraint: Member must satisfy constraint: [Member must satisfy "
                         r"regular expression pattern: (^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)]")


if __name__ == "__main__":
    run_tests()
