"""S3 multipart uploads with boto3 against motoc-server: ListParts paging and its argument
checks, retried completions, composite checksums, encryption echoed by every call of an upload,
and the errors S3 gives for bad part numbers and copy ranges."""
import base64
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

MIB5 = 5 * 1024 * 1024


class S3MultipartTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = boto3.client("s3", endpoint_url=cls.server.url, region_name="us-east-1",
                              config=Config(retries={"max_attempts": 1}))

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        return ctx.exception.response["Error"]

    def upload(self, bucket, key="obj", **kwargs):
        self.s3.create_bucket(Bucket=bucket)
        return self.s3.create_multipart_upload(Bucket=bucket, Key=key, **kwargs)["UploadId"]

    def test_list_parts_pages_with_markers(self):
        up = self.upload("mp-paging")
        args = {"Bucket": "mp-paging", "Key": "obj", "UploadId": up}
        empty = self.s3.list_parts(**args)
        self.assertEqual(empty["NextPartNumberMarker"], 0)
        self.assertFalse(empty["IsTruncated"])
        etags = {}
        for n in (1, 2, 3, 5, 8):
            etags[n] = self.s3.upload_part(Body=b"x" * n, PartNumber=n, **args)["ETag"]
        seen, marker, pages = [], 0, 0
        while True:
            page = self.s3.list_parts(MaxParts=2, PartNumberMarker=marker, **args)
            pages += 1
            self.assertEqual(page["PartNumberMarker"], marker)
            self.assertEqual(page["MaxParts"], 2)
            numbers = [p["PartNumber"] for p in page["Parts"]]
            seen += numbers
            self.assertEqual(page["NextPartNumberMarker"], numbers[-1])
            if not page["IsTruncated"]:
                break
            marker = page["NextPartNumberMarker"]
        self.assertEqual(seen, [1, 2, 3, 5, 8])
        self.assertEqual(pages, 3)
        whole = self.s3.list_parts(**args)
        self.assertEqual([p["ETag"] for p in whole["Parts"]], [etags[n] for n in (1, 2, 3, 5, 8)])
        self.assertEqual(whole["NextPartNumberMarker"], 8)

    def test_list_parts_refuses_bad_paging_arguments(self):
        up = self.upload("mp-paging-args")
        args = {"Bucket": "mp-paging-args", "Key": "obj", "UploadId": up}
        err = self.error(self.s3.list_parts, MaxParts=-3, **args)
        self.assertEqual((err["Code"], err["Message"]), (
            "InvalidArgument", "Argument max-parts must be an integer between 0 and 2147483647"))
        self.assertEqual(err["ArgumentName"], "max-parts")
        err = self.error(self.s3.list_parts, PartNumberMarker=-1, **args)
        self.assertEqual(err["Message"],
                         "Argument part-number-marker must be an integer between 0 and 2147483647")
        err = self.error(self.s3.list_parts, MaxParts=2 ** 31, **args)
        self.assertEqual((err["Code"], err["Message"]), (
            "InvalidArgument", "Provided max-parts not an integer or within integer range"))
        err = self.error(self.s3.list_parts, PartNumberMarker=2 ** 33, **args)
        self.assertEqual(err["Message"],
                         "Provided part-number-marker not an integer or within integer range")

    def test_completion_retried_gets_the_same_answer(self):
        up = self.upload("mp-retry")
        args = {"Bucket": "mp-retry", "Key": "obj", "UploadId": up}
        e1 = self.s3.upload_part(Body=b"a" * MIB5, PartNumber=1, **args)["ETag"]
        e2 = self.s3.upload_part(Body=b"b", PartNumber=2, **args)["ETag"]
        parts = {"Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]}
        first = self.s3.complete_multipart_upload(MultipartUpload=parts, **args)
        again = self.s3.complete_multipart_upload(MultipartUpload=parts, IfNoneMatch="*", **args)
        self.assertEqual(again["ETag"], first["ETag"])
        self.assertEqual(again["Key"], "obj")
        # The upload is gone for every other call, and for another key.
        self.assertEqual(self.error(self.s3.list_parts, **args)["Code"], "NoSuchUpload")
        err = self.error(self.s3.complete_multipart_upload, MultipartUpload=parts,
                         **{**args, "Key": "other"})
        self.assertEqual(err["Code"], "NoSuchUpload")
        # Once the object it made is replaced, the upload is simply unknown.
        self.s3.put_object(Bucket="mp-retry", Key="obj", Body=b"new")
        err = self.error(self.s3.complete_multipart_upload, MultipartUpload=parts, **args)
        self.assertEqual(err["Code"], "NoSuchUpload")

    def test_composite_checksum_names_its_part_count(self):
        up = self.upload("mp-composite", ChecksumAlgorithm="SHA256")
        args = {"Bucket": "mp-composite", "Key": "obj", "UploadId": up}
        bodies = [b"0" * MIB5, b"tail"]
        parts = []
        for n, body in enumerate(bodies, 1):
            r = self.s3.upload_part(Body=body, PartNumber=n, ChecksumAlgorithm="SHA256", **args)
            parts.append({"PartNumber": n, "ETag": r["ETag"], "ChecksumSHA256": r["ChecksumSHA256"]})
        done = self.s3.complete_multipart_upload(MultipartUpload={"Parts": parts}, **args)
        digest = hashlib.sha256(b"".join(hashlib.sha256(b).digest() for b in bodies)).digest()
        expected = base64.b64encode(digest).decode() + "-2"
        self.assertEqual(done["ChecksumSHA256"], expected)
        got = self.s3.get_object(Bucket="mp-composite", Key="obj", ChecksumMode="ENABLED")
        self.assertEqual(got["ChecksumSHA256"], expected)
        self.assertEqual(got["ChecksumType"], "COMPOSITE")

    def test_parts_keep_the_upload_checksum_algorithm(self):
        up = self.upload("mp-checksum-type", ChecksumAlgorithm="SHA1")
        args = {"Bucket": "mp-checksum-type", "Key": "obj", "UploadId": up, "PartNumber": 1}
        err = self.error(self.s3.upload_part, Body=b"x", ChecksumAlgorithm="CRC32", **args)
        self.assertEqual((err["Code"], err["Message"]), (
            "InvalidRequest", "Checksum Type mismatch occurred, expected checksum Type: sha1, "
            "actual checksum Type: crc32"))
        part = self.s3.upload_part(Body=b"x", ChecksumAlgorithm="SHA1", **args)
        self.assertEqual(part["ChecksumSHA1"],
                         base64.b64encode(hashlib.sha1(b"x").digest()).decode())
        # An upload created without an algorithm takes whatever the SDK sends.
        free = self.upload("mp-checksum-free")
        self.s3.upload_part(Bucket="mp-checksum-free", Key="obj", UploadId=free, PartNumber=1,
                            Body=b"x", ChecksumAlgorithm="CRC32")

    def test_kms_settings_echoed_by_every_call(self):
        kms = boto3.client("kms", endpoint_url=self.server.url, region_name="us-east-1")
        key = kms.create_key()["KeyMetadata"]
        up = self.upload("mp-kms", ServerSideEncryption="aws:kms", SSEKMSKeyId=key["KeyId"],
                         BucketKeyEnabled=True)
        args = {"Bucket": "mp-kms", "Key": "obj", "UploadId": up}
        part = self.s3.upload_part(Body=b"data", PartNumber=1, **args)
        done = self.s3.complete_multipart_upload(
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]}, **args)
        for answer in (part, done):
            self.assertEqual(answer["ServerSideEncryption"], "aws:kms")
            # S3 names a bare key id by the key's ARN.
            self.assertEqual(answer["SSEKMSKeyId"], key["Arn"])
            self.assertTrue(answer["BucketKeyEnabled"])
        plain = self.upload("mp-plain")
        answer = self.s3.upload_part(Bucket="mp-plain", Key="obj", UploadId=plain, PartNumber=1,
                                     Body=b"x")
        self.assertEqual(answer["ServerSideEncryption"], "AES256")
        self.assertNotIn("SSEKMSKeyId", answer)

    def test_versioned_bucket_completion_names_the_version(self):
        up = self.upload("mp-versioned")
        self.s3.put_bucket_versioning(Bucket="mp-versioned",
                                      VersioningConfiguration={"Status": "Enabled"})
        args = {"Bucket": "mp-versioned", "Key": "obj", "UploadId": up}
        etag = self.s3.upload_part(Body=b"one", PartNumber=1, **args)["ETag"]
        done = self.s3.complete_multipart_upload(
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]}, **args)
        head = self.s3.head_object(Bucket="mp-versioned", Key="obj")
        self.assertEqual(done["VersionId"], head["VersionId"])

    def test_too_small_part_and_bad_part_number(self):
        up = self.upload("mp-small")
        args = {"Bucket": "mp-small", "Key": "obj", "UploadId": up}
        e1 = self.s3.upload_part(Body=b"hello", PartNumber=1, **args)["ETag"]
        e2 = self.s3.upload_part(Body=b"world", PartNumber=2, **args)["ETag"]
        err = self.error(self.s3.complete_multipart_upload, MultipartUpload={"Parts": [
            {"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]}, **args)
        self.assertEqual((err["Code"], err["Message"]), (
            "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size."))
        err = self.error(self.s3.upload_part, Body=b"x", PartNumber=0, **args)
        self.assertEqual((err["Code"], err["ArgumentName"]), ("InvalidArgument", "partNumber"))

    def test_copy_range_must_name_bytes(self):
        up = self.upload("mp-copy")
        self.s3.put_object(Bucket="mp-copy", Key="src/with space", Body=b"0123456789")
        args = {"Bucket": "mp-copy", "Key": "obj", "UploadId": up,
                "CopySource": {"Bucket": "mp-copy", "Key": "src/with space"}}
        r = self.s3.upload_part_copy(PartNumber=1, CopySourceRange="bytes=2-5", **args)
        whole = self.s3.upload_part_copy(PartNumber=2, **args)
        self.assertEqual(r["CopyPartResult"]["ETag"], '"%s"' % hashlib.md5(b"2345").hexdigest())
        self.assertEqual(whole["CopyPartResult"]["ETag"],
                         '"%s"' % hashlib.md5(b"0123456789").hexdigest())
        err = self.error(self.s3.upload_part_copy, PartNumber=3, CopySourceRange="2-5", **args)
        self.assertEqual((err["Code"], err["ArgumentName"]),
                         ("InvalidArgument", "x-amz-copy-source-range"))


if __name__ == "__main__":
    run_tests()
