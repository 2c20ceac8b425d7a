"""CloudWatch Logs group settings and account policies through motoc-server with boto3: data
protection and index policies, transformers, deletion protection, account-level policies and
ListLogGroups' regex filter."""
import json
import os
import sys
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

PROTECTION = json.dumps({
    "Name": "emails", "Version": "2021-06-01",
    "Statement": [
        {"Sid": "audit", "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/"
                                            "EmailAddress"], "Operation": {"Audit": {}}},
        {"Sid": "redact", "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/"
                                             "EmailAddress"], "Operation": {"Deidentify": {
                                                 "MaskConfig": {}}}}]})


class SettingsTest(ServerTestCase):
    def setUp(self):
        urllib.request.urlopen(urllib.request.Request(self.server.url + "/moto-api/reset",
                                                      method="POST")).read()
        self.logs = boto3.client("logs", endpoint_url=self.server.url, region_name="us-east-1",
                                 config=Config(retries={"max_attempts": 1}))
        self.logs.create_log_group(logGroupName="/app")
        self.arn = self.logs.describe_log_groups()["logGroups"][0]["logGroupArn"]

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response["Error"]

    def test_data_protection_policy_by_name_or_arn(self):
        self.logs.put_data_protection_policy(logGroupIdentifier="/app",
                                             policyDocument=PROTECTION)
        got = self.logs.get_data_protection_policy(logGroupIdentifier=self.arn)
        self.assertEqual((got["logGroupIdentifier"], got["policyDocument"]),
                         (self.arn, PROTECTION))
        group = self.logs.describe_log_groups()["logGroups"][0]
        self.assertEqual(group["dataProtectionStatus"], "ACTIVATED")
        self.logs.delete_data_protection_policy(logGroupIdentifier="/app")
        self.assertNotIn("policyDocument",
                         self.logs.get_data_protection_policy(logGroupIdentifier="/app"))
        err = self.error(self.logs.delete_data_protection_policy, logGroupIdentifier="/app")
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        err = self.error(self.logs.put_data_protection_policy, logGroupIdentifier="/app",
                         policyDocument="not json")
        self.assertEqual(err["Code"], "InvalidParameterException")
        err = self.error(self.logs.get_data_protection_policy, logGroupIdentifier="/missing")
        self.assertEqual(err["Code"], "ResourceNotFoundException")

    def test_index_policies_and_transformers_are_kept_per_group(self):
        doc = json.dumps({"Fields": ["requestId"]})
        made = self.logs.put_index_policy(logGroupIdentifier="/app", policyDocument=doc)
        self.assertEqual(made["indexPolicy"]["policyDocument"], doc)
        listed = self.logs.describe_index_policies(logGroupIdentifiers=["/app"])["indexPolicies"]
        self.assertEqual([(p["logGroupIdentifier"], p["source"]) for p in listed],
                         [(self.arn, "LOG_GROUP")])
        self.logs.delete_index_policy(logGroupIdentifier="/app")
        self.assertEqual(self.logs.describe_index_policies(
            logGroupIdentifiers=["/app"])["indexPolicies"], [])
        config = [{"parseJSON": {}}, {"addKeys": {"entries": [{"key": "env", "value": "t"}]}}]
        self.logs.put_transformer(logGroupIdentifier="/app", transformerConfig=config)
        got = self.logs.get_transformer(logGroupIdentifier="/app")
        self.assertEqual(got["transformerConfig"], config)
        self.logs.delete_transformer(logGroupIdentifier="/app")
        err = self.error(self.logs.get_transformer, logGroupIdentifier="/app")
        self.assertEqual(err["Code"], "ResourceNotFoundException")

    def test_deletion_protection_blocks_delete_until_disabled(self):
        self.logs.put_log_group_deletion_protection(logGroupIdentifier="/app",
                                                    deletionProtectionEnabled=True)
        self.assertTrue(self.logs.describe_log_groups()["logGroups"][0][
            "deletionProtectionEnabled"])
        err = self.error(self.logs.delete_log_group, logGroupName="/app")
        self.assertEqual(err["Code"], "ValidationException")
        self.logs.put_log_group_deletion_protection(logGroupIdentifier="/app",
                                                    deletionProtectionEnabled=False)
        self.logs.delete_log_group(logGroupName="/app")
        self.assertEqual(self.logs.describe_log_groups()["logGroups"], [])

    def test_account_policies_by_type(self):
        made = self.logs.put_account_policy(policyName="mask", policyDocument=PROTECTION,
                                            policyType="DATA_PROTECTION_POLICY")["accountPolicy"]
        self.assertEqual((made["scope"], made["accountId"]), ("ALL", "123456789012"))
        err = self.error(self.logs.put_account_policy, policyName="second",
                         policyDocument=PROTECTION, policyType="DATA_PROTECTION_POLICY")
        self.assertEqual(err["Code"], "LimitExceededException")
        self.logs.put_account_policy(policyName="subs", policyType="SUBSCRIPTION_FILTER_POLICY",
                                     policyDocument=json.dumps({"DestinationArn": "x"}),
                                     selectionCriteria='LogGroupName NOT IN ["/app"]')
        listed = self.logs.describe_account_policies(
            policyType="SUBSCRIPTION_FILTER_POLICY")["accountPolicies"]
        self.assertEqual([(p["policyName"], p["selectionCriteria"]) for p in listed],
                         [("subs", 'LogGroupName NOT IN ["/app"]')])
        self.logs.delete_account_policy(policyName="mask", policyType="DATA_PROTECTION_POLICY")
        err = self.error(self.logs.delete_account_policy, policyName="mask",
                         policyType="DATA_PROTECTION_POLICY")
        self.assertEqual(err["Code"], "ResourceNotFoundException")

    def test_list_log_groups_filters_by_regex_and_pages(self):
        for name in ("/aws/lambda/a", "/aws/lambda/b", "/aws/ecs/c"):
            self.logs.create_log_group(logGroupName=name)
        found = self.logs.list_log_groups(logGroupNamePattern="^/aws/lambda|ecs")["logGroups"]
        self.assertEqual([g["logGroupName"] for g in found],
                         ["/aws/ecs/c", "/aws/lambda/a", "/aws/lambda/b"])
        self.assertEqual(set(found[0]), {"logGroupName", "logGroupArn", "logGroupClass"})
        first = self.logs.list_log_groups(limit=2)
        rest = self.logs.list_log_groups(limit=2, nextToken=first["nextToken"])
        self.assertEqual(len(first["logGroups"]) + len(rest["logGroups"]), 4)
        self.assertNotIn("nextToken", rest)


if __name__ == "__main__":
    run_tests()
