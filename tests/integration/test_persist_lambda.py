"""Lambda across a restart of motoc-server --state: functions and layers with their packages (the
bytes themselves), versions, aliases, resource policies, concurrency, event invoke configs, code
signing configs, provisioned concurrency and tags come back, a function restored this way still
runs, and event source mappings go on where they stopped."""
import io
import json
import os
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, RoundTrips, client, run_tests  # noqa: E402

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


def package(answer):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("app.py", f"def handler(event, context):\n    return {answer!r}\n")
    return out.getvalue()


def plain(answer):
    answer.pop("ResponseMetadata", None)
    return answer


class LambdaPersistence(RoundTrips, PersistenceTestCase):
    def fill(self, server):
        role = client(server, "iam").create_role(RoleName="fn-role",
                                                 AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        fn = client(server, "lambda")
        fn.create_function(FunctionName="keeper", Runtime="python3.12", Role=role,
                           Handler="app.handler", Code={"ZipFile": package("v1")},
                           Tags={"team": "core"}, Environment={"Variables": {"A": "1"}})
        fn.publish_version(FunctionName="keeper")
        fn.update_function_code(FunctionName="keeper", ZipFile=package("v2"))
        fn.create_alias(FunctionName="keeper", Name="stable", FunctionVersion="1")
        fn.add_permission(FunctionName="keeper", StatementId="sns", Principal="sns.amazonaws.com",
                          Action="lambda:InvokeFunction")
        fn.put_function_concurrency(FunctionName="keeper", ReservedConcurrentExecutions=5)
        fn.put_function_event_invoke_config(FunctionName="keeper", MaximumRetryAttempts=1)
        fn.put_provisioned_concurrency_config(FunctionName="keeper", Qualifier="stable",
                                              ProvisionedConcurrentExecutions=2)
        signing = fn.create_code_signing_config(
            Description="kept", AllowedPublishers={"SigningProfileVersionArns": [
                "arn:aws:signer:us-east-1:123456789012:/signing-profiles/p/abcdefghij"]})
        fn.put_function_code_signing_config(
            FunctionName="keeper",
            CodeSigningConfigArn=signing["CodeSigningConfig"]["CodeSigningConfigArn"])
        fn.publish_layer_version(LayerName="shared", Content={"ZipFile": package("layer")},
                                 CompatibleRuntimes=["python3.12"])
        client(server, "lambda", region="eu-west-1").create_function(
            FunctionName="elsewhere", Runtime="nodejs20.x", Role=role, Handler="index.handler",
            Code={"ZipFile": package("x")})

    def observe(self, server):
        fn = client(server, "lambda")
        config = plain(fn.get_function(FunctionName="keeper"))
        config.pop("Code")  # a fresh download URL each time
        return {
            "function": config,
            "versions": plain(fn.list_versions_by_function(FunctionName="keeper")),
            "alias": plain(fn.get_alias(FunctionName="keeper", Name="stable")),
            "policy": json.loads(fn.get_policy(FunctionName="keeper")["Policy"]),
            "concurrency": plain(fn.get_function_concurrency(FunctionName="keeper")),
            "invoke_config": plain(fn.get_function_event_invoke_config(FunctionName="keeper")),
            "layers": plain(fn.list_layer_versions(LayerName="shared")),
            "code_signing": plain(fn.list_code_signing_configs()),
            "provisioned": plain(fn.list_provisioned_concurrency_configs(FunctionName="keeper")),
            "function_code_signing": plain(fn.get_function_code_signing_config(
                FunctionName="keeper")),
            "elsewhere": plain(client(server, "lambda", region="eu-west-1")
                               .get_function_configuration(FunctionName="elsewhere")),
        }

    def test_queue_mapping_drains_after_restart(self):
        server = self.start()
        self.fill(server)
        sqs = client(server, "sqs")
        url = sqs.create_queue(QueueName="work")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"]
        client(server, "lambda").create_event_source_mapping(EventSourceArn=arn,
                                                              FunctionName="keeper")
        server = self.restart(server)
        sqs = client(server, "sqs")
        sqs.send_message(QueueUrl=url, MessageBody="after the restart")
        for _ in range(100):
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])[
                "Attributes"]
            if (attributes["ApproximateNumberOfMessages"],
                    attributes["ApproximateNumberOfMessagesNotVisible"]) == ("0", "0"):
                break
            time.sleep(0.2)
        self.assertEqual(attributes["ApproximateNumberOfMessages"], "0")
        self.assertEqual(attributes["ApproximateNumberOfMessagesNotVisible"], "0")

    def test_stream_mapping_resumes_after_its_checkpoint(self):
        server = self.start()
        role = client(server, "iam").create_role(RoleName="reader-role",
                                                 AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        seen = client(server, "sqs").create_queue(QueueName="seen")["QueueUrl"]
        reader = io.BytesIO()
        with zipfile.ZipFile(reader, "w") as z:
            z.writestr("app.py", "import base64, boto3, os\n"
                       "def handler(event, context):\n"
                       "    data = [base64.b64decode(r['kinesis']['data']).decode()\n"
                       "            for r in event['Records']]\n"
                       "    boto3.client('sqs').send_message(QueueUrl=os.environ['SEEN'],\n"
                       "                                     MessageBody=' '.join(data))\n")
        client(server, "lambda").create_function(
            FunctionName="reader", Runtime="python3.12", Role=role, Handler="app.handler",
            Code={"ZipFile": reader.getvalue()}, Environment={"Variables": {"SEEN": seen}})
        kinesis = client(server, "kinesis")
        kinesis.create_stream(StreamName="feed", ShardCount=1)
        arn = kinesis.describe_stream_summary(StreamName="feed")["StreamDescriptionSummary"][
            "StreamARN"]
        mapping = client(server, "lambda").create_event_source_mapping(
            EventSourceArn=arn, FunctionName="reader", StartingPosition="TRIM_HORIZON")["UUID"]

        def next_batch(server):
            sqs = client(server, "sqs")
            messages, deadline = [], time.time() + 90  # a cold start under a loaded sanitizer
            while not messages and time.time() < deadline:
                messages = sqs.receive_message(QueueUrl=seen, WaitTimeSeconds=10).get(
                    "Messages", [])
            self.assertTrue(messages, "the function was not invoked")
            sqs.delete_message(QueueUrl=seen, ReceiptHandle=messages[0]["ReceiptHandle"])
            return messages[0]["Body"]

        kinesis.put_record(StreamName="feed", Data=b"before", PartitionKey="k")
        self.assertEqual(next_batch(server), "before")
        # The function's message can arrive before its answer does: restart only once the batch
        # is recorded as processed, which is when its checkpoint moves.
        deadline = time.time() + 60
        while time.time() < deadline:
            result = client(server, "lambda").get_event_source_mapping(UUID=mapping)[
                "LastProcessingResult"]
            if result == "OK":
                break
            time.sleep(0.1)
        self.assertEqual(result, "OK")
        server = self.restart(server)
        client(server, "kinesis").put_record(StreamName="feed", Data=b"after", PartitionKey="k")
        # Read from the checkpoint, not from the trim horizon again.
        self.assertEqual(next_batch(server), "after")

    def test_tumbling_window_state_survives_a_restart(self):
        server = self.start()
        role = client(server, "iam").create_role(RoleName="window-role",
                                                 AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        seen = client(server, "sqs").create_queue(QueueName="window-seen")["QueueUrl"]
        counter = io.BytesIO()
        with zipfile.ZipFile(counter, "w") as z:
            z.writestr("app.py", "import base64, boto3, json, os\n"
                       "def handler(event, context):\n"
                       "    data = [base64.b64decode(r['kinesis']['data']).decode()\n"
                       "            for r in event['Records']]\n"
                       "    boto3.client('sqs').send_message(QueueUrl=os.environ['SEEN'],\n"
                       "        MessageBody=json.dumps({'data': data, 'state': event['state']}))\n"
                       "    return {'state': {'data': event['state'].get('data', []) + data}}\n")
        client(server, "lambda").create_function(
            FunctionName="counter", Runtime="python3.12", Role=role, Handler="app.handler",
            Code={"ZipFile": counter.getvalue()}, Environment={"Variables": {"SEEN": seen}})
        kinesis = client(server, "kinesis")
        kinesis.create_stream(StreamName="windowed", ShardCount=1)
        arn = kinesis.describe_stream_summary(StreamName="windowed")[
            "StreamDescriptionSummary"]["StreamARN"]
        mapping = client(server, "lambda").create_event_source_mapping(
            EventSourceArn=arn, FunctionName="counter", StartingPosition="TRIM_HORIZON",
            TumblingWindowInSeconds=900)["UUID"]

        def next_invocation(server):
            sqs = client(server, "sqs")
            messages = sqs.receive_message(QueueUrl=seen, WaitTimeSeconds=20).get("Messages", [])
            self.assertTrue(messages, "the function was not invoked")
            sqs.delete_message(QueueUrl=seen, ReceiptHandle=messages[0]["ReceiptHandle"])
            return json.loads(messages[0]["Body"])

        kinesis.put_record(StreamName="windowed", Data=b"before", PartitionKey="k")
        self.assertEqual(next_invocation(server), {"data": ["before"], "state": {}})
        for _ in range(100):
            result = client(server, "lambda").get_event_source_mapping(UUID=mapping)[
                "LastProcessingResult"]
            if result == "OK":
                break
            time.sleep(0.1)
        self.assertEqual(result, "OK")
        server = self.restart(server)
        client(server, "kinesis").put_record(StreamName="windowed", Data=b"after",
                                             PartitionKey="k")
        # Within the window, or in the final invocation that closes it when the new record
        # falls in the next one, the function gets back the state it answered before.
        self.assertEqual(next_invocation(server)["state"], {"data": ["before"]})

    def test_restored_packages_still_run(self):
        server = self.start()
        self.fill(server)
        server = self.restart(server)
        fn = client(server, "lambda")
        latest = fn.invoke(FunctionName="keeper")["Payload"].read()
        stable = fn.invoke(FunctionName="keeper", Qualifier="stable")["Payload"].read()
        self.assertEqual((json.loads(latest), json.loads(stable)), ("v2", "v1"))


if __name__ == "__main__":
    run_tests()
