"""SQS through motoc-server: boto3 (json protocol), query requests signed with botocore's SigV4
signer, and the AWS CLI, pointed at the server by endpoint URL."""
import hashlib
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
import unittest
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
import requests  # noqa: E402
from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"
NS = "{http://queue.amazonaws.com/doc/2012-11-05/}"


def md5_of_attributes(attributes):
    """SQS's MD5OfMessageAttributes, computed independently of the server."""
    digest = hashlib.md5()

    def field(data):
        digest.update(struct.pack("!I", len(data)) + data)

    for name in sorted(attributes):
        value = attributes[name]
        field(name.encode())
        field(value["DataType"].encode())
        if "BinaryValue" in value:
            digest.update(b"\x02")
            field(value["BinaryValue"])
        else:
            digest.update(b"\x01")
            field(value["StringValue"].encode())
    return digest.hexdigest()


class SqsCase(ServerTestCase):
    def client(self, region="us-east-1", **config):
        return boto3.client("sqs", endpoint_url=self.server.url, region_name=region,
                            config=Config(retries={"max_attempts": 1}, **config))

    def setUp(self):
        requests.post(self.server.url + "/moto-api/reset")
        self.sqs = self.client()

    def queue(self, name, **attributes):
        return self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]

    def arn(self, url):
        return self.sqs.get_queue_attributes(QueueUrl=url,
                                             AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def assert_error(self, call, code, status=400, message=None, query_code=None):
        with self.assertRaises(ClientError) as ctx:
            call()
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], code)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status)
        if message is not None:
            self.assertEqual(err["Error"]["Message"], message)
        if query_code is not None:
            self.assertEqual(err["Error"]["QueryErrorCode"], query_code)
        return err


