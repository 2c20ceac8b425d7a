"""Lambda with no endpoint settings anywhere: the whole module runs under motoc-run
(zero_config_fixture.py). The AWS CLI creates and invokes a function, Node's AWS SDK invokes it,
curl downloads its package from GetFunction's Code.Location and calls its function URL, and the function itself (a local
process) calls S3 with boto3 and no settings either: all of it lands in the one motoc."""
import base64
import io
import json
import os
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from zero_config_fixture import ZeroConfigCase, asan_blocks, main, requires_node  # noqa: E402

import boto3  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})

CODE = """
import boto3, json
def handler(event, context):
    if "bucket" in event:
        boto3.client("s3").put_object(Bucket=event["bucket"], Key="from-function", Body=b"hi")
    return {"echo": event, "function": context.function_name}
"""


def make_package():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("app.py", CODE)
    return out.getvalue()


PACKAGE = make_package()

URL_CODE = """
import base64, json
def handler(event, context):
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    http = event["requestContext"]["http"]
    return {"statusCode": 201, "headers": {"content-type": "application/json"},
            "body": json.dumps({"method": http["method"], "path": event["rawPath"],
                                "query": event.get("queryStringParameters"), "body": body,
                                "trace": event["headers"].get("x-trace")})}
"""
_url = io.BytesIO()
with zipfile.ZipFile(_url, "w") as _z:
    _z.writestr("app.py", URL_CODE)
URL_PACKAGE = _url.getvalue()


class LambdaZeroConfig(ZeroConfigCase):
    def setUp(self):
        super().setUp()
        self.role = self.aws("iam", "create-role", "--role-name", "zc-fn",
                             "--assume-role-policy-document", TRUST)["Role"]["Arn"]
        self.zip = tempfile.NamedTemporaryFile(suffix=".zip", delete=False)
        self.zip.write(PACKAGE)
        self.zip.close()
        self.addCleanup(os.unlink, self.zip.name)
        self.aws("lambda", "create-function", "--function-name", "zc", "--runtime", "python3.12",
                 "--handler", "app.handler", "--role", self.role,
                 "--zip-file", f"fileb://{self.zip.name}")

    def test_cli_invokes_and_the_function_reaches_s3(self):
        boto3.client("s3").create_bucket(Bucket="zc-fn-out")
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "out.json")
            answer = self.aws("lambda", "invoke", "--function-name", "zc", "--payload",
                              json.dumps({"bucket": "zc-fn-out"}), "--log-type", "Tail", out)
            with open(out) as f:
                result = json.load(f)
        self.assertEqual(answer["StatusCode"], 200)
        self.assertIn("REPORT RequestId:", base64.b64decode(answer["LogResult"]).decode())
        self.assertEqual(result, {"echo": {"bucket": "zc-fn-out"}, "function": "zc"})
        body = boto3.client("s3").get_object(Bucket="zc-fn-out", Key="from-function")["Body"]
        self.assertEqual(body.read(), b"hi")

    def test_curl_downloads_the_package(self):
        self.skip_without_curl()
        location = boto3.client("lambda").get_function(FunctionName="zc")["Code"]["Location"]
        status, body = self.curl(location)
        self.assertEqual((status, body), (200, PACKAGE))

    def skip_without_curl(self):
        if asan_blocks("curl"):  # asked here, inside the tree, rather than at import
            self.skipTest("ASan's runtime cannot be preloaded into curl (it hangs before main)")

    def test_curl_calls_a_function_url(self):
        self.skip_without_curl()
        fn = boto3.client("lambda")
        fn.update_function_code(FunctionName="zc", ZipFile=URL_PACKAGE)
        url = fn.create_function_url_config(FunctionName="zc", AuthType="NONE")["FunctionUrl"]
        status, body = self.curl(url + "orders/7?expand=items", "-X", "POST", "-d", "hello",
                                 "-H", "X-Trace: abc")
        self.assertEqual(status, 201)
        got = json.loads(body)
        self.assertEqual((got["method"], got["path"], got["query"], got["body"], got["trace"]),
                         ("POST", "/orders/7", {"expand": "items"}, "hello", "abc"))

    @requires_node("@aws-sdk/client-lambda")
    def test_node_sdk_invokes(self):
        got = self.node("lambda.mjs", "zc", json.dumps({"from": "node"}))
        self.assertEqual(got["status"], 200)
        self.assertIsNone(got["functionError"])
        self.assertEqual(got["payload"], {"echo": {"from": "node"}, "function": "zc"})
        self.assertTrue(got["logHasReport"])
        self.assertEqual(got["executedVersion"], "$LATEST")
        self.assertEqual(got["eventStatus"], 202)
        self.assertEqual(got["missing"], {"name": "ResourceNotFoundException", "status": 404})


if __name__ == "__main__":
    main()
