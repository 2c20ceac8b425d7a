"""EventBridge schedule rules through motoc-server --state with boto3: an enabled rate(1 minute)
rule, created before a restart, sends AWS's Scheduled Event to its target from the restarted
server's event loop timer; a disabled one sends nothing. (When expressions fire is tested in
tests/unit/test_event_schedule.c; this waits for one real firing, about a minute.)"""
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, client, run_tests  # noqa: E402

ACCOUNT = "123456789012"


class ScheduleTest(PersistenceTestCase):
    def test_rate_rule_fires_after_a_restart(self):
        server = self.start()
        events, sqs = client(server, "events"), client(server, "sqs")
        for name in ("ticks", "silent"):
            url = sqs.create_queue(QueueName=name)["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
                "Attributes"]["QueueArn"]
            events.put_rule(Name=name, ScheduleExpression="rate(1 minute)",
                            State="ENABLED" if name == "ticks" else "DISABLED")
            events.put_targets(Rule=name, Targets=[{"Id": "q", "Arn": arn}])
        rule_arn = events.describe_rule(Name="ticks")["Arn"]
        started = time.time()
        server = self.restart(server)
        sqs = client(server, "sqs")
        urls = {name: sqs.get_queue_url(QueueName=name)["QueueUrl"]
                for name in ("ticks", "silent")}
        messages = []
        while not messages and time.time() - started < 90:
            messages = sqs.receive_message(QueueUrl=urls["ticks"], WaitTimeSeconds=20).get(
                "Messages", [])
        self.assertTrue(messages, "no scheduled event within 90 seconds")
        self.assertGreaterEqual(time.time() - started, 50)
        event = json.loads(messages[0]["Body"])
        self.assertEqual((event["source"], event["detail-type"], event["resources"],
                          event["detail"], event["account"], event["region"]),
                         ("aws.events", "Scheduled Event", [rule_arn], {}, ACCOUNT, "us-east-1"))
        self.assertEqual(sqs.receive_message(QueueUrl=urls["silent"]).get("Messages", []), [])
        self.stop(server)


if __name__ == "__main__":
    run_tests()