class QueueTest(SqsCase):
    def test_create_is_idempotent_and_refuses_different_attributes(self):
        url = self.queue("orders", VisibilityTimeout="60")
        self.assertEqual(url, f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/orders")
        self.assertEqual(self.queue("orders", VisibilityTimeout="60"), url)
        self.assert_error(lambda: self.queue("orders", VisibilityTimeout="61"),
                          "QueueAlreadyExists", query_code="QueueNameExists",
                          message="A queue already exists with the same name and a different "
                                  "value for attribute VisibilityTimeout")

    def test_name_rules(self):
        self.assert_error(lambda: self.queue("has space"), "InvalidParameterValue")
        self.assert_error(lambda: self.queue("x" * 81), "InvalidParameterValue")
        self.assert_error(lambda: self.queue("plain", FifoQueue="true"), "InvalidParameterValue")
        self.queue("ok-name_1")
        self.queue("ok.fifo", FifoQueue="true")

    def test_missing_queue(self):
        err = self.assert_error(lambda: self.sqs.get_queue_url(QueueName="nope"),
                                "AWS.SimpleQueueService.NonExistentQueue",
                                message="The specified queue does not exist.",
                                query_code="QueueDoesNotExist")
        headers = err["ResponseMetadata"]["HTTPHeaders"]
        self.assertEqual(headers["x-amzn-query-error"],
                         "AWS.SimpleQueueService.NonExistentQueue;Sender")
        # The JSON protocol names the error by its Smithy shape id, as SQS does.
        self.assertEqual(headers["x-amzn-errortype"], "com.amazonaws.sqs#QueueDoesNotExist")

    def test_get_queue_url_and_url_forms(self):
        url = self.queue("forms")
        self.assertEqual(self.sqs.get_queue_url(QueueName="forms",
                                                QueueOwnerAWSAccountId=ACCOUNT)["QueueUrl"], url)
        for form in (f"https://queue.amazonaws.com/{ACCOUNT}/forms",
                     f"https://us-east-1.queue.amazonaws.com/{ACCOUNT}/forms",
                     f"{self.server.url}/{ACCOUNT}/forms"):
            self.sqs.send_message(QueueUrl=form, MessageBody=form)
        self.assertEqual(self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"],
            {"ApproximateNumberOfMessages": "3"})

    def test_list_queues_prefix_and_pages(self):
        for name in ("a1", "a2", "a3", "b1"):
            self.queue(name)
        self.assertEqual(len(self.sqs.list_queues(QueueNamePrefix="a")["QueueUrls"]), 3)
        seen, token = [], None
        while True:
            kwargs = {"MaxResults": 2, **({"NextToken": token} if token else {})}
            page = self.sqs.list_queues(**kwargs)
            seen += page["QueueUrls"]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual([u.rsplit("/", 1)[1] for u in seen], ["a1", "a2", "a3", "b1"])
        self.assertNotIn("QueueUrls", self.sqs.list_queues(QueueNamePrefix="zzz"))

    def test_attributes(self):
        dlq = self.queue("attrs-dlq")
        url = self.queue("attrs", DelaySeconds="2", MaximumMessageSize="2048",
                         MessageRetentionPeriod="120", ReceiveMessageWaitTimeSeconds="1",
                         VisibilityTimeout="10", KmsMasterKeyId="alias/aws/sqs",
                         KmsDataKeyReusePeriodSeconds="600",
                         Policy=json.dumps({"Version": "2012-10-17", "Statement": []}),
                         RedrivePolicy=json.dumps({"deadLetterTargetArn": self.arn(dlq),
                                                   "maxReceiveCount": "3"}))
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual(attrs["DelaySeconds"], "2")
        self.assertEqual(attrs["KmsDataKeyReusePeriodSeconds"], "600")
        self.assertEqual(attrs["SqsManagedSseEnabled"], "false")
        self.assertEqual(json.loads(attrs["RedrivePolicy"]),
                         {"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 3})
        for name in ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                     "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp",
                     "LastModifiedTimestamp", "QueueArn"):
            self.assertIn(name, attrs)
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": ""})
        self.assertNotIn("RedrivePolicy", self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["All"])["Attributes"])
        self.assert_error(lambda: self.sqs.set_queue_attributes(
            QueueUrl=url, Attributes={"DelaySeconds": "901"}), "InvalidAttributeValue",
            message="Invalid value for the parameter DelaySeconds.")
        self.assert_error(lambda: self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["Bogus"]), "InvalidAttributeName")

    def test_kms_key_must_be_usable_to_send_and_receive(self):
        kms = boto3.client("kms", endpoint_url=self.server.url, region_name="us-east-1")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        url = self.queue("kms-queue", KmsMasterKeyId=key)
        self.sqs.send_message(QueueUrl=url, MessageBody="sealed")
        kms.disable_key(KeyId=key)
        for call, args in ((self.sqs.send_message, {"MessageBody": "more"}),
                           (self.sqs.receive_message, {})):
            with self.assertRaises(ClientError) as ctx:
                call(QueueUrl=url, **args)
            self.assertEqual(ctx.exception.response["Error"]["Code"], "KMS.DisabledException")
            self.assertIsInstance(ctx.exception, self.sqs.exceptions.KmsDisabled)
        kms.enable_key(KeyId=key)
        got = self.sqs.receive_message(QueueUrl=url)["Messages"]
        self.assertEqual([m["Body"] for m in got], ["sealed"])
        # SQS takes any key id as the attribute and refuses messages until it exists.
        url = self.queue("kms-missing", KmsMasterKeyId="alias/not-there")
        with self.assertRaises(ClientError) as ctx:
            self.sqs.send_message(QueueUrl=url, MessageBody="x")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "KMS.NotFoundException")

    def test_fifo_attributes_and_redrive_allow_policy(self):
        url = self.queue("attrs.fifo", FifoQueue="true", ContentBasedDeduplication="true",
                         DeduplicationScope="messageGroup",
                         FifoThroughputLimit="perMessageGroupId")
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        self.assertEqual((attrs["FifoQueue"], attrs["ContentBasedDeduplication"],
                          attrs["DeduplicationScope"], attrs["FifoThroughputLimit"]),
                         ("true", "true", "messageGroup", "perMessageGroupId"))
        deny = self.queue("deny", RedriveAllowPolicy=json.dumps({"redrivePermission": "denyAll"}))
        self.assertIn("RedriveAllowPolicy", self.sqs.get_queue_attributes(
            QueueUrl=deny, AttributeNames=["RedriveAllowPolicy"])["Attributes"])
        self.assert_error(lambda: self.queue("source", RedrivePolicy=json.dumps(
            {"deadLetterTargetArn": self.arn(deny), "maxReceiveCount": 1})),
            "InvalidParameterValue")

    def test_tag_limits(self):
        url = self.sqs.create_queue(QueueName="tag-limits")["QueueUrl"]
        self.sqs.tag_queue(QueueUrl=url, Tags={f"k{i}": "v" for i in range(50)})
        self.assert_error(lambda: self.sqs.tag_queue(QueueUrl=url, Tags={"one-more": "v"}),
                          "InvalidParameterValue",
                          message="Too many tags added for queue tag-limits.")
        self.sqs.tag_queue(QueueUrl=url, Tags={"k0": "replaced"})
        tags = self.sqs.list_queue_tags(QueueUrl=url)["Tags"]
        self.assertEqual((len(tags), tags["k0"]), (50, "replaced"))
        # lengths count characters: 128 two-byte characters are allowed, 129 are not
        self.sqs.untag_queue(QueueUrl=url, TagKeys=["k1"])
        self.sqs.tag_queue(QueueUrl=url, Tags={"\u00e9" * 128: "\u00e9" * 256})
        self.sqs.untag_queue(QueueUrl=url, TagKeys=["k2"])
        self.assert_error(lambda: self.sqs.tag_queue(QueueUrl=url, Tags={"\u00e9" * 129: "v"}),
                          "InvalidParameterValue",
                          message="Tag keys must be between 1 and 128 characters in length.")
        self.assert_error(lambda: self.sqs.tag_queue(QueueUrl=url, Tags={"aws:x": "v"}),
                          "InvalidParameterValue")

    def test_tags_permissions_purge_delete(self):
        url = self.sqs.create_queue(QueueName="misc", tags={"team": "core"})["QueueUrl"]
        self.sqs.tag_queue(QueueUrl=url, Tags={"env": "test"})
        self.sqs.untag_queue(QueueUrl=url, TagKeys=["team"])
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"], {"env": "test"})
        self.sqs.add_permission(QueueUrl=url, Label="share", AWSAccountIds=["111122223333"],
                                Actions=["SendMessage", "ReceiveMessage"])
        policy = json.loads(self.sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
        self.assertEqual(policy["Statement"][0]["Action"], ["SQS:SendMessage", "SQS:ReceiveMessage"])
        self.sqs.remove_permission(QueueUrl=url, Label="share")
        self.sqs.send_message(QueueUrl=url, MessageBody="x")
        self.sqs.purge_queue(QueueUrl=url)
        self.assert_error(lambda: self.sqs.purge_queue(QueueUrl=url),
                          "AWS.SimpleQueueService.PurgeQueueInProgress", status=403)
        self.sqs.delete_queue(QueueUrl=url)
        self.assert_error(lambda: self.sqs.delete_queue(QueueUrl=url),
                          "AWS.SimpleQueueService.NonExistentQueue")

    def test_state_is_per_region(self):
        self.queue("regional")
        west = self.client("us-west-2")
        self.assertNotIn("QueueUrls", west.list_queues())
        self.assertIn("us-west-2", west.create_queue(QueueName="regional")["QueueUrl"])


class MessageTest(SqsCase):
    def test_send_receive_delete_with_attributes(self):
        url = self.queue("msgs")
        attributes = {"text": {"DataType": "String", "StringValue": "héllo"},
                      "count": {"DataType": "Number", "StringValue": "42"},
                      "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"},
                      "custom": {"DataType": "String.json", "StringValue": "{}"}}
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="body ✓", MessageAttributes=attributes,
                                     MessageSystemAttributes={"AWSTraceHeader": {
                                         "DataType": "String", "StringValue": "Root=1-abc"}})
        self.assertEqual(sent["MD5OfMessageBody"], hashlib.md5("body ✓".encode()).hexdigest())
        self.assertEqual(sent["MD5OfMessageAttributes"], md5_of_attributes(attributes))
        self.assertIn("MD5OfMessageSystemAttributes", sent)
        got = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"],
                                       MessageSystemAttributeNames=["All"])["Messages"][0]
        self.assertEqual(got["Body"], "body ✓")
        self.assertEqual(got["MessageAttributes"], attributes)
        self.assertEqual(got["MD5OfMessageAttributes"], md5_of_attributes(attributes))
        self.assertEqual(got["Attributes"]["AWSTraceHeader"], "Root=1-abc")
        self.assertEqual(got["Attributes"]["ApproximateReceiveCount"], "1")
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=got["ReceiptHandle"])
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))

    def test_message_attribute_selection(self):
        url = self.queue("select")
        attributes = {name: {"DataType": "String", "StringValue": name}
                      for name in ("a.one", "a.two", "b")}
        self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes=attributes)
        for selectors, expected in ((["All"], {"a.one", "a.two", "b"}), ([".*"], {"a.one", "a.two", "b"}),
                                    (["a.*"], {"a.one", "a.two"}), (["b", "c"], {"b"})):
            got = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=selectors,
                                           VisibilityTimeout=0)["Messages"][0]
            self.assertEqual(set(got["MessageAttributes"]), expected, selectors)
            self.assertEqual(got["MD5OfMessageAttributes"], md5_of_attributes(
                {k: attributes[k] for k in expected}))
        got = self.sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]
        self.assertNotIn("MessageAttributes", got)

    def test_invalid_messages(self):
        url = self.queue("invalid", MaximumMessageSize="1024")
        self.assert_error(lambda: self.sqs.send_message(QueueUrl=url, MessageBody="a\x01b"),
                          "InvalidMessageContents")
        self.assert_error(lambda: self.sqs.send_message(QueueUrl=url, MessageBody="x" * 1025),
                          "InvalidParameterValue",
                          message="One or more parameters are invalid. Reason: Message must be "
                                  "shorter than 1024 bytes.")
        self.assert_error(lambda: self.sqs.send_message(
            QueueUrl=url, MessageBody="x",
            MessageAttributes={"n": {"DataType": "Number", "StringValue": "abc"}}),
            "InvalidParameterValue")
        self.assert_error(lambda: self.sqs.send_message(
            QueueUrl=url, MessageBody="x",
            MessageAttributes={"n": {"DataType": "Text", "StringValue": "abc"}}),
            "InvalidParameterValue")
        self.assert_error(lambda: self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=11),
                          "InvalidParameterValue")
        self.assert_error(lambda: self.sqs.delete_message(QueueUrl=url, ReceiptHandle="nope"),
                          "ReceiptHandleIsInvalid", status=404)

    def test_visibility_timeout_and_change(self):
        url = self.queue("visibility")
        self.sqs.send_message(QueueUrl=url, MessageBody="x")
        first = self.sqs.receive_message(QueueUrl=url, VisibilityTimeout=1)["Messages"][0]
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        time.sleep(1.2)
        second = self.sqs.receive_message(QueueUrl=url, VisibilityTimeout=30,
                                          AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
        self.assertEqual(second["Attributes"]["ApproximateReceiveCount"], "2")
        self.assertNotEqual(first["ReceiptHandle"], second["ReceiptHandle"])
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=second["ReceiptHandle"],
                                           VisibilityTimeout=0)
        third = self.sqs.receive_message(QueueUrl=url)["Messages"][0]
        result = self.sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
            {"Id": "ok", "ReceiptHandle": third["ReceiptHandle"], "VisibilityTimeout": 5},
            {"Id": "bad", "ReceiptHandle": "nope", "VisibilityTimeout": 5}])
        self.assertEqual([e["Id"] for e in result["Successful"]], ["ok"])
        self.assertEqual(result["Failed"][0]["Code"], "ReceiptHandleIsInvalid")

    def test_delay(self):
        url = self.queue("delay", DelaySeconds="1")
        self.sqs.send_message(QueueUrl=url, MessageBody="later")
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        time.sleep(1.2)
        self.assertEqual(self.sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"], "later")

    def test_batches(self):
        url = self.queue("batch")
        result = self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "one", "MessageBody": "1"},
            {"Id": "two", "MessageBody": "2", "DelaySeconds": 901}])
        self.assertEqual([e["Id"] for e in result["Successful"]], ["one"])
        self.assertEqual(result["Failed"][0]["Id"], "two")
        self.assertTrue(result["Failed"][0]["SenderFault"])
        self.assert_error(lambda: self.sqs.send_message_batch(QueueUrl=url, Entries=[]),
                          "AWS.SimpleQueueService.EmptyBatchRequest")
        self.assert_error(lambda: self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "MessageBody": "x"} for i in range(11)]),
            "AWS.SimpleQueueService.TooManyEntriesInBatchRequest")
        self.assert_error(lambda: self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "same", "MessageBody": "x"}, {"Id": "same", "MessageBody": "y"}]),
            "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", message="Id same repeated.")
        self.assert_error(lambda: self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "not ok!", "MessageBody": "x"}]), "AWS.SimpleQueueService.InvalidBatchEntryId")
        got = self.sqs.receive_message(QueueUrl=url)["Messages"]
        deleted = self.sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": "a", "ReceiptHandle": got[0]["ReceiptHandle"]}])
        self.assertEqual(deleted["Successful"], [{"Id": "a"}])


