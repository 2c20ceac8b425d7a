"""Kinesis spoken in CBOR, as the AWS Java SDKs speak it: awsJson1_1 calls whose bodies are CBOR
(Content-Type application/x-amz-cbor-1.1), answered in CBOR, errors included. Blobs travel as
byte strings and timestamps as tag 1 over epoch milliseconds. boto3 cannot send these, so the
test signs raw requests itself and carries a small CBOR codec (python3 has no cbor2 here)."""
import os
import struct
import sys
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

CBOR_TYPE = "application/x-amz-cbor-1.1"


class Tagged:
    """A CBOR tag and the item it wraps."""

    def __init__(self, tag, value):
        self.tag, self.value = tag, value


def _head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError("integer too large")


def cbor_encode(value):
    if value is None:
        return b"\xf6"
    if value is True or value is False:
        return b"\xf5" if value else b"\xf4"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode()
        return _head(3, len(data)) + data
    if isinstance(value, (list, tuple)):
        return _head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v)
                                               for k, v in value.items())
    if isinstance(value, Tagged):
        return _head(6, value.tag) + cbor_encode(value.value)
    raise TypeError(type(value))


def cbor_decode(data):
    value, end = _decode_at(data, 0)
    assert end == len(data), "bytes after the CBOR item"
    return value


