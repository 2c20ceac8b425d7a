"""DynamoDB and DynamoDB Streams through motoc-server with boto3 (client and resource APIs) and the
AWS CLI, pointed at it by endpoint URL. Errors are checked on code, status and message."""
import decimal
import json
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from boto3.dynamodb.conditions import Attr, Key  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"


class DynamoDBTestCase(ServerTestCase):
    def setUp(self):
        config = Config(retries={"max_attempts": 1})
        self.client = boto3.client("dynamodb", endpoint_url=self.server.url,
                                   region_name="us-east-1", config=config)
        self.resource = boto3.resource("dynamodb", endpoint_url=self.server.url,
                                       region_name="us-east-1", config=config)
        self.streams = boto3.client("dynamodbstreams", endpoint_url=self.server.url,
                                    region_name="us-east-1", config=config)
        self.tables = []

    def tearDown(self):
        for name in self.tables:
            try:
                self.client.delete_table(TableName=name)
            except ClientError:
                pass

    def make_table(self, name, hash_key="pk", hash_type="S", range_key=None, range_type="S",
                   **extra):
        definitions = [{"AttributeName": hash_key, "AttributeType": hash_type}]
        schema = [{"AttributeName": hash_key, "KeyType": "HASH"}]
        if range_key:
            definitions.append({"AttributeName": range_key, "AttributeType": range_type})
            schema.append({"AttributeName": range_key, "KeyType": "RANGE"})
        definitions += extra.pop("ExtraDefinitions", [])
        self.client.create_table(TableName=name, KeySchema=schema,
                                 AttributeDefinitions=definitions,
                                 BillingMode="PAY_PER_REQUEST", **extra)
        self.tables.append(name)
        return self.resource.Table(name)

    def assert_error(self, call, code, message, status=400):
        with self.assertRaises(ClientError) as ctx:
            call()
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], code)
        self.assertEqual(err["Error"]["Message"], message)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status)
        return ctx.exception.response


