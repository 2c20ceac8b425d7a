"""SNS through motoc-server with boto3 and the AWS CLI: topics, subscriptions, fan-out to SQS
with SNS's exact envelope or raw, filter policies end to end, and HTTP/HTTPS subscribers on a
local test server."""
import http.server
import json
import os
import queue
import re
import subprocess
import sys
import threading
import unittest
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import (CLIENT_ENV, ServerTestCase, run_tests,  # noqa: E402
                            self_signed_server_context)

import boto3  # noqa: E402
import requests  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"

ENVELOPE = re.compile(
    r'\{\n'
    r'  "Type" : "Notification",\n'
    r'  "MessageId" : "[0-9a-f-]{36}",\n'
    r'  "TopicArn" : "arn:aws:sns:us-east-1:123456789012:[^"]+",\n'
    r'(  "Subject" : "[^"]*",\n)?'
    r'  "Message" : "(\\.|[^"\\])*",\n'
    r'  "Timestamp" : "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",\n'
    r'  "SignatureVersion" : "1",\n'
    r'  "Signature" : "[A-Za-z0-9+/=]{344}",\n'
    r'  "SigningCertURL" : "https://sns\.us-east-1\.amazonaws\.com/SimpleNotificationService-[0-9a-f]{32}\.pem",\n'
    r'  "UnsubscribeURL" : "https://sns\.us-east-1\.amazonaws\.com/\?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:[^"]+"'
    r'(,\n  "MessageAttributes" : \{\n(    "[^"]+" : \{"Type":"[^"]+","Value":"(\\.|[^"\\])*"\},?\n)+  \})?'
    r'\n\}$')


class SnsCase(ServerTestCase):
    def client(self, service, region="us-east-1"):
        return boto3.client(service, endpoint_url=self.server.url, region_name=region,
                            config=Config(retries={"max_attempts": 1}))

    def setUp(self):
        requests.post(self.server.url + "/moto-api/reset")
        self.sns = self.client("sns")
        self.sqs = self.client("sqs")

    def queue(self, name, region="us-east-1", **attributes):
        sqs = self.client("sqs", region)
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    def messages(self, url, region="us-east-1"):
        reply = self.client("sqs", region).receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"],
            AttributeNames=["All"])
        return reply.get("Messages", [])

    def assert_error(self, call, code, status=400, message=None):
        with self.assertRaises(ClientError) as ctx:
            call()
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], code)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status)
        if message is not None:
            self.assertEqual(err["Error"]["Message"], message)


