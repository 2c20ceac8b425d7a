"""DynamoDB across a restart of motoc-server --state: tables with keys, secondary indexes,
streams, Kinesis streaming destinations, TTL, point-in-time recovery, tags and billing settings;
items of every attribute type; backups; import and export descriptions; transaction tokens;
tables of another region."""
import json
import os
import sys
from decimal import Decimal

import boto3

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, aws_cli, client, run_tests  # noqa: E402


def every_type_item(i):
    return {
        "pk": {"S": f"user#{i % 3}"},
        "sk": {"N": str(i)},
        "name": {"S": f"name {i} \u00e9\u4e2d"},
        "score": {"N": "12345678901234567890.123456789"},
        "blob": {"B": bytes([0, 1, 254, 255, i])},
        "flags": {"SS": ["a", "b"]},
        "numbers": {"NS": ["1", "2.5", "-3"]},
        "blobs": {"BS": [b"\x00", b"\xff"]},
        "nested": {"M": {"list": {"L": [{"S": "x"}, {"N": "1"}, {"NULL": True}, {"BOOL": False}]},
                         "empty": {"M": {}}}},
        "gsi_key": {"S": f"g{i % 2}"},
    }


def scan_all(ddb, table):
    items, kwargs = [], {}
    while True:
        page = ddb.scan(TableName=table, **kwargs)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def kinesis_change_events(server):
    """(eventName, Keys) of every change record in the "changes" Kinesis stream."""
    kinesis = client(server, "kinesis")
    events = []
    for shard in kinesis.list_shards(StreamName="changes")["Shards"]:
        iterator = kinesis.get_shard_iterator(StreamName="changes", ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        for record in kinesis.get_records(ShardIterator=iterator, Limit=1000)["Records"]:
            change = json.loads(record["Data"])
            events.append((change["eventName"], change["dynamodb"]["Keys"]))
    return events


def transaction(token, value):
    return dict(ClientRequestToken=token, TransactItems=[{"Put": {
        "TableName": "orders", "Item": {"pk": {"S": "tx"}, "sk": {"N": "0"}, "v": {"S": value}}}}])


class DynamoDbPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        ddb = client(server, "dynamodb")
        ddb.create_table(
            TableName="orders",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "gsi_key", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "by-gsi", "Projection": {"ProjectionType": "ALL"},
                "KeySchema": [{"AttributeName": "gsi_key", "KeyType": "HASH"},
                              {"AttributeName": "sk", "KeyType": "RANGE"}]}],
            LocalSecondaryIndexes=[{
                "IndexName": "by-name",
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["score"]},
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                              {"AttributeName": "gsi_key", "KeyType": "RANGE"}]}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            Tags=[{"Key": "team", "Value": "core"}])
        kinesis = client(server, "kinesis")
        kinesis.create_stream(StreamName="changes", ShardCount=2)
        ddb.enable_kinesis_streaming_destination(
            TableName="orders",
            StreamArn=kinesis.describe_stream_summary(StreamName="changes")[
                "StreamDescriptionSummary"]["StreamARN"],
            EnableKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision":
                                                 "MICROSECOND"})
        for i in range(12):
            ddb.put_item(TableName="orders", Item=every_type_item(i))
        ddb.update_item(TableName="orders", Key={"pk": {"S": "user#0"}, "sk": {"N": "0"}},
                        UpdateExpression="SET score = score + :one REMOVE blobs",
                        ExpressionAttributeValues={":one": {"N": "1"}})
        ddb.delete_item(TableName="orders", Key={"pk": {"S": "user#1"}, "sk": {"N": "1"}})
        ddb.transact_write_items(**transaction("fill-token", "first"))
        ddb.update_time_to_live(TableName="orders", TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
        ddb.update_continuous_backups(TableName="orders", PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": True})
        ddb.create_backup(TableName="orders", BackupName="nightly")
        table = ddb.describe_table(TableName="orders")["Table"]
        ddb.export_table_to_point_in_time(TableArn=table["TableArn"], S3Bucket="nowhere")
        ddb.import_table(S3BucketSource={"S3Bucket": "nowhere"}, InputFormat="CSV",
                         TableCreationParameters={
                             "TableName": "imported", "BillingMode": "PAY_PER_REQUEST",
                             "AttributeDefinitions": [{"AttributeName": "k",
                                                       "AttributeType": "S"}],
                             "KeySchema": [{"AttributeName": "k", "KeyType": "HASH"}]})
        for arn, action in ((table["TableArn"], "dynamodb:GetItem"),
                            (table["LatestStreamArn"], "dynamodb:GetRecords")):
            ddb.put_resource_policy(ResourceArn=arn, Policy=json.dumps({"Statement": [{
                "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": action, "Resource": arn}]}))

        aws_cli(server, "dynamodb", "create-table", "--table-name", "counters",
                "--attribute-definitions", "AttributeName=id,AttributeType=B",
                "--key-schema", "AttributeName=id,KeyType=HASH",
                "--provisioned-throughput", "ReadCapacityUnits=7,WriteCapacityUnits=3")
        table = boto3.resource("dynamodb", endpoint_url=server.url,
                               region_name="us-east-1").Table("counters")
        table.put_item(Item={"id": b"\x00\x01", "count": Decimal("41"), "tags": {"x", "y"}})
        client(server, "dynamodb", region="eu-west-1").create_table(
            TableName="orders", BillingMode="PAY_PER_REQUEST",
            WarmThroughput={"ReadUnitsPerSecond": 13000, "WriteUnitsPerSecond": 4500},
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])

    def observe(self, server):
        reads = {}
        for region in ("us-east-1", "eu-west-1"):
            ddb = client(server, "dynamodb", region=region)
            for name in ddb.list_tables()["TableNames"]:
                table = ddb.describe_table(TableName=name)["Table"]
                reads[f"{region}/{name}"] = {
                    "table": table,
                    "items": scan_all(ddb, name),
                    "tags": ddb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"],
                    "ttl": ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"],
                }
        ddb = client(server, "dynamodb")
        reads["gsi"] = ddb.query(TableName="orders", IndexName="by-gsi",
                                 KeyConditionExpression="gsi_key = :g",
                                 ExpressionAttributeValues={":g": {"S": "g0"}})["Items"]
        reads["lsi"] = ddb.query(TableName="orders", IndexName="by-name",
                                 KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": "user#2"}},
                                 ScanIndexForward=False)["Items"]
        backups = ddb.list_backups(TableName="orders")["BackupSummaries"]
        reads["backups"] = [ddb.describe_backup(BackupArn=b["BackupArn"])["BackupDescription"]
                            for b in backups]
        reads["continuous backups"] = ddb.describe_continuous_backups(TableName="orders")[
            "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"]
        reads["kinesis destinations"] = ddb.describe_kinesis_streaming_destination(
            TableName="orders")["KinesisDataStreamDestinations"]
        reads["kinesis change records"] = sorted(json.dumps(e, sort_keys=True)
                                                 for e in kinesis_change_events(server))
        reads["exports"] = [ddb.describe_export(ExportArn=e["ExportArn"])["ExportDescription"]
                            for e in ddb.list_exports()["ExportSummaries"]]
        reads["imports"] = [ddb.describe_import(ImportArn=i["ImportArn"])["ImportTableDescription"]
                            for i in ddb.list_imports()["ImportSummaryList"]]
        streams = client(server, "dynamodbstreams")
        arn = ddb.describe_table(TableName="orders")["Table"]["LatestStreamArn"]
        stream = streams.describe_stream(StreamArn=arn)["StreamDescription"]
        iterator = streams.get_shard_iterator(StreamArn=arn,
                                              ShardId=stream["Shards"][0]["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator, Limit=1000)["Records"]
        reads["stream"] = {"description": stream,
                           "records": [(r["eventName"], r["dynamodb"]) for r in records]}
        table = ddb.describe_table(TableName="orders")["Table"]
        reads["resource policies"] = [
            {k: v for k, v in ddb.get_resource_policy(ResourceArn=arn).items()
             if k != "ResponseMetadata"}
            for arn in (table["TableArn"], table["LatestStreamArn"])]
        reads["cli"] = aws_cli(server, "dynamodb", "get-item", "--table-name", "orders",
                               "--key", '{"pk":{"S":"user#0"},"sk":{"N":"0"}}')
        return reads

    def test_items_indexes_and_tokens_carry_on_after_a_restart(self):
        server = self.start()
        self.fill(server)
        ddb = client(server, "dynamodb")
        backup_arn = ddb.list_backups(TableName="orders")["BackupSummaries"][0]["BackupArn"]

        changes = len(kinesis_change_events(server))
        server = self.restart(server)
        self.assertEqual(len(kinesis_change_events(server)), changes,
                         "loading the items writes no change records")
        ddb = client(server, "dynamodb")
        # The token used before the restart refuses another request and answers the same one.
        with self.assertRaises(ddb.exceptions.IdempotentParameterMismatchException):
            ddb.transact_write_items(**transaction("fill-token", "second"))
        ddb.transact_write_items(**transaction("fill-token", "first"))
        export, = ddb.list_exports()["ExportSummaries"]
        self.assertEqual(export["ExportStatus"], "FAILED")
        imported, = ddb.list_imports()["ImportSummaryList"]
        self.assertEqual(imported["ImportStatus"], "FAILED")
        # Writes after the load keep the indexes, sizes and streams in step.
        ddb.put_item(TableName="orders", Item=every_type_item(100))
        ddb.delete_item(TableName="orders", Key={"pk": {"S": "user#0"}, "sk": {"N": "0"}})
        table = ddb.describe_table(TableName="orders")["Table"]
        self.assertEqual(table["ItemCount"], len(scan_all(ddb, "orders")))
        # The destination still receives changes (the retried transaction changed nothing).
        self.assertEqual(len(kinesis_change_events(server)), changes + 2)
        gsi = ddb.query(TableName="orders", IndexName="by-gsi",
                        KeyConditionExpression="gsi_key = :g",
                        ExpressionAttributeValues={":g": {"S": "g0"}})["Items"]
        self.assertIn("100", [item["sk"]["N"] for item in gsi])
        self.assertNotIn("0", [item["sk"]["N"] for item in gsi])
        with self.assertRaises(ddb.exceptions.ConditionalCheckFailedException):
            ddb.put_item(TableName="orders", Item=every_type_item(3),
                         ConditionExpression="attribute_not_exists(pk)")
        # The backup restores to a new table with the items it had when it was taken.
        ddb.restore_table_from_backup(TargetTableName="restored", BackupArn=backup_arn)
        restored = scan_all(ddb, "restored")
        keys = {(item["pk"]["S"], item["sk"]["N"]) for item in restored}
        self.assertEqual(len(keys), 12)
        self.assertIn(("tx", "0"), keys)
        self.assertNotIn(("user#1", "1"), keys)
        self.stop(server)


if __name__ == "__main__":
    run_tests()
