"""Lambda's batching and tumbling windows and parallel batches on Kinesis and DynamoDB stream
mappings, driven by boto3: a reader gathers records for MaximumBatchingWindowInSeconds (or until
BatchSize); a TumblingWindowInSeconds mapping passes the function's state from one invocation of
a window to the next, ending each window with a final invocation; ParallelizationFactor runs
batches of one shard at once while each key's records stay in order; plus the checks Lambda
makes on these settings."""
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import run_tests  # noqa: E402
from test_lambda import zip_of  # noqa: E402
import test_lambda_streams  # noqa: E402

from botocore.exceptions import ClientError  # noqa: E402

# Sends what each invocation got (the data of its records and the window fields) to the SEEN
# queue and answers a state that lists every record of the window so far.
TUMBLER = zip_of({"app.py": """
import base64, boto3, json, os
def data_of(record):
    if "kinesis" in record:
        return base64.b64decode(record["kinesis"]["data"]).decode()
    return record["eventName"] + ":" + record["dynamodb"]["Keys"]["k"]["S"]
def handler(event, context):
    data = [data_of(r) for r in event["Records"]]
    seen = {key: event.get(key) for key in ["window", "state", "shardId", "eventSourceARN",
                                            "isFinalInvokeForWindow", "isWindowTerminatedEarly"]}
    boto3.client("sqs").send_message(QueueUrl=os.environ["SEEN"],
                                     MessageBody=json.dumps({"data": data, **seen}))
    return {"state": {"data": event["state"].get("data", []) + data}, "batchItemFailures": []}
"""})

# Takes a second per batch and tells when it ran, which records (by key) it got and whether it
# overlapped another invocation.
SLOW = zip_of({"app.py": """
import base64, boto3, json, os, time
def key_of(record):
    if "kinesis" in record:
        return record["kinesis"]["partitionKey"]
    return record["dynamodb"]["Keys"]["k"]["S"]
def data_of(record):
    if "kinesis" in record:
        return base64.b64decode(record["kinesis"]["data"]).decode()
    return record["dynamodb"]["NewImage"]["v"]["S"]
def handler(event, context):
    start = time.time()
    time.sleep(1)
    records = [[key_of(r), data_of(r)] for r in event["Records"]]
    boto3.client("sqs").send_message(QueueUrl=os.environ["SEEN"], MessageBody=json.dumps(
        {"data": [d for _, d in records], "records": records, "start": start,
         "end": time.time()}))
    return {"batchItemFailures": []}
"""})


