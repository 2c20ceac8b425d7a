"""Virtual-hosted S3 addressing through motoc-server: the bucket and the region come from the
host name (bucket.s3.amazonaws.com, bucket.s3.<region>.amazonaws.com, the legacy
bucket.s3-<region>.amazonaws.com, bucket.s3.dualstack.<region>.amazonaws.com). boto3 builds those
names itself and reaches them through motoc-server's CONNECT proxy over TLS; raw requests send
the Host header to the plain HTTP port, unsigned, so nothing but the host names the region."""
import http.client
import os
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import SERVER, ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

for _name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
              "http_proxy", "https_proxy", "all_proxy", "no_proxy"):
    os.environ.pop(_name, None)

def location_config(region):
    return (f'<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            f"<LocationConstraint>{region}</LocationConstraint></CreateBucketConfiguration>").encode()


class VirtualHostTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ca = subprocess.run([os.path.abspath(SERVER), "--ca-path"], capture_output=True,
                                text=True, check=True, timeout=60).stdout.strip()
        cls.path_style = boto3.client("s3", endpoint_url=cls.server.url, region_name="us-east-1",
                                      config=Config(retries={"max_attempts": 1}))

    def raw(self, method, host, path="/", body=None, headers=None):
        """One unsigned request with that Host; (status, headers, body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers={"Host": host, **(headers or {})})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def region_of(self, bucket):
        location = self.path_style.get_bucket_location(Bucket=bucket)["LocationConstraint"]
        return location or "us-east-1"

    # ---- raw requests: the host alone names bucket and region ----

    def test_each_host_form_names_bucket_and_region(self):
        for bucket, host, region in (
                ("vh-global", "vh-global.s3.amazonaws.com", "us-east-1"),
                ("vh-regional", "vh-regional.s3.us-west-2.amazonaws.com", "us-west-2"),
                ("vh-legacy-dash", "vh-legacy-dash.s3-us-west-2.amazonaws.com", "us-west-2"),
                ("vh-dualstack", "vh-dualstack.s3.dualstack.eu-west-1.amazonaws.com", "eu-west-1"),
                ("vh.dotted.name", "vh.dotted.name.s3.ap-south-1.amazonaws.com", "ap-south-1")):
            with self.subTest(host=host):
                body = None if region == "us-east-1" else location_config(region)
                status, _, reply = self.raw("PUT", host, body=body)
                self.assertEqual(status, 200, reply)
                self.assertEqual(self.region_of(bucket), region)
                status, _, reply = self.raw("PUT", host, "/dir/a%20key.txt", b"hello " + bucket.encode())
                self.assertEqual(status, 200, reply)
                got = self.path_style.get_object(Bucket=bucket, Key="dir/a key.txt")["Body"].read()
                self.assertEqual(got, b"hello " + bucket.encode())
                status, headers, reply = self.raw("GET", host, "/dir/a%20key.txt")
                self.assertEqual((status, reply), (200, b"hello " + bucket.encode()))
                status, headers, _ = self.raw("HEAD", host)
                self.assertEqual((status, headers["x-amz-bucket-region"]), (200, region))
                status, _, reply = self.raw("GET", host, "/?list-type=2")
                self.assertEqual(status, 200)
                doc = ET.fromstring(reply)
                self.assertEqual(doc.find("{*}Name").text, bucket)
                self.assertEqual([k.text for k in doc.findall(".//{*}Key")], ["dir/a key.txt"])

    def test_the_region_of_the_host_is_the_one_a_bucket_is_created_in(self):
        # No LocationConstraint on a regional host: S3 refuses, naming no default.
        status, _, reply = self.raw("PUT", "vh-no-constraint.s3.eu-central-1.amazonaws.com")
        self.assertEqual(status, 400, reply)
        self.assertIn(b"<Code>IllegalLocationConstraintException</Code>", reply)
        # A constraint that contradicts the host's region.
        status, _, reply = self.raw("PUT", "vh-wrong.s3-us-west-2.amazonaws.com",
                                    body=location_config("eu-west-1"))
        self.assertEqual(status, 400, reply)
        self.assertIn(b"<Code>IllegalLocationConstraintException</Code>", reply)
        for bucket in ("vh-no-constraint", "vh-wrong"):
            with self.assertRaises(ClientError):
                self.path_style.head_bucket(Bucket=bucket)

    def test_a_missing_bucket_is_the_one_the_host_names(self):
        status, _, reply = self.raw("GET", "vh-nowhere.s3.us-west-2.amazonaws.com", "/k")
        self.assertEqual(status, 404)
        doc = ET.fromstring(reply)
        self.assertEqual((doc.find("Code").text, doc.find("BucketName").text),
                         ("NoSuchBucket", "vh-nowhere"))

    # ---- boto3 with virtual addressing, through the CONNECT proxy ----

    def virtual_client(self, region, **config):
        client = boto3.client(
            "s3", region_name=region, verify=self.ca,
            endpoint_url=config.pop("endpoint_url", None),
            config=Config(proxies={"https": self.server.url}, s3={"addressing_style": "virtual"},
                          retries={"max_attempts": 1}, **config))
        hosts = []
        client.meta.events.register("before-send.s3",
                                    lambda request, **_: hosts.append(urlsplit(request.url).hostname))
        return client, hosts

    def test_boto3_builds_each_host_form(self):
        for bucket, region, extra, want_host in (
                ("sdk-global", "us-east-1", {}, "sdk-global.s3.amazonaws.com"),
                ("sdk-regional", "us-west-2", {}, "sdk-regional.s3.us-west-2.amazonaws.com"),
                ("sdk-legacy", "us-west-2", {"endpoint_url": "https://s3-us-west-2.amazonaws.com"},
                 "sdk-legacy.s3-us-west-2.amazonaws.com"),
                ("sdk-dualstack", "eu-west-1", {"use_dualstack_endpoint": True},
                 "sdk-dualstack.s3.dualstack.eu-west-1.amazonaws.com")):
            with self.subTest(host=want_host):
                client, hosts = self.virtual_client(region, **extra)
                kwargs = {} if region == "us-east-1" else {
                    "CreateBucketConfiguration": {"LocationConstraint": region}}
                client.create_bucket(Bucket=bucket, **kwargs)
                client.put_object(Bucket=bucket, Key="k/ey", Body=b"via " + want_host.encode())
                self.assertEqual(client.get_object(Bucket=bucket, Key="k/ey")["Body"].read(),
                                 b"via " + want_host.encode())
                listed = client.list_objects_v2(Bucket=bucket)
                self.assertEqual((listed["Name"], [o["Key"] for o in listed["Contents"]]),
                                 (bucket, ["k/ey"]))
                head = client.head_bucket(Bucket=bucket)
                self.assertEqual(head["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"],
                                 region)
                self.assertEqual(set(hosts), {want_host})
                self.assertEqual(self.region_of(bucket), region)

    def test_boto3_errors_name_the_hosted_bucket(self):
        client, hosts = self.virtual_client("us-west-2")
        with self.assertRaises(ClientError) as ctx:
            client.get_object(Bucket="sdk-missing", Key="k")
        self.assertEqual(ctx.exception.response["Error"]["Code"], "NoSuchBucket")
        self.assertEqual(ctx.exception.response["Error"]["BucketName"], "sdk-missing")
        self.assertEqual(hosts, ["sdk-missing.s3.us-west-2.amazonaws.com"])


if __name__ == "__main__":
    run_tests()
