"""CloudWatch across a restart of motoc-server --state: metrics with their datapoints, alarms
with their state and history, composite alarms, dashboards, metric streams, insight rules and
tags."""
import json
import os
import sys
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402

START = datetime.now(timezone.utc).replace(second=0, microsecond=0) - timedelta(minutes=3)


def without_metadata(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class CloudWatchPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        cw = client(server, "cloudwatch")
        cw.put_metric_data(Namespace="Kept", MetricData=[
            {"MetricName": "Load", "Value": v, "Timestamp": START + timedelta(minutes=i),
             "Dimensions": [{"Name": "Host", "Value": "h1"}], "Unit": "Percent"}
            for i, v in enumerate((10, 40, 70))])
        cw.put_metric_alarm(AlarmName="load-high", Namespace="Kept", MetricName="Load",
                            Dimensions=[{"Name": "Host", "Value": "h1"}], Statistic="Maximum",
                            Period=60, EvaluationPeriods=1, Threshold=50,
                            ComparisonOperator="GreaterThanThreshold",
                            Tags=[{"Key": "team", "Value": "ops"}])
        cw.set_alarm_state(AlarmName="load-high", StateValue="ALARM", StateReason="manual")
        cw.put_composite_alarm(AlarmName="any", AlarmRule="ALARM(load-high)")
        cw.put_dashboard(DashboardName="main", DashboardBody=json.dumps({"widgets": []}))
        cw.put_metric_stream(Name="s", FirehoseArn="arn:aws:firehose:us-east-1:123456789012:"
                             "deliverystream/d", RoleArn="arn:aws:iam::123456789012:role/r",
                             OutputFormat="json")
        cw.put_insight_rule(RuleName="r", RuleDefinition="{}")
        client(server, "cloudwatch", region="eu-west-1").put_metric_data(
            Namespace="Far", MetricData=[{"MetricName": "m", "Value": 1}])

    def observe(self, server):
        cw = client(server, "cloudwatch")
        alarm_arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:load-high"
        return {
            "metrics": without_metadata(cw.list_metrics(Namespace="Kept")),
            "statistics": without_metadata(cw.get_metric_statistics(
                Namespace="Kept", MetricName="Load", Dimensions=[{"Name": "Host", "Value": "h1"}],
                StartTime=START, EndTime=START + timedelta(minutes=3), Period=60,
                Statistics=["Maximum"])),
            "alarms": without_metadata(cw.describe_alarms(
                AlarmTypes=["MetricAlarm", "CompositeAlarm"])),
            "history": without_metadata(cw.describe_alarm_history()),
            "tags": without_metadata(cw.list_tags_for_resource(ResourceARN=alarm_arn)),
            "dashboard": without_metadata(cw.get_dashboard(DashboardName="main")),
            "stream": without_metadata(cw.get_metric_stream(Name="s")),
            "rules": without_metadata(cw.describe_insight_rules()),
            "other region": without_metadata(
                client(server, "cloudwatch", region="eu-west-1").list_metrics()),
        }


if __name__ == "__main__":
    run_tests()
