"""AWS clients with no endpoint configured — boto3, the AWS CLI, curl --aws-sigv4, Node's AWS SDK v3
and a plain Java client — under motoc-run (one shared server for the process tree) and under bare
LD_PRELOAD (a core embedded in each process).

Each must get motoc's answer to STS GetCallerIdentity: moto's default account, which real AWS
would never give these credentials (and this machine cannot reach AWS anyway)."""
import json
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from preload_fixture import (ACCOUNT, HERE, MOTOC_RUN, NODE_DIR, SERVER, STS_ACCOUNT,  # noqa: E402
                             STS_HOST,
                             STS_QUERY, StateDirTestCase, clean_env, curl_args, parse_response,
                             preload_env, requires_preloadable, requires_tls, run, run_tests)

BOTO3_SCRIPT = """
import json, sys, boto3
from botocore.config import Config
client = boto3.client("sts", use_ssl=sys.argv[1] == "https", config=Config(retries={"max_attempts": 1}))
try:
    out = client.get_caller_identity()
    print(json.dumps({"status": out["ResponseMetadata"]["HTTPStatusCode"], "account": out["Account"]}))
except client.exceptions.ClientError as e:
    print(json.dumps({"status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                      "account": None, "error": e.response["Error"]}))
"""


class ClientCases:
    """The cases, run by each mode below."""

    def wrap(self, argv):
        raise NotImplementedError

    def env(self):
        raise NotImplementedError

    def assert_sts_answered_by_motoc(self, status, account, detail=""):
        self.assertEqual((status, account), (200, ACCOUNT), detail)

    def run_client(self, argv, **env_extra):
        proc = run(self.wrap(argv), {**self.env(), **env_extra}, timeout=120)
        self.assertNoSanitizerReport(proc.stderr)
        return proc

    def get_sts(self, scheme):
        proc = self.run_client(curl_args(f"{scheme}://{STS_HOST}/?{STS_QUERY}", "--aws-sigv4",
                                         "aws:amz:us-east-1:sts", "--user", "testing:testing"))
        status, body = parse_response(proc)
        self.assert_sts_answered_by_motoc(status, ACCOUNT if STS_ACCOUNT in body else body,
                                          proc.stderr)

    @requires_preloadable("curl")
    def test_curl_http(self):
        self.get_sts("http")

    @requires_tls
    @requires_preloadable("curl")
    def test_curl_https(self):
        self.get_sts("https")

    def boto3_sts(self, scheme):
        proc = self.run_client([sys.executable, "-c", BOTO3_SCRIPT, scheme])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = json.loads(proc.stdout)
        self.assert_sts_answered_by_motoc(out["status"], out["account"], proc.stderr)

    def test_boto3_http(self):
        self.boto3_sts("http")

    @requires_tls
    def test_boto3_https(self):
        self.boto3_sts("https")

    def aws_cli_sts(self, *args):
        proc = self.run_client(["aws", "sts", "get-caller-identity", "--output", "json", *args])
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assert_sts_answered_by_motoc(200, json.loads(proc.stdout)["Account"], proc.stderr)

    def test_aws_cli_http(self):
        # The CLI's only way to plain HTTP: the real STS host name, with the scheme changed.
        self.aws_cli_sts("--endpoint-url", f"http://{STS_HOST}")

    @requires_tls
    def test_aws_cli_https(self):
        self.aws_cli_sts()

    def node_sts(self, scheme, **env):
        # The SDK v3 reads AWS_REGION only (AWS_DEFAULT_REGION is the Python SDK's).
        proc = self.run_client(["node", os.path.join(NODE_DIR, "get_caller_identity.mjs"), scheme],
                               AWS_REGION="us-east-1", **env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        self.assertTrue(out["ok"], out)
        self.assert_sts_answered_by_motoc(200, out["identity"]["Account"], proc.stderr)

    @unittest.skipUnless(os.path.isdir(os.path.join(NODE_DIR, "node_modules/@aws-sdk/client-sts")),
                         "@aws-sdk/client-sts is not installed (scripts/setup installs it)")
    def test_node_sdk_http(self):
        self.node_sts("http")

    @requires_tls
    @unittest.skipUnless(os.path.isdir(os.path.join(NODE_DIR, "node_modules/@aws-sdk/client-sts")),
                         "@aws-sdk/client-sts is not installed (scripts/setup installs it)")
    def test_node_sdk_https(self):
        self.node_sts("https")

    @unittest.skipUnless(shutil.which("java"), "no java")
    def test_java_socket_semantics(self):
        proc = self.run_client(["java", os.path.join(HERE, "java/SocketSemantics.java")])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = dict(line.split(" ", 1) for line in proc.stdout.splitlines())
        self.assert_sts_answered_by_motoc(
            int(lines["status"]), ACCOUNT if STS_ACCOUNT in lines["body"] else lines["body"])
        self.assertTrue(lines["peer"].startswith("240.") or lines["peer"].startswith("100:"),
                        lines["peer"])
        self.assertIn(lines["local"], ("127.0.0.1", "0:0:0:0:0:0:0:1"))
        self.assertEqual(lines["nodelay"], "true")


class UnderMotocRun(ClientCases, StateDirTestCase):
    def wrap(self, argv):
        return [MOTOC_RUN, "--", *argv]

    def env(self):
        return clean_env(MOTOC_STATE_DIR=self.state_dir)


class UnderBarePreload(ClientCases, StateDirTestCase):
    """Every test starts with an empty state directory: the first TLS context a client builds
    makes the embedded core create the CA."""

    def wrap(self, argv):
        return argv

    def env(self):
        return preload_env(MOTOC_STATE_DIR=self.state_dir)

    @requires_tls
    @unittest.skipUnless(os.path.isdir(os.path.join(NODE_DIR, "node_modules/@aws-sdk/client-sts")),
                         "@aws-sdk/client-sts is not installed (scripts/setup installs it)")
    def test_node_sdk_https(self):
        # Node trusts only its own bundled store and NODE_EXTRA_CA_CERTS, read at start-up: under
        # a bare preload the CA must exist first and be named (motoc-run does both).
        subprocess.run([SERVER, "--ca-path"], env=self.env(), capture_output=True, check=True)
        self.node_sts("https", NODE_EXTRA_CA_CERTS=os.path.join(self.state_dir, "ca.pem"))


if __name__ == "__main__":
    run_tests()
