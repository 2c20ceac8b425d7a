"""IAM through motoc-server with boto3, and through motoc-run with the AWS CLI; STS answering for
the users and roles IAM holds."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from preload_fixture import MOTOC_RUN, clean_env  # noqa: E402
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})

SAML_METADATA = ('<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" '
                 'entityID="https://idp.example.com/saml"><IDPSSODescriptor '
                 'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
                 + "<!-- padding -->" * 60 + "</IDPSSODescriptor></EntityDescriptor>")


def decode_qr(png):
    """The text of the QR symbol in a PNG image, as zbarimg reads it."""
    with tempfile.NamedTemporaryFile(suffix=".png") as image:
        image.write(png)
        image.flush()
        out = subprocess.run(["zbarimg", "--quiet", "--raw", image.name], capture_output=True,
                             text=True, check=True)
    return out.stdout.strip()


def allow(action="s3:GetObject", resource="*"):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": action, "Resource": resource}]})


class IamTestCase(ServerTestCase):
    def client(self, service="iam", region="us-east-1", **credentials):
        return boto3.client(service, endpoint_url=self.server.url, region_name=region,
                            config=Config(retries={"max_attempts": 1}), **credentials)

    def setUp(self):
        self.iam = self.client()

    def tearDown(self):
        import urllib.request
        urllib.request.urlopen(urllib.request.Request(f"{self.server.url}/moto-api/reset",
                                                      method="POST")).read()

    def assertError(self, ctx, code, message=None, status=None):
        err = ctx.exception.response["Error"]
        self.assertEqual(err["Code"], code, err)
        if message is not None:
            self.assertEqual(err["Message"], message)
        if status is not None:
            self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)


class Users(IamTestCase):
    def test_user_lifecycle_with_paths(self):
        user = self.iam.create_user(UserName="alice", Path="/eng/")["User"]
        self.assertEqual(user["Arn"], f"arn:aws:iam::{ACCOUNT}:user/eng/alice")
        self.assertRegex(user["UserId"], r"^AIDA[A-Z0-9]{17}$")
        self.assertIn("CreateDate", user)
        self.iam.create_user(UserName="bob")
        names = [u["UserName"] for u in self.iam.list_users(PathPrefix="/eng/")["Users"]]
        self.assertEqual(names, ["alice"])
        self.iam.update_user(UserName="alice", NewUserName="alicia", NewPath="/ops/")
        got = self.iam.get_user(UserName="alicia")["User"]
        self.assertEqual(got["Arn"], f"arn:aws:iam::{ACCOUNT}:user/ops/alicia")
        self.assertEqual(got["UserId"], user["UserId"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_user(UserName="alice")
        self.assertError(ctx, "NoSuchEntity", "The user with name alice cannot be found.", 404)

    def test_names_are_unique_ignoring_case(self):
        self.iam.create_user(UserName="Carol")
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_user(UserName="carol")
        self.assertError(ctx, "EntityAlreadyExists", "User with name carol already exists.", 409)

    def test_invalid_path_and_name_are_refused(self):
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_user(UserName="dave", Path="no-slashes")
        self.assertError(ctx, "ValidationError", status=400)
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_user(UserName="da ve")
        self.assertError(ctx, "ValidationError", status=400)

    def test_delete_user_refuses_while_it_holds_things(self):
        self.iam.create_user(UserName="erin")
        self.iam.create_group(GroupName="devs")
        self.iam.add_user_to_group(GroupName="devs", UserName="erin")
        self.iam.put_user_policy(UserName="erin", PolicyName="p", PolicyDocument=allow())
        key = self.iam.create_access_key(UserName="erin")["AccessKey"]
        for undo, message in [
                (lambda: self.iam.delete_user_policy(UserName="erin", PolicyName="p"),
                 "Cannot delete entity, must delete policies first."),
                (lambda: self.iam.delete_access_key(UserName="erin",
                                                    AccessKeyId=key["AccessKeyId"]),
                 "Cannot delete entity, must delete access keys first."),
                (lambda: self.iam.remove_user_from_group(GroupName="devs", UserName="erin"),
                 "Cannot delete entity, must remove user from all groups first.")]:
            with self.assertRaises(ClientError) as ctx:
                self.iam.delete_user(UserName="erin")
            self.assertError(ctx, "DeleteConflict", message, 409)
            undo()
        self.iam.delete_user(UserName="erin")
        self.assertEqual(self.iam.list_users()["Users"], [])

    def test_groups_and_membership(self):
        group = self.iam.create_group(GroupName="admins", Path="/it/")["Group"]
        self.assertRegex(group["GroupId"], r"^AGPA[A-Z0-9]{17}$")
        for name in ("u1", "u2"):
            self.iam.create_user(UserName=name)
            self.iam.add_user_to_group(GroupName="admins", UserName=name)
        got = self.iam.get_group(GroupName="admins")
        self.assertEqual([u["UserName"] for u in got["Users"]], ["u1", "u2"])
        self.assertEqual([g["GroupName"] for g in
                          self.iam.list_groups_for_user(UserName="u1")["Groups"]], ["admins"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_group(GroupName="admins")
        self.assertError(ctx, "DeleteConflict",
                         "Cannot delete entity, must remove users from group first.")
        with self.assertRaises(ClientError) as ctx:
            self.iam.add_user_to_group(GroupName="nobody", UserName="u1")
        self.assertError(ctx, "NoSuchEntity", "The group with name nobody cannot be found.")

    def test_paging_with_marker(self):
        for i in range(5):
            self.iam.create_user(UserName=f"user{i}")
        page = self.iam.list_users(MaxItems=2)
        self.assertTrue(page["IsTruncated"])
        seen = [u["UserName"] for u in page["Users"]]
        while page["IsTruncated"]:
            page = self.iam.list_users(MaxItems=2, Marker=page["Marker"])
            seen += [u["UserName"] for u in page["Users"]]
        self.assertEqual(seen, [f"user{i}" for i in range(5)])
        paginated = self.iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 3})
        self.assertEqual(len([u for p in paginated for u in p["Users"]]), 5)

    def test_tags(self):
        self.iam.create_user(UserName="tagged", Tags=[{"Key": "team", "Value": "a"}])
        self.iam.tag_user(UserName="tagged", Tags=[{"Key": "env", "Value": "dev"}])
        self.iam.untag_user(UserName="tagged", TagKeys=["team"])
        self.assertEqual(self.iam.list_user_tags(UserName="tagged")["Tags"],
                         [{"Key": "env", "Value": "dev"}])
        with self.assertRaises(ClientError) as ctx:
            self.iam.tag_user(UserName="tagged", Tags=[{"Key": "A", "Value": "1"},
                                                       {"Key": "a", "Value": "2"}])
        self.assertError(ctx, "InvalidInput")
        self.iam.tag_user(UserName="tagged",
                          Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
        with self.assertRaises(ClientError) as ctx:
            self.iam.tag_user(UserName="tagged", Tags=[{"Key": "one-too-many", "Value": "v"}])
        self.assertError(ctx, "LimitExceeded", status=409)


class Roles(IamTestCase):
    def test_role_round_trip(self):
        role = self.iam.create_role(RoleName="fn", AssumeRolePolicyDocument=TRUST,
                                    Description="runs things", MaxSessionDuration=7200,
                                    Path="/service/")["Role"]
        self.assertRegex(role["RoleId"], r"^AROA[A-Z0-9]{17}$")
        self.assertEqual(role["Arn"], f"arn:aws:iam::{ACCOUNT}:role/service/fn")
        got = self.iam.get_role(RoleName="fn")["Role"]
        self.assertEqual(got["AssumeRolePolicyDocument"], json.loads(TRUST))
        self.assertEqual(got["MaxSessionDuration"], 7200)
        self.assertEqual(got["Description"], "runs things")
        self.iam.update_role(RoleName="fn", Description="new", MaxSessionDuration=3600)
        self.assertEqual(self.iam.get_role(RoleName="fn")["Role"]["MaxSessionDuration"], 3600)

    def test_session_duration_bounds(self):
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST,
                                 MaxSessionDuration=50000)
        self.assertError(ctx, "ValidationError")

    def test_trust_policy_updates_are_checked(self):
        self.iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
        bad = json.loads(TRUST)
        bad["Statement"][0]["Resource"] = "*"
        with self.assertRaises(ClientError) as ctx:
            self.iam.update_assume_role_policy(RoleName="r", PolicyDocument=json.dumps(bad))
        self.assertError(ctx, "MalformedPolicyDocument", "Has prohibited field Resource.")

    def test_permissions_boundary(self):
        boundary = f"arn:aws:iam::{ACCOUNT}:policy/boundary"
        role = self.iam.create_role(RoleName="b", AssumeRolePolicyDocument=TRUST,
                                    PermissionsBoundary=boundary)["Role"]
        self.assertEqual(role["PermissionsBoundary"],
                         {"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                          "PermissionsBoundaryArn": boundary})
        self.iam.delete_role_permissions_boundary(RoleName="b")
        self.assertNotIn("PermissionsBoundary", self.iam.get_role(RoleName="b")["Role"])

    def test_instance_profiles(self):
        self.iam.create_role(RoleName="ec2", AssumeRolePolicyDocument=TRUST)
        profile = self.iam.create_instance_profile(InstanceProfileName="web")["InstanceProfile"]
        self.assertRegex(profile["InstanceProfileId"], r"^AIPA[A-Z0-9]{17}$")
        self.iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="ec2")
        listed = self.iam.list_instance_profiles_for_role(RoleName="ec2")["InstanceProfiles"]
        self.assertEqual([p["Roles"][0]["RoleName"] for p in listed], ["ec2"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_role(RoleName="ec2")
        self.assertError(ctx, "DeleteConflict")
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_instance_profile(InstanceProfileName="web")
        self.assertError(ctx, "DeleteConflict")
        self.iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="ec2")
        self.iam.delete_instance_profile(InstanceProfileName="web")
        self.iam.delete_role(RoleName="ec2")

    def test_other_partition(self):
        iam = self.client(region="cn-north-1")
        role = iam.create_role(RoleName="cn", AssumeRolePolicyDocument=TRUST)["Role"]
        self.assertEqual(role["Arn"], f"arn:aws-cn:iam::{ACCOUNT}:role/cn")
        # The aws partition of the same account is a separate IAM.
        with self.assertRaises(ClientError):
            self.iam.get_role(RoleName="cn")


class ManagedPolicies(IamTestCase):
    def test_versions(self):
        arn = self.iam.create_policy(PolicyName="p", PolicyDocument=allow())["Policy"]["Arn"]
        self.assertEqual(arn, f"arn:aws:iam::{ACCOUNT}:policy/p")
        for i in range(2, 6):
            v = self.iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow(f"s3:Op{i}"),
                                               SetAsDefault=(i == 3))["PolicyVersion"]
            self.assertEqual(v["VersionId"], f"v{i}")
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow())
        self.assertError(ctx, "LimitExceeded", status=409)
        policy = self.iam.get_policy(PolicyArn=arn)["Policy"]
        self.assertEqual(policy["DefaultVersionId"], "v3")
        doc = self.iam.get_policy_version(PolicyArn=arn, VersionId="v3")["PolicyVersion"]
        self.assertEqual(doc["Document"]["Statement"][0]["Action"], "s3:Op3")
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_policy_version(PolicyArn=arn, VersionId="v3")
        self.assertError(ctx, "DeleteConflict", "Cannot delete the default version of the policy.")
        self.iam.set_default_policy_version(PolicyArn=arn, VersionId="v5")
        versions = self.iam.list_policy_versions(PolicyArn=arn)["Versions"]
        self.assertEqual([v["VersionId"] for v in versions if v["IsDefaultVersion"]], ["v5"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_policy(PolicyArn=arn)
        self.assertError(ctx, "DeleteConflict")
        for v in ("v1", "v2", "v3", "v4"):
            self.iam.delete_policy_version(PolicyArn=arn, VersionId=v)
        self.iam.delete_policy(PolicyArn=arn)
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_policy(PolicyArn=arn)
        self.assertError(ctx, "NoSuchEntity", status=404)

    def test_attachments(self):
        arn = self.iam.create_policy(PolicyName="att", PolicyDocument=allow(),
                                     Path="/team/")["Policy"]["Arn"]
        self.iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
        self.iam.create_user(UserName="u")
        self.iam.attach_role_policy(RoleName="r", PolicyArn=arn)
        self.iam.attach_user_policy(UserName="u", PolicyArn=arn)
        aws_policy = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        self.iam.attach_role_policy(RoleName="r", PolicyArn=aws_policy)
        self.assertEqual(self.iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"], 2)
        attached = self.iam.list_attached_role_policies(RoleName="r")["AttachedPolicies"]
        self.assertEqual(attached, [{"PolicyName": "att", "PolicyArn": arn},
                                    {"PolicyName": "ReadOnlyAccess", "PolicyArn": aws_policy}])
        entities = self.iam.list_entities_for_policy(PolicyArn=arn)
        self.assertEqual([r["RoleName"] for r in entities["PolicyRoles"]], ["r"])
        self.assertEqual([u["UserName"] for u in entities["PolicyUsers"]], ["u"])
        only = self.iam.list_policies(Scope="Local", OnlyAttached=True)["Policies"]
        self.assertEqual([p["PolicyName"] for p in only], ["att"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_role(RoleName="r")
        self.assertError(ctx, "DeleteConflict",
                         "Cannot delete entity, must detach all policies first.")
        with self.assertRaises(ClientError) as ctx:
            self.iam.attach_role_policy(RoleName="r",
                                        PolicyArn=f"arn:aws:iam::{ACCOUNT}:policy/missing")
        self.assertError(ctx, "NoSuchEntity")
        self.iam.detach_role_policy(RoleName="r", PolicyArn=arn)
        with self.assertRaises(ClientError) as ctx:
            self.iam.detach_role_policy(RoleName="r", PolicyArn=arn)
        self.assertError(ctx, "NoSuchEntity")

    def test_aws_managed_policies(self):
        arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        self.iam.create_role(RoleName="fn", AssumeRolePolicyDocument=TRUST)
        self.iam.attach_role_policy(RoleName="fn", PolicyArn=arn)
        policy = self.iam.get_policy(PolicyArn=arn)["Policy"]
        self.assertEqual((policy["PolicyName"], policy["Path"], policy["PolicyId"]),
                         ("AWSLambdaBasicExecutionRole", "/service-role/",
                          "ANPAJNCQGXC42545SKXIK"))
        self.assertEqual((policy["DefaultVersionId"], policy["AttachmentCount"]), ("v1", 1))
        self.assertTrue(policy["IsAttachable"])
        self.assertEqual(policy["CreateDate"].year, 2015)
        version = self.iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
        actions = version["Document"]["Statement"][0]["Action"]
        self.assertIn("logs:PutLogEvents", actions)
        self.assertTrue(version["IsDefaultVersion"])
        versions = self.iam.list_policy_versions(PolicyArn=arn)["Versions"]
        self.assertEqual([v["VersionId"] for v in versions], ["v1"])
        entities = self.iam.list_entities_for_policy(PolicyArn=arn)
        self.assertEqual([r["RoleName"] for r in entities["PolicyRoles"]], ["fn"])

        aws = self.iam.get_paginator("list_policies").paginate(
            Scope="AWS", PaginationConfig={"PageSize": 7}).build_full_result()["Policies"]
        names = [p["PolicyName"] for p in aws]
        self.assertIn("AdministratorAccess", names)
        self.assertIn("AWSLambdaBasicExecutionRole", names)
        self.assertEqual(len(names), len(set(names)))
        self.assertTrue(all(p["Arn"].startswith("arn:aws:iam::aws:policy/") for p in aws))
        service_role = self.iam.list_policies(Scope="AWS", PathPrefix="/service-role/")
        self.assertTrue(all(p["Path"] == "/service-role/" for p in service_role["Policies"]))
        attached = self.iam.list_policies(Scope="AWS", OnlyAttached=True)["Policies"]
        self.assertEqual([p["PolicyName"] for p in attached], ["AWSLambdaBasicExecutionRole"])
        self.iam.create_policy(PolicyName="mine", PolicyDocument=allow())
        local = self.iam.list_policies(Scope="Local")["Policies"]
        self.assertEqual([p["PolicyName"] for p in local], ["mine"])
        everything = self.iam.list_policies(Scope="All", MaxItems=1000)["Policies"]
        self.assertEqual(len(everything), len(aws) + 1)

        missing = "arn:aws:iam::aws:policy/NoSuchManagedPolicy"
        with self.assertRaises(ClientError) as ctx:
            self.iam.attach_role_policy(RoleName="fn", PolicyArn=missing)
        self.assertError(ctx, "NoSuchEntity",
                         f"Policy {missing} does not exist or is not attachable.", 404)
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_policy(PolicyArn=missing)
        self.assertError(ctx, "NoSuchEntity")

    def test_entities_and_details_page_across_kinds(self):
        arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
        self.iam.create_group(GroupName="g1")
        self.iam.attach_group_policy(GroupName="g1", PolicyArn=arn)
        for i in range(3):
            self.iam.create_user(UserName=f"u{i}")
            self.iam.attach_user_policy(UserName=f"u{i}", PolicyArn=arn)
        self.iam.create_role(RoleName="r1", AssumeRolePolicyDocument=TRUST)
        self.iam.attach_role_policy(RoleName="r1", PolicyArn=arn)

        first = self.iam.list_entities_for_policy(PolicyArn=arn, MaxItems=2)
        self.assertTrue(first["IsTruncated"])
        self.assertEqual(([g["GroupName"] for g in first["PolicyGroups"]],
                          [u["UserName"] for u in first["PolicyUsers"]],
                          first["PolicyRoles"]), (["g1"], ["u0"], []))
        rest = self.iam.list_entities_for_policy(PolicyArn=arn, MaxItems=2,
                                                 Marker=first["Marker"])
        self.assertEqual(([u["UserName"] for u in rest["PolicyUsers"]], rest["PolicyGroups"]),
                         (["u1", "u2"], []))
        last = self.iam.list_entities_for_policy(PolicyArn=arn, MaxItems=2, Marker=rest["Marker"])
        self.assertFalse(last["IsTruncated"])
        self.assertNotIn("Marker", last)
        self.assertEqual([r["RoleName"] for r in last["PolicyRoles"]], ["r1"])

        pages = list(self.iam.get_paginator("get_account_authorization_details").paginate(
            PaginationConfig={"PageSize": 2}))
        self.assertEqual(len(pages), 3)  # six items: three users, a group, a role, a policy
        users = [u["UserName"] for p in pages for u in p["UserDetailList"]]
        groups = [g["GroupName"] for p in pages for g in p["GroupDetailList"]]
        roles = [r["RoleName"] for p in pages for r in p["RoleDetailList"]]
        policies = [x for p in pages for x in p["Policies"]]
        self.assertEqual((users, groups, roles), (["u0", "u1", "u2"], ["g1"], ["r1"]))
        self.assertEqual([(x["Arn"], x["AttachmentCount"]) for x in policies], [(arn, 5)])
        self.assertEqual([v["VersionId"] for v in policies[0]["PolicyVersionList"]],
                         [policies[0]["DefaultVersionId"]])
        only_aws = self.iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])
        self.assertEqual([x["PolicyName"] for x in only_aws["Policies"]],
                         ["AmazonS3ReadOnlyAccess"])
        self.assertEqual(only_aws["UserDetailList"], [])

    def test_inline_policies_come_back_decoded(self):
        self.iam.create_group(GroupName="g")
        document = allow("s3:*", "arn:aws:s3:::bucket/a b+c%d")
        self.iam.put_group_policy(GroupName="g", PolicyName="inline", PolicyDocument=document)
        got = self.iam.get_group_policy(GroupName="g", PolicyName="inline")
        self.assertEqual(got["PolicyDocument"], json.loads(document))
        self.assertEqual(self.iam.list_group_policies(GroupName="g")["PolicyNames"], ["inline"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_group_policy(GroupName="g", PolicyName="other")
        self.assertError(ctx, "NoSuchEntity", "The group policy with name other cannot be found.")

    def test_malformed_documents(self):
        cases = [
            ("not json", "Syntax errors in policy."),
            (json.dumps({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}),
             "Policy document must be version 2012-10-17 or greater."),
            (json.dumps({"Version": "2012-10-17",
                         "Statement": {"Effect": "Allow", "Resource": "*"}}),
             "Policy statement must contain actions."),
            (json.dumps({"Version": "2012-10-17",
                         "Statement": {"Effect": "Allow", "Action": "s3:*"}}),
             "Policy statement must contain resources."),
            (json.dumps({"Version": "2012-10-17",
                         "Statement": {"Effect": "Allow", "Action": "nocolon", "Resource": "*"}}),
             "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
            (json.dumps({"Version": "2012-10-17",
                         "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "bucket"}}),
             'Resource bucket must be in ARN format or "*".'),
            (json.dumps({"Version": "2012-10-17",
                         "Statement": {"Effect": "allow", "Action": "s3:*", "Resource": "*"}}),
             "The policy failed legacy parsing"),
            (json.dumps({"Version": "2012-10-17", "Statement": {
                "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}}),
             "Policy document should not specify a principal."),
        ]
        for document, message in cases:
            with self.subTest(message=message), self.assertRaises(ClientError) as ctx:
                self.iam.create_policy(PolicyName="bad", PolicyDocument=document)
            self.assertError(ctx, "MalformedPolicyDocument", message, 400)


class AccessKeysAndSts(IamTestCase):
    def test_key_identifies_its_user_through_sts(self):
        user = self.iam.create_user(UserName="ci", Path="/bots/")["User"]
        key = self.iam.create_access_key(UserName="ci")["AccessKey"]
        self.assertRegex(key["AccessKeyId"], r"^AKIA[A-Z0-9]{16}$")
        self.assertEqual(len(key["SecretAccessKey"]), 40)
        sts = self.client("sts", aws_access_key_id=key["AccessKeyId"],
                          aws_secret_access_key=key["SecretAccessKey"])
        identity = sts.get_caller_identity()
        self.assertEqual(identity["Arn"], user["Arn"])
        self.assertEqual(identity["UserId"], user["UserId"])
        self.assertEqual(identity["Account"], ACCOUNT)
        last = self.iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
        self.assertEqual(last["AccessKeyLastUsed"]["ServiceName"], "sts")
        self.assertEqual(last["AccessKeyLastUsed"]["Region"], "us-east-1")
        self.assertIn("LastUsedDate", last["AccessKeyLastUsed"])
        info = self.client("sts").get_access_key_info(AccessKeyId=key["AccessKeyId"])
        self.assertEqual(info["Account"], ACCOUNT)
        # The user's own key lets IAM know who "me" is.
        me = self.client(aws_access_key_id=key["AccessKeyId"],
                         aws_secret_access_key=key["SecretAccessKey"]).get_user()["User"]
        self.assertEqual(me["UserName"], "ci")
        # A deleted key no longer stands for the user.
        self.iam.delete_access_key(UserName="ci", AccessKeyId=key["AccessKeyId"])
        self.assertNotEqual(sts.get_caller_identity()["Arn"], user["Arn"])

    def test_two_keys_at_most(self):
        self.iam.create_user(UserName="k")
        first = self.iam.create_access_key(UserName="k")["AccessKey"]["AccessKeyId"]
        self.iam.create_access_key(UserName="k")
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_access_key(UserName="k")
        self.assertError(ctx, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409)
        self.iam.update_access_key(UserName="k", AccessKeyId=first, Status="Inactive")
        statuses = {k["AccessKeyId"]: k["Status"]
                    for k in self.iam.list_access_keys(UserName="k")["AccessKeyMetadata"]}
        self.assertEqual(statuses[first], "Inactive")
        last = self.iam.get_access_key_last_used(AccessKeyId=first)
        self.assertEqual(last["UserName"], "k")
        self.assertEqual(last["AccessKeyLastUsed"], {"ServiceName": "N/A", "Region": "N/A"})

    def test_assume_role_honours_max_session_duration(self):
        arn = self.iam.create_role(RoleName="short", AssumeRolePolicyDocument=TRUST,
                                   MaxSessionDuration=3600)["Role"]["Arn"]
        sts = self.client("sts")
        with self.assertRaises(ClientError) as ctx:
            sts.assume_role(RoleArn=arn, RoleSessionName="session", DurationSeconds=7200)
        self.assertError(ctx, "ValidationError",
                         "The requested DurationSeconds exceeds the MaxSessionDuration set for "
                         "this role.")
        sts.assume_role(RoleArn=arn, RoleSessionName="session", DurationSeconds=3600)
        last_used = self.iam.get_role(RoleName="short")["Role"]["RoleLastUsed"]
        self.assertEqual(last_used["Region"], "us-east-1")
        self.assertIn("LastUsedDate", last_used)
        tagged = sts.assume_role(RoleArn=arn, RoleSessionName="tagged",
                                 Tags=[{"Key": "team", "Value": "data"}],
                                 SourceIdentity="alice")
        self.assertEqual(tagged["SourceIdentity"], "alice")
        self.assertGreater(tagged["PackedPolicySize"], 0)
        # A role IAM does not hold may still be assumed, for as long as asked.
        sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/unknown", RoleSessionName="session",
                        DurationSeconds=7200)


class Account(IamTestCase):
    def test_password_policy_alias_and_summary(self):
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_account_password_policy()
        self.assertError(ctx, "NoSuchEntity", status=404)
        self.iam.update_account_password_policy(MinimumPasswordLength=12, RequireSymbols=True)
        policy = self.iam.get_account_password_policy()["PasswordPolicy"]
        self.assertEqual((policy["MinimumPasswordLength"], policy["RequireSymbols"]), (12, True))
        self.iam.delete_account_password_policy()
        self.iam.create_account_alias(AccountAlias="my-corp")
        self.assertEqual(self.iam.list_account_aliases()["AccountAliases"], ["my-corp"])
        self.iam.delete_account_alias(AccountAlias="my-corp")
        self.iam.create_user(UserName="one")
        summary = self.iam.get_account_summary()["SummaryMap"]
        self.assertEqual(summary["Users"], 1)
        self.assertEqual(summary["AccessKeysPerUserQuota"], 2)

    def test_login_profile(self):
        self.iam.create_user(UserName="web")
        self.iam.create_login_profile(UserName="web", Password="Secr3t!pass",
                                      PasswordResetRequired=True)
        profile = self.iam.get_login_profile(UserName="web")["LoginProfile"]
        self.assertTrue(profile["PasswordResetRequired"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_user(UserName="web")
        self.assertError(ctx, "DeleteConflict")
        self.iam.delete_login_profile(UserName="web")
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_login_profile(UserName="web")
        self.assertError(ctx, "NoSuchEntity")

    def test_passwords_follow_the_account_password_policy(self):
        self.iam.create_user(UserName="web")
        # Without an account password policy any password is taken.
        self.iam.create_login_profile(UserName="web", Password="weak")
        self.iam.update_account_password_policy(
            MinimumPasswordLength=10, RequireNumbers=True, RequireUppercaseCharacters=True,
            PasswordReusePrevention=2)
        for password, message in [
                ("Short1", "Password should have a minimum length of 10"),
                ("nonumbersHERE", "Password should have at least one number"),
                ("lowercase123", "Password should have at least one uppercase letter")]:
            with self.assertRaises(ClientError) as ctx:
                self.iam.update_login_profile(UserName="web", Password=password)
            self.assertError(ctx, "PasswordPolicyViolation", message, 400)
        self.iam.update_login_profile(UserName="web", Password="Corr3ct-horse",
                                      PasswordResetRequired=True)

        key = self.iam.create_access_key(UserName="web")["AccessKey"]
        as_web = self.client(aws_access_key_id=key["AccessKeyId"],
                             aws_secret_access_key=key["SecretAccessKey"])
        with self.assertRaises(ClientError) as ctx:
            as_web.change_password(OldPassword="Wrong-0ld-pass", NewPassword="Batt3ry-staple")
        self.assertError(ctx, "AccessDenied")
        with self.assertRaises(ClientError) as ctx:  # the current password counts as used
            as_web.change_password(OldPassword="Corr3ct-horse", NewPassword="Corr3ct-horse")
        self.assertError(ctx, "PasswordPolicyViolation")
        as_web.change_password(OldPassword="Corr3ct-horse", NewPassword="Batt3ry-staple")
        profile = self.iam.get_login_profile(UserName="web")["LoginProfile"]
        self.assertFalse(profile["PasswordResetRequired"])
        # Only the caller's own password changes; a caller that is no IAM user has none.
        with self.assertRaises(ClientError) as ctx:
            self.iam.change_password(OldPassword="Batt3ry-staple", NewPassword="N3w-password!")
        self.assertError(ctx, "InvalidUserType")

    def test_security_token_service_preferences_show_in_the_summary(self):
        summary = self.iam.get_account_summary()["SummaryMap"]
        self.assertEqual(summary["GlobalEndpointTokenVersion"], 1)
        self.iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v2Token")
        summary = self.iam.get_account_summary()["SummaryMap"]
        self.assertEqual(summary["GlobalEndpointTokenVersion"], 2)

    def test_policies_granting_service_access(self):
        self.iam.create_user(UserName="ana")
        self.iam.put_user_policy(UserName="ana", PolicyName="queues",
                                 PolicyDocument=allow(["sqs:Send*", "sqs:Receive*"]))
        self.iam.attach_user_policy(UserName="ana",
                                    PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
        self.iam.create_group(GroupName="team")
        self.iam.add_user_to_group(GroupName="team", UserName="ana")
        self.iam.put_group_policy(GroupName="team", PolicyName="all-but-iam",
                                  PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": {
                                      "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}))
        answer = self.iam.list_policies_granting_service_access(
            Arn=f"arn:aws:iam::{ACCOUNT}:user/ana", ServiceNamespaces=["sqs", "s3", "iam"])
        granting = {entry["ServiceNamespace"]: [(p["PolicyName"], p["PolicyType"],
                                                 p.get("EntityType"))
                                                for p in entry["Policies"]]
                    for entry in answer["PoliciesGrantingServiceAccess"]}
        self.assertEqual(granting, {
            "sqs": [("queues", "INLINE", "USER"), ("all-but-iam", "INLINE", "GROUP")],
            "s3": [("AmazonS3ReadOnlyAccess", "MANAGED", None), ("all-but-iam", "INLINE", "GROUP")],
            "iam": []})
        with self.assertRaises(ClientError) as ctx:
            self.iam.list_policies_granting_service_access(
                Arn=f"arn:aws:iam::{ACCOUNT}:user/nobody", ServiceNamespaces=["s3"])
        self.assertError(ctx, "NoSuchEntity")

    def test_get_mfa_device_knows_no_security_key(self):
        self.iam.create_user(UserName="fido")
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_mfa_device(UserName="fido",
                                    SerialNumber=f"arn:aws:iam::{ACCOUNT}:u2f/user/fido/key-1")
        self.assertError(ctx, "NoSuchEntity", status=404)

    def test_outbound_web_identity_federation_switch(self):
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_outbound_web_identity_federation_info()
        self.assertError(ctx, "FeatureDisabled", status=404)
        issuer = self.iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
        self.assertRegex(issuer, r"^https://[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$")
        with self.assertRaises(ClientError) as ctx:
            self.iam.enable_outbound_web_identity_federation()
        self.assertError(ctx, "FeatureEnabled", status=409)
        info = self.iam.get_outbound_web_identity_federation_info()
        self.assertEqual((info["IssuerIdentifier"], info["JwtVendingEnabled"]), (issuer, True))
        self.iam.disable_outbound_web_identity_federation()
        with self.assertRaises(ClientError) as ctx:
            self.iam.disable_outbound_web_identity_federation()
        self.assertError(ctx, "FeatureDisabled")
        self.assertEqual(self.iam.enable_outbound_web_identity_federation()["IssuerIdentifier"],
                         issuer)

    def test_centralized_root_access_needs_an_organization(self):
        for call in (self.iam.list_organizations_features,
                     self.iam.enable_organizations_root_sessions):
            with self.assertRaises(ClientError) as ctx:
                call()
            self.assertError(ctx, "OrganizationNotFoundException")
            self.assertIsInstance(ctx.exception,
                                  self.iam.exceptions.OrganizationNotFoundException)


def self_signed_certificate():
    """A PEM certificate, an OpenSSH RSA public key (the form IAM takes) and the certificate's
    expiry."""
    import datetime
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "example.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    not_after = now + datetime.timedelta(days=30)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(now)
            .not_valid_after(not_after).sign(key, hashes.SHA256()))
    from cryptography.hazmat.primitives.asymmetric import rsa
    ssh_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ssh = ssh_key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                            serialization.PublicFormat.OpenSSH).decode()
    return cert.public_bytes(serialization.Encoding.PEM).decode(), ssh, not_after


class OtherCredentials(IamTestCase):
    def test_virtual_mfa_device(self):
        self.iam.create_user(UserName="m")
        device = self.iam.create_virtual_mfa_device(VirtualMFADeviceName="phone")
        device = device["VirtualMFADevice"]
        self.assertEqual(device["SerialNumber"], f"arn:aws:iam::{ACCOUNT}:mfa/phone")
        seed = device["Base32StringSeed"]
        self.assertRegex(seed.decode(), r"^[A-Z2-7]{32}$")
        # The QR code carries the same secret, as an authenticator app reads it.
        self.assertEqual(decode_qr(device["QRCodePNG"]),
                         f"otpauth://totp/Amazon%20Web%20Services:phone@{ACCOUNT}"
                         f"?secret={seed.decode()}")
        self.iam.enable_mfa_device(UserName="m", SerialNumber=device["SerialNumber"],
                                   AuthenticationCode1="123456", AuthenticationCode2="654321")
        assigned = self.iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")
        self.assertEqual(assigned["VirtualMFADevices"][0]["User"]["UserName"], "m")
        self.assertEqual([d["SerialNumber"] for d in
                          self.iam.list_mfa_devices(UserName="m")["MFADevices"]],
                         [device["SerialNumber"]])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_virtual_mfa_device(SerialNumber=device["SerialNumber"])
        self.assertError(ctx, "DeleteConflict")
        self.iam.deactivate_mfa_device(UserName="m", SerialNumber=device["SerialNumber"])
        self.iam.delete_virtual_mfa_device(SerialNumber=device["SerialNumber"])
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_virtual_mfa_device(SerialNumber=device["SerialNumber"])
        self.assertError(ctx, "NoSuchEntity")

    def test_virtual_mfa_device_tags(self):
        device = self.iam.create_virtual_mfa_device(
            VirtualMFADeviceName="tagged", Tags=[{"Key": "team", "Value": "a"}],
        )["VirtualMFADevice"]
        self.assertEqual(device["Tags"], [{"Key": "team", "Value": "a"}])
        serial = device["SerialNumber"]
        self.iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "team", "Value": "b"},
                                                           {"Key": "env", "Value": "test"}])
        tags = self.iam.list_mfa_device_tags(SerialNumber=serial)["Tags"]
        self.assertEqual({t["Key"]: t["Value"] for t in tags}, {"team": "b", "env": "test"})
        self.iam.untag_mfa_device(SerialNumber=serial, TagKeys=["team"])
        self.assertEqual(self.iam.list_mfa_device_tags(SerialNumber=serial)["Tags"],
                         [{"Key": "env", "Value": "test"}])
        with self.assertRaises(ClientError) as ctx:
            self.iam.list_mfa_device_tags(SerialNumber=f"arn:aws:iam::{ACCOUNT}:mfa/none")
        self.assertError(ctx, "NoSuchEntity")

    def test_ssh_keys_and_certificates(self):
        pem, ssh, not_after = self_signed_certificate()
        self.iam.create_user(UserName="dev")
        key = self.iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody=ssh)["SSHPublicKey"]
        self.assertRegex(key["SSHPublicKeyId"], r"^APKA[A-Z0-9]{16}$")
        self.assertRegex(key["Fingerprint"], r"^([0-9a-f]{2}:){15}[0-9a-f]{2}$")
        with self.assertRaises(ClientError) as ctx:
            self.iam.upload_ssh_public_key(UserName="dev", SSHPublicKeyBody="not a key")
        self.assertError(ctx, "InvalidPublicKey")
        self.iam.update_ssh_public_key(UserName="dev", SSHPublicKeyId=key["SSHPublicKeyId"],
                                       Status="Inactive")
        listed = self.iam.list_ssh_public_keys(UserName="dev")["SSHPublicKeys"]
        self.assertEqual(listed[0]["Status"], "Inactive")
        cert = self.iam.upload_signing_certificate(UserName="dev",
                                                   CertificateBody=pem)["Certificate"]
        self.assertEqual(cert["Status"], "Active")
        with self.assertRaises(ClientError) as ctx:
            self.iam.upload_signing_certificate(UserName="dev", CertificateBody="garbage")
        self.assertError(ctx, "MalformedCertificate")
        server = self.iam.upload_server_certificate(
            ServerCertificateName="web", CertificateBody=pem, PrivateKey="key",
            Path="/cloudfront/")["ServerCertificateMetadata"]
        self.assertEqual(server["Arn"],
                         f"arn:aws:iam::{ACCOUNT}:server-certificate/cloudfront/web")
        self.assertEqual(server["Expiration"].replace(microsecond=0),
                         not_after.replace(microsecond=0))
        got = self.iam.get_server_certificate(ServerCertificateName="web")["ServerCertificate"]
        self.assertEqual(got["CertificateBody"], pem)

    def test_identity_providers(self):
        saml = self.iam.create_saml_provider(Name="Idp", SAMLMetadataDocument=SAML_METADATA)
        self.assertEqual(saml["SAMLProviderArn"], f"arn:aws:iam::{ACCOUNT}:saml-provider/Idp")
        got = self.iam.get_saml_provider(SAMLProviderArn=saml["SAMLProviderArn"])
        self.assertEqual(got["SAMLMetadataDocument"], SAML_METADATA)
        oidc = self.iam.create_open_id_connect_provider(
            Url="https://token.example.com", ClientIDList=["app"],
            ThumbprintList=["a" * 40])["OpenIDConnectProviderArn"]
        self.assertEqual(oidc, f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.example.com")
        self.iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=oidc,
                                                           ClientID="other")
        got = self.iam.get_open_id_connect_provider(OpenIDConnectProviderArn=oidc)
        self.assertEqual(got["Url"], "token.example.com")
        self.assertEqual(got["ClientIDList"], ["app", "other"])
        summary = self.iam.get_account_summary()["SummaryMap"]
        self.assertEqual(summary["Providers"], 2)

    def test_service_linked_role(self):
        role = self.iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com",
                                                   Description="scaling")["Role"]
        self.assertEqual(role["RoleName"], "AWSServiceRoleForAutoScaling")
        self.assertEqual(role["Path"], "/aws-service-role/autoscaling.amazonaws.com/")
        principal = role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
        self.assertEqual(principal, {"Service": ["autoscaling.amazonaws.com"]})
        task = self.iam.delete_service_linked_role(RoleName=role["RoleName"])["DeletionTaskId"]
        status = self.iam.get_service_linked_role_deletion_status(DeletionTaskId=task)
        self.assertEqual(status["Status"], "SUCCEEDED")

    def test_credential_report_and_authorization_details(self):
        self.iam.create_user(UserName="reported")
        self.iam.create_access_key(UserName="reported")
        with self.assertRaises(ClientError) as ctx:
            self.iam.get_credential_report()
        self.assertError(ctx, "ReportNotPresent", status=410)
        self.assertEqual(self.iam.generate_credential_report()["State"], "STARTED")
        self.assertEqual(self.iam.generate_credential_report()["State"], "COMPLETE")
        report = self.iam.get_credential_report()
        lines = report["Content"].decode().splitlines()
        header = lines[0].split(",")
        self.assertEqual(header[:3], ["user", "arn", "user_creation_time"])
        self.assertEqual(len(header), 22)
        rows = {line.split(",")[0]: dict(zip(header, line.split(","))) for line in lines[1:]}
        self.assertIn("<root_account>", rows)
        self.assertEqual(rows["reported"]["access_key_1_active"], "true")
        self.iam.create_role(RoleName="detailed", AssumeRolePolicyDocument=TRUST)
        self.iam.put_role_policy(RoleName="detailed", PolicyName="inline",
                                 PolicyDocument=allow())
        details = self.iam.get_account_authorization_details(Filter=["Role"])
        self.assertEqual(details["UserDetailList"], [])
        role = details["RoleDetailList"][0]
        self.assertEqual(role["RolePolicyList"][0]["PolicyDocument"], json.loads(allow()))

    def test_service_specific_credentials(self):
        self.iam.create_user(UserName="dev")
        created = self.iam.create_service_specific_credential(
            UserName="dev", ServiceName="codecommit.amazonaws.com")["ServiceSpecificCredential"]
        self.assertEqual(created["ServiceUserName"], f"dev-at-{ACCOUNT}")
        self.assertTrue(created["ServicePassword"])
        self.assertEqual(created["Status"], "Active")
        key = self.iam.create_service_specific_credential(
            UserName="dev", ServiceName="bedrock.amazonaws.com",
            CredentialAgeDays=30)["ServiceSpecificCredential"]
        self.assertTrue(key["ServiceCredentialAlias"].startswith("dev"))
        self.assertTrue(key["ServiceCredentialSecret"])
        self.assertIn("ExpirationDate", key)
        self.iam.create_service_specific_credential(UserName="dev",
                                                    ServiceName="codecommit.amazonaws.com")
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_service_specific_credential(UserName="dev",
                                                        ServiceName="codecommit.amazonaws.com")
        self.assertError(ctx, "LimitExceeded", status=409)
        with self.assertRaises(ClientError) as ctx:
            self.iam.create_service_specific_credential(UserName="dev",
                                                        ServiceName="s3.amazonaws.com")
        self.assertError(ctx, "NotSupportedService", status=404)

        listed = self.iam.list_service_specific_credentials(
            UserName="dev", ServiceName="codecommit.amazonaws.com")["ServiceSpecificCredentials"]
        self.assertEqual(len(listed), 2)
        self.assertNotIn("ServicePassword", listed[0])
        cred_id = created["ServiceSpecificCredentialId"]
        reset = self.iam.reset_service_specific_credential(
            UserName="dev", ServiceSpecificCredentialId=cred_id)["ServiceSpecificCredential"]
        self.assertNotEqual(reset["ServicePassword"], created["ServicePassword"])
        self.iam.update_service_specific_credential(
            UserName="dev", ServiceSpecificCredentialId=cred_id, Status="Inactive")
        statuses = {c["ServiceSpecificCredentialId"]: c["Status"] for c in
                    self.iam.list_service_specific_credentials(
                        AllUsers=True)["ServiceSpecificCredentials"]}
        self.assertEqual(len(statuses), 3)
        self.assertEqual(statuses[cred_id], "Inactive")
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_user(UserName="dev")
        self.assertError(ctx, "DeleteConflict")
        for cred in statuses:
            self.iam.delete_service_specific_credential(UserName="dev",
                                                        ServiceSpecificCredentialId=cred)
        with self.assertRaises(ClientError) as ctx:
            self.iam.delete_service_specific_credential(UserName="dev",
                                                        ServiceSpecificCredentialId=cred_id)
        self.assertError(ctx, "NoSuchEntity", status=404)
        self.iam.delete_user(UserName="dev")


class AwsCli(unittest.TestCase):
    def test_cli_creates_and_reads_a_role_under_motoc_run(self):
        script = (f"aws iam create-role --role-name cli-role --assume-role-policy-document "
                  f"'{TRUST}' --output json >/dev/null && "
                  f"aws iam get-role --role-name cli-role --output json")
        proc = subprocess.run([MOTOC_RUN, "sh", "-c", script], env=clean_env(),
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        role = json.loads(proc.stdout)["Role"]
        self.assertEqual(role["Arn"], f"arn:aws:iam::{ACCOUNT}:role/cli-role")
        self.assertEqual(role["AssumeRolePolicyDocument"], json.loads(TRUST))


if __name__ == "__main__":
    run_tests()
