"""EventBridge Scheduler across a restart of motoc-server --state: schedule groups with tags,
schedules with every setting, ClientTokens; a schedule saved before it fires fires after."""
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/scheduler"


def without_metadata(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class SchedulerPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        scheduler = client(server, "scheduler")
        scheduler.create_schedule_group(Name="reports", Tags=[{"Key": "team", "Value": "a"}])
        start = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
        scheduler.create_schedule(
            Name="weekly", GroupName="reports", ScheduleExpression="cron(0 9 ? * MON *)",
            ScheduleExpressionTimezone="America/New_York", StartDate=start,
            Description="monday report", State="DISABLED", ActionAfterCompletion="DELETE",
            FlexibleTimeWindow={"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 30},
            Target={"Arn": "arn:aws:sqs:us-east-1:123456789012:q.fifo", "RoleArn": ROLE,
                    "Input": '{"kind": "weekly"}', "SqsParameters": {"MessageGroupId": "g"},
                    "DeadLetterConfig": {"Arn": "arn:aws:sqs:us-east-1:123456789012:dlq"},
                    "RetryPolicy": {"MaximumRetryAttempts": 3}},
            ClientToken="token-weekly")
        scheduler.create_schedule(
            Name="hourly", ScheduleExpression="rate(1 hour)", FlexibleTimeWindow={"Mode": "OFF"},
            Target={"Arn": "arn:aws:scheduler:::aws-sdk:sqs:listQueues", "RoleArn": ROLE,
                    "Input": "{}"})
        client(server, "scheduler", region="eu-west-1").create_schedule_group(Name="elsewhere")

    def observe(self, server):
        scheduler = client(server, "scheduler")
        group_arn = scheduler.get_schedule_group(Name="reports")["Arn"]
        return {
            "groups": without_metadata(scheduler.list_schedule_groups()),
            "schedules": without_metadata(scheduler.list_schedules()),
            "weekly": without_metadata(scheduler.get_schedule(Name="weekly",
                                                              GroupName="reports")),
            "hourly": without_metadata(scheduler.get_schedule(Name="hourly")),
            "tags": without_metadata(scheduler.list_tags_for_resource(ResourceArn=group_arn)),
            "other region": without_metadata(
                client(server, "scheduler", region="eu-west-1").list_schedule_groups()),
        }

    def test_client_token_is_remembered(self):
        server = self.start()
        self.fill(server)
        server = self.restart(server)
        scheduler = client(server, "scheduler")
        with self.assertRaises(scheduler.exceptions.ConflictException):
            scheduler.create_schedule(
                Name="other", ScheduleExpression="rate(1 hour)",
                FlexibleTimeWindow={"Mode": "OFF"},
                Target={"Arn": "arn:aws:sqs:us-east-1:123456789012:q", "RoleArn": ROLE},
                ClientToken="token-weekly")
        self.stop(server)

    def test_schedule_saved_before_it_fires_fires_after_the_restart(self):
        server = self.start()
        sqs = client(server, "sqs")
        url = sqs.create_queue(QueueName="later")["QueueUrl"]
        when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=3)
        client(server, "scheduler").create_schedule(
            Name="later", ScheduleExpression=f"at({when.strftime('%Y-%m-%dT%H:%M:%S')})",
            FlexibleTimeWindow={"Mode": "OFF"},
            Target={"Arn": "arn:aws:sqs:us-east-1:123456789012:later", "RoleArn": ROLE,
                    "Input": "after the restart"})
        server = self.restart(server)
        sqs = client(server, "sqs")
        messages, deadline = [], time.time() + 10
        while not messages and time.time() < deadline:
            messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
        self.assertEqual([m["Body"] for m in messages], ["after the restart"])
        self.stop(server)


if __name__ == "__main__":
    run_tests()
