"""DynamoDB's Kinesis streaming destinations through motoc-server with boto3: enabling, updating
and disabling a destination, the change records every kind of write sends to the Kinesis data
stream (their JSON read back with GetRecords), and the errors for missing tables and streams and
for destinations in the wrong state."""
import json
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

REGION = "us-east-1"


class DynamoDbKinesisTest(ServerTestCase):
    def setUp(self):
        config = Config(retries={"max_attempts": 1})
        self.ddb = boto3.client("dynamodb", endpoint_url=self.server.url, region_name=REGION,
                                config=config)
        self.kinesis = boto3.client("kinesis", endpoint_url=self.server.url, region_name=REGION,
                                    config=config)
        suffix = uuid.uuid4().hex[:8]
        self.table = "table-" + suffix
        self.ddb.create_table(
            TableName=self.table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}])
        self.stream = "changes-" + suffix
        self.kinesis.create_stream(StreamName=self.stream, ShardCount=2)
        self.stream_arn = self.kinesis.describe_stream_summary(
            StreamName=self.stream)["StreamDescriptionSummary"]["StreamARN"]

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response["Error"]

    def enable(self, **config):
        kwargs = {"EnableKinesisStreamingConfiguration": config} if config else {}
        return self.ddb.enable_kinesis_streaming_destination(
            TableName=self.table, StreamArn=self.stream_arn, **kwargs)

    def records(self):
        """Every change record in the stream, as parsed JSON, oldest first per shard, with the
        partition key each was put under."""
        out = []
        for shard in self.kinesis.list_shards(StreamName=self.stream)["Shards"]:
            it = self.kinesis.get_shard_iterator(
                StreamName=self.stream, ShardId=shard["ShardId"],
                ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            page = self.kinesis.get_records(ShardIterator=it, Limit=1000)
            out += [(json.loads(r["Data"]), r["PartitionKey"]) for r in page["Records"]]
        return out

    def events(self):
        """(eventName, Keys) of every record, in creation order."""
        records = sorted((r for r, _ in self.records()),
                         key=lambda r: r["dynamodb"]["ApproximateCreationDateTime"])
        return [(r["eventName"], r["dynamodb"]["Keys"]) for r in records]

    def test_enable_describe_update_disable(self):
        self.assertEqual(self.ddb.describe_kinesis_streaming_destination(
            TableName=self.table)["KinesisDataStreamDestinations"], [])
        answer = self.enable()
        self.assertEqual(answer["TableName"], self.table)
        self.assertEqual(answer["StreamArn"], self.stream_arn)
        self.assertEqual(answer["DestinationStatus"], "ENABLING")
        self.assertEqual(answer["EnableKinesisStreamingConfiguration"],
                         {"ApproximateCreationDateTimePrecision": "MILLISECOND"})
        described = self.ddb.describe_kinesis_streaming_destination(TableName=self.table)
        self.assertEqual(described["TableName"], self.table)
        [dest] = described["KinesisDataStreamDestinations"]
        self.assertEqual(dest["StreamArn"], self.stream_arn)
        self.assertEqual(dest["DestinationStatus"], "ACTIVE")
        self.assertEqual(dest["ApproximateCreationDateTimePrecision"], "MILLISECOND")

        updated = self.ddb.update_kinesis_streaming_destination(
            TableName=self.table, StreamArn=self.stream_arn,
            UpdateKinesisStreamingConfiguration={
                "ApproximateCreationDateTimePrecision": "MICROSECOND"})
        self.assertEqual(updated["DestinationStatus"], "UPDATING")
        self.assertEqual(updated["UpdateKinesisStreamingConfiguration"],
                         {"ApproximateCreationDateTimePrecision": "MICROSECOND"})
        [dest] = self.ddb.describe_kinesis_streaming_destination(
            TableName=self.table)["KinesisDataStreamDestinations"]
        self.assertEqual(dest["ApproximateCreationDateTimePrecision"], "MICROSECOND")

        disabled = self.ddb.disable_kinesis_streaming_destination(
            TableName=self.table, StreamArn=self.stream_arn)
        self.assertEqual(disabled["DestinationStatus"], "DISABLING")
        [dest] = self.ddb.describe_kinesis_streaming_destination(
            TableName=self.table)["KinesisDataStreamDestinations"]
        self.assertEqual(dest["DestinationStatus"], "DISABLED")

        # Disabled destinations stay listed, and can be enabled again.
        self.enable()
        [dest] = self.ddb.describe_kinesis_streaming_destination(
            TableName=self.table)["KinesisDataStreamDestinations"]
        self.assertEqual(dest["DestinationStatus"], "ACTIVE")

    def test_item_writes_become_change_records(self):
        self.ddb.put_item(TableName=self.table, Item={"pk": {"S": "before"}, "sk": {"N": "0"}})
        self.enable()
        before = time.time()
        key = {"pk": {"S": "a"}, "sk": {"N": "1"}}
        self.ddb.put_item(TableName=self.table, Item={**key, "v": {"S": "one"}})
        self.ddb.update_item(TableName=self.table, Key=key, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"B": b"\x00\xff"}})
        self.ddb.delete_item(TableName=self.table, Key=key)
        self.ddb.delete_item(TableName=self.table, Key={"pk": {"S": "absent"}, "sk": {"N": "9"}})

        records = self.records()
        self.assertEqual(len(records), 3, "a delete of nothing changes nothing")
        by_event = {r["eventName"]: (r, pk) for r, pk in records}
        insert, pk = by_event["INSERT"]
        self.assertEqual(set(insert), {"awsRegion", "eventID", "eventName", "userIdentity",
                                       "recordFormat", "tableName", "dynamodb", "eventSource"})
        self.assertEqual(insert["awsRegion"], REGION)
        self.assertIsNone(insert["userIdentity"])
        self.assertEqual(insert["recordFormat"], "application/json")
        self.assertEqual(insert["tableName"], self.table)
        self.assertEqual(insert["eventSource"], "aws:dynamodb")
        d = insert["dynamodb"]
        self.assertEqual(d["Keys"], key)
        self.assertEqual(d["NewImage"], {**key, "v": {"S": "one"}})
        self.assertNotIn("OldImage", d)
        self.assertEqual(d["ApproximateCreationDateTimePrecision"], "MILLISECOND")
        self.assertIsInstance(d["ApproximateCreationDateTime"], int)
        self.assertLessEqual(abs(d["ApproximateCreationDateTime"] / 1000 - before), 60)
        self.assertGreater(d["SizeBytes"], 0)

        modify, modify_pk = by_event["MODIFY"]
        self.assertEqual(modify["dynamodb"]["OldImage"], {**key, "v": {"S": "one"}})
        self.assertEqual(modify["dynamodb"]["NewImage"], {**key, "v": {"B": "AP8="}})
        remove, remove_pk = by_event["REMOVE"]
        self.assertEqual(remove["dynamodb"]["OldImage"], {**key, "v": {"B": "AP8="}})
        self.assertNotIn("NewImage", remove["dynamodb"])
        # One item's records share a partition key, so they stay in order on one shard.
        self.assertEqual(pk, modify_pk)
        self.assertEqual(pk, remove_pk)
        self.assertEqual(len({r["eventID"] for r, _ in records}), 3)

    def test_batch_transaction_and_partiql_writes_are_recorded(self):
        self.enable(ApproximateCreationDateTimePrecision="MICROSECOND")
        self.ddb.batch_write_item(RequestItems={self.table: [
            {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"N": str(i)}}}} for i in range(3)]})
        self.ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": self.table, "Item": {"pk": {"S": "t"}, "sk": {"N": "0"}}}},
            {"Delete": {"TableName": self.table, "Key": {"pk": {"S": "b"}, "sk": {"N": "0"}}}}])
        self.ddb.execute_statement(
            Statement=f"UPDATE \"{self.table}\" SET v = 'p' WHERE pk = 'b' AND sk = 1")
        events = self.events()
        self.assertEqual(sorted(e for e, _ in events),
                         ["INSERT"] * 4 + ["MODIFY", "REMOVE"])
        self.assertIn(("MODIFY", {"pk": {"S": "b"}, "sk": {"N": "1"}}), events)
        self.assertIn(("REMOVE", {"pk": {"S": "b"}, "sk": {"N": "0"}}), events)
        now_us = time.time() * 1e6
        for record, _ in self.records():
            d = record["dynamodb"]
            self.assertEqual(d["ApproximateCreationDateTimePrecision"], "MICROSECOND")
            self.assertLessEqual(abs(d["ApproximateCreationDateTime"] - now_us), 60e6)

    def test_ttl_removals_name_the_service(self):
        self.ddb.update_time_to_live(TableName=self.table, TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
        self.enable()
        key = {"pk": {"S": "old"}, "sk": {"N": "1"}}
        self.ddb.put_item(TableName=self.table,
                          Item={**key, "expires": {"N": str(int(time.time()) - 60)}})
        self.assertEqual(self.ddb.scan(TableName=self.table)["Items"], [])
        by_event = {r["eventName"]: r for r, _ in self.records()}
        self.assertIsNone(by_event["INSERT"]["userIdentity"])
        self.assertEqual(by_event["REMOVE"]["userIdentity"],
                         {"type": "Service", "principalId": "dynamodb.amazonaws.com"})
        self.assertEqual(by_event["REMOVE"]["dynamodb"]["Keys"], key)

    def test_a_disabled_destination_receives_nothing(self):
        self.enable()
        self.ddb.put_item(TableName=self.table, Item={"pk": {"S": "x"}, "sk": {"N": "1"}})
        self.ddb.disable_kinesis_streaming_destination(TableName=self.table,
                                                       StreamArn=self.stream_arn)
        self.ddb.put_item(TableName=self.table, Item={"pk": {"S": "y"}, "sk": {"N": "1"}})
        self.assertEqual(self.events(), [("INSERT", {"pk": {"S": "x"}, "sk": {"N": "1"}})])

    def test_errors(self):
        missing_stream = self.stream_arn.replace(self.stream, "missing-" + self.stream)
        err = self.error(self.ddb.enable_kinesis_streaming_destination, TableName=self.table,
                         StreamArn=missing_stream)
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        for call in (self.ddb.enable_kinesis_streaming_destination,
                     self.ddb.disable_kinesis_streaming_destination):
            err = self.error(call, TableName="no-such-table", StreamArn=self.stream_arn)
            self.assertEqual(err["Code"], "ResourceNotFoundException")
        err = self.error(self.ddb.describe_kinesis_streaming_destination,
                         TableName="no-such-table")
        self.assertEqual(err["Code"], "ResourceNotFoundException")

        err = self.error(self.ddb.disable_kinesis_streaming_destination, TableName=self.table,
                         StreamArn=self.stream_arn)
        self.assertEqual(err["Code"], "ValidationException")
        self.assertIn("must be ACTIVE", err["Message"])
        err = self.error(self.ddb.update_kinesis_streaming_destination, TableName=self.table,
                         StreamArn=self.stream_arn, UpdateKinesisStreamingConfiguration={
                             "ApproximateCreationDateTimePrecision": "MICROSECOND"})
        self.assertEqual(err["Code"], "ValidationException")

        self.enable()
        err = self.error(self.ddb.enable_kinesis_streaming_destination, TableName=self.table,
                         StreamArn=self.stream_arn)
        self.assertEqual(err["Code"], "ValidationException")
        self.assertIn("must be DISABLED or ENABLE_FAILED", err["Message"])

    def test_writes_outlive_a_deleted_stream(self):
        self.enable()
        self.kinesis.delete_stream(StreamName=self.stream)
        self.ddb.put_item(TableName=self.table, Item={"pk": {"S": "z"}, "sk": {"N": "1"}})
        self.assertEqual(len(self.ddb.scan(TableName=self.table)["Items"]), 1)


if __name__ == "__main__":
    run_tests()
