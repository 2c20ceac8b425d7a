"""CloudWatch Logs metric filters through motoc-server with boto3: events that match a filter
become CloudWatch datapoints (a count, a value selected from JSON or from a space-delimited
field, dimensions, a default value), and an alarm on such a metric publishes to an SNS topic
that an SQS queue receives."""
import json
import os
import sys
import time
import unittest
import urllib.request
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402


class MetricFiltersTest(ServerTestCase):
    def setUp(self):
        urllib.request.urlopen(urllib.request.Request(self.server.url + "/moto-api/reset",
                                                      method="POST")).read()
        self.logs = self.client("logs")
        self.cloudwatch = self.client("cloudwatch")
        self.logs.create_log_group(logGroupName="/app")
        self.logs.create_log_stream(logGroupName="/app", logStreamName="web")

    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}))

    def filter(self, name, pattern, **transformation):
        transformation.setdefault("metricNamespace", "App")
        self.logs.put_metric_filter(logGroupName="/app", filterName=name, filterPattern=pattern,
                                    metricTransformations=[transformation])

    def put_events(self, *messages):
        now = int(time.time() * 1000)
        self.logs.put_log_events(logGroupName="/app", logStreamName="web", logEvents=[
            {"timestamp": now + i, "message": m} for i, m in enumerate(messages)])

    def statistics(self, name, dimensions=()):
        now = datetime.now(timezone.utc)
        points = self.cloudwatch.get_metric_statistics(
            Namespace="App", MetricName=name, Dimensions=list(dimensions), Period=3600,
            StartTime=now - timedelta(hours=1), EndTime=now + timedelta(hours=1),
            Statistics=["Sum", "SampleCount", "Maximum"])["Datapoints"]
        return [(p["Sum"], p["SampleCount"], p["Maximum"]) for p in points]

    def test_matching_events_count_and_carry_selected_values_and_dimensions(self):
        self.filter("errors", "ERROR", metricName="Errors", metricValue="1")
        self.filter("latency", "{ $.latency > 0 }", metricName="Latency",
                    metricValue="$.latency", unit="Milliseconds",
                    dimensions={"Route": "$.route"})
        self.filter("bytes", "[ip, user, status = 2*, bytes]", metricName="Bytes",
                    metricValue="$bytes")
        self.put_events("ERROR disk full", "INFO fine", "ERROR again",
                        json.dumps({"latency": 120, "route": "/a"}),
                        json.dumps({"latency": 80, "route": "/a"}),
                        json.dumps({"latency": 5, "route": "/b"}),
                        "10.0.0.1 ann 200 512", "10.0.0.2 bob 404 9", "10.0.0.3 cy 201 100")
        self.assertEqual(self.statistics("Errors"), [(2.0, 2.0, 1.0)])
        self.assertEqual(self.statistics("Latency", [{"Name": "Route", "Value": "/a"}]),
                         [(200.0, 2.0, 120.0)])
        self.assertEqual(self.statistics("Latency", [{"Name": "Route", "Value": "/b"}]),
                         [(5.0, 1.0, 5.0)])
        self.assertEqual(self.statistics("Bytes"), [(612.0, 2.0, 512.0)])
        listed = self.cloudwatch.list_metrics(Namespace="App", MetricName="Latency")["Metrics"]
        self.assertEqual(sorted(m["Dimensions"][0]["Value"] for m in listed), ["/a", "/b"])

    def test_a_batch_without_matches_reports_the_default_value(self):
        self.filter("errors", "ERROR", metricName="Errors", metricValue="1", defaultValue=0)
        self.put_events("INFO one", "INFO two")
        self.assertEqual(self.statistics("Errors"), [(0.0, 1.0, 0.0)])
        self.put_events("ERROR now")
        self.assertEqual(self.statistics("Errors"), [(1.0, 2.0, 1.0)])

    def test_an_alarm_on_a_filtered_metric_notifies_sns_and_sqs_receives_it(self):
        sns, sqs = self.client("sns"), self.client("sqs")
        topic = sns.create_topic(Name="on-call")["TopicArn"]
        queue = sqs.create_queue(QueueName="pages")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
        self.filter("server-errors", "[..., status = 5*, bytes]", metricName="ServerErrors",
                    metricValue="1")
        self.cloudwatch.put_metric_alarm(
            AlarmName="too-many-5xx", Namespace="App", MetricName="ServerErrors",
            Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=3,
            ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])
        self.put_events("GET /a 500 10", "GET /b 200 10", "GET /c 503 10")
        self.assertNotIn("Messages", sqs.receive_message(QueueUrl=queue))
        self.put_events("GET /d 502 10")
        alarm = self.cloudwatch.describe_alarms(AlarmNames=["too-many-5xx"])["MetricAlarms"][0]
        self.assertEqual(alarm["StateValue"], "ALARM")
        messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=2)["Messages"]
        notice = json.loads(json.loads(messages[0]["Body"])["Message"])
        self.assertEqual((notice["AlarmName"], notice["NewStateValue"]), ("too-many-5xx", "ALARM"))
        self.assertEqual(notice["Trigger"]["MetricName"], "ServerErrors")


if __name__ == "__main__":
    run_tests()
