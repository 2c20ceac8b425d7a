"""SQS and SNS with no endpoint settings anywhere: the whole module runs under motoc-run
(zero_config_fixture.py). boto3 in the test process, the AWS CLI and Node's @aws-sdk/client-sqs and
@aws-sdk/client-sns as child processes, all over HTTPS to the real host names."""
import hashlib
import json
import os
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from zero_config_fixture import ZeroConfigCase, main, requires_node  # noqa: E402

import boto3  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"


def md5_of_attributes(attributes):
    """SQS's MD5OfMessageAttributes, computed here rather than trusted."""
    digest = hashlib.md5()
    for name in sorted(attributes):
        value = attributes[name]
        for field in (name.encode(), value["DataType"].encode()):
            digest.update(struct.pack("!I", len(field)) + field)
        if "BinaryValue" in value:
            digest.update(b"\x02" + struct.pack("!I", len(value["BinaryValue"])) +
                          value["BinaryValue"])
        else:
            data = value["StringValue"].encode()
            digest.update(b"\x01" + struct.pack("!I", len(data)) + data)
    return digest.hexdigest()


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


class MessagingCase(ZeroConfigCase):
    def setUp(self):
        super().setUp()
        self.sqs = boto3.client("sqs")
        self.sns = boto3.client("sns")

    def queue(self, name, **attributes):
        return self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]

    def arn(self, url):
        return self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        r = ctx.exception.response
        return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]

    def drain(self, url, expected, **kwargs):
        """Receives (and deletes) until `expected` messages came, within a few seconds."""
        got = []
        deadline = time.monotonic() + 10
        while len(got) < expected and time.monotonic() < deadline:
            batch = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                             WaitTimeSeconds=1, **kwargs).get("Messages", [])
            for m in batch:
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            got += batch
        return got


