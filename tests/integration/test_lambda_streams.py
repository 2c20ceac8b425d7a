"""Lambda reading Kinesis and DynamoDB streams through event source mappings, driven by boto3:
records reach a real function in order with Lambda's event shapes, shard splits, retries,
bisecting, partial batch failures, the OnFailure destination, enabling and disabling; and the
FilterCriteria of every kind of mapping (SQS too)."""
import base64
import json
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402
from test_lambda import TRUST, zip_of  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

# Sends each batch it gets to the SEEN queue, then fails when FAIL_ON names a record of the batch
# (an error for the whole batch, or only that record when PARTIAL is set and the record has
# not failed before, as remembered by the MARKS bucket).
RECORDER = zip_of({"app.py": """
import base64, boto3, json, os
def data_of(record):
    if "kinesis" in record:
        return base64.b64decode(record["kinesis"]["data"]).decode()
    if "body" in record:
        return record["body"]
    return record["eventName"] + ":" + record["dynamodb"]["Keys"]["k"]["S"]
def sequence_of(record):
    if "kinesis" in record:
        return record["kinesis"]["sequenceNumber"]
    return record["dynamodb"]["SequenceNumber"]
def handler(event, context):
    records = event["Records"]
    boto3.client("sqs").send_message(QueueUrl=os.environ["SEEN"], MessageBody=json.dumps(
        {"data": [data_of(r) for r in records], "records": records}))
    poison = os.environ.get("FAIL_ON")
    for r in records:
        if data_of(r) != poison:
            continue
        if not os.environ.get("PARTIAL"):
            raise RuntimeError("poison record")
        s3 = boto3.client("s3")
        try:
            s3.head_object(Bucket=os.environ["MARKS"], Key=poison)
        except Exception:
            s3.put_object(Bucket=os.environ["MARKS"], Key=poison, Body=b"")
            return {"batchItemFailures": [{"itemIdentifier": sequence_of(r)}]}
    return {"batchItemFailures": []}
"""})