class FifoTest(SqsCase):
    def test_order_per_group_and_one_group_in_flight(self):
        url = self.queue("order.fifo", FifoQueue="true", ContentBasedDeduplication="true")
        for group, body in (("a", "a1"), ("b", "b1"), ("a", "a2"), ("b", "b2"), ("a", "a3")):
            sent = self.sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId=group)
            self.assertEqual(len(sent["SequenceNumber"]), 20)
        first = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                         AttributeNames=["All"])["Messages"]
        self.assertEqual([m["Body"] for m in first], ["a1", "a2", "a3", "b1", "b2"])
        self.assertEqual(first[0]["Attributes"]["MessageGroupId"], "a")
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        # While a2 and a3 are in flight, group a stays locked even with a1 back.
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"],
                                           VisibilityTimeout=0)
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        for m in first[1:3]:
            self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"],
                                               VisibilityTimeout=0)
        self.assertEqual([m["Body"] for m in self.sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10)["Messages"]], ["a1", "a2", "a3"])

    def test_deduplication(self):
        url = self.queue("dedup.fifo", FifoQueue="true")
        one = self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g",
                                    MessageDeduplicationId="d1")
        again = self.sqs.send_message(QueueUrl=url, MessageBody="y", MessageGroupId="g",
                                      MessageDeduplicationId="d1")
        self.assertEqual(one["MessageId"], again["MessageId"])
        self.sqs.send_message(QueueUrl=url, MessageBody="z", MessageGroupId="g",
                              MessageDeduplicationId="d2")
        bodies = [m["Body"] for m in self.sqs.receive_message(QueueUrl=url,
                                                              MaxNumberOfMessages=10)["Messages"]]
        self.assertEqual(bodies, ["x", "z"])
        self.assert_error(lambda: self.sqs.send_message(QueueUrl=url, MessageBody="x"),
                          "MissingParameter")
        self.assert_error(lambda: self.sqs.send_message(QueueUrl=url, MessageBody="x",
                                                        MessageGroupId="g"),
                          "InvalidParameterValue")


