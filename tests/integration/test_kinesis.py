"""Kinesis through motoc-server with boto3 and the AWS CLI: streams by name and ARN, records
routed by partition key and explicit hash key, shard iterators of every type, resharding read
across by two readers, retention, encryption, consumers, policies, tags and AWS's errors."""
import base64
import hashlib
import json
import os
import subprocess
import sys
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

MAX_KEY = 2 ** 128 - 1


class KinesisTest(ServerTestCase):
    def kinesis(self, region="us-east-1"):
        return boto3.client("kinesis", endpoint_url=self.server.url, region_name=region,
                            config=Config(retries={"max_attempts": 1}))

    def setUp(self):
        self.name = "stream-" + uuid.uuid4().hex[:8]

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response["Error"]

    def cli(self, *args):
        out = subprocess.run(["aws", "--endpoint-url", self.server.url, "--region", "us-east-1",
                              "--output", "json", "kinesis", *args],
                             env={**os.environ, **CLIENT_ENV}, capture_output=True, text=True,
                             timeout=120, check=True).stdout
        return json.loads(out) if out.strip() else {}

    def read_all(self, k, shard_id, iterator_type="TRIM_HORIZON"):
        """Every record of a shard, and whether the reader saw the shard end."""
        it = k.get_shard_iterator(StreamName=self.name, ShardId=shard_id,
                                  ShardIteratorType=iterator_type)["ShardIterator"]
        records = []
        while it:
            page = k.get_records(ShardIterator=it, Limit=3)
            records += page["Records"]
            it = page.get("NextShardIterator")
            if not page["Records"] and it:
                return records, False
        return records, True

    def test_shards_split_the_key_space_evenly(self):
        k = self.kinesis()
        k.create_stream(StreamName=self.name, ShardCount=3)
        shards = k.describe_stream(StreamName=self.name)["StreamDescription"]["Shards"]
        ranges = [(int(s["HashKeyRange"]["StartingHashKey"]),
                   int(s["HashKeyRange"]["EndingHashKey"])) for s in shards]
        self.assertEqual(ranges[0][0], 0)
        self.assertEqual(ranges[-1][1], MAX_KEY)
        for (_, end), (start, _) in zip(ranges, ranges[1:]):
            self.assertEqual(end + 1, start)

    def test_partition_key_md5_picks_the_shard(self):
        k = self.kinesis()
        k.create_stream(StreamName=self.name, ShardCount=4)
        shards = k.list_shards(StreamName=self.name)["Shards"]
        for key in ("alpha", "beta", "gamma", "delta"):
            put = k.put_record(StreamName=self.name, Data=b"x", PartitionKey=key)
            hashed = int(hashlib.md5(key.encode()).hexdigest(), 16)
            owner = [s["ShardId"] for s in shards
                     if int(s["HashKeyRange"]["StartingHashKey"]) <= hashed
                     <= int(s["HashKeyRange"]["EndingHashKey"])]
            self.assertEqual(put["ShardId"], owner[0])
        put = k.put_record(StreamName=self.name, Data=b"x", PartitionKey="any",
                           ExplicitHashKey=str(MAX_KEY))
        self.assertEqual(put["ShardId"], shards[-1]["ShardId"])

    def test_sequence_numbers_increase_and_iterators_position(self):
        k = self.kinesis()
        k.create_stream(StreamName=self.name, ShardCount=1)
        seqs = [k.put_record(StreamName=self.name, Data=bytes([i]), PartitionKey="p")
                ["SequenceNumber"] for i in range(5)]
        self.assertEqual(sorted(seqs, key=int), seqs)
        self.assertEqual(len(set(seqs)), 5)
        shard = "shardId-000000000000"

        def first(kind, **extra):
            it = k.get_shard_iterator(StreamName=self.name, ShardId=shard,
                                      ShardIteratorType=kind, **extra)["ShardIterator"]
            return k.get_records(ShardIterator=it)["Records"]

        self.assertEqual([r["Data"] for r in first("TRIM_HORIZON")], [bytes([i]) for i in range(5)])
        self.assertEqual(first("LATEST"), [])
        self.assertEqual(first("AT_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[2])[0]
                         ["SequenceNumber"], seqs[2])
        self.assertEqual(first("AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[2])[0]
                         ["SequenceNumber"], seqs[3])
        self.assertEqual(len(first("AT_TIMESTAMP", Timestamp=0)), 5)
        self.assertEqual(first("AT_TIMESTAMP", Timestamp=4102444800), [])

    def test_get_records_limit_and_next_iterator(self):
        k = self.kinesis()
        k.create_stream(StreamName=self.name, ShardCount=1)
        k.put_records(StreamName=self.name, Records=[
            {"Data": b"r%d" % i, "PartitionKey": "p"} for i in range(7)])
        it = k.get_shard_iterator(StreamName=self.name, ShardId="shardId-000000000000",
                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        page = k.get_records(ShardIterator=it, Limit=4)
        self.assertEqual(len(page["Records"]), 4)
        self.assertGreaterEqual(page["MillisBehindLatest"], 0)
        rest = k.get_records(ShardIterator=page["NextShardIterator"])
        self.assertEqual([r["Data"] for r in rest["Records"]], [b"r4", b"r5", b"r6"])
        self.assertEqual(rest["MillisBehindLatest"], 0)

    def test_put_records_reports_each_entry(self):
        k = self.kinesis()
        k.create_stream(StreamName=self.name, ShardCount=2)
        out = k.put_records(StreamName=self.name, Records=[
            {"Data": b"ok", "PartitionKey": "a"},
            {"Data": b"bad", "PartitionKey": "b", "ExplicitHashKey": str(MAX_KEY + 1)}])
        self.assertEqual(out["FailedRecordCount"], 1)
        self.assertIn("SequenceNumber", out["Records"][0])
        self.assertEqual(out["Records"][1]["ErrorCode"], "InvalidArgumentException")

    def test_two_readers_follow_a_split(self):
        k = self.kinesis()
        k.create_stream(StreamName=self.name, ShardCount=1)
        before = [b"before-%d" % i for i in range(4)]
        for data in before:
            k.put_record(StreamName=self.name, Data=data, PartitionKey=data.decode())
        k.split_shard(StreamName=self.name, ShardToSplit="shardId-000000000000",
                      NewStartingHashKey=str(2 ** 127))
        after = [b"after-%d" % i for i in range(10)]
        for data in after:
            k.put_record(StreamName=self.name, Data=data, PartitionKey=data.decode())
        shards = {s["ShardId"]: s for s in k.list_shards(StreamName=self.name)["Shards"]}
        parent = shards["shardId-000000000000"]
        self.assertIn("EndingSequenceNumber", parent["SequenceNumberRange"])
        children = [s for s in shards.values() if s.get("ParentShardId") == parent["ShardId"]]
        self.assertEqual(len(children), 2)
        open_now = k.list_shards(StreamName=self.name,
                                 ShardFilter={"Type": "AT_LATEST"})["Shards"]
        self.assertEqual(sorted(s["ShardId"] for s in open_now),
                         sorted(s["ShardId"] for s in children))

        # two readers, each with its own client, read the parent to its end then one child
        seen = []
        for child in children:
            reader = self.kinesis()
            records, ended = self.read_all(reader, parent["ShardId"])
            self.assertTrue(ended)
            self.assertEqual([r["Data"] for r in records], before)
            records, ended = self.read_all(reader, child["ShardId"])
            self.assertFalse(ended)
            seen += [r["Data"] for r in records]
        self.assertEqual(sorted(seen), sorted(after))

    def test_merge_and_update_shard_count(self):
        k = self.kinesis()
        k.create_stream(StreamName=self.name, ShardCount=2)
        k.merge_shards(StreamName=self.name, ShardToMerge="shardId-000000000000",
                       AdjacentShardToMerge="shardId-000000000001")
        merged = k.list_shards(StreamName=self.name)["Shards"][-1]
        self.assertEqual(merged["ParentShardId"], "shardId-000000000000")
        self.assertEqual(merged["AdjacentParentShardId"], "shardId-000000000001")
        out = k.update_shard_count(StreamName=self.name, TargetShardCount=2,
                                   ScalingType="UNIFORM_SCALING")
        self.assertEqual((out["CurrentShardCount"], out["TargetShardCount"]), (1, 2))
        summary = k.describe_stream_summary(StreamName=self.name)["StreamDescriptionSummary"]
        self.assertEqual(summary["OpenShardCount"], 2)

    def test_list_streams_pages_and_list_shards_token(self):
        k = self.kinesis("eu-west-1")
        names = sorted(self.name + "-%d" % i for i in range(3))
        for name in names:
            k.create_stream(StreamName=name, ShardCount=3)
        first = k.list_streams(Limit=2)
        self.assertTrue(first["HasMoreStreams"])
        second = k.list_streams(Limit=2, NextToken=first["NextToken"])
        listed = first["StreamNames"] + second["StreamNames"]
        self.assertEqual([n for n in listed if n in names], names)
        self.assertEqual(first["StreamSummaries"][0]["StreamName"], first["StreamNames"][0])
        page = k.list_shards(StreamName=names[0], MaxResults=2)
        self.assertEqual(self.error(k.list_shards, StreamName=names[0],
                                    NextToken=page["NextToken"])["Code"],
                         "InvalidArgumentException")
        rest = k.list_shards(NextToken=page["NextToken"])
        self.assertEqual(len(page["Shards"]) + len(rest["Shards"]), 3)

    def test_errors_as_aws_words_them(self):
        k = self.kinesis()
        err = self.error(k.describe_stream, StreamName="missing")
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        self.assertEqual(err["Message"], "Stream missing under account 123456789012 not found.")
        k.create_stream(StreamName=self.name, ShardCount=1)
        self.assertEqual(self.error(k.create_stream, StreamName=self.name, ShardCount=1)["Code"],
                         "ResourceInUseException")
        self.assertEqual(self.error(k.increase_stream_retention_period, StreamName=self.name,
                                    RetentionPeriodHours=9000)["Code"],
                         "InvalidArgumentException")
        self.assertEqual(self.error(k.get_records, ShardIterator="bm9wZQ==")["Code"],
                         "InvalidArgumentException")

    def test_stream_by_arn_retention_encryption_and_mode(self):
        k = self.kinesis()
        k.create_stream(StreamName=self.name, StreamModeDetails={"StreamMode": "ON_DEMAND"})
        arn = k.describe_stream_summary(StreamName=self.name)["StreamDescriptionSummary"]["StreamARN"]
        k.increase_stream_retention_period(StreamARN=arn, RetentionPeriodHours=48)
        k.update_stream_mode(StreamARN=arn, StreamModeDetails={"StreamMode": "PROVISIONED"})
        kms = boto3.client("kms", endpoint_url=self.server.url, region_name="us-east-1")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        k.start_stream_encryption(StreamARN=arn, EncryptionType="KMS", KeyId=key)
        d = k.describe_stream(StreamARN=arn)["StreamDescription"]
        self.assertEqual((d["RetentionPeriodHours"], d["EncryptionType"], d["KeyId"]),
                         (48, "KMS", key))
        self.assertEqual(d["StreamModeDetails"]["StreamMode"], "PROVISIONED")
        self.assertEqual(len(d["Shards"]), 4)
        self.assertEqual(self.error(k.start_stream_encryption, StreamARN=arn,
                                    EncryptionType="KMS", KeyId="no-such-key")["Code"],
                         "KMSNotFoundException")

    def test_consumers_policies_and_tags(self):
        k = self.kinesis()
        k.create_stream(StreamName=self.name, ShardCount=1)
        arn = k.describe_stream_summary(StreamName=self.name)["StreamDescriptionSummary"]["StreamARN"]
        consumer = k.register_stream_consumer(StreamARN=arn, ConsumerName="c1")["Consumer"]
        self.assertEqual(k.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])
                         ["ConsumerDescription"]["StreamARN"], arn)
        self.assertEqual(len(k.list_stream_consumers(StreamARN=arn)["Consumers"]), 1)
        self.assertEqual(self.error(k.delete_stream, StreamName=self.name)["Code"],
                         "ResourceInUseException")
        policy = json.dumps({"Version": "2012-10-17", "Statement": []})
        k.put_resource_policy(ResourceARN=arn, Policy=policy)
        self.assertEqual(k.get_resource_policy(ResourceARN=arn)["Policy"], policy)
        k.add_tags_to_stream(StreamName=self.name, Tags={"a": "1", "b": "2"})
        k.tag_resource(ResourceARN=arn, Tags={"c": "3"})
        k.remove_tags_from_stream(StreamName=self.name, TagKeys=["a"])
        page = k.list_tags_for_stream(StreamName=self.name, Limit=1)
        self.assertEqual((page["Tags"], page["HasMoreTags"]), ([{"Key": "b", "Value": "2"}], True))
        self.assertEqual(len(k.list_tags_for_resource(ResourceARN=arn)["Tags"]), 2)
        k.delete_stream(StreamName=self.name, EnforceConsumerDeletion=True)
        self.assertEqual(self.error(k.describe_stream_summary, StreamARN=arn)["Code"],
                         "ResourceNotFoundException")

    def test_aws_cli_puts_and_reads(self):
        self.cli("create-stream", "--stream-name", self.name, "--shard-count", "1")
        # the CLI (v1) sends a blob argument's text as its bytes
        self.cli("put-record", "--stream-name", self.name, "--partition-key", "k",
                 "--data", "from the cli")
        it = self.cli("get-shard-iterator", "--stream-name", self.name, "--shard-id",
                      "shardId-000000000000", "--shard-iterator-type",
                      "TRIM_HORIZON")["ShardIterator"]
        records = self.cli("get-records", "--shard-iterator", it)["Records"]
        self.assertEqual(base64.b64decode(records[0]["Data"]), b"from the cli")


if __name__ == "__main__":
    run_tests()
