"""Secrets Manager across a restart of motoc-server --state: secrets keep their versions and
labels, descriptions, tags, policies, deletion schedules, replicas, rotation configurations and
dates, and their ARNs."""
import io
import json
import os
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import (PersistenceTestCase, RoundTrips, aws_cli, client,  # noqa: E402
                             run_tests)

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})


TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def idle_rotator():
    """A rotation function whose steps all succeed without touching the secret."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return None\n")
    return out.getvalue()


def plain(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class SecretsManagerPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        sm = client(server, "secretsmanager")
        sm.create_secret(Name="db/main", SecretString="one", Description="main database",
                         Tags=[{"Key": "team", "Value": "core"}],
                         AddReplicaRegions=[{"Region": "eu-west-1"}])
        sm.put_secret_value(SecretId="db/main", SecretString="two")
        sm.put_secret_value(SecretId="db/main", SecretBinary=b"\x01\x02",
                            VersionStages=["AWSPENDING", "canary"])
        sm.put_resource_policy(SecretId="db/main", ResourcePolicy=POLICY)
        kms = client(server, "kms")
        kms.create_alias(AliasName="alias/custom",
                         TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"])
        sm.create_secret(Name="old", SecretString="x", KmsKeyId="alias/custom")
        sm.delete_secret(SecretId="old", RecoveryWindowInDays=9)
        sm.create_secret(Name="empty")
        role = client(server, "iam").create_role(RoleName="rotator",
                                                 AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        function = client(server, "lambda").create_function(
            FunctionName="rotator", Runtime="python3.12", Role=role, Handler="app.handler",
            Code={"ZipFile": idle_rotator()})["FunctionArn"]
        sm.create_secret(Name="rotated", SecretString="r")
        sm.rotate_secret(SecretId="rotated", RotationLambdaARN=function,
                         RotationRules={"AutomaticallyAfterDays": 3})
        deadline = time.time() + 20
        while "LastRotatedDate" not in sm.describe_secret(SecretId="rotated"):
            assert time.time() < deadline, "the rotation did not finish"
            time.sleep(0.2)

    def observe(self, server):
        # reads of values first: they stamp LastAccessedDate, which the descriptions show
        sm = client(server, "secretsmanager")
        reads = {"pending": plain(sm.get_secret_value(SecretId="db/main",
                                                      VersionStage="AWSPENDING"))}
        reads["cli"] = aws_cli(server, "secretsmanager", "get-secret-value", "--secret-id",
                               "db/main", region="eu-west-1")
        for region in ("us-east-1", "eu-west-1"):
            sm = client(server, "secretsmanager", region=region)
            listed = sm.list_secrets(IncludePlannedDeletion=True)["SecretList"]
            reads[region] = [
                {
                    "describe": plain(sm.describe_secret(SecretId=s["ARN"])),
                    "versions": plain(sm.list_secret_version_ids(SecretId=s["ARN"],
                                                                 IncludeDeprecated=True)),
                    "policy": plain(sm.get_resource_policy(SecretId=s["ARN"])),
                }
                for s in listed
            ]
        return reads


if __name__ == "__main__":
    run_tests()
