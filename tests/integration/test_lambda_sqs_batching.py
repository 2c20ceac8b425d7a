"""How an SQS event source mapping makes its batches, as Lambda does: it gathers messages until
BatchSize, the end of MaximumBatchingWindowInSeconds, or Lambda's 6 MB payload, whichever
comes first, and deletes every message of a batch that succeeded, however large the batch."""
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

# Tells a queue what each batch held: its size, its first body's start, its payload's size.
RECORDER = zip_of({"app.py": """
import boto3, json, os
def handler(event, context):
    records = event["Records"]
    boto3.client("sqs").send_message(QueueUrl=os.environ["SEEN"], MessageBody=json.dumps({
        "count": len(records),
        "bodies": [r["body"][:20] for r in records],
        "payload": len(json.dumps(event)),
    }))
"""})

SIX_MB = 6 * 1024 * 1024


class SqsBatching(ServerTestCase):
    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}, read_timeout=60))

    def setUp(self):
        self.sqs = self.client("sqs")
        self.awslambda = self.client("lambda")
        suffix = uuid.uuid4().hex[:8]
        self.seen = self.sqs.create_queue(QueueName="seen-" + suffix)["QueueUrl"]
        self.queue = self.sqs.create_queue(QueueName="work-" + suffix)["QueueUrl"]
        self.queue_arn = self.sqs.get_queue_attributes(
            QueueUrl=self.queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        role = self.client("iam").create_role(RoleName="batching-" + suffix,
                                              AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        self.function = "batches-" + suffix
        self.awslambda.create_function(
            FunctionName=self.function, Runtime="python3.12", Role=role, Handler="app.handler",
            Code={"ZipFile": RECORDER}, Timeout=30,
            Environment={"Variables": {"SEEN": self.seen}})

    def map(self, **settings):
        return self.awslambda.create_event_source_mapping(
            EventSourceArn=self.queue_arn, FunctionName=self.function, **settings)["UUID"]

    def batches(self, messages):
        """The batches the function saw, until they held `messages` messages in all."""
        seen, deadline = [], time.time() + 60
        while sum(b["count"] for b in seen) < messages and time.time() < deadline:
            for m in self.sqs.receive_message(QueueUrl=self.seen, MaxNumberOfMessages=10,
                                              WaitTimeSeconds=5).get("Messages", []):
                seen.append(json.loads(m["Body"]))
                self.sqs.delete_message(QueueUrl=self.seen, ReceiptHandle=m["ReceiptHandle"])
        return seen

    def assert_drained(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            attributes = self.sqs.get_queue_attributes(
                QueueUrl=self.queue, AttributeNames=["All"])["Attributes"]
            counts = (attributes["ApproximateNumberOfMessages"],
                      attributes["ApproximateNumberOfMessagesNotVisible"])
            if counts == ("0", "0"):
                return
            time.sleep(0.2)
        self.fail(f"messages left in the queue: {counts}")

    def test_window_gathers_messages_sent_apart_into_one_batch(self):
        self.map(BatchSize=10, MaximumBatchingWindowInSeconds=4)
        for n in range(3):
            self.sqs.send_message(QueueUrl=self.queue, MessageBody=f"apart-{n}")
            time.sleep(0.3)
        batches = self.batches(3)
        self.assertEqual([b["count"] for b in batches], [3])
        self.assertEqual(sorted(batches[0]["bodies"]), ["apart-0", "apart-1", "apart-2"])
        self.assert_drained()

    def test_a_full_batch_does_not_wait_for_the_window(self):
        mapping = self.map(BatchSize=2, MaximumBatchingWindowInSeconds=120)
        self.sqs.send_message_batch(QueueUrl=self.queue, Entries=[
            {"Id": str(n), "MessageBody": f"full-{n}"} for n in range(2)])
        started = time.time()
        batches = self.batches(2)
        # Well before the two-minute window: the batch was full.
        self.assertLess(time.time() - started, 60)
        self.assertEqual([b["count"] for b in batches], [2])

        # A deleted mapping takes no more messages.
        self.awslambda.delete_event_source_mapping(UUID=mapping)
        time.sleep(1.5)
        self.sqs.send_message_batch(QueueUrl=self.queue, Entries=[
            {"Id": str(n), "MessageBody": f"left-{n}"} for n in range(2)])
        time.sleep(2.5)
        attributes = self.sqs.get_queue_attributes(QueueUrl=self.queue,
                                                   AttributeNames=["All"])["Attributes"]
        self.assertEqual(attributes["ApproximateNumberOfMessages"], "2")

    def test_batches_past_ten_messages_are_delivered_and_deleted_whole(self):
        self.map(BatchSize=25, MaximumBatchingWindowInSeconds=3)
        for start in range(0, 25, 10):
            self.sqs.send_message_batch(QueueUrl=self.queue, Entries=[
                {"Id": str(n), "MessageBody": f"many-{n}"}
                for n in range(start, min(start + 10, 25))])
        batches = self.batches(25)
        self.assertEqual([b["count"] for b in batches], [25])
        self.assert_drained()

    def test_a_batch_stops_at_lambdas_six_mb_payload(self):
        self.map(BatchSize=100, MaximumBatchingWindowInSeconds=3)
        big = "x" * (250 * 1024)
        for start in range(0, 32, 4):  # SendMessageBatch carries 1 MB
            self.sqs.send_message_batch(QueueUrl=self.queue, Entries=[
                {"Id": str(n), "MessageBody": f"big-{n:02d}-{big}"} for n in range(start, start + 4)])
        batches = self.batches(32)
        self.assertEqual(sum(b["count"] for b in batches), 32)
        self.assertGreater(len(batches), 1)
        for b in batches:
            self.assertLessEqual(b["payload"], SIX_MB)
        bodies = sorted(body for b in batches for body in b["bodies"])
        self.assertEqual(bodies, sorted(f"big-{n:02d}-" + "x" * 13 for n in range(32)))
        self.assert_drained()


if __name__ == "__main__":
    run_tests()
