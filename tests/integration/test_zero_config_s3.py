"""S3 with no endpoint settings anywhere: the whole module runs under motoc-run
(zero_config_fixture.py). boto3 in the test process; the AWS CLI, curl (presigned URLs and forms,
a CORS preflight) and Node's @aws-sdk/client-s3 as child processes, all over HTTPS to the real S3
host names; plus one boto3 process under a bare LD_PRELOAD with its own embedded core."""
import base64
import datetime
import hashlib
import json
import os
import re
import struct
import sys
import unittest
import urllib.request
import zlib
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

sys.path.insert(0, os.path.dirname(__file__))
from zero_config_fixture import (ZeroConfigCase, asan_blocks, main, preload_env,  # noqa: E402
                                 requires_node, sha256)

import boto3  # noqa: E402
from boto3.s3.transfer import TransferConfig  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

MiB = 1024 * 1024


# Key characters that SDKs escape differently in paths and XML.
ODD_KEYS = ["a b+c", "per%cent&amp=1", "tilde~star*(x)", "ünï/cödé", "q?x=1#f", "<xml>&'\"",
            "emoji-😀", "trailing/"]


def crc32_b64(data):
    return base64.b64encode(struct.pack(">I", zlib.crc32(data))).decode()


def multipart_etag(parts):
    """S3's ETag of a completed multipart upload: the MD5 of the parts' MD5s, '-', their count."""
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    return f'"{digest}-{len(parts)}"'


def composite_crc32(parts):
    """S3's COMPOSITE CRC32 of a multipart object: the CRC32 of the parts' CRC32s, '-', count."""
    joined = b"".join(struct.pack(">I", zlib.crc32(p)) for p in parts)
    return f"{crc32_b64(joined)}-{len(parts)}"


class S3ZeroConfigCase(ZeroConfigCase):
    def setUp(self):
        super().setUp()
        self.s3 = boto3.client("s3")
        self.sent = []  # (operation, method, url, headers) of every request self.s3 sends

        def remember(request, event_name, **_):
            self.sent.append((event_name.split(".")[-1], request.method, request.url,
                              {k.lower(): v.decode() if isinstance(v, bytes) else v
                               for k, v in request.headers.items()}))
        self.s3.meta.events.register("before-send.s3.*", remember)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        r = ctx.exception.response
        return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]

    def keys(self, bucket):
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return [o["Key"] for p in pages for o in p.get("Contents", [])]


