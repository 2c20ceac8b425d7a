"""motoc-server parses HTTP as strictly as AWS's front ends and answers every malformed request at
once with a status and a body (raw sockets), and takes unsigned path-style requests sent to an
endpoint URL for S3's, as moto_server does (curl, boto3 and the AWS CLI without signatures)."""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, ServerTestCase, run_tests  # noqa: E402
from raw_http import raw_exchange  # noqa: E402

import boto3  # noqa: E402
from botocore import UNSIGNED  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402


def exchange(port, data, timeout=20.0):
    """Sends raw bytes and reads until the server closes; returns (reply, seconds taken)."""
    started = time.monotonic()
    reply = raw_exchange(port, data, read_timeout=timeout)
    return reply, time.monotonic() - started


def split_reply(reply):
    head, _, body = reply.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0], head, body


class MalformedRequestsTest(ServerTestCase):
    # Long enough that an answer only the idle timeout would give cannot pass for a quick one.
    server_args = ("--idle-timeout", "30")

    def assert_refused(self, request, message=b"The HTTP request could not be parsed."):
        reply, seconds = exchange(self.server.port, request)
        status, head, body = split_reply(reply)
        self.assertEqual(status, b"HTTP/1.1 400 Bad Request", reply)
        self.assertIn(b"\r\nConnection: close", head)
        self.assertIn(f"\r\nContent-Length: {len(body)}".encode(), head)
        self.assertIn(b"<Code>BadRequest</Code><Message>" + message + b"</Message>", body)
        self.assertLess(seconds, 10, "answered at once, then closed")

    def test_chunk_data_must_end_with_crlf(self):
        s3 = boto3.client("s3", endpoint_url=self.server.url, region_name="us-east-1")
        s3.create_bucket(Bucket="strict")
        head = (b"PUT /strict/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n")
        for after_data in (b"XY", b"\r\r", b"\n\n", b"\rX"):
            with self.subTest(after_data=after_data):
                self.assert_refused(head % b"bad" + b"3\r\nabc" + after_data + b"0\r\n\r\n")
        with self.assertRaises(ClientError) as caught:
            s3.get_object(Bucket="strict", Key="bad")
        self.assertEqual(caught.exception.response["Error"]["Code"], "NoSuchKey")

        reply, _ = exchange(self.server.port, head.replace(b"HTTP/1.1\r\n",
                                                           b"HTTP/1.1\r\nConnection: close\r\n")
                            % b"good" + b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 200 OK"), reply)
        self.assertEqual(s3.get_object(Bucket="strict", Key="good")["Body"].read(), b"abcde")

    def test_strict_head(self):
        for request in (b"GET / HTTP/1.1\r\nHost: x\rX-Y: z\r\n\r\n",        # CR without LF
                        b"GET / HTTP/1.1\r\nHost: x\r\nX Y: z\r\n\r\n",      # space in a name
                        b"GET /caf\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n",     # raw UTF-8 target
                        b"GET /a\tb HTTP/1.1\r\nHost: x\r\n\r\n"):           # tab in the target
            with self.subTest(request=request):
                self.assert_refused(request)

    def test_http09_is_answered_at_once(self):
        for request in (b"GET /\r\n", b"GET /\n", b"GET /index.html\r\n\r\n",
                        b"GET / HTTP/0.9\r\nHost: x\r\n\r\n"):
            with self.subTest(request=request):
                self.assert_refused(request,
                                    b"HTTP/0.9 requests are not supported; send HTTP/1.1.")

    def test_keep_alive_then_http09(self):
        reply, seconds = exchange(self.server.port,
                                  b"GET /moto-api/data.json HTTP/1.1\r\nHost: x\r\n\r\nGET /\r\n")
        self.assertEqual(re.findall(rb"HTTP/1\.1 (\d{3}) ", reply), [b"200", b"400"], reply)
        self.assertLess(seconds, 10)


class UnsignedS3Test(ServerTestCase):
    def curl(self, *args):
        out = subprocess.run(["curl", "-sS", "--max-time", "20", "-o", "-", "-w", "\n%{http_code}",
                              *args], capture_output=True, text=True, check=True).stdout
        body, _, status = out.rpartition("\n")
        return int(status), body

    def test_curl_path_style_without_signature(self):
        url = self.server.url
        self.assertEqual(self.curl("-X", "PUT", url + "/plain-bucket")[0], 200)
        status, body = self.curl("-X", "PUT", "--data-binary", "hello", url + "/plain-bucket/k")
        self.assertEqual(status, 200, body)
        self.assertEqual(self.curl(url + "/plain-bucket/k"), (200, "hello"))
        status, body = self.curl(url + "/")
        self.assertIn("<Name>plain-bucket</Name>", body)
        status, body = self.curl(url + "/no-such-bucket/k")
        self.assertEqual(status, 404)
        self.assertIn("<Code>NoSuchBucket</Code>", body)

    def test_boto3_unsigned(self):
        s3 = boto3.client("s3", endpoint_url=self.server.url, region_name="us-east-1",
                          config=Config(signature_version=UNSIGNED))
        s3.create_bucket(Bucket="unsigned-boto3")
        s3.put_object(Bucket="unsigned-boto3", Key="a/b.txt", Body=b"data")
        self.assertEqual(s3.get_object(Bucket="unsigned-boto3", Key="a/b.txt")["Body"].read(),
                         b"data")
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="unsigned-boto3")["Contents"]]
        self.assertEqual(keys, ["a/b.txt"])

    def test_aws_cli_no_sign_request(self):
        env = {**os.environ, **CLIENT_ENV}
        base = ["aws", "--endpoint-url", self.server.url, "--no-sign-request", "s3api"]
        with tempfile.NamedTemporaryFile() as f:
            f.write(b"from the cli")
            f.flush()
            for args in (["create-bucket", "--bucket", "unsigned-cli"],
                         ["put-object", "--bucket", "unsigned-cli", "--key", "k", "--body",
                          f.name]):
                proc = subprocess.run(base + args, capture_output=True, text=True, env=env,
                                      timeout=120)
                self.assertEqual(proc.returncode, 0, proc.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            proc = subprocess.run(base + ["get-object", "--bucket", "unsigned-cli", "--key", "k",
                                          out], capture_output=True, text=True, env=env,
                                  timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            with open(out, "rb") as f:
                self.assertEqual(f.read(), b"from the cli")

    def test_other_services_marks_are_not_s3(self):
        status, body = self.curl("-X", "POST", "-H", "X-Amz-Target: NoSuchService.Op",
                                 "-H", "Content-Type: application/x-amz-json-1.0", "-d", "{}",
                                 self.server.url + "/")
        self.assertEqual(status, 404)
        self.assertIn("NotYetImplemented", body)


if __name__ == "__main__":
    run_tests()
