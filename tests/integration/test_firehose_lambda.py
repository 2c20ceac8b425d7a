"""Firehose's Lambda data transformation through motoc-server with boto3: a flushed buffer goes
to a real function; records it returns Ok land in S3 with its data, Dropped ones nowhere, and
ProcessingFailed ones, like every record of a batch the function fails on, in the error output
as processing-failed."""
import base64
import json
import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402
from test_lambda import TRUST, zip_of  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

TRANSFORM = zip_of({"app.py": """
import base64
def handler(event, context):
    out = []
    stream = event["deliveryStreamArn"].rsplit("/", 1)[1]
    for r in event["records"]:
        text = base64.b64decode(r["data"]).decode()
        result = "Dropped" if "drop" in text else "ProcessingFailed" if "fail" in text else "Ok"
        data = f"{text.upper()}<{stream}>\\n".encode()
        out.append({"recordId": r["recordId"], "result": result,
                    "data": base64.b64encode(data).decode()})
    return {"records": out}
def broken(event, context):
    raise RuntimeError("cannot transform")
"""})


class FirehoseLambdaTest(ServerTestCase):
    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}, read_timeout=60))

    def setUp(self):
        self.firehose = self.client("firehose")
        self.s3 = self.client("s3")
        self.name = "hose-" + uuid.uuid4().hex[:8]
        self.bucket = "landing-" + uuid.uuid4().hex[:8]
        self.s3.create_bucket(Bucket=self.bucket)
        self.role = self.client("iam").create_role(
            RoleName="role-" + self.name, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]

    def function(self, handler):
        return self.client("lambda").create_function(
            FunctionName="fn-" + self.name + handler.split(".")[1], Runtime="python3.12",
            Role=self.role, Handler=handler, Code={"ZipFile": TRANSFORM},
            Timeout=30)["FunctionArn"]

    def stream(self, function):
        self.firehose.create_delivery_stream(
            DeliveryStreamName=self.name,
            ExtendedS3DestinationConfiguration={
                "RoleARN": self.role, "BucketARN": f"arn:aws:s3:::{self.bucket}",
                "Prefix": "out/", "ErrorOutputPrefix": "errors/",
                "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 1},
                "ProcessingConfiguration": {"Enabled": True, "Processors": [{
                    "Type": "Lambda",
                    "Parameters": [{"ParameterName": "LambdaArn",
                                    "ParameterValue": function}]}]}})

    def wait_for_key(self, prefix, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            listed = self.s3.list_objects_v2(Bucket=self.bucket, Prefix=prefix)
            if listed.get("Contents"):
                return listed["Contents"][0]["Key"]
            time.sleep(0.2)
        self.fail(f"nothing under {prefix!r}")

    def body(self, key):
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def failed_lines(self):
        key = self.wait_for_key("errors/")
        self.assertTrue(key.startswith("errors/processing-failed/"), key)
        return [json.loads(line) for line in self.body(key).splitlines()]

    def test_records_are_transformed_dropped_or_backed_up(self):
        function = self.function("app.handler")
        self.stream(function)
        self.firehose.put_record_batch(DeliveryStreamName=self.name, Records=[
            {"Data": text.encode()} for text in ["one", "drop me", "fail me", "two"]])
        key = self.wait_for_key("out/")
        self.assertEqual(self.body(key),
                         f"ONE<{self.name}>\nTWO<{self.name}>\n".encode())
        [line] = self.failed_lines()
        self.assertEqual(line["errorCode"], "Lambda.ProcessingFailedStatus")
        self.assertEqual(base64.b64decode(line["rawData"]), b"fail me")
        self.assertEqual(line["lambdaArn"], function)
        self.assertIsInstance(line["arrivalTimestamp"], int)

    def test_a_failing_function_sends_the_whole_batch_to_the_error_output(self):
        self.stream(self.function("app.broken"))
        self.firehose.put_record_batch(DeliveryStreamName=self.name, Records=[
            {"Data": b"a"}, {"Data": b"b"}])
        lines = self.failed_lines()
        self.assertEqual([base64.b64decode(line["rawData"]) for line in lines], [b"a", b"b"])
        self.assertEqual({line["errorCode"] for line in lines}, {"Lambda.FunctionError"})
        self.assertEqual(self.s3.list_objects_v2(Bucket=self.bucket, Prefix="out/")["KeyCount"],
                         0)


if __name__ == "__main__":
    run_tests()