class TopicTest(SnsCase):
    def test_topic_lifecycle(self):
        arn = self.sns.create_topic(Name="news", Tags=[{"Key": "team", "Value": "a"}])["TopicArn"]
        self.assertEqual(arn, f"arn:aws:sns:us-east-1:{ACCOUNT}:news")
        self.assertEqual(self.sns.create_topic(Name="news")["TopicArn"], arn)
        attrs = self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]
        for name in ("Policy", "Owner", "SubscriptionsPending", "SubscriptionsConfirmed",
                     "SubscriptionsDeleted", "TopicArn", "EffectiveDeliveryPolicy", "DisplayName"):
            self.assertIn(name, attrs)
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="N")
        self.assertEqual(self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]["DisplayName"], "N")
        self.sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "t"}])
        self.sns.untag_resource(ResourceArn=arn, TagKeys=["team"])
        self.assertEqual(self.sns.list_tags_for_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "env", "Value": "t"}])
        self.sns.add_permission(TopicArn=arn, Label="pub", AWSAccountId=["111122223333"],
                                ActionName=["Publish"])
        policy = json.loads(self.sns.get_topic_attributes(TopicArn=arn)["Attributes"]["Policy"])
        self.assertIn("pub", [s["Sid"] for s in policy["Statement"]])
        self.sns.remove_permission(TopicArn=arn, Label="pub")
        self.sns.put_data_protection_policy(ResourceArn=arn, DataProtectionPolicy='{"Name":"p"}')
        self.assertEqual(self.sns.get_data_protection_policy(ResourceArn=arn)["DataProtectionPolicy"],
                         '{"Name":"p"}')
        self.assertEqual([t["TopicArn"] for t in self.sns.list_topics()["Topics"]], [arn])
        self.sns.delete_topic(TopicArn=arn)
        self.assertEqual(self.sns.list_topics()["Topics"], [])
        self.assert_error(lambda: self.sns.get_topic_attributes(TopicArn=arn), "NotFound", 404,
                          "Topic does not exist")

    def test_errors(self):
        self.assert_error(lambda: self.sns.create_topic(Name="bad name"), "InvalidParameter",
                          message="Invalid parameter: Topic Name")
        arn = self.sns.create_topic(Name="errors")["TopicArn"]
        self.assert_error(lambda: self.sns.set_topic_attributes(
            TopicArn=arn, AttributeName="Colour", AttributeValue="x"), "InvalidParameter",
            message="Invalid parameter: AttributeName")
        self.assert_error(lambda: self.sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint="queue"),
                          "InvalidParameter", message="Invalid parameter: SQS endpoint ARN")
        self.assert_error(lambda: self.sns.publish(TopicArn=arn, Message=""), "InvalidParameter",
                          message="Invalid parameter: Empty message")
        self.assert_error(lambda: self.sns.publish(TopicArn=arn + "x", Message="m"), "NotFound", 404)
        self.assert_error(lambda: self.sns.publish(TopicArn=arn, Message="x" * 262145),
                          "InvalidParameter", message="Invalid parameter: Message too long")
        self.assert_error(lambda: self.sns.tag_resource(ResourceArn=arn + "x", Tags=[]),
                          "ResourceNotFound", 404)
        self.assert_error(lambda: self.sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=[
            {"Id": str(i), "Message": "m"} for i in range(11)]), "TooManyEntriesInBatchRequest")

    def test_kms_key_must_be_usable_to_publish(self):
        kms = self.client("kms")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        arn = self.sns.create_topic(Name="sealed", Attributes={"KmsMasterKeyId": key})["TopicArn"]
        self.sns.publish(TopicArn=arn, Message="one")
        kms.disable_key(KeyId=key)
        with self.assertRaises(ClientError) as ctx:
            self.sns.publish(TopicArn=arn, Message="two")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "KMSDisabled")
        self.assertIsInstance(ctx.exception, self.sns.exceptions.KMSDisabledException)
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="KmsMasterKeyId",
                                      AttributeValue="alias/missing")
        with self.assertRaises(ClientError) as ctx:
            self.sns.publish(TopicArn=arn, Message="three")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "KMSNotFound")
        # The AWS managed key exists once asked for.
        self.sns.set_topic_attributes(TopicArn=arn, AttributeName="KmsMasterKeyId",
                                      AttributeValue="alias/aws/sns")
        self.sns.publish(TopicArn=arn, Message="four")


