"""Secrets Manager through motoc-server with boto3 and the AWS CLI: versions and staging labels,
ClientRequestToken idempotency, deletion and restore, filters, random passwords, resource
policies, replicas, tags, and rotation as AWS answers it when no function can be invoked."""
import json
import os
import string
import subprocess
import sys
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402


class SecretsManagerTest(ServerTestCase):
    def sm(self, region="us-east-1", validate=True):
        return boto3.client("secretsmanager", endpoint_url=self.server.url, region_name=region,
                            config=Config(retries={"max_attempts": 1},
                                          parameter_validation=validate))

    def setUp(self):
        self.name = "app/db-" + uuid.uuid4().hex[:8]

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response["Error"]

    def stages(self, client, name):
        return client.describe_secret(SecretId=name).get("VersionIdsToStages", {})

    # ---- versions and labels ----

    def test_labels_move_as_values_are_put(self):
        sm = self.sm()
        first = sm.create_secret(Name=self.name, SecretString="one")["VersionId"]
        second = sm.put_secret_value(SecretId=self.name, SecretString="two")["VersionId"]
        self.assertEqual(self.stages(sm, self.name),
                         {first: ["AWSPREVIOUS"], second: ["AWSCURRENT"]})
        third = sm.put_secret_value(SecretId=self.name, SecretString="three")["VersionId"]
        labels = self.stages(sm, self.name)
        self.assertNotIn(first, labels)  # no label left: deprecated
        self.assertEqual(labels, {second: ["AWSPREVIOUS"], third: ["AWSCURRENT"]})
        ids = [v["VersionId"] for v in sm.list_secret_version_ids(SecretId=self.name)["Versions"]]
        self.assertEqual(sorted(ids), sorted([second, third]))
        ids = [v["VersionId"] for v in sm.list_secret_version_ids(
            SecretId=self.name, IncludeDeprecated=True)["Versions"]]
        self.assertEqual(sorted(ids), sorted([first, second, third]))
        self.assertEqual(sm.get_secret_value(SecretId=self.name, VersionId=first)["SecretString"],
                         "one")
        self.assertEqual(sm.get_secret_value(SecretId=self.name,
                                             VersionStage="AWSPREVIOUS")["SecretString"], "two")

    def test_pending_version_promoted_by_update_stage(self):
        sm = self.sm()
        current = sm.create_secret(Name=self.name, SecretString="old")["VersionId"]
        pending = str(uuid.uuid4())
        answer = sm.put_secret_value(SecretId=self.name, SecretString="new",
                                     ClientRequestToken=pending, VersionStages=["AWSPENDING"])
        self.assertEqual(answer["VersionStages"], ["AWSPENDING"])
        self.assertEqual(sm.get_secret_value(SecretId=self.name)["SecretString"], "old")
        err = self.error(sm.update_secret_version_stage, SecretId=self.name,
                         VersionStage="AWSCURRENT", MoveToVersionId=pending)
        self.assertEqual(err["Code"], "InvalidParameterException")
        self.assertIn(f"currently attached to version {current}", err["Message"])
        sm.update_secret_version_stage(SecretId=self.name, VersionStage="AWSCURRENT",
                                       MoveToVersionId=pending, RemoveFromVersionId=current)
        self.assertEqual(self.stages(sm, self.name),
                         {current: ["AWSPREVIOUS"], pending: ["AWSPENDING", "AWSCURRENT"]})
        sm.update_secret_version_stage(SecretId=self.name, VersionStage="AWSPENDING",
                                       RemoveFromVersionId=pending)
        value = sm.get_secret_value(SecretId=self.name)
        self.assertEqual((value["SecretString"], value["VersionStages"]), ("new", ["AWSCURRENT"]))

    def test_custom_labels_and_first_version(self):
        sm = self.sm()
        sm.create_secret(Name=self.name)
        err = self.error(sm.get_secret_value, SecretId=self.name)
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        self.assertIn("staging label: AWSCURRENT", err["Message"])
        first = sm.put_secret_value(SecretId=self.name, SecretBinary=b"\x00\xff",
                                    VersionStages=["blue"])
        self.assertEqual(first["VersionStages"], ["blue", "AWSCURRENT"])
        second = sm.put_secret_value(SecretId=self.name, SecretString="x", VersionStages=["blue"])
        self.assertEqual(self.stages(sm, self.name),
                         {first["VersionId"]: ["AWSCURRENT"], second["VersionId"]: ["blue"]})
        self.assertEqual(sm.get_secret_value(SecretId=self.name)["SecretBinary"], b"\x00\xff")
        err = self.error(sm.get_secret_value, SecretId=self.name,
                         VersionId=first["VersionId"], VersionStage="blue")
        self.assertEqual(err["Message"],
                         "You provided a VersionStage that is not associated to the provided "
                         "VersionId.")

    # ---- idempotency ----

    def test_client_request_token_idempotency(self):
        sm = self.sm()
        token = str(uuid.uuid4())
        created = sm.create_secret(Name=self.name, SecretString="v", ClientRequestToken=token)
        again = sm.create_secret(Name=self.name, SecretString="v", ClientRequestToken=token)
        for answer in (created, again):
            answer.pop("ResponseMetadata")
        self.assertEqual(created, again)
        self.assertEqual(created["VersionId"], token)
        put = sm.put_secret_value(SecretId=self.name, SecretString="v", ClientRequestToken=token)
        self.assertEqual(put["VersionId"], token)
        self.assertEqual(len(self.stages(sm, self.name)), 1)
        for call in (sm.put_secret_value, sm.update_secret):
            err = self.error(call, SecretId=self.name, SecretString="w", ClientRequestToken=token)
            self.assertEqual(err["Code"], "ResourceExistsException")
            self.assertEqual(err["Message"],
                             f"You can't use ClientRequestToken {token} because that value is "
                             f"already in use for a version of secret {created['ARN']}.")
        err = self.error(sm.create_secret, Name=self.name, SecretString="v")
        self.assertEqual(err["Message"],
                         f"The operation failed because the secret {self.name} already exists.")
        err = self.error(self.sm(validate=False).put_secret_value, SecretId=self.name,
                         SecretString="v", ClientRequestToken="short")
        self.assertEqual((err["Code"], err["Message"]), (
            "InvalidParameterException", "ClientRequestToken must be 32-64 characters long."))

    # ---- ARNs ----

    def test_arn_suffix_and_lookups(self):
        sm = self.sm("eu-west-1")
        arn = sm.create_secret(Name=self.name, SecretString="v")["ARN"]
        prefix = f"arn:aws:secretsmanager:eu-west-1:123456789012:secret:{self.name}-"
        self.assertTrue(arn.startswith(prefix))
        suffix = arn[len(prefix):]
        self.assertEqual(len(suffix), 6)
        self.assertTrue(suffix.isalnum())
        for secret_id in (self.name, arn, arn[:-7]):
            self.assertEqual(sm.get_secret_value(SecretId=secret_id)["ARN"], arn)
        err = self.error(sm.get_secret_value, SecretId=arn[:-8])
        self.assertEqual(err["Message"], "Secrets Manager can't find the specified secret.")
        err = self.error(sm.create_secret, Name="bad name!", SecretString="v")
        self.assertEqual(err["Code"], "InvalidParameterException")

    # ---- deletion ----

    def test_delete_restore_and_force(self):
        sm = self.sm()
        sm.create_secret(Name=self.name, SecretString="v")
        for days in (6, 31):
            err = self.error(sm.delete_secret, SecretId=self.name, RecoveryWindowInDays=days)
            self.assertIn("RecoveryWindowInDays value must be between 7 and 30 days (inclusive)",
                          err["Message"])
        err = self.error(sm.delete_secret, SecretId=self.name, RecoveryWindowInDays=7,
                         ForceDeleteWithoutRecovery=True)
        self.assertIn("in conjunction with RecoveryWindowInDays", err["Message"])
        deleted = sm.delete_secret(SecretId=self.name, RecoveryWindowInDays=7)
        described = sm.describe_secret(SecretId=self.name)
        window = deleted["DeletionDate"] - described["DeletedDate"]
        self.assertAlmostEqual(window.total_seconds(), 7 * 86400, delta=5)
        for call, kwargs in ((sm.get_secret_value, {}), (sm.put_secret_value, {"SecretString": "w"}),
                             (sm.update_secret, {"Description": "d"})):
            err = self.error(call, SecretId=self.name, **kwargs)
            self.assertEqual(err["Code"], "InvalidRequestException")
            self.assertIn("marked for deletion", err["Message"])
        self.assertEqual(sm.list_secrets(Filters=[{"Key": "name", "Values": [self.name]}])
                         ["SecretList"], [])
        listed = sm.list_secrets(IncludePlannedDeletion=True,
                                 Filters=[{"Key": "name", "Values": [self.name]}])["SecretList"]
        self.assertEqual([s["Name"] for s in listed], [self.name])
        err = self.error(sm.create_secret, Name=self.name, SecretString="v")
        self.assertEqual(err["Code"], "InvalidRequestException")
        sm.restore_secret(SecretId=self.name)
        self.assertNotIn("DeletedDate", sm.describe_secret(SecretId=self.name))
        self.assertEqual(sm.get_secret_value(SecretId=self.name)["SecretString"], "v")
        sm.delete_secret(SecretId=self.name, ForceDeleteWithoutRecovery=True)
        err = self.error(sm.describe_secret, SecretId=self.name)
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        gone = sm.delete_secret(SecretId="never-was", ForceDeleteWithoutRecovery=True)
        self.assertEqual(gone["Name"], "never-was")

    # ---- listing ----

    def test_list_filters(self):
        sm = self.sm("ap-south-1")
        sm.create_secret(Name="prod/BillingApi", SecretString="s", Description="payment keys",
                         Tags=[{"Key": "team", "Value": "ledger"}])
        sm.create_secret(Name="prod/search", SecretString="s", Description="index writer",
                         Tags=[{"Key": "team", "Value": "discovery"}])
        sm.create_secret(Name="dev/BillingApi", SecretString="s", Description="Payment keys")

        def names(*filters, **kwargs):
            return [s["Name"] for s in sm.list_secrets(Filters=list(filters), **kwargs)
                    ["SecretList"]]

        self.assertEqual(names({"Key": "name", "Values": ["prod"]}),
                         ["prod/BillingApi", "prod/search"])
        self.assertEqual(names({"Key": "name", "Values": ["Api"]}),
                         ["prod/BillingApi", "dev/BillingApi"])
        self.assertEqual(names({"Key": "name", "Values": ["api"]}), [])  # name is case-sensitive
        self.assertEqual(names({"Key": "description", "Values": ["pay k"]}),
                         ["prod/BillingApi", "dev/BillingApi"])
        self.assertEqual(names({"Key": "tag-key", "Values": ["team"]},
                               {"Key": "tag-value", "Values": ["!ledger"]}), ["prod/search"])
        self.assertEqual(names({"Key": "all", "Values": ["DISCO"]}), ["prod/search"])
        self.assertEqual(names({"Key": "all", "Values": ["illing"]}), [])
        self.assertEqual(names({"Key": "name", "Values": ["dev", "search"]}),
                         ["prod/search", "dev/BillingApi"])
        self.assertEqual(names({"Key": "primary-region", "Values": ["us-east-1"]}), [])
        self.assertEqual(names(SortOrder="desc"),
                         ["dev/BillingApi", "prod/search", "prod/BillingApi"])
        self.assertEqual(names(SortBy="name"),
                         ["dev/BillingApi", "prod/BillingApi", "prod/search"])
        page = sm.list_secrets(MaxResults=2)
        rest = sm.list_secrets(MaxResults=2, NextToken=page["NextToken"])
        self.assertEqual(len(page["SecretList"]) + len(rest["SecretList"]), 3)
        self.assertNotIn("NextToken", rest)
        err = self.error(sm.list_secrets, Filters=[{"Key": "description"}])
        self.assertEqual((err["Code"], err["Message"]), (
            "InvalidParameterException", "Invalid filter values for key: description"))
        err = self.error(sm.list_secrets, Filters=[{"Key": "colour", "Values": ["x"]}])
        self.assertEqual(err["Code"], "ValidationException")

    def test_batch_get_secret_value(self):
        sm = self.sm("ca-central-1")
        a = sm.create_secret(Name="batch-a", SecretString="A")
        sm.create_secret(Name="batch-b", SecretBinary=b"B")
        sm.create_secret(Name="batch-c", SecretString="C")
        sm.delete_secret(SecretId="batch-c")
        got = sm.batch_get_secret_value(SecretIdList=[a["ARN"], "batch-b", "batch-c", "nope"])
        self.assertEqual([(v["Name"], v.get("SecretString", v.get("SecretBinary")))
                          for v in got["SecretValues"]], [("batch-a", "A"), ("batch-b", b"B")])
        self.assertEqual([(e["SecretId"], e["ErrorCode"]) for e in got["Errors"]],
                         [("batch-c", "InvalidRequestException"),
                          ("nope", "ResourceNotFoundException")])
        got = sm.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["batch"]}],
                                        MaxResults=1)
        self.assertEqual([v["Name"] for v in got["SecretValues"]], ["batch-a"])
        more = sm.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["batch"]}],
                                         MaxResults=1, NextToken=got["NextToken"])
        self.assertEqual([v["Name"] for v in more["SecretValues"]], ["batch-b"])
        err = self.error(sm.batch_get_secret_value, SecretIdList=["x"],
                         Filters=[{"Key": "name", "Values": ["x"]}])
        self.assertEqual(err["Code"], "InvalidParameterException")

    # ---- passwords ----

    def test_random_password_options(self):
        sm = self.sm()
        self.assertEqual(len(sm.get_random_password()["RandomPassword"]), 32)
        for _ in range(20):
            password = sm.get_random_password(PasswordLength=4)["RandomPassword"]
            for chars in (string.ascii_lowercase, string.ascii_uppercase, string.digits,
                          string.punctuation):
                self.assertTrue(any(ch in chars for ch in password), password)
        password = sm.get_random_password(PasswordLength=1000, ExcludeCharacters="abc!@",
                                          ExcludeNumbers=True, ExcludeUppercase=True,
                                          IncludeSpace=True)["RandomPassword"]
        self.assertEqual(len(password), 1000)
        self.assertFalse(set(password) & set("abc!@" + string.digits + string.ascii_uppercase))
        self.assertIn(" ", password)
        password = sm.get_random_password(PasswordLength=100, ExcludePunctuation=True,
                                          ExcludeLowercase=True)["RandomPassword"]
        self.assertTrue(set(password) <= set(string.ascii_uppercase + string.digits))
        password = sm.get_random_password(PasswordLength=2, RequireEachIncludedType=False)
        self.assertEqual(len(password["RandomPassword"]), 2)
        err = self.error(sm.get_random_password, PasswordLength=3)
        self.assertEqual(err["Code"], "InvalidParameterException")
        err = self.error(sm.get_random_password, PasswordLength=4097)
        self.assertEqual(err["Code"], "ValidationException")

    # ---- rotation ----

    def test_rotation_without_an_invokable_function(self):
        sm = self.sm()
        sm.create_secret(Name=self.name, SecretString="v")
        before = sm.describe_secret(SecretId=self.name)
        err = self.error(sm.rotate_secret, SecretId=self.name,
                         RotationRules={"AutomaticallyAfterDays": 30})
        self.assertEqual((err["Code"], err["Message"]), (
            "InvalidRequestException",
            "No Lambda rotation function ARN is associated with this secret."))
        function = "arn:aws:lambda:us-east-1:123456789012:function:rotator"
        for immediately in (True, False):
            err = self.error(sm.rotate_secret, SecretId=self.name, RotationLambdaARN=function,
                             RotationRules={"ScheduleExpression": "rate(10 days)"},
                             RotateImmediately=immediately)
            self.assertEqual(err["Code"], "AccessDeniedException")
            self.assertIn("cannot invoke the specified Lambda function", err["Message"])
        after = sm.describe_secret(SecretId=self.name)
        self.assertNotIn("RotationEnabled", after)
        self.assertEqual(before["VersionIdsToStages"], after["VersionIdsToStages"])
        err = self.error(sm.cancel_rotate_secret, SecretId=self.name)
        self.assertEqual(err["Code"], "InvalidRequestException")

    def test_rotation_rules_are_checked_first(self):
        sm = self.sm(validate=False)
        sm.create_secret(Name=self.name, SecretString="v")
        cases = [
            ({"AutomaticallyAfterDays": 0}, "AutomaticallyAfterDays must be within 1-1000"),
            ({"AutomaticallyAfterDays": 3, "ScheduleExpression": "rate(3 days)"}, "both"),
            ({"ScheduleExpression": "rate(2 hours)"}, "at least 4 hours"),
            ({"ScheduleExpression": "rate(10 weeks)"}, "rate expression"),
            ({"ScheduleExpression": "cron(0 16 * * * *)"}, "?"),
            ({"ScheduleExpression": "cron(0 25 1 * ? *)"}, "cron"),
            ({"ScheduleExpression": "cron(0 16 1 *)"}, "six fields"),
            ({"ScheduleExpression": "cron(0 16 1,15 * ? *)", "Duration": "25h"}, "24 hours"),
        ]
        for rules, text in cases:
            err = self.error(sm.rotate_secret, SecretId=self.name, RotationRules=rules,
                             RotationLambdaARN="arn:aws:lambda:us-east-1:123456789012:function:f")
            self.assertEqual(err["Code"], "InvalidParameterException", rules)
            self.assertIn(text, err["Message"], rules)

    # ---- policies ----

    def test_resource_policies(self):
        sm = self.sm()
        sm.create_secret(Name=self.name, SecretString="v")
        private = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})
        public = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue",
            "Resource": "*"}]})
        self.assertNotIn("ResourcePolicy", sm.get_resource_policy(SecretId=self.name))
        sm.put_resource_policy(SecretId=self.name, ResourcePolicy=private, BlockPublicPolicy=True)
        self.assertEqual(sm.get_resource_policy(SecretId=self.name)["ResourcePolicy"], private)
        err = self.error(sm.put_resource_policy, SecretId=self.name, ResourcePolicy=public,
                         BlockPublicPolicy=True)
        self.assertEqual(err["Code"], "PublicPolicyException")
        sm.put_resource_policy(SecretId=self.name, ResourcePolicy=public)
        err = self.error(sm.put_resource_policy, SecretId=self.name, ResourcePolicy="{not json")
        self.assertEqual(err["Code"], "MalformedPolicyDocumentException")
        checked = sm.validate_resource_policy(ResourcePolicy=private)
        self.assertTrue(checked["PolicyValidationPassed"])
        checked = sm.validate_resource_policy(SecretId=self.name, ResourcePolicy=public)
        self.assertFalse(checked["PolicyValidationPassed"])
        self.assertEqual(len(checked["ValidationErrors"]), 1)
        sm.delete_resource_policy(SecretId=self.name)
        self.assertNotIn("ResourcePolicy", sm.get_resource_policy(SecretId=self.name))

    # ---- replication ----

    def test_replicas_follow_and_can_be_promoted(self):
        primary = self.sm("us-east-1")
        replica_region = self.sm("eu-central-1")
        created = primary.create_secret(Name=self.name, SecretString="one",
                                        AddReplicaRegions=[{"Region": "eu-central-1"}])
        self.assertEqual(created["ReplicationStatus"][0]["Status"], "InSync")
        replica_arn = created["ARN"].replace("us-east-1", "eu-central-1")
        self.assertEqual(replica_region.get_secret_value(SecretId=replica_arn)["SecretString"],
                         "one")
        primary.put_secret_value(SecretId=self.name, SecretString="two")
        described = replica_region.describe_secret(SecretId=self.name)
        self.assertEqual(described["PrimaryRegion"], "us-east-1")
        self.assertEqual(replica_region.get_secret_value(SecretId=self.name)["SecretString"], "two")
        err = self.error(replica_region.put_secret_value, SecretId=self.name, SecretString="x")
        self.assertEqual(err["Code"], "InvalidRequestException")
        err = self.error(primary.delete_secret, SecretId=self.name)
        self.assertEqual(err["Code"], "InvalidRequestException")
        out = primary.replicate_secret_to_regions(SecretId=self.name,
                                                  AddReplicaRegions=[{"Region": "sa-east-1"}])
        self.assertEqual(sorted(r["Region"] for r in out["ReplicationStatus"]),
                         ["eu-central-1", "sa-east-1"])
        primary.remove_regions_from_replication(SecretId=self.name,
                                                RemoveReplicaRegions=["sa-east-1"])
        err = self.error(self.sm("sa-east-1").describe_secret, SecretId=self.name)
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        replica_region.stop_replication_to_replica(SecretId=self.name)
        self.assertNotIn("PrimaryRegion", replica_region.describe_secret(SecretId=self.name))
        self.assertNotIn("ReplicationStatus", primary.describe_secret(SecretId=self.name))
        replica_region.put_secret_value(SecretId=self.name, SecretString="own")
        self.assertEqual(primary.get_secret_value(SecretId=self.name)["SecretString"], "two")

    # ---- tags ----

    def test_tags(self):
        sm = self.sm()
        sm.create_secret(Name=self.name, SecretString="v")
        self.assertNotIn("Tags", sm.describe_secret(SecretId=self.name))
        sm.tag_resource(SecretId=self.name, Tags=[{"Key": "a", "Value": "1"},
                                                  {"Key": "b", "Value": "2"}])
        sm.tag_resource(SecretId=self.name, Tags=[{"Key": "a", "Value": "3"}])
        self.assertEqual(sm.describe_secret(SecretId=self.name)["Tags"],
                         [{"Key": "a", "Value": "3"}, {"Key": "b", "Value": "2"}])
        sm.untag_resource(SecretId=self.name, TagKeys=["a", "b"])
        self.assertEqual(sm.describe_secret(SecretId=self.name)["Tags"], [])
        err = self.error(sm.tag_resource, SecretId=self.name,
                         Tags=[{"Key": "aws:x", "Value": "1"}])
        self.assertEqual(err["Code"], "InvalidParameterException")

    def test_kms_key_default_and_given(self):
        sm = self.sm()
        kms = boto3.client("kms", endpoint_url=self.server.url, region_name="us-east-1")
        sm.create_secret(Name=self.name, SecretString="v")
        self.assertNotIn("KmsKeyId", sm.describe_secret(SecretId=self.name))
        # The AWS managed key exists once a secret has used it.
        self.assertEqual(kms.describe_key(KeyId="alias/aws/secretsmanager")["KeyMetadata"]
                         ["KeyManager"], "AWS")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName="alias/mine", TargetKeyId=key)
        sm.update_secret(SecretId=self.name, KmsKeyId="alias/mine")
        self.assertEqual(sm.describe_secret(SecretId=self.name)["KmsKeyId"], "alias/mine")
        # A disabled key stops reads and writes; a key KMS does not know is refused.
        kms.disable_key(KeyId=key)
        with self.assertRaises(ClientError) as ctx:
            sm.get_secret_value(SecretId=self.name)
        self.assertEqual(ctx.exception.response["Error"]["Code"], "DecryptionFailure")
        with self.assertRaises(ClientError) as ctx:
            sm.put_secret_value(SecretId=self.name, SecretString="w")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "EncryptionFailure")
        kms.enable_key(KeyId=key)
        self.assertEqual(sm.get_secret_value(SecretId=self.name)["SecretString"], "v")
        with self.assertRaises(ClientError) as ctx:
            sm.create_secret(Name=self.name + "-2", SecretString="v", KmsKeyId="alias/none")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "EncryptionFailure")

    # ---- the AWS CLI ----

    def cli(self, *args):
        done = subprocess.run(["aws", "--endpoint-url", self.server.url, "--output", "json",
                               "secretsmanager", *args], capture_output=True, text=True,
                              timeout=120, env={**os.environ, **CLIENT_ENV})
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def test_aws_cli_round_trip(self):
        created = self.cli("create-secret", "--name", self.name, "--secret-string", "cli-value")
        self.cli("put-secret-value", "--secret-id", self.name, "--secret-string", "second")
        value = self.cli("get-secret-value", "--secret-id", created["ARN"],
                         "--version-stage", "AWSPREVIOUS")
        self.assertEqual(value["SecretString"], "cli-value")
        password = self.cli("get-random-password", "--password-length", "12",
                            "--exclude-punctuation")
        self.assertEqual(len(password["RandomPassword"]), 12)
        listed = self.cli("list-secrets", "--filters", f"Key=name,Values={self.name}")
        self.assertEqual([s["Name"] for s in listed["SecretList"]], [self.name])


if __name__ == "__main__":
    run_tests()