class ClientsInOneTree(S3ZeroConfigCase):
    def test_boto3_talks_https_to_the_real_host_names(self):
        self.assertEqual(self.s3.meta.endpoint_url, "https://s3.amazonaws.com")
        self.s3.create_bucket(Bucket="zc-hosts")
        self.s3.put_object(Bucket="zc-hosts", Key="k", Body=b"v")
        self.assertEqual(self.s3.get_object(Bucket="zc-hosts", Key="k")["Body"].read(), b"v")
        self.assertEqual([s[2] for s in self.sent], ["https://zc-hosts.s3.amazonaws.com/"] +
                         ["https://zc-hosts.s3.amazonaws.com/k"] * 2)
        self.assertEqual(self.request_log()[-1],
                         "GET zc-hosts.s3.amazonaws.com s3 GetObject us-east-1 200")

    def test_reset_from_another_process(self):
        self.s3.create_bucket(Bucket="zc-before-reset")
        self.assertEqual([b["Name"] for b in self.s3.list_buckets()["Buckets"]],
                         ["zc-before-reset"])
        with urllib.request.urlopen("https://motoapi.amazonaws.com/moto-api/data.json",
                                    timeout=20) as response:
            state = json.load(response)
        self.assertEqual([(b["name"], b["region"]) for b in state["s3"]["buckets"]],
                         [("zc-before-reset", "us-east-1")])
        proc = self.run_child([sys.executable, "-c", (
            "import urllib.request as u; print(u.urlopen(u.Request("
            "'https://motoapi.amazonaws.com/moto-api/reset', method='POST')).read().decode())")])
        self.assertEqual(json.loads(proc.stdout), {"status": "ok"}, proc.stderr)
        self.assertEqual(self.s3.list_buckets()["Buckets"], [])

    def test_aws_cli_high_level_commands(self):
        small = {"a.txt": "alpha", "sub/b.txt": "bravo", "sub/deeper/c.txt": "charlie"}
        for name, text in small.items():
            self.write_file(os.path.join("tree", name), text)
        # Above the CLI's 8 MiB multipart threshold: two parts of 8 MiB chunks.
        big = os.urandom(9 * MiB + 7)
        big_path = self.write_file("big.bin", big)
        tree = os.path.join(self.tmp, "tree")

        self.assertIn("make_bucket: zc-cli", self.aws("s3", "mb", "s3://zc-cli"))
        self.assertIn("upload:", self.aws("s3", "cp", big_path, "s3://zc-cli/big.bin"))
        self.aws("s3", "sync", tree, "s3://zc-cli/synced")

        # Another process (this one) sees what the CLI wrote.
        head = self.s3.head_object(Bucket="zc-cli", Key="big.bin")
        self.assertEqual(head["ContentLength"], len(big))
        self.assertEqual(head["ETag"], multipart_etag([big[:8 * MiB], big[8 * MiB:]]))
        self.assertEqual(sha256(self.s3.get_object(Bucket="zc-cli", Key="big.bin")["Body"].read()),
                         sha256(big))
        self.assertEqual(self.keys("zc-cli"), ["big.bin"] + [f"synced/{k}" for k in sorted(small)])
        self.assertEqual(self.s3.get_object(Bucket="zc-cli", Key="synced/sub/b.txt")["Body"].read(),
                         b"bravo")

        listing = self.aws("s3", "ls", "--recursive", "s3://zc-cli")
        rows = [line.split()[2:] for line in listing.splitlines()]
        self.assertEqual(rows, [[str(len(big)), "big.bin"]] +
                         [[str(len(small[k])), f"synced/{k}"] for k in sorted(small)])
        self.assertIn("zc-cli", self.aws("s3", "ls").split())

        # Download with the CLI (ranged GETs in parallel) and compare.
        back = os.path.join(self.tmp, "back.bin")
        self.aws("s3", "cp", "s3://zc-cli/big.bin", back)
        with open(back, "rb") as f:
            self.assertEqual(sha256(f.read()), sha256(big))

        removed = self.aws("s3", "rm", "--recursive", "s3://zc-cli")
        self.assertEqual(len(re.findall(r"^delete: s3://zc-cli/", removed, re.M)), 4, removed)
        self.assertEqual(self.s3.list_objects_v2(Bucket="zc-cli")["KeyCount"], 0)
        self.aws("s3", "rb", "s3://zc-cli")
        self.assertEqual(self.error(self.s3.head_bucket, Bucket="zc-cli"), ("404", 404))

        # Errors, as the CLI words them.
        self.assertEqual(self.aws_error("s3", "ls", "s3://zc-no-such-bucket"),
                         ("NoSuchBucket", "ListObjectsV2", "The specified bucket does not exist"))
        self.s3.create_bucket(Bucket="zc-cli")
        stderr = self.aws("s3", "cp", "s3://zc-cli/missing", self.tmp, expect_status=1)
        self.assertRegex(stderr, r"fatal error: An error occurred \(404\) when calling the "
                                 r'HeadObject operation.*: Key "missing" does not exist')

    def test_aws_cli_s3api_versioning_tagging_multipart(self):
        self.s3.create_bucket(Bucket="zc-s3api")  # made here, used by the CLI
        self.aws("s3api", "put-bucket-versioning", "--bucket", "zc-s3api",
                 "--versioning-configuration", "Status=Enabled")
        self.assertEqual(self.s3.get_bucket_versioning(Bucket="zc-s3api")["Status"], "Enabled")
        versions = []
        for text in ("first", "second"):
            out = self.aws("s3api", "put-object", "--bucket", "zc-s3api", "--key", "doc",
                           "--body", self.write_file(text, text))
            versions.append(out["VersionId"])
        self.assertNotEqual(versions[0], versions[1])
        listing = self.aws("s3api", "list-object-versions", "--bucket", "zc-s3api")
        self.assertEqual([(v["VersionId"], v["IsLatest"]) for v in listing["Versions"]],
                         [(versions[1], True), (versions[0], False)])
        old = os.path.join(self.tmp, "old")
        out = self.aws("s3api", "get-object", "--bucket", "zc-s3api", "--key", "doc",
                       "--version-id", versions[0], old)
        self.assertEqual(out["VersionId"], versions[0])
        with open(old) as f:
            self.assertEqual(f.read(), "first")
        self.assertEqual(self.s3.get_object(Bucket="zc-s3api", Key="doc")["Body"].read(), b"second")

        self.aws("s3api", "put-object-tagging", "--bucket", "zc-s3api", "--key", "doc",
                 "--tagging", "TagSet=[{Key=env,Value=test},{Key=team,Value=motoc}]")
        self.assertEqual(self.s3.get_object_tagging(Bucket="zc-s3api", Key="doc")["TagSet"],
                         [{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "motoc"}])

        parts = [os.urandom(5 * MiB), b"tail of the upload"]
        upload = self.aws("s3api", "create-multipart-upload", "--bucket", "zc-s3api",
                          "--key", "mpu")["UploadId"]
        etags = [self.aws("s3api", "upload-part", "--bucket", "zc-s3api", "--key", "mpu",
                          "--upload-id", upload, "--part-number", str(n),
                          "--body", self.write_file(f"part{n}", data))["ETag"]
                 for n, data in enumerate(parts, 1)]
        self.assertEqual(etags, [f'"{hashlib.md5(p).hexdigest()}"' for p in parts])
        self.assertEqual([p["PartNumber"] for p in self.s3.list_parts(
            Bucket="zc-s3api", Key="mpu", UploadId=upload)["Parts"]], [1, 2])
        manifest = self.write_file("parts.json", json.dumps(
            {"Parts": [{"PartNumber": n, "ETag": e} for n, e in enumerate(etags, 1)]}))
        done = self.aws("s3api", "complete-multipart-upload", "--bucket", "zc-s3api",
                        "--key", "mpu", "--upload-id", upload,
                        "--multipart-upload", f"file://{manifest}")
        self.assertEqual(done["ETag"], multipart_etag(parts))
        got = self.s3.get_object(Bucket="zc-s3api", Key="mpu")
        self.assertEqual(got["ETag"], multipart_etag(parts))
        self.assertEqual(got["Body"].read(), b"".join(parts))

        self.assertEqual(self.aws_error("s3api", "get-object", "--bucket", "zc-s3api", "--key",
                                        "missing", os.path.join(self.tmp, "x")),
                         ("NoSuchKey", "GetObject", "The specified key does not exist."))
        # A retried completion gets the first answer; the upload itself is gone.
        again = self.aws("s3api", "complete-multipart-upload", "--bucket", "zc-s3api",
                         "--key", "mpu", "--upload-id", upload,
                         "--multipart-upload", f"file://{manifest}")
        self.assertEqual(again["ETag"], done["ETag"])
        self.assertEqual(self.aws_error("s3api", "abort-multipart-upload", "--bucket",
                                        "zc-s3api", "--key", "mpu", "--upload-id", upload)[:2],
                         ("NoSuchUpload", "AbortMultipartUpload"))

    @requires_node("@aws-sdk/client-s3")
    def test_node_sdk(self):
        self.s3.create_bucket(Bucket="zc-node")
        self.s3.put_object(Bucket="zc-node", Key="from-python.txt", Body=b"hello from python")
        for key in ODD_KEYS:
            self.s3.put_object(Bucket="zc-node", Key=key, Body=f"python: {key}".encode())
        streamed = os.urandom(300_000)  # several of the SDK's 64 KiB stream chunks
        out = self.node("s3.mjs", "zc-node", "zc-node-made",
                        self.write_file("streamed.bin", streamed), json.dumps(ODD_KEYS))

        self.assertEqual(out["fromPython"], "hello from python")
        self.assertEqual(out["keys"], sorted(["from-python.txt", "greeting.txt"] + ODD_KEYS,
                                             key=str.encode))
        self.assertEqual(out["oddKeys"], {key: f"python: {key}" for key in ODD_KEYS})
        for key in ODD_KEYS:
            self.assertEqual(self.s3.get_object(Bucket="zc-node", Key=f"node/{key}")["Body"].read(),
                             f"node: {key}".encode())
        got = self.s3.get_object(Bucket="zc-node", Key="greeting.txt", ChecksumMode="ENABLED")
        self.assertEqual(got["Body"].read(), b"hello from node")
        self.assertEqual(got["ContentType"], "text/plain")
        self.assertEqual(out["put"], {"etag": got["ETag"], "crc32": crc32_b64(b"hello from node")})
        self.assertEqual(got["ChecksumCRC32"], crc32_b64(b"hello from node"))

        first = bytes(i % 251 for i in range(5 * MiB))
        parts = [first, b"the last part"]
        self.assertEqual(out["multipart"], {
            "etag": multipart_etag(parts),
            "partEtags": [f'"{hashlib.md5(p).hexdigest()}"' for p in parts],
            "length": len(first) + len(parts[1]), "sha256": sha256(b"".join(parts))})
        self.assertEqual(self.s3.head_object(Bucket="zc-node", Key="multipart.bin")["ETag"],
                         multipart_etag(parts))
        self.s3.head_bucket(Bucket="zc-node-made")

        # Node's own aws-chunked encoder with each trailer checksum: motoc checks the trailer
        # against the body (a mismatch is BadDigest) and the SDK the stored value on the way back.
        self.assertEqual({a: s["sha256"] for a, s in out["streams"].items()},
                         dict.fromkeys(("CRC32", "CRC32C", "CRC64NVME", "SHA256"),
                                       sha256(streamed)))
        for algorithm, stream in out["streams"].items():
            self.assertEqual((stream["get"], stream["type"]), (stream["put"], "FULL_OBJECT"))
        self.assertEqual(out["streams"]["CRC32"]["put"], crc32_b64(streamed))
        self.assertEqual(out["streams"]["SHA256"]["put"],
                         base64.b64encode(hashlib.sha256(streamed).digest()).decode())
        head = self.s3.head_object(Bucket="zc-node", Key="stream-CRC64NVME", ChecksumMode="ENABLED")
        self.assertEqual(head["ChecksumCRC64NVME"], out["streams"]["CRC64NVME"]["put"])

        self.assertEqual(out["errors"], {
            "getMissingKey": {"name": "NoSuchKey", "status": 404},
            "headMissingKey": {"name": "NotFound", "status": 404},
            "missingBucket": {"name": "NoSuchBucket", "status": 404}})
        # The SDK reached motoc with its own style of host name.
        self.assertIn("POST zc-node.s3.us-east-1.amazonaws.com s3 CompleteMultipartUpload "
                      "us-east-1 200", self.request_log())