def _decode_at(data, pos):
    major, info = data[pos] >> 5, data[pos] & 31
    pos += 1
    if major == 7:
        if info in (20, 21):
            return info == 21, pos
        if info in (22, 23):
            return None, pos
        fmt = {25: ">e", 26: ">f", 27: ">d"}[info]
        size = struct.calcsize(fmt)
        return struct.unpack(fmt, data[pos:pos + size])[0], pos + size
    if info < 24:
        n = info
    elif info == 31:
        n = None
    else:
        size = 1 << (info - 24)
        n = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    if major == 0:
        return n, pos
    if major == 1:
        return -1 - n, pos
    if major in (2, 3):
        raw = data[pos:pos + n]
        return (bytes(raw) if major == 2 else raw.decode()), pos + n
    if major == 4:
        items = []
        for _ in range(n):
            item, pos = _decode_at(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        out = {}
        for _ in range(n):
            key, pos = _decode_at(data, pos)
            out[key], pos = _decode_at(data, pos)
        return out, pos
    value, pos = _decode_at(data, pos)
    return Tagged(n, value), pos


class KinesisCborTest(ServerTestCase):
    def setUp(self):
        self.name = "cbor-" + uuid.uuid4().hex[:8]
        self.json_client = boto3.client("kinesis", endpoint_url=self.server.url,
                                        region_name="us-east-1")

    def call(self, operation, params, content_type=CBOR_TYPE):
        """Status, Content-Type and decoded body of one signed CBOR call."""
        body = cbor_encode(params)
        request = AWSRequest(method="POST", url=self.server.url + "/", data=body,
                             headers={"Content-Type": content_type,
                                      "X-Amz-Target": "Kinesis_20131202." + operation})
        SigV4Auth(Credentials("testing", "testing"), "kinesis", "us-east-1").add_auth(request)
        http = urllib.request.Request(request.url, data=body, method="POST",
                                      headers=dict(request.headers.items()))
        try:
            with urllib.request.urlopen(http, timeout=30) as resp:
                status, headers, raw = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            status, headers, raw = e.code, e.headers, e.read()
        return status, headers.get("Content-Type"), cbor_decode(raw) if raw else None

    def make_stream(self):
        self.json_client.create_stream(StreamName=self.name, ShardCount=1)
        return self.json_client.describe_stream_summary(
            StreamName=self.name)["StreamDescriptionSummary"]

    def test_binary_data_round_trips_as_byte_strings(self):
        self.make_stream()
        data = bytes(range(256)) + b"\x00\xff"
        status, ctype, put = self.call("PutRecord", {"StreamName": self.name, "Data": data,
                                                     "PartitionKey": "pk"})
        self.assertEqual((status, ctype), (200, CBOR_TYPE))
        self.assertTrue(put["ShardId"].startswith("shardId-"))
        self.assertIsInstance(put["SequenceNumber"], str)

        status, _, it = self.call("GetShardIterator", {
            "StreamName": self.name, "ShardId": put["ShardId"],
            "ShardIteratorType": "TRIM_HORIZON"})
        self.assertEqual(status, 200)
        status, ctype, got = self.call("GetRecords", {"ShardIterator": it["ShardIterator"]})
        self.assertEqual((status, ctype), (200, CBOR_TYPE))
        [record] = got["Records"]
        self.assertIsInstance(record["Data"], bytes, "Data is a byte string, not base64")
        self.assertEqual(record["Data"], data)
        self.assertEqual(record["PartitionKey"], "pk")
        self.assertEqual(record["SequenceNumber"], put["SequenceNumber"])

        # What CBOR put in, JSON clients read back the same.
        it = self.json_client.get_shard_iterator(StreamName=self.name, ShardId=put["ShardId"],
                                                 ShardIteratorType="TRIM_HORIZON")
        [record] = self.json_client.get_records(ShardIterator=it["ShardIterator"])["Records"]
        self.assertEqual(record["Data"], data)

    def test_timestamps_are_tagged_epoch_milliseconds(self):
        before = int(time.time() * 1000)
        self.make_stream()
        status, _, summary = self.call("DescribeStreamSummary", {"StreamName": self.name})
        self.assertEqual(status, 200)
        created = summary["StreamDescriptionSummary"]["StreamCreationTimestamp"]
        self.assertIsInstance(created, Tagged)
        self.assertEqual(created.tag, 1)
        self.assertIsInstance(created.value, int, "whole milliseconds")
        self.assertGreaterEqual(created.value, before - 1000)
        self.assertLessEqual(created.value, int(time.time() * 1000) + 1000)

        put = self.call("PutRecord", {"StreamName": self.name, "Data": b"x",
                                      "PartitionKey": "k"})[2]
        _, _, it = self.call("GetShardIterator", {"StreamName": self.name,
                                                   "ShardId": put["ShardId"],
                                                   "ShardIteratorType": "TRIM_HORIZON"})
        [record] = self.call("GetRecords", {"ShardIterator": it["ShardIterator"]})[2]["Records"]
        arrival = record["ApproximateArrivalTimestamp"]
        self.assertEqual(arrival.tag, 1)
        self.assertGreaterEqual(arrival.value, before - 1000)

        # A timestamp in a request is read as milliseconds too: an iterator at a time after
        # the record finds nothing, one before it finds the record.
        def records_from(millis):
            _, _, at = self.call("GetShardIterator", {
                "StreamName": self.name, "ShardId": put["ShardId"],
                "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": Tagged(1, millis)})
            return self.call("GetRecords", {"ShardIterator": at["ShardIterator"]})[2]["Records"]

        self.assertEqual(len(records_from(arrival.value - 5000)), 1)
        self.assertEqual(records_from(arrival.value + 5000), [])

    def test_errors_are_cbor_maps(self):
        status, ctype, err = self.call("DescribeStream", {"StreamName": "no-such-" + self.name})
        self.assertEqual((status, ctype), (400, CBOR_TYPE))
        self.assertEqual(err["__type"], "ResourceNotFoundException")
        self.assertIn("no-such-" + self.name, err["message"])

        status, ctype, err = self.call("PutRecord", {"StreamName": self.name,
                                                     "Data": "text, not bytes",
                                                     "PartitionKey": "k"})
        self.assertEqual((status, ctype), (400, CBOR_TYPE))
        self.assertEqual(err["__type"], "SerializationException")

    def test_operations_without_output_answer_an_empty_map(self):
        status, ctype, body = self.call("CreateStream", {"StreamName": self.name,
                                                         "ShardCount": 1})
        self.assertEqual((status, ctype, body), (200, CBOR_TYPE, {}))
        self.assertEqual(self.json_client.describe_stream_summary(StreamName=self.name)[
            "StreamDescriptionSummary"]["StreamName"], self.name)


if __name__ == "__main__":
    run_tests()
