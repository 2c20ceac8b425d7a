"""Lambda's batching and tumbling windows on Kinesis and DynamoDB stream mappings, driven by
boto3: a reader gathers records for MaximumBatchingWindowInSeconds (or until BatchSize), and a
TumblingWindowInSeconds mapping passes the function's state from one invocation of a window to
the next, ending each window with a final invocation; plus the checks Lambda makes on these
settings."""
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
