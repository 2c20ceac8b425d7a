"""CloudWatch Logs through motoc-server with boto3: log groups and streams with their errors and
paging, PutLogEvents' batch rules, GetLogEvents' tokens, FilterLogEvents across streams, tags."""
import gzip
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

HOUR_MS = 3600 * 1000
DAY_MS = 24 * HOUR_MS


def now_ms():
    return int(time.time() * 1000)


class LogsTest(ServerTestCase):
    def setUp(self):
        self.logs = boto3.client("logs", endpoint_url=self.server.url, region_name="us-east-1",
                                 config=Config(retries={"max_attempts": 1}))
        for group in self.logs.describe_log_groups()["logGroups"]:
            self.logs.delete_log_group(logGroupName=group["logGroupName"])

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response["Error"]

    def group_with_stream(self, group="/svc/app", stream="main"):
        self.logs.create_log_group(logGroupName=group)
        self.logs.create_log_stream(logGroupName=group, logStreamName=stream)

    def test_log_groups_list_by_prefix_and_pattern_a_page_at_a_time(self):
        for name in ("/a/one", "/a/two", "/b/Three"):
            self.logs.create_log_group(logGroupName=name, logGroupClass="INFREQUENT_ACCESS")
        first = self.logs.describe_log_groups(logGroupNamePrefix="/a/", limit=1)
        self.assertEqual([g["logGroupName"] for g in first["logGroups"]], ["/a/one"])
        second = self.logs.describe_log_groups(logGroupNamePrefix="/a/", limit=1,
                                               nextToken=first["nextToken"])
        self.assertEqual([g["logGroupName"] for g in second["logGroups"]], ["/a/two"])
        self.assertNotIn("nextToken", second)
        found = self.logs.describe_log_groups(logGroupNamePattern="three")["logGroups"]
        self.assertEqual([g["logGroupName"] for g in found], ["/b/Three"])
        group = found[0]
        self.assertEqual(group["logGroupClass"], "INFREQUENT_ACCESS")
        self.assertEqual(group["arn"], "arn:aws:logs:us-east-1:123456789012:log-group:/b/Three:*")
        self.assertEqual(group["logGroupArn"], group["arn"][:-2])

    def test_groups_and_streams_created_in_any_order_are_all_listed_sorted(self):
        names = ["/m/middle", "/c/first", "/z/last", "/f/between", "/d/second"]
        for name in names:
            self.logs.create_log_group(logGroupName=name)
            self.logs.create_log_stream(logGroupName="/m/middle", logStreamName=name[3:])
        groups = self.logs.describe_log_groups()["logGroups"]
        self.assertEqual([g["logGroupName"] for g in groups], sorted(names))
        streams = self.logs.describe_log_streams(logGroupName="/m/middle")["logStreams"]
        self.assertEqual([s["logStreamName"] for s in streams], sorted(n[3:] for n in names))

    def test_a_later_batch_with_older_events_is_merged_by_time(self):
        self.group_with_stream()
        t = now_ms() - 60000
        for batch in ([0, 30000], [10000], [20000, 40000]):
            self.logs.put_log_events(logGroupName="/svc/app", logStreamName="main", logEvents=[
                {"timestamp": t + offset, "message": str(offset)} for offset in batch])
        events = self.logs.get_log_events(logGroupName="/svc/app", logStreamName="main",
                                          startFromHead=True)["events"]
        self.assertEqual([e["message"] for e in events], ["0", "10000", "20000", "30000", "40000"])

    def test_missing_and_repeated_groups_and_streams_fail_as_aws(self):
        self.group_with_stream()
        err = self.error(self.logs.create_log_group, logGroupName="/svc/app")
        self.assertEqual(err["Code"], "ResourceAlreadyExistsException")
        err = self.error(self.logs.create_log_stream, logGroupName="/svc/app",
                         logStreamName="main")
        self.assertEqual(err["Code"], "ResourceAlreadyExistsException")
        err = self.error(self.logs.delete_log_group, logGroupName="/nope")
        self.assertEqual((err["Code"], err["Message"]),
                         ("ResourceNotFoundException", "The specified log group does not exist."))
        err = self.error(self.logs.get_log_events, logGroupName="/svc/app", logStreamName="no")
        self.assertEqual((err["Code"], err["Message"]),
                         ("ResourceNotFoundException", "The specified log stream does not exist."))

    def test_retention_accepts_only_the_allowed_day_counts(self):
        self.logs.create_log_group(logGroupName="g")
        self.logs.put_retention_policy(logGroupName="g", retentionInDays=14)
        self.assertEqual(self.logs.describe_log_groups()["logGroups"][0]["retentionInDays"], 14)
        err = self.error(self.logs.put_retention_policy, logGroupName="g", retentionInDays=2)
        self.assertEqual(err["Code"], "InvalidParameterException")
        err = self.error(self.logs.describe_log_groups, limit=51)
        self.assertEqual(err["Code"], "InvalidParameterException")
        self.assertIn("Member must have value less than or equal to 50", err["Message"])
        self.logs.delete_retention_policy(logGroupName="g")
        self.assertNotIn("retentionInDays", self.logs.describe_log_groups()["logGroups"][0])

    def test_streams_order_by_last_event_time_descending(self):
        self.logs.create_log_group(logGroupName="g")
        now = now_ms()
        for offset, name in ((3, "a"), (1, "b"), (2, "c")):
            self.logs.create_log_stream(logGroupName="g", logStreamName=name)
            self.logs.put_log_events(logGroupName="g", logStreamName=name,
                                     logEvents=[{"timestamp": now - offset * 1000,
                                                 "message": name}])
        streams = self.logs.describe_log_streams(logGroupName="g", orderBy="LastEventTime",
                                                 descending=True)["logStreams"]
        self.assertEqual([s["logStreamName"] for s in streams], ["b", "c", "a"])
        page = self.logs.describe_log_streams(logGroupName="g", limit=2)
        self.assertEqual([s["logStreamName"] for s in page["logStreams"]], ["a", "b"])
        rest = self.logs.describe_log_streams(logGroupName="g", nextToken=page["nextToken"])
        self.assertEqual([s["logStreamName"] for s in rest["logStreams"]], ["c"])
        err = self.error(self.logs.describe_log_streams, logGroupName="g",
                         orderBy="LastEventTime", logStreamNamePrefix="a")
        self.assertEqual(err["Code"], "InvalidParameterException")

    def test_put_log_events_rejects_unordered_batches_and_reports_old_and_new_events(self):
        self.group_with_stream()
        now = now_ms()
        err = self.error(self.logs.put_log_events, logGroupName="/svc/app", logStreamName="main",
                         logEvents=[{"timestamp": now, "message": "b"},
                                    {"timestamp": now - 1, "message": "a"}])
        self.assertEqual(err["Code"], "InvalidParameterException")
        old = self.logs.put_log_events(logGroupName="/svc/app", logStreamName="main",
                                       sequenceToken="ignored",
                                       logEvents=[{"timestamp": now - 15 * DAY_MS, "message": "x"},
                                                  {"timestamp": now - 15 * DAY_MS + 1,
                                                   "message": "y"}])
        self.assertEqual(old["rejectedLogEventsInfo"], {"tooOldLogEventEndIndex": 2})
        new = self.logs.put_log_events(logGroupName="/svc/app", logStreamName="main",
                                       logEvents=[{"timestamp": now, "message": "kept"},
                                                  {"timestamp": now + 3 * HOUR_MS,
                                                   "message": "future"}])
        self.assertEqual(new["rejectedLogEventsInfo"], {"tooNewLogEventStartIndex": 1})
        events = self.logs.get_log_events(logGroupName="/svc/app", logStreamName="main")["events"]
        self.assertEqual([e["message"] for e in events], ["kept"])

    def test_get_log_events_walks_forward_and_backward(self):
        self.group_with_stream()
        now = now_ms()
        self.logs.put_log_events(logGroupName="/svc/app", logStreamName="main",
                                 logEvents=[{"timestamp": now + i, "message": str(i)}
                                            for i in range(5)])
        head = self.logs.get_log_events(logGroupName="/svc/app", logStreamName="main",
                                        startFromHead=True, limit=2)
        self.assertEqual([e["message"] for e in head["events"]], ["0", "1"])
        self.assertTrue(head["nextForwardToken"].startswith("f/"))
        after = self.logs.get_log_events(logGroupName="/svc/app", logStreamName="main", limit=2,
                                         nextToken=head["nextForwardToken"])
        self.assertEqual([e["message"] for e in after["events"]], ["2", "3"])
        tail = self.logs.get_log_events(logGroupName="/svc/app", logStreamName="main", limit=2)
        self.assertEqual([e["message"] for e in tail["events"]], ["3", "4"])
        before = self.logs.get_log_events(logGroupName="/svc/app", logStreamName="main", limit=2,
                                          nextToken=tail["nextBackwardToken"])
        self.assertEqual([e["message"] for e in before["events"]], ["1", "2"])
        end = self.logs.get_log_events(logGroupName="/svc/app", logStreamName="main",
                                       startFromHead=True, nextToken="f/%056d" % 5)
        self.assertEqual(end["events"], [])
        self.assertEqual(end["nextForwardToken"], "f/%056d" % 5)

    def test_filter_log_events_interleaves_streams_filters_and_pages(self):
        self.logs.create_log_group(logGroupName="g")
        now = now_ms()
        for name, offsets in (("web", (0, 2, 4)), ("worker", (1, 3))):
            self.logs.create_log_stream(logGroupName="g", logStreamName=name)
            self.logs.put_log_events(logGroupName="g", logStreamName=name,
                                     logEvents=[{"timestamp": now + o,
                                                 "message": f"{'ERROR' if o % 2 else 'INFO'} {o}"}
                                                for o in offsets])
        pages = self.logs.get_paginator("filter_log_events").paginate(
            logGroupName="g", PaginationConfig={"PageSize": 2})
        events = [e for page in pages for e in page["events"]]
        self.assertEqual([e["message"][-1] for e in events], ["0", "1", "2", "3", "4"])
        errors = self.logs.filter_log_events(logGroupName="g", filterPattern="ERROR")["events"]
        self.assertEqual({e["logStreamName"] for e in errors}, {"worker"})
        ranged = self.logs.filter_log_events(logGroupName="g", startTime=now + 1, endTime=now + 2,
                                             logStreamNamePrefix="w")["events"]
        self.assertEqual([e["message"] for e in ranged], ["ERROR 1", "INFO 2"])

    def test_filter_log_events_matches_json_patterns(self):
        self.group_with_stream()
        now = now_ms()
        messages = ['{"level": "error", "ms": 250}', '{"level": "error", "ms": 20}',
                    '{"level": "info", "ms": 900}', "plain text"]
        self.logs.put_log_events(logGroupName="/svc/app", logStreamName="main",
                                 logEvents=[{"timestamp": now + i, "message": m}
                                            for i, m in enumerate(messages)])
        slow_errors = self.logs.filter_log_events(
            logGroupName="/svc/app", filterPattern='{ $.level = "err*" && $.ms > 100 }')["events"]
        self.assertEqual([e["message"] for e in slow_errors], [messages[0]])

    def test_tags_by_group_name_and_by_arn(self):
        self.logs.create_log_group(logGroupName="g", tags={"team": "red"})
        arn = self.logs.describe_log_groups()["logGroups"][0]["logGroupArn"]
        self.logs.tag_resource(resourceArn=arn, tags={"env": "test"})
        self.assertEqual(self.logs.list_tags_log_group(logGroupName="g")["tags"],
                         {"team": "red", "env": "test"})
        self.logs.untag_log_group(logGroupName="g", tags=["team"])
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=arn)["tags"],
                         {"env": "test"})

    def test_metric_and_subscription_filters_are_kept_two_subscriptions_at_most(self):
        self.logs.create_log_group(logGroupName="g")
        transform = [{"metricName": "Errors", "metricNamespace": "App", "metricValue": "1"}]
        self.logs.put_metric_filter(logGroupName="g", filterName="errors", filterPattern="ERROR",
                                    metricTransformations=transform)
        found = self.logs.describe_metric_filters(metricName="Errors",
                                                  metricNamespace="App")["metricFilters"]
        self.assertEqual([(f["filterName"], f["logGroupName"]) for f in found],
                         [("errors", "g")])
        self.assertEqual(self.logs.describe_log_groups()["logGroups"][0]["metricFilterCount"], 1)
        matches = self.logs.test_metric_filter(filterPattern="ERROR",
                                               logEventMessages=["ok", "ERROR x"])["matches"]
        self.assertEqual([m["eventNumber"] for m in matches], [2])
        self.logs.delete_metric_filter(logGroupName="g", filterName="errors")
        err = self.error(self.logs.delete_metric_filter, logGroupName="g", filterName="errors")
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        target = "arn:aws:lambda:us-east-1:123456789012:function:f"
        for name in ("one", "two"):
            self.logs.put_subscription_filter(logGroupName="g", filterName=name,
                                              filterPattern="", destinationArn=target)
        err = self.error(self.logs.put_subscription_filter, logGroupName="g", filterName="three",
                         filterPattern="", destinationArn=target)
        self.assertEqual(err["Code"], "LimitExceededException")
        listed = self.logs.describe_subscription_filters(logGroupName="g")["subscriptionFilters"]
        self.assertEqual([(f["filterName"], f["distribution"]) for f in listed],
                         [("one", "ByLogStream"), ("two", "ByLogStream")])

    def test_export_tasks_write_each_streams_events_gzipped_to_s3(self):
        s3 = boto3.client("s3", endpoint_url=self.server.url, region_name="us-east-1")
        s3.create_bucket(Bucket="log-archive")
        self.group_with_stream(stream="web-1")
        self.logs.create_log_stream(logGroupName="/svc/app", logStreamName="web-2")
        self.logs.create_log_stream(logGroupName="/svc/app", logStreamName="batch")
        t = now_ms() - 60000
        for stream, offset in (("web-1", 0), ("web-2", 1000), ("batch", 2000)):
            self.logs.put_log_events(logGroupName="/svc/app", logStreamName=stream, logEvents=[
                {"timestamp": t + offset, "message": f"hello from {stream}"},
                {"timestamp": t + 50000, "message": "too late"}])
        task = self.logs.create_export_task(taskName="nightly", logGroupName="/svc/app",
                                            logStreamNamePrefix="web", fromTime=t,
                                            to=t + 10000, destination="log-archive",
                                            destinationPrefix="app")["taskId"]
        listed = self.logs.describe_export_tasks(taskId=task)["exportTasks"][0]
        self.assertEqual((listed["status"]["code"], listed["destinationPrefix"]),
                         ("COMPLETED", "app"))
        keys = {o["Key"] for o in s3.list_objects_v2(Bucket="log-archive")["Contents"]}
        self.assertEqual(keys, {"app/aws-logs-write-test", f"app/{task}/web-1/000000.gz",
                                f"app/{task}/web-2/000000.gz"})
        body = s3.get_object(Bucket="log-archive", Key=f"app/{task}/web-2/000000.gz")["Body"]
        lines = gzip.decompress(body.read()).decode().splitlines()
        self.assertEqual(len(lines), 1)
        self.assertRegex(lines[0], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z hello from web-2$")
        err = self.error(self.logs.cancel_export_task, taskId=task)
        self.assertEqual(err["Code"], "InvalidOperationException")
        err = self.error(self.logs.create_export_task, logGroupName="/svc/app", fromTime=t,
                         to=t + 1, destination="no-such-bucket")
        self.assertEqual(err["Code"], "InvalidParameterException")

    def test_destinations_keep_their_policy_and_tags(self):
        made = self.logs.put_destination(destinationName="central",
                                         targetArn="arn:aws:kinesis:us-east-1:123456789012:"
                                                   "stream/s",
                                         roleArn="arn:aws:iam::123456789012:role/r",
                                         tags={"team": "red"})["destination"]
        self.assertEqual(made["arn"], "arn:aws:logs:us-east-1:123456789012:destination:central")
        self.logs.put_destination_policy(destinationName="central", accessPolicy="{}")
        listed = self.logs.describe_destinations(DestinationNamePrefix="cen")["destinations"]
        self.assertEqual([(d["destinationName"], d["accessPolicy"]) for d in listed],
                         [("central", "{}")])
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=made["arn"])["tags"],
                         {"team": "red"})
        self.logs.delete_destination(destinationName="central")
        err = self.error(self.logs.delete_destination, destinationName="central")
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        self.assertEqual(self.logs.describe_destinations()["destinations"], [])


if __name__ == "__main__":
    run_tests()
