"""S3 bucket configurations with boto3 against motoc-server: the configurations kept by id
(inventory, analytics, metrics, intelligent-tiering), replication, logging targets,
notification destinations, acceleration, public access blocks, default encryption, tagging, and
the checks CreateBucket and DeleteObjects make first."""
import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
import requests  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"


def inventory(config_id, target="arn:aws:s3:::inv-target"):
    return {"Id": config_id, "IsEnabled": True, "IncludedObjectVersions": "Current",
            "Schedule": {"Frequency": "Weekly"}, "OptionalFields": ["Size", "ETag"],
            "Destination": {"S3BucketDestination": {"Bucket": target, "Format": "Parquet",
                                                    "Prefix": "reports"}}}


class S3BucketConfigTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.client()

    @classmethod
    def client(cls, region="us-east-1"):
        return boto3.client("s3", endpoint_url=cls.server.url, region_name=region,
                            config=Config(retries={"max_attempts": 1}))

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response

    def bucket(self, name, **kwargs):
        self.s3.create_bucket(Bucket=name, **kwargs)
        return name

    def test_inventory_configurations_kept_by_id(self):
        b = self.bucket("inv-source")
        self.s3.put_bucket_inventory_configuration(Bucket=b, Id="weekly",
                                                   InventoryConfiguration=inventory("weekly"))
        got = self.s3.get_bucket_inventory_configuration(Bucket=b, Id="weekly")
        self.assertEqual(got["InventoryConfiguration"], inventory("weekly"))
        # Replacing keeps one; the list is in id order.
        self.s3.put_bucket_inventory_configuration(Bucket=b, Id="weekly",
                                                   InventoryConfiguration=inventory("weekly", "arn:aws:s3:::other"))
        self.s3.put_bucket_inventory_configuration(Bucket=b, Id="daily",
                                                   InventoryConfiguration=inventory("daily"))
        listed = self.s3.list_bucket_inventory_configurations(Bucket=b)
        self.assertEqual([c["Id"] for c in listed["InventoryConfigurationList"]], ["daily", "weekly"])
        self.assertFalse(listed["IsTruncated"])
        self.s3.delete_bucket_inventory_configuration(Bucket=b, Id="daily")
        err = self.error(self.s3.get_bucket_inventory_configuration, Bucket=b, Id="daily")
        self.assertEqual((err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"]),
                         ("NoSuchConfiguration", 404))
        err = self.error(self.s3.delete_bucket_inventory_configuration, Bucket=b, Id="daily")
        self.assertEqual(err["Error"]["Code"], "NoSuchConfiguration")
        err = self.error(self.s3.list_bucket_inventory_configurations, Bucket="inv-none")
        self.assertEqual(err["Error"]["Code"], "NoSuchBucket")

    def test_configuration_lists_come_in_pages(self):
        b = self.bucket("metrics-pages")
        ids = ["m%03d" % i for i in range(105)]
        for i in reversed(ids):
            self.s3.put_bucket_metrics_configuration(Bucket=b, Id=i, MetricsConfiguration={
                "Id": i, "Filter": {"Prefix": i}})
        first = self.s3.list_bucket_metrics_configurations(Bucket=b)
        self.assertTrue(first["IsTruncated"])
        self.assertEqual([c["Id"] for c in first["MetricsConfigurationList"]], ids[:100])
        second = self.s3.list_bucket_metrics_configurations(
            Bucket=b, ContinuationToken=first["NextContinuationToken"])
        self.assertEqual([c["Id"] for c in second["MetricsConfigurationList"]], ids[100:])
        self.assertFalse(second["IsTruncated"])
        self.assertNotIn("NextContinuationToken", second)

    def test_analytics_and_intelligent_tiering(self):
        b = self.bucket("tiering-bucket")
        analytics = {"Id": "a1", "StorageClassAnalysis": {}}
        self.s3.put_bucket_analytics_configuration(Bucket=b, Id="a1",
                                                   AnalyticsConfiguration=analytics)
        self.assertEqual(self.s3.get_bucket_analytics_configuration(Bucket=b, Id="a1")
                         ["AnalyticsConfiguration"], analytics)
        tiering = {"Id": "t1", "Status": "Enabled",
                   "Tierings": [{"Days": 90, "AccessTier": "ARCHIVE_ACCESS"}]}
        self.s3.put_bucket_intelligent_tiering_configuration(
            Bucket=b, Id="t1", IntelligentTieringConfiguration=tiering)
        listed = self.s3.list_bucket_intelligent_tiering_configurations(Bucket=b)
        self.assertEqual(listed["IntelligentTieringConfigurationList"], [tiering])
        self.s3.delete_bucket_intelligent_tiering_configuration(Bucket=b, Id="t1")
        self.assertNotIn("IntelligentTieringConfigurationList",
                         self.s3.list_bucket_intelligent_tiering_configurations(Bucket=b))

    def test_replication_copies_selected_new_objects(self):
        def versioned(name):
            self.bucket(name)
            self.s3.put_bucket_versioning(Bucket=name,
                                          VersioningConfiguration={"Status": "Enabled"})
            return name
        source, near, far = versioned("rep-source"), versioned("rep-near"), versioned("rep-far")
        rule = {"Status": "Enabled", "DeleteMarkerReplication": {"Status": "Disabled"}}
        self.s3.put_bucket_replication(Bucket=source, ReplicationConfiguration={
            "Role": "arn:aws:iam::%s:role/replicator" % ACCOUNT, "Rules": [
                dict(rule, ID="low", Priority=1, Filter={"Prefix": ""},
                     Destination={"Bucket": f"arn:aws:s3:::{near}"}),
                dict(rule, ID="high", Priority=2, Filter={"Prefix": "logs/"},
                     Destination={"Bucket": f"arn:aws:s3:::{near}", "StorageClass": "GLACIER_IR"}),
                dict(rule, ID="tagged", Priority=3,
                     Filter={"And": {"Prefix": "logs/", "Tags": [{"Key": "keep", "Value": "yes"}]}},
                     Destination={"Bucket": f"arn:aws:s3:::{far}"}),
            ]})
        put = self.s3.put_object(Bucket=source, Key="logs/one", Body=b"12345",
                                 Metadata={"origin": "app"}, Tagging="keep=yes")
        self.s3.put_object(Bucket=source, Key="logs/two", Body=b"x")
        self.s3.put_object(Bucket=source, Key="plain", Body=b"x")
        self.assertEqual(self.s3.head_object(Bucket=source, Key="logs/one")["ReplicationStatus"],
                         "COMPLETED")
        replica = self.s3.head_object(Bucket=near, Key="logs/one")
        self.assertEqual((replica["ReplicationStatus"], replica["VersionId"], replica["ETag"],
                          replica["StorageClass"], replica["Metadata"]),
                         ("REPLICA", put["VersionId"], put["ETag"], "GLACIER_IR",
                          {"origin": "app"}))
        self.assertEqual(self.s3.get_object(Bucket=far, Key="logs/one")["Body"].read(), b"12345")
        self.assertEqual(sorted(o["Key"] for o in self.s3.list_objects_v2(Bucket=near)["Contents"]),
                         ["logs/one", "logs/two", "plain"])
        self.assertEqual([o["Key"] for o in self.s3.list_objects_v2(Bucket=far)["Contents"]],
                         ["logs/one"])
        self.assertNotIn("StorageClass", self.s3.head_object(Bucket=near, Key="plain"))
        # a copy of a replica in its own bucket is a new object, not a replica
        self.s3.copy_object(Bucket=near, Key="copied", CopySource=f"{near}/plain")
        self.assertNotIn("ReplicationStatus", self.s3.head_object(Bucket=near, Key="copied"))
        self.s3.put_bucket_versioning(Bucket=far, VersioningConfiguration={"Status": "Suspended"})
        self.s3.put_object(Bucket=source, Key="logs/three", Body=b"x", Tagging="keep=yes")
        self.assertEqual(self.s3.head_object(Bucket=source, Key="logs/three")["ReplicationStatus"],
                         "FAILED")

    def test_replication_copies_form_uploads(self):
        for name in ("rep-form-source", "rep-form-target"):
            self.bucket(name)
            self.s3.put_bucket_versioning(Bucket=name,
                                          VersioningConfiguration={"Status": "Enabled"})
        self.s3.put_bucket_replication(Bucket="rep-form-source", ReplicationConfiguration={
            "Role": "arn:aws:iam::%s:role/replicator" % ACCOUNT, "Rules": [
                {"ID": "all", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""},
                 "DeleteMarkerReplication": {"Status": "Disabled"},
                 "Destination": {"Bucket": "arn:aws:s3:::rep-form-target"}}]})
        form = self.s3.generate_presigned_post("rep-form-source", "posted", ExpiresIn=60)
        reply = requests.post(form["url"], data=form["fields"], timeout=60,
                              files={"file": ("f", b"form body")})
        self.assertEqual(reply.status_code, 204, reply.text)
        replica = self.s3.get_object(Bucket="rep-form-target", Key="posted")
        self.assertEqual((replica["ReplicationStatus"], replica["Body"].read()),
                         ("REPLICA", b"form body"))

    def test_replication_needs_versioning_and_fills_rules(self):
        b = self.bucket("repl-source")
        config = {"Role": "arn:aws:iam::%s:role/replicator" % ACCOUNT, "Rules": [
            {"Status": "Enabled", "Priority": 1, "Destination": {"Bucket": "arn:aws:s3:::dest"}},
            {"ID": "legacy", "Status": "Disabled", "Prefix": "logs/",
             "Destination": {"Bucket": "arn:aws:s3:::dest"}}]}
        err = self.error(self.s3.put_bucket_replication, Bucket=b, ReplicationConfiguration=config)
        self.assertEqual((err["Error"]["Code"], err["Error"]["BucketName"]), ("InvalidRequest", b))
        self.assertIn("Versioning must be 'Enabled'", err["Error"]["Message"])
        err = self.error(self.s3.get_bucket_replication, Bucket=b)
        self.assertEqual((err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"]),
                         ("ReplicationConfigurationNotFoundError", 404))
        self.s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
        self.s3.put_bucket_replication(Bucket=b, ReplicationConfiguration=config)
        rules = self.s3.get_bucket_replication(Bucket=b)["ReplicationConfiguration"]["Rules"]
        self.assertTrue(rules[0]["ID"])
        self.assertEqual(rules[0]["Filter"], {"Prefix": ""})
        self.assertEqual(rules[0]["DeleteMarkerReplication"], {"Status": "Disabled"})
        self.assertEqual(rules[1], config["Rules"][1])
        self.s3.delete_bucket_replication(Bucket=b)
        err = self.error(self.s3.get_bucket_replication, Bucket=b)
        self.assertEqual(err["Error"]["Code"], "ReplicationConfigurationNotFoundError")
        err = self.error(self.s3.delete_bucket_replication, Bucket="repl-none")
        self.assertEqual(err["Error"]["Code"], "NoSuchBucket")

    def test_logging_target_checks(self):
        source = self.bucket("log-source")
        status = lambda target: {"LoggingEnabled": {"TargetBucket": target, "TargetPrefix": "x/"}}
        err = self.error(self.s3.put_bucket_logging, Bucket=source,
                         BucketLoggingStatus=status("log-nowhere"))
        self.assertEqual(err["Error"]["Code"], "InvalidTargetBucketForLogging")
        # A target with ACLs in force must grant the log delivery group.
        acl_target = self.bucket("log-acl-target", ObjectOwnership="BucketOwnerPreferred")
        err = self.error(self.s3.put_bucket_logging, Bucket=source,
                         BucketLoggingStatus=status(acl_target))
        self.assertEqual(err["Error"]["Code"], "InvalidTargetBucketForLogging")
        self.assertIn("log-delivery", err["Error"]["Message"])
        owner = self.s3.get_bucket_acl(Bucket=acl_target)["Owner"]
        self.s3.put_bucket_acl(Bucket=acl_target, AccessControlPolicy={"Owner": owner, "Grants": [
            {"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": "WRITE"},
            {"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": "READ_ACP"}]})
        self.s3.put_bucket_logging(Bucket=source, BucketLoggingStatus=status(acl_target))
        self.assertEqual(self.s3.get_bucket_logging(Bucket=source)["LoggingEnabled"]["TargetBucket"],
                         acl_target)
        # A target with ACLs disabled takes its grant from a bucket policy.
        policy_target = self.bucket("log-policy-target")
        self.s3.put_bucket_logging(Bucket=source, BucketLoggingStatus=status(policy_target))
        west = self.client("eu-west-1")
        west.create_bucket(Bucket="log-far-target",
                           CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        err = self.error(self.s3.put_bucket_logging, Bucket=source,
                         BucketLoggingStatus=status("log-far-target"))
        self.assertEqual(err["Error"]["Code"], "CrossLocationLoggingProhibited")
        bad_grant = status(policy_target)
        bad_grant["LoggingEnabled"]["TargetGrants"] = [{"Grantee": {
            "Type": "CanonicalUser", "ID": owner["ID"]}, "Permission": "EVERYTHING"}]
        err = self.error(self.s3.put_bucket_logging, Bucket=source, BucketLoggingStatus=bad_grant)
        self.assertEqual(err["Error"]["Code"], "MalformedXML")
        self.s3.put_bucket_logging(Bucket=source, BucketLoggingStatus={})
        self.assertNotIn("LoggingEnabled", self.s3.get_bucket_logging(Bucket=source))

    def test_logged_operations_are_named_as_s3_names_them(self):
        source, target = self.bucket("named-source"), self.bucket("named-target")
        self.s3.put_bucket_logging(Bucket=source, BucketLoggingStatus={"LoggingEnabled": {
            "TargetBucket": target, "TargetPrefix": ""}})
        self.s3.put_bucket_cors(Bucket=source, CORSConfiguration={"CORSRules": [
            {"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]})
        self.s3.put_object(Bucket=source, Key="k", Body=b"x")
        self.s3.copy_object(Bucket=source, Key="k2", CopySource={"Bucket": source, "Key": "k"})
        self.s3.put_object_tagging(Bucket=source, Key="k", Tagging={"TagSet": []})
        self.s3.get_bucket_versioning(Bucket=source)
        upload = self.s3.create_multipart_upload(Bucket=source, Key="m")["UploadId"]
        self.s3.upload_part(Bucket=source, Key="m", UploadId=upload, PartNumber=1, Body=b"p")
        preflight = urllib.request.Request(f"{self.server.url}/{source}/k", method="OPTIONS",
                                           headers={"Origin": "http://site.example",
                                                    "Access-Control-Request-Method": "GET"})
        urllib.request.urlopen(preflight, timeout=30).close()
        operations = set()
        for o in self.s3.list_objects_v2(Bucket=target)["Contents"]:
            record = self.s3.get_object(Bucket=target, Key=o["Key"])["Body"].read().decode()
            operations.add(record.split(" ")[7])
        self.assertEqual(operations, {
            "REST.PUT.LOGGING_STATUS", "REST.PUT.CORS", "REST.PUT.OBJECT", "REST.COPY.OBJECT",
            "REST.PUT.OBJECT_TAGGING", "REST.GET.VERSIONING", "REST.POST.UPLOADS",
            "REST.PUT.PART", "REST.OPTIONS.PREFLIGHT"})

    def test_logging_delivers_a_record_per_request(self):
        source, target = self.bucket("logged-source"), self.bucket("logged-target")
        self.s3.put_bucket_logging(Bucket=source, BucketLoggingStatus={"LoggingEnabled": {
            "TargetBucket": target, "TargetPrefix": "simple/"}})
        self.s3.put_object(Bucket=source, Key="dir/a b", Body=b"12345")
        self.error(self.s3.get_object, Bucket=source, Key="missing")
        self.s3.put_bucket_logging(Bucket=source, BucketLoggingStatus={"LoggingEnabled": {
            "TargetBucket": target, "TargetPrefix": "parts/",
            "TargetObjectKeyFormat": {"PartitionedPrefix": {"PartitionDateSource": "EventTime"}}}})
        self.s3.list_objects_v2(Bucket=source)
        self.s3.put_bucket_logging(Bucket=source, BucketLoggingStatus={})
        self.s3.list_objects_v2(Bucket=source)

        keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket=target)["Contents"]]
        simple = [k for k in keys if k.startswith("simple/")]
        parts = [k for k in keys if k.startswith("parts/")]
        # the first PutBucketLogging, the put, the failed get; then the second one and a list
        self.assertEqual((len(simple), len(parts), len(keys)), (3, 2, 5))
        for k in simple:
            self.assertRegex(k, r"^simple/\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-[0-9A-F]{16}$")
        for k in parts:
            self.assertRegex(k, r"^parts/%s/us-east-1/%s/\d{4}/\d\d/\d\d/\d{4}-\d\d-\d\d-"
                             r"\d\d-\d\d-\d\d-[0-9A-F]{16}$" % (ACCOUNT, source))
        records = []
        for k in simple:
            got = self.s3.get_object(Bucket=target, Key=k)
            self.assertEqual(got["ContentType"], "text/plain")
            records.append(got["Body"].read().decode())
        put = next(r for r in records if "REST.PUT.OBJECT" in r)
        fields = put.split(" ")
        self.assertEqual(fields[1], source)
        self.assertRegex(fields[2] + " " + fields[3],
                         r"^\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\]$")
        self.assertEqual(fields[8], "dir/a%20b")
        self.assertIn('"PUT /%s/dir/a%%20b HTTP/1.1" 200 - - 5 ' % source, put)
        failed = next(r for r in records if "REST.GET.OBJECT" in r)
        self.assertIn(" 404 NoSuchKey ", failed)
        self.assertTrue(any("REST.PUT.LOGGING_STATUS" in r for r in records))

    def test_notification_ids_and_checks(self):
        b = self.bucket("notify-bucket")
        queue = "arn:aws:sqs:us-east-1:%s:events" % ACCOUNT
        self.s3.put_bucket_notification_configuration(Bucket=b, NotificationConfiguration={
            "QueueConfigurations": [
                {"QueueArn": queue, "Events": ["s3:ObjectCreated:*"]},
                {"Id": "mine", "QueueArn": queue, "Events": ["s3:ObjectRemoved:Delete"],
                 "Filter": {"Key": {"FilterRules": [{"Name": "suffix", "Value": ".png"}]}}}]})
        got = self.s3.get_bucket_notification_configuration(Bucket=b)["QueueConfigurations"]
        self.assertTrue(got[0]["Id"])
        self.assertEqual(got[1]["Id"], "mine")

        def refused(**destination):
            return self.error(self.s3.put_bucket_notification_configuration, Bucket=b,
                              NotificationConfiguration={"QueueConfigurations": [destination]})["Error"]
        err = refused(QueueArn="arn:aws:sns:us-east-1:%s:topic" % ACCOUNT, Events=["s3:ObjectCreated:*"])
        self.assertEqual((err["Code"], err["Message"]), ("InvalidArgument", "The ARN is not well formed"))
        err = refused(QueueArn="arn:aws:sqs:eu-west-1:%s:events" % ACCOUNT, Events=["s3:ObjectCreated:*"])
        self.assertIn("region is not valid", err["Message"])
        err = refused(QueueArn=queue, Events=["s3:ObjectExploded"])
        self.assertEqual(err["Code"], "InvalidArgument")
        self.assertTrue(err["Message"].startswith("The event 's3:ObjectExploded' is not supported"))
        err = refused(QueueArn=queue, Events=["s3:ObjectCreated:*"], Filter={"Key": {"FilterRules": [
            {"Name": "prefix", "Value": "a"}, {"Name": "prefix", "Value": "b"}]}})
        self.assertEqual(err["Code"], "InvalidArgument")

    def test_acceleration_rules(self):
        b = self.bucket("accel-bucket")
        self.s3.put_bucket_accelerate_configuration(Bucket=b, AccelerateConfiguration={"Status": "Suspended"})
        self.assertNotIn("Status", self.s3.get_bucket_accelerate_configuration(Bucket=b))
        err = self.error(self.s3.put_bucket_accelerate_configuration, Bucket=b,
                         AccelerateConfiguration={"Status": "Fast"})
        self.assertEqual(err["Error"]["Code"], "MalformedXML")
        self.s3.put_bucket_accelerate_configuration(Bucket=b, AccelerateConfiguration={"Status": "Enabled"})
        self.s3.put_bucket_accelerate_configuration(Bucket=b, AccelerateConfiguration={"Status": "Suspended"})
        self.assertEqual(self.s3.get_bucket_accelerate_configuration(Bucket=b)["Status"], "Suspended")
        dotted = self.bucket("accel.with.dots")
        err = self.error(self.s3.put_bucket_accelerate_configuration, Bucket=dotted,
                         AccelerateConfiguration={"Status": "Enabled"})
        self.assertEqual(err["Error"]["Code"], "InvalidRequest")

    def test_public_access_block_and_encryption_defaults(self):
        b = self.bucket("defaults-bucket")
        err = self.error(self.s3.put_public_access_block, Bucket=b, PublicAccessBlockConfiguration={})
        self.assertEqual((err["Error"]["Code"], err["Error"]["Message"]),
                         ("InvalidRequest", "Must specify at least one configuration."))
        self.s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration={"BlockPublicPolicy": True})
        self.assertEqual(self.s3.get_public_access_block(Bucket=b)["PublicAccessBlockConfiguration"], {
            "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": False})
        rule = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "k1"}}
        self.s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration={"Rules": [rule]})
        got = self.s3.get_bucket_encryption(Bucket=b)["ServerSideEncryptionConfiguration"]["Rules"]
        self.assertEqual(got, [dict(rule, BucketKeyEnabled=False)])

    def test_tagging_answers_and_empty_sets(self):
        b = self.bucket("tagged-bucket")
        answer = self.s3.put_bucket_tagging(Bucket=b, Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
        self.assertEqual(answer["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.s3.put_bucket_tagging(Bucket=b, Tagging={"TagSet": []})
        err = self.error(self.s3.get_bucket_tagging, Bucket=b)
        self.assertEqual((err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"]), ("NoSuchTagSet", 404))

    def test_cors_rule_limit(self):
        b = self.bucket("cors-limit")
        rules = [{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}] * 101
        err = self.error(self.s3.put_bucket_cors, Bucket=b, CORSConfiguration={"CORSRules": rules})
        self.assertEqual(err["Error"]["Code"], "MalformedXML")
        self.s3.put_bucket_cors(Bucket=b, CORSConfiguration={"CORSRules": rules[:100]})

    def test_create_bucket_checks(self):
        west = self.client("us-west-2")
        err = self.error(west.create_bucket, Bucket="lc-east-from-west",
                         CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
        self.assertEqual((err["Error"]["Code"], err["Error"]["Message"]), (
            "IllegalLocationConstraintException",
            "The us-east-1 location constraint is incompatible for the region specific endpoint "
            "this request was sent to."))
        err = self.error(self.s3.create_bucket, Bucket="ns-wrong-suffix",
                         BucketNamespace="account-regional")
        self.assertEqual(err["Error"]["Code"], "InvalidNamespaceHeader")
        name = "ns-ok-%s-us-east-1-an" % ACCOUNT
        self.s3.create_bucket(Bucket=name, BucketNamespace="account-regional")
        self.s3.head_bucket(Bucket=name)

    def test_delete_objects_reads_the_list_first(self):
        err = self.error(self.s3.delete_objects, Bucket="no-such-bucket-here", Delete={"Objects": []})
        self.assertEqual(err["Error"]["Code"], "MalformedXML")


if __name__ == "__main__":
    run_tests()
