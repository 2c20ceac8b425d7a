"""Services and operations motoc does not emulate answer 404 NotYetImplemented naming the
operation, for every protocol: rest-json and rest-xml requests are matched against the routes of
every botocore service. Through boto3 and through curl --aws-sigv4."""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

# (service, client method, kwargs, operation)
CALLS = [
    ("appsync", "list_graphql_apis", {}, "ListGraphqlApis"),
    ("appsync", "get_graphql_api", {"apiId": "api1"}, "GetGraphqlApi"),
    ("apigateway", "get_rest_apis", {}, "GetRestApis"),
    ("apigatewayv2", "get_apis", {}, "GetApis"),
    ("eks", "list_clusters", {}, "ListClusters"),
    ("route53", "list_hosted_zones", {}, "ListHostedZones"),
    ("ecs", "list_clusters", {}, "ListClusters"),
    ("cloudformation", "list_stacks", {}, "ListStacks"),
    # an operation of an emulated rest service
    ("s3", "get_bucket_metadata_configuration", {"Bucket": "b"},
     "GetBucketMetadataConfiguration"),
]

# (signing name, method, path and query, body, content type, extra headers, operation)
CURL_CALLS = [
    ("appsync", "GET", "/v1/apis/", None, None, [], "ListGraphqlApis"),
    ("appsync", "GET", "/v1/apis", None, None, [], "ListGraphqlApis"),
    ("apigateway", "GET", "/restapis", None, None, [], "GetRestApis"),
    ("eks", "GET", "/clusters?maxResults=5", None, None, [], "ListClusters"),
    ("route53", "GET", "/2013-04-01/hostedzone", None, None, [], "ListHostedZones"),
    ("ecs", "POST", "/", "{}", "application/x-amz-json-1.1",
     ["X-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters"], "ListClusters"),
    ("cloudformation", "POST", "/", "Action=ListStacks&Version=2010-05-15",
     "application/x-www-form-urlencoded", [], "ListStacks"),
]


class NotYetImplementedTest(ServerTestCase):
    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}))

    def test_boto3_names_the_operation(self):
        for service, method, kwargs, operation in CALLS:
            with self.subTest(service=service, operation=operation):
                with self.assertRaises(ClientError) as caught:
                    getattr(self.client(service), method)(**kwargs)
                error = caught.exception.response
                self.assertEqual(error["Error"]["Code"], "NotYetImplemented")
                self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 404)
                self.assertEqual(error["Error"]["Message"],
                                 f"The {service} operation {operation} is not yet implemented "
                                 "by motoc")

    def test_curl_names_the_operation(self):
        for signing, method, target, body, content_type, headers, operation in CURL_CALLS:
            with self.subTest(service=signing, operation=operation):
                args = ["curl", "-sS", "-X", method, "--user", "testing:testing",
                        "--aws-sigv4", f"aws:amz:us-east-1:{signing}",
                        "-w", "\n%{http_code}", self.server.url + target]
                if body is not None:
                    args += ["--data-binary", body, "-H", f"Content-Type: {content_type}"]
                for header in headers:
                    args += ["-H", header]
                out = subprocess.run(args, capture_output=True, text=True, timeout=30,
                                     check=True).stdout
                text, status = out.rsplit("\n", 1)
                self.assertEqual(status, "404", text)
                self.assertIn("NotYetImplemented", text)
                self.assertIn(f"operation {operation} is not yet implemented", text)
                if content_type and "json" in content_type:
                    self.assertEqual(json.loads(text)["__type"], "NotYetImplemented")

    def test_routed_by_host_name(self):
        """Unsigned, as a client on the real AWS host names reaches motoc: the host alone tells
        the service."""
        for host, target, operation in [
                ("appsync.eu-west-1.amazonaws.com", "/v1/apis/", "ListGraphqlApis"),
                ("route53.amazonaws.com", "/2013-04-01/hostedzone", "ListHostedZones"),
                ("apigateway.us-east-1.amazonaws.com", "/restapis", "GetRestApis"),
                ("eks.us-west-2.amazonaws.com", "/clusters", "ListClusters")]:
            with self.subTest(host=host):
                out = subprocess.run(
                    ["curl", "-sS", "-H", f"Host: {host}", self.server.url + target],
                    capture_output=True, text=True, timeout=30, check=True).stdout
                self.assertIn(f"operation {operation} is not yet implemented", out)

    def test_unknown_rest_path_names_method_and_path(self):
        out = subprocess.run(
            ["curl", "-sS", "--user", "testing:testing", "--aws-sigv4", "aws:amz:us-east-1:eks",
             self.server.url + "/no/such/route"],
            capture_output=True, text=True, timeout=30, check=True).stdout
        self.assertIn("The eks operation for GET /no/such/route is not yet implemented", out)


if __name__ == "__main__":
    run_tests()
