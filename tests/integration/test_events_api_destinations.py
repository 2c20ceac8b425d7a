"""EventBridge connections and API destinations through motoc-server with boto3: credentials kept
in a Secrets Manager secret owned by EventBridge, connection states, and a rule whose target is an
API destination sending the transformed event to a local HTTP server with the connection's
API key, headers, path and query parameters."""
import http.server
import json
import os
import queue
import sys
import threading
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.put((self.command, self.path, dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST

    def log_message(self, *args):
        pass


class ApiDestinationsTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        cls.receiver.received = queue.Queue()
        threading.Thread(target=cls.receiver.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.receiver.shutdown()
        cls.receiver.server_close()
        super().tearDownClass()

    def setUp(self):
        urllib.request.urlopen(urllib.request.Request(self.server.url + "/moto-api/reset",
                                                      method="POST")).read()
        self.events = self.client("events")
        self.secrets = self.client("secretsmanager")

    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}))

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response["Error"]

    def test_connection_credentials_live_in_an_events_owned_secret(self):
        created = self.events.create_connection(
            Name="billing", Description="billing API", AuthorizationType="BASIC",
            AuthParameters={"BasicAuthParameters": {"Username": "ann", "Password": "s3cret"},
                            "InvocationHttpParameters": {"HeaderParameters": [
                                {"Key": "X-Team", "Value": "red", "IsValueSecret": False},
                                {"Key": "X-Token", "Value": "hidden", "IsValueSecret": True}]}})
        self.assertEqual(created["ConnectionState"], "AUTHORIZED")
        self.assertTrue(created["ConnectionArn"].startswith(
            f"arn:aws:events:us-east-1:{ACCOUNT}:connection/billing/"))
        described = self.events.describe_connection(Name="billing")
        self.assertEqual(described["AuthParameters"]["BasicAuthParameters"], {"Username": "ann"})
        self.assertEqual(described["AuthParameters"]["InvocationHttpParameters"][
            "HeaderParameters"], [{"Key": "X-Team", "Value": "red", "IsValueSecret": False},
                                  {"Key": "X-Token", "IsValueSecret": True}])
        secret_arn = described["SecretArn"]
        secret = self.secrets.describe_secret(SecretId=secret_arn)
        self.assertTrue(secret["Name"].startswith("events!connection/billing/"))
        self.assertEqual(secret["OwningService"], "events")
        value = json.loads(self.secrets.get_secret_value(SecretId=secret_arn)["SecretString"])
        self.assertEqual((value["username"], value["password"]), ("ann", "s3cret"))
        self.assertEqual(value["invocation_http_parameters"]["header_parameters"][1],
                         {"key": "X-Token", "value": "hidden", "is_value_secret": True})

        self.events.update_connection(Name="billing", AuthParameters={
            "BasicAuthParameters": {"Username": "bob", "Password": "n3w"}})
        value = json.loads(self.secrets.get_secret_value(SecretId=secret_arn)["SecretString"])
        self.assertEqual((value["username"], value["password"]), ("bob", "n3w"))
        self.assertEqual(self.events.deauthorize_connection(Name="billing")["ConnectionState"],
                         "DEAUTHORIZING")
        self.assertEqual(self.events.describe_connection(Name="billing")["ConnectionState"],
                         "DEAUTHORIZED")
        self.assertEqual([c["Name"] for c in self.events.list_connections(
            ConnectionState="DEAUTHORIZED")["Connections"]], ["billing"])
        deleted = self.events.delete_connection(Name="billing")
        self.assertEqual(deleted["ConnectionArn"], created["ConnectionArn"])
        err = self.error(self.secrets.describe_secret, SecretId=secret_arn)
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        err = self.error(self.events.describe_connection, Name="billing")
        self.assertEqual((err["Code"], err["Message"]),
                         ("ResourceNotFoundException", "Connection 'billing' does not exist."))

    def test_rule_target_posts_to_the_api_destination_with_the_api_key(self):
        connection = self.events.create_connection(
            Name="hooks", AuthorizationType="API_KEY",
            AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key",
                                                     "ApiKeyValue": "k-123"},
                            "InvocationHttpParameters": {"QueryStringParameters": [
                                {"Key": "source", "Value": "motoc events",
                                 "IsValueSecret": False}]}})["ConnectionArn"]
        port = self.receiver.server_address[1]
        destination = self.events.create_api_destination(
            Name="orders-hook", ConnectionArn=connection, HttpMethod="POST",
            InvocationEndpoint=f"http://127.0.0.1:{port}/orders/*/events",
            InvocationRateLimitPerSecond=10)
        self.assertEqual(destination["ApiDestinationState"], "ACTIVE")
        described = self.events.describe_api_destination(Name="orders-hook")
        self.assertEqual((described["HttpMethod"], described["InvocationRateLimitPerSecond"]),
                         ("POST", 10))
        err = self.error(self.events.create_api_destination, Name="broken", HttpMethod="POST",
                         ConnectionArn=connection.replace("hooks", "nope"),
                         InvocationEndpoint="http://127.0.0.1/")
        self.assertEqual(err["Code"], "ResourceNotFoundException")

        self.events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop"]}))
        self.events.put_targets(Rule="orders", Targets=[{
            "Id": "hook", "Arn": destination["ApiDestinationArn"],
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/events",
            "InputTransformer": {"InputPathsMap": {"id": "$.detail.id"},
                                 "InputTemplate": '{"order": <id>}'},
            "HttpParameters": {"PathParameterValues": ["o-9"],
                               "HeaderParameters": {"X-Shop": "north"},
                               "QueryStringParameters": {"mode": "test"}}}])
        self.events.put_events(Entries=[{"Source": "shop", "DetailType": "Order",
                                         "Detail": json.dumps({"id": "o-9"})}])
        method, path, headers, body = self.receiver.received.get(timeout=10)
        self.assertEqual(method, "POST")
        self.assertEqual(path, "/orders/o-9/events?source=motoc%20events&mode=test")
        self.assertEqual(headers["x-api-key"], "k-123")
        self.assertEqual(headers["X-Shop"], "north")
        self.assertEqual(json.loads(body), {"order": "o-9"})

        self.events.update_api_destination(Name="orders-hook", HttpMethod="PUT")
        self.assertEqual(self.events.list_api_destinations(
            ConnectionArn=connection)["ApiDestinations"][0]["HttpMethod"], "PUT")
        self.events.delete_api_destination(Name="orders-hook")
        err = self.error(self.events.describe_api_destination, Name="orders-hook")
        self.assertEqual(err["Message"], "An api-destination 'orders-hook' does not exist.")


if __name__ == "__main__":
    run_tests()
