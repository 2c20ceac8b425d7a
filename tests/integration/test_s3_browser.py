"""What browsers send S3, through motoc-server: CORS preflights (OPTIONS) and the CORS headers
of actual requests, and HTML form uploads (presigned POST) from boto3's generate_presigned_post
posted with requests and with curl -F."""
import hashlib
import http.client
import os
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
import requests  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"
NOT_ALLOWED = ("CORSResponse: This CORS request is not allowed. This is usually because the "
               "evalution of Origin, request method / Access-Control-Request-Method or "
               "Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.")
RULES = [
    {"ID": "site", "AllowedOrigins": ["https://app.example.com", "https://*.example.org"],
     "AllowedMethods": ["GET", "PUT", "POST"], "AllowedHeaders": ["Content-Type", "x-amz-*"],
     "ExposeHeaders": ["ETag", "x-amz-version-id"], "MaxAgeSeconds": 600},
    {"ID": "public", "AllowedOrigins": ["*"], "AllowedMethods": ["GET", "HEAD"]},
]


def parse_error(body):
    root = ET.fromstring(body)
    return {child.tag: child.text or "" for child in root}


class BrowserTestCase(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3 = cls.client()

    @classmethod
    def client(cls, **config):
        return boto3.client("s3", endpoint_url=cls.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}, **config))

    def request(self, method, path, headers=None, body=None):
        """One raw request; returns (status, headers with lowercase names, body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()


class CorsTest(BrowserTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3.create_bucket(Bucket="cors-site")
        cls.s3.put_bucket_cors(Bucket="cors-site", CORSConfiguration={"CORSRules": RULES})
        cls.s3.put_object(Bucket="cors-site", Key="page.html", Body=b"<p>hi</p>")
        cls.s3.create_bucket(Bucket="cors-none")

    def preflight(self, path, origin=None, method=None, headers=None, host=None):
        h = {}
        if origin is not None:
            h["Origin"] = origin
        if method is not None:
            h["Access-Control-Request-Method"] = method
        if headers is not None:
            h["Access-Control-Request-Headers"] = headers
        if host:
            h["Host"] = host
        return self.request("OPTIONS", path, h)

    def assert_forbidden(self, reply, message, method, resource_type):
        status, headers, body = reply
        self.assertEqual(status, 403, body)
        err = parse_error(body)
        self.assertEqual((err["Code"], err["Message"]), ("AccessForbidden", message))
        self.assertEqual((err["Method"], err["ResourceType"]), (method, resource_type))
        self.assertNotIn("access-control-allow-origin", headers)

    # ---- preflights ----

    def test_preflight_from_a_named_origin_gets_every_header(self):
        status, headers, body = self.preflight("/cors-site/dir/file.txt", "https://app.example.com",
                                               "PUT", "Content-Type, X-Amz-Date,x-amz-meta-Owner")
        self.assertEqual((status, body), (200, b""))
        self.assertEqual(headers["access-control-allow-origin"], "https://app.example.com")
        self.assertEqual(headers["access-control-allow-methods"], "GET, PUT, POST")
        self.assertEqual(headers["access-control-allow-headers"],
                         "content-type, x-amz-date, x-amz-meta-owner")
        self.assertEqual(headers["access-control-expose-headers"], "ETag, x-amz-version-id")
        self.assertEqual(headers["access-control-max-age"], "600")
        self.assertEqual(headers["access-control-allow-credentials"], "true")
        self.assertEqual(headers["vary"], VARY)
        self.assertIn("x-amz-request-id", headers)

    def test_origin_wildcards_match_any_run_of_characters(self):
        for origin in ("https://www.example.org", "https://a.b.example.org"):
            status, headers, _ = self.preflight("/cors-site/k", origin, "POST")
            self.assertEqual(status, 200, origin)
            self.assertEqual(headers["access-control-allow-origin"], origin)
        for origin in ("https://example.org", "http://www.example.org", "https://APP.example.com",
                       "https://www.example.org.evil.net"):
            self.assert_forbidden(self.preflight("/cors-site/k", origin, "POST"), NOT_ALLOWED,
                                  "POST", "OBJECT")

    def test_the_first_rule_that_allows_the_request_decides(self):
        # GET from the named origin fits both rules: the first one answers.
        _, headers, _ = self.preflight("/cors-site/k", "https://app.example.com", "GET")
        self.assertEqual(headers["access-control-allow-methods"], "GET, PUT, POST")
        # HEAD only fits the second, whose "*" is answered as such, without credentials.
        status, headers, _ = self.preflight("/cors-site/k", "https://app.example.com", "HEAD")
        self.assertEqual(status, 200)
        self.assertEqual(headers["access-control-allow-origin"], "*")
        self.assertEqual(headers["access-control-allow-methods"], "GET, HEAD")
        self.assertNotIn("access-control-allow-credentials", headers)
        self.assertNotIn("access-control-max-age", headers)
        self.assertNotIn("access-control-expose-headers", headers)
        self.assertEqual(headers["vary"], VARY)

    def test_requested_headers_must_all_be_allowed(self):
        self.assert_forbidden(
            self.preflight("/cors-site/k", "https://app.example.com", "PUT", "content-type, authorization"),
            NOT_ALLOWED, "PUT", "OBJECT")
        # The public rule allows no header at all; the site rule does not allow this origin.
        self.assert_forbidden(self.preflight("/cors-site", "https://other.net", "GET", "x-amz-date"),
                              NOT_ALLOWED, "GET", "BUCKET")
        status, headers, _ = self.preflight("/cors-site/k", "https://other.net", "GET", " , ")
        self.assertEqual(status, 200)
        self.assertNotIn("access-control-allow-headers", headers)

    def test_allowed_header_star_allows_any_header(self):
        self.s3.create_bucket(Bucket="cors-star")
        self.s3.put_bucket_cors(Bucket="cors-star", CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["http://localhost:3000"], "AllowedMethods": ["DELETE"],
             "AllowedHeaders": ["*"]}]})
        status, headers, _ = self.preflight("/cors-star/a%20b", "http://localhost:3000", "DELETE",
                                            "Authorization,X-Custom-Thing")
        self.assertEqual(status, 200)
        self.assertEqual(headers["access-control-allow-headers"], "authorization, x-custom-thing")

    def test_bucket_without_cors_and_missing_bucket(self):
        self.assert_forbidden(self.preflight("/cors-none/k", "https://a.net", "GET"),
                              "CORSResponse: CORS is not enabled for this bucket.", "GET", "BUCKET")
        self.assert_forbidden(self.preflight("/cors-none/k", "https://a.net"),
                              "CORSResponse: CORS is not enabled for this bucket.", "OPTIONS",
                              "BUCKET")
        self.assert_forbidden(self.preflight("/cors-missing/k", "https://a.net", "PUT"),
                              "CORSResponse: Bucket not found", "PUT", "BUCKET")

    def test_malformed_preflights(self):
        for origin in (None, ""):
            status, _, body = self.preflight("/cors-site/k", origin, "GET")
            self.assertEqual(status, 400)
            self.assertEqual(parse_error(body)["Code"], "BadRequest")
            self.assertEqual(parse_error(body)["Message"],
                             "Insufficient information. Origin request header needed.")
        for method, shown in ((None, "null"), ("PATCH", "PATCH"), ("get", "get")):
            status, _, body = self.preflight("/cors-site/k", "https://app.example.com", method)
            self.assertEqual(status, 400)
            self.assertEqual(parse_error(body)["Message"],
                             f"Invalid Access-Control-Request-Method: {shown}")

    def test_preflight_on_a_virtual_hosted_bucket(self):
        status, headers, _ = self.preflight("/page.html", "https://app.example.com", "GET",
                                            host="cors-site.s3.us-west-2.amazonaws.com")
        self.assertEqual(status, 200)
        self.assertEqual(headers["access-control-allow-origin"], "https://app.example.com")

    def test_cors_rules_refuse_more_than_one_wildcard(self):
        for rule, message in (
                ({"AllowedOrigins": ["https://*.*.com"], "AllowedMethods": ["GET"]},
                 'AllowedOrigin "https://*.*.com" can not have more than one wildcard.'),
                ({"AllowedOrigins": ["*"], "AllowedMethods": ["GET"], "AllowedHeaders": ["x-*-*"]},
                 'AllowedHeader "x-*-*" can not have more than one wildcard.'),
                ({"AllowedOrigins": ["*"], "AllowedMethods": ["GET"], "ExposeHeaders": ["x-amz-*"]},
                 'ExposeHeader "x-amz-*" contains wildcard. We currently do not support wildcard '
                 'for ExposeHeader.')):
            with self.assertRaises(ClientError) as ctx:
                self.s3.put_bucket_cors(Bucket="cors-none", CORSConfiguration={"CORSRules": [rule]})
            self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidRequest")
            self.assertEqual(ctx.exception.response["Error"]["Message"], message)

    # ---- actual requests ----

    def client_from(self, origin):
        client = self.client()

        def add_origin(request, **_):
            request.headers["Origin"] = origin
        client.meta.events.register("before-sign.s3.*", add_origin)
        return client

    def test_actual_requests_from_an_allowed_origin_get_the_headers(self):
        client = self.client_from("https://app.example.com")
        put = client.put_object(Bucket="cors-site", Key="from-page", Body=b"x")
        h = put["ResponseMetadata"]["HTTPHeaders"]
        self.assertEqual(h["access-control-allow-origin"], "https://app.example.com")
        self.assertEqual(h["access-control-allow-methods"], "GET, PUT, POST")
        self.assertEqual(h["access-control-expose-headers"], "ETag, x-amz-version-id")
        self.assertEqual(h["access-control-max-age"], "600")
        self.assertEqual(h["access-control-allow-credentials"], "true")
        self.assertEqual(h["vary"], VARY)
        got = client.get_object(Bucket="cors-site", Key="page.html")
        self.assertEqual(got["Body"].read(), b"<p>hi</p>")
        self.assertEqual(got["ResponseMetadata"]["HTTPHeaders"]["access-control-allow-origin"],
                         "https://app.example.com")
        # HEAD is allowed by the second rule only.
        head = client.head_object(Bucket="cors-site", Key="page.html")
        self.assertEqual(head["ResponseMetadata"]["HTTPHeaders"]["access-control-allow-origin"], "*")
        # Errors carry them too, so that the page can read them.
        with self.assertRaises(ClientError) as ctx:
            client.get_object(Bucket="cors-site", Key="missing")
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPHeaders"]
                         ["access-control-allow-origin"], "https://app.example.com")

    def test_actual_requests_no_rule_allows_get_no_headers(self):
        client = self.client_from("https://other.net")
        put = client.put_object(Bucket="cors-site", Key="from-elsewhere", Body=b"x")
        h = put["ResponseMetadata"]["HTTPHeaders"]
        self.assertNotIn("access-control-allow-origin", h)
        self.assertNotIn("vary", h)
        put = client.put_object(Bucket="cors-none", Key="no-config", Body=b"x")
        self.assertNotIn("access-control-allow-origin", put["ResponseMetadata"]["HTTPHeaders"])
        plain = self.s3.get_object(Bucket="cors-site", Key="page.html")
        self.assertNotIn("access-control-allow-origin", plain["ResponseMetadata"]["HTTPHeaders"])


class PresignedPostTest(BrowserTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3.create_bucket(Bucket="uploads")
        cls.v4 = cls.client(signature_version="s3v4")

    def post(self, presigned, data=b"file body", filename="photo.jpg", fields=None, **kwargs):
        form = dict(presigned["fields"])
        form.update(fields or {})
        return requests.post(presigned["url"], data=form, files={"file": (filename, data)},
                             allow_redirects=False, timeout=60, **kwargs)

    def assert_denied(self, reply, message, status=403, code="AccessDenied"):
        self.assertEqual(reply.status_code, status, reply.text)
        err = parse_error(reply.content)
        self.assertEqual((err["Code"], err["Message"]), (code, message))
        return err

    def test_default_answer_is_204_with_etag_and_location(self):
        for signer in (self.s3, self.v4):  # SigV2 (boto3's default here) and SigV4 fields
            p = signer.generate_presigned_post("uploads", "plain.txt", ExpiresIn=60)
            reply = self.post(p, b"hello")
            self.assertEqual(reply.status_code, 204, reply.text)
            self.assertEqual(reply.content, b"")
            self.assertEqual(reply.headers["ETag"], '"%s"' % hashlib.md5(b"hello").hexdigest())
            self.assertEqual(reply.headers["Location"], f"{self.server.url}/uploads/plain.txt")
            self.assertEqual(self.s3.get_object(Bucket="uploads", Key="plain.txt")["Body"].read(),
                             b"hello")

    def test_201_answers_a_post_response_document(self):
        p = self.v4.generate_presigned_post(
            "uploads", "docs/${filename}", Fields={"success_action_status": "201"},
            Conditions=[["starts-with", "$key", "docs/"], {"success_action_status": "201"}])
        reply = self.post(p, b"report", filename="a b.pdf")
        self.assertEqual(reply.status_code, 201, reply.text)
        doc = ET.fromstring(reply.content)
        self.assertEqual(doc.tag, "PostResponse")
        self.assertEqual([child.tag for child in doc], ["Location", "Bucket", "Key", "ETag"])
        self.assertEqual(doc.find("Bucket").text, "uploads")
        self.assertEqual(doc.find("Key").text, "docs/a b.pdf")
        self.assertEqual(doc.find("Location").text, f"{self.server.url}/uploads/docs%2Fa%20b.pdf")
        self.assertEqual(doc.find("ETag").text, '"%s"' % hashlib.md5(b"report").hexdigest())
        self.assertEqual(self.s3.get_object(Bucket="uploads", Key="docs/a b.pdf")["Body"].read(),
                         b"report")

    def test_200_and_303_redirect(self):
        p = self.v4.generate_presigned_post("uploads", "ok", Fields={"success_action_status": "200"},
                                            Conditions=[{"success_action_status": "200"}])
        reply = self.post(p)
        self.assertEqual((reply.status_code, reply.content), (200, b""))
        target = "https://example.com/done?from=form"
        p = self.v4.generate_presigned_post("uploads", "redirected",
                                            Fields={"success_action_redirect": target},
                                            Conditions=[{"success_action_redirect": target}])
        reply = self.post(p, b"x")
        self.assertEqual(reply.status_code, 303)
        etag = hashlib.md5(b"x").hexdigest()
        self.assertEqual(reply.headers["Location"],
                         f"{target}&bucket=uploads&key=redirected&etag=%22{etag}%22")

    def test_form_fields_become_object_settings(self):
        fields = {"Content-Type": "image/jpeg", "Cache-Control": "max-age=60",
                  "Content-Disposition": "inline", "x-amz-meta-Owner": "Ann",
                  "x-amz-storage-class": "STANDARD_IA", "acl": "public-read",
                  "tagging": "<Tagging><TagSet><Tag><Key>kind</Key><Value>photo</Value></Tag>"
                             "</TagSet></Tagging>"}
        conditions = [{k: v} for k, v in fields.items()]
        p = self.v4.generate_presigned_post("uploads", "photo", Fields=fields, Conditions=conditions)
        reply = self.post(p, b"\xff\xd8 jpeg")
        self.assertEqual(reply.status_code, 204, reply.text)
        head = self.s3.head_object(Bucket="uploads", Key="photo")
        self.assertEqual(head["ContentType"], "image/jpeg")
        self.assertEqual(head["CacheControl"], "max-age=60")
        self.assertEqual(head["ContentDisposition"], "inline")
        self.assertEqual(head["Metadata"], {"owner": "Ann"})
        self.assertEqual(head["StorageClass"], "STANDARD_IA")
        self.assertEqual(self.s3.get_object_tagging(Bucket="uploads", Key="photo")["TagSet"],
                         [{"Key": "kind", "Value": "photo"}])
        grants = self.s3.get_object_acl(Bucket="uploads", Key="photo")["Grants"]
        self.assertIn("READ", [g["Permission"] for g in grants])

    def test_versioned_bucket_answers_the_version(self):
        self.s3.create_bucket(Bucket="uploads-versioned")
        self.s3.put_bucket_versioning(Bucket="uploads-versioned",
                                      VersioningConfiguration={"Status": "Enabled"})
        p = self.v4.generate_presigned_post("uploads-versioned", "v")
        reply = self.post(p)
        self.assertEqual(reply.status_code, 204)
        versions = self.s3.list_object_versions(Bucket="uploads-versioned")["Versions"]
        self.assertEqual(reply.headers["x-amz-version-id"], versions[0]["VersionId"])

    def test_expired_policy(self):
        p = self.v4.generate_presigned_post("uploads", "late", ExpiresIn=1)
        time.sleep(2.2)
        self.assert_denied(self.post(p), "Invalid according to Policy: Policy expired.")
        with self.assertRaises(ClientError):
            self.s3.head_object(Bucket="uploads", Key="late")

    def test_conditions_that_fail(self):
        p = self.v4.generate_presigned_post("uploads", "user/42/${filename}",
                                            Fields={"Content-Type": "image/png"},
                                            Conditions=[["starts-with", "$Content-Type", "image/"]])
        self.assert_denied(self.post(p, fields={"key": "user/43/x"}),
                           'Invalid according to Policy: Policy Condition failed: '
                           '["starts-with", "$key", "user/42/"]')
        self.assert_denied(self.post(p, fields={"Content-Type": "text/html"}),
                           'Invalid according to Policy: Policy Condition failed: '
                           '["starts-with", "$Content-Type", "image/"]')
        p = self.v4.generate_presigned_post("uploads", "exact")
        self.assert_denied(self.post(p, fields={"key": "other"}),
                           'Invalid according to Policy: Policy Condition failed: '
                           '["eq", "$key", "exact"]')
        # The policy names the bucket it was made for; the form went elsewhere.
        self.s3.create_bucket(Bucket="uploads-other")
        p["url"] = p["url"].replace("/uploads", "/uploads-other")
        self.assert_denied(self.post(p), 'Invalid according to Policy: Policy Condition failed: '
                                         '["eq", "$bucket", "uploads"]')
        p = self.v4.generate_presigned_post("uploads", "extra")
        self.assert_denied(self.post(p, fields={"x-amz-meta-note": "hi"}),
                           "Invalid according to Policy: Extra input fields: x-amz-meta-note")
        for key in ("user/43/x", "other", "extra"):
            with self.assertRaises(ClientError):
                self.s3.head_object(Bucket="uploads", Key=key)

    def test_content_length_range(self):
        p = self.v4.generate_presigned_post("uploads", "sized",
                                            Conditions=[["content-length-range", 2, 4]])
        err = self.assert_denied(self.post(p, b"12345"), "Your proposed upload exceeds the maximum "
                                 "allowed size", 400, "EntityTooLarge")
        self.assertEqual((err["ProposedSize"], err["MaxSizeAllowed"]), ("5", "4"))
        err = self.assert_denied(self.post(p, b"1"), "Your proposed upload is smaller than the "
                                 "minimum allowed size", 400, "EntityTooSmall")
        self.assertEqual((err["ProposedSize"], err["MinSizeAllowed"]), ("1", "2"))
        self.assertEqual(self.post(p, b"1234").status_code, 204)

    def test_malformed_forms(self):
        url = f"{self.server.url}/uploads"
        reply = requests.post(url, files={"key": (None, "k")}, timeout=30)
        self.assert_denied(reply, "POST requires exactly one file upload per request.", 400,
                           "IncorrectNumberOfFilesInPostRequest")
        reply = requests.post(url, files={"file": ("f", b"x")}, timeout=30)
        err = self.assert_denied(reply, "Bucket POST must contain a field named 'key'.  If it is "
                                 "specified, please check the order of the fields.", 400,
                                 "InvalidArgument")
        self.assertEqual(err["ArgumentName"], "key")
        # The key after the file is ignored, as S3 ignores every field after it.
        reply = requests.post(url, data=b'--XX\r\nContent-Disposition: form-data; name="file"; '
                              b'filename="f"\r\n\r\nx\r\n--XX\r\nContent-Disposition: form-data; '
                              b'name="key"\r\n\r\nk\r\n--XX--\r\n',
                              headers={"Content-Type": "multipart/form-data; boundary=XX"}, timeout=30)
        self.assertEqual(parse_error(reply.content)["Code"], "InvalidArgument")
        reply = requests.post(url, data=b"--XX\r\nno headers end", timeout=30,
                              headers={"Content-Type": "multipart/form-data; boundary=XX"})
        self.assert_denied(reply, "The body of your POST request is not well-formed "
                           "multipart/form-data.", 400, "MalformedPOSTRequest")
        p = self.v4.generate_presigned_post("uploads", "k")
        fields = dict(p["fields"])
        del fields["x-amz-date"]
        reply = requests.post(url, data=fields, files={"file": ("f", b"x")}, timeout=30)
        self.assertEqual(parse_error(reply.content)["ArgumentName"], "X-Amz-Date")
        fields = dict(p["fields"], policy="bm90IGpzb24=")
        reply = requests.post(url, data=fields, files={"file": ("f", b"x")}, timeout=30)
        self.assert_denied(reply, "Invalid Policy: Invalid JSON.", 400, "InvalidPolicyDocument")
        reply = requests.post(url, files={"key": (None, "k"), "pad": (None, "p" * 21000),
                                          "file": ("f", b"x")}, timeout=30)
        self.assertEqual(parse_error(reply.content)["Code"], "MaxPostPreDataLengthExceeded")

    def test_missing_bucket_and_form_of_another_type(self):
        reply = requests.post(f"{self.server.url}/no-such-uploads", files={
            "key": (None, "k"), "file": ("f", b"x")}, timeout=30)
        self.assert_denied(reply, "The specified bucket does not exist", 404, "NoSuchBucket")
        status, _, body = self.request("POST", "/", {"Host": "uploads.s3.amazonaws.com",
                                                     "Content-Type": "application/x-www-form-urlencoded"},
                                       b"key=k")
        self.assertEqual(status, 412)
        err = parse_error(body)
        self.assertEqual((err["Code"], err["Condition"]), (
            "PreconditionFailed", "Bucket POST must be of the enclosure-type multipart/form-data"))

    def test_virtual_hosted_form_upload(self):
        status, headers, _ = self.request(
            "POST", "/", {"Host": "uploads.s3.eu-west-1.amazonaws.com",
                          "Content-Type": "multipart/form-data; boundary=b0undary"},
            b'--b0undary\r\nContent-Disposition: form-data; name="key"\r\n\r\nvh/${filename}\r\n'
            b'--b0undary\r\nContent-Disposition: form-data; name="file"; filename="v.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\nvirtual\r\n--b0undary--\r\n")
        self.assertEqual(status, 204)
        self.assertEqual(headers["location"], "https://uploads.s3.eu-west-1.amazonaws.com/vh%2Fv.txt")
        self.assertEqual(self.s3.get_object(Bucket="uploads", Key="vh/v.txt")["Body"].read(),
                         b"virtual")

    def test_large_file_with_curl(self):
        data = os.urandom(24 * 1024 * 1024 + 7)
        p = self.v4.generate_presigned_post("uploads", "big/${filename}")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "large.bin")
            with open(path, "wb") as f:
                f.write(data)
            args = []
            for name, value in p["fields"].items():
                args += ["--form-string", f"{name}={value}"]
            out = subprocess.run(["curl", "-sS", "--max-time", "120", "-o", "/dev/null", "-w",
                                  "%{http_code}", *args, "-F", f"file=@{path}", p["url"]],
                                 capture_output=True, text=True, check=True).stdout
        self.assertEqual(out, "204")
        body = self.s3.get_object(Bucket="uploads", Key="big/large.bin")["Body"].read()
        self.assertEqual(hashlib.sha256(body).digest(), hashlib.sha256(data).digest())

    def test_post_from_an_allowed_origin_gets_cors_headers(self):
        self.s3.create_bucket(Bucket="uploads-cors")
        self.s3.put_bucket_cors(Bucket="uploads-cors", CORSConfiguration={"CORSRules": RULES})
        p = self.v4.generate_presigned_post("uploads-cors", "c")
        reply = self.post(p, headers={"Origin": "https://app.example.com"})
        self.assertEqual(reply.status_code, 204)
        self.assertEqual(reply.headers["Access-Control-Allow-Origin"], "https://app.example.com")
        self.assertEqual(reply.headers["Access-Control-Expose-Headers"], "ETag, x-amz-version-id")


if __name__ == "__main__":
    run_tests()
