"""motoc-server with real clients: curl, the AWS CLI and boto3 pointed at it by endpoint URL."""
import json
import os
import re
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, SERVER, MotocServer, ServerTestCase, run_tests  # noqa: E402
from raw_http import raw_exchange  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402


def curl(url, *args):
    """Returns (status, body) of one curl request."""
    out = subprocess.run(
        ["curl", "-sS", "--max-time", "20", "-o", "-", "-w", "\n%{http_code}", *args, url],
        capture_output=True, text=True, check=True).stdout
    body, _, status = out.rpartition("\n")
    return int(status), body


class NotYetImplementedTest(ServerTestCase):
    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}))

    def test_curl_unknown_operation_of_known_service(self):
        status, body = curl(
            self.server.url, "-X", "POST",
            "-H", "X-Amz-Target: AWSStepFunctions.FrobnicateMachine",
            "-H", "Content-Type: application/x-amz-json-1.0", "-d", "{}")
        self.assertEqual(status, 404)
        error = json.loads(body)
        self.assertEqual(error["__type"], "NotYetImplemented")
        self.assertIn("stepfunctions", error["message"])
        self.assertIn("FrobnicateMachine", error["message"])

    def test_curl_unknown_service(self):
        status, body = curl(self.server.url + "/whatever",
                            "-H", "Host: nosuchservice.us-east-1.amazonaws.com")
        self.assertEqual(status, 404)
        self.assertIn("<Code>NotYetImplemented</Code>", body)
        self.assertIn("/whatever", body)

    def test_aws_cli_stepfunctions_list_state_machines(self):
        proc = subprocess.run(
            ["aws", "--endpoint-url", self.server.url, "stepfunctions", "list-state-machines"],
            capture_output=True, text=True, env={**os.environ, **CLIENT_ENV}, timeout=120)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("NotYetImplemented", proc.stderr)
        self.assertIn("ListStateMachines", proc.stderr)

    def assert_not_implemented(self, call, operation):
        with self.assertRaises(ClientError) as ctx:
            call()
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], "NotYetImplemented")
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.assertEqual(ctx.exception.operation_name, operation)
        return err

    def test_boto3_json_protocol(self):
        err = self.assert_not_implemented(self.client("ecs").list_clusters, "ListClusters")
        self.assertIn("ListClusters", err["Error"]["Message"])

    def test_boto3_query_protocol(self):
        err = self.assert_not_implemented(self.client("cloudformation").list_stacks, "ListStacks")
        self.assertIn("cloudformation", err["Error"]["Message"])
        self.assertIn("ListStacks", err["Error"]["Message"])

    def test_boto3_ec2_protocol(self):
        err = self.assert_not_implemented(self.client("ec2").describe_vpcs, "DescribeVpcs")
        self.assertIn("DescribeVpcs", err["Error"]["Message"])

    def test_boto3_rest_xml(self):
        err = self.assert_not_implemented(self.client("route53").list_hosted_zones,
                                          "ListHostedZones")
        self.assertIn("route53", err["Error"]["Message"])

    def test_boto3_rest_json(self):
        err = self.assert_not_implemented(self.client("appsync").list_graphql_apis,
                                          "ListGraphqlApis")
        self.assertIn("appsync", err["Error"]["Message"])

    def test_request_log_names_service_and_operation(self):
        curl(self.server.url, "-X", "POST", "-H", "X-Amz-Target: AWSStepFunctions.ListActivities",
             "-H", "Content-Type: application/x-amz-json-1.0", "-d", "{}")
        deadline = time.time() + 5
        while "ListActivities" not in self.server.stderr() and time.time() < deadline:
            time.sleep(0.05)
        lines = [l for l in self.server.stderr().splitlines() if "ListActivities" in l]
        self.assertTrue(any("POST" in l and "stepfunctions" in l and " 404 " in l for l in lines), lines)