class Queues(MessagingCase):
    def test_boto3_send_receive_delete(self):
        self.assertEqual(self.sqs.meta.endpoint_url, "https://sqs.us-east-1.amazonaws.com")
        url = self.queue("zc-basic", VisibilityTimeout="30")
        self.assertEqual(url, f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/zc-basic")
        attributes = {"text": {"DataType": "String", "StringValue": "héllo"},
                      "count": {"DataType": "Number", "StringValue": "42"},
                      "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"}}
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="body text",
                                     MessageAttributes=attributes)
        self.assertEqual(sent["MD5OfMessageBody"], md5("body text"))
        self.assertEqual(sent["MD5OfMessageAttributes"], md5_of_attributes(attributes))
        got = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"],
                                       MessageSystemAttributeNames=["All"])["Messages"]
        self.assertEqual(len(got), 1)
        m = got[0]
        self.assertEqual((m["MessageId"], m["Body"], m["MD5OfBody"]),
                         (sent["MessageId"], "body text", md5("body text")))
        self.assertEqual(m["MessageAttributes"], attributes)
        self.assertEqual(m["MD5OfMessageAttributes"], md5_of_attributes(attributes))
        self.assertEqual(m["Attributes"]["ApproximateReceiveCount"], "1")
        # In flight: nothing more to receive until it is deleted or becomes visible again.
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        counts = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
        self.assertEqual(counts, {"ApproximateNumberOfMessages": "0",
                                  "ApproximateNumberOfMessagesNotVisible": "0"})

        with self.assertRaises(ClientError) as ctx:
            self.sqs.get_queue_url(QueueName="zc-no-such-queue")
        err = ctx.exception.response
        self.assertEqual((err["Error"]["Code"], err["Error"]["QueryErrorCode"],
                          err["Error"]["Message"], err["ResponseMetadata"]["HTTPStatusCode"]),
                         ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist",
                          "The specified queue does not exist.", 400))
        self.assertEqual(self.error(self.sqs.delete_message, QueueUrl=url, ReceiptHandle="bogus"),
                         ("ReceiptHandleIsInvalid", 404))

    def test_long_poll_returns_when_a_message_arrives(self):
        url = self.queue("zc-long-poll")
        result = {}

        def poll():
            started = time.monotonic()
            result["messages"] = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=15)
            result["seconds"] = time.monotonic() - started

        waiter = threading.Thread(target=poll)
        waiter.start()
        self.addCleanup(waiter.join, 20)
        waiter.join(0.5)
        self.assertTrue(waiter.is_alive(), "the receive waits while the queue is empty")
        # Another process of the tree sends.
        sent = self.aws("sqs", "send-message", "--queue-url", url, "--message-body", "wake up")
        waiter.join(15)
        self.assertFalse(waiter.is_alive())
        messages = result["messages"]["Messages"]
        self.assertEqual([(m["MessageId"], m["Body"]) for m in messages],
                         [(sent["MessageId"], "wake up")])
        self.assertLess(result["seconds"], 10, "answered on arrival, not at the wait's end")

    def test_fifo_order_per_group(self):
        created = self.aws("sqs", "create-queue", "--queue-name", "zc-order.fifo", "--attributes",
                           "FifoQueue=true,ContentBasedDeduplication=true")
        url = created["QueueUrl"]
        self.assertEqual(self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["FifoQueue"])["Attributes"], {"FifoQueue": "true"})
        entries = [{"Id": str(i), "MessageBody": f"{group}-{i}", "MessageGroupId": group}
                   for i, group in enumerate(["a", "b", "a", "b", "a", "a"])]
        out = self.aws("sqs", "send-message-batch", "--queue-url", url,
                       "--entries", f"file://{self.write_file('batch.json', json.dumps(entries))}")
        self.assertEqual(sorted(int(s["Id"]) for s in out["Successful"]), list(range(6)))
        numbers = [int(s["SequenceNumber"]) for s in sorted(out["Successful"],
                                                            key=lambda s: int(s["Id"]))]
        self.assertEqual(numbers, sorted(numbers))
        # Deduplicated on content within five minutes: the same body again is not delivered.
        self.sqs.send_message(QueueUrl=url, MessageBody="a-0", MessageGroupId="a")

        got = self.drain(url, 6, MessageSystemAttributeNames=["MessageGroupId"])
        by_group = {}
        for m in got:
            by_group.setdefault(m["Attributes"]["MessageGroupId"], []).append(m["Body"])
        self.assertEqual(by_group, {"a": ["a-0", "a-2", "a-4", "a-5"], "b": ["b-1", "b-3"]})
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))

    def test_aws_cli_round_trip(self):
        url = self.aws("sqs", "create-queue", "--queue-name", "zc-cli")["QueueUrl"]
        self.assertEqual(self.sqs.list_queues()["QueueUrls"], [url])
        self.sqs.send_message(QueueUrl=url, MessageBody="for the cli")
        got = self.aws("sqs", "receive-message", "--queue-url", url, "--attribute-names", "All")
        (message,) = got["Messages"]
        self.assertEqual((message["Body"], message["MD5OfBody"]),
                         ("for the cli", md5("for the cli")))
        self.assertEqual(message["Attributes"]["ApproximateReceiveCount"], "1")
        self.aws("sqs", "delete-message", "--queue-url", url, "--receipt-handle",
                 message["ReceiptHandle"])
        counts = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual((counts["ApproximateNumberOfMessages"],
                          counts["ApproximateNumberOfMessagesNotVisible"]), ("0", "0"))
        self.assertEqual(self.aws_error("sqs", "get-queue-url", "--queue-name", "zc-missing"),
                         ("AWS.SimpleQueueService.NonExistentQueue", "GetQueueUrl",
                          "The specified queue does not exist."))