class EndpointVariants(S3ZeroConfigCase):
    """The host names SDK settings lead to, each answered for the same bucket."""

    def test_addressing_styles_and_endpoint_options(self):
        self.s3.create_bucket(Bucket="zc-variants")
        self.s3.put_bucket_accelerate_configuration(
            Bucket="zc-variants", AccelerateConfiguration={"Status": "Enabled"})
        variants = {
            "path": ({"s3": {"addressing_style": "path"}}, "s3.amazonaws.com"),
            "dualstack": ({"use_dualstack_endpoint": True},
                          "zc-variants.s3.dualstack.us-east-1.amazonaws.com"),
            "fips": ({"use_fips_endpoint": True}, "zc-variants.s3-fips.us-east-1.amazonaws.com"),
            "accelerate": ({"s3": {"use_accelerate_endpoint": True}},
                           "zc-variants.s3-accelerate.amazonaws.com"),
            "accelerate-dualstack": ({"s3": {"use_accelerate_endpoint": True},
                                      "use_dualstack_endpoint": True},
                                     "zc-variants.s3-accelerate.dualstack.amazonaws.com"),
        }
        for name, (options, host) in variants.items():
            client = boto3.client("s3", config=Config(**options))
            client.put_object(Bucket="zc-variants", Key=name, Body=name.encode())
            self.assertEqual(client.get_object(Bucket="zc-variants", Key=name)["Body"].read(),
                             name.encode(), name)
            self.assertIn(f"GET {host} s3 GetObject us-east-1 200", self.request_log(), name)
        self.assertEqual(self.keys("zc-variants"), sorted(variants))

    def test_dotted_bucket_and_another_region(self):
        # botocore addresses a dotted bucket by path over HTTPS; the CLI and Node read it too.
        self.s3.create_bucket(Bucket="zc.dotted.bucket")
        self.s3.put_object(Bucket="zc.dotted.bucket", Key="k", Body=b"dots")
        self.assertEqual(self.aws("s3", "ls", "s3://zc.dotted.bucket").split()[-1], "k")
        frankfurt = boto3.client("s3", region_name="eu-central-1")
        frankfurt.create_bucket(Bucket="zc-frankfurt", CreateBucketConfiguration={
            "LocationConstraint": "eu-central-1"})
        frankfurt.put_object(Bucket="zc-frankfurt", Key="k", Body=b"guten tag")
        self.assertIn("PUT zc-frankfurt.s3.eu-central-1.amazonaws.com s3 PutObject eu-central-1 "
                      "200", self.request_log())
        self.assertEqual(self.s3.get_bucket_location(Bucket="zc-frankfurt")["LocationConstraint"],
                         "eu-central-1")
        self.assertEqual(self.s3.head_bucket(Bucket="zc-frankfurt")["ResponseMetadata"]
                         ["HTTPHeaders"]["x-amz-bucket-region"], "eu-central-1")
        self.assertEqual(self.error(frankfurt.create_bucket, Bucket="zc-frankfurt-2"),
                         ("IllegalLocationConstraintException", 400))


