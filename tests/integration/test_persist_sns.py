"""SNS across a restart of motoc-server --state: topics with attributes, tags, policies and data
protection policies; subscriptions with their attributes, filter policies and confirmation state;
platform applications and endpoints; SMS settings and sandbox numbers; FIFO deduplication."""
import http.server
import json
import os
import queue
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import (PersistenceTestCase, RoundTrips, aws_cli, client,  # noqa: E402
                             run_tests)

POLICY = json.dumps({"Name": "guard", "Description": "", "Version": "2021-06-01", "Statement": [
    {"Sid": "deny", "DataDirection": "Inbound", "Principal": ["*"],
     "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
     "Operation": {"Deny": {}}}]})


def without_metadata(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class Subscriber:
    """A local HTTP endpoint that hands every POST body to a queue."""

    def __init__(self, test):
        received = self.received = queue.Queue()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                received.put(self.rfile.read(int(self.headers["Content-Length"])))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        test.addCleanup(self.httpd.server_close)
        test.addCleanup(self.httpd.shutdown)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/hook"


class SnsPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        sns = client(server, "sns")
        sqs = client(server, "sqs")
        inbox = sqs.create_queue(QueueName="inbox")["QueueUrl"]
        inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        news = sns.create_topic(Name="news", Attributes={"DisplayName": "News"},
                                Tags=[{"Key": "team", "Value": "core"}, {"Key": "b", "Value": "2"}])["TopicArn"]
        sns.add_permission(TopicArn=news, Label="share", AWSAccountId=["111122223333"],
                           ActionName=["Publish"])
        sns.put_data_protection_policy(ResourceArn=news, DataProtectionPolicy=POLICY)
        sub = sns.subscribe(TopicArn=news, Protocol="sqs", Endpoint=inbox_arn,
                            Attributes={"RawMessageDelivery": "true",
                                        "FilterPolicy": json.dumps({"kind": ["alert"]})},
                            ReturnSubscriptionArn=True)["SubscriptionArn"]
        sns.set_subscription_attributes(SubscriptionArn=sub, AttributeName="FilterPolicyScope",
                                        AttributeValue="MessageAttributes")
        sns.subscribe(TopicArn=news, Protocol="email", Endpoint="someone@example.com")
        aws_cli(server, "sns", "create-topic", "--name", "events.fifo", "--attributes",
                "FifoTopic=true,ContentBasedDeduplication=true")
        gone = sns.create_topic(Name="gone")["TopicArn"]
        gone_sub = sns.subscribe(TopicArn=gone, Protocol="sqs", Endpoint=inbox_arn,
                                 ReturnSubscriptionArn=True)["SubscriptionArn"]
        sns.unsubscribe(SubscriptionArn=gone_sub)

        app = sns.create_platform_application(Name="phones", Platform="GCM",
                                              Attributes={"PlatformCredential": "secret"})["PlatformApplicationArn"]
        endpoint = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device-1",
                                                CustomUserData="user 1")["EndpointArn"]
        sns.publish(TargetArn=endpoint, Message="push")

        sns.set_sms_attributes(attributes={"DefaultSMSType": "Transactional",
                                           "DefaultSenderID": "motoc"})
        sns.create_sms_sandbox_phone_number(PhoneNumber="+15555550100")
        sns.create_sms_sandbox_phone_number(PhoneNumber="+15555550101")
        sns.verify_sms_sandbox_phone_number(PhoneNumber="+15555550101", OneTimePassword="123456")
        sns.publish(PhoneNumber="+15555550102", Message="text me")
        client(server, "sns", region="ap-southeast-2").create_topic(Name="news")

    def observe(self, server):
        reads = {}
        for region in ("us-east-1", "ap-southeast-2"):
            sns = client(server, "sns", region=region)
            for topic in sns.list_topics()["Topics"]:
                arn = topic["TopicArn"]
                reads[arn] = {
                    "attributes": sns.get_topic_attributes(TopicArn=arn)["Attributes"],
                    "tags": sns.list_tags_for_resource(ResourceArn=arn)["Tags"],
                    "subscriptions": sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"],
                }
        sns = client(server, "sns")
        for sub in sns.list_subscriptions()["Subscriptions"]:
            if sub["SubscriptionArn"].startswith("arn:"):
                reads[sub["SubscriptionArn"]] = sns.get_subscription_attributes(
                    SubscriptionArn=sub["SubscriptionArn"])["Attributes"]
        for news in [t for t in reads if t.endswith(":us-east-1:123456789012:news")]:
            reads["data protection"] = sns.get_data_protection_policy(ResourceArn=news)["DataProtectionPolicy"]
        for app in sns.list_platform_applications()["PlatformApplications"]:
            arn = app["PlatformApplicationArn"]
            reads[arn] = {
                "attributes": sns.get_platform_application_attributes(PlatformApplicationArn=arn)["Attributes"],
                "endpoints": sns.list_endpoints_by_platform_application(PlatformApplicationArn=arn)["Endpoints"],
            }
        reads["sms"] = without_metadata(sns.get_sms_attributes())
        reads["sandbox"] = sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]
        reads["opted out"] = sns.list_phone_numbers_opted_out()["phoneNumbers"]
        reads["cli topics"] = aws_cli(server, "sns", "list-topics")
        return reads

    def test_subscriptions_deliver_and_confirm_after_a_restart(self):
        server = self.start()
        sns = client(server, "sns")
        sqs = client(server, "sqs")
        inbox = sqs.create_queue(QueueName="inbox")["QueueUrl"]
        inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        topic = sns.create_topic(Name="alerts")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=inbox_arn,
                      Attributes={"RawMessageDelivery": "true",
                                  "FilterPolicy": json.dumps({"kind": ["alert"]})})
        hook = Subscriber(self)
        sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=hook.url)
        token = json.loads(hook.received.get(timeout=10))["Token"]

        server = self.restart(server)
        sns = client(server, "sns")
        sqs = client(server, "sqs")
        pending = [s for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
                   if s["Protocol"] == "http"]
        self.assertEqual(pending[0]["SubscriptionArn"], "PendingConfirmation")
        confirmed = sns.confirm_subscription(TopicArn=topic, Token=token)["SubscriptionArn"]
        attributes = sns.get_subscription_attributes(SubscriptionArn=confirmed)["Attributes"]
        self.assertEqual(attributes["PendingConfirmation"], "false")

        def publish(message, kind):
            sns.publish(TopicArn=topic, Message=message, MessageAttributes={
                "kind": {"DataType": "String", "StringValue": kind}})
        publish("ignored", "chatter")
        publish("wake up", "alert")
        got = sqs.receive_message(QueueUrl=inbox, MaxNumberOfMessages=10, WaitTimeSeconds=2)
        self.assertEqual([m["Body"] for m in got["Messages"]], ["wake up"])  # raw, filtered
        self.assertEqual(json.loads(hook.received.get(timeout=10))["Message"], "ignored")
        self.stop(server)

    def test_fifo_deduplication_survives(self):
        server = self.start()
        sns = client(server, "sns")
        topic = sns.create_topic(Name="orders.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
        first = sns.publish(TopicArn=topic, Message="one", MessageGroupId="g",
                            MessageDeduplicationId="d1")
        server = self.restart(server)
        sns = client(server, "sns")
        again = sns.publish(TopicArn=topic, Message="one", MessageGroupId="g",
                            MessageDeduplicationId="d1")
        self.assertEqual((again["MessageId"], again["SequenceNumber"]),
                         (first["MessageId"], first["SequenceNumber"]))
        later = sns.publish(TopicArn=topic, Message="two", MessageGroupId="g",
                            MessageDeduplicationId="d2")
        self.assertGreater(int(later["SequenceNumber"]), int(first["SequenceNumber"]))
        self.stop(server)


if __name__ == "__main__":
    run_tests()
