"""Lambda response streaming through motoc-server with boto3: InvokeWithResponseStream's event
stream (PayloadChunk events as a Node function wrote them, then InvokeComplete), functions that
answer at once (one chunk), function errors, errors before the function runs, Invoke of a
streaming function, and a RESPONSE_STREAM function URL."""
import base64
import io
import json
import os
import sys
import urllib.request
import uuid
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def zip_of(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


NODE_STREAMING = zip_of({"index.js": """
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
exports.handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  console.log('streaming for', context.functionName);
  responseStream.setContentType('text/plain');
  for (const part of event.parts || ['hello ', 'streamed ', 'world']) {
    responseStream.write(part);
    await pause();
  }
  if (event.fail) throw new TypeError(event.fail);
  responseStream.end();
});
exports.piped = awslambda.streamifyResponse(async (event, responseStream) => {
  const {Readable, promises} = require('stream');
  await promises.pipeline(Readable.from(['one,', 'two,', 'three']), responseStream);
});
exports.web = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 201, headers: {'Content-Type': 'text/plain', 'X-Streamed': 'yes'},
    cookies: ['flavour=oat']});
  stream.write('path ' + event.rawPath);
  await pause();
  stream.end(', done');
});
"""})

PYTHON = zip_of({"app.py": """
def handler(event, context):
    return {"echo": event}
def fail(event, context):
    raise ValueError("no good")
"""})


class LambdaStreamingTest(ServerTestCase):
    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}, read_timeout=60))

    def setUp(self):
        self.awslambda = self.client("lambda")
        iam = self.client("iam")
        self.role = iam.create_role(RoleName="stream-role-" + uuid.uuid4().hex[:8],
                                    AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        self.name = "fn-" + uuid.uuid4().hex[:8]

    def create(self, package, handler, runtime, name=None):
        self.awslambda.create_function(FunctionName=name or self.name, Runtime=runtime,
                                       Role=self.role, Handler=handler, Code={"ZipFile": package})

    def stream(self, payload=None, **extra):
        """The answer and its events, as (event type, value) pairs."""
        out = self.awslambda.invoke_with_response_stream(
            FunctionName=self.name, Payload=json.dumps(payload or {}), **extra)
        events = [next(iter(e.items())) for e in out["EventStream"]]
        return out, events

    def test_node_chunks_arrive_as_written(self):
        self.create(NODE_STREAMING, "index.handler", "nodejs20.x")
        out, events = self.stream(LogType="Tail")
        self.assertEqual(out["StatusCode"], 200)
        self.assertEqual(out["ExecutedVersion"], "$LATEST")
        headers = out["ResponseMetadata"]["HTTPHeaders"]
        self.assertEqual(headers["content-type"], "application/vnd.amazon.eventstream")
        self.assertEqual(headers["x-amz-executed-version"], "$LATEST")
        self.assertEqual([kind for kind, _ in events],
                         ["PayloadChunk"] * 3 + ["InvokeComplete"])
        self.assertEqual([value["Payload"] for _, value in events[:3]],
                         [b"hello ", b"streamed ", b"world"])
        complete = events[-1][1]
        self.assertNotIn("ErrorCode", complete)
        log = base64.b64decode(complete["LogResult"]).decode()
        self.assertIn("START RequestId:", log)
        self.assertIn("streaming for " + self.name, log)

    def test_node_pipeline_into_the_response_stream(self):
        self.create(NODE_STREAMING, "index.piped", "nodejs20.x")
        _, events = self.stream()
        self.assertEqual(events[-1], ("InvokeComplete", {}))
        self.assertEqual(b"".join(value["Payload"] for _, value in events[:-1]),
                         b"one,two,three")

    def test_function_answering_at_once_is_one_chunk(self):
        self.create(PYTHON, "app.handler", "python3.12")
        _, events = self.stream({"n": 1})
        self.assertEqual([kind for kind, _ in events], ["PayloadChunk", "InvokeComplete"])
        self.assertEqual(json.loads(events[0][1]["Payload"]), {"echo": {"n": 1}})
        self.assertNotIn("LogResult", events[1][1], "no log without LogType=Tail")

    def test_function_errors_end_the_stream(self):
        self.create(PYTHON, "app.fail", "python3.12")
        _, events = self.stream()
        self.assertEqual(events, [("InvokeComplete",
                                   {"ErrorCode": "ValueError", "ErrorDetails": "no good"})])
        self.name = "node-" + self.name
        self.create(NODE_STREAMING, "index.handler", "nodejs20.x")
        _, events = self.stream({"parts": ["partial"], "fail": "broke"})
        self.assertEqual(events, [("PayloadChunk", {"Payload": b"partial"}),
                                  ("InvokeComplete",
                                   {"ErrorCode": "TypeError", "ErrorDetails": "broke"})])
        _, events = self.stream({"parts": [], "fail": "before any write"})
        self.assertEqual(events, [("InvokeComplete", {"ErrorCode": "TypeError",
                                                      "ErrorDetails": "before any write"})])

    def test_errors_before_the_function_runs_are_plain(self):
        self.create(PYTHON, "app.handler", "python3.12")
        for extra, code, status in [
                ({"FunctionName": "missing-" + self.name}, "ResourceNotFoundException", 404),
                ({"FunctionName": self.name, "Qualifier": "7"}, "ResourceNotFoundException", 404),
                ({"FunctionName": self.name, "Payload": b"not json"},
                 "InvalidRequestContentException", 400)]:
            with self.assertRaises(ClientError) as ctx:
                self.awslambda.invoke_with_response_stream(**extra)
            err = ctx.exception.response
            self.assertEqual((err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"]),
                             (code, status), extra)
        dry = self.awslambda.invoke_with_response_stream(FunctionName=self.name,
                                                         InvocationType="DryRun")
        self.assertEqual(dry["StatusCode"], 204)

    def test_invoke_of_a_streaming_function_joins_its_chunks(self):
        self.create(NODE_STREAMING, "index.handler", "nodejs20.x")
        out = self.awslambda.invoke(FunctionName=self.name, Payload=b"{}")
        self.assertEqual(out["Payload"].read(), b"hello streamed world")
        self.assertNotIn("FunctionError", out)

    def test_response_stream_function_url(self):
        self.create(NODE_STREAMING, "index.web", "nodejs20.x")
        url = self.awslambda.create_function_url_config(
            FunctionName=self.name, AuthType="NONE", InvokeMode="RESPONSE_STREAM")["FunctionUrl"]
        host = url[len("https://"):-1]
        request = urllib.request.Request(self.server.url + "/some/path", headers={"Host": host})
        with urllib.request.urlopen(request) as resp:
            self.assertEqual(resp.status, 201)
            self.assertEqual(resp.headers["Content-Type"], "text/plain")
            self.assertEqual(resp.headers["X-Streamed"], "yes")
            self.assertEqual(resp.headers["Set-Cookie"], "flavour=oat")
            self.assertEqual(resp.read(), b"path /some/path, done")


if __name__ == "__main__":
    run_tests()
