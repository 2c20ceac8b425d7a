"""U+0000 and invalid UTF-8 through motoc-server, with boto3 and with raw HTTP bytes: text keeps
its every character from the wire to the state and back where AWS accepts U+0000 (DynamoDB
strings and keys, S3 keys), gets AWS's error where it refuses it (SQS message text), and bytes
that are not UTF-8 are refused, never stored."""
import hashlib
import http.client
import json
import os
import shutil
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import MotocServer, ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
import requests  # noqa: E402
from botocore.auth import S3SigV4Auth, SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

CREDENTIALS = Credentials("testing", "testing")


class WireTextCase(ServerTestCase):
    def setUp(self):
        requests.post(self.server.url + "/moto-api/reset")

    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}))

    def raw(self, service, method, path, body=b"", headers=None):
        """Sends exactly these bytes, signed as a client would; returns (status, body bytes)."""
        request = AWSRequest(method=method, url=self.server.url + path, data=body,
                             headers=headers or {})
        signer = S3SigV4Auth if service == "s3" else SigV4Auth
        if service == "s3":
            request.headers["X-Amz-Content-SHA256"] = "UNSIGNED-PAYLOAD"
        signer(CREDENTIALS, service, "us-east-1").add_auth(request)
        url = urlparse(self.server.url)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for name, value in request.headers.items():
                conn.putheader(name, value)
            conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def assert_client_error(self, call, code, status=400):
        with self.assertRaises(ClientError) as ctx:
            call()
        self.assertEqual(ctx.exception.response["Error"]["Code"], code)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)
        return ctx.exception.response


class DynamoDbTest(WireTextCase):
    def setUp(self):
        super().setUp()
        self.ddb = self.client("dynamodb")
        self.ddb.create_table(
            TableName="tbl", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"},
                       {"AttributeName": "r", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"},
                                  {"AttributeName": "r", "AttributeType": "S"}])

    def ddb_raw(self, action, body):
        return self.raw("dynamodb", "POST", "/", body, {
            "X-Amz-Target": f"DynamoDB_20120810.{action}",
            "Content-Type": "application/x-amz-json-1.0"})

    def test_keys_differing_after_nul_stay_two_items(self):
        for key in ("k\0A", "k\0B"):
            self.ddb.put_item(TableName="tbl", Item={"k": {"S": key}, "r": {"S": "x"},
                                                   "v": {"S": "v" + key + "\0"}})
        items = self.ddb.scan(TableName="tbl")["Items"]
        self.assertEqual(sorted(i["k"]["S"] for i in items), ["k\0A", "k\0B"])
        got = self.ddb.get_item(TableName="tbl", Key={"k": {"S": "k\0B"}, "r": {"S": "x"}})
        self.assertEqual(got["Item"]["v"]["S"], "vk\0B\0")
        self.assertNotIn("Item", self.ddb.get_item(TableName="tbl",
                                                    Key={"k": {"S": "k"}, "r": {"S": "x"}}))
        state = json.loads(requests.get(self.server.url + "/moto-api/data.json").content)
        self.assertEqual(state["dynamodb"]["tables"][0]["items"], 2)

    def test_nul_sorts_first_in_sort_keys(self):
        for r in ("a\x01", "a", "a\0", "a\0\0", "b"):
            self.ddb.put_item(TableName="tbl", Item={"k": {"S": "h"}, "r": {"S": r}})
        result = self.ddb.query(TableName="tbl", KeyConditionExpression="k = :h",
                                ExpressionAttributeValues={":h": {"S": "h"}})
        self.assertEqual([i["r"]["S"] for i in result["Items"]],
                         ["a", "a\0", "a\0\0", "a\x01", "b"])

    def test_nul_counts_one_byte_in_key_size(self):
        ok = "\0" * 1024
        self.ddb.put_item(TableName="tbl", Item={"k": {"S": "h"}, "r": {"S": ok}})
        self.assert_client_error(
            lambda: self.ddb.put_item(TableName="tbl",
                                      Item={"k": {"S": "h"}, "r": {"S": ok + "\0"}}),
            "ValidationException")

    def test_raw_nul_escape_round_trips(self):
        status, body = self.ddb_raw("PutItem", b'{"TableName":"tbl","Item":{"k":{"S":"a\\u0000b"},'
                                               b'"r":{"S":"\\\\u0000"}}}')
        self.assertEqual(status, 200, body)
        status, body = self.ddb_raw("Scan", b'{"TableName":"tbl"}')
        self.assertEqual(status, 200)
        self.assertIn(b'"a\\u0000b"', body)
        self.assertIn(b'"\\\\u0000"', body)
        item = json.loads(body)["Items"][0]
        self.assertEqual((item["k"]["S"], item["r"]["S"]), ("a\0b", "\\u0000"))

    def test_raw_invalid_utf8_is_refused_and_never_stored(self):
        # bytes that are not UTF-8, a raw NUL byte, and escapes of lone surrogates
        for bad in (b"\xff\xfe", b"\xc0\x80", b"\xed\xa0\x80", b"a\x00b", b"\\ud800",
                    b"\\udc00x"):
            status, body = self.ddb_raw(
                "PutItem", b'{"TableName":"tbl","Item":{"k":{"S":"' + bad + b'"},"r":{"S":"x"}}}')
            self.assertEqual(status, 400, bad)
            self.assertIn("SerializationException", json.loads(body)["__type"])
        self.assertEqual(self.ddb.scan(TableName="tbl")["Items"], [])