class FanOutTest(SnsCase):
    def test_envelope_to_sqs(self):
        topic = self.sns.create_topic(Name="envelope")["TopicArn"]
        url, arn = self.queue("envelope-q")
        sub = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
        message_id = self.sns.publish(
            TopicArn=topic, Message='say "hi"\nnow', Subject="Greeting",
            MessageAttributes={"kind": {"DataType": "String", "StringValue": "hello"},
                               "n": {"DataType": "Number", "StringValue": "3"},
                               "list": {"DataType": "String.Array", "StringValue": '["a","b"]'},
                               "bin": {"DataType": "Binary", "BinaryValue": b"\x01\x02"}})["MessageId"]
        got = self.messages(url)
        self.assertEqual(len(got), 1)
        body = got[0]["Body"]
        self.assertRegex(body, ENVELOPE)
        envelope = json.loads(body)
        self.assertEqual(envelope["MessageId"], message_id)
        self.assertEqual(envelope["Message"], 'say "hi"\nnow')
        self.assertEqual(envelope["Subject"], "Greeting")
        self.assertTrue(envelope["UnsubscribeURL"].endswith(sub))
        self.assertEqual(envelope["MessageAttributes"], {
            "kind": {"Type": "String", "Value": "hello"},
            "n": {"Type": "Number", "Value": "3"},
            "list": {"Type": "String.Array", "Value": '["a","b"]'},
            "bin": {"Type": "Binary", "Value": "AQI="}})
        self.assertEqual(got[0]["Attributes"]["SenderId"], "AIDAISMY7JYY5F7RTT6AO")
        self.assertNotIn("MessageAttributes", got[0])

    def test_raw_delivery_and_structured_messages(self):
        topic = self.sns.create_topic(Name="raw")["TopicArn"]
        url, arn = self.queue("raw-q")
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn,
                           Attributes={"RawMessageDelivery": "true"})
        self.sns.publish(TopicArn=topic, Message="just this",
                         MessageAttributes={"kind": {"DataType": "String", "StringValue": "x"}})
        got = self.messages(url)[0]
        self.assertEqual(got["Body"], "just this")
        self.assertEqual(got["MessageAttributes"], {"kind": {"DataType": "String", "StringValue": "x"}})
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=got["ReceiptHandle"])
        self.sns.publish(TopicArn=topic, MessageStructure="json",
                         Message=json.dumps({"default": "everyone", "sqs": "queues only"}))
        self.assertEqual(self.messages(url)[0]["Body"], "queues only")

    def test_cross_region_and_unsubscribe(self):
        topic = self.client("sns", "eu-west-1").create_topic(Name="far")["TopicArn"]
        url, arn = self.queue("near", region="us-east-1")
        sub = self.client("sns", "eu-west-1").subscribe(TopicArn=topic, Protocol="sqs",
                                                        Endpoint=arn)["SubscriptionArn"]
        self.client("sns", "eu-west-1").publish(TopicArn=topic, Message="across")
        self.assertEqual(json.loads(self.messages(url)[0]["Body"])["Message"], "across")
        self.client("sns", "eu-west-1").unsubscribe(SubscriptionArn=sub)
        self.assertEqual(self.client("sns", "eu-west-1").list_subscriptions()["Subscriptions"], [])

    def test_fifo_topic_to_fifo_queue(self):
        topic = self.sns.create_topic(Name="orders.fifo", Attributes={
            "FifoTopic": "true", "ContentBasedDeduplication": "true"})["TopicArn"]
        url, arn = self.queue("orders.fifo", FifoQueue="true")
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn,
                           Attributes={"RawMessageDelivery": "true"})
        first = self.sns.publish(TopicArn=topic, Message="one", MessageGroupId="g")
        self.assertEqual(self.sns.publish(TopicArn=topic, Message="one", MessageGroupId="g")["MessageId"],
                         first["MessageId"])
        self.sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
            {"Id": "2", "Message": "two", "MessageGroupId": "g"},
            {"Id": "3", "Message": "three", "MessageGroupId": "g"}])
        got = self.messages(url)
        self.assertEqual([m["Body"] for m in got], ["one", "two", "three"])
        self.assertEqual(got[0]["Attributes"]["MessageGroupId"], "g")
        self.assert_error(lambda: self.sns.publish(TopicArn=topic, Message="x"), "InvalidParameter")

    def test_queue_of_another_account_confirms_first(self):
        creds = self.client("sts").assume_role(
            RoleArn="arn:aws:iam::111122223333:role/consumer", RoleSessionName="sns-test")["Credentials"]
        other = boto3.client("sqs", endpoint_url=self.server.url, region_name="us-east-1",
                             aws_access_key_id=creds["AccessKeyId"],
                             aws_secret_access_key=creds["SecretAccessKey"],
                             aws_session_token=creds["SessionToken"])
        url = other.create_queue(QueueName="foreign")["QueueUrl"]
        arn = other.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.assertIn(":111122223333:", arn)
        topic = self.sns.create_topic(Name="shared")["TopicArn"]
        self.assertEqual(self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"],
                         "pending confirmation")
        confirmation = json.loads(other.receive_message(QueueUrl=url)["Messages"][0]["Body"])
        self.assertEqual(confirmation["Type"], "SubscriptionConfirmation")
        self.sns.confirm_subscription(TopicArn=topic, Token=confirmation["Token"])
        self.sns.publish(TopicArn=topic, Message="to the other account")
        bodies = [json.loads(m["Body"]) for m in other.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)["Messages"]]
        self.assertIn("to the other account", [b.get("Message") for b in bodies])

    def test_subscription_dead_letter_queue(self):
        topic = self.sns.create_topic(Name="redrive")["TopicArn"]
        dlq_url, dlq_arn = self.queue("sns-dlq")
        gone = f"arn:aws:sqs:us-east-1:{ACCOUNT}:does-not-exist"
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=gone, Attributes={
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn})})
        self.sns.publish(TopicArn=topic, Message="undeliverable")
        self.assertEqual(json.loads(self.messages(dlq_url)[0]["Body"])["Message"], "undeliverable")


