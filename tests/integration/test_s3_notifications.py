"""S3 event notifications with boto3 against motoc-server: the test event a destination gets when
a configuration names it, and the event records object changes send to SQS queues and SNS
topics, chosen by event type and key filter."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import ServerTestCase, run_tests  # noqa: E402

import boto3  # noqa: E402
import requests  # noqa: E402
from botocore.config import Config  # noqa: E402


class S3NotificationTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        config = Config(retries={"max_attempts": 1})
        cls.s3, cls.sqs, cls.sns = (
            boto3.client(name, endpoint_url=cls.server.url, region_name="us-east-1",
                         config=config) for name in ("s3", "sqs", "sns"))

    def queue(self, name):
        url = self.sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url,
                                            AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    def drain(self, url):
        bodies = []
        while True:
            got = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
            if not got.get("Messages"):
                return bodies
            for m in got["Messages"]:
                bodies.append(json.loads(m["Body"]))
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])

    def test_queue_gets_a_test_event_then_matching_records(self):
        b = "notified-bucket"
        self.s3.create_bucket(Bucket=b)
        self.s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
        url, arn = self.queue("s3-events")
        self.s3.put_bucket_notification_configuration(Bucket=b, NotificationConfiguration={
            "QueueConfigurations": [
                {"Id": "photos", "QueueArn": arn, "Events": ["s3:ObjectCreated:*"],
                 "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "photos/"},
                                                    {"Name": "Suffix", "Value": ".jpg"}]}}},
                {"Id": "removals", "QueueArn": arn, "Events": ["s3:ObjectRemoved:Delete"]},
            ]})
        tests = self.drain(url)
        self.assertEqual(len(tests), 1, "one test event per destination")
        self.assertEqual((tests[0]["Service"], tests[0]["Event"], tests[0]["Bucket"]),
                         ("Amazon S3", "s3:TestEvent", b))

        put = self.s3.put_object(Bucket=b, Key="photos/a b.jpg", Body=b"0123456789")
        self.s3.put_object(Bucket=b, Key="photos/a.png", Body=b"x")
        self.s3.put_object(Bucket=b, Key="other/a.jpg", Body=b"x")
        self.s3.copy_object(Bucket=b, Key="photos/copy.jpg", CopySource=f"{b}/other/a.jpg")
        self.s3.delete_object(Bucket=b, Key="other/a.jpg")  # a delete marker: not Delete
        self.s3.delete_object(Bucket=b, Key="photos/a.png", VersionId=self.s3.list_object_versions(
            Bucket=b, Prefix="photos/a.png")["Versions"][0]["VersionId"])
        records = [m["Records"][0] for m in self.drain(url)]
        self.assertEqual(sorted((r["eventName"], r["s3"]["object"]["key"]) for r in records), [
            ("ObjectCreated:Copy", "photos%2Fcopy.jpg"),
            ("ObjectCreated:Put", "photos%2Fa+b.jpg"),
            ("ObjectRemoved:Delete", "photos%2Fa.png"),
        ])
        created = next(r for r in records if r["eventName"] == "ObjectCreated:Put")
        self.assertEqual((created["eventVersion"], created["eventSource"], created["awsRegion"]),
                         ("2.1", "aws:s3", "us-east-1"))
        self.assertEqual(created["s3"]["configurationId"], "photos")
        self.assertEqual(created["s3"]["bucket"]["arn"], f"arn:aws:s3:::{b}")
        obj = created["s3"]["object"]
        self.assertEqual((obj["size"], obj["eTag"], obj["versionId"]),
                         (10, put["ETag"].strip('"'), put["VersionId"]))
        removed = next(r for r in records if r["eventName"] == "ObjectRemoved:Delete")
        self.assertEqual(removed["s3"]["configurationId"], "removals")
        self.assertNotIn("size", removed["s3"]["object"])

    def test_topic_fans_the_records_out(self):
        b = "notified-topic-bucket"
        self.s3.create_bucket(Bucket=b)
        topic = self.sns.create_topic(Name="s3-topic")["TopicArn"]
        url, arn = self.queue("s3-topic-subscriber")
        self.sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
        self.s3.put_bucket_notification_configuration(Bucket=b, NotificationConfiguration={
            "TopicConfigurations": [{"Id": "all", "TopicArn": topic,
                                     "Events": ["s3:ObjectCreated:Put"]}]})
        self.s3.put_object(Bucket=b, Key="k", Body=b"x")
        self.s3.put_object_tagging(Bucket=b, Key="k", Tagging={"TagSet": []})
        envelopes = self.drain(url)
        self.assertEqual([e["Subject"] for e in envelopes], ["Amazon S3 Notification"] * 2)
        messages = [json.loads(e["Message"]) for e in envelopes]
        self.assertEqual(messages[0]["Event"], "s3:TestEvent")
        self.assertEqual(messages[1]["Records"][0]["eventName"], "ObjectCreated:Put")

    def test_removals_name_markers_and_versions(self):
        b = "notified-removals"
        self.s3.create_bucket(Bucket=b)
        self.s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
        url, arn = self.queue("s3-removals")
        self.s3.put_bucket_notification_configuration(Bucket=b, NotificationConfiguration={
            "QueueConfigurations": [{"Id": "gone", "QueueArn": arn,
                                     "Events": ["s3:ObjectRemoved:*"]}]})
        self.drain(url)
        for key in ("one", "two"):
            self.s3.put_object(Bucket=b, Key=key, Body=b"x")
        deleted = self.s3.delete_objects(Bucket=b, Delete={"Objects": [{"Key": "one"},
                                                                      {"Key": "two"}]})
        markers = {d["Key"]: d["DeleteMarkerVersionId"] for d in deleted["Deleted"]}
        self.s3.delete_object(Bucket=b, Key="one", VersionId=markers["one"])
        records = [m["Records"][0] for m in self.drain(url)]
        got = sorted((r["eventName"], r["s3"]["object"]["key"], r["s3"]["object"]["versionId"])
                     for r in records)
        self.assertEqual(got, [
            ("ObjectRemoved:Delete", "one", markers["one"]),
            ("ObjectRemoved:DeleteMarkerCreated", "one", markers["one"]),
            ("ObjectRemoved:DeleteMarkerCreated", "two", markers["two"]),
        ])

    def test_form_upload_is_a_post_event(self):
        b = "notified-form"
        self.s3.create_bucket(Bucket=b)
        url, arn = self.queue("s3-posts")
        self.s3.put_bucket_notification_configuration(Bucket=b, NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:Post"]}]})
        self.drain(url)
        form = self.s3.generate_presigned_post(b, "uploaded/${filename}", ExpiresIn=60)
        reply = requests.post(form["url"], data=form["fields"], timeout=60,
                              files={"file": ("photo.jpg", b"abc")})
        self.assertEqual(reply.status_code, 204, reply.text)
        self.s3.put_object(Bucket=b, Key="not-a-post", Body=b"x")
        records = [m["Records"][0] for m in self.drain(url)]
        self.assertEqual([(r["eventName"], r["s3"]["object"]["key"], r["s3"]["object"]["size"])
                          for r in records], [("ObjectCreated:Post", "uploaded%2Fphoto.jpg", 3)])

    def test_missing_destinations_are_skipped(self):
        b = "notified-nowhere"
        self.s3.create_bucket(Bucket=b)
        self.s3.put_bucket_notification_configuration(Bucket=b, NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": "arn:aws:sqs:us-east-1:123456789012:absent",
                                     "Events": ["s3:ObjectCreated:*"]}]})
        self.s3.put_object(Bucket=b, Key="k", Body=b"x")


if __name__ == "__main__":
    run_tests()