class S3Test(WireTextCase):
    def setUp(self):
        super().setUp()
        self.s3 = self.client("s3")
        self.s3.create_bucket(Bucket="bkt")

    def test_keys_differing_after_nul_stay_two_objects(self):
        self.s3.put_object(Bucket="bkt", Key="k\0A", Body=b"first")
        self.s3.put_object(Bucket="bkt", Key="k\0B", Body=b"second")
        keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket="bkt")["Contents"]]
        self.assertEqual(keys, ["k\0A", "k\0B"])
        self.assertEqual(self.s3.get_object(Bucket="bkt", Key="k\0B")["Body"].read(), b"second")
        state = requests.get(self.server.url + "/moto-api/data.json").content
        self.assertNotIn(b"\xc0\x80", state)
        json.loads(state.decode("utf-8"))
        self.assert_client_error(lambda: self.s3.head_object(Bucket="bkt", Key="k"), "404", 404)

    def test_nul_lists_first_and_groups_under_delimiters(self):
        for key in ("a\x01", "a\0/x", "a\0/y", "a", "a\0", "b"):
            self.s3.put_object(Bucket="bkt", Key=key, Body=b"")
        keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket="bkt")["Contents"]]
        self.assertEqual(keys, ["a", "a\0", "a\0/x", "a\0/y", "a\x01", "b"])
        grouped = self.s3.list_objects_v2(Bucket="bkt", Delimiter="\0")
        self.assertEqual([p["Prefix"] for p in grouped["CommonPrefixes"]], ["a\0"])
        self.assertEqual([o["Key"] for o in grouped["Contents"]], ["a", "a\x01", "b"])
        after = self.s3.list_objects_v2(Bucket="bkt", StartAfter="a\0/x")
        self.assertEqual([o["Key"] for o in after["Contents"]], ["a\0/y", "a\x01", "b"])
        paged = self.s3.list_objects(Bucket="bkt", MaxKeys=2)
        self.assertEqual([o["Key"] for o in paged["Contents"]], ["a", "a\0"])
        rest = self.s3.list_objects(Bucket="bkt", Marker=paged["Contents"][-1]["Key"])
        self.assertEqual([o["Key"] for o in rest["Contents"]], ["a\0/x", "a\0/y", "a\x01", "b"])

    def test_raw_nul_key_lists_as_percent_escape(self):
        status, _ = self.raw("s3", "PUT", "/bkt/k%00A", b"x")
        self.assertEqual(status, 200)
        status, body = self.raw("s3", "GET", "/bkt?list-type=2&encoding-type=url")
        self.assertEqual(status, 200)
        self.assertIn(b"<Key>k%00A</Key>", body)

    def test_raw_key_not_utf8_is_invalid_uri(self):
        status, body = self.raw("s3", "PUT", "/bkt/k%FF", b"x")
        self.assertEqual(status, 400)
        error = ET.fromstring(body)
        self.assertEqual(error.findtext("Code"), "InvalidURI")
        self.assertEqual(error.findtext("Message"), "Couldn't parse the specified URI.")
        self.assertNotIn("Contents", self.s3.list_objects_v2(Bucket="bkt"))


class SqsTest(WireTextCase):
    def setUp(self):
        super().setUp()
        self.sqs = self.client("sqs")
        self.url = self.sqs.create_queue(QueueName="q")["QueueUrl"]

    def test_nul_in_body_is_invalid_message_contents(self):
        err = self.assert_client_error(
            lambda: self.sqs.send_message(QueueUrl=self.url, MessageBody="a\0b"),
            "InvalidMessageContents")
        self.assertIn("'#x0'", err["Error"]["Message"])
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=self.url))

    def test_nul_in_attribute_name_and_value_is_refused(self):
        self.assert_client_error(lambda: self.sqs.send_message(
            QueueUrl=self.url, MessageBody="x",
            MessageAttributes={"a\0b": {"DataType": "String", "StringValue": "v"}}),
            "InvalidParameterValue")
        self.assert_client_error(lambda: self.sqs.send_message(
            QueueUrl=self.url, MessageBody="x",
            MessageAttributes={"a": {"DataType": "String", "StringValue": "v\0"}}),
            "InvalidParameterValue")
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=self.url))

    def test_raw_json_not_utf8_is_serialization_exception(self):
        body = b'{"QueueUrl":"' + self.url.encode() + b'","MessageBody":"a\xffb"}'
        status, answer = self.raw("sqs", "POST", "/", body, {
            "X-Amz-Target": "AmazonSQS.SendMessage",
            "Content-Type": "application/x-amz-json-1.0"})
        self.assertEqual(status, 400)
        self.assertIn("SerializationException", json.loads(answer)["__type"])
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=self.url))

    def test_raw_query_nul_and_not_utf8(self):
        form = b"Action=SendMessage&Version=2012-11-05&QueueUrl=" + self.url.encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, body = self.raw("sqs", "POST", "/", form + b"&MessageBody=a%00b", headers)
        self.assertEqual(status, 400)
        self.assertIn(b"InvalidMessageContents", body)
        status, body = self.raw("sqs", "POST", "/", form + b"&MessageBody=a%FFb", headers)
        self.assertEqual(status, 404)
        self.assertEqual(ET.fromstring(body).find(".//{*}Code").text, "MalformedQueryString")
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=self.url))


