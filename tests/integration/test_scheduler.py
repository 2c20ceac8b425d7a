"""EventBridge Scheduler through motoc-server with boto3: schedule groups and schedules with
their errors, expressions, time zones and dates, tags, ClientToken idempotency, and schedules
firing: at() into SQS (standard and FIFO), the aws-sdk universal target, EventBridge buses,
dead-letter queues, ActionAfterCompletion DELETE and disabled schedules."""
import datetime
import json
import os
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/scheduler"
OFF = {"Mode": "OFF"}


def at_in(seconds):
    """An at() expression that many whole seconds from now (UTC)."""
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    return f"at({when.strftime('%Y-%m-%dT%H:%M:%S')})"


class SchedulerTest(ServerTestCase):
    def setUp(self):
        urllib.request.urlopen(urllib.request.Request(self.server.url + "/moto-api/reset",
                                                      method="POST")).read()
        self.scheduler = self.client("scheduler")
        self.sqs = self.client("sqs")

    def client(self, service, region="us-east-1"):
        return boto3.client(service, endpoint_url=self.server.url, region_name=region,
                            config=Config(retries={"max_attempts": 1}))

    def error(self, call, *args, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(*args, **kwargs)
        response = caught.exception.response
        return response["Error"], response["ResponseMetadata"]["HTTPStatusCode"]

    def queue(self, name, **attributes):
        url = self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        return url, arn

    def create(self, name, expression="rate(1 hour)", target_arn="arn:aws:sqs:us-east-1:"
               "123456789012:nowhere", **kwargs):
        target = {"Arn": target_arn, "RoleArn": ROLE, **kwargs.pop("Target", {})}
        return self.scheduler.create_schedule(Name=name, ScheduleExpression=expression,
                                              FlexibleTimeWindow=kwargs.pop("Window", OFF),
                                              Target=target, **kwargs)["ScheduleArn"]

    def wait_for_messages(self, url, count=1, timeout=8, **kwargs):
        messages = []
        deadline = time.time() + timeout
        while len(messages) < count and time.time() < deadline:
            got = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                           WaitTimeSeconds=1, **kwargs)
            messages += got.get("Messages", [])
        return messages

    # ---- schedule groups ----

    def test_groups_are_created_listed_and_deleted_with_their_schedules(self):
        arn = self.scheduler.create_schedule_group(Name="nightly")["ScheduleGroupArn"]
        self.assertEqual(arn, "arn:aws:scheduler:us-east-1:123456789012:schedule-group/nightly")
        group = self.scheduler.get_schedule_group(Name="nightly")
        self.assertEqual((group["Name"], group["State"], group["Arn"]), ("nightly", "ACTIVE", arn))
        self.assertEqual(group["CreationDate"], group["LastModificationDate"])
        self.scheduler.create_schedule_group(Name="hourly")
        names = [g["Name"] for g in self.scheduler.list_schedule_groups()["ScheduleGroups"]]
        self.assertEqual(names, ["default", "hourly", "nightly"])
        self.assertEqual([g["Name"] for g in self.scheduler.list_schedule_groups(
            NamePrefix="ho")["ScheduleGroups"]], ["hourly"])
        self.create("backup", GroupName="nightly")
        self.scheduler.delete_schedule_group(Name="nightly")
        error, status = self.error(self.scheduler.get_schedule_group, Name="nightly")
        self.assertEqual((error["Code"], error["Message"], status),
                         ("ResourceNotFoundException", "Schedule group nightly does not exist.",
                          404))
        self.scheduler.create_schedule_group(Name="nightly")
        self.assertEqual(self.scheduler.list_schedules(GroupName="nightly")["Schedules"], [])

    def test_group_listing_pages(self):
        for name in ["a1", "a2", "a3", "a4"]:
            self.scheduler.create_schedule_group(Name=name)
        seen, token = [], None
        while True:
            kwargs = {"NextToken": token} if token else {}
            page = self.scheduler.list_schedule_groups(MaxResults=2, **kwargs)
            self.assertLessEqual(len(page["ScheduleGroups"]), 2)
            seen += [g["Name"] for g in page["ScheduleGroups"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(seen, ["a1", "a2", "a3", "a4", "default"])

    def test_group_errors(self):
        self.scheduler.create_schedule_group(Name="twice")
        error, status = self.error(self.scheduler.create_schedule_group, Name="twice")
        self.assertEqual((error["Code"], error["Message"], status),
                         ("ConflictException", "Schedule group twice already exists.", 409))
        error, _ = self.error(self.scheduler.delete_schedule_group, Name="default")
        self.assertEqual(error["Code"], "ValidationException")
        self.scheduler.get_schedule_group(Name="default")
        error, status = self.error(self.scheduler.delete_schedule_group, Name="absent")
        self.assertEqual((error["Code"], status), ("ResourceNotFoundException", 404))

    def test_group_tags(self):
        arn = self.scheduler.create_schedule_group(
            Name="tagged", Tags=[{"Key": "team", "Value": "ops"}])["ScheduleGroupArn"]
        self.scheduler.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "prod"},
                                                           {"Key": "team", "Value": "dev"}])
        self.assertEqual(self.scheduler.list_tags_for_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "team", "Value": "dev"}, {"Key": "env", "Value": "prod"}])
        self.scheduler.untag_resource(ResourceArn=arn, TagKeys=["team"])
        self.assertEqual(self.scheduler.list_tags_for_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "env", "Value": "prod"}])
        error, status = self.error(
            self.scheduler.list_tags_for_resource,
            ResourceArn="arn:aws:scheduler:us-east-1:123456789012:schedule-group/absent")
        self.assertEqual((error["Code"], status), ("ResourceNotFoundException", 404))
        # Schedules take no tags: only group ARNs are resources of the tag operations.
        schedule_arn = self.create("untaggable")
        error, _ = self.error(self.scheduler.tag_resource, ResourceArn=schedule_arn,
                              Tags=[{"Key": "k", "Value": "v"}])
        self.assertEqual(error["Code"], "ValidationException")

    # ---- schedules ----

    def test_schedule_is_created_read_updated_and_deleted(self):
        start = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
        arn = self.create("report", "cron(0 9 ? * MON-FRI *)",
                          ScheduleExpressionTimezone="Europe/Berlin", StartDate=start,
                          Description="weekday report", ActionAfterCompletion="NONE",
                          Target={"Input": "{}", "SqsParameters": {"MessageGroupId": "g"}})
        self.assertEqual(arn, "arn:aws:scheduler:us-east-1:123456789012:schedule/default/report")
        got = self.scheduler.get_schedule(Name="report")
        self.assertEqual((got["Name"], got["GroupName"], got["State"], got["Description"],
                          got["ScheduleExpressionTimezone"], got["ActionAfterCompletion"]),
                         ("report", "default", "ENABLED", "weekday report", "Europe/Berlin",
                          "NONE"))
        self.assertEqual(got["Target"]["RetryPolicy"],
                         {"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185})
        self.assertEqual(got["Target"]["SqsParameters"], {"MessageGroupId": "g"})
        self.assertEqual(int(got["StartDate"].timestamp()), int(start.timestamp()))
        time.sleep(0.01)
        self.scheduler.update_schedule(Name="report", ScheduleExpression="rate(2 hours)",
                                       FlexibleTimeWindow={"Mode": "FLEXIBLE",
                                                           "MaximumWindowInMinutes": 15},
                                       Target={"Arn": got["Target"]["Arn"], "RoleArn": ROLE},
                                       State="DISABLED")
        updated = self.scheduler.get_schedule(Name="report")
        self.assertEqual((updated["ScheduleExpression"], updated["State"],
                          updated["FlexibleTimeWindow"]),
                         ("rate(2 hours)", "DISABLED",
                          {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15}))
        self.assertNotIn("Description", updated)
        self.assertEqual(updated["CreationDate"], got["CreationDate"])
        self.assertGreater(updated["LastModificationDate"], got["LastModificationDate"])
        self.scheduler.delete_schedule(Name="report")
        error, status = self.error(self.scheduler.get_schedule, Name="report")
        self.assertEqual((error["Code"], error["Message"], status),
                         ("ResourceNotFoundException", "Schedule report does not exist.", 404))

    def test_schedule_errors(self):
        self.create("dup")
        error, status = self.error(self.create, "dup")
        self.assertEqual((error["Code"], error["Message"], status),
                         ("ConflictException", "Schedule dup already exists.", 409))
        error, status = self.error(self.create, "elsewhere", GroupName="absent")
        self.assertEqual((error["Code"], error["Message"], status),
                         ("ResourceNotFoundException", "Schedule group absent does not exist.",
                          404))
        for expression in ["some cron", "rate(0 minutes)", "cron(0 12 * * * *)",
                           "at(2026-02-30T00:00:00)", "cron(0 12 * *)"]:
            error, status = self.error(self.create, "bad", expression)
            self.assertEqual((error["Code"], error["Message"], status),
                             ("ValidationException",
                              f"Invalid Schedule Expression {expression}.", 400))
        error, _ = self.error(self.create, "bad", ScheduleExpressionTimezone="Mars/Olympus")
        self.assertEqual(error["Code"], "ValidationException")
        past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
        error, _ = self.error(self.create, "bad", StartDate=past)
        self.assertEqual((error["Code"], error["Message"]),
                         ("ValidationException",
                          "The StartDate you specify cannot be earlier than 5 minutes ago."))
        error, _ = self.error(self.scheduler.create_schedule, Name="bad",
                              ScheduleExpression="rate(1 hour)", FlexibleTimeWindow=OFF,
                              Target={"Arn": "arn:aws:sqs:us-east-1:123456789012:q",
                                      "RoleArn": "not-a-role"})
        self.assertEqual(error["Code"], "ValidationException")
        self.assertIn("'not-a-role' at 'target.roleArn'", error["Message"])
        error, _ = self.error(self.create, "bad", Window={"Mode": "FLEXIBLE"})
        self.assertEqual(error["Code"], "ValidationException")
        for call in (self.scheduler.get_schedule, self.scheduler.delete_schedule):
            error, status = self.error(call, Name="absent")
            self.assertEqual((error["Code"], error["Message"], status),
                             ("ResourceNotFoundException", "Schedule absent does not exist.",
                              404))
        error, status = self.error(
            self.scheduler.update_schedule, Name="absent", ScheduleExpression="rate(1 hour)",
            FlexibleTimeWindow=OFF, Target={"Arn": "arn:aws:sqs:us-east-1:123456789012:q",
                                            "RoleArn": ROLE})
        self.assertEqual((error["Code"], status), ("ResourceNotFoundException", 404))

    def test_client_token_makes_create_idempotent(self):
        first = self.create("once", ClientToken="token-1")
        self.assertEqual(self.create("once", ClientToken="token-1"), first)
        error, _ = self.error(self.create, "other", ClientToken="token-1")
        self.assertEqual(error["Code"], "ConflictException")
        self.assertEqual(len(self.scheduler.list_schedules()["Schedules"]), 1)

    def test_listing_filters_and_pages(self):
        self.scheduler.create_schedule_group(Name="team")
        for group in ["default", "team"]:
            for name in ["alpha", "beta"]:
                for state in ["ENABLED", "DISABLED"]:
                    self.create(f"{name}-{state.lower()}", GroupName=group, State=state)
        every = self.scheduler.list_schedules()["Schedules"]
        self.assertEqual(len(every), 8)
        self.assertEqual(set(every[0]), {"Arn", "CreationDate", "GroupName",
                                         "LastModificationDate", "Name", "State", "Target"})
        self.assertEqual(every[0]["Target"], {"Arn": "arn:aws:sqs:us-east-1:123456789012:nowhere"})
        self.assertEqual(len(self.scheduler.list_schedules(GroupName="team")["Schedules"]), 4)
        self.assertEqual(len(self.scheduler.list_schedules(State="DISABLED")["Schedules"]), 4)
        prefixed = self.scheduler.list_schedules(NamePrefix="al", State="ENABLED")["Schedules"]
        self.assertEqual(sorted((s["GroupName"], s["Name"]) for s in prefixed),
                         [("default", "alpha-enabled"), ("team", "alpha-enabled")])
        seen, token = [], None
        while True:
            kwargs = {"NextToken": token} if token else {}
            page = self.scheduler.list_schedules(MaxResults=3, **kwargs)
            seen += [(s["GroupName"], s["Name"]) for s in page["Schedules"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(sorted(seen), sorted((s["GroupName"], s["Name"]) for s in every))
        error, status = self.error(self.scheduler.list_schedules, GroupName="absent")
        self.assertEqual((error["Code"], status), ("ResourceNotFoundException", 404))

    # ---- firing ----

    def test_at_schedule_delivers_to_sqs_then_deletes_itself(self):
        url, arn = self.queue("runs")
        schedule_arn = self.create(
            "once", at_in(2), arn, ActionAfterCompletion="DELETE",
            Target={"Input": '{"schedule": "<aws.scheduler.schedule-arn>", '
                             '"at": "<aws.scheduler.scheduled-time>"}'})
        kept_url, kept_arn = self.queue("kept")
        self.create("kept", at_in(2), kept_arn)
        messages = self.wait_for_messages(url)
        self.assertEqual(len(messages), 1)
        body = json.loads(messages[0]["Body"])
        self.assertEqual(body["schedule"], schedule_arn)
        self.assertRegex(body["at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(len(self.wait_for_messages(kept_url)), 1)
        names = [s["Name"] for s in self.scheduler.list_schedules()["Schedules"]]
        self.assertEqual(names, ["kept"])

    def test_fifo_queue_gets_the_message_group(self):
        url, arn = self.queue("runs.fifo", FifoQueue="true")
        self.create("fifo", at_in(2), arn, Target={"Input": "tick",
                                                   "SqsParameters": {"MessageGroupId": "g1"}})
        messages = self.wait_for_messages(url, AttributeNames=["MessageGroupId"])
        self.assertEqual(len(messages), 1)
        self.assertEqual((messages[0]["Body"], messages[0]["Attributes"]["MessageGroupId"]),
                         ("tick", "g1"))

    def test_universal_target_calls_a_service(self):
        url, _ = self.queue("sdk")
        self.create("sdk", at_in(2), "arn:aws:scheduler:::aws-sdk:sqs:sendMessage",
                    Target={"Input": json.dumps({"QueueUrl": url, "MessageBody": "from sdk"})})
        messages = self.wait_for_messages(url)
        self.assertEqual([m["Body"] for m in messages], ["from sdk"])

    def test_eventbridge_target_puts_an_event_on_the_bus(self):
        events = self.client("events")
        url, arn = self.queue("events")
        events.put_rule(Name="from-scheduler", EventPattern=json.dumps({"source": ["my.app"]}))
        events.put_targets(Rule="from-scheduler", Targets=[{"Id": "q", "Arn": arn}])
        schedule_arn = self.create(
            "event", at_in(2), "arn:aws:events:us-east-1:123456789012:event-bus/default",
            Target={"Input": '{"n": 1}',
                    "EventBridgeParameters": {"DetailType": "Tick", "Source": "my.app"}})
        messages = self.wait_for_messages(url)
        self.assertEqual(len(messages), 1)
        event = json.loads(messages[0]["Body"])
        self.assertEqual((event["source"], event["detail-type"], event["detail"],
                          event["resources"]), ("my.app", "Tick", {"n": 1}, [schedule_arn]))

    def test_sns_and_kinesis_targets_receive_the_input(self):
        sns, kinesis = self.client("sns"), self.client("kinesis")
        url, queue_arn = self.queue("from-topic")
        topic = sns.create_topic(Name="ticks")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn,
                      Attributes={"RawMessageDelivery": "true"})
        kinesis.create_stream(StreamName="ticks", ShardCount=1)
        stream = kinesis.describe_stream(StreamName="ticks")["StreamDescription"]
        self.create("to-topic", at_in(2), topic, Target={"Input": "to sns"})
        self.create("to-stream", at_in(2), stream["StreamARN"],
                    Target={"Input": "to kinesis", "KinesisParameters": {"PartitionKey": "p"}})
        self.assertEqual([m["Body"] for m in self.wait_for_messages(url)], ["to sns"])
        iterator = kinesis.get_shard_iterator(
            StreamName="ticks", ShardId=stream["Shards"][0]["ShardId"],
            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = kinesis.get_records(ShardIterator=iterator)["Records"]
        self.assertEqual([(r["Data"], r["PartitionKey"]) for r in records],
                         [(b"to kinesis", "p")])

    def test_failed_run_goes_to_the_dead_letter_queue(self):
        dlq_url, dlq_arn = self.queue("dlq")
        missing = "arn:aws:sqs:us-east-1:123456789012:missing"
        schedule_arn = self.create("lost", at_in(2), missing,
                                   Target={"Input": "lost", "DeadLetterConfig": {"Arn": dlq_arn}})
        messages = self.wait_for_messages(dlq_url, MessageAttributeNames=["All"])
        self.assertEqual(len(messages), 1)
        attributes = {k: v["StringValue"] for k, v in messages[0]["MessageAttributes"].items()}
        self.assertEqual((messages[0]["Body"], attributes["SCHEDULE_ARN"],
                          attributes["TARGET_ARN"]), ("lost", schedule_arn, missing))
        self.assertIn("ERROR_CODE", attributes)
        self.assertIn("ERROR_MESSAGE", attributes)

    def test_disabled_schedule_never_fires(self):
        url, arn = self.queue("quiet")
        self.create("quiet", at_in(1), arn, State="DISABLED")
        time.sleep(2.5)
        self.assertEqual(self.sqs.receive_message(QueueUrl=url).get("Messages", []), [])


if __name__ == "__main__":
    run_tests()