class RedriveTest(SqsCase):
    def test_dead_letter_queue_and_move_task(self):
        dlq = self.queue("dlq")
        dlq_arn = self.arn(dlq)
        source = self.queue("work", RedrivePolicy=json.dumps(
            {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2}))
        self.sqs.send_message(QueueUrl=source, MessageBody="poison")
        for _ in range(2):
            self.assertIn("Messages", self.sqs.receive_message(QueueUrl=source, VisibilityTimeout=0))
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=source))
        moved = self.sqs.receive_message(QueueUrl=dlq, VisibilityTimeout=0,
                                         MessageSystemAttributeNames=["All"])["Messages"][0]
        self.assertEqual(moved["Body"], "poison")
        self.assertEqual(moved["Attributes"]["DeadLetterQueueSourceArn"], self.arn(source))
        self.assertEqual(self.sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"],
                         [source])
        task = self.sqs.start_message_move_task(SourceArn=dlq_arn)["TaskHandle"]
        deadline = time.time() + 10
        while time.time() < deadline:
            status = self.sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]
            if status["Status"] != "RUNNING":
                break
            time.sleep(0.05)
        self.assertEqual(status["Status"], "COMPLETED")
        self.assertEqual(status["ApproximateNumberOfMessagesMoved"], 1)
        self.assertEqual(self.sqs.receive_message(QueueUrl=source)["Messages"][0]["Body"], "poison")
        self.assert_error(lambda: self.sqs.cancel_message_move_task(TaskHandle=task),
                          "ResourceNotFoundException", status=404)