class SnsTest(WireTextCase):
    def setUp(self):
        super().setUp()
        self.sns = self.client("sns")
        self.topic = self.sns.create_topic(Name="t")["TopicArn"]

    def test_nul_in_topic_name_is_refused_not_cut(self):
        self.assert_client_error(lambda: self.sns.create_topic(Name="t\0x"), "InvalidParameter")
        arns = [t["TopicArn"] for t in self.sns.list_topics()["Topics"]]
        self.assertEqual(arns, [self.topic])

    def test_nul_in_message_is_kept_in_envelopes(self):
        sqs = self.client("sqs")
        queues = {}
        for raw in ("true", "false"):
            url = sqs.create_queue(QueueName="q" + raw)["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
            self.sns.subscribe(TopicArn=self.topic, Protocol="sqs",
                               Endpoint=arn["Attributes"]["QueueArn"],
                               Attributes={"RawMessageDelivery": raw})
            queues[raw] = url
        self.sns.publish(TopicArn=self.topic, Message="a\0b")
        # The envelope escapes U+0000 as JSON text does, which SQS takes; a raw delivery is the
        # message itself, which SQS refuses as it refuses it from any sender.
        wrapped = sqs.receive_message(QueueUrl=queues["false"])["Messages"][0]
        self.assertEqual(json.loads(wrapped["Body"])["Message"], "a\0b")
        self.assertIn("\\u0000", wrapped["Body"])
        self.assertEqual(wrapped["MD5OfBody"], hashlib.md5(wrapped["Body"].encode()).hexdigest())
        self.assertNotIn("Messages", sqs.receive_message(QueueUrl=queues["true"]))
        self.assert_client_error(
            lambda: self.sns.publish(TopicArn=self.topic, Message="m", Subject="s\0"),
            "InvalidParameter")

    def test_raw_query_not_utf8_is_malformed(self):
        form = (b"Action=Publish&Version=2010-03-31&TopicArn=" + self.topic.encode() +
                b"&Message=a%FFb")
        status, body = self.raw("sns", "POST", "/", form,
                                {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 404)
        self.assertEqual(ET.fromstring(body).find(".//{*}Code").text, "MalformedQueryString")


class PersistenceTest(unittest.TestCase):
    """Saved state keeps U+0000 too: written, restarted from the directory, read back."""

    def clients(self, server):
        config = Config(retries={"max_attempts": 1})
        return (boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                             config=config),
                boto3.client("s3", endpoint_url=server.url, region_name="us-east-1",
                             config=config))

    def test_nul_survives_a_restart(self):
        state = tempfile.mkdtemp(prefix="motoc-wire-text-")
        self.addCleanup(shutil.rmtree, state, ignore_errors=True)
        server = MotocServer("--state", state)
        try:
            ddb, s3 = self.clients(server)
            ddb.create_table(TableName="tbl", BillingMode="PAY_PER_REQUEST",
                             KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
            for key in ("k\0A", "k\0B"):
                ddb.put_item(TableName="tbl", Item={"k": {"S": key}, "m": {"M": {key: {"S": key}}}})
            s3.create_bucket(Bucket="bkt")
            s3.put_object(Bucket="bkt", Key="o\0A", Body=b"1")
            s3.put_object(Bucket="bkt", Key="o\0B", Body=b"2")
        finally:
            self.assertEqual(server.stop(), 0, server.stderr())
        server = MotocServer("--state", state)
        try:
            ddb, s3 = self.clients(server)
            items = sorted(ddb.scan(TableName="tbl")["Items"], key=lambda i: i["k"]["S"])
            self.assertEqual([i["k"]["S"] for i in items], ["k\0A", "k\0B"])
            self.assertEqual(items[1]["m"]["M"], {"k\0B": {"S": "k\0B"}})
            keys = [o["Key"] for o in s3.list_objects_v2(Bucket="bkt")["Contents"]]
            self.assertEqual(keys, ["o\0A", "o\0B"])
            self.assertEqual(s3.get_object(Bucket="bkt", Key="o\0B")["Body"].read(), b"2")
        finally:
            self.assertEqual(server.stop(), 0, server.stderr())


if __name__ == "__main__":
    run_tests()
