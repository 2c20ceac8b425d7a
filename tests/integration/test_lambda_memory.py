"""A function's memory size bounds its process, as in Lambda: past it the process is killed and
the call fails as the runtime's exit, REPORT shows the memory used up, and the next call gets a
fresh environment. A JVM gets 85% of the memory as its heap."""
import base64
import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402
from test_lambda import TRUST, zip_of  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

PYTHON_HOG = zip_of({"app.py": """
import os
def handler(event, context):
    block = bytearray(event["mb"] * 1024 * 1024)
    for i in range(0, len(block), 4096):
        block[i] = 1
    return {"pid": os.getpid(), "mb": len(block) // (1024 * 1024)}
"""})

NODE_HOG = zip_of({"index.js": """
exports.handler = async (event) => {
    const block = Buffer.alloc(event.mb * 1024 * 1024, 1);
    return {pid: process.pid, mb: block.length / (1024 * 1024)};
};
"""})


class FunctionMemory(ServerTestCase):
    def setUp(self):
        config = Config(retries={"max_attempts": 1}, read_timeout=120)
        self.awslambda = boto3.client("lambda", endpoint_url=self.server.url,
                                      region_name="us-east-1", config=config)
        iam = boto3.client("iam", endpoint_url=self.server.url, region_name="us-east-1")
        self.role = iam.create_role(RoleName="memory-" + uuid.uuid4().hex[:8],
                                    AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]

    def function(self, package, runtime, handler, memory):
        name = "hog-" + uuid.uuid4().hex[:8]
        self.awslambda.create_function(FunctionName=name, Runtime=runtime, Role=self.role,
                                       Handler=handler, Code={"ZipFile": package},
                                       MemorySize=memory, Timeout=60)
        return name

    def invoke(self, name, mb):
        out = self.awslambda.invoke(FunctionName=name, Payload=json.dumps({"mb": mb}),
                                    LogType="Tail")
        out["Body"] = json.loads(out["Payload"].read())
        out["Log"] = base64.b64decode(out["LogResult"]).decode()
        return out

    def check_bounded(self, package, runtime, handler):
        name = self.function(package, runtime, handler, 128)
        small = self.invoke(name, 8)
        self.assertNotIn("FunctionError", small)
        self.assertEqual(small["Body"]["mb"], 8)

        hog = self.invoke(name, 1024)
        self.assertEqual(hog["FunctionError"], "Unhandled")
        self.assertEqual(hog["Body"]["errorType"], "Runtime.ExitError")
        self.assertIn("Error: Runtime exited with error: signal: killed",
                      hog["Body"]["errorMessage"])
        self.assertIn(hog["ResponseMetadata"]["RequestId"], hog["Body"]["errorMessage"])
        self.assertIn("Memory Size: 128 MB\tMax Memory Used: 128 MB", hog["Log"])

        # The killed environment is gone: the next call starts a new one.
        again = self.invoke(name, 8)
        self.assertNotIn("FunctionError", again)
        self.assertNotEqual(again["Body"]["pid"], small["Body"]["pid"])
        self.assertIn("Init Duration", again["Log"])

        roomy = self.function(package, runtime, handler, 2048)
        self.assertEqual(self.invoke(roomy, 256)["Body"]["mb"], 256)

    def test_python_function_past_its_memory_is_killed(self):
        self.check_bounded(PYTHON_HOG, "python3.12", "app.handler")

    def test_node_function_past_its_memory_is_killed(self):
        self.check_bounded(NODE_HOG, "nodejs20.x", "index.handler")

    def test_report_shows_the_memory_a_call_used(self):
        name = self.function(PYTHON_HOG, "python3.12", "app.handler", 512)
        log = self.invoke(name, 200)["Log"]
        used = int(log.split("Max Memory Used: ")[1].split(" MB")[0])
        self.assertGreaterEqual(used, 200)
        self.assertLessEqual(used, 512)


if __name__ == "__main__":
    run_tests()
