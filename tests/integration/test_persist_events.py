"""EventBridge across a restart of motoc-server --state: buses with tags, rules with their
patterns, schedules, states and targets."""
import json
import os
import sys

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
            "other region": without_metadata(
                client(server, "events", region="eu-west-1").list_event_buses()),
        }


if __name__ == "__main__":
    run_tests()