# (policy, scope, message attributes, message, delivered?)
FILTER_CASES = [
    ({"color": ["red"]}, None, {"color": ("String", "red")}, "m", True),
    ({"color": ["red"]}, None, {"color": ("String", "blue")}, "m", False),
    ({"color": ["red"]}, None, {}, "m", False),
    ({"price": [{"numeric": [">", 10, "<=", 20]}]}, None, {"price": ("Number", "15")}, "m", True),
    ({"price": [{"numeric": [">", 10, "<=", 20]}]}, None, {"price": ("Number", "25")}, "m", False),
    ({"name": [{"prefix": "ab"}]}, None, {"name": ("String", "abc")}, "m", True),
    ({"name": [{"suffix": "yz"}]}, None, {"name": ("String", "xyz")}, "m", True),
    ({"name": [{"equals-ignore-case": "ABC"}]}, None, {"name": ("String", "aBc")}, "m", True),
    ({"name": [{"anything-but": ["a", "b"]}]}, None, {"name": ("String", "b")}, "m", False),
    ({"name": [{"anything-but": {"prefix": "x"}}]}, None, {"name": ("String", "yes")}, "m", True),
    ({"name": [{"exists": False}]}, None, {}, "m", True),
    ({"ip": [{"cidr": "10.0.0.0/16"}]}, None, {"ip": ("String", "10.0.9.9")}, "m", True),
    ({"tags": ["b"]}, None, {"tags": ("String.Array", '["a","b"]')}, "m", True),
    ({"$or": [{"a": ["1"]}, {"b": ["2"]}]}, None, {"b": ("String", "2")}, "m", True),
    ({"order": {"state": ["paid"]}}, "MessageBody", {}, '{"order":{"state":"paid"}}', True),
    ({"order": {"state": ["paid"]}}, "MessageBody", {}, '{"order":{"state":"new"}}', False),
    ({"items": {"sku": [{"prefix": "A-"}]}}, "MessageBody", {},
     '{"items":[{"sku":"B-1"},{"sku":"A-2"}]}', True),
]


class FilterPolicyTest(SnsCase):
    def test_filter_policy_table(self):
        topic = self.sns.create_topic(Name="filtered")["TopicArn"]
        for i, (policy, scope, attributes, message, delivered) in enumerate(FILTER_CASES):
            url, arn = self.queue(f"filter-{i}")
            sub_attributes = {"FilterPolicy": json.dumps(policy), "RawMessageDelivery": "true"}
            if scope:
                sub_attributes["FilterPolicyScope"] = scope
            sub = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn,
                                     Attributes=sub_attributes)["SubscriptionArn"]
            self.sns.publish(TopicArn=topic, Message=message, MessageAttributes={
                name: {"DataType": kind, "StringValue": value}
                for name, (kind, value) in attributes.items()})
            self.assertEqual(bool(self.messages(url)), delivered, (policy, attributes, message))
            self.sns.unsubscribe(SubscriptionArn=sub)

    def test_invalid_policies_are_refused(self):
        topic = self.sns.create_topic(Name="refusals")["TopicArn"]
        _, arn = self.queue("refusals-q")
        sub = self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
        for policy, message in (
                ({"a": "x"}, 'Invalid parameter: FilterPolicy: "a" must be an object or an array'),
                ({"a": {"b": ["x"]}}, "Invalid parameter: Filter policy scope MessageAttributes "
                                      "does not support nested filter policy"),
                ({"a": [{"numeric": [">", 5, "<", 1]}]},
                 "Invalid parameter: FilterPolicy: Bottom must be less than top"),
                ({k: ["x"] for k in "abcdef"},
                 "Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys")):
            self.assert_error(lambda: self.sns.set_subscription_attributes(
                SubscriptionArn=sub, AttributeName="FilterPolicy",
                AttributeValue=json.dumps(policy)), "InvalidParameter", message=message)


