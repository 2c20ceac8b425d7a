"""STS across a restart of motoc-server --state: keys issued before it keep acting as the identity
they were issued for, in that identity's account."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import (PersistenceTestCase, RoundTrips, aws_cli, client,  # noqa: E402
                             run_tests)

OTHER_ACCOUNT = "111122223333"
THIRD_ACCOUNT = "444455556666"


def as_keys(creds):
    return {"aws_access_key_id": creds["AccessKeyId"],
            "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"]}


class StsPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        sts = client(server, "sts")
        self.issued = {
            "role": sts.assume_role(RoleArn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/path/Deployer",
                                    RoleSessionName="deploy")["Credentials"],
            "federated": sts.get_federation_token(Name="fed-user")["Credentials"],
            "session": sts.get_session_token()["Credentials"],
        }
        role = client(server, "sts", **as_keys(self.issued["role"]))
        self.issued["chained"] = role.assume_role(
            RoleArn=f"arn:aws:iam::{THIRD_ACCOUNT}:role/Chained",
            RoleSessionName="chain")["Credentials"]

    def observe(self, server):
        reads = {}
        sts = client(server, "sts")
        for name, creds in self.issued.items():
            reads[name] = {
                "identity": client(server, "sts", **as_keys(creds)).get_caller_identity(),
                "key info": sts.get_access_key_info(AccessKeyId=creds["AccessKeyId"])["Account"],
            }
            for answer in reads[name].values():
                if isinstance(answer, dict):
                    answer.pop("ResponseMetadata", None)
        chained = self.issued["chained"]
        reads["cli"] = aws_cli(server, "sts", "get-caller-identity", env={
            "AWS_ACCESS_KEY_ID": chained["AccessKeyId"],
            "AWS_SECRET_ACCESS_KEY": chained["SecretAccessKey"],
            "AWS_SESSION_TOKEN": chained["SessionToken"]})
        return reads

    def test_assumed_role_acts_in_its_account_after_a_restart(self):
        server = self.start()
        creds = client(server, "sts").assume_role(
            RoleArn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/Worker",
            RoleSessionName="worker")["Credentials"]
        client(server, "sqs", **as_keys(creds)).create_queue(QueueName="theirs")
        server = self.restart(server)
        identity = client(server, "sts", **as_keys(creds)).get_caller_identity()
        self.assertEqual(identity["Account"], OTHER_ACCOUNT)
        self.assertEqual(identity["Arn"],
                         f"arn:aws:sts::{OTHER_ACCOUNT}:assumed-role/Worker/worker")
        # Requests signed with the key still land in the role's account.
        urls = client(server, "sqs", **as_keys(creds)).list_queues()["QueueUrls"]
        self.assertEqual([u.rsplit("/", 2)[-2:] for u in urls], [[OTHER_ACCOUNT, "theirs"]])
        self.stop(server)


if __name__ == "__main__":
    run_tests()
