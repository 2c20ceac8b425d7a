"""CloudWatch metrics and alarms through motoc-server with boto3 (whatever protocol it picks
from the model) and the AWS CLI: metric data and statistics, metric math, alarms that evaluate
as data arrives and notify SNS, composite alarms, dashboards and tags."""
import json
import os
import subprocess
import sys
import unittest
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402


def minute_start(offset_minutes=0):
    now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    return now + timedelta(minutes=offset_minutes)


class CloudWatchTest(ServerTestCase):
    def setUp(self):
        urllib.request.urlopen(urllib.request.Request(f"{self.server.url}/moto-api/reset",
                                                      method="POST")).read()
        self.client = self.make_client("cloudwatch")
        self.namespace = f"App/{self.id().rsplit('.', 1)[-1]}"

    def make_client(self, service):
        return boto3.client(service, endpoint_url=self.server.url, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1}))

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as caught:
            call(**kwargs)
        return caught.exception.response["Error"]

    def aws(self, *args):
        done = subprocess.run(["aws", "--endpoint-url", self.server.url, "--region", "us-east-1",
                               "--output", "json", "cloudwatch", *args],
                              capture_output=True, text=True, timeout=60,
                              env={**os.environ, **CLIENT_ENV})
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def put(self, name, value=None, when=None, **datum):
        datum = {"MetricName": name, **datum}
        if value is not None:
            datum["Value"] = value
        if when is not None:
            datum["Timestamp"] = when
        self.client.put_metric_data(Namespace=self.namespace, MetricData=[datum])

    # ---- metric data ----

    def test_statistics_per_period_with_percentiles_and_statistic_sets(self):
        start = minute_start(-5)
        for v in (1, 2, 3, 4):
            self.put("Latency", v, start + timedelta(seconds=10), Unit="Milliseconds")
        self.put("Latency", when=start + timedelta(minutes=1, seconds=5), Unit="Milliseconds",
                 StatisticValues={"SampleCount": 4, "Sum": 40, "Minimum": 5, "Maximum": 15})
        got = self.client.get_metric_statistics(
            Namespace=self.namespace, MetricName="Latency", StartTime=start,
            EndTime=start + timedelta(minutes=5), Period=60,
            Statistics=["SampleCount", "Average", "Sum", "Minimum", "Maximum"])
        points = sorted(got["Datapoints"], key=lambda p: p["Timestamp"])
        self.assertEqual(got["Label"], "Latency")
        self.assertEqual(len(points), 2)
        self.assertEqual(points[0]["Timestamp"], start)
        self.assertEqual((points[0]["SampleCount"], points[0]["Sum"], points[0]["Average"],
                          points[0]["Minimum"], points[0]["Maximum"]), (4, 10, 2.5, 1, 4))
        self.assertEqual(points[0]["Unit"], "Milliseconds")
        self.assertEqual((points[1]["Average"], points[1]["Maximum"]), (10, 15))
        ext = self.client.get_metric_statistics(
            Namespace=self.namespace, MetricName="Latency", StartTime=start,
            EndTime=start + timedelta(minutes=1), Period=60, ExtendedStatistics=["p50", "p100"])
        self.assertEqual(ext["Datapoints"][0]["ExtendedStatistics"], {"p50": 2.0, "p100": 4.0})

    def test_values_with_counts_weight_the_statistics(self):
        start = minute_start(-2)
        self.put("Size", when=start, Values=[10, 20], Counts=[3, 1])
        got = self.client.get_metric_statistics(
            Namespace=self.namespace, MetricName="Size", StartTime=start,
            EndTime=start + timedelta(minutes=1), Period=60,
            Statistics=["SampleCount", "Average"])["Datapoints"][0]
        self.assertEqual((got["SampleCount"], got["Average"]), (4, 12.5))

    def test_put_metric_data_refuses_what_aws_refuses(self):
        err = self.error(self.client.put_metric_data, Namespace="AWS/EC2",
                         MetricData=[{"MetricName": "m", "Value": 1}])
        self.assertEqual(err["Code"], "InvalidParameterValue")
        self.assertIn("AWS/EC2", err["Message"])
        err = self.error(self.client.put_metric_data, Namespace=self.namespace,
                         MetricData=[{"MetricName": "m", "Value": 1,
                                      "StatisticValues": {"SampleCount": 1, "Sum": 1,
                                                          "Minimum": 1, "Maximum": 1}}])
        self.assertEqual(err["Code"], "InvalidParameterCombination")
        err = self.error(self.client.put_metric_data, Namespace=self.namespace,
                         MetricData=[{"MetricName": "m", "Values": [1, 2], "Counts": [1]}])
        self.assertEqual(err["Code"], "InvalidParameterValue")

    def test_a_thousand_metrics_in_one_gzip_compressed_call(self):
        # boto3 gzips PutMetricData bodies past 10 KiB, as the model asks
        data = [{"MetricName": f"bulk-{i:04d}", "Value": i,
                 "Dimensions": [{"Name": "Shard", "Value": str(i % 7)}]} for i in range(1000)]
        self.client.put_metric_data(Namespace=self.namespace, MetricData=data)
        pages = self.client.get_paginator("list_metrics").paginate(Namespace=self.namespace)
        names = [m["MetricName"] for page in pages for m in page["Metrics"]]
        self.assertEqual(len(names), 1000)
        self.assertEqual(len(set(names)), 1000)
        err = self.error(self.client.put_metric_data, Namespace=self.namespace,
                         MetricData=data + [{"MetricName": "one-too-many", "Value": 1}])
        self.assertIn(err["Code"], ("InvalidParameterValue", "ValidationError"))

    def test_list_metrics_filters_by_name_and_dimensions(self):
        self.put("Hits", 1, Dimensions=[{"Name": "Host", "Value": "a"}])
        self.put("Hits", 1, Dimensions=[{"Name": "Host", "Value": "b"}])
        self.put("Misses", 1)
        listed = self.client.list_metrics(Namespace=self.namespace)["Metrics"]
        self.assertEqual(len(listed), 3)
        hits = self.client.list_metrics(Namespace=self.namespace, MetricName="Hits")["Metrics"]
        self.assertEqual(len(hits), 2)
        host_b = self.client.list_metrics(
            Namespace=self.namespace, Dimensions=[{"Name": "Host", "Value": "b"}])["Metrics"]
        self.assertEqual(host_b, [{"Namespace": self.namespace, "MetricName": "Hits",
                                   "Dimensions": [{"Name": "Host", "Value": "b"}]}])
        any_host = self.client.list_metrics(Namespace=self.namespace,
                                            Dimensions=[{"Name": "Host"}])["Metrics"]
        self.assertEqual(len(any_host), 2)
        recent = self.client.list_metrics(Namespace=self.namespace,
                                          RecentlyActive="PT3H")["Metrics"]
        self.assertEqual(len(recent), 3)

    def test_get_metric_data_with_math_and_scan_order(self):
        start = minute_start(-3)
        for minute in range(3):
            self.put("A", minute + 1, start + timedelta(minutes=minute))
            self.put("B", 10, start + timedelta(minutes=minute))

        def stat(name):
            return {"Metric": {"Namespace": self.namespace, "MetricName": name},
                    "Period": 60, "Stat": "Sum"}
        got = self.client.get_metric_data(
            MetricDataQueries=[
                {"Id": "a", "MetricStat": stat("A"), "ReturnData": False},
                {"Id": "b", "MetricStat": stat("B")},
                {"Id": "total", "Expression": "(a + b) * 2", "Label": "Total"},
                {"Id": "most", "Expression": "MAX([a, b])"},
            ],
            StartTime=start, EndTime=start + timedelta(minutes=3),
            ScanBy="TimestampAscending")
        results = {r["Id"]: r for r in got["MetricDataResults"]}
        self.assertNotIn("a", results)
        self.assertEqual(results["b"]["Label"], "B")
        self.assertEqual(results["total"]["Label"], "Total")
        self.assertEqual(results["total"]["Values"], [22, 24, 26])
        self.assertEqual(results["total"]["Timestamps"][0], start)
        self.assertEqual(results["most"]["Values"], [10, 10, 10])
        self.assertEqual(results["b"]["StatusCode"], "Complete")
        descending = self.client.get_metric_data(
            MetricDataQueries=[{"Id": "a", "MetricStat": stat("A")}],
            StartTime=start, EndTime=start + timedelta(minutes=3))
        self.assertEqual(descending["MetricDataResults"][0]["Values"], [3, 2, 1])

    def test_get_metric_data_pages(self):
        start = minute_start(-4)
        for minute in range(4):
            self.put("Paged", minute, start + timedelta(minutes=minute))
        query = [{"Id": "p", "MetricStat": {
            "Metric": {"Namespace": self.namespace, "MetricName": "Paged"},
            "Period": 60, "Stat": "Maximum"}}]
        values = []
        pages = self.client.get_paginator("get_metric_data").paginate(
            MetricDataQueries=query, StartTime=start, EndTime=start + timedelta(minutes=4),
            ScanBy="TimestampAscending", PaginationConfig={"PageSize": 3})
        count = 0
        for page in pages:
            count += 1
            values += page["MetricDataResults"][0]["Values"]
        self.assertEqual(values, [0, 1, 2, 3])
        self.assertEqual(count, 2)

    def test_metrics_insights_query(self):
        start = minute_start(-2)
        for host, path, value in (("a", "/x", 3), ("b", "/x", 4), ("a", "/y", 100)):
            self.put("Requests", value, start, Dimensions=[{"Name": "Host", "Value": host},
                                                           {"Name": "Path", "Value": path}])
        got = self.client.get_metric_data(
            MetricDataQueries=[{"Id": "q", "Period": 60, "Expression":
                                f"SELECT SUM(Requests) FROM SCHEMA(\"{self.namespace}\", Host, "
                                f"Path) WHERE Path = '/x' GROUP BY Path"}],
            StartTime=start, EndTime=start + timedelta(minutes=1))
        self.assertEqual(got["MetricDataResults"][0]["Values"], [7.0])
        err = self.error(self.client.get_metric_data,
                         MetricDataQueries=[{"Id": "q", "Period": 60,
                                             "Expression": "SELECT SUM(x) FROM"}],
                         StartTime=start, EndTime=start + timedelta(minutes=1))
        self.assertEqual(err["Code"], "ValidationError")

    def test_bad_expression_is_a_validation_error(self):
        err = self.error(self.client.get_metric_data,
                         MetricDataQueries=[{"Id": "e", "Expression": "nothere + 1"}],
                         StartTime=minute_start(-5), EndTime=minute_start())
        self.assertEqual(err["Code"], "ValidationError")

    def test_get_metric_data_by_the_aws_cli(self):
        start = minute_start(-2)
        self.put("Cli", 7, start)
        queries = json.dumps([{"Id": "c", "MetricStat": {
            "Metric": {"Namespace": self.namespace, "MetricName": "Cli"},
            "Period": 60, "Stat": "Average"}}])
        got = self.aws("get-metric-data", "--metric-data-queries", queries,
                       "--start-time", start.isoformat(),
                       "--end-time", (start + timedelta(minutes=2)).isoformat())
        self.assertEqual(got["MetricDataResults"][0]["Values"], [7.0])

    def test_s3_publishes_its_daily_storage_metrics(self):
        s3 = self.make_client("s3")
        s3.create_bucket(Bucket="metered")
        s3.put_object(Bucket="metered", Key="a", Body=b"12345")
        s3.put_object(Bucket="metered", Key="b", Body=b"123")
        listed = self.client.list_metrics(
            Namespace="AWS/S3", Dimensions=[{"Name": "BucketName", "Value": "metered"}])["Metrics"]
        self.assertEqual(sorted(m["MetricName"] for m in listed),
                         ["BucketSizeBytes", "NumberOfObjects"])
        now = datetime.now(timezone.utc)
        size = self.client.get_metric_statistics(
            Namespace="AWS/S3", MetricName="BucketSizeBytes",
            Dimensions=[{"Name": "BucketName", "Value": "metered"},
                        {"Name": "StorageType", "Value": "StandardStorage"}],
            StartTime=now - timedelta(days=1), EndTime=now + timedelta(minutes=1),
            Period=86400, Statistics=["Average"])["Datapoints"]
        self.assertEqual([(p["Average"], p["Unit"]) for p in size], [(8.0, "Bytes")])
        count = self.client.get_metric_statistics(
            Namespace="AWS/S3", MetricName="NumberOfObjects",
            Dimensions=[{"Name": "StorageType", "Value": "AllStorageTypes"},
                        {"Name": "BucketName", "Value": "metered"}],
            StartTime=now - timedelta(days=1), EndTime=now + timedelta(minutes=1),
            Period=86400, Statistics=["Maximum"])["Datapoints"]
        self.assertEqual([p["Maximum"] for p in count], [2.0])

    # ---- alarms ----

    def alarm(self, name, **extra):
        args = dict(AlarmName=name, Namespace=self.namespace, MetricName="Errors",
                    Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=5,
                    ComparisonOperator="GreaterThanThreshold")
        args.update(extra)
        self.client.put_metric_alarm(**args)

    def describe(self, name):
        return self.client.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]

    def test_alarm_goes_to_alarm_and_notifies_an_sns_topic_subscribed_by_sqs(self):
        sns, sqs = self.make_client("sns"), self.make_client("sqs")
        topic = sns.create_topic(Name="alarms")["TopicArn"]
        queue = sqs.create_queue(QueueName="alarm-inbox")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
        self.alarm("errors-high", AlarmActions=[topic], AlarmDescription="too many errors")
        self.assertEqual(self.describe("errors-high")["StateValue"], "INSUFFICIENT_DATA")
        self.put("Errors", 9)
        alarm = self.describe("errors-high")
        self.assertEqual(alarm["StateValue"], "ALARM")
        self.assertIn("Threshold Crossed", alarm["StateReason"])
        messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=2)["Messages"]
        envelope = json.loads(messages[0]["Body"])
        self.assertEqual(envelope["Subject"], 'ALARM: "errors-high" in US East (N. Virginia)')
        body = json.loads(envelope["Message"])
        self.assertEqual(body["AlarmName"], "errors-high")
        self.assertEqual(body["AlarmDescription"], "too many errors")
        self.assertEqual((body["OldStateValue"], body["NewStateValue"]),
                         ("INSUFFICIENT_DATA", "ALARM"))
        self.assertEqual(body["AlarmArn"], alarm["AlarmArn"])
        self.assertEqual(body["Trigger"]["MetricName"], "Errors")
        self.assertEqual(body["Trigger"]["Statistic"], "SUM")
        self.assertEqual(body["Trigger"]["Threshold"], 5)
        history = self.client.describe_alarm_history(AlarmName="errors-high",
                                                     HistoryItemType="StateUpdate")
        self.assertEqual(history["AlarmHistoryItems"][0]["HistorySummary"],
                         "Alarm updated from INSUFFICIENT_DATA to ALARM")

    def test_alarm_actions_disabled_send_nothing(self):
        sns, sqs = self.make_client("sns"), self.make_client("sqs")
        topic = sns.create_topic(Name="quiet")["TopicArn"]
        queue = sqs.create_queue(QueueName="quiet-inbox")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
        self.alarm("quiet", OKActions=[topic])
        self.client.disable_alarm_actions(AlarmNames=["quiet"])
        self.assertFalse(self.describe("quiet")["ActionsEnabled"])
        self.client.set_alarm_state(AlarmName="quiet", StateValue="OK", StateReason="test")
        self.assertEqual(self.describe("quiet")["StateValue"], "OK")
        self.assertNotIn("Messages", sqs.receive_message(QueueUrl=queue))

    def test_datapoints_to_alarm_and_below_threshold(self):
        self.alarm("two-of-three", EvaluationPeriods=3, DatapointsToAlarm=2,
                   ComparisonOperator="LessThanThreshold", Threshold=1)
        self.put("Errors", 0, minute_start(-1))
        self.assertEqual(self.describe("two-of-three")["StateValue"], "OK")
        self.put("Errors", 0, minute_start(-2))
        self.assertEqual(self.describe("two-of-three")["StateValue"], "ALARM")

    def test_describe_alarms_filters_and_pages(self):
        for i in range(5):
            self.alarm(f"page-{i}", AlarmActions=[f"arn:aws:sns:us-east-1:123456789012:t{i}"])
        self.client.set_alarm_state(AlarmName="page-3", StateValue="ALARM", StateReason="x")
        names = [a["AlarmName"] for page in self.client.get_paginator("describe_alarms")
                 .paginate(AlarmNamePrefix="page-", PaginationConfig={"PageSize": 2})
                 for a in page["MetricAlarms"]]
        self.assertEqual(names, [f"page-{i}" for i in range(5)])
        alarming = self.client.describe_alarms(StateValue="ALARM")["MetricAlarms"]
        self.assertEqual([a["AlarmName"] for a in alarming], ["page-3"])
        by_action = self.client.describe_alarms(
            ActionPrefix="arn:aws:sns:us-east-1:123456789012:t4")["MetricAlarms"]
        self.assertEqual([a["AlarmName"] for a in by_action], ["page-4"])
        for_metric = self.client.describe_alarms_for_metric(
            MetricName="Errors", Namespace=self.namespace)["MetricAlarms"]
        self.assertEqual(len(for_metric), 5)
        self.client.delete_alarms(AlarmNames=["page-0", "page-1"])
        left = self.client.describe_alarms(AlarmNamePrefix="page-")["MetricAlarms"]
        self.assertEqual(len(left), 3)

    def test_put_metric_alarm_validation(self):
        err = self.error(self.client.put_metric_alarm, AlarmName="bad",
                         Namespace=self.namespace, MetricName="m", Statistic="Sum", Period=60,
                         EvaluationPeriods=1, DatapointsToAlarm=2, Threshold=1,
                         ComparisonOperator="GreaterThanThreshold")
        self.assertEqual(err["Code"], "ValidationError")

    def test_composite_alarm_follows_its_rule(self):
        self.alarm("child-a")
        self.alarm("child-b")
        self.client.put_composite_alarm(
            AlarmName="both", AlarmRule='ALARM("child-a") AND NOT OK(child-b)')
        composite = self.client.describe_alarms(AlarmTypes=["CompositeAlarm"])[
            "CompositeAlarms"][0]
        self.assertEqual(composite["StateValue"], "OK")
        self.client.set_alarm_state(AlarmName="child-a", StateValue="ALARM", StateReason="x")
        composite = self.client.describe_alarms(AlarmNames=["both"],
                                                AlarmTypes=["CompositeAlarm"])[
            "CompositeAlarms"][0]
        self.assertEqual(composite["StateValue"], "ALARM")
        children = self.client.describe_alarms(ChildrenOfAlarmName="both")["MetricAlarms"]
        self.assertEqual([a["AlarmName"] for a in children], ["child-a", "child-b"])
        parents = self.client.describe_alarms(ParentsOfAlarmName="child-b",
                                              AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]
        self.assertEqual([a["AlarmName"] for a in parents], ["both"])
        err = self.error(self.client.put_composite_alarm, AlarmName="broken",
                         AlarmRule="ALARM(a) AND")
        self.assertEqual(err["Code"], "ValidationError")

    def test_alarm_tags(self):
        self.alarm("tagged", Tags=[{"Key": "team", "Value": "core"}])
        arn = self.describe("tagged")["AlarmArn"]
        self.client.tag_resource(ResourceARN=arn, Tags=[{"Key": "env", "Value": "dev"}])
        self.client.untag_resource(ResourceARN=arn, TagKeys=["team"])
        tags = self.client.list_tags_for_resource(ResourceARN=arn)["Tags"]
        self.assertEqual(tags, [{"Key": "env", "Value": "dev"}])
        err = self.error(self.client.tag_resource, ResourceARN=arn.replace("tagged", "missing"),
                         Tags=[{"Key": "k", "Value": "v"}])
        self.assertEqual(err["Code"], "ResourceNotFoundException")

    # ---- protocols ----

    def raw(self, body, headers):
        auth = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/monitoring/"
                "aws4_request, SignedHeaders=host, Signature=0")
        request = urllib.request.Request(self.server.url + "/", data=body.encode(),
                                         headers={"Authorization": auth, **headers})
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as failed:
            return failed.code, dict(failed.headers), failed.read().decode()

    def test_query_and_json_protocols_answer_alike(self):
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _, body = self.raw("Action=PutMetricData&Version=2010-08-01&Namespace=Proto&"
                                   "MetricData.member.1.MetricName=viaQuery&"
                                   "MetricData.member.1.Value=3", form)
        self.assertEqual(status, 200, body)
        json_headers = {"Content-Type": "application/x-amz-json-1.0",
                        "X-Amz-Target": "GraniteServiceVersion20100801.ListMetrics"}
        status, _, body = self.raw(json.dumps({"Namespace": "Proto"}), json_headers)
        self.assertEqual(status, 200, body)
        self.assertEqual([m["MetricName"] for m in json.loads(body)["Metrics"]], ["viaQuery"])
        status, _, body = self.raw("Action=PutMetricData&Version=2010-08-01&Namespace=AWS/EC2&"
                                   "MetricData.member.1.MetricName=m&"
                                   "MetricData.member.1.Value=1", form)
        self.assertEqual(status, 400)
        self.assertIn("<Code>InvalidParameterValue</Code>", body)
        json_headers["X-Amz-Target"] = "GraniteServiceVersion20100801.PutMetricData"
        status, headers, body = self.raw(json.dumps(
            {"Namespace": "AWS/EC2", "MetricData": [{"MetricName": "m", "Value": 1}]}),
            json_headers)
        self.assertEqual(status, 400)
        self.assertEqual(headers.get("x-amzn-query-error"), "InvalidParameterValue;Sender")

    # ---- dashboards, metric streams, insight rules ----

    def test_dashboards(self):
        body = json.dumps({"widgets": []})
        self.client.put_dashboard(DashboardName="ops-main", DashboardBody=body)
        self.client.put_dashboard(DashboardName="ops-db", DashboardBody=body)
        got = self.client.get_dashboard(DashboardName="ops-main")
        self.assertEqual(got["DashboardBody"], body)
        self.assertEqual(got["DashboardArn"],
                         "arn:aws:cloudwatch::123456789012:dashboard/ops-main")
        entries = self.client.list_dashboards(DashboardNamePrefix="ops-")["DashboardEntries"]
        self.assertEqual([e["DashboardName"] for e in entries], ["ops-db", "ops-main"])
        self.assertEqual(entries[0]["Size"], len(body))
        err = self.error(self.client.put_dashboard, DashboardName="bad", DashboardBody="{nope")
        self.assertEqual(err["Code"], "InvalidParameterInput")
        err = self.error(self.client.delete_dashboards, DashboardNames=["ops-db", "missing"])
        self.assertEqual(err["Code"], "ResourceNotFound")
        self.client.delete_dashboards(DashboardNames=["ops-db", "ops-main"])
        self.assertEqual(self.client.list_dashboards()["DashboardEntries"], [])
        err = self.error(self.client.get_dashboard, DashboardName="ops-main")
        self.assertEqual(err["Code"], "ResourceNotFound")

    def test_metric_streams_and_insight_rules_are_stored(self):
        arn = self.client.put_metric_stream(
            Name="stream", FirehoseArn="arn:aws:firehose:us-east-1:123456789012:deliverystream/d",
            RoleArn="arn:aws:iam::123456789012:role/r", OutputFormat="json")["Arn"]
        self.client.stop_metric_streams(Names=["stream"])
        got = self.client.get_metric_stream(Name="stream")
        self.assertEqual((got["Arn"], got["State"], got["OutputFormat"]),
                         (arn, "stopped", "json"))
        self.assertEqual(len(self.client.list_metric_streams()["Entries"]), 1)
        rule = json.dumps({"Schema": {"Name": "CloudWatchLogRule", "Version": 1}})
        self.client.put_insight_rule(RuleName="top", RuleDefinition=rule,
                                     Tags=[{"Key": "k", "Value": "v"}])
        self.client.disable_insight_rules(RuleNames=["top"])
        rules = self.client.describe_insight_rules()["InsightRules"]
        self.assertEqual((rules[0]["Name"], rules[0]["State"]), ("top", "DISABLED"))
        failures = self.client.delete_insight_rules(RuleNames=["top", "none"])["Failures"]
        self.assertEqual([f["FailureResource"] for f in failures], ["none"])
        self.assertEqual(self.client.describe_insight_rules()["InsightRules"], [])


    def test_anomaly_detectors_single_metric_and_math(self):
        dims = [{"Name": "Host", "Value": "a"}]
        self.client.put_anomaly_detector(SingleMetricAnomalyDetector={
            "Namespace": self.namespace, "MetricName": "Latency", "Dimensions": dims,
            "Stat": "Average"}, Configuration={"MetricTimezone": "UTC"})
        self.client.put_anomaly_detector(MetricMathAnomalyDetector={"MetricDataQueries": [{
            "Id": "m1", "Expression": "SELECT AVG(Latency) FROM SCHEMA(\"%s\")" % self.namespace,
            "Period": 300}]})
        found = self.client.describe_anomaly_detectors(Namespace=self.namespace)["AnomalyDetectors"]
        self.assertEqual(len(found), 1)
        self.assertEqual((found[0]["MetricName"], found[0]["StateValue"],
                          found[0]["SingleMetricAnomalyDetector"]["Dimensions"]),
                         ("Latency", "PENDING_TRAINING", dims))
        math = self.client.describe_anomaly_detectors(
            AnomalyDetectorTypes=["METRIC_MATH"])["AnomalyDetectors"]
        self.assertEqual(len(math), 1)
        page = self.client.describe_anomaly_detectors(MaxResults=1)
        self.assertEqual(len(page["AnomalyDetectors"]), 1)
        rest = self.client.describe_anomaly_detectors(MaxResults=1, NextToken=page["NextToken"])
        self.assertNotIn("NextToken", rest)
        err = self.error(self.client.put_anomaly_detector, Namespace=self.namespace,
                         MetricName="Latency", Stat="Average",
                         SingleMetricAnomalyDetector={"Namespace": "x", "MetricName": "y",
                                                      "Stat": "Sum"})
        self.assertEqual(err["Code"], "InvalidParameterCombination")
        self.client.delete_anomaly_detector(SingleMetricAnomalyDetector={
            "Namespace": self.namespace, "MetricName": "Latency", "Dimensions": dims,
            "Stat": "Average"})
        err = self.error(self.client.delete_anomaly_detector, Namespace=self.namespace,
                         MetricName="Latency", Dimensions=dims, Stat="Average")
        self.assertEqual(err["Code"], "ResourceNotFoundException")

if __name__ == "__main__":
    run_tests()