class MotoApiTest(ServerTestCase):
    def test_reset_needs_post(self):
        status, body = curl(self.server.url + "/moto-api/reset")
        self.assertEqual(status, 400)
        status, body = curl(self.server.url + "/moto-api/reset", "-X", "POST")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"status": "ok"})

    def test_reset_on_moto_api_host(self):
        status, body = curl(self.server.url + "/moto-api/reset", "-X", "POST",
                            "-H", "Host: motoapi.amazonaws.com")
        self.assertEqual((status, json.loads(body)), (200, {"status": "ok"}))

    def test_data_json(self):
        status, body = curl(self.server.url + "/moto-api/data.json")
        self.assertEqual(status, 200)
        self.assertIsInstance(json.loads(body), dict)


class RobustnessTest(ServerTestCase):
    def assert_still_answers(self):
        status, body = curl(self.server.url + "/moto-api/data.json")
        self.assertEqual(status, 200)

    def test_garbage_bytes_get_400(self):
        reply = raw_exchange(self.server.port, os.urandom(4096) + b"\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 400 "), reply[:200])
        self.assert_still_answers()

    def test_half_sent_request_does_not_block_others(self):
        stuck = socket.create_connection(("127.0.0.1", self.server.port))
        try:
            stuck.sendall(b"POST / HTTP/1.1\r\nHost: sqs.us-east-1.amazonaws.com\r\n"
                          b"Content-Length: 100\r\n\r\nAction=")
            started = time.monotonic()
            self.assert_still_answers()
            self.assertLess(time.monotonic() - started, 5)
        finally:
            stuck.close()
        self.assert_still_answers()

    def test_headers_too_large_get_431(self):
        reply = raw_exchange(self.server.port,
                             b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 431 "), reply[:200])

    def test_body_over_limit_gets_413(self):
        reply = raw_exchange(self.server.port,
                             b"PUT /b/k HTTP/1.1\r\nHost: s3.amazonaws.com\r\n"
                             b"Content-Length: 99999999999\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 413 "), reply[:200])

    def test_pipelined_requests_answered_in_order(self):
        request = (b"GET /moto-api/data.json HTTP/1.1\r\nHost: x\r\n\r\n"
                   b"POST /moto-api/reset HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                   b"GET /moto-api/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = raw_exchange(self.server.port, request)
        # Bodies are not CRLF-terminated: a status line may follow a body directly.
        statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", reply)
        self.assertEqual(statuses, [b"200", b"200", b"404"])

    def test_chunked_body_with_expect_continue(self):
        status, body = curl(self.server.url, "-X", "POST",
                            "-H", "X-Amz-Target: AWSStepFunctions.ListActivities",
                            "-H", "Content-Type: application/x-amz-json-1.0",
                            "-H", "Transfer-Encoding: chunked", "-H", "Expect: 100-continue",
                            "--data-binary", "{}")
        self.assertEqual(status, 404)
        self.assertIn("ListActivities", body)

    def test_many_connections_at_once(self):
        sockets = [socket.create_connection(("127.0.0.1", self.server.port)) for _ in range(200)]
        for s in sockets:
            s.close()
        self.assert_still_answers()


class SmallBodyLimitTest(ServerTestCase):
    server_args = ("--max-body-bytes", "10")

    def test_configured_limit(self):
        status, _ = curl(self.server.url + "/moto-api/reset", "-X", "POST", "-d", "x" * 11)
        self.assertEqual(status, 413)
        status, _ = curl(self.server.url + "/moto-api/reset", "-X", "POST", "-d", "x" * 10)
        self.assertEqual(status, 200)


class StartupTest(unittest.TestCase):
    def test_port_zero_picks_distinct_free_ports(self):
        a, b = MotocServer(), MotocServer()
        try:
            self.assertNotEqual(a.port, b.port)
        finally:
            self.assertEqual(a.stop(), 0)
            self.assertEqual(b.stop(), 0)
            a.log.close()
            b.log.close()

    def test_busy_port_is_reported(self):
        a = MotocServer()
        try:
            proc = subprocess.run([SERVER,
                                   "-p", str(a.port)], capture_output=True, text=True, timeout=10)
            self.assertEqual(proc.returncode, 1)
            self.assertIn("cannot listen", proc.stderr)
        finally:
            a.stop()
            a.log.close()


if __name__ == "__main__":
    run_tests()
