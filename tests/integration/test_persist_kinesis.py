"""Kinesis across a restart of motoc-server --state: streams keep their shards (closed parents
and children of a split), records and sequence numbers, retention, encryption, monitoring,
consumers, policies and tags, and new records continue their shard's numbering."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402

POLICY = json.dumps({"Version": "2012-10-17", "Statement": []})


def plain(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class KinesisPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        k = client(server, "kinesis")
        k.create_stream(StreamName="events", ShardCount=1, Tags={"team": "core"})
        for i in range(3):
            k.put_record(StreamName="events", Data=b"before-%d" % i, PartitionKey="p%d" % i)
        k.split_shard(StreamName="events", ShardToSplit="shardId-000000000000",
                      NewStartingHashKey=str(2 ** 127))
        k.put_records(StreamName="events", Records=[
            {"Data": b"after-%d" % i, "PartitionKey": "q%d" % i} for i in range(4)])
        k.increase_stream_retention_period(StreamName="events", RetentionPeriodHours=72)
        k.enable_enhanced_monitoring(StreamName="events", ShardLevelMetrics=["IncomingBytes"])
        arn = k.describe_stream_summary(StreamName="events")["StreamDescriptionSummary"]["StreamARN"]
        k.register_stream_consumer(StreamARN=arn, ConsumerName="reader")
        k.put_resource_policy(ResourceARN=arn, Policy=POLICY)
        client(server, "kinesis", region="eu-west-1").create_stream(
            StreamName="other", StreamModeDetails={"StreamMode": "ON_DEMAND"})

    def observe(self, server):
        k = client(server, "kinesis")
        d = plain(k.describe_stream(StreamName="events"))
        arn = d["StreamDescription"]["StreamARN"]
        reads = {"describe": d, "tags": plain(k.list_tags_for_stream(StreamName="events")),
                 "consumers": plain(k.list_stream_consumers(StreamARN=arn)),
                 "policy": plain(k.get_resource_policy(ResourceARN=arn)),
                 "other": plain(client(server, "kinesis", region="eu-west-1")
                                .describe_stream_summary(StreamName="other"))}
        for shard in d["StreamDescription"]["Shards"]:
            it = k.get_shard_iterator(StreamName="events", ShardId=shard["ShardId"],
                                      ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            reads[shard["ShardId"]] = k.get_records(ShardIterator=it)["Records"]
        return reads

    def test_numbering_continues_after_restart(self):
        server = self.start()
        self.fill(server)
        k = client(server, "kinesis")
        last = k.put_record(StreamName="events", Data=b"x", PartitionKey="z")["SequenceNumber"]
        server = self.restart(server)
        k = client(server, "kinesis")
        after = k.put_record(StreamName="events", Data=b"y", PartitionKey="z")["SequenceNumber"]
        self.assertGreater(int(after), int(last))


if __name__ == "__main__":
    run_tests()