class Boto3Transfers(S3ZeroConfigCase):
    def test_upload_and_download_file_in_parts(self):
        self.s3.create_bucket(Bucket="zc-transfer")
        data = os.urandom(11 * MiB + 123)
        src = self.write_file("src.bin", data)
        config = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB)
        self.s3.upload_file(src, "zc-transfer", "file.bin", Config=config)
        operations = sorted(s[0] for s in self.sent)
        self.assertEqual(operations, ["CompleteMultipartUpload", "CreateBucket",
                                      "CreateMultipartUpload"] + ["UploadPart"] * 3)
        parts = [data[:5 * MiB], data[5 * MiB:10 * MiB], data[10 * MiB:]]
        head = self.s3.head_object(Bucket="zc-transfer", Key="file.bin", ChecksumMode="ENABLED")
        self.assertEqual(head["ETag"], multipart_etag(parts))
        self.assertEqual((head["ChecksumCRC32"], head["ChecksumType"]),
                         (composite_crc32(parts), "COMPOSITE"))

        self.sent.clear()
        dst = os.path.join(self.tmp, "dst.bin")
        self.s3.download_file("zc-transfer", "file.bin", dst, Config=config)
        with open(dst, "rb") as f:
            self.assertEqual(sha256(f.read()), sha256(data))
        self.assertEqual(sorted(s[0] for s in self.sent), ["GetObject"] * 3 + ["HeadObject"])
        self.assertTrue(all("range" in s[3] for s in self.sent if s[0] == "GetObject"))

    def test_paginators_over_many_keys(self):
        self.s3.create_bucket(Bucket="zc-many")
        keys = [f"logs/{d:02d}/entry-{i:04d}" for d in range(3) for i in range(350)]
        keys += ["readme", "zz/last"]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda k: self.s3.put_object(Bucket="zc-many", Key=k, Body=k.encode()),
                          keys))
        # No page size: S3's own 1000-key pages.
        pages = list(self.s3.get_paginator("list_objects_v2").paginate(Bucket="zc-many"))
        self.assertEqual([p["KeyCount"] for p in pages], [1000, 52])
        self.assertEqual([o["Key"] for p in pages for o in p["Contents"]], sorted(keys))
        self.assertEqual(pages[0]["Contents"][0]["Size"], len(keys[0]))
        # Folders across pages.
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket="zc-many", Delimiter="/", PaginationConfig={"PageSize": 2})
        self.assertEqual([[c["Prefix"] for c in p.get("CommonPrefixes", [])] +
                          [o["Key"] for o in p.get("Contents", [])] for p in pages],
                         [["logs/", "readme"], ["zz/"]])
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket="zc-many", Prefix="logs/", Delimiter="/", PaginationConfig={"PageSize": 2})
        self.assertEqual([c["Prefix"] for p in pages for c in p["CommonPrefixes"]],
                         ["logs/00/", "logs/01/", "logs/02/"])
        # ListObjects (v1) pages on markers.
        pages = list(self.s3.get_paginator("list_objects").paginate(
            Bucket="zc-many", Prefix="logs/01/", PaginationConfig={"PageSize": 100}))
        self.assertEqual([len(p["Contents"]) for p in pages], [100, 100, 100, 50])
        self.assertEqual([o["Key"] for p in pages for o in p["Contents"]],
                         [k for k in keys if k.startswith("logs/01/")])
        # The usual clean-up: delete in batches of 1000.
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket="zc-many"):
            out = self.s3.delete_objects(Bucket="zc-many", Delete={
                "Objects": [{"Key": o["Key"]} for o in page["Contents"]], "Quiet": True})
            self.assertNotIn("Errors", out)
        self.assertEqual(self.s3.list_objects_v2(Bucket="zc-many")["KeyCount"], 0)

    def test_conditional_and_ranged_gets(self):
        self.s3.create_bucket(Bucket="zc-cond")
        etag = self.s3.put_object(Bucket="zc-cond", Key="k", Body=b"0123456789")["ETag"]
        got = self.s3.get_object(Bucket="zc-cond", Key="k", IfMatch=etag, Range="bytes=2-4")
        self.assertEqual((got["ResponseMetadata"]["HTTPStatusCode"], got["ContentRange"],
                          got["Body"].read()), (206, "bytes 2-4/10", b"234"))
        self.assertEqual(self.error(self.s3.get_object, Bucket="zc-cond", Key="k",
                                    IfNoneMatch=etag), ("304", 304))
        self.assertEqual(self.error(self.s3.get_object, Bucket="zc-cond", Key="k",
                                    IfMatch='"0000"'), ("PreconditionFailed", 412))
        past = datetime.datetime(2001, 1, 1, tzinfo=datetime.timezone.utc)
        self.assertEqual(self.s3.get_object(Bucket="zc-cond", Key="k", IfModifiedSince=past)
                         ["Body"].read(), b"0123456789")
        self.assertEqual(self.error(self.s3.get_object, Bucket="zc-cond", Key="k",
                                    IfUnmodifiedSince=past), ("PreconditionFailed", 412))
        self.assertEqual(self.error(self.s3.get_object, Bucket="zc-cond", Key="k",
                                    Range="bytes=20-"), ("InvalidRange", 416))
        self.assertEqual(self.error(self.s3.put_object, Bucket="zc-cond", Key="k", Body=b"x",
                                    IfNoneMatch="*"), ("PreconditionFailed", 412))


