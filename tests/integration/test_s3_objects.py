"""S3 object behaviour with boto3 against motoc-server: part reads answered as ranges, archived
storage classes and RestoreObject, server-side encryption echoes, copies, attributes and
listings."""
import email.utils
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore import UNSIGNED  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402


class S3ObjectTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.client()

    @classmethod
    def client(cls, **config):
        return boto3.client("s3", endpoint_url=cls.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}, **config))

    def error(self, call, *args, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(*args, **kwargs)
        return ctx.exception.response

    def bucket(self, name):
        self.s3.create_bucket(Bucket=name)
        return name

    def kms_key(self):
        """A new KMS key's id and ARN."""
        kms = boto3.client("kms", endpoint_url=self.server.url, region_name="us-east-1")
        meta = kms.create_key()["KeyMetadata"]
        return meta["KeyId"], meta["Arn"]

    # ---- ranges ----

    def test_part_one_of_a_single_part_object_is_a_range(self):
        b = self.bucket("objects-part-one")
        self.s3.put_object(Bucket=b, Key="k", Body=b"0123456789abc")
        for call in (self.s3.get_object, self.s3.head_object):
            whole = call(Bucket=b, Key="k")
            self.assertEqual(whole["ResponseMetadata"]["HTTPStatusCode"], 200)
            self.assertNotIn("content-range", whole["ResponseMetadata"]["HTTPHeaders"])
            part = call(Bucket=b, Key="k", PartNumber=1)
            self.assertEqual(part["ResponseMetadata"]["HTTPStatusCode"], 206)
            self.assertEqual(part["ContentRange"], "bytes 0-12/13")
            self.assertEqual(part["ContentLength"], 13)
            self.assertNotIn("PartsCount", part)
        err = self.error(self.s3.head_object, Bucket=b, Key="k", PartNumber=2)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 416)
        ranged = self.s3.get_object(Bucket=b, Key="k", Range="bytes=2-4")
        self.assertEqual(ranged["ResponseMetadata"]["HTTPStatusCode"], 206)
        self.assertEqual(ranged["Body"].read(), b"234")

    # ---- archived storage classes ----

    def test_archived_objects_refuse_reads_until_restored(self):
        b = self.bucket("objects-archive")
        for storage_class in ("GLACIER", "DEEP_ARCHIVE"):
            self.s3.put_object(Bucket=b, Key=storage_class, Body=b"cold", StorageClass=storage_class)
            err = self.error(self.s3.get_object, Bucket=b, Key=storage_class)
            self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 403)
            self.assertEqual(err["Error"]["Code"], "InvalidObjectState")
            self.assertEqual(err["Error"]["Message"],
                             "The operation is not valid for the object's storage class")
            self.assertEqual(err["Error"]["StorageClass"], storage_class)
            err = self.error(self.s3.copy_object, Bucket=b, Key="copy",
                             CopySource={"Bucket": b, "Key": storage_class})
            self.assertEqual(err["Error"]["Code"], "InvalidObjectState")
            self.assertEqual(err["Error"]["Message"],
                             "Operation is not valid for the source object's storage class")
            head = self.s3.head_object(Bucket=b, Key=storage_class)
            self.assertEqual(head["StorageClass"], storage_class)
            self.assertNotIn("Restore", head)
            attributes = self.s3.get_object_attributes(Bucket=b, Key=storage_class,
                                                       ObjectAttributes=["StorageClass"])
            self.assertEqual(attributes["StorageClass"], storage_class)
        self.s3.put_object(Bucket=b, Key="instant", Body=b"ir", StorageClass="GLACIER_IR")
        self.assertEqual(self.s3.get_object(Bucket=b, Key="instant")["Body"].read(), b"ir")

    def test_restore_object(self):
        b = self.bucket("objects-restore")
        self.s3.put_object(Bucket=b, Key="cold", Body=b"cold", StorageClass="GLACIER")
        first = self.s3.restore_object(Bucket=b, Key="cold", RestoreRequest={"Days": 2})
        self.assertEqual(first["ResponseMetadata"]["HTTPStatusCode"], 202)
        head = self.s3.head_object(Bucket=b, Key="cold")
        self.assertTrue(head["Restore"].startswith('ongoing-request="false", expiry-date="'))
        expiry = email.utils.parsedate_to_datetime(head["Restore"].split('expiry-date="')[1][:-1])
        # Two days on, rounded up to the next midnight UTC.
        self.assertEqual((expiry.hour, expiry.minute, expiry.second), (0, 0, 0))
        self.assertGreater(expiry.timestamp(), time.time() + 2 * 86400 - 60)
        self.assertLessEqual(expiry.timestamp(), time.time() + 3 * 86400 + 60)
        self.assertEqual(self.s3.get_object(Bucket=b, Key="cold")["Body"].read(), b"cold")
        again = self.s3.restore_object(Bucket=b, Key="cold", RestoreRequest={"Days": 5})
        self.assertEqual(again["ResponseMetadata"]["HTTPStatusCode"], 200)
        # The copy is a new object: the default class, no restore status.
        self.s3.copy_object(Bucket=b, Key="warm", CopySource={"Bucket": b, "Key": "cold"})
        warm = self.s3.head_object(Bucket=b, Key="warm")
        self.assertNotIn("StorageClass", warm)
        self.assertNotIn("Restore", warm)

    def test_restore_object_errors(self):
        b = self.bucket("objects-restore-errors")
        err = self.error(self.s3.restore_object, Bucket=b, Key="missing",
                         RestoreRequest={"Days": 1})
        self.assertEqual(err["Error"]["Code"], "NoSuchKey")
        self.s3.put_object(Bucket=b, Key="standard", Body=b"x")
        err = self.error(self.s3.restore_object, Bucket=b, Key="standard",
                         RestoreRequest={"Days": 1})
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 403)
        self.assertEqual(err["Error"]["Code"], "InvalidObjectState")
        self.assertEqual(err["Error"]["StorageClass"], "STANDARD")

    # ---- reads without credentials ----

    def test_reads_without_credentials_need_a_public_object(self):
        b = self.bucket("objects-anonymous")
        anonymous = self.client(signature_version=UNSIGNED)
        self.s3.put_object(Bucket=b, Key="private", Body=b"secret")
        for call in (anonymous.get_object, anonymous.head_object):
            err = self.error(call, Bucket=b, Key="private")
            self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 403)
        err = self.error(anonymous.get_object, Bucket=b, Key="private")
        self.assertEqual(err["Error"]["Code"], "AccessDenied")
        self.s3.put_object(Bucket=b, Key="acl", Body=b"open", ACL="public-read")
        self.assertEqual(anonymous.get_object(Bucket=b, Key="acl")["Body"].read(), b"open")
        self.s3.put_bucket_policy(Bucket=b, Policy=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{b}/public/*"}]}))
        self.s3.put_object(Bucket=b, Key="public/page", Body=b"page")
        self.assertEqual(anonymous.get_object(Bucket=b, Key="public/page")["Body"].read(), b"page")
        self.assertEqual(self.error(anonymous.get_object, Bucket=b, Key="private")
                         ["Error"]["Code"], "AccessDenied")
        # The bucket policy is evaluated as IAM does: NotResource, conditions, explicit denies.
        self.s3.put_bucket_policy(Bucket=b, Policy=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:Get*",
                 "NotResource": f"arn:aws:s3:::{b}/private*"},
                {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": f"arn:aws:s3:::{b}/public/hidden"},
                {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": f"arn:aws:s3:::{b}/private", "Condition": {
                     "StringEquals": {"aws:Referer": "https://example.com/"}}}]}))
        self.assertEqual(anonymous.get_object(Bucket=b, Key="public/page")["Body"].read(), b"page")
        self.s3.put_object(Bucket=b, Key="public/hidden", Body=b"h")
        for key in ("public/hidden", "private"):
            self.assertEqual(self.error(anonymous.get_object, Bucket=b, Key=key)
                             ["Error"]["Code"], "AccessDenied")
        # What was written without credentials is read back without them.
        anonymous.put_object(Bucket=b, Key="unsigned", Body=b"mine")
        self.assertEqual(anonymous.get_object(Bucket=b, Key="unsigned")["Body"].read(), b"mine")

    # ---- server-side encryption ----

    def test_encryption_is_echoed_on_writes_and_reads(self):
        b = self.bucket("objects-sse")
        key_id, arn = self.kms_key()
        put = self.s3.put_object(Bucket=b, Key="kms", Body=b"x", ServerSideEncryption="aws:kms",
                                 SSEKMSKeyId=key_id, BucketKeyEnabled=True)
        for result in (put, self.s3.get_object(Bucket=b, Key="kms"),
                       self.s3.head_object(Bucket=b, Key="kms")):
            self.assertEqual(result["ServerSideEncryption"], "aws:kms")
            self.assertEqual(result["SSEKMSKeyId"], arn)
            self.assertTrue(result["BucketKeyEnabled"])
        plain = self.s3.put_object(Bucket=b, Key="plain", Body=b"x")
        self.assertEqual(plain["ServerSideEncryption"], "AES256")
        self.assertNotIn("SSEKMSKeyId", plain)
        self.assertNotIn("BucketKeyEnabled", plain)
        # SSE-S3 never reports a bucket key.
        aes = self.s3.put_object(Bucket=b, Key="aes", Body=b"x", ServerSideEncryption="AES256",
                                 BucketKeyEnabled=True)
        self.assertNotIn("BucketKeyEnabled", aes)
        err = self.error(self.s3.put_object, Bucket=b, Key="bad", Body=b"x",
                         ServerSideEncryption="AES256", SSEKMSKeyId=key_id)
        self.assertEqual(err["Error"]["Code"], "InvalidArgument")

    def test_bucket_default_encryption_applies_to_new_objects(self):
        b = self.bucket("objects-sse-default")
        key_id, arn = self.kms_key()
        self.s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration={"Rules": [{
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
                                                   "KMSMasterKeyID": key_id},
            "BucketKeyEnabled": True}]})
        put = self.s3.put_object(Bucket=b, Key="k", Body=b"x")
        self.assertEqual((put["ServerSideEncryption"], put["SSEKMSKeyId"]), ("aws:kms", arn))
        self.assertTrue(put["BucketKeyEnabled"])
        upload = self.s3.create_multipart_upload(Bucket=b, Key="mp")
        self.assertEqual(upload["SSEKMSKeyId"], arn)
        part = self.s3.upload_part(Bucket=b, Key="mp", UploadId=upload["UploadId"], PartNumber=1,
                                   Body=b"part")
        self.assertEqual(part["SSEKMSKeyId"], arn)
        done = self.s3.complete_multipart_upload(
            Bucket=b, Key="mp", UploadId=upload["UploadId"],
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
        self.assertEqual(done["ServerSideEncryption"], "aws:kms")
        self.assertEqual(done["SSEKMSKeyId"], arn)
        # An explicit request wins over the default.
        aes = self.s3.put_object(Bucket=b, Key="aes", Body=b"x", ServerSideEncryption="AES256")
        self.assertEqual(aes["ServerSideEncryption"], "AES256")
        self.assertNotIn("SSEKMSKeyId", aes)

    def test_sse_kms_keys_must_be_usable(self):
        b = self.bucket("objects-sse-kms-keys")
        kms = boto3.client("kms", endpoint_url=self.server.url, region_name="us-east-1")
        # Without a key named, the AWS managed key aws/s3 is used (and created).
        put = self.s3.put_object(Bucket=b, Key="managed", Body=b"x",
                                 ServerSideEncryption="aws:kms")
        managed = kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
        self.assertEqual(put["SSEKMSKeyId"], managed["Arn"])
        self.assertEqual(managed["KeyManager"], "AWS")
        # An alias names its key; S3 reports the key's ARN.
        key_id, arn = self.kms_key()
        kms.create_alias(AliasName="alias/objects", TargetKeyId=key_id)
        put = self.s3.put_object(Bucket=b, Key="aliased", Body=b"x",
                                 ServerSideEncryption="aws:kms", SSEKMSKeyId="alias/objects")
        self.assertEqual(put["SSEKMSKeyId"], arn)
        # A key that does not exist refuses the write.
        missing = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
        err = self.error(self.s3.put_object, Bucket=b, Key="nokey", Body=b"x",
                         ServerSideEncryption="aws:kms", SSEKMSKeyId=missing)
        self.assertEqual(err["Error"]["Code"], "KMS.NotFoundException")
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 400)
        # A disabled key refuses reads and writes until enabled again.
        kms.disable_key(KeyId=key_id)
        err = self.error(self.s3.get_object, Bucket=b, Key="aliased")
        self.assertEqual(err["Error"]["Code"], "KMS.DisabledException")
        self.assertEqual(self.s3.head_object(Bucket=b, Key="aliased")["SSEKMSKeyId"], arn)
        err = self.error(self.s3.put_object, Bucket=b, Key="k2", Body=b"x",
                         ServerSideEncryption="aws:kms", SSEKMSKeyId=key_id)
        self.assertEqual(err["Error"]["Code"], "KMS.DisabledException")
        kms.enable_key(KeyId=key_id)
        self.assertEqual(self.s3.get_object(Bucket=b, Key="aliased")["Body"].read(), b"x")

    # ---- copies ----

    def test_copy_takes_encryption_and_redirect_from_the_request(self):
        b = self.bucket("objects-copy-settings")
        self.s3.put_object(Bucket=b, Key="src", Body=b"x", ServerSideEncryption="aws:kms",
                           SSEKMSKeyId=self.kms_key()[0], WebsiteRedirectLocation="/elsewhere",
                           ContentType="text/plain", Metadata={"a": "1"},
                           StorageClass="STANDARD_IA")
        copy = self.s3.copy_object(Bucket=b, Key="plain", CopySource={"Bucket": b, "Key": "src"})
        self.assertEqual(copy["ServerSideEncryption"], "AES256")
        plain = self.s3.head_object(Bucket=b, Key="plain")
        self.assertEqual(plain["ContentType"], "text/plain")
        self.assertEqual(plain["Metadata"], {"a": "1"})
        self.assertNotIn("WebsiteRedirectLocation", plain)
        self.assertNotIn("SSEKMSKeyId", plain)
        self.assertNotIn("StorageClass", plain)
        copy = self.s3.copy_object(Bucket=b, Key="redirected",
                                   CopySource={"Bucket": b, "Key": "src"},
                                   WebsiteRedirectLocation="/new", ServerSideEncryption="aws:kms",
                                   BucketKeyEnabled=True)
        self.assertEqual(copy["ServerSideEncryption"], "aws:kms")
        self.assertTrue(copy["BucketKeyEnabled"])
        redirected = self.s3.get_object(Bucket=b, Key="redirected")
        self.assertEqual(redirected["WebsiteRedirectLocation"], "/new")
        self.assertTrue(redirected["BucketKeyEnabled"])
    def test_copy_onto_itself_needs_a_change_unless_the_bucket_sets_its_encryption(self):
        b = self.bucket("objects-copy-in-place")
        self.s3.put_object(Bucket=b, Key="k", Body=b"same")
        err = self.error(self.s3.copy_object, Bucket=b, Key="k",
                         CopySource={"Bucket": b, "Key": "k"})
        self.assertEqual(err["Error"]["Code"], "InvalidRequest")
        self.s3.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
        copy = self.s3.copy_object(Bucket=b, Key="k", CopySource={"Bucket": b, "Key": "k"})
        self.assertEqual(copy["ServerSideEncryption"], "AES256")
        self.assertEqual(self.s3.get_object(Bucket=b, Key="k")["Body"].read(), b"same")
        self.s3.delete_bucket_encryption(Bucket=b)
        err = self.error(self.s3.copy_object, Bucket=b, Key="k",
                         CopySource={"Bucket": b, "Key": "k"})
        self.assertEqual(err["Error"]["Code"], "InvalidRequest")


    def test_copy_keeps_the_source_checksum(self):
        b = self.bucket("objects-copy-checksum")
        put = self.s3.put_object(Bucket=b, Key="src", Body=b"checksummed",
                                 ChecksumAlgorithm="SHA256")
        copy = self.s3.copy_object(Bucket=b, Key="dst", CopySource={"Bucket": b, "Key": "src"})
        self.assertEqual(copy["CopyObjectResult"]["ChecksumSHA256"], put["ChecksumSHA256"])
        attributes = self.s3.get_object_attributes(Bucket=b, Key="dst",
                                                   ObjectAttributes=["Checksum"])
        self.assertEqual(attributes["Checksum"]["ChecksumSHA256"], put["ChecksumSHA256"])

    def test_copy_does_not_carry_a_legal_hold(self):
        b = "objects-copy-hold"
        self.s3.create_bucket(Bucket=b, ObjectLockEnabledForBucket=True)
        self.s3.put_object(Bucket=b, Key="held", Body=b"x", ObjectLockLegalHoldStatus="ON")
        self.assertEqual(self.s3.head_object(Bucket=b, Key="held")["ObjectLockLegalHoldStatus"],
                         "ON")
        self.s3.copy_object(Bucket=b, Key="free", CopySource={"Bucket": b, "Key": "held"})
        self.assertNotIn("ObjectLockLegalHoldStatus", self.s3.head_object(Bucket=b, Key="free"))
        self.s3.put_object_legal_hold(Bucket=b, Key="free", LegalHold={"Status": "OFF"})
        self.assertEqual(self.s3.head_object(Bucket=b, Key="free")["ObjectLockLegalHoldStatus"],
                         "OFF")

    def test_attributes_give_a_composite_checksum_without_its_part_count(self):
        b = self.bucket("objects-attributes")
        upload = self.s3.create_multipart_upload(Bucket=b, Key="mp", ChecksumAlgorithm="SHA256")
        part = self.s3.upload_part(Bucket=b, Key="mp", UploadId=upload["UploadId"],
                                   PartNumber=1, Body=b"only part", ChecksumAlgorithm="SHA256")
        self.s3.complete_multipart_upload(
            Bucket=b, Key="mp", UploadId=upload["UploadId"],
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"],
                                        "ChecksumSHA256": part["ChecksumSHA256"]}]})
        head = self.s3.head_object(Bucket=b, Key="mp", ChecksumMode="ENABLED")
        self.assertTrue(head["ChecksumSHA256"].endswith("-1"), head["ChecksumSHA256"])
        attributes = self.s3.get_object_attributes(Bucket=b, Key="mp",
                                                   ObjectAttributes=["Checksum", "ObjectParts"])
        self.assertEqual(attributes["Checksum"]["ChecksumSHA256"], head["ChecksumSHA256"][:-2])
        self.assertEqual(attributes["ObjectParts"]["TotalPartsCount"], 1)

    # ---- versions and listings ----

    def test_delete_marker_by_version_allows_only_delete(self):
        b = self.bucket("objects-marker")
        self.s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
        self.s3.put_object(Bucket=b, Key="k", Body=b"x")
        marker = self.s3.delete_object(Bucket=b, Key="k")["VersionId"]
        err = self.error(self.s3.head_object, Bucket=b, Key="k", VersionId=marker)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 405)
        headers = err["ResponseMetadata"]["HTTPHeaders"]
        self.assertEqual(headers["allow"], "DELETE")
        self.assertEqual(headers["x-amz-delete-marker"], "true")

    def test_start_after_is_echoed_only_without_a_continuation_token(self):
        b = self.bucket("objects-start-after")
        for key in ("a", "b", "c", "d"):
            self.s3.put_object(Bucket=b, Key=key, Body=b"x")
        first = self.s3.list_objects_v2(Bucket=b, StartAfter="a", MaxKeys=1)
        self.assertEqual(first["StartAfter"], "a")
        self.assertEqual([o["Key"] for o in first["Contents"]], ["b"])
        second = self.s3.list_objects_v2(Bucket=b, StartAfter="a", MaxKeys=1,
                                         ContinuationToken=first["NextContinuationToken"])
        self.assertNotIn("StartAfter", second)
        self.assertEqual([o["Key"] for o in second["Contents"]], ["c"])


if __name__ == "__main__":
    run_tests()
