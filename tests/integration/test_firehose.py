"""Firehose through motoc-server with boto3: delivery streams and their descriptions, AWS's
errors, records buffered and written into S3 (on their interval or when the buffer is full,
gzipped, under default and expression prefixes), Kinesis streams as sources, CloudWatch Logs
subscriptions and EventBridge targets as senders, and HTTP endpoints served on 127.0.0.1."""
import base64
import gzip
import http.server
import json
import os
import re
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests, self_signed_server_context  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/firehose"
OBJECT_NAME = re.compile(r"(?P<stream>.+)-(?P<version>\d+)-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-"
                         r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?P<ext>.*)$")
TIME_PREFIX = re.compile(r"^\d{4}/\d{2}/\d{2}/\d{2}/")


class Endpoint(http.server.BaseHTTPRequestHandler):
    """Records every request; answers with the status the test set."""
    requests = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Endpoint.requests.append((dict(self.headers), body))
        answer = json.dumps({"requestId": self.headers.get("X-Amz-Firehose-Request-Id"),
                             "timestamp": int(time.time() * 1000)}).encode()
        self.send_response(Endpoint.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


class FirehoseTest(ServerTestCase):
    def client(self, service, region="us-east-1"):
        return boto3.client(service, endpoint_url=self.server.url, region_name=region,
                            config=Config(retries={"max_attempts": 1}))

    def setUp(self):
        self.firehose = self.client("firehose")
        self.s3 = self.client("s3")
        self.name = "hose-" + uuid.uuid4().hex[:8]
        self.bucket = "landing-" + uuid.uuid4().hex[:8]
        self.s3.create_bucket(Bucket=self.bucket)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response["Error"]

    def s3_destination(self, **extra):
        return {"RoleARN": ROLE, "BucketARN": f"arn:aws:s3:::{self.bucket}", **extra}

    def keys(self, prefix=""):
        listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return [o["Key"] for o in listed.get("Contents", [])]

    def wait_for_keys(self, count=1, prefix="", timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            keys = self.keys(prefix)
            if len(keys) >= count:
                return keys
            time.sleep(0.2)
        self.fail(f"no {count} objects under {prefix!r} after {timeout}s: {self.keys()}")

    def body(self, key):
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    # ---- delivery streams ----

    def test_describe_shows_the_destination_with_aws_defaults(self):
        arn = self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            ExtendedS3DestinationConfiguration=self.s3_destination(Prefix="raw/"),
            Tags=[{"Key": "team", "Value": "data"}])["DeliveryStreamARN"]
        self.assertEqual(arn, f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/{self.name}")
        d = self.firehose.describe_delivery_stream(
            DeliveryStreamName=self.name)["DeliveryStreamDescription"]
        self.assertEqual((d["DeliveryStreamStatus"], d["DeliveryStreamType"], d["VersionId"],
                          d["HasMoreDestinations"]), ("ACTIVE", "DirectPut", "1", False))
        self.assertIn("CreateTimestamp", d)
        self.assertEqual(d["DeliveryStreamEncryptionConfiguration"], {"Status": "DISABLED"})
        [destination] = d["Destinations"]
        self.assertEqual(destination["DestinationId"], "destinationId-000000000001")
        extended = destination["ExtendedS3DestinationDescription"]
        self.assertEqual(extended["BufferingHints"], {"SizeInMBs": 5, "IntervalInSeconds": 300})
        self.assertEqual(extended["CompressionFormat"], "UNCOMPRESSED")
        self.assertEqual(extended["EncryptionConfiguration"], {"NoEncryptionConfig": "NoEncryption"})
        self.assertEqual(extended["Prefix"], "raw/")
        self.assertEqual(destination["S3DestinationDescription"]["BucketARN"],
                         f"arn:aws:s3:::{self.bucket}")

    def test_secrets_never_come_back(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            RedshiftDestinationConfiguration={
                "RoleARN": ROLE,
                "ClusterJDBCURL":
                    "jdbc:redshift://warehouse.c0ffee.us-east-1.redshift.amazonaws.com:5439/db",
                "CopyCommand": {"DataTableName": "t"}, "Username": "u", "Password": "secret",
                "S3Configuration": self.s3_destination()})
        d = self.firehose.describe_delivery_stream(DeliveryStreamName=self.name)
        redshift = d["DeliveryStreamDescription"]["Destinations"][0]["RedshiftDestinationDescription"]
        self.assertEqual(redshift["Username"], "u")
        self.assertNotIn("Password", redshift)
        self.assertEqual(redshift["S3DestinationDescription"]["CompressionFormat"], "UNCOMPRESSED")
        # records for destinations motoc does not deliver to are accepted all the same
        answer = self.firehose.put_record(DeliveryStreamName=self.name, Record={"Data": b"x"})
        self.assertFalse(answer["Encrypted"])

    def test_errors_are_aws_errors(self):
        err = self.error(self.firehose.describe_delivery_stream, DeliveryStreamName="nope")
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        self.assertEqual(err["Message"], f"Firehose nope under account {ACCOUNT} not found.")
        self.firehose.create_delivery_stream(DeliveryStreamName=self.name,
                                             S3DestinationConfiguration=self.s3_destination())
        err = self.error(self.firehose.create_delivery_stream, DeliveryStreamName=self.name,
                         S3DestinationConfiguration=self.s3_destination())
        self.assertEqual(err["Code"], "ResourceInUseException")
        err = self.error(self.firehose.create_delivery_stream, DeliveryStreamName=self.name + "x")
        self.assertEqual(err["Code"], "InvalidArgumentException")
        err = self.error(self.firehose.create_delivery_stream, DeliveryStreamName=self.name + "y",
                         S3DestinationConfiguration=self.s3_destination(),
                         ExtendedS3DestinationConfiguration=self.s3_destination())
        self.assertEqual(err["Code"], "InvalidArgumentException")
        err = self.error(self.firehose.create_delivery_stream, DeliveryStreamName=self.name + "z",
                         ExtendedS3DestinationConfiguration=self.s3_destination(
                             Prefix="!{timestamp:yyyy}/"))
        self.assertEqual(err["Code"], "InvalidArgumentException")
        self.assertIn("ErrorOutputPrefix", err["Message"])
        err = self.error(self.firehose.create_delivery_stream, DeliveryStreamName=self.name + "w",
                         ExtendedS3DestinationConfiguration=self.s3_destination(
                             Prefix="!{nope:x}/", ErrorOutputPrefix="e/"))
        self.assertEqual(err["Code"], "InvalidArgumentException")
        err = self.error(self.firehose.create_delivery_stream, DeliveryStreamName=self.name + "v",
                         S3DestinationConfiguration=self.s3_destination(
                             BufferingHints={"SizeInMBs": 129}))
        self.assertEqual(err["Code"], "ValidationException")
        err = self.error(self.firehose.put_record_batch, DeliveryStreamName=self.name,
                         Records=[{"Data": b"x" * 1024001}])
        self.assertEqual(err["Code"], "ValidationException")

    def test_list_pages_by_name_and_filters_by_type(self):
        firehose = self.client("firehose", region="eu-west-3")
        for i in range(3):
            firehose.create_delivery_stream(DeliveryStreamName=f"d{i}",
                                            S3DestinationConfiguration=self.s3_destination())
        firehose.create_delivery_stream(
            DeliveryStreamName="k0", DeliveryStreamType="KinesisStreamAsSource",
            KinesisStreamSourceConfiguration={
                "KinesisStreamARN": f"arn:aws:kinesis:eu-west-3:{ACCOUNT}:stream/s",
                "RoleARN": ROLE},
            S3DestinationConfiguration=self.s3_destination())
        page = firehose.list_delivery_streams(Limit=2)
        self.assertEqual((page["DeliveryStreamNames"], page["HasMoreDeliveryStreams"]),
                         (["d0", "d1"], True))
        page = firehose.list_delivery_streams(ExclusiveStartDeliveryStreamName="d1")
        self.assertEqual((page["DeliveryStreamNames"], page["HasMoreDeliveryStreams"]),
                         (["d2", "k0"], False))
        page = firehose.list_delivery_streams(DeliveryStreamType="KinesisStreamAsSource")
        self.assertEqual(page["DeliveryStreamNames"], ["k0"])
        err = self.error(firehose.put_record, DeliveryStreamName="k0", Record={"Data": b"x"})
        self.assertEqual(err["Code"], "InvalidArgumentException")
        firehose.delete_delivery_stream(DeliveryStreamName="d0")
        self.assertEqual(firehose.list_delivery_streams()["DeliveryStreamNames"],
                         ["d1", "d2", "k0"])

    def test_update_destination_checks_the_version_and_merges(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            ExtendedS3DestinationConfiguration=self.s3_destination(Prefix="a/"))
        err = self.error(self.firehose.update_destination, DeliveryStreamName=self.name,
                         CurrentDeliveryStreamVersionId="7",
                         DestinationId="destinationId-000000000001",
                         ExtendedS3DestinationUpdate={"Prefix": "b/"})
        self.assertEqual(err["Code"], "ConcurrentModificationException")
        err = self.error(self.firehose.update_destination, DeliveryStreamName=self.name,
                         CurrentDeliveryStreamVersionId="1",
                         DestinationId="destinationId-000000000002",
                         ExtendedS3DestinationUpdate={"Prefix": "b/"})
        self.assertEqual(err["Code"], "InvalidArgumentException")
        self.firehose.update_destination(
            DeliveryStreamName=self.name, CurrentDeliveryStreamVersionId="1",
            DestinationId="destinationId-000000000001",
            ExtendedS3DestinationUpdate={"BufferingHints": {"IntervalInSeconds": 60}})
        d = self.firehose.describe_delivery_stream(
            DeliveryStreamName=self.name)["DeliveryStreamDescription"]
        extended = d["Destinations"][0]["ExtendedS3DestinationDescription"]
        self.assertEqual(d["VersionId"], "2")
        self.assertEqual(extended["Prefix"], "a/")
        self.assertEqual(extended["BufferingHints"], {"SizeInMBs": 5, "IntervalInSeconds": 60})
        err = self.error(self.firehose.update_destination, DeliveryStreamName=self.name,
                         CurrentDeliveryStreamVersionId="2",
                         DestinationId="destinationId-000000000001",
                         HttpEndpointDestinationUpdate={"EndpointConfiguration": {
                             "Url": "https://127.0.0.1/"}})
        self.assertEqual(err["Code"], "InvalidArgumentException")

    def test_encryption_and_tags(self):
        self.firehose.create_delivery_stream(DeliveryStreamName=self.name,
                                             S3DestinationConfiguration=self.s3_destination())
        self.firehose.start_delivery_stream_encryption(
            DeliveryStreamName=self.name,
            DeliveryStreamEncryptionConfigurationInput={"KeyType": "AWS_OWNED_CMK"})
        d = self.firehose.describe_delivery_stream(DeliveryStreamName=self.name)
        self.assertEqual(d["DeliveryStreamDescription"]["DeliveryStreamEncryptionConfiguration"],
                         {"KeyType": "AWS_OWNED_CMK", "Status": "ENABLED"})
        self.assertTrue(self.firehose.put_record(DeliveryStreamName=self.name,
                                                 Record={"Data": b"x"})["Encrypted"])
        err = self.error(self.firehose.start_delivery_stream_encryption,
                         DeliveryStreamName=self.name,
                         DeliveryStreamEncryptionConfigurationInput={
                             "KeyType": "CUSTOMER_MANAGED_CMK"})
        self.assertEqual(err["Code"], "InvalidArgumentException")
        self.firehose.stop_delivery_stream_encryption(DeliveryStreamName=self.name)
        batch = self.firehose.put_record_batch(DeliveryStreamName=self.name,
                                               Records=[{"Data": b"a"}, {"Data": b"b"}])
        self.assertEqual((batch["FailedPutCount"], batch["Encrypted"]), (0, False))
        ids = [r["RecordId"] for r in batch["RequestResponses"]]
        self.assertEqual(len(set(ids)), 2)

        self.firehose.tag_delivery_stream(DeliveryStreamName=self.name, Tags=[
            {"Key": k, "Value": v} for k, v in (("a", "1"), ("b", "2"), ("c", "3"))])
        page = self.firehose.list_tags_for_delivery_stream(DeliveryStreamName=self.name, Limit=2)
        self.assertEqual(([t["Key"] for t in page["Tags"]], page["HasMoreTags"]),
                         (["a", "b"], True))
        page = self.firehose.list_tags_for_delivery_stream(DeliveryStreamName=self.name,
                                                           ExclusiveStartTagKey="b")
        self.assertEqual(page["Tags"], [{"Key": "c", "Value": "3"}])
        self.firehose.untag_delivery_stream(DeliveryStreamName=self.name, TagKeys=["a", "c"])
        self.assertEqual(self.firehose.list_tags_for_delivery_stream(
            DeliveryStreamName=self.name)["Tags"], [{"Key": "b", "Value": "2"}])

    # ---- delivery into S3 ----

    def test_gzip_objects_land_in_s3_on_the_interval(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            ExtendedS3DestinationConfiguration=self.s3_destination(
                CompressionFormat="GZIP",
                BufferingHints={"SizeInMBs": 1, "IntervalInSeconds": 2}))
        records = [{"Data": f"event {i}\n".encode()} for i in range(5)]
        answer = self.firehose.put_record_batch(DeliveryStreamName=self.name, Records=records)
        self.assertEqual(answer["FailedPutCount"], 0)
        self.assertEqual(self.keys(), [], "nothing lands before the interval")
        [key] = self.wait_for_keys()
        self.assertRegex(key, TIME_PREFIX)
        name = OBJECT_NAME.match(key.rsplit("/", 1)[1])
        self.assertEqual((name["stream"], name["version"], name["ext"]), (self.name, "1", ".gz"))
        self.assertEqual(gzip.decompress(self.body(key)),
                         b"".join(r["Data"] for r in records))

    def test_a_full_buffer_is_delivered_at_once(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            S3DestinationConfiguration=self.s3_destination(
                Prefix="big/", BufferingHints={"SizeInMBs": 1, "IntervalInSeconds": 900}))
        chunk = b"z" * 600_000
        self.firehose.put_record(DeliveryStreamName=self.name, Record={"Data": chunk})
        self.assertEqual(self.keys(), [])
        self.firehose.put_record(DeliveryStreamName=self.name, Record={"Data": chunk})
        [key] = self.keys()
        self.assertTrue(key.startswith("big/"))
        self.assertRegex(key[len("big/"):], TIME_PREFIX)
        self.assertEqual(self.body(key), chunk + chunk)

    def test_expression_prefixes(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            ExtendedS3DestinationConfiguration=self.s3_destination(
                Prefix="year=!{timestamp:yyyy}/part=!{firehose:random-string}/",
                ErrorOutputPrefix="errors/!{firehose:error-output-type}/",
                BufferingHints={"SizeInMBs": 1, "IntervalInSeconds": 0}))
        self.firehose.put_record(DeliveryStreamName=self.name, Record={"Data": b"hello"})
        [key] = self.wait_for_keys()
        year = time.gmtime().tm_year
        self.assertRegex(key, rf"^year={year}/part=[a-z0-9]{{11}}/{self.name}-1-")
        self.assertEqual(self.body(key), b"hello")

    def test_dynamic_partitioning_writes_an_object_per_partition(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            ExtendedS3DestinationConfiguration=self.s3_destination(
                Prefix="customer=!{partitionKeyFromQuery:customer}/",
                ErrorOutputPrefix="errors/!{firehose:error-output-type}/",
                BufferingHints={"SizeInMBs": 64, "IntervalInSeconds": 1},
                DynamicPartitioningConfiguration={"Enabled": True},
                ProcessingConfiguration={"Enabled": True, "Processors": [
                    {"Type": "MetadataExtraction", "Parameters": [
                        {"ParameterName": "MetadataExtractionQuery",
                         "ParameterValue": "{customer: .customer}"},
                        {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"}]},
                    {"Type": "AppendDelimiterToRecord"}]}))
        self.firehose.put_record_batch(DeliveryStreamName=self.name, Records=[
            {"Data": json.dumps({"customer": c, "n": i}).encode()}
            for i, c in enumerate(["ann", "bob", "ann"])] + [{"Data": b"not json"}])
        keys = sorted(self.wait_for_keys(count=3))
        self.assertEqual([k.split("/")[0] for k in keys],
                         ["customer=ann", "customer=bob", "errors"])
        self.assertTrue(keys[2].startswith("errors/partitioning-failed/"), keys[2])
        self.assertEqual([json.loads(line)["n"] for line in self.body(keys[0]).splitlines()],
                         [0, 2])
        self.assertEqual(self.body(keys[2]), b"not json\n")
        err = self.error(self.firehose.create_delivery_stream,
                         DeliveryStreamName=self.name + "-plain",
                         ExtendedS3DestinationConfiguration=self.s3_destination(
                             Prefix="c=!{partitionKeyFromQuery:customer}/",
                             ErrorOutputPrefix="errors/"))
        self.assertEqual(err["Code"], "InvalidArgumentException")

    def test_records_wait_for_a_missing_bucket_and_deleting_drops_them(self):
        self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            S3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::no-such",
                                        "BufferingHints": {"SizeInMBs": 1,
                                                           "IntervalInSeconds": 0}})
        self.firehose.put_record(DeliveryStreamName=self.name, Record={"Data": b"lost"})
        time.sleep(0.5)
        self.firehose.delete_delivery_stream(DeliveryStreamName=self.name)
        # the server stays up and other streams still deliver
        self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name + "-ok",
            S3DestinationConfiguration=self.s3_destination(
                BufferingHints={"SizeInMBs": 1, "IntervalInSeconds": 0}))
        self.firehose.put_record(DeliveryStreamName=self.name + "-ok", Record={"Data": b"kept"})
        [key] = self.wait_for_keys()
        self.assertEqual(self.body(key), b"kept")

    def test_a_kinesis_stream_feeds_its_delivery_stream(self):
        kinesis = self.client("kinesis")
        kinesis.create_stream(StreamName=self.name, ShardCount=2)
        stream_arn = kinesis.describe_stream_summary(StreamName=self.name)[
            "StreamDescriptionSummary"]["StreamARN"]
        self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name, DeliveryStreamType="KinesisStreamAsSource",
            KinesisStreamSourceConfiguration={"KinesisStreamARN": stream_arn, "RoleARN": ROLE},
            ExtendedS3DestinationConfiguration=self.s3_destination(
                BufferingHints={"SizeInMBs": 1, "IntervalInSeconds": 1}))
        source = self.firehose.describe_delivery_stream(DeliveryStreamName=self.name)[
            "DeliveryStreamDescription"]["Source"]["KinesisStreamSourceDescription"]
        self.assertEqual((source["KinesisStreamARN"], source["RoleARN"]), (stream_arn, ROLE))
        self.assertIn("DeliveryStartTimestamp", source)
        kinesis.put_record(StreamName=self.name, Data=b"one,", PartitionKey="a")
        kinesis.put_records(StreamName=self.name, Records=[
            {"Data": b"two,", "PartitionKey": "b"}, {"Data": b"three", "PartitionKey": "c"}])
        [key] = self.wait_for_keys()
        self.assertEqual(sorted(self.body(key).split(b",")), [b"one", b"three", b"two"])

    def test_log_subscriptions_and_event_rules_deliver_into_streams(self):
        arn = self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            ExtendedS3DestinationConfiguration=self.s3_destination(
                Prefix="logs/", BufferingHints={"SizeInMBs": 1, "IntervalInSeconds": 1})
        )["DeliveryStreamARN"]
        logs = self.client("logs")
        group = "/app/" + self.name
        logs.create_log_group(logGroupName=group)
        logs.create_log_stream(logGroupName=group, logStreamName="web")
        logs.put_subscription_filter(logGroupName=group, filterName="errors",
                                     filterPattern="ERROR", destinationArn=arn, roleArn=ROLE)
        now = int(time.time() * 1000)
        logs.put_log_events(logGroupName=group, logStreamName="web", logEvents=[
            {"timestamp": now, "message": "ERROR disk full"},
            {"timestamp": now, "message": "INFO all good"}])
        [key] = self.wait_for_keys(prefix="logs/")
        envelope = json.loads(gzip.decompress(self.body(key)))
        self.assertEqual((envelope["logGroup"], envelope["logStream"],
                          [e["message"] for e in envelope["logEvents"]]),
                         (group, "web", ["ERROR disk full"]))

        other = self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name + "-events",
            ExtendedS3DestinationConfiguration=self.s3_destination(
                Prefix="events/", BufferingHints={"SizeInMBs": 1, "IntervalInSeconds": 1})
        )["DeliveryStreamARN"]
        events = self.client("events")
        rule = "r-" + self.name
        events.put_rule(Name=rule, EventPattern=json.dumps({"source": ["shop"]}))
        events.put_targets(Rule=rule, Targets=[{"Id": "f", "Arn": other, "RoleArn": ROLE,
                                                "InputPath": "$.detail"}])
        events.put_events(Entries=[{"Source": "shop", "DetailType": "order",
                                    "Detail": json.dumps({"id": 7})}])
        [key] = self.wait_for_keys(prefix="events/")
        self.assertEqual(json.loads(self.body(key)), {"id": 7})

    def test_processors_unpack_log_messages_and_delimit_records(self):
        def processor(kind, **parameters):
            return {"Type": kind, "Parameters": [{"ParameterName": k, "ParameterValue": v}
                                                 for k, v in parameters.items()]}
        arn = self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            ExtendedS3DestinationConfiguration=self.s3_destination(
                BufferingHints={"SizeInMBs": 1, "IntervalInSeconds": 1},
                ProcessingConfiguration={"Enabled": True, "Processors": [
                    processor("AppendDelimiterToRecord"),
                    processor("Decompression", CompressionFormat="GZIP"),
                    processor("CloudWatchLogProcessing", DataMessageExtraction="true")]})
        )["DeliveryStreamARN"]
        logs = self.client("logs")
        group = "/processed/" + self.name
        logs.create_log_group(logGroupName=group)
        logs.create_log_stream(logGroupName=group, logStreamName="web")
        logs.put_subscription_filter(logGroupName=group, filterName="all", filterPattern="",
                                     destinationArn=arn, roleArn=ROLE)
        now = int(time.time() * 1000)
        logs.put_log_events(logGroupName=group, logStreamName="web", logEvents=[
            {"timestamp": now, "message": "first"}, {"timestamp": now, "message": "second"}])
        self.firehose.put_record(DeliveryStreamName=self.name, Record={"Data": b"{\"raw\": 1}"})
        [key] = self.wait_for_keys()
        self.assertEqual(self.body(key), b'first\nsecond\n{"raw": 1}\n')

    # ---- HTTP endpoints ----

    def start_endpoint(self, status):
        Endpoint.requests = []
        Endpoint.status = status
        server = http.server.HTTPServer(("127.0.0.1", 0), Endpoint)
        # Firehose delivers to HTTPS endpoints only.
        server.socket = self_signed_server_context().wrap_socket(server.socket, server_side=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return f"https://127.0.0.1:{server.server_address[1]}/ingest"

    def http_stream(self, url, **extra):
        return self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            HttpEndpointDestinationConfiguration={
                "EndpointConfiguration": {"Url": url, "Name": "local", "AccessKey": "sesame"},
                "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 1},
                "S3Configuration": self.s3_destination(ErrorOutputPrefix="failed/"),
                **extra})["DeliveryStreamARN"]

    def wait_for_requests(self, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline and not Endpoint.requests:
            time.sleep(0.1)
        self.assertTrue(Endpoint.requests, "the endpoint got no request")
        return Endpoint.requests

    def test_http_endpoints_get_the_firehose_request_format(self):
        url = self.start_endpoint(200)
        arn = self.http_stream(url, RequestConfiguration={"CommonAttributes": [
            {"AttributeName": "env", "AttributeValue": "test"}]})
        d = self.firehose.describe_delivery_stream(DeliveryStreamName=self.name)
        http_d = d["DeliveryStreamDescription"]["Destinations"][0][
            "HttpEndpointDestinationDescription"]
        self.assertEqual(http_d["EndpointConfiguration"], {"Url": url, "Name": "local"})
        self.firehose.put_record_batch(DeliveryStreamName=self.name,
                                       Records=[{"Data": b"alpha"}, {"Data": b"beta"}])
        [(headers, body)] = self.wait_for_requests()
        document = json.loads(body)
        self.assertEqual([base64.b64decode(r["data"]) for r in document["records"]],
                         [b"alpha", b"beta"])
        self.assertEqual(headers["X-Amz-Firehose-Request-Id"], document["requestId"])
        self.assertAlmostEqual(document["timestamp"] / 1000, time.time(), delta=30)
        self.assertEqual(headers["X-Amz-Firehose-Access-Key"], "sesame")
        self.assertEqual(headers["X-Amz-Firehose-Source-Arn"], arn)
        self.assertEqual(headers["X-Amz-Firehose-Protocol-Version"], "1.0")
        self.assertEqual(json.loads(headers["X-Amz-Firehose-Common-Attributes"]),
                         {"commonAttributes": {"env": "test"}})
        self.assertEqual(headers["Content-Type"], "application/json")

    def test_gzip_requests_and_backup_updates(self):
        url = self.start_endpoint(200)
        self.http_stream(url, RequestConfiguration={"ContentEncoding": "GZIP"})
        self.firehose.update_destination(
            DeliveryStreamName=self.name, CurrentDeliveryStreamVersionId="1",
            DestinationId="destinationId-000000000001",
            HttpEndpointDestinationUpdate={"S3Update": {"ErrorOutputPrefix": "elsewhere/"}})
        d = self.firehose.describe_delivery_stream(DeliveryStreamName=self.name)[
            "DeliveryStreamDescription"]
        backup = d["Destinations"][0]["HttpEndpointDestinationDescription"][
            "S3DestinationDescription"]
        self.assertEqual((backup["ErrorOutputPrefix"], backup["BucketARN"], d["VersionId"]),
                         ("elsewhere/", f"arn:aws:s3:::{self.bucket}", "2"))
        self.firehose.put_record(DeliveryStreamName=self.name, Record={"Data": b"packed"})
        [(headers, body)] = self.wait_for_requests()
        self.assertEqual(headers["Content-Encoding"], "gzip")
        [record] = json.loads(gzip.decompress(body))["records"]
        self.assertEqual(base64.b64decode(record["data"]), b"packed")

    def test_records_an_endpoint_refuses_are_backed_up_to_s3(self):
        url = self.start_endpoint(500)
        self.http_stream(url)
        self.firehose.put_record(DeliveryStreamName=self.name, Record={"Data": b"refused"})
        self.wait_for_requests()
        [key] = self.wait_for_keys(prefix="failed/")
        self.assertTrue(key.startswith("failed/http-endpoint-failed/"), key)
        line = json.loads(self.body(key).splitlines()[0])
        self.assertEqual(base64.b64decode(line["rawData"]), b"refused")
        self.assertIn("errorCode", line)


if __name__ == "__main__":
    run_tests()
