"""IAM and STS with no endpoint settings anywhere: the whole module runs under motoc-run
(zero_config_fixture.py). Node's @aws-sdk/client-iam and @aws-sdk/client-sts make and assume a
role as a child process; boto3 in the test process sees what they made."""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from zero_config_fixture import ZeroConfigCase, main, requires_node  # noqa: E402

import boto3  # noqa: E402

ACCOUNT = "123456789012"


class NodeSdk(ZeroConfigCase):
    @requires_node("@aws-sdk/client-iam", "@aws-sdk/client-sts")
    def test_node_sdk_creates_and_assumes_a_role(self):
        out = self.node("iam_assume_role.mjs", "zc-node-role", "zc-session")

        role_arn = f"arn:aws:iam::{ACCOUNT}:role/zc-node-role"
        self.assertEqual(out["caller"]["account"], ACCOUNT)
        self.assertEqual((out["role"]["arn"], out["role"]["fetchedArn"]), (role_arn, role_arn))
        self.assertTrue(out["role"]["id"].startswith("AROA"), out["role"])

        session_arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/zc-node-role/zc-session"
        self.assertEqual(out["assumed"]["arn"], session_arn)
        self.assertEqual(out["assumed"]["id"], f"{out['role']['id']}:zc-session")
        self.assertTrue(out["assumed"]["keyId"].startswith("ASIA"), out["assumed"])
        expires = datetime.datetime.fromisoformat(out["assumed"]["expiration"].replace("Z",
                                                                                       "+00:00"))
        left = expires - datetime.datetime.now(datetime.timezone.utc)
        self.assertTrue(datetime.timedelta(minutes=13) < left <= datetime.timedelta(minutes=15),
                        left)

        self.assertEqual(out["identity"], {"account": ACCOUNT, "arn": session_arn,
                                           "userId": out["assumed"]["id"]})
        roles = boto3.client("iam").list_roles()["Roles"]
        self.assertEqual([r["Arn"] for r in roles], [role_arn])


if __name__ == "__main__":
    main()
