"""EventBridge through motoc-server with boto3 and the AWS CLI: buses, rules with patterns,
targets on SQS (standard and FIFO), SNS, Kinesis and other buses, input paths and transformers,
dead-letter queues, PutEvents' per-entry results, TestEventPattern, tags and errors; CloudWatch
Logs subscriptions into Kinesis."""
import gzip
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

CLIENT_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
              "AWS_DEFAULT_REGION": "us-east-1"}


class EventsTest(ServerTestCase):
    def setUp(self):
        urllib.request.urlopen(urllib.request.Request(self.server.url + "/moto-api/reset",
                                                      method="POST")).read()
        self.events = self.client("events")
        self.sqs = self.client("sqs")

    def client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}))

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response["Error"]

    def queue(self, name, **attributes):
        url = self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        return url, arn

    def bodies(self, url):
        got = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                       MessageAttributeNames=["All"])
        return got.get("Messages", [])

    def put(self, detail, source="shop", detail_type="Order", **entry):
        return self.events.put_events(Entries=[{"Source": source, "DetailType": detail_type,
                                                "Detail": json.dumps(detail), **entry}])

    def test_matching_events_reach_sqs_as_eventbridge_events(self):
        url, arn = self.queue("orders")
        self.events.put_rule(Name="big", EventPattern=json.dumps(
            {"source": ["shop"], "detail": {"total": [{"numeric": [">", 100]}]}}))
        self.events.put_targets(Rule="big", Targets=[{"Id": "q", "Arn": arn}])
        answer = self.put({"total": 150, "id": "o-1"})
        self.assertEqual(answer["FailedEntryCount"], 0)
        self.put({"total": 5, "id": "o-2"})
        messages = self.bodies(url)
        self.assertEqual(len(messages), 1)
        event = json.loads(messages[0]["Body"])
        self.assertEqual((event["source"], event["detail-type"], event["detail"]["id"],
                          event["account"], event["region"], event["version"]),
                         ("shop", "Order", "o-1", "123456789012", "us-east-1", "0"))
        self.assertEqual(event["id"], answer["Entries"][0]["EventId"])
        self.assertRegex(event["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_input_path_and_transformer_shape_what_targets_get(self):
        path_url, path_arn = self.queue("paths")
        text_url, text_arn = self.queue("texts")
        json_url, json_arn = self.queue("jsons")
        self.events.put_rule(Name="all", EventPattern=json.dumps({"source": ["shop"]}))
        self.events.put_targets(Rule="all", Targets=[
            {"Id": "p", "Arn": path_arn, "InputPath": "$.detail.customer"},
            {"Id": "t", "Arn": text_arn, "InputTransformer": {
                "InputPathsMap": {"who": "$.detail.customer.name", "n": "$.detail.total"},
                "InputTemplate": '"<who> spent <n> (<aws.events.rule-name>)"'}},
            {"Id": "j", "Arn": json_arn, "InputTransformer": {
                "InputPathsMap": {"who": "$.detail.customer.name", "n": "$.detail.total",
                                  "c": "$.detail.customer"},
                "InputTemplate": '{"name": <who>, "total": <n>, "note": "for <who>", '
                                 '"customer": <c>}'}}])
        self.put({"total": 12, "customer": {"name": "Ann \"A\"", "vip": True}})
        self.assertEqual(json.loads(self.bodies(path_url)[0]["Body"]),
                         {"name": "Ann \"A\"", "vip": True})
        self.assertEqual(self.bodies(text_url)[0]["Body"], '"Ann \\"A\\" spent 12 (all)"')
        self.assertEqual(json.loads(self.bodies(json_url)[0]["Body"]),
                         {"name": "Ann \"A\"", "total": 12, "note": "for Ann \"A\"",
                          "customer": {"name": "Ann \"A\"", "vip": True}})

    def test_custom_bus_fifo_queue_sns_and_bus_to_bus(self):
        self.events.create_event_bus(Name="orders", Tags=[{"Key": "team", "Value": "a"}])
        fifo_url, fifo_arn = self.queue("ordered.fifo", FifoQueue="true")
        sns = self.client("sns")
        topic = sns.create_topic(Name="fanout")["TopicArn"]
        topic_url, topic_queue = self.queue("from-topic")
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=topic_queue,
                      Attributes={"RawMessageDelivery": "true"})
        err = self.error(self.events.put_targets, Rule="r", EventBusName="orders",
                         Targets=[{"Id": "s", "Arn": topic}])
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        self.events.put_rule(Name="r", EventBusName="orders",
                             EventPattern=json.dumps({"detail-type": [{"prefix": "Ord"}]}))
        err = self.error(self.events.put_targets, Rule="r", EventBusName="orders",
                         Targets=[{"Id": "f", "Arn": fifo_arn}])
        self.assertEqual(err["Code"], "ValidationException")
        self.assertEqual(err["Message"],
                         "Parameter(s) SqsParameters must be specified for target: f.")
        self.events.put_targets(Rule="r", EventBusName="orders", Targets=[
            {"Id": "f", "Arn": fifo_arn, "SqsParameters": {"MessageGroupId": "g1"}},
            {"Id": "s", "Arn": topic}])
        self.events.put_rule(Name="forward", EventPattern=json.dumps({"source": ["edge"]}))
        bus_arn = self.events.describe_event_bus(Name="orders")["Arn"]
        self.events.put_targets(Rule="forward", Targets=[{"Id": "b", "Arn": bus_arn}])
        self.put({"n": 1}, source="edge")
        fifo = self.sqs.receive_message(QueueUrl=fifo_url, AttributeNames=["MessageGroupId"])[
            "Messages"]
        self.assertEqual(fifo[0]["Attributes"]["MessageGroupId"], "g1")
        self.assertEqual(json.loads(self.bodies(topic_url)[0]["Body"])["source"], "edge")
        self.assertEqual(self.events.list_tags_for_resource(ResourceARN=bus_arn)["Tags"],
                         [{"Key": "team", "Value": "a"}])
        self.assertEqual(self.events.list_rule_names_by_target(
            TargetArn=topic, EventBusName="orders")["RuleNames"], ["r"])

    def test_failed_deliveries_go_to_the_dead_letter_queue(self):
        dlq_url, dlq_arn = self.queue("dlq")
        self.events.put_rule(Name="r", EventPattern=json.dumps({"source": ["shop"]}))
        self.events.put_targets(Rule="r", Targets=[{
            "Id": "gone", "Arn": "arn:aws:sqs:us-east-1:123456789012:no-such-queue",
            "DeadLetterConfig": {"Arn": dlq_arn}}])
        self.put({"x": 1})
        message = self.bodies(dlq_url)[0]
        self.assertEqual(json.loads(message["Body"])["detail"], {"x": 1})
        attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
        self.assertEqual(attributes["TARGET_ARN"],
                         "arn:aws:sqs:us-east-1:123456789012:no-such-queue")
        self.assertIn("RULE_ARN", attributes)

    def test_put_events_reports_each_entry(self):
        answer = self.events.put_events(Entries=[
            {"Source": "shop", "DetailType": "x", "Detail": "{}"},
            {"Source": "shop", "DetailType": "x"},
            {"Source": "shop", "DetailType": "x", "Detail": "[1]"},
            {"Source": "aws.s3", "DetailType": "x", "Detail": "{}"},
            {"Source": "shop", "DetailType": "x", "Detail": "{}", "EventBusName": "nope"}])
        self.assertEqual(answer["FailedEntryCount"], 4)
        codes = [e.get("ErrorCode") for e in answer["Entries"]]
        self.assertEqual(codes, [None, "InvalidArgument", "MalformedDetail",
                                 "NotAuthorizedForSourceException", "ResourceNotFoundException"])
        self.assertIn("EventId", answer["Entries"][0])

    def test_update_event_bus_changes_its_description_and_dead_letter_queue(self):
        self.events.create_event_bus(Name="billing", Description="old")
        _, dlq = self.queue("bus-dlq")
        answer = self.events.update_event_bus(Name="billing", Description="new",
                                              DeadLetterConfig={"Arn": dlq})
        self.assertEqual((answer["Name"], answer["Description"], answer["DeadLetterConfig"]),
                         ("billing", "new", {"Arn": dlq}))
        bus = self.events.describe_event_bus(Name="billing")
        self.assertEqual((bus["Description"], bus["DeadLetterConfig"]), ("new", {"Arn": dlq}))
        err = self.error(self.events.update_event_bus, Name="nope", Description="x")
        self.assertEqual((err["Code"], err["Message"]),
                         ("ResourceNotFoundException", "Event bus nope does not exist."))

    def test_rules_are_validated_listed_and_kept_while_targeted(self):
        err = self.error(self.events.put_rule, Name="bad", EventPattern='{"source": "x"}')
        self.assertEqual(err["Code"], "InvalidEventPatternException")
        self.assertTrue(err["Message"].startswith("Event pattern is not valid. Reason: "))
        err = self.error(self.events.put_rule, Name="bad", ScheduleExpression="rate(0 minutes)")
        self.assertEqual(err["Code"], "ValidationException")
        self.events.put_rule(Name="tick", ScheduleExpression="rate(5 minutes)", State="DISABLED")
        self.events.put_rule(Name="nightly", ScheduleExpression="cron(0 3 * * ? *)")
        rules = self.events.list_rules(Limit=1)
        rest = self.events.list_rules(NextToken=rules["NextToken"])
        self.assertEqual([r["Name"] for r in rules["Rules"] + rest["Rules"]], ["nightly", "tick"])
        self.assertEqual(self.events.describe_rule(Name="tick")["State"], "DISABLED")
        self.events.enable_rule(Name="tick")
        self.assertEqual(self.events.describe_rule(Name="tick")["State"], "ENABLED")
        _, arn = self.queue("q")
        self.events.put_targets(Rule="tick", Targets=[{"Id": "q", "Arn": arn}])
        err = self.error(self.events.delete_rule, Name="tick")
        self.assertEqual(err["Code"], "ValidationException")
        self.events.remove_targets(Rule="tick", Ids=["q"])
        self.events.delete_rule(Name="tick")
        err = self.error(self.events.describe_rule, Name="tick")
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        self.assertEqual(err["Message"], "Rule tick does not exist on EventBus default.")

    def test_test_event_pattern_through_the_cli(self):
        event = json.dumps({"id": "1", "account": "123456789012", "source": "shop",
                            "time": "2024-01-01T00:00:00Z", "region": "us-east-1",
                            "detail-type": "Order", "resources": [], "detail": {"n": 3}})
        done = subprocess.run(
            ["aws", "--endpoint-url", self.server.url, "--region", "us-east-1", "--output", "json",
             "events", "test-event-pattern", "--event", event,
             "--event-pattern", json.dumps({"detail": {"n": [{"numeric": ["<", 5]}]}})],
            capture_output=True, text=True, timeout=60, env={**os.environ, **CLIENT_ENV})
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(json.loads(done.stdout)["Result"])
        err = self.error(self.events.test_event_pattern, EventPattern='{"a": ["x"]}',
                         Event='{"source": "x"}')
        self.assertEqual(err["Code"], "ValidationException")


    def test_events_and_log_subscriptions_reach_kinesis(self):
        kinesis, logs = self.client("kinesis"), self.client("logs")
        kinesis.create_stream(StreamName="feed", ShardCount=1)
        stream_arn = kinesis.describe_stream_summary(StreamName="feed")[
            "StreamDescriptionSummary"]["StreamARN"]
        self.events.put_rule(Name="to-stream", EventPattern=json.dumps({"source": ["shop"]}))
        self.events.put_targets(Rule="to-stream", Targets=[{
            "Id": "k", "Arn": stream_arn, "InputPath": "$.detail",
            "KinesisParameters": {"PartitionKeyPath": "$.detail.customer"}}])
        self.put({"customer": "ann", "total": 3})
        logs.create_log_group(logGroupName="/app")
        logs.create_log_stream(logGroupName="/app", logStreamName="web")
        logs.put_subscription_filter(logGroupName="/app", filterName="errors",
                                     filterPattern="ERROR", destinationArn=stream_arn)
        logs.put_log_events(logGroupName="/app", logStreamName="web", logEvents=[
            {"timestamp": int(time.time() * 1000), "message": "ERROR boom"},
            {"timestamp": int(time.time() * 1000), "message": "INFO fine"}])
        shard = kinesis.list_shards(StreamName="feed")["Shards"][0]["ShardId"]
        iterator = kinesis.get_shard_iterator(StreamName="feed", ShardId=shard,
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = kinesis.get_records(ShardIterator=iterator)["Records"]
        self.assertEqual(len(records), 2)
        self.assertEqual(records[0]["PartitionKey"], "ann")
        self.assertEqual(json.loads(records[0]["Data"]), {"customer": "ann", "total": 3})
        envelope = json.loads(gzip.decompress(records[1]["Data"]))
        self.assertEqual((envelope["messageType"], envelope["logGroup"], envelope["logStream"],
                          envelope["subscriptionFilters"]), ("DATA_MESSAGE", "/app", "web",
                                                             ["errors"]))
        self.assertEqual([e["message"] for e in envelope["logEvents"]], ["ERROR boom"])

if __name__ == "__main__":
    run_tests()
