"""S3 across a restart of motoc-server --state: buckets of several regions with their
configurations; object versions and delete markers with metadata, tags and ACLs; bodies small
(kept in memory) and large (kept in files); multipart uploads in progress; object lock."""
import hashlib
import json
import os
import sys
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, aws_cli, client, run_tests  # noqa: E402

LARGE = bytes(range(256)) * 4096 + b"tail"  # 1 MiB and more: its body lives in a file
PART = b"p" * (5 * 1024 * 1024)  # the smallest part S3 accepts before the last one


def plain(answer):
    answer.pop("ResponseMetadata", None)
    return answer


def object_read(s3, bucket, key, version=None):
    kwargs = {"VersionId": version} if version else {}
    got = s3.get_object(Bucket=bucket, Key=key, **kwargs)
    body = got.pop("Body").read()
    got = plain(got)
    got["sha256"] = hashlib.sha256(body).hexdigest()
    return got


class S3Persistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        s3 = client(server, "s3")
        s3.create_bucket(Bucket="motoc-docs")
        s3.put_bucket_versioning(Bucket="motoc-docs",
                                 VersioningConfiguration={"Status": "Enabled"})
        s3.put_object(Bucket="motoc-docs", Key="report.txt", Body=b"first draft",
                      ContentType="text/plain", Metadata={"author": "ana"},
                      Tagging="stage=draft")
        s3.put_object(Bucket="motoc-docs", Key="report.txt", Body=b"final \xe2\x9c\x93",
                      CacheControl="max-age=60", ContentDisposition="inline",
                      Metadata={"author": "bo"}, ACL="public-read")
        s3.put_object(Bucket="motoc-docs", Key="gone.txt", Body=b"soon deleted")
        s3.delete_object(Bucket="motoc-docs", Key="gone.txt")  # leaves a delete marker
        s3.put_object(Bucket="motoc-docs", Key="big/blob.bin", Body=LARGE,
                      ServerSideEncryption="AES256")
        s3.copy_object(Bucket="motoc-docs", Key="big/copy.bin",
                       CopySource={"Bucket": "motoc-docs", "Key": "big/blob.bin"})
        s3.put_object(Bucket="motoc-docs", Key="archive/2020.tar", Body=b"cold",
                      StorageClass="DEEP_ARCHIVE")
        s3.restore_object(Bucket="motoc-docs", Key="archive/2020.tar", RestoreRequest={"Days": 3})
        s3.put_object_tagging(Bucket="motoc-docs", Key="big/blob.bin",
                              Tagging={"TagSet": [{"Key": "size", "Value": "large"}]})
        s3.put_bucket_tagging(Bucket="motoc-docs", Tagging={"TagSet": [
            {"Key": "team", "Value": "core"}]})
        s3.put_bucket_policy(Bucket="motoc-docs", Policy=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::motoc-docs/*"}]}))
        s3.put_bucket_cors(Bucket="motoc-docs", CORSConfiguration={"CORSRules": [{
            "AllowedMethods": ["GET"], "AllowedOrigins": ["https://example.com"]}]})
        s3.put_bucket_lifecycle_configuration(Bucket="motoc-docs", LifecycleConfiguration={
            "Rules": [{"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": "tmp/"},
                       "Expiration": {"Days": 7}}]})
        s3.put_bucket_encryption(Bucket="motoc-docs", ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
        s3.put_bucket_inventory_configuration(Bucket="motoc-docs", Id="weekly",
                                              InventoryConfiguration={
            "Id": "weekly", "IsEnabled": True, "IncludedObjectVersions": "Current",
            "Schedule": {"Frequency": "Weekly"},
            "Destination": {"S3BucketDestination": {"Bucket": "arn:aws:s3:::motoc-eu",
                                                    "Format": "CSV"}}})
        s3.put_bucket_replication(Bucket="motoc-docs", ReplicationConfiguration={
            "Role": "arn:aws:iam::123456789012:role/replication", "Rules": [
                {"Status": "Enabled", "Priority": 1,
                 "Destination": {"Bucket": "arn:aws:s3:::motoc-eu"}}]})
        upload = s3.create_multipart_upload(Bucket="motoc-docs", Key="video.mp4",
                                            ContentType="video/mp4")["UploadId"]
        s3.upload_part(Bucket="motoc-docs", Key="video.mp4", UploadId=upload, PartNumber=1,
                       Body=PART)
        s3.upload_part(Bucket="motoc-docs", Key="video.mp4", UploadId=upload, PartNumber=2,
                       Body=b"last part")

        eu = client(server, "s3", region="eu-west-1")
        eu.create_bucket(Bucket="motoc-eu", CreateBucketConfiguration={
            "LocationConstraint": "eu-west-1"})
        aws_cli(server, "s3api", "put-object", "--bucket", "motoc-eu", "--key", "empty")
        s3.create_bucket(Bucket="motoc-locked", ObjectLockEnabledForBucket=True)
        s3.put_object(Bucket="motoc-locked", Key="ledger", Body=b"entry",
                      ObjectLockMode="GOVERNANCE",
                      ObjectLockRetainUntilDate=datetime(2099, 1, 1, tzinfo=timezone.utc),
                      ObjectLockLegalHoldStatus="ON")

    def observe(self, server):
        s3 = client(server, "s3")
        s3.head_bucket(Bucket="motoc-docs")  # after a reset: a ClientError, as the fixture expects
        reads = {"buckets": [b["Name"] for b in s3.list_buckets()["Buckets"]]}
        for bucket in reads["buckets"]:
            versions = plain(s3.list_object_versions(Bucket=bucket))
            reads[bucket] = {
                "location": s3.get_bucket_location(Bucket=bucket).get("LocationConstraint"),
                "versioning": plain(s3.get_bucket_versioning(Bucket=bucket)),
                "versions": versions,
                "objects": {v["Key"] + "@" + v["VersionId"]: object_read(s3, bucket, v["Key"],
                                                                         v["VersionId"])
                            for v in versions.get("Versions", [])},
                "uploads": plain(s3.list_multipart_uploads(Bucket=bucket)),
            }
        reads["parts"] = [plain(s3.list_parts(Bucket="motoc-docs", Key=u["Key"],
                                              UploadId=u["UploadId"]))
                          for u in reads["motoc-docs"]["uploads"]["Uploads"]]
        reads["object tags"] = plain(s3.get_object_tagging(Bucket="motoc-docs",
                                                           Key="big/blob.bin"))
        reads["object acl"] = plain(s3.get_object_acl(Bucket="motoc-docs", Key="report.txt"))
        reads["configuration"] = {
            "tagging": plain(s3.get_bucket_tagging(Bucket="motoc-docs")),
            "policy": plain(s3.get_bucket_policy(Bucket="motoc-docs")),
            "cors": plain(s3.get_bucket_cors(Bucket="motoc-docs")),
            "lifecycle": plain(s3.get_bucket_lifecycle_configuration(Bucket="motoc-docs")),
            "encryption": plain(s3.get_bucket_encryption(Bucket="motoc-docs")),
            "inventory": plain(s3.list_bucket_inventory_configurations(Bucket="motoc-docs")),
            "replication": plain(s3.get_bucket_replication(Bucket="motoc-docs")),
            "object lock": plain(s3.get_object_lock_configuration(Bucket="motoc-locked")),
            "retention": plain(s3.get_object_retention(Bucket="motoc-locked", Key="ledger")),
            "legal hold": plain(s3.get_object_legal_hold(Bucket="motoc-locked", Key="ledger")),
        }
        reads["cli"] = aws_cli(server, "s3api", "head-object", "--bucket", "motoc-docs",
                               "--key", "report.txt")
        return reads

    def test_uploads_bodies_and_locks_carry_on_after_a_restart(self):
        server = self.start()
        self.fill(server)
        s3 = client(server, "s3")
        upload = s3.list_multipart_uploads(Bucket="motoc-docs")["Uploads"][0]
        etags = {p["PartNumber"]: p["ETag"] for p in s3.list_parts(
            Bucket="motoc-docs", Key="video.mp4", UploadId=upload["UploadId"])["Parts"]}

        server = self.restart(server)
        s3 = client(server, "s3")
        # The upload started before the restart completes with the parts sent before it.
        parts = {"Parts": [{"PartNumber": n, "ETag": e} for n, e in sorted(etags.items())]}
        done = s3.complete_multipart_upload(Bucket="motoc-docs", Key="video.mp4",
                                            UploadId=upload["UploadId"], MultipartUpload=parts)
        # A completion retried after a further restart still gets the first answer.
        server = self.restart(server)
        s3 = client(server, "s3")
        again = s3.complete_multipart_upload(Bucket="motoc-docs", Key="video.mp4",
                                             UploadId=upload["UploadId"], MultipartUpload=parts)
        self.assertEqual((again["ETag"], again["VersionId"]), (done["ETag"], done["VersionId"]))
        video = s3.get_object(Bucket="motoc-docs", Key="video.mp4")
        self.assertEqual(video["Body"].read(), PART + b"last part")
        self.assertEqual(video["ContentType"], "video/mp4")
        self.assertTrue(video["ETag"].endswith('-2"'), video["ETag"])
        # The large body and its copy read back whole; a range reads within the file.
        for key in ("big/blob.bin", "big/copy.bin"):
            self.assertEqual(s3.get_object(Bucket="motoc-docs", Key=key)["Body"].read(), LARGE)
        ranged = s3.get_object(Bucket="motoc-docs", Key="big/blob.bin", Range="bytes=1048570-")
        self.assertEqual(ranged["Body"].read(), LARGE[1048570:])
        # Overwriting the original leaves the copy's body alone.
        s3.put_object(Bucket="motoc-docs", Key="big/blob.bin", Body=b"small now")
        self.assertEqual(s3.get_object(Bucket="motoc-docs", Key="big/copy.bin")["Body"].read(),
                         LARGE)
        # Object lock still refuses to delete the held version.
        version = s3.head_object(Bucket="motoc-locked", Key="ledger")["VersionId"]
        with self.assertRaises(s3.exceptions.ClientError) as refused:
            s3.delete_object(Bucket="motoc-locked", Key="ledger", VersionId=version)
        self.assertEqual(refused.exception.response["Error"]["Code"], "AccessDenied")
        # The versions list and the delete marker are as they were: reading the deleted key
        # finds the marker.
        with self.assertRaises(s3.exceptions.NoSuchKey):
            s3.get_object(Bucket="motoc-docs", Key="gone.txt")
        later = datetime.now(timezone.utc) + timedelta(days=1)
        self.assertEqual(s3.get_object(Bucket="motoc-docs", Key="report.txt",
                                       IfModifiedSince=later - timedelta(days=2))["Body"].read(),
                         b"final \xe2\x9c\x93")
        self.stop(server)


if __name__ == "__main__":
    run_tests()