class Topics(MessagingCase):
    def test_fan_out_to_sqs(self):
        topic = self.sns.create_topic(Name="zc-events")["TopicArn"]
        self.assertEqual(topic, f"arn:aws:sns:us-east-1:{ACCOUNT}:zc-events")
        wrapped, raw = self.queue("zc-wrapped"), self.queue("zc-raw")
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=self.arn(wrapped))
        self.aws("sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs",
                 "--notification-endpoint", self.arn(raw), "--attributes", json.dumps(
                     {"RawMessageDelivery": "true", "FilterPolicy": '{"kind": ["keep"]}'}))
        subscriptions = self.sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        self.assertEqual(sorted(s["Endpoint"] for s in subscriptions),
                         sorted([self.arn(wrapped), self.arn(raw)]))

        published = self.aws("sns", "publish", "--topic-arn", topic, "--subject", "greeting",
                             "--message", "kept", "--message-attributes",
                             '{"kind": {"DataType": "String", "StringValue": "keep"}}')
        dropped = self.sns.publish(TopicArn=topic, Message="filtered out", MessageAttributes={
            "kind": {"DataType": "String", "StringValue": "drop"}})

        envelopes = [json.loads(m["Body"]) for m in self.drain(wrapped, 2)]
        self.assertEqual([(e["MessageId"], e["Message"]) for e in envelopes],
                         [(published["MessageId"], "kept"), (dropped["MessageId"], "filtered out")])
        first = envelopes[0]
        self.assertEqual((first["Type"], first["TopicArn"], first["Subject"],
                          first["SignatureVersion"]), ("Notification", topic, "greeting", "1"))
        self.assertEqual(first["MessageAttributes"], {"kind": {"Type": "String", "Value": "keep"}})
        self.assertTrue(first["UnsubscribeURL"].startswith(
            "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="))

        raw_messages = self.drain(raw, 1, MessageAttributeNames=["All"])
        self.assertEqual([(m["Body"], m["MessageAttributes"]) for m in raw_messages],
                         [("kept", {"kind": {"DataType": "String", "StringValue": "keep"}})])
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=raw))

        missing = topic + "-missing"
        self.assertEqual(self.error(self.sns.publish, TopicArn=missing, Message="m"),
                         ("NotFound", 404))
        self.assertEqual(self.error(self.sns.subscribe, TopicArn=topic, Protocol="carrier-pigeon",
                                    Endpoint="x"), ("InvalidParameter", 400))
        self.assertEqual(self.aws_error("sns", "publish", "--topic-arn", missing, "--message", "m"),
                         ("NotFound", "Publish", "Topic does not exist"))

    @requires_node("@aws-sdk/client-sqs", "@aws-sdk/client-sns")
    def test_node_sdk(self):
        inbox = self.queue("zc-node-inbox")
        attributes = {"origin": {"DataType": "String", "StringValue": "python"}}
        self.sqs.send_message(QueueUrl=inbox, MessageBody="hello from python",
                              MessageAttributes=attributes)
        topic = self.sns.create_topic(Name="zc-node-topic")["TopicArn"]
        subscribed = self.queue("zc-node-subscribed")
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=self.arn(subscribed))

        out = self.node("sqs_sns.mjs", inbox, topic, subscribed, "zc-node-made")

        self.assertEqual(out["fromPython"]["body"], "hello from python")
        self.assertEqual(out["fromPython"]["md5"], md5("hello from python"))
        self.assertEqual(out["fromPython"]["attributes"], attributes)
        self.assertLessEqual(abs(int(out["fromPython"]["sentTimestamp"]) / 1000 - time.time()), 60)
        (back,) = self.drain(inbox, 1, MessageAttributeNames=["All"])
        self.assertEqual((back["MessageId"], back["Body"], back["MessageAttributes"]),
                         (out["sent"]["messageId"], "hello from node",
                          {"origin": {"DataType": "String", "StringValue": "node"}}))
        self.assertEqual(out["sent"]["md5"], md5("hello from node"))

        made = f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/zc-node-made"
        self.assertEqual((out["created"]["url"], out["created"]["found"]), (made, made))
        self.assertEqual(out["created"]["attributes"], {
            "VisibilityTimeout": "45", "QueueArn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:zc-node-made"})
        self.assertEqual(self.sqs.get_queue_url(QueueName="zc-node-made")["QueueUrl"], made)

        envelope = out["published"]["envelope"]
        self.assertEqual({k: envelope[k] for k in ("Type", "MessageId", "TopicArn", "Subject",
                                                   "Message", "MessageAttributes")},
                         {"Type": "Notification", "MessageId": out["published"]["messageId"],
                          "TopicArn": topic, "Subject": "from node", "Message": '{"n":1}',
                          "MessageAttributes": {"kind": {"Type": "String", "Value": "test"}}})

        errors = out["errors"]
        self.assertEqual({k: (v["name"], v["status"]) for k, v in errors.items()},
                         {"missingQueue": ("QueueDoesNotExist", 400),
                          "missingTopic": ("NotFoundException", 404),
                          "badBody": ("InvalidMessageContents", 400)})
        self.assertEqual(errors["missingQueue"]["message"], "The specified queue does not exist.")
        self.assertEqual(errors["missingTopic"]["message"], "Topic does not exist")


if __name__ == "__main__":
    main()