class DefaultChecksums(S3ZeroConfigCase):
    """Recent botocore checksums every upload by default and, over HTTPS, sends the checksum as
    a trailer of an aws-chunked body."""

    def assert_trailer_upload(self, operation, algorithm, decoded_length):
        sends = [s for s in self.sent if s[0] == operation]
        self.assertTrue(sends)
        headers = sends[-1][3]
        self.assertEqual(headers["content-encoding"], "aws-chunked")
        self.assertEqual(headers["x-amz-trailer"], f"x-amz-checksum-{algorithm}")
        self.assertEqual(headers["x-amz-content-sha256"], "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        self.assertEqual(headers["x-amz-decoded-content-length"], str(decoded_length))

    def test_crc32_trailer_by_default(self):
        self.s3.create_bucket(Bucket="zc-checksum")
        small = b"hello world"
        put = self.s3.put_object(Bucket="zc-checksum", Key="small", Body=small)
        self.assert_trailer_upload("PutObject", "crc32", len(small))
        self.assertEqual(put["ChecksumCRC32"], crc32_b64(small))
        # A file body, streamed in several aws-chunked chunks.
        data = os.urandom(2 * MiB + MiB // 2 + 3)
        with open(self.write_file("stream.bin", data), "rb") as f:
            put = self.s3.put_object(Bucket="zc-checksum", Key="stream", Body=f)
        self.assert_trailer_upload("PutObject", "crc32", len(data))
        self.assertEqual(put["ChecksumCRC32"], crc32_b64(data))
        # botocore checks the checksum of what it reads back, too.
        got = self.s3.get_object(Bucket="zc-checksum", Key="stream", ChecksumMode="ENABLED")
        self.assertEqual((got["ChecksumCRC32"], got["ChecksumType"]),
                         (crc32_b64(data), "FULL_OBJECT"))
        self.assertEqual(sha256(got["Body"].read()), sha256(data))

    def test_other_algorithm_and_a_wrong_checksum(self):
        self.s3.create_bucket(Bucket="zc-checksum")
        data = os.urandom(70000)
        put = self.s3.put_object(Bucket="zc-checksum", Key="sha", Body=data,
                                 ChecksumAlgorithm="SHA256")
        self.assert_trailer_upload("PutObject", "sha256", len(data))
        expected = base64.b64encode(hashlib.sha256(data).digest()).decode()
        self.assertEqual(put["ChecksumSHA256"], expected)
        self.assertEqual(self.s3.head_object(Bucket="zc-checksum", Key="sha",
                                             ChecksumMode="ENABLED")["ChecksumSHA256"], expected)
        self.assertEqual(self.error(self.s3.put_object, Bucket="zc-checksum", Key="bad",
                                    Body=data, ChecksumCRC32=crc32_b64(b"other")),
                         ("BadDigest", 400))
        self.assertEqual(self.error(self.s3.head_object, Bucket="zc-checksum", Key="bad"),
                         ("404", 404))


class PresignedUrlsWithCurl(S3ZeroConfigCase):
    """URLs and form policies signed in this process, and a browser's CORS preflight, sent over
    HTTPS by curl in another: curl trusts motoc's certificate through motoc-run's bundle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if asan_blocks("curl"):  # asked here, inside the tree, rather than at import
            raise unittest.SkipTest("ASan's runtime cannot be preloaded into curl (it hangs "
                                    "before main)")

    def setUp(self):
        super().setUp()
        self.s3.create_bucket(Bucket="zc-presign")
        self.v4 = boto3.client("s3", config=Config(signature_version="s3v4"))

    def test_put_get_head(self):
        for signer, key in ((self.s3, "default"), (self.v4, "sigv4")):
            url = signer.generate_presigned_url("put_object", ExpiresIn=300,
                                                Params={"Bucket": "zc-presign", "Key": key})
            self.assertTrue(url.startswith("https://zc-presign.s3.amazonaws.com/"), url)
            body = f"uploaded with curl, {key} signature".encode()
            status, _ = self.curl(url, "-X", "PUT", "--data-binary",
                                  "@" + self.write_file(key, body))
            self.assertEqual(status, 200, key)
            self.assertEqual(self.s3.get_object(Bucket="zc-presign", Key=key)["Body"].read(), body)
            url = signer.generate_presigned_url("get_object", ExpiresIn=300,
                                                Params={"Bucket": "zc-presign", "Key": key})
            self.assertEqual(self.curl(url), (200, body))
        url = self.v4.generate_presigned_url("head_object", ExpiresIn=300,
                                             Params={"Bucket": "zc-presign", "Key": "sigv4"})
        status, headers = self.curl(url, "-I")
        self.assertEqual(status, 200)
        self.assertIn(f"content-length: {len(body)}\r\n".encode(), headers.lower())
        self.assertIn("X-Amz-Signature=", url)

    def test_expired(self):
        self.s3.put_object(Bucket="zc-presign", Key="k", Body=b"secret")
        params = {"Bucket": "zc-presign", "Key": "k"}
        # Signed an hour ago for ten minutes.
        an_hour_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
        with mock.patch("botocore.auth.get_current_datetime", return_value=an_hour_ago):
            expired = self.v4.generate_presigned_url("get_object", Params=params, ExpiresIn=600)
        status, body = self.curl(expired)
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>AccessDenied</Code>", body)
        self.assertIn(b"<Message>Request has expired</Message>", body)
        # SigV2: the expiry is a time in the past.
        expired = self.s3.generate_presigned_url("get_object", Params=params, ExpiresIn=-60)
        status, body = self.curl(expired)
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>AccessDenied</Code>", body)
        good = self.v4.generate_presigned_url("get_object", Params=params, ExpiresIn=600)
        self.assertEqual(self.curl(good), (200, b"secret"))


    def test_presigned_post_form(self):
        post = self.s3.generate_presigned_post(
            "zc-presign", "uploads/${filename}", Fields={"Content-Type": "text/plain"},
            Conditions=[{"Content-Type": "text/plain"}, ["content-length-range", 1, 100]],
            ExpiresIn=300)
        self.assertEqual(post["url"], "https://zc-presign.s3.amazonaws.com/")
        form = [arg for name, value in post["fields"].items() for arg in ("-F", f"{name}={value}")]
        small = self.write_file("note.txt", "sent as a form")
        self.assertEqual(self.curl(post["url"], *form, "-F", f"file=@{small}"), (204, b""))
        got = self.s3.get_object(Bucket="zc-presign", Key="uploads/note.txt")
        self.assertEqual((got["Body"].read(), got["ContentType"]),
                         (b"sent as a form", "text/plain"))
        large = self.write_file("large.txt", "x" * 101)
        status, body = self.curl(post["url"], *form, "-F", f"file=@{large}")
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>EntityTooLarge</Code>", body)

    def test_cors_preflight(self):
        self.s3.put_bucket_cors(Bucket="zc-presign", CORSConfiguration={"CORSRules": [{
            "AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["https://app.example.com"],
            "AllowedHeaders": ["*"], "MaxAgeSeconds": 600}]})
        url = "https://zc-presign.s3.amazonaws.com/some/key"
        status, head = self.curl(url, "-i", "-X", "OPTIONS",
                                 "-H", "Origin: https://app.example.com",
                                 "-H", "Access-Control-Request-Method: PUT",
                                 "-H", "Access-Control-Request-Headers: content-type")
        self.assertEqual(status, 200)
        headers = head.decode().lower()
        self.assertIn("access-control-allow-origin: https://app.example.com\r\n", headers)
        self.assertIn("access-control-allow-methods: get, put\r\n", headers)
        self.assertIn("access-control-max-age: 600\r\n", headers)
        status, body = self.curl(url, "-X", "OPTIONS", "-H", "Origin: https://elsewhere.example",
                                 "-H", "Access-Control-Request-Method: PUT")
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>AccessForbidden</Code>", body)


BARE_PRELOAD_SCRIPT = """
import json, boto3
s3 = boto3.client("s3")
s3.create_bucket(Bucket="zc-embedded")
s3.put_object(Bucket="zc-embedded", Key="one", Body=b"first")
s3.put_object(Bucket="zc-embedded", Key="two", Body=b"second")
print(json.dumps({
    "endpoint": s3.meta.endpoint_url,
    "body": s3.get_object(Bucket="zc-embedded", Key="two")["Body"].read().decode(),
    "keys": [o["Key"] for o in s3.list_objects_v2(Bucket="zc-embedded")["Contents"]],
    "buckets": [b["Name"] for b in s3.list_buckets()["Buckets"]],
}))
"""


class BarePreload(S3ZeroConfigCase):
    def test_boto3_with_an_embedded_core(self):
        # LD_PRELOAD=libmotoc.so and nothing else: the process answers itself, apart from the
        # tree's server.
        self.s3.create_bucket(Bucket="zc-shared-only")
        env = preload_env(MOTOC_STATE_DIR=os.environ["MOTOC_STATE_DIR"])
        self.assertNotIn("MOTOC_ENDPOINT", env)
        proc = self.run_child([sys.executable, "-c", BARE_PRELOAD_SCRIPT], env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = json.loads(proc.stdout)
        self.assertEqual(out, {"endpoint": "https://s3.amazonaws.com", "body": "second",
                               "keys": ["one", "two"], "buckets": ["zc-embedded"]})
        self.assertEqual([b["Name"] for b in self.s3.list_buckets()["Buckets"]],
                         ["zc-shared-only"])
        self.assertFalse([line for line in self.request_log() if "zc-embedded" in line])


if __name__ == "__main__":
    main()
