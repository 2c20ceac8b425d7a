"""CloudWatch Logs Insights through motoc-server: StartQuery / GetQueryResults with the query
language (fields, filter, stats, sort, limit, parse, display), its errors, DescribeQueries,
StopQuery, and saved query definitions; and the AWS CLI's start-query / get-query-results."""
import json
import os
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

GROUP = "/insights/app"


def rows_as_dicts(results):
    return [{pair["field"]: pair["value"] for pair in row} for row in results]


class InsightsTest(ServerTestCase):
    def setUp(self):
        self.logs = boto3.client("logs", endpoint_url=self.server.url, region_name="us-east-1",
                                 config=Config(retries={"max_attempts": 1}))
        for group in self.logs.describe_log_groups()["logGroups"]:
            self.logs.delete_log_group(logGroupName=group["logGroupName"])
        for d in self.logs.describe_query_definitions()["queryDefinitions"]:
            self.logs.delete_query_definition(queryDefinitionId=d["queryDefinitionId"])
        self.now = int(time.time() * 1000)
        self.logs.create_log_group(logGroupName=GROUP)
        self.logs.create_log_stream(logGroupName=GROUP, logStreamName="web")
        messages = [
            json.dumps({"level": "INFO", "path": "/home", "latency": 12, "user": {"id": "u1"}}),
            json.dumps({"level": "ERROR", "path": "/pay", "latency": 250, "user": {"id": "u2"}}),
            json.dumps({"level": "INFO", "path": "/home", "latency": 30, "user": {"id": "u1"}}),
            "10.0.0.1 - GET /health 200",
            "10.0.0.2 - POST /login 401",
        ]
        events = [{"timestamp": self.now - (len(messages) - i) * 60000, "message": m}
                  for i, m in enumerate(messages)]
        self.logs.put_log_events(logGroupName=GROUP, logStreamName="web", logEvents=events)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response

    def run_query(self, query, **kwargs):
        args = {"logGroupName": GROUP, "startTime": self.now // 1000 - 3600,
                "endTime": self.now // 1000 + 60, "queryString": query}
        args.update(kwargs)
        query_id = self.logs.start_query(**args)["queryId"]
        for _ in range(50):
            answer = self.logs.get_query_results(queryId=query_id)
            if answer["status"] not in ("Scheduled", "Running"):
                return answer
            time.sleep(0.1)
        self.fail("query never completed")

    def test_fields_answer_newest_first_with_ptr(self):
        answer = self.run_query("fields @timestamp, @message")
        self.assertEqual(answer["status"], "Complete")
        rows = rows_as_dicts(answer["results"])
        self.assertEqual(len(rows), 5)
        self.assertEqual(rows[0]["@message"], "10.0.0.2 - POST /login 401")
        self.assertEqual(set(rows[0]), {"@timestamp", "@message", "@ptr"})
        self.assertRegex(rows[0]["@timestamp"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$")
        self.assertEqual(answer["statistics"]["recordsScanned"], 5)
        self.assertEqual(answer["statistics"]["recordsMatched"], 5)
        self.assertGreater(answer["statistics"]["bytesScanned"], 0)

    def test_filter_on_json_fields_sort_and_limit(self):
        answer = self.run_query("filter level = 'INFO' or latency > 200 "
                                "| fields path, latency, user.id as who "
                                "| sort latency desc | limit 2")
        rows = rows_as_dicts(answer["results"])
        self.assertEqual([(r["path"], r["latency"], r["who"]) for r in rows],
                         [("/pay", "250", "u2"), ("/home", "30", "u1")])
        self.assertEqual(answer["statistics"]["recordsMatched"], 3)

    def test_like_regex_in_and_ispresent(self):
        answer = self.run_query("filter @message like /POST|GET/ | fields @message")
        self.assertEqual(len(answer["results"]), 2)
        answer = self.run_query("filter path in ['/pay', '/nowhere'] | fields path")
        self.assertEqual(rows_as_dicts(answer["results"])[0]["path"], "/pay")
        answer = self.run_query("filter not ispresent(level) | fields @message")
        self.assertEqual(len(answer["results"]), 2)

    def test_stats_by_group_and_time_bin(self):
        answer = self.run_query("stats count(*) as n, avg(latency) as mean, max(latency) "
                                "by level | sort level asc")
        rows = rows_as_dicts(answer["results"])
        self.assertEqual(rows[0], {"level": "ERROR", "n": "1", "mean": "250",
                                   "max(latency)": "250"})
        self.assertEqual(rows[1], {"level": "INFO", "n": "2", "mean": "21",
                                   "max(latency)": "30"})
        self.assertEqual(len(rows), 3)  # the events without a level form a group of their own
        answer = self.run_query("stats count(*) by bin(1h)")
        rows = rows_as_dicts(answer["results"])
        self.assertTrue(all(r["bin(1h)"].endswith(":00:00.000") for r in rows))
        self.assertEqual(sum(int(r["count(*)"]) for r in rows), 5)

    def test_parse_glob_and_regex_then_display(self):
        answer = self.run_query('parse @message "* - * * *" as ip, verb, route, status '
                                "| filter ispresent(status) | display route, status "
                                "| sort status asc")
        rows = rows_as_dicts(answer["results"])
        self.assertEqual([(r["route"], r["status"]) for r in rows],
                         [("/health", "200"), ("/login", "401")])
        answer = self.run_query(r"parse @message /(?<verb>[A-Z]+) (?<route>\/\w+)/ "
                                "| filter verb = 'POST' | fields route")
        self.assertEqual(rows_as_dicts(answer["results"])[0]["route"], "/login")

    def test_time_range_is_inclusive_in_seconds(self):
        newest = self.now - 60000
        answer = self.run_query("fields @message", startTime=newest // 1000,
                                endTime=newest // 1000)
        self.assertEqual([r["@message"] for r in rows_as_dicts(answer["results"])],
                         ["10.0.0.2 - POST /login 401"])

    def test_query_errors_are_aws_errors(self):
        response = self.error(self.logs.start_query, logGroupName=GROUP, startTime=0,
                              endTime=10, queryString="fields @message | sortt @timestamp")
        self.assertEqual(response["Error"]["Code"], "MalformedQueryException")
        self.assertEqual(response["Error"]["Message"],
                         "unexpected symbol found sortt at line 1 and position 18")
        self.assertEqual(response["queryCompileError"]["location"],
                         {"startCharOffset": 18, "endCharOffset": 22})
        response = self.error(self.logs.start_query, logGroupName="/missing", startTime=0,
                              endTime=10, queryString="fields @message")
        self.assertEqual(response["Error"]["Code"], "ResourceNotFoundException")
        response = self.error(self.logs.start_query, logGroupName=GROUP, logGroupNames=[GROUP],
                              startTime=0, endTime=10, queryString="fields @message")
        self.assertEqual(response["Error"]["Code"], "InvalidParameterException")
        response = self.error(self.logs.get_query_results, queryId="no-such-query")
        self.assertEqual(response["Error"]["Code"], "ResourceNotFoundException")

    def test_several_groups_by_name_and_arn(self):
        self.logs.create_log_group(logGroupName="/insights/other")
        self.logs.create_log_stream(logGroupName="/insights/other", logStreamName="s")
        self.logs.put_log_events(logGroupName="/insights/other", logStreamName="s",
                                 logEvents=[{"timestamp": self.now, "message": "other"}])
        arn = self.logs.describe_log_groups(logGroupNamePrefix="/insights/other")[
            "logGroups"][0]["logGroupArn"]
        query_id = self.logs.start_query(
            logGroupIdentifiers=[GROUP, arn], startTime=self.now // 1000 - 3600,
            endTime=self.now // 1000 + 60,
            queryString="filter @message = 'other' | fields @log, @logStream")["queryId"]
        answer = self.logs.get_query_results(queryId=query_id)
        self.assertEqual(rows_as_dicts(answer["results"])[0]["@log"],
                         "123456789012:/insights/other")
        self.assertEqual(rows_as_dicts(answer["results"])[0]["@logStream"], "s")

    def test_describe_and_stop_queries(self):
        group = "/insights/described"
        self.logs.create_log_group(logGroupName=group)
        first = self.logs.start_query(logGroupName=group, startTime=0, endTime=10,
                                      queryString="fields @message")["queryId"]
        second = self.logs.start_query(logGroupName=group, startTime=0, endTime=10,
                                       queryString="limit 1")["queryId"]
        listed = self.logs.describe_queries(logGroupName=group)["queries"]
        self.assertEqual([q["queryId"] for q in listed], [second, first])
        self.assertEqual(listed[1]["queryString"], "fields @message")
        self.assertEqual(listed[1]["logGroupName"], group)
        self.assertEqual(listed[1]["status"], "Complete")
        page = self.logs.describe_queries(maxResults=1)
        self.assertEqual(len(page["queries"]), 1)
        self.assertEqual(page["queries"][0]["queryId"], second)
        rest = self.logs.describe_queries(maxResults=1, nextToken=page["nextToken"])
        self.assertEqual(rest["queries"][0]["queryId"], first)
        self.assertEqual(self.logs.describe_queries(status="Running")["queries"], [])
        response = self.error(self.logs.stop_query, queryId=first)
        self.assertEqual(response["Error"]["Code"], "InvalidParameterException")

    def test_only_the_latest_queries_are_kept(self):
        group = "/insights/busy"
        self.logs.create_log_group(logGroupName=group)
        ids = [self.logs.start_query(logGroupName=group, startTime=0, endTime=10,
                                     queryString="limit 1")["queryId"] for _ in range(205)]
        listed = self.logs.describe_queries(logGroupName=group)["queries"]
        self.assertLessEqual(len(listed), 200)
        self.assertEqual(listed[0]["queryId"], ids[-1])
        response = self.error(self.logs.get_query_results, queryId=ids[0])
        self.assertEqual(response["Error"]["Code"], "ResourceNotFoundException")

    def test_query_definitions_put_update_list_delete(self):
        ids = [self.logs.put_query_definition(name=name, queryString="fields @message",
                                              logGroupNames=[GROUP])["queryDefinitionId"]
               for name in ("errors/api", "errors/web", "latency")]
        listed = self.logs.describe_query_definitions(queryDefinitionNamePrefix="errors/")
        self.assertEqual([d["name"] for d in listed["queryDefinitions"]],
                         ["errors/api", "errors/web"])
        self.assertEqual(listed["queryDefinitions"][0]["logGroupNames"], [GROUP])
        page = self.logs.describe_query_definitions(maxResults=2)
        self.assertEqual(len(page["queryDefinitions"]), 2)
        rest = self.logs.describe_query_definitions(maxResults=2, nextToken=page["nextToken"])
        self.assertEqual([d["name"] for d in rest["queryDefinitions"]], ["latency"])
        # an update replaces every member: the log groups left out are gone
        self.logs.put_query_definition(queryDefinitionId=ids[2], name="latency",
                                       queryString="stats avg(latency)")
        updated = self.logs.describe_query_definitions(queryDefinitionNamePrefix="lat")[
            "queryDefinitions"][0]
        self.assertEqual(updated["queryString"], "stats avg(latency)")
        self.assertEqual(updated["logGroupNames"], [])
        token = "a" * 36
        again = [self.logs.put_query_definition(name="retried", queryString="limit 1",
                                                clientToken=token)["queryDefinitionId"]
                 for _ in range(2)]
        self.assertEqual(again[0], again[1])
        self.assertEqual(len(self.logs.describe_query_definitions(
            queryDefinitionNamePrefix="retried")["queryDefinitions"]), 1)
        self.assertTrue(self.logs.delete_query_definition(queryDefinitionId=ids[0])["success"])
        response = self.error(self.logs.delete_query_definition, queryDefinitionId=ids[0])
        self.assertEqual(response["Error"]["Code"], "ResourceNotFoundException")
        response = self.error(self.logs.put_query_definition, queryDefinitionId=ids[0],
                              name="x", queryString="fields @message")
        self.assertEqual(response["Error"]["Code"], "ResourceNotFoundException")

    @unittest.skipUnless(shutil.which("aws"), "the AWS CLI is not installed")
    def test_aws_cli_start_query_and_get_query_results(self):
        env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                   AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")

        def cli(*args):
            out = subprocess.run(["aws", "--endpoint-url", self.server.url, "logs", *args],
                                 env=env, check=True, capture_output=True, text=True).stdout
            return json.loads(out)

        started = cli("start-query", "--log-group-name", GROUP,
                      "--start-time", str(self.now // 1000 - 3600),
                      "--end-time", str(self.now // 1000 + 60),
                      "--query-string", "filter ispresent(level) | stats count(*) as n by level "
                      "| sort n desc")
        answer = cli("get-query-results", "--query-id", started["queryId"])
        self.assertEqual(answer["status"], "Complete")
        self.assertEqual(rows_as_dicts(answer["results"])[0], {"level": "INFO", "n": "2"})


if __name__ == "__main__":
    run_tests()