class LongPollTest(SqsCase):
    def test_long_poll_does_not_delay_other_clients(self):
        url = self.queue("poll")
        result = {}

        def wait():
            started = time.time()
            result["reply"] = self.client().receive_message(QueueUrl=url, WaitTimeSeconds=5)
            result["waited"] = time.time() - started

        poller = threading.Thread(target=wait)
        poller.start()
        time.sleep(0.3)
        other = self.client()
        started = time.time()
        for _ in range(20):
            other.list_queues()
        self.assertLess(time.time() - started, 2.0)
        poller.join()
        self.assertNotIn("Messages", result["reply"])
        self.assertGreaterEqual(result["waited"], 4.5)

    def test_long_poll_answers_when_a_message_arrives(self):
        url = self.queue("poll-arrival")
        result = {}

        def wait():
            started = time.time()
            result["reply"] = self.client().receive_message(QueueUrl=url, WaitTimeSeconds=10)
            result["waited"] = time.time() - started

        poller = threading.Thread(target=wait)
        poller.start()
        time.sleep(0.5)
        self.sqs.send_message(QueueUrl=url, MessageBody="wake up")
        poller.join()
        self.assertEqual(result["reply"]["Messages"][0]["Body"], "wake up")
        self.assertLess(result["waited"], 3)

    def test_queue_wait_time_attribute_and_delayed_message(self):
        url = self.queue("poll-default", ReceiveMessageWaitTimeSeconds="3")
        self.sqs.send_message(QueueUrl=url, MessageBody="soon", DelaySeconds=1)
        started = time.time()
        reply = self.sqs.receive_message(QueueUrl=url)
        self.assertEqual(reply["Messages"][0]["Body"], "soon")
        self.assertLess(time.time() - started, 2.5)

    def test_client_that_hangs_up_is_forgotten(self):
        url = self.queue("poll-hangup")
        body = json.dumps({"QueueUrl": url, "WaitTimeSeconds": 20})
        request = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AmazonSQS.ReceiveMessage\r\n"
                   f"Content-Type: application/x-amz-json-1.0\r\nContent-Length: {len(body)}\r\n\r\n"
                   f"{body}").encode()
        sockets = [socket.create_connection(("127.0.0.1", self.server.port)) for _ in range(5)]
        for s in sockets:
            s.sendall(request)
        time.sleep(0.3)
        # Hang up and send at once: the hang-ups and the message reach the server together.
        for s in sockets:
            s.close()
        self.sqs.send_message(QueueUrl=url, MessageBody="still here")
        self.assertEqual(self.sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"],
                         "still here")

    def test_reset_answers_waiting_polls(self):
        url = self.queue("poll-reset")
        result = {}

        def wait():
            result["reply"] = self.client().receive_message(QueueUrl=url, WaitTimeSeconds=20)

        poller = threading.Thread(target=wait)
        poller.start()
        time.sleep(0.3)
        started = time.time()
        requests.post(self.server.url + "/moto-api/reset")
        poller.join(timeout=10)
        self.assertFalse(poller.is_alive())
        self.assertNotIn("Messages", result["reply"])
        self.assertLess(time.time() - started, 5)