class LambdaStreamsTest(ServerTestCase):
    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}, read_timeout=60))

    def setUp(self):
        self.awslambda = self.client("lambda")
        self.sqs = self.client("sqs")
        self.kinesis = self.client("kinesis")
        self.name = "fn-" + uuid.uuid4().hex[:8]
        role = self.client("iam").create_role(RoleName="role-" + self.name,
                                              AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        self.role = role
        self.seen = self.queue("seen-" + self.name)[0]

    def queue(self, name):
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        return url, arn

    def function(self, **variables):
        self.awslambda.create_function(
            FunctionName=self.name, Runtime="python3.12", Role=self.role, Handler="app.handler",
            Code={"ZipFile": RECORDER}, Timeout=30,
            Environment={"Variables": {"SEEN": self.seen, **variables}})

    def stream(self, shards=1):
        name = "s-" + self.name
        self.kinesis.create_stream(StreamName=name, ShardCount=shards)
        return name, self.kinesis.describe_stream_summary(StreamName=name)[
            "StreamDescriptionSummary"]["StreamARN"]

    def batches(self, until, timeout=30):
        """The batches the function saw, until until(batches) holds."""
        got = []
        deadline = time.time() + timeout
        while not until(got) and time.time() < deadline:
            for m in self.sqs.receive_message(QueueUrl=self.seen, MaxNumberOfMessages=10,
                                              WaitTimeSeconds=1).get("Messages", []):
                got.append(json.loads(m["Body"]))
                self.sqs.delete_message(QueueUrl=self.seen, ReceiptHandle=m["ReceiptHandle"])
        self.assertTrue(until(got), got)
        return got

    @staticmethod
    def data(batches):
        return [d for b in batches for d in b["data"]]

    def put(self, stream, values, key="k"):
        return [self.kinesis.put_record(StreamName=stream, Data=v.encode(), PartitionKey=key)
                for v in values]

    def test_kinesis_records_reach_function_in_order_across_a_split(self):
        self.function()
        stream, stream_arn = self.stream()
        written = self.put(stream, ["r0", "r1", "r2"])
        mapping = self.awslambda.create_event_source_mapping(
            EventSourceArn=stream_arn, FunctionName=self.name, StartingPosition="TRIM_HORIZON",
            BatchSize=2)
        self.assertEqual(mapping["LastProcessingResult"], "No records processed")
        batches = self.batches(lambda b: len(self.data(b)) >= 3)
        self.assertEqual(self.data(batches), ["r0", "r1", "r2"])
        self.assertTrue(all(len(b["data"]) <= 2 for b in batches))
        record = batches[0]["records"][0]
        self.assertEqual(record["eventSource"], "aws:kinesis")
        self.assertEqual(record["eventName"], "aws:kinesis:record")
        self.assertEqual(record["eventSourceARN"], stream_arn)
        self.assertEqual(record["invokeIdentityArn"], self.role)
        self.assertEqual(record["awsRegion"], "us-east-1")
        self.assertEqual(record["kinesis"]["partitionKey"], "k")
        self.assertEqual(record["kinesis"]["sequenceNumber"], written[0]["SequenceNumber"])
        self.assertEqual(record["eventID"],
                         f"{written[0]['ShardId']}:{written[0]['SequenceNumber']}")
        self.assertEqual(base64.b64decode(record["kinesis"]["data"]), b"r0")
        self.assertIsInstance(record["kinesis"]["approximateArrivalTimestamp"], float)

        # The parent's last records come before any of its children's.
        self.put(stream, ["r3"])
        shard = self.kinesis.list_shards(StreamName=stream)["Shards"][0]
        middle = (int(shard["HashKeyRange"]["StartingHashKey"]) +
                  int(shard["HashKeyRange"]["EndingHashKey"])) // 2
        self.kinesis.split_shard(StreamName=stream, ShardToSplit=shard["ShardId"],
                                 NewStartingHashKey=str(middle))
        for n, key in enumerate(["0", str(2 ** 128 - 1)]):
            self.kinesis.put_record(StreamName=stream, Data=f"c{n}".encode(), PartitionKey="p",
                                    ExplicitHashKey=key)
        later = self.data(self.batches(lambda b: len(self.data(b)) >= 3))
        self.assertEqual(later[0], "r3")
        self.assertEqual(sorted(later[1:]), ["c0", "c1"])
        got = self.awslambda.get_event_source_mapping(UUID=mapping["UUID"])
        self.assertEqual((got["State"], got["LastProcessingResult"]), ("Enabled", "OK"))

    def test_latest_skips_older_records_and_disabled_mappings_wait(self):
        self.function()
        stream, stream_arn = self.stream()
        self.put(stream, ["old"])
        mapping = self.awslambda.create_event_source_mapping(
            EventSourceArn=stream_arn, FunctionName=self.name, StartingPosition="LATEST")
        time.sleep(1.5)  # the mapping takes its position before the next record
        self.put(stream, ["new"])
        self.assertEqual(self.data(self.batches(lambda b: len(b) >= 1)), ["new"])
        self.awslambda.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
        time.sleep(0.5)
        self.put(stream, ["while-disabled"])
        self.assertEqual(self.sqs.receive_message(QueueUrl=self.seen, WaitTimeSeconds=2).get(
            "Messages", []), [])
        self.awslambda.update_event_source_mapping(UUID=mapping["UUID"], Enabled=True)
        self.assertEqual(self.data(self.batches(lambda b: len(b) >= 1)), ["while-disabled"])

    def test_failed_batches_bisect_retry_and_go_to_on_failure_destination(self):
        self.function(FAIL_ON="bad")
        failed_url, failed_arn = self.queue("failed-" + self.name)
        stream, stream_arn = self.stream()
        written = self.put(stream, ["a", "b", "bad", "c"])
        self.awslambda.create_event_source_mapping(
            EventSourceArn=stream_arn, FunctionName=self.name, StartingPosition="TRIM_HORIZON",
            MaximumRetryAttempts=1, BisectBatchOnFunctionError=True,
            DestinationConfig={"OnFailure": {"Destination": failed_arn}})
        batches = self.batches(lambda b: b and b[-1]["data"] == ["c"])
        # Whole batch, then its halves; the poison record alone is tried twice, then dropped.
        self.assertEqual([b["data"] for b in batches],
                         [["a", "b", "bad", "c"], ["a", "b"], ["bad", "c"], ["bad"], ["bad"],
                          ["c"]])
        messages = self.sqs.receive_message(QueueUrl=failed_url, WaitTimeSeconds=5)["Messages"]
        record = json.loads(messages[0]["Body"])
        self.assertEqual(record["requestContext"]["condition"], "RetryAttemptsExhausted")
        self.assertEqual(record["requestContext"]["approximateInvokeCount"], 2)
        self.assertEqual(record["responseContext"]["functionError"], "Unhandled")
        info = record["KinesisBatchInfo"]
        self.assertEqual((info["shardId"], info["batchSize"], info["streamArn"]),
                         (written[2]["ShardId"], 1, stream_arn))
        self.assertEqual(info["startSequenceNumber"], written[2]["SequenceNumber"])
        self.assertEqual(info["endSequenceNumber"], written[2]["SequenceNumber"])

    def test_reported_item_failure_retries_from_that_record(self):
        marks = "marks-" + self.name
        self.client("s3").create_bucket(Bucket=marks)
        self.function(FAIL_ON="x", PARTIAL="1", MARKS=marks)
        stream, stream_arn = self.stream()
        self.put(stream, ["w", "x", "y"])
        self.awslambda.create_event_source_mapping(
            EventSourceArn=stream_arn, FunctionName=self.name, StartingPosition="TRIM_HORIZON",
            FunctionResponseTypes=["ReportBatchItemFailures"])
        batches = self.batches(lambda b: len(b) >= 2)
        self.assertEqual([b["data"] for b in batches], [["w", "x", "y"], ["x", "y"]])

    def test_dynamodb_stream_changes_reach_function(self):
        self.function()
        ddb = self.client("dynamodb")
        table = "t-" + self.name
        stream_arn = ddb.create_table(
            TableName=table, KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )["TableDescription"]["LatestStreamArn"]
        self.awslambda.create_event_source_mapping(
            EventSourceArn=stream_arn, FunctionName=self.name, StartingPosition="TRIM_HORIZON")
        ddb.put_item(TableName=table, Item={"k": {"S": "one"}, "v": {"N": "1"}})
        ddb.update_item(TableName=table, Key={"k": {"S": "one"}}, UpdateExpression="SET v = :v",
                        ExpressionAttributeValues={":v": {"N": "2"}})
        ddb.delete_item(TableName=table, Key={"k": {"S": "one"}})
        batches = self.batches(lambda b: len(self.data(b)) >= 3)
        self.assertEqual(self.data(batches), ["INSERT:one", "MODIFY:one", "REMOVE:one"])
        records = [r for b in batches for r in b["records"]]
        self.assertEqual({r["eventSource"] for r in records}, {"aws:dynamodb"})
        self.assertEqual({r["eventSourceARN"] for r in records}, {stream_arn})
        modify = records[1]["dynamodb"]
        self.assertEqual((modify["OldImage"]["v"], modify["NewImage"]["v"]),
                         ({"N": "1"}, {"N": "2"}))

    def test_filter_criteria_pass_only_matching_records(self):
        self.function()
        stream, stream_arn = self.stream()
        hot = {"data": {"temp": [{"numeric": [">", 30]}]}}
        only_hot = {"Filters": [{"Pattern": json.dumps(hot)},
                                {"Pattern": json.dumps({"partitionKey": ["always"]})}]}
        mapping = self.awslambda.create_event_source_mapping(
            EventSourceArn=stream_arn, FunctionName=self.name, StartingPosition="TRIM_HORIZON",
            FilterCriteria=only_hot)
        for value, key in [({"temp": 10}, "k"), ({"temp": 40}, "k"), ("not json", "always"),
                           ({"temp": 31}, "k")]:
            self.kinesis.put_record(StreamName=stream, PartitionKey=key, Data=(
                value if isinstance(value, str) else json.dumps(value)).encode())
        self.assertEqual(self.data(self.batches(lambda b: len(self.data(b)) >= 3)),
                         ['{"temp": 40}', "not json", '{"temp": 31}'])

        url, arn = self.queue("in-" + self.name)
        self.awslambda.create_event_source_mapping(
            EventSourceArn=arn, FunctionName=self.name,
            FilterCriteria={"Filters": [{"Pattern": json.dumps({"body": {"kind": ["order"]}})}]})
        for kind in ["order", "refund"]:
            self.sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"kind": kind}))
        records = self.batches(lambda b: len(b) >= 1)[0]["records"]
        self.assertEqual([json.loads(r["body"]) for r in records], [{"kind": "order"}])
        # The message no filter matches is deleted, not left to come back.
        deadline = time.time() + 10
        while time.time() < deadline:
            attributes = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])[
                "Attributes"]
            if (attributes["ApproximateNumberOfMessages"],
                    attributes["ApproximateNumberOfMessagesNotVisible"]) == ("0", "0"):
                break
            time.sleep(0.2)
        self.assertEqual((attributes["ApproximateNumberOfMessages"],
                          attributes["ApproximateNumberOfMessagesNotVisible"]), ("0", "0"))

        with self.assertRaises(self.awslambda.exceptions.InvalidParameterValueException):
            self.awslambda.update_event_source_mapping(
                UUID=mapping["UUID"],
                FilterCriteria={"Filters": [{"Pattern": '{"data": "not a list"}'}]})


if __name__ == "__main__":
    run_tests()
