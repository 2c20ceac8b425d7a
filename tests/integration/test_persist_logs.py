"""CloudWatch Logs across a restart of motoc-server --state: groups with retention and tags,
streams and their events, vended log deliveries."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402


def without_metadata(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class LogsPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        logs = client(server, "logs")
        logs.create_log_group(logGroupName="/app", tags={"team": "red"}, kmsKeyId="alias/k")
        logs.put_retention_policy(logGroupName="/app", retentionInDays=30)
        logs.create_log_stream(logGroupName="/app", logStreamName="s")
        now = int(time.time() * 1000)
        logs.put_log_events(logGroupName="/app", logStreamName="s",
                            logEvents=[{"timestamp": now, "message": "one"},
                                       {"timestamp": now + 1, "message": "two"}])
        client(server, "logs", region="eu-west-1").create_log_group(logGroupName="elsewhere")
        logs.put_delivery_source(name="cdn", logType="ACCESS_LOGS",
                                 resourceArn="arn:aws:cloudfront::123456789012:distribution/E1")
        dest = logs.put_delivery_destination(
            name="bucket", tags={"k": "v"},
            deliveryDestinationConfiguration={"destinationResourceArn": "arn:aws:s3:::b"})
        logs.put_delivery_destination_policy(deliveryDestinationName="bucket",
                                             deliveryDestinationPolicy='{"Statement": []}')
        logs.create_delivery(deliverySourceName="cdn", recordFields=["date"],
                             deliveryDestinationArn=dest["deliveryDestination"]["arn"])

    def observe(self, server):
        logs = client(server, "logs")
        return {
            "groups": without_metadata(logs.describe_log_groups()),
            "streams": without_metadata(logs.describe_log_streams(logGroupName="/app")),
            "events": without_metadata(logs.filter_log_events(logGroupName="/app")),
            "tags": without_metadata(logs.list_tags_log_group(logGroupName="/app")),
            "delivery sources": without_metadata(logs.describe_delivery_sources()),
            "delivery destinations": without_metadata(logs.describe_delivery_destinations()),
            "destination policy": without_metadata(
                logs.get_delivery_destination_policy(deliveryDestinationName="bucket")),
            "deliveries": without_metadata(logs.describe_deliveries()),
            "other region": without_metadata(
                client(server, "logs", region="eu-west-1").describe_log_groups()),
        }


if __name__ == "__main__":
    run_tests()