class QueryProtocolTest(SqsCase):
    """Older clients speak the query protocol to the same backend."""

    def query(self, action, **params):
        body = urlencode({"Action": action, "Version": "2012-11-05", **params})
        request = AWSRequest(method="POST", url=self.server.url + "/", data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        SigV4Auth(Credentials("testing", "testing"), "sqs", "us-east-1").add_auth(request)
        reply = requests.post(self.server.url + "/", data=body, headers=dict(request.headers))
        return reply.status_code, ET.fromstring(reply.content)

    def test_queue_and_messages_over_query(self):
        status, doc = self.query("CreateQueue", QueueName="legacy", **{
            "Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "45",
            "Tag.1.Key": "team", "Tag.1.Value": "core"})
        self.assertEqual(status, 200)
        url = doc.find(f"{NS}CreateQueueResult/{NS}QueueUrl").text
        self.assertEqual(url, f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/legacy")
        status, doc = self.query("GetQueueAttributes", QueueUrl=url,
                                 **{"AttributeName.1": "VisibilityTimeout"})
        attribute = doc.find(f"{NS}GetQueueAttributesResult/{NS}Attribute")
        self.assertEqual((attribute.find(f"{NS}Name").text, attribute.find(f"{NS}Value").text),
                         ("VisibilityTimeout", "45"))
        status, doc = self.query("SendMessage", QueueUrl=url, MessageBody="over query", **{
            "MessageAttribute.1.Name": "kind", "MessageAttribute.1.Value.DataType": "String",
            "MessageAttribute.1.Value.StringValue": "legacy"})
        self.assertEqual(doc.find(f"{NS}SendMessageResult/{NS}MD5OfMessageAttributes").text,
                         md5_of_attributes({"kind": {"DataType": "String", "StringValue": "legacy"}}))
        # The json client sees what the query client sent.
        got = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"],
                                       VisibilityTimeout=0)["Messages"][0]
        self.assertEqual(got["MessageAttributes"]["kind"]["StringValue"], "legacy")
        status, doc = self.query("ReceiveMessage", QueueUrl=url, **{
            "AttributeName.1": "All", "MessageAttributeName.1": "All"})
        message = doc.find(f"{NS}ReceiveMessageResult/{NS}Message")
        self.assertEqual(message.find(f"{NS}Body").text, "over query")
        names = [a.find(f"{NS}Name").text for a in message.findall(f"{NS}Attribute")]
        self.assertIn("SentTimestamp", names)
        self.assertEqual(message.find(f"{NS}MessageAttribute/{NS}Value/{NS}StringValue").text,
                         "legacy")
        status, doc = self.query("ListQueueTags", QueueUrl=url)
        self.assertEqual(doc.find(f"{NS}ListQueueTagsResult/{NS}Tag/{NS}Key").text, "team")
        status, doc = self.query("ListQueues")
        self.assertEqual([e.text for e in doc.iter(f"{NS}QueueUrl")], [url])

    def test_query_errors(self):
        status, doc = self.query("GetQueueUrl", QueueName="nope")
        self.assertEqual(status, 400)
        error = doc.find(f"{NS}Error")
        self.assertEqual(error.find(f"{NS}Code").text, "AWS.SimpleQueueService.NonExistentQueue")
        self.assertEqual(error.find(f"{NS}Type").text, "Sender")
        self.assertEqual(error.find(f"{NS}Message").text,
                         "The specified queue does not exist for this wsdl version.")
        url = self.queue("query-batch")
        status, doc = self.query("SendMessageBatch", QueueUrl=url, **{
            "SendMessageBatchRequestEntry.1.Id": "a", "SendMessageBatchRequestEntry.1.MessageBody": "1",
            "SendMessageBatchRequestEntry.2.Id": "a", "SendMessageBatchRequestEntry.2.MessageBody": "2"})
        self.assertEqual(doc.find(f"{NS}Error/{NS}Code").text,
                         "AWS.SimpleQueueService.BatchEntryIdsNotDistinct")

    def test_missing_parameter(self):
        status, doc = self.query("SendMessage", MessageBody="no queue")
        self.assertEqual(status, 400)
        self.assertEqual(doc.find(f"{NS}Error/{NS}Code").text, "MissingParameter")
        self.assertEqual(doc.find(f"{NS}Error/{NS}Message").text,
                         "The request must contain the parameter QueueUrl.")
        unchecked = self.client(parameter_validation=False)
        self.assert_error(lambda: unchecked.send_message(MessageBody="no queue"),
                          "MissingParameter",
                          message="The request must contain the parameter QueueUrl.")


class CliTest(SqsCase):
    def aws(self, *args):
        proc = subprocess.run(["aws", "--endpoint-url", self.server.url, "--output", "json",
                               "sqs", *args], capture_output=True, text=True,
                              env={**os.environ, **CLIENT_ENV}, timeout=120)
        return proc

    def test_cli_round_trip(self):
        proc = self.aws("create-queue", "--queue-name", "cli")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        url = json.loads(proc.stdout)["QueueUrl"]
        self.assertEqual(self.aws("send-message", "--queue-url", url, "--message-body",
                                  "from the cli").returncode, 0)
        proc = self.aws("receive-message", "--queue-url", url)
        self.assertEqual(json.loads(proc.stdout)["Messages"][0]["Body"], "from the cli")
        proc = self.aws("get-queue-url", "--queue-name", "missing")
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("AWS.SimpleQueueService.NonExistentQueue", proc.stderr)


if __name__ == "__main__":
    run_tests()
