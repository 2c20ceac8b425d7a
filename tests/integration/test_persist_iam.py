"""IAM across a restart of motoc-server --state: users, groups, roles, policies with their
versions and attachments, keys and the account's settings come back as they were, and a key
created before the restart still identifies its user."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]})


def strip(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class IamPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        iam = client(server, "iam")
        iam.create_user(UserName="alice", Path="/eng/", Tags=[{"Key": "team", "Value": "a"}])
        iam.create_group(GroupName="devs")
        iam.add_user_to_group(GroupName="devs", UserName="alice")
        iam.create_role(RoleName="worker", AssumeRolePolicyDocument=TRUST, MaxSessionDuration=7200)
        arn = iam.create_policy(PolicyName="queues", PolicyDocument=POLICY)["Policy"]["Arn"]
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=POLICY, SetAsDefault=True)
        iam.attach_role_policy(RoleName="worker", PolicyArn=arn)
        iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=POLICY)
        iam.create_instance_profile(InstanceProfileName="workers")
        iam.add_role_to_instance_profile(InstanceProfileName="workers", RoleName="worker")
        iam.update_account_password_policy(MinimumPasswordLength=10)
        iam.create_account_alias(AccountAlias="acme")
        self.key = iam.create_access_key(UserName="alice")["AccessKey"]
        client(server, "iam", region="cn-north-1").create_user(UserName="in-china")

    def observe(self, server):
        iam = client(server, "iam")
        arn = "arn:aws:iam::123456789012:policy/queues"
        as_alice = client(server, "sts", aws_access_key_id=self.key["AccessKeyId"],
                          aws_secret_access_key=self.key["SecretAccessKey"])
        return {
            "user": strip(iam.get_user(UserName="alice")),
            "group": strip(iam.get_group(GroupName="devs")),
            "role": strip(iam.get_role(RoleName="worker")),
            "policy": strip(iam.get_policy(PolicyArn=arn)),
            "versions": strip(iam.list_policy_versions(PolicyArn=arn)),
            "attached": strip(iam.list_attached_role_policies(RoleName="worker")),
            "inline": strip(iam.get_user_policy(UserName="alice", PolicyName="inline")),
            "profile": strip(iam.get_instance_profile(InstanceProfileName="workers")),
            "password": strip(iam.get_account_password_policy()),
            "aliases": strip(iam.list_account_aliases()),
            "keys": strip(iam.list_access_keys(UserName="alice")),
            "caller": strip(as_alice.get_caller_identity()),
            "china": strip(client(server, "iam", region="cn-north-1").list_users()),
        }


if __name__ == "__main__":
    run_tests()