class Subscriber(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.server.received.put((self.path, dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


class HttpSubscriberTest(SnsCase):
    def start_subscriber(self, tls=False):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Subscriber)
        server.received = queue.Queue()
        if tls:
            server.socket = self_signed_server_context().wrap_socket(server.socket,
                                                                     server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        scheme = "https" if tls else "http"
        return server, f"{scheme}://127.0.0.1:{server.server_address[1]}/hook"

    def confirm_and_publish(self, tls):
        subscriber, endpoint = self.start_subscriber(tls)
        topic = self.sns.create_topic(Name="web")["TopicArn"]
        reply = self.sns.subscribe(TopicArn=topic, Protocol="https" if tls else "http",
                                   Endpoint=endpoint)
        self.assertEqual(reply["SubscriptionArn"], "pending confirmation")
        path, headers, body = subscriber.received.get(timeout=10)
        self.assertEqual(path, "/hook")
        self.assertEqual(headers["x-amz-sns-message-type"], "SubscriptionConfirmation")
        self.assertEqual(headers["x-amz-sns-topic-arn"], topic)
        confirmation = json.loads(body)
        self.assertEqual(confirmation["Type"], "SubscriptionConfirmation")
        self.assertIn("Action=ConfirmSubscription", confirmation["SubscribeURL"])
        # What a subscriber does with the confirmation: visit SubscribeURL (the AWS host, as an
        # interposed or proxied client would reach it on motoc).
        subscribe_url = urlsplit(confirmation["SubscribeURL"])
        self.assertEqual(requests.get(f"{self.server.url}/?{subscribe_url.query}",
                                      headers={"Host": subscribe_url.netloc}).status_code, 200)
        subs = self.sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        self.assertNotEqual(subs[0]["SubscriptionArn"], "PendingConfirmation")
        self.sns.publish(TopicArn=topic, Message="over http", Subject="S")
        path, headers, body = subscriber.received.get(timeout=10)
        self.assertEqual(headers["x-amz-sns-message-type"], "Notification")
        self.assertEqual(headers["x-amz-sns-subscription-arn"], subs[0]["SubscriptionArn"])
        self.assertEqual(headers["Content-Type"], "text/plain; charset=UTF-8")
        notification = json.loads(body)
        self.assertEqual((notification["Message"], notification["Subject"]), ("over http", "S"))

    def test_http_subscriber(self):
        self.confirm_and_publish(tls=False)

    def test_https_subscriber(self):
        self.confirm_and_publish(tls=True)

    def test_confirm_with_the_api(self):
        subscriber, endpoint = self.start_subscriber()
        topic = self.sns.create_topic(Name="api-confirm")["TopicArn"]
        self.sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=endpoint)
        token = json.loads(subscriber.received.get(timeout=10)[2])["Token"]
        arn = self.sns.confirm_subscription(TopicArn=topic, Token=token)["SubscriptionArn"]
        attrs = self.sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
        self.assertEqual(attrs["PendingConfirmation"], "false")
        self.assert_error(lambda: self.sns.confirm_subscription(TopicArn=topic, Token="bogus"),
                          "InvalidParameter")


class CliTest(SnsCase):
    def test_cli(self):
        def aws(*args):
            return subprocess.run(["aws", "--endpoint-url", self.server.url, "--output", "json",
                                   "sns", *args], capture_output=True, text=True,
                                  env={**os.environ, **CLIENT_ENV}, timeout=120)
        proc = aws("create-topic", "--name", "cli")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        topic = json.loads(proc.stdout)["TopicArn"]
        url, arn = self.queue("cli-q")
        self.assertEqual(aws("subscribe", "--topic-arn", topic, "--protocol", "sqs",
                             "--notification-endpoint", arn).returncode, 0)
        proc = aws("publish", "--topic-arn", topic, "--message", "from the cli")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(self.messages(url)[0]["Body"])["Message"], "from the cli")
        proc = aws("get-topic-attributes", "--topic-arn", topic + "-missing")
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("NotFound", proc.stderr)


if __name__ == "__main__":
    run_tests()
