"""IAM's policy simulation through motoc-server with boto3: custom policies with conditions, and
a user's own, attached and group policies."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def statement(effect, action, resource="*", **extra):
    return dict(Effect=effect, Action=action, Resource=resource, **extra)


class SimulateTestCase(ServerTestCase):
    def setUp(self):
        self.iam = boto3.client("iam", endpoint_url=self.server.url, region_name="us-east-1",
                                config=Config(retries={"max_attempts": 1}))

    def decisions(self, answer):
        return {(r["EvalActionName"], r["EvalResourceName"]): r["EvalDecision"]
                for r in answer["EvaluationResults"]}

    def test_custom_policy_allow_deny_and_implicit_deny(self):
        answer = self.iam.simulate_custom_policy(
            PolicyInputList=[policy(statement("Allow", "s3:*"),
                                    statement("Deny", "s3:DeleteObject"))],
            ActionNames=["s3:GetObject", "s3:DeleteObject", "sqs:SendMessage"],
            ResourceArns=["arn:aws:s3:::bucket/key"])
        self.assertEqual(self.decisions(answer), {
            ("s3:GetObject", "arn:aws:s3:::bucket/key"): "allowed",
            ("s3:DeleteObject", "arn:aws:s3:::bucket/key"): "explicitDeny",
            ("sqs:SendMessage", "arn:aws:s3:::bucket/key"): "implicitDeny"})
        self.assertFalse(answer["IsTruncated"])

    def test_matched_statements_name_the_deciding_statements(self):
        # Written by hand so that each statement's line and column are known.
        document = ('{"Version": "2012-10-17", "Statement": [\n'
                    '  {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},\n'
                    '  {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}\n'
                    ']}')
        answer = self.iam.simulate_custom_policy(
            PolicyInputList=[policy(statement("Allow", "sqs:*")), document],
            ActionNames=["s3:GetObject", "s3:DeleteObject", "sns:Publish"])
        matched = {r["EvalActionName"]: r["MatchedStatements"]
                   for r in answer["EvaluationResults"]}
        self.assertEqual(matched["s3:GetObject"], [{
            "SourcePolicyId": "PolicyInputList.2", "SourcePolicyType": "IAM Policy",
            "StartPosition": {"Line": 2, "Column": 3}, "EndPosition": {"Line": 2, "Column": 57}}])
        self.assertEqual(matched["s3:DeleteObject"], [{
            "SourcePolicyId": "PolicyInputList.2", "SourcePolicyType": "IAM Policy",
            "StartPosition": {"Line": 3, "Column": 3}, "EndPosition": {"Line": 3, "Column": 67}}])
        self.assertEqual(matched["sns:Publish"], [])

    def test_principal_matched_statements_name_their_policies(self):
        self.iam.create_user(UserName="bob")
        self.iam.put_user_policy(UserName="bob", PolicyName="queues",
                                 PolicyDocument=policy(statement("Allow", "sqs:*")))
        self.iam.attach_user_policy(UserName="bob",
                                    PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
        answer = self.iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/bob",
            ActionNames=["sqs:SendMessage", "s3:GetObject"])
        sources = {r["EvalActionName"]: [(m["SourcePolicyId"], m["SourcePolicyType"])
                                         for m in r["MatchedStatements"]]
                   for r in answer["EvaluationResults"]}
        self.assertEqual(sources, {"sqs:SendMessage": [("queues", "user")],
                                   "s3:GetObject": [("AmazonS3ReadOnlyAccess", "aws-managed")]})

    def test_resource_owner_of_another_account_needs_both_policies(self):
        bucket_policy = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/carol"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/*"}]})
        args = dict(ActionNames=["s3:GetObject"], ResourceArns=["arn:aws:s3:::shared/report"],
                    ResourcePolicy=bucket_policy, CallerArn=f"arn:aws:iam::{ACCOUNT}:user/carol")
        decide = lambda answer: answer["EvaluationResults"][0]["EvalDecision"]  # noqa: E731
        no_identity_grant = [policy(statement("Allow", "sqs:*"))]
        grant = [policy(statement("Allow", "s3:GetObject"))]
        self.assertEqual(decide(self.iam.simulate_custom_policy(
            PolicyInputList=no_identity_grant, **args)), "allowed")
        self.assertEqual(decide(self.iam.simulate_custom_policy(
            PolicyInputList=no_identity_grant, ResourceOwner="arn:aws:iam::210987654321:root",
            **args)), "implicitDeny")
        both = self.iam.simulate_custom_policy(
            PolicyInputList=grant, ResourceOwner="arn:aws:iam::210987654321:root", **args)
        self.assertEqual(decide(both), "allowed")
        self.assertEqual([m["SourcePolicyType"] for m in both["EvaluationResults"][0]["MatchedStatements"]],
                         ["IAM Policy", "resource"])
        with self.assertRaises(ClientError) as caught:
            self.iam.simulate_custom_policy(PolicyInputList=grant, ResourceOwner="nobody", **args)
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidInput")

    def test_custom_policy_results_page(self):
        args = dict(PolicyInputList=[policy(statement("Allow", "s3:Get*"))],
                    ActionNames=["s3:GetObject", "s3:PutObject"],
                    ResourceArns=["arn:aws:s3:::b/1", "arn:aws:s3:::b/2"])
        pairs, marker = [], None
        while True:
            page = self.iam.simulate_custom_policy(MaxItems=3, **args,
                                                   **({"Marker": marker} if marker else {}))
            pairs += [(r["EvalActionName"], r["EvalResourceName"], r["EvalDecision"])
                      for r in page["EvaluationResults"]]
            if not page["IsTruncated"]:
                break
            self.assertEqual(len(page["EvaluationResults"]), 3)
            marker = page["Marker"]
        self.assertEqual(pairs, [("s3:GetObject", "arn:aws:s3:::b/1", "allowed"),
                                 ("s3:GetObject", "arn:aws:s3:::b/2", "allowed"),
                                 ("s3:PutObject", "arn:aws:s3:::b/1", "implicitDeny"),
                                 ("s3:PutObject", "arn:aws:s3:::b/2", "implicitDeny")])

    def test_custom_policy_conditions_use_context_entries(self):
        document = policy(statement("Allow", "s3:GetObject", Condition={
            "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))
        inside = self.iam.simulate_custom_policy(
            PolicyInputList=[document], ActionNames=["s3:GetObject"],
            ContextEntries=[{"ContextKeyName": "aws:SourceIp", "ContextKeyType": "ip",
                             "ContextKeyValues": ["203.0.113.9"]}])
        self.assertEqual(inside["EvaluationResults"][0]["EvalDecision"], "allowed")
        missing = self.iam.simulate_custom_policy(PolicyInputList=[document],
                                                  ActionNames=["s3:GetObject"])
        result = missing["EvaluationResults"][0]
        self.assertEqual(result["EvalDecision"], "implicitDeny")
        self.assertEqual(result["MissingContextValues"], ["aws:SourceIp"])

    def test_date_conditions_compare_instants_in_any_form_iam_accepts(self):
        document = policy(statement("Allow", "s3:GetObject", Condition={
            "DateGreaterThan": {"aws:CurrentTime": "2024-06-01T12:00+02:00"}}))

        def decision(current_time):
            answer = self.iam.simulate_custom_policy(
                PolicyInputList=[document], ActionNames=["s3:GetObject"],
                ContextEntries=[{"ContextKeyName": "aws:CurrentTime", "ContextKeyType": "date",
                                 "ContextKeyValues": [current_time]}])
            return answer["EvaluationResults"][0]["EvalDecision"]

        self.assertEqual(decision("2024-06-01T10:00:01Z"), "allowed")
        self.assertEqual(decision("2024-06-01T10:00:00Z"), "implicitDeny")
        self.assertEqual(decision("1717236001"), "allowed")
        self.assertEqual(decision("2024-06-01T12:00:01+02"), "allowed")
        # A zone too short to be one: no instant, so the condition does not hold.
        self.assertEqual(decision("2025-01-01T00:00:00-8:0"), "implicitDeny")

    def test_resource_policy_root_principal_names_an_account(self):
        def decision(principal):
            answer = self.iam.simulate_custom_policy(
                PolicyInputList=[policy(statement("Allow", "sqs:*"))],
                ResourcePolicy=policy(statement("Allow", "s3:GetObject",
                                                Principal={"AWS": principal})),
                CallerArn=f"arn:aws:iam::{ACCOUNT}:user/alice", ActionNames=["s3:GetObject"])
            return answer["EvaluationResults"][0]["EvalDecision"]

        self.assertEqual(decision(f"arn:aws:iam::{ACCOUNT}:root"), "allowed")
        # A root ARN without its account names no account (and used to stop the server).
        self.assertEqual(decision("arn:aws:iam::root"), "implicitDeny")
        self.assertEqual(decision(f"arn:aws:iam::{ACCOUNT}:root"), "allowed")

    def test_custom_policy_boundary_limits(self):
        answer = self.iam.simulate_custom_policy(
            PolicyInputList=[policy(statement("Allow", "s3:*"))],
            PermissionsBoundaryPolicyInputList=[policy(statement("Allow", "s3:Get*"))],
            ActionNames=["s3:GetObject", "s3:PutObject"])
        self.assertEqual(self.decisions(answer), {("s3:GetObject", "*"): "allowed",
                                                  ("s3:PutObject", "*"): "implicitDeny"})

    def test_malformed_policy_is_invalid_input(self):
        with self.assertRaises(ClientError) as caught:
            self.iam.simulate_custom_policy(PolicyInputList=["{not json"],
                                            ActionNames=["s3:GetObject"])
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidInput")

    def test_principal_policy_gathers_user_group_and_attached(self):
        self.iam.create_user(UserName="alice")
        self.iam.put_user_policy(UserName="alice", PolicyName="own",
                                 PolicyDocument=policy(statement("Allow", "sqs:SendMessage")))
        arn = self.iam.create_policy(
            PolicyName="read", PolicyDocument=policy(statement("Allow", "s3:GetObject")))["Policy"]["Arn"]
        self.iam.attach_user_policy(UserName="alice", PolicyArn=arn)
        self.iam.create_group(GroupName="ops")
        self.iam.add_user_to_group(GroupName="ops", UserName="alice")
        self.iam.put_group_policy(GroupName="ops", PolicyName="no-delete",
                                  PolicyDocument=policy(statement("Deny", "sqs:DeleteQueue"),
                                                        statement("Allow", "sqs:*")))
        answer = self.iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/alice",
            ActionNames=["sqs:SendMessage", "s3:GetObject", "sqs:DeleteQueue", "s3:PutObject"])
        self.assertEqual(self.decisions(answer), {
            ("sqs:SendMessage", "*"): "allowed", ("s3:GetObject", "*"): "allowed",
            ("sqs:DeleteQueue", "*"): "explicitDeny", ("s3:PutObject", "*"): "implicitDeny"})

    def test_principal_policy_reads_attached_aws_managed_policies(self):
        self.iam.create_role(RoleName="reader", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole"}]}))
        self.iam.attach_role_policy(RoleName="reader",
                                    PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
        answer = self.iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:role/reader",
            ActionNames=["s3:GetObject", "s3:PutObject"],
            ResourceArns=["arn:aws:s3:::bucket/key"])
        self.assertEqual(self.decisions(answer), {
            ("s3:GetObject", "arn:aws:s3:::bucket/key"): "allowed",
            ("s3:PutObject", "arn:aws:s3:::bucket/key"): "implicitDeny"})

    def test_context_keys_of_custom_and_principal_policies(self):
        tagged = policy(statement("Allow", "s3:*", Condition={
            "StringEquals": {"aws:PrincipalTag/team": "a", "s3:prefix": "home/"},
            "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
        again = policy(statement("Deny", "s3:DeleteObject", Condition={
            "Bool": {"AWS:SecureTransport": "false"},
            "StringLike": {"AWS:SOURCEIP": "10.*"}}))
        answer = self.iam.get_context_keys_for_custom_policy(PolicyInputList=[tagged, again])
        # Each key once whatever its case, in the order the documents name them.
        self.assertEqual(answer["ContextKeyNames"], ["aws:PrincipalTag/team", "s3:prefix",
                                                     "aws:SourceIp", "AWS:SecureTransport"])
        self.iam.create_user(UserName="carol")
        self.iam.put_user_policy(UserName="carol", PolicyName="tagged", PolicyDocument=tagged)
        answer = self.iam.get_context_keys_for_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/carol", PolicyInputList=[again])
        self.assertEqual(answer["ContextKeyNames"], ["aws:PrincipalTag/team", "s3:prefix",
                                                     "aws:SourceIp", "AWS:SecureTransport"])
        self.assertEqual(self.iam.get_context_keys_for_custom_policy(
            PolicyInputList=[policy(statement("Allow", "s3:*"))]).get("ContextKeyNames", []), [])

    def test_principal_policy_unknown_source(self):
        with self.assertRaises(ClientError) as caught:
            self.iam.simulate_principal_policy(
                PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/nobody", ActionNames=["s3:GetObject"])
        self.assertEqual(caught.exception.response["Error"]["Code"], "NoSuchEntity")


if __name__ == "__main__":
    run_tests()