class StreamWindowsTest(test_lambda_streams.LambdaStreamsTest):
    def tumbler(self):
        self.awslambda.create_function(
            FunctionName=self.name, Runtime="python3.12", Role=self.role, Handler="app.handler",
            Code={"ZipFile": TUMBLER}, Timeout=30, Environment={"Variables": {"SEEN": self.seen}})

    def map(self, stream_arn, **settings):
        mapping = self.awslambda.create_event_source_mapping(
            EventSourceArn=stream_arn, FunctionName=self.name, StartingPosition="TRIM_HORIZON",
            **settings)
        self.wait_enabled(mapping["UUID"])
        return mapping

    def wait_enabled(self, uuid):
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.awslambda.get_event_source_mapping(UUID=uuid)["State"] == "Enabled":
                return
            time.sleep(0.2)

    def test_batching_window_gathers_records_put_apart_into_one_invocation(self):
        self.function()
        stream, stream_arn = self.stream()
        self.map(stream_arn, MaximumBatchingWindowInSeconds=3)
        time.sleep(1.5)  # the reader is idle, waiting for a first record
        for value in ["a", "b", "c"]:
            self.put(stream, [value])
            time.sleep(0.1)
        batches = self.batches(lambda b: len(self.data(b)) >= 3)
        self.assertEqual([b["data"] for b in batches], [["a", "b", "c"]])

    def test_full_batch_goes_before_its_batching_window_ends(self):
        self.function()
        stream, stream_arn = self.stream()
        self.map(stream_arn, BatchSize=2, MaximumBatchingWindowInSeconds=300)
        self.put(stream, ["a", "b", "c"])
        # Waiting 300 s would fail the deadline: the batch went once it held BatchSize records.
        self.assertEqual(self.batches(lambda b: len(b) >= 1)[0]["data"], ["a", "b"])

    def check_windows(self, invocations, seconds):
        """Each invocation got the state its window built so far; each window ended with a final
        invocation, after which the next window started afresh."""
        state = {}
        for n, got in enumerate(invocations):
            start = got["window"]["start"]
            self.assertEqual(got["state"].get("data", []), state.get(start, []), invocations)
            state[start] = state.get(start, []) + got["data"]
            self.assertFalse(got["isWindowTerminatedEarly"])
            later = [i for i in invocations[n + 1:] if i["window"]["start"] == start]
            self.assertEqual(got["isFinalInvokeForWindow"], not later, invocations)
            begin = time.strptime(start, "%Y-%m-%dT%H:%M:%SZ")
            end = time.strptime(got["window"]["end"], "%Y-%m-%dT%H:%M:%SZ")
            self.assertEqual(time.mktime(end) - time.mktime(begin), seconds)
        return state

    def test_tumbling_window_carries_state_and_ends_with_a_final_invocation(self):
        self.tumbler()
        stream, stream_arn = self.stream()
        self.map(stream_arn, BatchSize=1, TumblingWindowInSeconds=3)
        written = []
        for value in ["a", "b", "c"]:
            written += self.put(stream, [value])
            time.sleep(0.1)

        def all_windows_closed(invocations):
            data = self.data(invocations)
            return data == ["a", "b", "c"] and invocations[-1]["isFinalInvokeForWindow"]

        invocations = self.batches(all_windows_closed)
        state = self.check_windows(invocations, 3)
        self.assertEqual([d for s in state.values() for d in s], ["a", "b", "c"])
        # Three records 0.1 s apart: at least two share a 3 s window, so a state was carried.
        self.assertTrue(any(i["state"] for i in invocations), invocations)
        self.assertEqual({i["shardId"] for i in invocations}, {written[0]["ShardId"]})
        self.assertEqual({i["eventSourceARN"] for i in invocations}, {stream_arn})

    def test_tumbling_window_over_dynamodb_changes(self):
        self.tumbler()
        ddb = self.client("dynamodb")
        table = "t-" + self.name
        stream_arn = ddb.create_table(
            TableName=table, KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
        )["TableDescription"]["LatestStreamArn"]
        self.map(stream_arn, TumblingWindowInSeconds=2)
        for key in ["x", "y"]:
            ddb.put_item(TableName=table, Item={"k": {"S": key}})
        invocations = self.batches(lambda b: self.data(b) == ["INSERT:x", "INSERT:y"] and
                                   b[-1]["isFinalInvokeForWindow"])
        self.check_windows(invocations, 2)
        self.assertEqual({i["eventSourceARN"] for i in invocations}, {stream_arn})

    def test_a_tumbling_answer_without_state_is_retried(self):
        self.function()  # answers batchItemFailures only
        stream, stream_arn = self.stream()
        self.map(stream_arn, TumblingWindowInSeconds=60, MaximumRetryAttempts=1)
        self.put(stream, ["a"])
        self.assertEqual([b["data"] for b in self.batches(lambda b: len(b) >= 2)],
                         [["a"], ["a"]])

    def slow(self):
        self.awslambda.create_function(
            FunctionName=self.name, Runtime="python3.12", Role=self.role, Handler="app.handler",
            Code={"ZipFile": SLOW}, Timeout=30, Environment={"Variables": {"SEEN": self.seen}})

    def check_parallel(self, invocations, written):
        """Every record once, each key's records in the order written, and batches that ran at
        the same time."""
        invocations.sort(key=lambda i: i["start"])
        by_key = {}
        for invocation in invocations:
            for key, data in invocation["records"]:
                by_key.setdefault(key, []).append(data)
        expected = {}
        for key, data in written:
            expected.setdefault(key, []).append(data)
        self.assertEqual(by_key, expected)
        overlapping = [(a, b) for n, a in enumerate(invocations) for b in invocations[n + 1:]
                       if b["start"] < a["end"]]
        self.assertTrue(overlapping, invocations)

    def test_parallelization_factor_overlaps_batches_and_keeps_each_key_in_order(self):
        self.slow()
        stream, stream_arn = self.stream()
        written = [(f"k{n % 8}", f"v{n}") for n in range(32)]
        for key, data in written:
            self.kinesis.put_record(StreamName=stream, Data=data.encode(), PartitionKey=key)
        self.map(stream_arn, BatchSize=16, ParallelizationFactor=4)
        invocations = self.batches(lambda b: len(self.data(b)) >= 32, timeout=120)
        self.check_parallel(invocations, written)

    def test_parallelization_factor_over_dynamodb_item_keys(self):
        self.slow()
        ddb = self.client("dynamodb")
        table = "t-" + self.name
        stream_arn = ddb.create_table(
            TableName=table, KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )["TableDescription"]["LatestStreamArn"]
        written = [(f"k{n % 6}", f"v{n}") for n in range(18)]
        for key, data in written:
            ddb.put_item(TableName=table, Item={"k": {"S": key}, "v": {"S": data}})
        self.map(stream_arn, BatchSize=18, ParallelizationFactor=3)
        invocations = self.batches(lambda b: len(self.data(b)) >= 18, timeout=120)
        self.check_parallel(invocations, written)

    def test_a_parallel_batch_given_up_on_is_its_lane_alone(self):
        self.function(FAIL_ON="bad")
        failed_url, failed_arn = self.queue("failed-" + self.name)
        stream, stream_arn = self.stream()
        written = [(f"k{n}", f"v{n}") for n in range(6)] + [("k0", "bad")]
        for key, data in written:
            self.kinesis.put_record(StreamName=stream, Data=data.encode(), PartitionKey=key)
        self.map(stream_arn, ParallelizationFactor=2, MaximumRetryAttempts=0,
                 DestinationConfig={"OnFailure": {"Destination": failed_arn}})
        # The other lane's records reach the function once; the failing lane's once more.
        batches = self.batches(lambda b: {"bad", "v1", "v2", "v3", "v4", "v5"} <= set(
            self.data(b)))
        failing = [b for b in batches if "bad" in b["data"]]
        self.assertEqual(len(failing), 1, batches)
        self.assertLess(len(failing[0]["data"]), len(written), batches)
        self.assertLess(failing[0]["data"].index("v0"), failing[0]["data"].index("bad"))
        record = json.loads(self.sqs.receive_message(QueueUrl=failed_url, WaitTimeSeconds=10)[
            "Messages"][0]["Body"])
        self.assertEqual(record["requestContext"]["condition"], "RetryAttemptsExhausted")
        self.assertEqual(record["KinesisBatchInfo"]["batchSize"], len(failing[0]["data"]))
        # The shard went on past the batch given up on.
        self.put(stream, ["later"])
        self.assertEqual(self.data(self.batches(lambda b: len(b) >= 1)), ["later"])

    def test_settings_are_checked_as_lambda_does(self):
        self.function()
        stream, stream_arn = self.stream()
        mapping = self.awslambda.create_event_source_mapping(
            EventSourceArn=stream_arn, FunctionName=self.name, StartingPosition="LATEST")
        for member, value in [("ParallelizationFactor", 1), ("TumblingWindowInSeconds", 0),
                              ("MaximumBatchingWindowInSeconds", 0),
                              ("MaximumRetryAttempts", -1), ("MaximumRecordAgeInSeconds", -1),
                              ("BisectBatchOnFunctionError", False)]:
            self.assertEqual(mapping[member], value, member)
        for member, value in [("ParallelizationFactor", 11), ("TumblingWindowInSeconds", 901),
                              ("MaximumBatchingWindowInSeconds", 301)]:
            with self.assertRaises(ClientError) as caught:
                self.awslambda.update_event_source_mapping(UUID=mapping["UUID"],
                                                           **{member: value})
            self.assertEqual(caught.exception.response["Error"]["Code"], "ValidationException")
        updated = self.awslambda.update_event_source_mapping(
            UUID=mapping["UUID"], ParallelizationFactor=4, TumblingWindowInSeconds=900,
            MaximumBatchingWindowInSeconds=300)
        self.assertEqual((updated["ParallelizationFactor"], updated["TumblingWindowInSeconds"],
                          updated["MaximumBatchingWindowInSeconds"]), (4, 900, 300))

        url, queue_arn = self.queue("in-" + self.name)
        for member, value in [("ParallelizationFactor", 2), ("TumblingWindowInSeconds", 10),
                              ("BisectBatchOnFunctionError", True)]:
            with self.assertRaises(self.awslambda.exceptions.InvalidParameterValueException) as e:
                self.awslambda.create_event_source_mapping(
                    EventSourceArn=queue_arn, FunctionName=self.name, **{member: value})
            self.assertIn(member[0].lower() + member[1:], str(e.exception))
        sqs_mapping = self.awslambda.create_event_source_mapping(EventSourceArn=queue_arn,
                                                                 FunctionName=self.name)
        self.assertNotIn("ParallelizationFactor", sqs_mapping)
        with self.assertRaises(self.awslambda.exceptions.InvalidParameterValueException):
            self.awslambda.update_event_source_mapping(UUID=sqs_mapping["UUID"],
                                                       TumblingWindowInSeconds=5)


def load_tests(loader, tests, pattern):
    """Only this file's tests: the stream tests it builds on run in their own file."""
    return unittest.TestSuite(StreamWindowsTest(name) for name in sorted(vars(StreamWindowsTest))
                              if name.startswith("test_"))


if __name__ == "__main__":
    run_tests()
