"""SQS across a restart of motoc-server --state: queues with every attribute, tags and
permissions; messages in flight, delayed, redriven; FIFO groups, sequence numbers and
deduplication; move tasks; queues of other regions and of an assumed role's account."""
import glob
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import (PersistenceTestCase, RoundTrips, aws_cli, client,  # noqa: E402
                             moto_api, run_tests)

OTHER_ACCOUNT = "111122223333"
ATTRIBUTES = {
    "Colour": {"DataType": "String", "StringValue": "blue"},
    "Weight": {"DataType": "Number", "StringValue": "12.5"},
    "Blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xfe\xff"},
}


def all_attributes(sqs, url):
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


class SqsPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        sqs = client(server, "sqs")
        dlq = sqs.create_queue(QueueName="jobs-dlq")["QueueUrl"]
        dlq_arn = all_attributes(sqs, dlq)["QueueArn"]
        jobs = sqs.create_queue(QueueName="jobs", Attributes={
            "VisibilityTimeout": "600", "MessageRetentionPeriod": "86400",
            "MaximumMessageSize": "2048", "ReceiveMessageWaitTimeSeconds": "0",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5}),
            "KmsMasterKeyId": "alias/aws/sqs", "KmsDataKeyReusePeriodSeconds": "600",
        }, tags={"team": "core", "cost-centre": "42"})["QueueUrl"]
        sqs.set_queue_attributes(QueueUrl=dlq, Attributes={
            "RedriveAllowPolicy": json.dumps({"redrivePermission": "byQueue",
                                              "sourceQueueArns": [all_attributes(sqs, jobs)["QueueArn"]]})})
        sqs.add_permission(QueueUrl=jobs, Label="share", AWSAccountIds=[OTHER_ACCOUNT],
                           Actions=["SendMessage"])
        for i in range(3):
            sqs.send_message(QueueUrl=jobs, MessageBody=f"job {i}", MessageAttributes=ATTRIBUTES,
                             MessageSystemAttributes={"AWSTraceHeader": {
                                 "DataType": "String", "StringValue": f"Root=1-{i:08x}-abc"}})
        sqs.send_message(QueueUrl=jobs, MessageBody="later", DelaySeconds=900)
        sqs.receive_message(QueueUrl=jobs, MaxNumberOfMessages=1)  # in flight for 600 s

        orders = aws_cli(server, "sqs", "create-queue", "--queue-name", "orders.fifo",
                         "--attributes", "FifoQueue=true,ContentBasedDeduplication=true,"
                         "DeduplicationScope=messageGroup,FifoThroughputLimit=perMessageGroupId")["QueueUrl"]
        for group, body in (("a", "a1"), ("a", "a2"), ("b", "b1"), ("b", "b2")):
            sqs.send_message(QueueUrl=orders, MessageBody=body, MessageGroupId=group)
        got = sqs.receive_message(QueueUrl=orders, MaxNumberOfMessages=1, VisibilityTimeout=600)
        assert got["Messages"][0]["Body"] == "a1", got

        # A message redriven to a dead-letter queue and moved back by a finished move task.
        back = sqs.create_queue(QueueName="back-dlq")["QueueUrl"]
        work = sqs.create_queue(QueueName="work", Attributes={"RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": all_attributes(sqs, back)["QueueArn"], "maxReceiveCount": 1})})["QueueUrl"]
        sqs.send_message(QueueUrl=work, MessageBody="poison")
        sqs.receive_message(QueueUrl=work, VisibilityTimeout=0)
        sqs.receive_message(QueueUrl=work, VisibilityTimeout=0)
        back_arn = all_attributes(sqs, back)["QueueArn"]
        sqs.start_message_move_task(SourceArn=back_arn)
        deadline = time.time() + 10
        while sqs.list_message_move_tasks(SourceArn=back_arn)["Results"][0]["Status"] == "RUNNING":
            assert time.time() < deadline
            time.sleep(0.05)
        sqs.send_message(QueueUrl=back, MessageBody="stays dead")

        client(server, "sqs", region="eu-west-1").create_queue(QueueName="jobs")
        sts = client(server, "sts")
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{OTHER_ACCOUNT}:role/Worker",
                                RoleSessionName="fill")["Credentials"]
        other = client(server, "sqs", aws_access_key_id=creds["AccessKeyId"],
                       aws_secret_access_key=creds["SecretAccessKey"],
                       aws_session_token=creds["SessionToken"])
        url = other.create_queue(QueueName="theirs")["QueueUrl"]
        other.send_message(QueueUrl=url, MessageBody="in their account")

    def observe(self, server):
        reads = {}
        for region in ("us-east-1", "eu-west-1"):
            sqs = client(server, "sqs", region=region)
            for url in sqs.list_queues().get("QueueUrls", []):
                reads[url] = {
                    "attributes": all_attributes(sqs, url),
                    "tags": sqs.list_queue_tags(QueueUrl=url).get("Tags"),
                    "dead letter sources": sqs.list_dead_letter_source_queues(QueueUrl=url)["queueUrls"],
                }
        sqs = client(server, "sqs")
        back_arn = all_attributes(sqs, sqs.get_queue_url(QueueName="back-dlq")["QueueUrl"])["QueueArn"]
        reads["move tasks"] = sqs.list_message_move_tasks(SourceArn=back_arn)["Results"]
        reads["cli"] = aws_cli(server, "sqs", "get-queue-attributes", "--queue-url",
                               sqs.get_queue_url(QueueName="jobs")["QueueUrl"],
                               "--attribute-names", "All")
        reads["their queue"] = client(server, "sqs").get_queue_url(
            QueueName="theirs", QueueOwnerAWSAccountId=OTHER_ACCOUNT)["QueueUrl"]
        return reads

    def test_messages_carry_on_where_they_were(self):
        server = self.start()
        sqs = client(server, "sqs")
        url = sqs.create_queue(QueueName="flow")["QueueUrl"]
        sent = sqs.send_message(QueueUrl=url, MessageBody="héllo", MessageAttributes=ATTRIBUTES)
        kept = sqs.send_message(QueueUrl=url, MessageBody="kept")
        received_at = time.monotonic()
        first = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=6,
                                    MessageAttributeNames=["All"],
                                    MessageSystemAttributeNames=["All"])["Messages"]
        self.assertEqual(len(first), 2)
        handles = {m["MessageId"]: m["ReceiptHandle"] for m in first}
        # Keep one in flight for long: its receipt handle must still work after the restart.
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handles[kept["MessageId"]],
                                      VisibilityTimeout=600)
        delayed = sqs.create_queue(QueueName="delayed")["QueueUrl"]
        sqs.send_message(QueueUrl=delayed, MessageBody="not yet", DelaySeconds=900)

        server = self.restart(server)
        sqs = client(server, "sqs")
        attributes = all_attributes(sqs, url)
        self.assertEqual(attributes["ApproximateNumberOfMessagesNotVisible"], "2")
        time.sleep(max(0, received_at + 6.2 - time.monotonic()))  # visibility runs out meanwhile
        again = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"],
                                    MessageSystemAttributeNames=["All"])["Messages"]
        self.assertEqual([m["MessageId"] for m in again], [sent["MessageId"]])
        self.assertEqual(again[0]["Body"], "héllo")
        self.assertEqual(again[0]["MD5OfBody"], sent["MD5OfMessageBody"])
        self.assertEqual(again[0]["MD5OfMessageAttributes"], sent["MD5OfMessageAttributes"])
        self.assertEqual(again[0]["MessageAttributes"]["Blob"]["BinaryValue"], b"\x00\x01\xfe\xff")
        self.assertEqual(again[0]["Attributes"]["ApproximateReceiveCount"], "2")
        before = next(m for m in first if m["MessageId"] == sent["MessageId"])["Attributes"]
        for name in ("SentTimestamp", "ApproximateFirstReceiveTimestamp", "SenderId"):
            self.assertEqual(again[0]["Attributes"][name], before[name], name)
        # The receipt handle issued before the restart still deletes its message.
        sqs.delete_message(QueueUrl=url, ReceiptHandle=handles[kept["MessageId"]])
        self.assertEqual(all_attributes(sqs, url)["ApproximateNumberOfMessagesNotVisible"], "1")
        self.assertEqual(all_attributes(sqs, delayed)["ApproximateNumberOfMessagesDelayed"], "1")
        self.assertNotIn("Messages", sqs.receive_message(QueueUrl=delayed))
        self.stop(server)

    def test_fifo_order_groups_and_deduplication_survive(self):
        server = self.start()
        sqs = client(server, "sqs")
        url = sqs.create_queue(QueueName="seq.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
        first = sqs.send_message(QueueUrl=url, MessageBody="one", MessageGroupId="g",
                                 MessageDeduplicationId="d1")
        sqs.send_message(QueueUrl=url, MessageBody="two", MessageGroupId="g",
                         MessageDeduplicationId="d2")
        sqs.send_message(QueueUrl=url, MessageBody="other", MessageGroupId="h",
                         MessageDeduplicationId="d3")
        held = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, VisibilityTimeout=600)
        self.assertEqual(held["Messages"][0]["Body"], "one")

        server = self.restart(server)
        sqs = client(server, "sqs")
        again = sqs.send_message(QueueUrl=url, MessageBody="one", MessageGroupId="g",
                                 MessageDeduplicationId="d1")
        self.assertEqual((again["MessageId"], again["SequenceNumber"]),
                         (first["MessageId"], first["SequenceNumber"]))
        later = sqs.send_message(QueueUrl=url, MessageBody="three", MessageGroupId="h",
                                 MessageDeduplicationId="d4")
        self.assertGreater(int(later["SequenceNumber"]), int(first["SequenceNumber"]))
        # Group g is blocked by its message in flight; h is not.
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=600)
        self.assertEqual([m["Body"] for m in got["Messages"]], ["other", "three"])
        sqs.delete_message(QueueUrl=url, ReceiptHandle=held["Messages"][0]["ReceiptHandle"])
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        self.assertEqual([m["Body"] for m in got["Messages"]], ["two"])
        self.stop(server)

    def test_long_polls_across_a_load(self):
        server = self.start()
        sqs = client(server, "sqs")
        url = sqs.create_queue(QueueName="polled")["QueueUrl"]
        self.assertEqual(moto_api(server.url, "/moto-api/state/save")[0], 200)

        poller = client(server, "sqs")

        def poll(into):
            into.append(poller.receive_message(QueueUrl=url, WaitTimeSeconds=20))

        # A refused load leaves a waiting long poll waiting, and a message then answers it.
        path = glob.glob(os.path.join(self.state_dir, "gen-*", "sqs.records"))[0]
        with open(path, "rb") as f:
            intact = f.read()
        with open(path, "wb") as f:
            f.write(intact[:-4])
        got = []
        waiter = threading.Thread(target=poll, args=(got,))
        waiter.start()
        time.sleep(1)
        self.assertEqual(moto_api(server.url, "/moto-api/state/load")[0], 400)
        sqs.send_message(QueueUrl=url, MessageBody="after the refusal")
        waiter.join(timeout=30)
        self.assertEqual(got[0]["Messages"][0]["Body"], "after the refusal")

        # A load that succeeds answers long polls on the replaced queues at once, empty.
        with open(path, "wb") as f:
            f.write(intact)
        got = []
        waiter = threading.Thread(target=poll, args=(got,))
        waiter.start()
        time.sleep(1)
        started = time.monotonic()
        self.assertEqual(moto_api(server.url, "/moto-api/state/load")[0], 200)
        waiter.join(timeout=30)
        self.assertLess(time.monotonic() - started, 10)
        self.assertNotIn("Messages", got[0])
        self.assertEqual(all_attributes(sqs, url)["ApproximateNumberOfMessages"], "0")
        self.stop(server)

    def test_dead_letter_redrive_keeps_counting(self):
        server = self.start()
        sqs = client(server, "sqs")
        dlq = sqs.create_queue(QueueName="dead")["QueueUrl"]
        dlq_arn = all_attributes(sqs, dlq)["QueueArn"]
        src = sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})})["QueueUrl"]
        sqs.send_message(QueueUrl=src, MessageBody="poison")
        sqs.receive_message(QueueUrl=src, VisibilityTimeout=0)
        sqs.receive_message(QueueUrl=src, VisibilityTimeout=0)

        server = self.restart(server)
        sqs = client(server, "sqs")
        self.assertNotIn("Messages", sqs.receive_message(QueueUrl=src))
        moved = sqs.receive_message(QueueUrl=dlq, MessageSystemAttributeNames=["All"])["Messages"][0]
        self.assertEqual(moved["Body"], "poison")
        self.assertEqual(moved["Attributes"]["DeadLetterQueueSourceArn"],
                         all_attributes(sqs, src)["QueueArn"])
        self.stop(server)


if __name__ == "__main__":
    run_tests()
