"""Firehose across a restart of motoc-server --state: delivery streams keep their type, source,
destination (secrets kept, never shown), version, encryption and tags,
and records accepted but not delivered yet are delivered after the restart."""
import gzip
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/firehose"
BUCKET = "persisted-landing"


def plain(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class FirehosePersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        client(server, "s3").create_bucket(Bucket=BUCKET)
        f = client(server, "firehose")
        f.create_delivery_stream(
            DeliveryStreamName="orders",
            ExtendedS3DestinationConfiguration={
                "RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{BUCKET}", "Prefix": "orders/",
                "CompressionFormat": "GZIP",
                "BufferingHints": {"SizeInMBs": 64, "IntervalInSeconds": 900},
                "ProcessingConfiguration": {"Enabled": True, "Processors": [{
                    "Type": "Lambda", "Parameters": [{
                        "ParameterName": "LambdaArn",
                        "ParameterValue": "arn:aws:lambda:us-east-1:123456789012:function:f"}]}]}},
            Tags=[{"Key": "team", "Value": "data"}])
        f.update_destination(DeliveryStreamName="orders", CurrentDeliveryStreamVersionId="1",
                             DestinationId="destinationId-000000000001",
                             ExtendedS3DestinationUpdate={"ErrorOutputPrefix": "failed/"})
        f.start_delivery_stream_encryption(
            DeliveryStreamName="orders",
            DeliveryStreamEncryptionConfigurationInput={
                "KeyType": "CUSTOMER_MANAGED_CMK",
                "KeyARN": "arn:aws:kms:us-east-1:123456789012:key/k"})
        f.put_record_batch(DeliveryStreamName="orders",
                           Records=[{"Data": b"a,"}, {"Data": b"b"}])
        client(server, "firehose", region="eu-west-1").create_delivery_stream(
            DeliveryStreamName="from-kinesis", DeliveryStreamType="KinesisStreamAsSource",
            KinesisStreamSourceConfiguration={
                "KinesisStreamARN": "arn:aws:kinesis:eu-west-1:123456789012:stream/s",
                "RoleARN": ROLE},
            RedshiftDestinationConfiguration={
                "RoleARN": ROLE, "ClusterJDBCURL": "jdbc:redshift://w.c0ffee.us-east-1.redshift.amazonaws.com:5439/d",
                "CopyCommand": {"DataTableName": "t"}, "Username": "user", "Password": "secret-pw",
                "S3Configuration": {"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{BUCKET}"}})

    def observe(self, server):
        f = client(server, "firehose")
        other = client(server, "firehose", region="eu-west-1")
        return {"orders": plain(f.describe_delivery_stream(DeliveryStreamName="orders")),
                "tags": plain(f.list_tags_for_delivery_stream(DeliveryStreamName="orders")),
                "list": plain(f.list_delivery_streams()),
                "other": plain(other.describe_delivery_stream(DeliveryStreamName="from-kinesis"))}

    def test_buffered_records_are_delivered_after_a_restart(self):
        server = self.start()
        client(server, "s3").create_bucket(Bucket=BUCKET)
        f = client(server, "firehose")
        f.create_delivery_stream(
            DeliveryStreamName="soon",
            S3DestinationConfiguration={
                "RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{BUCKET}",
                "CompressionFormat": "GZIP",
                "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 3}})
        f.put_record(DeliveryStreamName="soon", Record={"Data": b"kept across"})
        f.create_delivery_stream(
            DeliveryStreamName="parted",
            ExtendedS3DestinationConfiguration={
                "RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{BUCKET}",
                "Prefix": "c=!{partitionKeyFromQuery:c}/", "ErrorOutputPrefix": "failed/",
                "BufferingHints": {"SizeInMBs": 64, "IntervalInSeconds": 3},
                "DynamicPartitioningConfiguration": {"Enabled": True},
                "ProcessingConfiguration": {"Enabled": True, "Processors": [{
                    "Type": "MetadataExtraction", "Parameters": [
                        {"ParameterName": "MetadataExtractionQuery", "ParameterValue": "{c: .c}"},
                        {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"}]}]}})
        f.put_record(DeliveryStreamName="parted", Record={"Data": b'{"c": "ann"}'})
        server = self.restart(server)
        s3 = client(server, "s3")
        self.assertEqual(s3.list_objects_v2(Bucket=BUCKET).get("KeyCount"), 0)
        # the first Firehose call of the new server starts the loaded records' timers
        client(server, "firehose").list_delivery_streams()
        deadline = time.time() + 10
        keys = []
        while time.time() < deadline and len(keys) < 2:
            keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))
            time.sleep(0.2)
        self.assertEqual(len(keys), 2)
        self.assertTrue(keys[1].startswith("c=ann/parted-1-"), keys)
        body = s3.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
        self.assertEqual(gzip.decompress(body), b"kept across")
        self.stop(server)


if __name__ == "__main__":
    run_tests()
