"""CloudWatch Logs vended log deliveries through motoc-server with boto3: sources checked against
the services and log types AWS supports, destinations typed by their resource, deliveries pairing
them, policies, tags, paging and the errors of each."""
import json
import os
import sys
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

DISTRIBUTION = "arn:aws:cloudfront::123456789012:distribution/EDFDVBD632BHDS5"
BUCKET = "arn:aws:s3:::access-logs"
STREAM = "arn:aws:firehose:us-east-1:123456789012:deliverystream/logs"


class DeliveriesTest(ServerTestCase):
    def setUp(self):
        urllib.request.urlopen(urllib.request.Request(self.server.url + "/moto-api/reset",
                                                      method="POST")).read()
        self.logs = boto3.client("logs", endpoint_url=self.server.url, region_name="us-east-1",
                                 config=Config(retries={"max_attempts": 1}))

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response["Error"]

    def test_sources_accept_only_services_and_log_types_that_send_vended_logs(self):
        source = self.logs.put_delivery_source(name="cdn", resourceArn=DISTRIBUTION,
                                               logType="ACCESS_LOGS",
                                               tags={"team": "edge"})["deliverySource"]
        self.assertEqual(source["arn"], "arn:aws:logs:us-east-1:123456789012:delivery-source:cdn")
        self.assertEqual((source["service"], source["resourceArns"], source["tags"]),
                         ("cloudfront", [DISTRIBUTION], {"team": "edge"}))
        err = self.error(self.logs.put_delivery_source, name="b", resourceArn=BUCKET,
                         logType="ACCESS_LOGS")
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        err = self.error(self.logs.put_delivery_source, name="c", resourceArn=DISTRIBUTION,
                         logType="EVENT_LOGS")
        self.assertEqual(err["Code"], "ValidationException")
        err = self.error(self.logs.put_delivery_source, name="cdn",
                         resourceArn=DISTRIBUTION + "X", logType="ACCESS_LOGS")
        self.assertEqual(err["Code"], "ConflictException")
        err = self.error(self.logs.get_delivery_source, name="missing")
        self.assertEqual(err["Code"], "ResourceNotFoundException")

    def test_destinations_take_their_type_from_the_resource_and_keep_the_format(self):
        made = self.logs.put_delivery_destination(
            name="bucket", outputFormat="json",
            deliveryDestinationConfiguration={"destinationResourceArn": BUCKET})
        self.assertEqual(made["deliveryDestination"]["deliveryDestinationType"], "S3")
        self.logs.put_delivery_destination(
            name="bucket", deliveryDestinationConfiguration={"destinationResourceArn": BUCKET + "2"})
        got = self.logs.get_delivery_destination(name="bucket")["deliveryDestination"]
        self.assertEqual((got["outputFormat"], got["deliveryDestinationConfiguration"]),
                         ("json", {"destinationResourceArn": BUCKET + "2"}))
        err = self.error(self.logs.put_delivery_destination, name="bucket", outputFormat="plain",
                         deliveryDestinationConfiguration={"destinationResourceArn": BUCKET})
        self.assertEqual(err["Code"], "ValidationException")
        err = self.error(self.logs.put_delivery_destination, name="x", outputFormat="yaml",
                         deliveryDestinationConfiguration={"destinationResourceArn": BUCKET})
        self.assertEqual(err["Code"], "ValidationException")
        self.assertIn("outputFormat", err["Message"])
        err = self.error(self.logs.put_delivery_destination, name="x",
                         deliveryDestinationConfiguration={"destinationResourceArn": DISTRIBUTION})
        self.assertEqual(err["Code"], "ValidationException")
        hose = self.logs.put_delivery_destination(
            name="hose", deliveryDestinationConfiguration={"destinationResourceArn": STREAM})
        self.assertEqual(hose["deliveryDestination"]["deliveryDestinationType"], "FH")

    def test_destination_policies_round_trip(self):
        self.logs.put_delivery_destination(
            name="bucket", deliveryDestinationConfiguration={"destinationResourceArn": BUCKET})
        self.assertEqual(self.logs.get_delivery_destination_policy(
            deliveryDestinationName="bucket")["policy"], {})
        policy = json.dumps({"Version": "2012-10-17", "Statement": []})
        self.logs.put_delivery_destination_policy(deliveryDestinationName="bucket",
                                                  deliveryDestinationPolicy=policy)
        self.assertEqual(self.logs.get_delivery_destination_policy(
            deliveryDestinationName="bucket")["policy"], {"deliveryDestinationPolicy": policy})
        self.logs.delete_delivery_destination_policy(deliveryDestinationName="bucket")
        err = self.error(self.logs.delete_delivery_destination_policy,
                         deliveryDestinationName="bucket")
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        err = self.error(self.logs.put_delivery_destination_policy,
                         deliveryDestinationName="missing", deliveryDestinationPolicy=policy)
        self.assertEqual(err["Code"], "ResourceNotFoundException")

    def test_deliveries_pair_one_source_with_one_destination(self):
        self.logs.put_delivery_source(name="cdn", resourceArn=DISTRIBUTION, logType="ACCESS_LOGS")
        dest_arn = self.logs.put_delivery_destination(
            name="bucket", deliveryDestinationConfiguration={"destinationResourceArn": BUCKET}
        )["deliveryDestination"]["arn"]
        hose_arn = self.logs.put_delivery_destination(
            name="hose", deliveryDestinationConfiguration={"destinationResourceArn": STREAM}
        )["deliveryDestination"]["arn"]
        delivery = self.logs.create_delivery(
            deliverySourceName="cdn", deliveryDestinationArn=dest_arn, recordFields=["date"],
            s3DeliveryConfiguration={"suffixPath": "cdn/", "enableHiveCompatiblePath": True},
            tags={"k": "v"})["delivery"]
        self.assertEqual((delivery["deliveryDestinationType"], delivery["recordFields"],
                          delivery["tags"]), ("S3", ["date"], {"k": "v"}))
        self.assertEqual(delivery["arn"],
                         "arn:aws:logs:us-east-1:123456789012:delivery:" + delivery["id"])
        err = self.error(self.logs.create_delivery, deliverySourceName="cdn",
                         deliveryDestinationArn=dest_arn)
        self.assertEqual(err["Code"], "ConflictException")
        err = self.error(self.logs.create_delivery, deliverySourceName="cdn",
                         deliveryDestinationArn=hose_arn,
                         s3DeliveryConfiguration={"suffixPath": "x"})
        self.assertEqual(err["Code"], "ValidationException")
        second = self.logs.create_delivery(deliverySourceName="cdn",
                                           deliveryDestinationArn=hose_arn)["delivery"]
        first_page = self.logs.describe_deliveries(limit=1)
        rest = self.logs.describe_deliveries(nextToken=first_page["nextToken"])
        self.assertEqual(sorted(d["id"] for d in first_page["deliveries"] + rest["deliveries"]),
                         sorted([delivery["id"], second["id"]]))
        self.assertNotIn("nextToken", rest)
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=delivery["arn"])["tags"],
                         {"k": "v"})
        err = self.error(self.logs.delete_delivery_source, name="cdn")
        self.assertEqual(err["Code"], "ConflictException")
        err = self.error(self.logs.delete_delivery_destination, name="bucket")
        self.assertEqual(err["Code"], "ConflictException")
        self.logs.update_delivery_configuration(id=delivery["id"], recordFields=["date", "time"])
        self.assertEqual(self.logs.get_delivery(id=delivery["id"])["delivery"]["recordFields"],
                         ["date", "time"])
        for made in (delivery, second):
            self.logs.delete_delivery(id=made["id"])
        self.logs.delete_delivery_destination(name="bucket")
        self.logs.delete_delivery_source(name="cdn")
        self.assertEqual(self.logs.describe_delivery_sources()["deliverySources"], [])
        err = self.error(self.logs.get_delivery, id=delivery["id"])
        self.assertEqual(err["Code"], "ResourceNotFoundException")


if __name__ == "__main__":
    run_tests()
