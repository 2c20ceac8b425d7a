"""Logs Insights across a restart of motoc-server --state: saved query definitions, and the
queries run before it with their results."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402


def without_metadata(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class LogsInsightsPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        logs = client(server, "logs")
        logs.create_log_group(logGroupName="/app")
        logs.create_log_stream(logGroupName="/app", logStreamName="s")
        now = int(time.time() * 1000)
        logs.put_log_events(logGroupName="/app", logStreamName="s",
                            logEvents=[{"timestamp": now, "message": '{"level": "INFO"}'},
                                       {"timestamp": now + 1, "message": '{"level": "WARN"}'}])
        self.query_id = logs.start_query(
            logGroupName="/app", startTime=now // 1000 - 60, endTime=now // 1000 + 60,
            queryString="stats count(*) by level | sort level")["queryId"]
        logs.put_query_definition(name="by level", queryString="stats count(*) by level",
                                  logGroupNames=["/app"])

    def observe(self, server):
        logs = client(server, "logs")
        return {
            "definitions": without_metadata(logs.describe_query_definitions()),
            "queries": without_metadata(logs.describe_queries()),
            "results": without_metadata(logs.get_query_results(queryId=self.query_id)),
        }


if __name__ == "__main__":
    run_tests()