class TableTest(DynamoDBTestCase):
    def test_create_describe_list_delete(self):
        self.make_table("tt_one", range_key="sk", range_type="N", Tags=[{"Key": "k", "Value": "v"}])
        desc = self.client.describe_table(TableName="tt_one")["Table"]
        self.assertEqual(desc["TableStatus"], "ACTIVE")
        self.assertEqual(desc["TableArn"], f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/tt_one")
        self.assertEqual(desc["ItemCount"], 0)
        self.assertEqual(desc["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertIn("tt_one", self.client.list_tables()["TableNames"])
        tags = self.client.list_tags_of_resource(ResourceArn=desc["TableArn"])["Tags"]
        self.assertEqual(tags, [{"Key": "k", "Value": "v"}])
        self.client.delete_table(TableName="tt_one")
        self.assert_error(lambda: self.client.describe_table(TableName="tt_one"),
                          "ResourceNotFoundException",
                          "Requested resource not found: Table: tt_one not found")

    def test_tag_limits_leave_tags_unchanged(self):
        self.make_table("tt_tags")
        arn = self.client.describe_table(TableName="tt_tags")["Table"]["TableArn"]
        self.client.tag_resource(ResourceArn=arn, Tags=[
            {"Key": f"k{i}", "Value": "v"} for i in range(49)])
        self.assert_error(lambda: self.client.tag_resource(ResourceArn=arn, Tags=[
            {"Key": "k0", "Value": "new"}, {"Key": "x", "Value": "1"}, {"Key": "y", "Value": "1"}]),
            "ValidationException", "One or more parameter values were invalid: The number of "
            "tags exceeds the limit of 50")
        tags = self.client.list_tags_of_resource(ResourceArn=arn)["Tags"]
        self.assertEqual(len(tags), 49)
        self.assertEqual(tags[0], {"Key": "k0", "Value": "v"})
        self.client.tag_resource(ResourceArn=arn, Tags=[{"Key": "k0", "Value": "new"}])
        tags = self.client.list_tags_of_resource(ResourceArn=arn)["Tags"]
        self.assertEqual(tags[0], {"Key": "k0", "Value": "new"}, "replaced in place")
        with self.assertRaises(ClientError) as ctx:
            self.client.tag_resource(ResourceArn=arn, Tags=[{"Key": "aws:owner", "Value": "me"}])
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ValidationException")

    def test_list_tables_paginates(self):
        for i in range(3):
            self.make_table(f"tt_page_{i}")
        page = self.client.list_tables(Limit=2, ExclusiveStartTableName="tt_page_")
        self.assertEqual(page["TableNames"], ["tt_page_0", "tt_page_1"])
        self.assertEqual(page["LastEvaluatedTableName"], "tt_page_1")

    def test_create_errors(self):
        self.make_table("tt_dup")
        self.assert_error(lambda: self.make_table("tt_dup"), "ResourceInUseException",
                          "Table already exists: tt_dup")
        self.assert_error(
            lambda: self.client.create_table(
                TableName="tt_bad", KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"}]),
            "ValidationException",
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
            "must both be specified when BillingMode is PROVISIONED")
        self.assert_error(
            lambda: self.client.create_table(
                TableName="x", KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST"),
            "ValidationException",
            "1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 3")

    def test_key_schema_and_definition_mismatches(self):
        invalid = "One or more parameter values were invalid: "

        def create(definitions, schema, **extra):
            return lambda: self.client.create_table(
                TableName="tt_schema", BillingMode="PAY_PER_REQUEST", KeySchema=schema,
                AttributeDefinitions=[{"AttributeName": n, "AttributeType": t}
                                      for n, t in definitions], **extra)

        hash_key = [{"AttributeName": "pk", "KeyType": "HASH"}]
        by_owner = [{"IndexName": "by_owner", "Projection": {"ProjectionType": "ALL"},
                     "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}]}]
        self.assert_error(create([("pk", "S")], hash_key + [
            {"AttributeName": "sk", "KeyType": "RANGE"}]), "ValidationException",
            "Invalid KeySchema: Some index key attribute have no definition")
        self.assert_error(create([("zz", "S")], hash_key), "ValidationException",
                          invalid + "Some index key attributes are not defined in "
                          "AttributeDefinitions. Keys: [pk], AttributeDefinitions: [zz]")
        self.assert_error(create([("pk", "S"), ("extra", "N")], hash_key), "ValidationException",
                          invalid + "Number of attributes in KeySchema does not exactly match "
                          "number of attributes defined in AttributeDefinitions")
        self.assert_error(create([("pk", "S"), ("zz", "N"), ("owner", "S")], hash_key,
                                 GlobalSecondaryIndexes=by_owner), "ValidationException",
                          invalid + "Some AttributeDefinitions are not used. AttributeDefinitions: "
                          "[owner, pk, zz], keys used: [owner, pk]")
        self.assert_error(create([("pk", "S"), ("b", "N")], hash_key,
                                 GlobalSecondaryIndexes=by_owner), "ValidationException",
                          invalid + "Some index key attributes are not defined in "
                          "AttributeDefinitions. Keys: [owner], AttributeDefinitions: [b, pk]")
        self.assert_error(create([("pk", "S")], hash_key, GlobalSecondaryIndexes=[]),
                          "ValidationException", invalid + "List of GlobalSecondaryIndexes is empty")
        self.assert_error(create([("pk", "S")], hash_key, LocalSecondaryIndexes=[]),
                          "ValidationException", invalid + "List of LocalSecondaryIndexes is empty")
        self.assert_error(create([("pk", "S"), ("a", "S"), ("b", "S")], hash_key + [
            {"AttributeName": "a", "KeyType": "RANGE"}, {"AttributeName": "b", "KeyType": "RANGE"}]),
            "ValidationException",
            "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), "
            "KeySchemaElement(attributeName=a, keyType=RANGE), KeySchemaElement(attributeName=b, "
            "keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length "
            "less than or equal to 2")
        self.assertNotIn("tt_schema", self.client.list_tables()["TableNames"])

    def test_deletion_protection(self):
        self.make_table("tt_protected", DeletionProtectionEnabled=True)
        self.assert_error(lambda: self.client.delete_table(TableName="tt_protected"),
                          "ValidationException",
                          "Resource cannot be deleted as it is currently protected against "
                          "deletion. Disable deletion protection first.")
        self.client.update_table(TableName="tt_protected", DeletionProtectionEnabled=False)

    def test_update_table_adds_gsi_and_backfills(self):
        table = self.make_table("tt_gsi")
        table.put_item(Item={"pk": "a", "color": "red"})
        table.put_item(Item={"pk": "b"})
        self.client.update_table(
            TableName="tt_gsi",
            AttributeDefinitions=[{"AttributeName": "color", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[{"Create": {
                "IndexName": "by_color",
                "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}}}])
        items = table.query(IndexName="by_color",
                            KeyConditionExpression=Key("color").eq("red"))["Items"]
        self.assertEqual(items, [{"pk": "a", "color": "red"}])
        desc = self.client.describe_table(TableName="tt_gsi")["Table"]
        self.assertEqual(desc["GlobalSecondaryIndexes"][0]["ItemCount"], 1)

    def test_warm_throughput(self):
        self.make_table("tt_warm_default")
        described = self.client.describe_table(TableName="tt_warm_default")["Table"]
        self.assertEqual(described["WarmThroughput"], {
            "ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"})
        gsi = {"IndexName": "by_g", "Projection": {"ProjectionType": "ALL"},
               "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
               "WarmThroughput": {"ReadUnitsPerSecond": 20000, "WriteUnitsPerSecond": 6000}}
        self.make_table("tt_warm", WarmThroughput={"ReadUnitsPerSecond": 15000,
                                                   "WriteUnitsPerSecond": 5000},
                        ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
                        GlobalSecondaryIndexes=[gsi])
        described = self.client.describe_table(TableName="tt_warm")["Table"]
        self.assertEqual(described["WarmThroughput"], {
            "ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 5000, "Status": "ACTIVE"})
        self.assertEqual(described["GlobalSecondaryIndexes"][0]["WarmThroughput"], {
            "ReadUnitsPerSecond": 20000, "WriteUnitsPerSecond": 6000, "Status": "ACTIVE"})
        updated = self.client.update_table(TableName="tt_warm", WarmThroughput={
            "WriteUnitsPerSecond": 8000})["TableDescription"]["WarmThroughput"]
        self.assertEqual((updated["ReadUnitsPerSecond"], updated["WriteUnitsPerSecond"]),
                         (15000, 8000))
        invalid = "One or more parameter values were invalid: "
        self.assert_error(lambda: self.make_table("tt_warm_low", WarmThroughput={
            "ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 3000}), "ValidationException",
            invalid + "Requested WriteUnitsPerSecond for WarmThroughput for table is lower than "
            "initial throughput for OnDemand")
        gsi["WarmThroughput"] = {"ReadUnitsPerSecond": 100}
        self.assert_error(lambda: self.make_table(
            "tt_warm_low", ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[gsi]), "ValidationException",
            invalid + "Requested ReadUnitsPerSecond for WarmThroughput for index by_g is lower "
            "than initial throughput for OnDemand")
        self.assert_error(lambda: self.client.update_table(TableName="tt_warm"),
                          "ValidationException",
                          "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                          "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, "
                          "MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
                          "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or "
                          "TableClass is required")

    def test_encryption_with_kms_keys(self):
        kms = boto3.client("kms", endpoint_url=self.server.url, region_name="us-east-1")
        key = kms.create_key()["KeyMetadata"]
        self.make_table("tt_sse_own", SSESpecification={
            "Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key["KeyId"]})
        sse = self.client.describe_table(TableName="tt_sse_own")["Table"]["SSEDescription"]
        self.assertEqual((sse["Status"], sse["SSEType"], sse["KMSMasterKeyArn"]),
                         ("ENABLED", "KMS", key["Arn"]))
        # Without a key named, the AWS managed key aws/dynamodb encrypts the table.
        self.make_table("tt_sse_managed", SSESpecification={"Enabled": True})
        sse = self.client.describe_table(TableName="tt_sse_managed")["Table"]["SSEDescription"]
        self.assertEqual(sse["KMSMasterKeyArn"],
                         kms.describe_key(KeyId="alias/aws/dynamodb")["KeyMetadata"]["Arn"])
        # A key KMS does not have, or a disabled one, refuses the table.
        with self.assertRaises(ClientError) as ctx:
            self.make_table("tt_sse_missing", SSESpecification={
                "Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": "alias/none"})
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ValidationException")
        self.assertIn("NotFoundException", ctx.exception.response["Error"]["Message"])
        kms.disable_key(KeyId=key["KeyId"])
        with self.assertRaises(ClientError) as ctx:
            self.client.update_table(TableName="tt_sse_managed", SSESpecification={
                "Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key["Arn"]})
        self.assertIn("DisabledException", ctx.exception.response["Error"]["Message"])
        self.assertNotIn("tt_sse_missing", self.client.list_tables()["TableNames"])

    def test_point_in_time_recovery(self):
        table = self.make_table("tt_pitr")
        table.put_item(Item={"pk": "kept", "n": 1})
        restore = self.client.restore_table_to_point_in_time
        self.assert_error(lambda: restore(SourceTableName="tt_pitr", TargetTableName="tt_pitr_copy",
                                          UseLatestRestorableTime=True),
                          "PointInTimeRecoveryUnavailableException",
                          "Point in time recovery is not enabled for table 'tt_pitr'")
        update = self.client.update_continuous_backups
        self.assert_error(lambda: update(TableName="tt_pitr", PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": False, "RecoveryPeriodInDays": 7}), "ValidationException",
            "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time "
            "recovery.")
        described = update(TableName="tt_pitr", PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7})[
            "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        self.assertEqual((described["PointInTimeRecoveryStatus"], described["RecoveryPeriodInDays"]),
                         ("ENABLED", 7))
        self.assertLessEqual(described["EarliestRestorableDateTime"],
                             described["LatestRestorableDateTime"])
        again = update(TableName="tt_pitr", PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": True})["ContinuousBackupsDescription"]
        self.assertEqual(again["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"], 7)

        self.assert_error(lambda: restore(SourceTableName="tt_pitr", TargetTableName="tt_pitr_copy"),
                          "ValidationException", "Invalid Request: Either one of RestoreDateTime "
                          "or UseLatestRestorableTime must be specified, but not both")
        self.assert_error(lambda: restore(SourceTableName="tt_missing", TargetTableName="tt_x",
                                          UseLatestRestorableTime=True),
                          "TableNotFoundException", "Table not found: tt_missing")
        self.assert_error(lambda: restore(SourceTableName="tt_pitr", TargetTableName="tt_pitr",
                                          UseLatestRestorableTime=True),
                          "TableAlreadyExistsException", "Table already exists: tt_pitr")
        restored = restore(SourceTableArn=self.client.describe_table(
            TableName="tt_pitr")["Table"]["TableArn"], TargetTableName="tt_pitr_copy",
            UseLatestRestorableTime=True)["TableDescription"]
        self.tables.append("tt_pitr_copy")
        self.assertEqual(restored["RestoreSummary"]["SourceTableArn"].split("/")[-1], "tt_pitr")
        self.assertFalse(restored["RestoreSummary"]["RestoreInProgress"])
        self.assertEqual(self.resource.Table("tt_pitr_copy").get_item(Key={"pk": "kept"})["Item"],
                         {"pk": "kept", "n": 1})

    def test_time_to_live_and_backups(self):
        table = self.make_table("tt_ttl")
        self.client.update_time_to_live(
            TableName="tt_ttl",
            TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
        ttl = self.client.describe_time_to_live(TableName="tt_ttl")["TimeToLiveDescription"]
        self.assertEqual(ttl, {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"})
        self.assert_error(lambda: self.client.update_time_to_live(
            TableName="tt_ttl", TimeToLiveSpecification={"Enabled": True, "AttributeName": "other"}),
            "ValidationException",
            "TimeToLive is active on a different AttributeName: current AttributeName is expires")
        table.put_item(Item={"pk": "gone", "expires": int(time.time()) - 10})
        table.put_item(Item={"pk": "kept", "expires": int(time.time()) + 3600})
        self.assertNotIn("Item", table.get_item(Key={"pk": "gone"}))
        self.assertIn("Item", table.get_item(Key={"pk": "kept"}))
        backups = self.client.describe_continuous_backups(TableName="tt_ttl")
        self.assertEqual(backups["ContinuousBackupsDescription"]["ContinuousBackupsStatus"],
                         "ENABLED")
        arn = self.client.create_backup(TableName="tt_ttl", BackupName="nightly")["BackupDetails"]["BackupArn"]
        restored = self.client.restore_table_from_backup(TargetTableName="tt_ttl_restored",
                                                         BackupArn=arn)
        self.tables.append("tt_ttl_restored")
        self.assertEqual(restored["TableDescription"]["ItemCount"], 1)
        self.assertEqual(len(self.client.list_backups(TableName="tt_ttl")["BackupSummaries"]), 1)
        source = self.client.describe_table(TableName="tt_ttl")["Table"]
        listed = self.client.list_backups(TableName=source["TableArn"])["BackupSummaries"]
        self.assertEqual([b["BackupArn"] for b in listed], [arn])
        details = self.client.describe_backup(BackupArn=arn)["BackupDescription"]
        self.assertEqual(details["SourceTableDetails"]["TableCreationDateTime"],
                         source["CreationDateTime"])

    def test_list_backups_pages(self):
        self.make_table("tt_backups")
        self.make_table("tt_other")
        arns = []
        for name in ("bk1", "bk2", "bk3"):
            arns.append(self.client.create_backup(TableName="tt_backups", BackupName=name)
                        ["BackupDetails"]["BackupArn"])
            self.client.create_backup(TableName="tt_other", BackupName=name)
        first = self.client.list_backups(TableName="tt_backups", Limit=2)
        self.assertEqual([b["BackupArn"] for b in first["BackupSummaries"]], arns[:2])
        self.assertEqual(first["LastEvaluatedBackupArn"], arns[1])
        rest = self.client.list_backups(TableName="tt_backups", Limit=2,
                                        ExclusiveStartBackupArn=first["LastEvaluatedBackupArn"])
        self.assertEqual([b["BackupArn"] for b in rest["BackupSummaries"]], arns[2:])
        self.assertNotIn("LastEvaluatedBackupArn", rest)

    def test_endpoints_and_limits(self):
        endpoints = self.client.describe_endpoints()["Endpoints"]
        self.assertEqual(endpoints[0]["Address"], "dynamodb.us-east-1.amazonaws.com")
        self.assertEqual(self.client.describe_limits()["TableMaxReadCapacityUnits"], 40000)


class ItemTest(DynamoDBTestCase):
    def test_resource_round_trip_with_numbers_and_binary(self):
        table = self.make_table("it_round")
        big = decimal.Decimal("12345678901234567890123456789012345678")
        table.put_item(Item={"pk": "a", "big": big, "small": decimal.Decimal("0.000001"),
                             "bin": b"\x00\xff", "empty": "", "set": {"x", "y"},
                             "nested": {"list": [1, "two", {"three": True}], "none": None}})
        item = table.get_item(Key={"pk": "a"})["Item"]
        self.assertEqual(item["big"], big)
        self.assertEqual(item["small"], decimal.Decimal("0.000001"))
        self.assertEqual(item["bin"].value, b"\x00\xff")
        self.assertEqual(item["empty"], "")
        self.assertEqual(item["set"], {"x", "y"})
        self.assertEqual(item["nested"]["list"][2], {"three": True})
        self.assertIsNone(item["nested"]["none"])

    def test_number_limits(self):
        table = self.make_table("it_numbers")
        self.assert_error(lambda: table.put_item(Item={"pk": "a", "n": decimal.Decimal("1E126")}),
                          "ValidationException",
                          "Number overflow. Attempting to store a number with magnitude larger "
                          "than supported range")
        self.assert_error(
            lambda: self.client.put_item(TableName="it_numbers",
                                         Item={"pk": {"S": "a"}, "n": {"N": "1" * 39}}),
            "ValidationException", "Attempting to store more than 38 significant digits in a Number")
        for text in ("foo", " 1.23", "Infinity", '"42"'):
            self.assert_error(
                lambda: self.client.put_item(TableName="it_numbers",
                                             Item={"pk": {"S": "a"}, "n": {"N": text}}),
                "ValidationException", f"The parameter cannot be converted to a numeric value: {text}")
        self.assert_error(
            lambda: self.client.put_item(TableName="it_numbers", Item={"pk": {"S": "a"}},
                                         ConditionExpression="n <> :n",
                                         ExpressionAttributeValues={":n": {"NS": ["1", "x"]}}),
            "ValidationException", "ExpressionAttributeValues contains invalid value: The "
            "parameter cannot be converted to a numeric value: x for key :n")

    def test_conditions(self):
        table = self.make_table("it_cond")
        table.put_item(Item={"pk": "a", "n": 5, "tags": {"x"}, "s": "hello"})
        table.put_item(Item={"pk": "a", "n": 6}, ConditionExpression=Attr("n").between(1, 5) &
                       Attr("tags").contains("x") & Attr("s").begins_with("he") &
                       Attr("s").size().eq(5) & Attr("s").attribute_type("S"))
        resp = self.assert_error(
            lambda: table.put_item(Item={"pk": "a"}, ConditionExpression=Attr("pk").not_exists(),
                                   ReturnValuesOnConditionCheckFailure="ALL_OLD"),
            "ConditionalCheckFailedException", "The conditional request failed")
        self.assertEqual(resp["Item"], {"pk": {"S": "a"}, "n": {"N": "6"}})
        table.delete_item(Key={"pk": "a"}, ConditionExpression=Attr("n").is_in([1, 6]))
        self.assertNotIn("Item", table.get_item(Key={"pk": "a"}))

    def test_update_expressions(self):
        table = self.make_table("it_update")
        table.put_item(Item={"pk": "a", "n": 1, "l": [1, 2, 3], "s": {"a", "b"}, "s2": {"a", "b"}, "m": {"x": 1}})
        resp = table.update_item(
            Key={"pk": "a"},
            UpdateExpression="SET n = n + :one, l = list_append(l, :more), m.y = if_not_exists(m.y, :one) "
                             "REMOVE m.x ADD s :c, hits :one DELETE s2 :a",
            ExpressionAttributeValues={":one": 1, ":more": [9], ":c": {"c"}, ":a": {"a"}},
            ReturnValues="ALL_NEW")
        item = resp["Attributes"]
        self.assertEqual(item["n"], 2)
        self.assertEqual(item["l"], [1, 2, 3, 9])
        self.assertEqual(item["s"], {"a", "b", "c"})
        self.assertEqual(item["s2"], {"b"})
        self.assertEqual(item["m"], {"y": 1})
        self.assertEqual(item["hits"], 1)
        old = table.update_item(Key={"pk": "a"}, UpdateExpression="SET n = :v",
                                ExpressionAttributeValues={":v": 10},
                                ReturnValues="UPDATED_OLD")["Attributes"]
        self.assertEqual(old, {"n": 2})

    def test_expression_errors(self):
        table = self.make_table("it_errors")
        self.assert_error(
            lambda: table.update_item(Key={"pk": "a"}, UpdateExpression="SET status = :v",
                                      ExpressionAttributeValues={":v": 1}),
            "ValidationException",
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status")
        self.assert_error(
            lambda: table.update_item(Key={"pk": "a"}, UpdateExpression="SET a = :v",
                                      ExpressionAttributeValues={":v": 1, ":w": 2}),
            "ValidationException",
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}")
        self.assert_error(
            lambda: table.update_item(Key={"pk": "a"}, UpdateExpression="SET a = :v,",
                                      ExpressionAttributeValues={":v": 1}),
            "ValidationException",
            'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","')
        self.assert_error(
            lambda: table.update_item(Key={"pk": "a"}, UpdateExpression="SET pk = :v",
                                      ExpressionAttributeValues={":v": "b"}),
            "ValidationException",
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute "
            "is part of the key")
        self.assert_error(
            lambda: table.get_item(Key={"pk": "a", "extra": "b"}), "ValidationException",
            "The provided key element does not match the schema")
        self.assert_error(
            lambda: table.put_item(Item={"pk": ""}), "ValidationException",
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: pk")
        self.assert_error(
            lambda: self.client.put_item(TableName="it_errors",
                                         Item={"pk": {"S": "a"}, "s": {"SS": []}}),
            "ValidationException",
            "One or more parameter values were invalid: An string set  may not be empty")
        self.assert_error(
            lambda: table.put_item(Item={"pk": "a", "big": "x" * 410000}), "ValidationException",
            "Item size has exceeded the maximum allowed size")

    def test_projection_and_legacy_parameters(self):
        table = self.make_table("it_projection")
        table.put_item(Item={"pk": "a", "m": {"x": 1, "y": 2}, "l": [10, 20, 30], "z": 1})
        item = table.get_item(Key={"pk": "a"}, ProjectionExpression="m.y, l[1], #z",
                              ExpressionAttributeNames={"#z": "z"})["Item"]
        self.assertEqual(item, {"m": {"y": 2}, "l": [20], "z": 1})
        item = self.client.get_item(TableName="it_projection", Key={"pk": {"S": "a"}},
                                    AttributesToGet=["z"])["Item"]
        self.assertEqual(item, {"z": {"N": "1"}})
        self.client.update_item(TableName="it_projection", Key={"pk": {"S": "a"}},
                                AttributeUpdates={"z": {"Action": "ADD", "Value": {"N": "2"}}},
                                Expected={"z": {"ComparisonOperator": "EQ",
                                                "AttributeValueList": [{"N": "1"}]}})
        self.assertEqual(table.get_item(Key={"pk": "a"})["Item"]["z"], 3)
        # The legacy ADD appends a list to a list; ADD in an expression refuses lists.
        table.update_item(Key={"pk": "a"}, AttributeUpdates={"l": {"Action": "ADD",
                                                                   "Value": [40, "x"]}})
        self.assertEqual(table.get_item(Key={"pk": "a"})["Item"]["l"], [10, 20, 30, 40, "x"])
        with self.assertRaises(ClientError):
            table.update_item(Key={"pk": "a"}, UpdateExpression="ADD l :more",
                              ExpressionAttributeValues={":more": [50]})
        self.assert_error(
            lambda: self.client.get_item(TableName="it_projection", Key={"pk": {"S": "a"}},
                                         AttributesToGet=["z"], ProjectionExpression="z"),
            "ValidationException",
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributesToGet} Expression parameters: "
            "{ProjectionExpression}")

    def test_consumed_capacity(self):
        self.make_table("it_capacity")
        resp = self.client.put_item(TableName="it_capacity", Item={"pk": {"S": "a"}},
                                    ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], {"TableName": "it_capacity",
                                                    "CapacityUnits": 1.0})
        # Reading an item that is not there costs the same as reading a small one.
        resp = self.client.get_item(TableName="it_capacity", Key={"pk": {"S": "none"}},
                                    ReturnConsumedCapacity="INDEXES")
        self.assertEqual(resp["ConsumedCapacity"], {"TableName": "it_capacity",
                                                    "CapacityUnits": 0.5,
                                                    "Table": {"CapacityUnits": 0.5}})
        # A transaction costs double, per table, and names its read or write units.
        self.make_table("it_capacity_2")
        resp = self.client.transact_get_items(TransactItems=[
            {"Get": {"TableName": "it_capacity", "Key": {"pk": {"S": "a"}}}},
            {"Get": {"TableName": "it_capacity", "Key": {"pk": {"S": "b"}}}},
            {"Get": {"TableName": "it_capacity_2", "Key": {"pk": {"S": "a"}}}}],
            ReturnConsumedCapacity="TOTAL")
        self.assertEqual(resp["ConsumedCapacity"], [
            {"TableName": "it_capacity", "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0},
            {"TableName": "it_capacity_2", "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}])
        resp = self.client.transact_write_items(TransactItems=[
            {"Put": {"TableName": "it_capacity", "Item": {"pk": {"S": "c"}}}},
            {"Delete": {"TableName": "it_capacity", "Key": {"pk": {"S": "a"}}}}],
            ReturnConsumedCapacity="INDEXES")
        self.assertEqual(resp["ConsumedCapacity"], [
            {"TableName": "it_capacity", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0,
             "Table": {"CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}}])

    def test_missing_table(self):
        self.assert_error(lambda: self.client.get_item(TableName="nope", Key={"pk": {"S": "a"}}),
                          "ResourceNotFoundException", "Requested resource not found")


class QueryScanTest(DynamoDBTestCase):
    def setUp(self):
        super().setUp()
        self.table = self.make_table(
            "qs_songs", hash_key="artist", range_key="year", range_type="N",
            ExtraDefinitions=[{"AttributeName": "genre", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "by_genre",
                "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"},
                              {"AttributeName": "year", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"}}])
        with self.table.batch_writer() as batch:
            for year in range(1990, 2010):
                item = {"artist": "a", "year": year, "title": f"t{year}"}
                if year % 2 == 0:
                    item["genre"] = "rock"
                batch.put_item(Item=item)
            batch.put_item(Item={"artist": "b", "year": 2000, "genre": "jazz"})

    def test_key_conditions(self):
        q = self.table.query
        self.assertEqual(q(KeyConditionExpression=Key("artist").eq("a"))["Count"], 20)
        items = q(KeyConditionExpression=Key("artist").eq("a") & Key("year").between(1995, 1997))["Items"]
        self.assertEqual([i["year"] for i in items], [1995, 1996, 1997])
        items = q(KeyConditionExpression=Key("artist").eq("a") & Key("year").gt(2007),
                  ScanIndexForward=False)["Items"]
        self.assertEqual([i["year"] for i in items], [2009, 2008])
        self.assertEqual(q(KeyConditionExpression=Key("artist").eq("a") & Key("year").lte(1990))["Count"], 1)

    def test_pagination_and_filter_after_limit(self):
        resp = self.table.query(KeyConditionExpression=Key("artist").eq("a"), Limit=5,
                                FilterExpression=Attr("genre").exists())
        self.assertEqual(resp["ScannedCount"], 5)
        self.assertEqual(resp["Count"], 3)
        self.assertEqual(resp["LastEvaluatedKey"], {"artist": "a", "year": 1994})
        seen = []
        kwargs = {"KeyConditionExpression": Key("artist").eq("a"), "Limit": 7}
        while True:
            page = self.table.query(**kwargs)
            seen += [i["year"] for i in page["Items"]]
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        self.assertEqual(seen, list(range(1990, 2010)))

    def test_gsi_is_sparse_and_projected(self):
        resp = self.table.query(IndexName="by_genre", KeyConditionExpression=Key("genre").eq("rock"))
        self.assertEqual(resp["Count"], 10)
        self.assertEqual(set(resp["Items"][0]), {"artist", "year", "genre"})
        self.assert_error(
            lambda: self.table.query(IndexName="by_genre", ConsistentRead=True,
                                     KeyConditionExpression=Key("genre").eq("rock")),
            "ValidationException", "Consistent reads are not supported on global secondary indexes")
        # An index key may not be empty: a put and an update each say so in their own words.
        self.assert_error(
            lambda: self.table.put_item(Item={"artist": "z", "year": 1, "genre": ""}),
            "ValidationException",
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "string value. IndexName: by_genre, IndexKey: genre")
        self.assert_error(
            lambda: self.table.update_item(Key={"artist": "b", "year": 2000},
                                           UpdateExpression="SET genre = :g",
                                           ExpressionAttributeValues={":g": ""}),
            "ValidationException",
            "One or more parameter values are not valid. The update expression attempted to "
            "update a secondary index key to a value that is not supported. The AttributeValue "
            "for a key attribute cannot contain an empty string value.")
        with self.assertRaises(ClientError) as ctx:
            self.client.update_item(TableName="qs_songs",
                                    Key={"artist": {"S": "b"}, "year": {"N": "2000"}},
                                    UpdateExpression="SET genre = :g",
                                    ExpressionAttributeValues={":g": {"B": b""}})
        self.assertIn("Type mismatch for Index Key genre",
                      ctx.exception.response["Error"]["Message"])

    def test_key_condition_errors(self):
        self.assert_error(lambda: self.table.query(KeyConditionExpression=Key("year").eq(1990)),
                          "ValidationException",
                          "Query condition missed key schema element: artist")
        self.assert_error(
            lambda: self.client.query(TableName="qs_songs", KeyConditionExpression="artist = :a",
                                      ExpressionAttributeValues={":a": {"N": "1"}}),
            "ValidationException",
            "One or more parameter values were invalid: Condition parameter type does not match "
            "schema type")
        self.assert_error(
            lambda: self.client.query(TableName="qs_songs", KeyConditionExpression="artist = #y",
                                      ExpressionAttributeNames={"#y": "year"}),
            "ValidationException",
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
            "condition")

    def test_scan_select_and_segments(self):
        self.assertEqual(self.table.scan(Select="COUNT")["Count"], 21)
        total = sum(self.table.scan(Segment=s, TotalSegments=4)["Count"] for s in range(4))
        self.assertEqual(total, 21)
        resp = self.table.scan(FilterExpression=Attr("genre").eq("jazz"))
        self.assertEqual(resp["Items"], [{"artist": "b", "year": 2000, "genre": "jazz"}])


class BatchTransactionTest(DynamoDBTestCase):
    def test_batch_get_and_write(self):
        self.make_table("bt_batch")
        self.client.batch_write_item(RequestItems={"bt_batch": [
            {"PutRequest": {"Item": {"pk": {"S": str(i)}}}} for i in range(25)]})
        resp = self.client.batch_get_item(RequestItems={"bt_batch": {
            "Keys": [{"pk": {"S": str(i)}} for i in range(10)]}})
        self.assertEqual(len(resp["Responses"]["bt_batch"]), 10)
        self.assertEqual(resp["UnprocessedKeys"], {})
        self.assert_error(
            lambda: self.client.batch_get_item(RequestItems={"bt_batch": {
                "Keys": [{"pk": {"S": "1"}}, {"pk": {"S": "1"}}]}}),
            "ValidationException", "Provided list of item keys contains duplicates")
        unchecked = boto3.client("dynamodb", endpoint_url=self.server.url, region_name="us-east-1",
                                 config=Config(parameter_validation=False,
                                               retries={"max_attempts": 1}))
        self.assert_error(
            lambda: unchecked.batch_write_item(RequestItems={"bt_batch": [
                {"PutRequest": {"Item": {"pk": {"S": str(i)}}}} for i in range(26)]}),
            "ValidationException",
            "1 validation error detected: Value '{bt_batch=[...]}' at 'requestItems' failed to "
            "satisfy constraint: Map value must satisfy constraint: [Member must have length less "
            "than or equal to 25, Member must have length greater than or equal to 1]")

    def test_expressions_are_checked_before_tables_and_keys(self):
        self.make_table("bt_checked")
        unused = "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"
        self.assert_error(lambda: self.client.batch_get_item(RequestItems={"bt_no_such_table": {
            "Keys": [{"pk": {"S": "a"}}], "ProjectionExpression": "#p",
            "ExpressionAttributeNames": {"#p": "pk", "#unused": "x"}}}),
            "ValidationException", unused)
        self.assert_error(lambda: self.client.transact_write_items(TransactItems=[{"Update": {
            "TableName": "bt_checked", "Key": {"wrong": {"S": "a"}},
            "UpdateExpression": "SET #v = :v", "ExpressionAttributeValues": {":v": {"S": "x"}},
            "ExpressionAttributeNames": {"#v": "v", "#unused": "x"}}}]),
            "ValidationException", unused)
        self.assert_error(lambda: self.client.transact_write_items(TransactItems=[{"Delete": {
            "TableName": "bt_checked", "Key": {"wrong": {"S": "a"}}}}]),
            "ValidationException", "The provided key element does not match the schema")

    def test_transactions(self):
        table = self.make_table("bt_tx")
        table.put_item(Item={"pk": "a", "n": 1})
        resp = self.assert_error(
            lambda: self.client.transact_write_items(TransactItems=[
                {"Put": {"TableName": "bt_tx", "Item": {"pk": {"S": "b"}}}},
                {"ConditionCheck": {"TableName": "bt_tx", "Key": {"pk": {"S": "a"}},
                                    "ConditionExpression": "n = :two",
                                    "ExpressionAttributeValues": {":two": {"N": "2"}}}}]),
            "TransactionCanceledException",
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[None, ConditionalCheckFailed]")
        self.assertEqual([r["Code"] for r in resp["CancellationReasons"]],
                         ["None", "ConditionalCheckFailed"])
        self.assertNotIn("Item", table.get_item(Key={"pk": "b"}))
        self.client.transact_write_items(ClientRequestToken="token-1", TransactItems=[
            {"Update": {"TableName": "bt_tx", "Key": {"pk": {"S": "a"}},
                        "UpdateExpression": "SET n = n + :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}}])
        got = self.client.transact_get_items(TransactItems=[
            {"Get": {"TableName": "bt_tx", "Key": {"pk": {"S": "a"}}}}])
        self.assertEqual(got["Responses"][0]["Item"]["n"], {"N": "2"})
        self.assert_error(
            lambda: self.client.transact_write_items(TransactItems=[
                {"Delete": {"TableName": "bt_tx", "Key": {"pk": {"S": "a"}}}},
                {"Put": {"TableName": "bt_tx", "Item": {"pk": {"S": "a"}}}}]),
            "ValidationException",
            "Transaction request cannot include multiple operations on one item")


class StreamsTest(DynamoDBTestCase):
    def test_records_for_every_change(self):
        table = self.make_table("st_stream", StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        table.put_item(Item={"pk": "a", "v": 1})
        table.update_item(Key={"pk": "a"}, UpdateExpression="SET v = :v",
                          ExpressionAttributeValues={":v": 2})
        table.delete_item(Key={"pk": "a"})
        arn = self.client.describe_table(TableName="st_stream")["Table"]["LatestStreamArn"]
        streams = self.streams.list_streams(TableName="st_stream")["Streams"]
        self.assertEqual(streams[0]["StreamArn"], arn)
        desc = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(desc["StreamStatus"], "ENABLED")
        shard = desc["Shards"][0]["ShardId"]
        iterator = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                                   ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = self.streams.get_records(ShardIterator=iterator)["Records"]
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
        self.assertEqual(records[1]["dynamodb"]["OldImage"]["v"], {"N": "1"})
        self.assertEqual(records[1]["dynamodb"]["NewImage"]["v"], {"N": "2"})
        self.assertEqual(records[2]["dynamodb"]["Keys"], {"pk": {"S": "a"}})
        seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        self.assertEqual(seqs, sorted(seqs))


def table_policy(table_arn, action="dynamodb:GetItem", principal=None, **extra):
    statement = {"Effect": "Allow", "Action": action, "Resource": table_arn,
                 "Principal": principal or {"AWS": "arn:aws:iam::123456789012:root"}, **extra}
    return json.dumps({"Statement": [statement]}, indent=2)


class ResourcePolicyTest(DynamoDBTestCase):
    def policy_table(self, name, **extra):
        self.make_table(name, **extra)
        return self.client.describe_table(TableName=name)["Table"]

    def test_put_get_delete_with_revisions(self):
        arn = self.policy_table("rp_table")["TableArn"]
        self.assert_error(lambda: self.client.get_resource_policy(ResourceArn=arn),
                          "PolicyNotFoundException",
                          f"Resource-based policy not found for the provided ResourceArn: {arn}")
        # Never had one: deleting is no error and names no revision.
        self.assertNotIn("RevisionId", self.client.delete_resource_policy(ResourceArn=arn))

        first = self.client.put_resource_policy(ResourceArn=arn, Policy=table_policy(arn))
        self.assertTrue(first["RevisionId"].isdigit(), first)
        got = self.client.get_resource_policy(ResourceArn=arn)
        self.assertEqual(got["RevisionId"], first["RevisionId"])
        # Stored without white space and with the default Version first.
        self.assertNotIn(" ", got["Policy"])
        self.assertEqual(list(json.loads(got["Policy"])), ["Version", "Statement"])
        self.assertEqual(json.loads(got["Policy"])["Version"], "2008-10-17")
        again = self.client.put_resource_policy(ResourceArn=arn, Policy=table_policy(arn))
        self.assertEqual(again["RevisionId"], first["RevisionId"])

        second = self.client.put_resource_policy(
            ResourceArn=arn, Policy=table_policy(arn, action="dynamodb:Query"),
            ExpectedRevisionId=first["RevisionId"])["RevisionId"]
        self.assertGreater(int(second), int(first["RevisionId"]))
        self.assert_error(
            lambda: self.client.put_resource_policy(ResourceArn=arn, Policy=table_policy(arn),
                                                    ExpectedRevisionId=first["RevisionId"]),
            "PolicyNotFoundException",
            "Resource-based policy not found for the provided ResourceArn: Requested update for "
            f"policy with revision id {first['RevisionId']}, but the policy associated to target "
            f"table rp_table has revision id {second}.")
        self.assert_error(
            lambda: self.client.put_resource_policy(ResourceArn=arn, Policy=table_policy(arn),
                                                    ExpectedRevisionId="NO_POLICY"),
            "PolicyNotFoundException",
            "Resource-based policy not found for the provided ResourceArn: Requested policy "
            f"update expecting none to be present for table rp_table, but a policy exists with "
            f"revision id {second}.")

        deleted = self.client.delete_resource_policy(ResourceArn=arn, ExpectedRevisionId=second)
        self.assertEqual(deleted["RevisionId"], second)
        self.assertRaises(ClientError, self.client.get_resource_policy, ResourceArn=arn)
        self.assertEqual(self.client.delete_resource_policy(ResourceArn=arn)["RevisionId"], second)
        self.client.put_resource_policy(ResourceArn=arn, Policy=table_policy(arn),
                                        ExpectedRevisionId="NO_POLICY")

    def test_streams_have_their_own_policy(self):
        table = self.policy_table("rp_streamed", StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        stream_arn = table["LatestStreamArn"]
        self.client.put_resource_policy(ResourceArn=stream_arn, Policy=table_policy(
            stream_arn, action="dynamodb:GetRecords"))
        self.assertIn("GetRecords", self.client.get_resource_policy(ResourceArn=stream_arn)["Policy"])
        self.assertRaises(ClientError, self.client.get_resource_policy,
                          ResourceArn=table["TableArn"])
        self.assert_error(
            lambda: self.client.get_resource_policy(
                ResourceArn=table["TableArn"] + "/stream/2000-01-01T00:00:00.000"),
            "ResourceNotFoundException",
            "Requested resource not found: Stream: 2000-01-01T00:00:00.000 not found for "
            "Table: rp_streamed")

    def test_resource_arn_forms(self):
        arn = self.policy_table("rp_arns")["TableArn"]
        get = self.client.get_resource_policy
        invalid = "One or more parameter values were invalid: "
        self.assert_error(lambda: get(ResourceArn="rp_arns"), "ValidationException",
                          invalid + "ARNs must start with 'arn:': rp_arns")
        self.assert_error(lambda: get(ResourceArn=arn.replace("us-east-1", "eu-west-1")),
                          "ValidationException",
                          invalid + "Invalid resource Arn: " + arn.replace("us-east-1", "eu-west-1"))
        self.assert_error(lambda: get(ResourceArn=arn.replace("123456789012", "111122223333")),
                          "ValidationException",
                          "This action is only supported by accounts that match the resource "
                          "owner\u2019s account.")
        self.assert_error(lambda: get(ResourceArn=arn + "/index/by-x"), "ValidationException",
                          invalid + "Invalid resource arn provided, only table or stream is "
                          "accepted. Provided resource arn: arn:aws:dynamodb:us-east-1:123456789012")
        self.assert_error(lambda: get(ResourceArn=arn + "/backup/01234"), "ValidationException",
                          invalid + "Provided Arn is not a DynamoDB resource arn: "
                          + arn + "/backup/01234")
        self.assert_error(lambda: get(ResourceArn=arn.replace("rp_arns", "rp_missing")),
                          "ResourceNotFoundException",
                          "Requested resource not found: Table: rp_missing not found")

    def test_policy_documents_dynamodb_refuses(self):
        arn = self.policy_table("rp_documents")["TableArn"]
        invalid = "One or more parameter values were invalid: "
        cases = [
            ("{not json", invalid + "Invalid policy document: This policy contains invalid Json"),
            ("", invalid + "Invalid policy document: This policy contains invalid Json"),
            ('{"Statement": []}',
             invalid + "Invalid policy document: Could not parse the policy: Statement is empty!"),
            (table_policy(arn) + " " * 20480,
             invalid + "Maximum policy size of 20480 bytes exceeded"),
            (table_policy(arn, principal="*"),
             "Resource-based policy grants unbounded access in one or more elements. Please "
             "revise the policy to ensure least-privilege form of access"),
        ]
        for policy, message in cases:
            with self.subTest(policy=policy[:40]):
                self.assert_error(lambda: self.client.put_resource_policy(ResourceArn=arn,
                                                                          Policy=policy),
                                  "ValidationException", message)
        # Anyone, narrowed by a condition, is accepted.
        self.client.put_resource_policy(ResourceArn=arn, Policy=table_policy(
            arn, principal="*", Condition={"StringEquals": {"aws:PrincipalAccount": "123456789012"}}))
        self.assertRaises(ClientError, self.client.get_resource_policy,
                          ResourceArn=arn.replace("rp_documents", "rp_none"))

    def test_create_table_with_a_policy(self):
        arn = "arn:aws:dynamodb:us-east-1:123456789012:table/rp_created"
        self.make_table("rp_created", ResourcePolicy=table_policy(arn))
        self.assertIn("dynamodb:GetItem",
                      self.client.get_resource_policy(ResourceArn=arn)["Policy"])
        self.assert_error(lambda: self.make_table("rp_refused", ResourcePolicy="{"),
                          "ValidationException", "One or more parameter values were invalid: "
                          "Invalid policy document: This policy contains invalid Json")
        self.assertNotIn("rp_refused", self.client.list_tables()["TableNames"])


class PartiQLTest(DynamoDBTestCase):
    def test_statements(self):
        self.make_table("pq_table", range_key="sk", range_type="N")
        run = self.client.execute_statement
        run(Statement="INSERT INTO pq_table VALUE {'pk': 'a', 'sk': 1, 'tags': <<'x', 'y'>>}")
        run(Statement='INSERT INTO "pq_table" VALUE {\'pk\': ?, \'sk\': ?, \'n\': 5}',
            Parameters=[{"S": "a"}, {"N": "2"}])
        items = run(Statement="SELECT * FROM pq_table WHERE pk = 'a' AND sk >= 1")["Items"]
        self.assertEqual(len(items), 2)
        run(Statement="UPDATE pq_table SET n = n + 1 REMOVE tags WHERE pk = 'a' AND sk = 2")
        items = run(Statement="SELECT n FROM pq_table WHERE pk = 'a' AND sk = 2")["Items"]
        self.assertEqual(items, [{"n": {"N": "6"}}])
        self.assert_error(lambda: run(Statement="INSERT INTO pq_table VALUE {'pk': 'a', 'sk': 1}"),
                          "DuplicateItemException", "Duplicate primary key exists in table")
        self.assert_error(lambda: run(Statement="DELETE FROM pq_table WHERE pk = 'zz' AND sk = 1"),
                          "ConditionalCheckFailedException", "The conditional request failed")
        responses = self.client.batch_execute_statement(Statements=[
            {"Statement": "SELECT * FROM pq_table WHERE pk = 'a' AND sk = 1"},
            {"Statement": "DELETE FROM pq_table WHERE pk = 'zz' AND sk = 1"}])["Responses"]
        self.assertEqual(responses[0]["Item"]["sk"], {"N": "1"})
        self.assertEqual(responses[1]["Error"]["Code"], "ConditionalCheckFailed")
        resp = self.assert_error(
            lambda: self.client.execute_transaction(TransactStatements=[
                {"Statement": "DELETE FROM pq_table WHERE pk = 'a' AND sk = 1"},
                {"Statement": "UPDATE pq_table SET n = 1 WHERE pk = 'a' AND sk = 2 AND n = 100"}]),
            "TransactionCanceledException",
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[None, ConditionalCheckFailed]")
        self.assertEqual(len(resp["CancellationReasons"]), 2)
        self.assertEqual(len(run(Statement="SELECT * FROM pq_table")["Items"]), 2)


class CliTest(DynamoDBTestCase):
    def aws(self, *args):
        proc = subprocess.run(["aws", "--endpoint-url", self.server.url, "--output", "json",
                               "dynamodb", *args],
                              capture_output=True, text=True, env={**os.environ, **CLIENT_ENV},
                              timeout=120)
        return proc

    def test_cli_put_get_query(self):
        self.make_table("cli_table")
        proc = self.aws("put-item", "--table-name", "cli_table", "--item",
                        json.dumps({"pk": {"S": "a"}, "n": {"N": "3.0"}}))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        proc = self.aws("get-item", "--table-name", "cli_table", "--key",
                        json.dumps({"pk": {"S": "a"}}))
        self.assertEqual(json.loads(proc.stdout)["Item"]["n"], {"N": "3"})
        proc = self.aws("query", "--table-name", "cli_table", "--key-condition-expression",
                        "pk = :p", "--expression-attribute-values", json.dumps({":p": {"S": "a"}}))
        self.assertEqual(json.loads(proc.stdout)["Count"], 1)

    def test_cli_error(self):
        proc = self.aws("describe-table", "--table-name", "cli_missing")
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("ResourceNotFoundException", proc.stderr)
        self.assertIn("Requested resource not found: Table: cli_missing not found", proc.stderr)


if __name__ == "__main__":
    run_tests()
