"""EventBridge across a restart of motoc-server --state: buses with tags and policies, rules with
their patterns, schedules, states and targets, archives with their events, replays, connections
(and their secrets) and API destinations."""
import json
import os
import sys
import time
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402


def without_metadata(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class EventsPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        events = client(server, "events")
        events.create_event_bus(Name="orders", Description="all orders",
                                Tags=[{"Key": "team", "Value": "a"}])
        events.put_rule(Name="big", EventBusName="orders", State="DISABLED",
                        EventPattern=json.dumps({"detail": {"total": [{"numeric": [">", 9]}]}}))
        events.put_targets(Rule="big", EventBusName="orders", Targets=[{
            "Id": "q", "Arn": "arn:aws:sqs:us-east-1:123456789012:q",
            "InputTransformer": {"InputPathsMap": {"t": "$.detail.total"},
                                 "InputTemplate": '{"total": <t>}'}}])
        events.put_rule(Name="tick", ScheduleExpression="rate(1 hour)")
        client(server, "events", region="eu-west-1").create_event_bus(Name="elsewhere")
        events.put_permission(EventBusName="orders", Action="events:PutEvents",
                              Principal="111122223333", StatementId="partner")
        bus = events.describe_event_bus(Name="orders")["Arn"]
        archive = events.create_archive(ArchiveName="kept", EventSourceArn=bus,
                                        RetentionDays=3)["ArchiveArn"]
        sent = datetime.now(timezone.utc) - timedelta(hours=1)
        events.put_events(Entries=[{"Source": "shop", "DetailType": "Order", "Detail": "{}",
                                    "EventBusName": "orders", "Time": sent}])
        events.start_replay(ReplayName="again", EventSourceArn=archive,
                            EventStartTime=sent - timedelta(minutes=1),
                            EventEndTime=sent + timedelta(minutes=1), Destination={"Arn": bus})
        for _ in range(50):  # a replay starts a moment after StartReplay
            if events.describe_replay(ReplayName="again")["State"] == "COMPLETED":
                break
            time.sleep(0.1)
        connection = events.create_connection(
            Name="hooks", AuthorizationType="API_KEY",
            AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"}})
        events.create_api_destination(Name="hook", ConnectionArn=connection["ConnectionArn"],
                                      InvocationEndpoint="http://127.0.0.1:9/x",
                                      HttpMethod="POST")

    def observe(self, server):
        events = client(server, "events")
        bus = events.describe_event_bus(Name="orders")
        return {
            "buses": without_metadata(events.list_event_buses()),
            "rules": without_metadata(events.list_rules(EventBusName="orders")),
            "schedule": without_metadata(events.describe_rule(Name="tick")),
            "targets": without_metadata(events.list_targets_by_rule(Rule="big",
                                                                    EventBusName="orders")),
            "tags": without_metadata(events.list_tags_for_resource(ResourceARN=bus["Arn"])),
            "policy": bus.get("Policy"),
            "archive": without_metadata(events.describe_archive(ArchiveName="kept")),
            "replays": without_metadata(events.list_replays()),
            "connection": without_metadata(events.describe_connection(Name="hooks")),
            "secret": without_metadata(client(server, "secretsmanager").get_secret_value(
                SecretId=events.describe_connection(Name="hooks")["SecretArn"])),
            "destinations": without_metadata(events.list_api_destinations()),
            "other region": without_metadata(
                client(server, "events", region="eu-west-1").list_event_buses()),
        }


if __name__ == "__main__":
    run_tests()
