"""CloudWatch with no endpoint settings anywhere: the whole module runs under motoc-run
(zero_config_fixture.py). The AWS CLI puts metric data, reads it back with get-metric-data
(metric math included) and sees an alarm fire; boto3 in the test process checks the alarm."""
import json
import os
import sys
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(__file__))
from zero_config_fixture import ZeroConfigCase, main  # noqa: E402

import boto3  # noqa: E402


class CloudWatchCli(ZeroConfigCase):
    def test_cli_puts_and_reads_metric_data(self):
        start = datetime.now(timezone.utc).replace(second=0, microsecond=0) - timedelta(minutes=2)
        for minute, value in ((0, 4), (1, 6)):
            when = (start + timedelta(minutes=minute, seconds=5)).isoformat()
            self.aws("cloudwatch", "put-metric-data", "--namespace", "Shop/Orders",
                     "--metric-name", "Placed", "--value", str(value), "--timestamp", when,
                     "--dimensions", "Store=north")
        queries = json.dumps([
            {"Id": "placed", "MetricStat": {"Metric": {
                "Namespace": "Shop/Orders", "MetricName": "Placed",
                "Dimensions": [{"Name": "Store", "Value": "north"}]},
                "Period": 60, "Stat": "Sum"}},
            {"Id": "doubled", "Expression": "placed * 2", "Label": "Doubled"},
        ])
        got = self.aws("cloudwatch", "get-metric-data", "--metric-data-queries", queries,
                       "--start-time", start.isoformat(),
                       "--end-time", (start + timedelta(minutes=3)).isoformat(),
                       "--scan-by", "TimestampAscending")
        results = {r["Id"]: r for r in got["MetricDataResults"]}
        self.assertEqual(results["placed"]["Values"], [4.0, 6.0])
        self.assertEqual(results["doubled"]["Values"], [8.0, 12.0])
        self.assertEqual(results["doubled"]["Label"], "Doubled")
        listed = self.aws("cloudwatch", "list-metrics", "--namespace", "Shop/Orders")
        self.assertEqual(listed["Metrics"], [{
            "Namespace": "Shop/Orders", "MetricName": "Placed",
            "Dimensions": [{"Name": "Store", "Value": "north"}]}])

    def test_cli_alarm_fires_on_new_data(self):
        self.aws("cloudwatch", "put-metric-alarm", "--alarm-name", "cpu-high",
                 "--namespace", "Fleet", "--metric-name", "Cpu", "--statistic", "Maximum",
                 "--period", "60", "--evaluation-periods", "1", "--threshold", "90",
                 "--comparison-operator", "GreaterThanThreshold")
        self.aws("cloudwatch", "put-metric-data", "--namespace", "Fleet", "--metric-name", "Cpu",
                 "--value", "97")
        alarm = boto3.client("cloudwatch").describe_alarms(AlarmNames=["cpu-high"])[
            "MetricAlarms"][0]
        self.assertEqual(alarm["StateValue"], "ALARM")


if __name__ == "__main__":
    main()
