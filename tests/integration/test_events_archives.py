"""EventBridge through motoc-server with boto3: archives fed by their managed rules, replays into
SQS (only to the rules named, with replay-name), CloudWatch Logs targets, bus permissions for
another account's PutEvents, and S3 uploads that become EventBridge events."""
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
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "111122223333"


class EventsArchivesTest(ServerTestCase):
    def setUp(self):
        urllib.request.urlopen(urllib.request.Request(self.server.url + "/moto-api/reset",
                                                      method="POST")).read()
        self.events = self.client("events")
        self.sqs = self.client("sqs")

    def client(self, service, **kwargs):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}), **kwargs)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response["Error"]

    def queue(self, name):
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        return url, arn

    def bodies(self, url):
        got = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        return [json.loads(m["Body"]) for m in got.get("Messages", [])]

    def wait_for(self, predicate, timeout=5):
        deadline = time.time() + timeout
        while True:
            value = predicate()
            if value or time.time() > deadline:
                return value
            time.sleep(0.05)

    def test_a_reset_forgets_replays_about_to_start(self):
        bus = self.events.describe_event_bus()["Arn"]
        when = datetime(2024, 5, 1, tzinfo=timezone.utc)

        def start():
            archive = self.events.create_archive(ArchiveName="a", EventSourceArn=bus)
            self.events.start_replay(ReplayName="same", EventSourceArn=archive["ArchiveArn"],
                                     EventStartTime=when, EventEndTime=when + timedelta(days=1),
                                     Destination={"Arn": bus})
        first = time.time()
        start()
        self.setUp()  # a reset, then, half a second later, a new replay of the same name
        time.sleep(max(0.0, first + 0.5 - time.time()))
        second = time.time()
        start()
        # Past the moment the first replay would have started, the second one still waits.
        time.sleep(max(0.0, first + 1.2 - time.time()))
        if time.time() > second + 0.9:
            self.skipTest("the calls took too long to tell the two replays apart")
        self.assertEqual(self.events.describe_replay(ReplayName="same")["State"], "STARTING")

    def test_archive_keeps_matching_events_and_a_replay_resends_them(self):
        bus = self.events.describe_event_bus()["Arn"]
        archive = self.events.create_archive(
            ArchiveName="orders", EventSourceArn=bus,
            EventPattern=json.dumps({"source": ["shop"]}), RetentionDays=7)
        self.assertEqual(archive["State"], "ENABLED")
        self.assertEqual(archive["ArchiveArn"], f"arn:aws:events:us-east-1:{ACCOUNT}:archive/orders")
        managed = self.events.describe_rule(Name="Events-Archive-orders")
        self.assertEqual(managed["ManagedBy"], "prod.vhs.events.aws.internal")
        self.assertEqual(json.loads(managed["EventPattern"]),
                         {"source": ["shop"], "replay-name": [{"exists": False}]})
        err = self.error(self.events.create_archive, ArchiveName="orders", EventSourceArn=bus)
        self.assertEqual((err["Code"], err["Message"]),
                         ("ResourceAlreadyExistsException", "Archive orders already exists."))

        live_url, live_arn = self.queue("live")
        other_url, other_arn = self.queue("other")
        self.events.put_rule(Name="live", EventPattern=json.dumps({"source": ["shop"]}))
        self.events.put_targets(Rule="live", Targets=[{"Id": "q", "Arn": live_arn}])
        self.events.put_rule(Name="other", EventPattern=json.dumps({"source": ["shop"]}))
        self.events.put_targets(Rule="other", Targets=[{"Id": "q", "Arn": other_arn}])
        sent = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
        self.events.put_events(Entries=[
            {"Source": "shop", "DetailType": "Order", "Detail": json.dumps({"n": 1}), "Time": sent},
            {"Source": "shop", "DetailType": "Order", "Detail": json.dumps({"n": 2}),
             "Time": sent + timedelta(days=3)},
            {"Source": "elsewhere", "DetailType": "Order", "Detail": "{}", "Time": sent}])
        described = self.events.describe_archive(ArchiveName="orders")
        self.assertEqual(described["EventCount"], 2)
        self.assertGreater(described["SizeBytes"], 0)
        self.assertEqual(described["RetentionDays"], 7)
        self.assertEqual(len(self.bodies(live_url)), 2)
        self.assertEqual(len(self.bodies(other_url)), 2)

        live_rule = self.events.describe_rule(Name="live")["Arn"]
        started = self.events.start_replay(
            ReplayName="again", EventSourceArn=archive["ArchiveArn"],
            EventStartTime=sent - timedelta(hours=1), EventEndTime=sent + timedelta(days=1),
            Destination={"Arn": bus, "FilterArns": [live_rule]})
        self.assertEqual(started["State"], "STARTING")
        replay = self.wait_for(lambda: (lambda r: r if r["State"] == "COMPLETED" else None)(
            self.events.describe_replay(ReplayName="again")))
        self.assertIsNotNone(replay)
        self.assertIn("ReplayEndTime", replay)
        self.assertIn("EventLastReplayedTime", replay)
        replayed = self.bodies(live_url)
        self.assertEqual([e["detail"] for e in replayed], [{"n": 1}])
        self.assertEqual(replayed[0]["replay-name"], "again")
        self.assertEqual(replayed[0]["time"], "2024-05-01T12:00:00Z")
        self.assertEqual(self.bodies(other_url), [])
        self.assertEqual(self.events.describe_archive(ArchiveName="orders")["EventCount"], 2)
        self.assertEqual([r["ReplayName"] for r in self.events.list_replays(
            State="COMPLETED")["Replays"]], ["again"])
        err = self.error(self.events.cancel_replay, ReplayName="again")
        self.assertEqual(err["Code"], "IllegalStatusException")

        # A replay cancelled while it starts sends nothing; a second cancel is refused.
        started = self.events.start_replay(
            ReplayName="stopped", EventSourceArn=archive["ArchiveArn"],
            EventStartTime=sent - timedelta(minutes=1), EventEndTime=sent + timedelta(minutes=1),
            Destination={"Arn": bus})
        self.assertEqual(started["State"], "STARTING")
        self.assertEqual(self.events.cancel_replay(ReplayName="stopped")["State"], "CANCELLING")
        cancelled = self.wait_for(lambda: (lambda r: r if r["State"] == "CANCELLED" else None)(
            self.events.describe_replay(ReplayName="stopped")))
        self.assertIsNotNone(cancelled)
        err = self.error(self.events.cancel_replay, ReplayName="stopped")
        self.assertEqual(err["Code"], "IllegalStatusException")
        time.sleep(1.2)
        self.assertEqual(self.bodies(live_url), [])

        err = self.error(self.events.start_replay, ReplayName="x",
                         EventSourceArn=archive["ArchiveArn"], EventStartTime=sent,
                         EventEndTime=sent - timedelta(days=1), Destination={"Arn": bus})
        self.assertEqual(err["Message"], "Parameter EventEndTime is not valid. Reason: "
                                         "EventStartTime must be before EventEndTime.")
        err = self.error(self.events.list_archives, NamePrefix="o", State="ENABLED")
        self.assertEqual(err["Code"], "ValidationException")
        self.events.delete_archive(ArchiveName="orders")
        self.assertEqual([r["Name"] for r in self.events.list_rules()["Rules"]], ["live", "other"])
        err = self.error(self.events.describe_archive, ArchiveName="orders")
        self.assertEqual((err["Code"], err["Message"]),
                         ("ResourceNotFoundException", "Archive orders does not exist."))

    def test_log_group_target_gets_the_transformed_event(self):
        logs = self.client("logs")
        logs.create_log_group(logGroupName="/events/orders")
        group_arn = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/events/orders"
        self.events.put_rule(Name="to-logs", EventPattern=json.dumps({"source": ["shop"]}))
        self.events.put_targets(Rule="to-logs", Targets=[{
            "Id": "l", "Arn": group_arn, "InputTransformer": {
                "InputPathsMap": {"n": "$.detail.n"}, "InputTemplate": '{"order": <n>}'}}])
        answer = self.events.put_events(Entries=[
            {"Source": "shop", "DetailType": "Order", "Detail": json.dumps({"n": 7})}])
        events = logs.filter_log_events(logGroupName="/events/orders")["events"]
        self.assertEqual([json.loads(e["message"]) for e in events], [{"order": 7}])
        self.assertEqual(events[0]["logStreamName"], answer["Entries"][0]["EventId"])

    def test_another_account_puts_events_once_the_bus_policy_allows_it(self):
        url, arn = self.queue("shared")
        bus_arn = self.events.create_event_bus(Name="shared")["EventBusArn"]
        self.events.put_rule(Name="all", EventBusName="shared",
                             EventPattern=json.dumps({"source": ["partner"]}))
        self.events.put_targets(Rule="all", EventBusName="shared",
                                Targets=[{"Id": "q", "Arn": arn}])
        creds = self.client("sts").assume_role(
            RoleArn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/sender",
            RoleSessionName="events")["Credentials"]
        other = self.client("events", aws_access_key_id=creds["AccessKeyId"],
                            aws_secret_access_key=creds["SecretAccessKey"],
                            aws_session_token=creds["SessionToken"])
        entry = {"Source": "partner", "DetailType": "Hello", "Detail": "{}",
                 "EventBusName": bus_arn}
        err = self.error(other.put_events, Entries=[entry])
        self.assertEqual(err["Code"], "AccessDeniedException")
        self.assertEqual(self.bodies(url), [])

        self.events.put_permission(EventBusName="shared", Action="events:PutEvents",
                                   Principal=OTHER_ACCOUNT, StatementId="partner")
        policy = json.loads(self.events.describe_event_bus(Name="shared")["Policy"])
        self.assertEqual(policy["Statement"], [{
            "Sid": "partner", "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
            "Action": "events:PutEvents", "Resource": bus_arn}])
        self.assertEqual(other.put_events(Entries=[entry])["FailedEntryCount"], 0)
        received = self.bodies(url)
        self.assertEqual([(e["source"], e["account"]) for e in received],
                         [("partner", OTHER_ACCOUNT)])

        err = self.error(self.events.put_permission, EventBusName="shared",
                         Action="events:PutRule", Principal=OTHER_ACCOUNT, StatementId="x")
        self.assertEqual(err["Message"], "Provided value in parameter 'action' is not supported.")
        err = self.error(self.events.remove_permission, EventBusName="shared",
                         StatementId="nope")
        self.assertEqual(err["Message"], "Statement with the provided id does not exist.")
        self.events.remove_permission(EventBusName="shared", StatementId="partner")
        self.assertNotIn("Policy", self.events.describe_event_bus(Name="shared"))
        self.assertEqual(self.error(other.put_events, Entries=[entry])["Code"],
                         "AccessDeniedException")
        err = self.error(self.events.remove_permission, EventBusName="shared",
                         StatementId="partner")
        self.assertEqual(err["Message"], "EventBus does not have a policy.")

    def test_s3_upload_reaches_sqs_through_eventbridge_and_an_input_transformer(self):
        s3 = self.client("s3")
        s3.create_bucket(Bucket="uploads")
        s3.put_bucket_notification_configuration(
            Bucket="uploads", NotificationConfiguration={"EventBridgeConfiguration": {}})
        url, arn = self.queue("uploads")
        self.events.put_rule(Name="created", EventPattern=json.dumps(
            {"source": ["aws.s3"], "detail-type": ["Object Created"],
             "detail": {"bucket": {"name": ["uploads"]}}}))
        self.events.put_targets(Rule="created", Targets=[{
            "Id": "q", "Arn": arn, "InputTransformer": {
                "InputPathsMap": {"bucket": "$.detail.bucket.name", "key": "$.detail.object.key",
                                  "size": "$.detail.object.size", "why": "$.detail.reason"},
                "InputTemplate": '{"file": "<bucket>/<key>", "bytes": <size>, "why": <why>}'}}])
        deleted_url, deleted_arn = self.queue("deleted")
        self.events.put_rule(Name="deleted", EventPattern=json.dumps(
            {"source": ["aws.s3"], "detail-type": ["Object Deleted"]}))
        self.events.put_targets(Rule="deleted", Targets=[{"Id": "q", "Arn": deleted_arn}])

        s3.put_object(Bucket="uploads", Key="photos/cat.png", Body=b"meow!")
        self.assertEqual(self.bodies(url), [{"file": "uploads/photos/cat.png", "bytes": 5,
                                             "why": "PutObject"}])
        s3.delete_object(Bucket="uploads", Key="photos/cat.png")
        event = self.bodies(deleted_url)[0]
        self.assertEqual((event["source"], event["detail-type"], event["account"],
                          event["region"], event["resources"]),
                         ("aws.s3", "Object Deleted", ACCOUNT, "us-east-1",
                          ["arn:aws:s3:::uploads"]))
        self.assertEqual(event["detail"]["object"]["key"], "photos/cat.png")
        self.assertEqual(event["detail"]["deletion-type"], "Permanently Deleted")
        self.assertEqual(event["detail"]["requester"], ACCOUNT)

        s3.put_bucket_notification_configuration(Bucket="uploads",
                                                 NotificationConfiguration={})
        s3.put_object(Bucket="uploads", Key="quiet.txt", Body=b"x")
        self.assertEqual(self.bodies(url), [])


if __name__ == "__main__":
    run_tests()
