"""Java functions through motoc-server with boto3, run by the machine's JDK: RequestHandler
with JSON maps, beans by their properties, stream handlers, the Context and its logger, errors
and a missing class. The package is compiled here with the Context interfaces a function's jar
carries from aws-lambda-java-core, written out as the library declares them."""
import base64
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402
from test_lambda import TRUST  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

LIBRARY = {
    "com/amazonaws/services/lambda/runtime/Context.java": """
package com.amazonaws.services.lambda.runtime;
public interface Context {
    String getAwsRequestId();
    String getLogGroupName();
    String getLogStreamName();
    String getFunctionName();
    String getFunctionVersion();
    String getInvokedFunctionArn();
    Object getIdentity();
    Object getClientContext();
    int getRemainingTimeInMillis();
    int getMemoryLimitInMB();
    LambdaLogger getLogger();
}""",
    "com/amazonaws/services/lambda/runtime/LambdaLogger.java": """
package com.amazonaws.services.lambda.runtime;
public interface LambdaLogger {
    void log(String message);
    void log(byte[] message);
}""",
    "com/amazonaws/services/lambda/runtime/RequestHandler.java": """
package com.amazonaws.services.lambda.runtime;
public interface RequestHandler<I, O> {
    O handleRequest(I input, Context context);
}""",
    "com/amazonaws/services/lambda/runtime/RequestStreamHandler.java": """
package com.amazonaws.services.lambda.runtime;
import java.io.*;
public interface RequestStreamHandler {
    void handleRequest(InputStream input, OutputStream output, Context context) throws IOException;
}""",
}

FUNCTIONS = {
    "example/Hello.java": """
package example;
import com.amazonaws.services.lambda.runtime.*;
import java.util.*;
public class Hello implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        context.getLogger().log("hello from java");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.put("requestId", context.getAwsRequestId());
        out.put("function", context.getFunctionName());
        out.put("memory", context.getMemoryLimitInMB());
        out.put("remaining", context.getRemainingTimeInMillis() > 0);
        out.put("region", System.getenv("AWS_REGION"));
        return out;
    }
}""",
    "example/Person.java": """
package example;
public class Person {
    private String name;
    public int age;
    public void setName(String name) { this.name = name; }
    public String getName() { return name; }
}""",
    "example/Greeter.java": """
package example;
public class Greeter {
    public static class Greeting {
        public String text;
        public boolean adult;
    }
    public Greeting greet(Person p) {
        Greeting g = new Greeting();
        g.text = "Hello, " + p.getName();
        g.adult = p.age >= 18;
        return g;
    }
    public String fail(String why) {
        throw new IllegalStateException("broken: " + why);
    }
    public int hold(int mb) {
        byte[][] blocks = new byte[mb][];
        for (int i = 0; i < mb; i++)
            blocks[i] = new byte[1024 * 1024];
        return blocks.length;
    }
}""",
    "example/Upper.java": """
package example;
import com.amazonaws.services.lambda.runtime.*;
import java.io.*;
public class Upper implements RequestStreamHandler {
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        out.write(new String(in.readAllBytes(), "UTF-8").toUpperCase().getBytes("UTF-8"));
    }
}""",
}


def java_package():
    """The compiled classes, zipped as a function's package."""
    work = tempfile.mkdtemp()
    try:
        sources = []
        for name, text in {**LIBRARY, **FUNCTIONS}.items():
            path = os.path.join(work, "src", name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            sources.append(path)
        classes = os.path.join(work, "classes")
        subprocess.run(["javac", "-d", classes, *sources], check=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for root, _, files in os.walk(classes):
                for name in files:
                    path = os.path.join(root, name)
                    z.write(path, os.path.relpath(path, classes))
        return out.getvalue()
    finally:
        shutil.rmtree(work)


@unittest.skipUnless(shutil.which("javac") and shutil.which("java"), "needs a JDK")
class LambdaJavaTest(ServerTestCase):
    package = None

    def setUp(self):
        if LambdaJavaTest.package is None:
            LambdaJavaTest.package = java_package()
        self.awslambda = boto3.client("lambda", endpoint_url=self.server.url,
                                      region_name="us-east-1",
                                      config=Config(retries={"max_attempts": 1},
                                                    read_timeout=90))
        self.role = boto3.client("iam", endpoint_url=self.server.url,
                                 region_name="us-east-1").create_role(
            RoleName="java-" + uuid.uuid4().hex[:8],
            AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]

    def invoke(self, handler, payload, memory=512, **extra):
        name = "java-" + uuid.uuid4().hex[:8]
        self.awslambda.create_function(FunctionName=name, Runtime="java21", Role=self.role,
                                       Handler=handler, Code={"ZipFile": self.package},
                                       Timeout=60, MemorySize=memory)
        out = self.awslambda.invoke(FunctionName=name, Payload=payload, **extra)
        out["Body"] = out["Payload"].read()
        return name, out

    def test_request_handler_with_maps_context_and_logger(self):
        name, out = self.invoke("example.Hello::handleRequest",
                                json.dumps({"n": 1, "x": [1, "a"]}), LogType="Tail")
        self.assertNotIn("FunctionError", out, out["Body"])
        answer = json.loads(out["Body"])
        self.assertEqual(answer["event"], {"n": 1, "x": [1, "a"]})
        self.assertEqual((answer["function"], answer["memory"], answer["region"]),
                         (name, 512, "us-east-1"))
        self.assertTrue(answer["remaining"])
        self.assertEqual(answer["requestId"], out["ResponseMetadata"]["RequestId"])
        self.assertIn("hello from java", base64.b64decode(out["LogResult"]).decode())

    def test_beans_streams_errors_and_a_missing_class(self):
        _, out = self.invoke("example.Greeter::greet", json.dumps({"name": "Ada", "age": 36}))
        self.assertEqual(json.loads(out["Body"]), {"text": "Hello, Ada", "adult": True})

        # The class name alone means its handleRequest.
        _, out = self.invoke("example.Upper", json.dumps("quiet please"))
        self.assertEqual(out["Body"], b'"QUIET PLEASE"')

        _, out = self.invoke("example.Greeter::fail", json.dumps("why not"))
        self.assertEqual(out["FunctionError"], "Unhandled")
        error = json.loads(out["Body"])
        self.assertEqual((error["errorType"], error["errorMessage"]),
                         ("java.lang.IllegalStateException", "broken: why not"))
        self.assertTrue(any("example.Greeter.fail" in line for line in error["stackTrace"]))

        _, out = self.invoke("example.Missing::handleRequest", b"{}")
        self.assertEqual(out["FunctionError"], "Unhandled")
        error = json.loads(out["Body"])
        self.assertEqual((error["errorType"], error["errorMessage"]),
                         ("java.lang.ClassNotFoundException", "Class not found: example.Missing"))

    def test_heap_is_most_of_the_functions_memory(self):
        _, out = self.invoke("example.Greeter::hold", b"300", memory=512)
        self.assertEqual(out["Body"], b"300")
        _, out = self.invoke("example.Greeter::hold", b"300", memory=256)
        self.assertEqual(out["FunctionError"], "Unhandled")
        error = json.loads(out["Body"])
        self.assertEqual((error["errorType"], error["errorMessage"]),
                         ("java.lang.OutOfMemoryError", "Java heap space"))


if __name__ == "__main__":
    run_tests()
