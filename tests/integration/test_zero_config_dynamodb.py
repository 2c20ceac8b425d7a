"""DynamoDB (and its streams) with no endpoint settings anywhere: the whole module runs under
motoc-run (zero_config_fixture.py). boto3's client and resource in the test process, the AWS CLI
and Node's @aws-sdk/client-dynamodb with lib-dynamodb's DocumentClient as child processes, all over
HTTPS to the real host names."""
import json
import os
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))
from zero_config_fixture import ZeroConfigCase, main, requires_node  # noqa: E402

import boto3  # noqa: E402
from boto3.dynamodb.conditions import Attr, Key  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ACCOUNT = "123456789012"
KEYS = {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N"}],
        "BillingMode": "PAY_PER_REQUEST"}


class DynamoDBCase(ZeroConfigCase):
    def setUp(self):
        super().setUp()
        self.ddb = boto3.client("dynamodb")
        self.resource = boto3.resource("dynamodb")
        self.operations = []  # (operation, url) of what both send
        for client in (self.ddb, self.resource.meta.client):
            client.meta.events.register("before-send.dynamodb.*", self.remember)

    def remember(self, request, event_name, **_):
        self.operations.append((event_name.split(".")[-1], request.url))

    def create(self, name, **extra):
        self.ddb.create_table(TableName=name, **KEYS, **extra)
        return self.resource.Table(name)

    def error(self, call, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        r = ctx.exception.response
        return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Message"]


class Boto3(DynamoDBCase):
    def test_client_with_expressions(self):
        self.assertEqual(self.ddb.meta.endpoint_url, "https://dynamodb.us-east-1.amazonaws.com")
        by_status = {"IndexName": "by-status", "Projection": {"ProjectionType": "ALL"},
                     "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}]}
        self.ddb.create_table(
            TableName="zc-orders", **{**KEYS, "AttributeDefinitions": KEYS["AttributeDefinitions"]
                                      + [{"AttributeName": "status", "AttributeType": "S"}]},
            GlobalSecondaryIndexes=[by_status])
        self.ddb.get_waiter("table_exists").wait(TableName="zc-orders")
        for sk, status in ((1, "open"), (2, "shipped"), (3, "open")):
            self.ddb.put_item(TableName="zc-orders", Item={
                "pk": {"S": "cust#1"}, "sk": {"N": str(sk)}, "status": {"S": status},
                "total": {"N": f"{sk}9.95"}})
        item = self.ddb.get_item(TableName="zc-orders", ConsistentRead=True,
                                 Key={"pk": {"S": "cust#1"}, "sk": {"N": "2"}})["Item"]
        self.assertEqual(item, {"pk": {"S": "cust#1"}, "sk": {"N": "2"}, "status": {"S": "shipped"},
                                "total": {"N": "29.95"}})
        updated = self.ddb.update_item(
            TableName="zc-orders", Key={"pk": {"S": "cust#1"}, "sk": {"N": "1"}},
            UpdateExpression="SET #s = :s, #t = #t - :discount ADD notes :note",
            ConditionExpression="#s = :open",
            ExpressionAttributeNames={"#s": "status", "#t": "total"},
            ExpressionAttributeValues={":s": {"S": "shipped"}, ":discount": {"N": "0.95"},
                                       ":note": {"SS": ["gift"]}, ":open": {"S": "open"}},
            ReturnValues="UPDATED_NEW")["Attributes"]
        self.assertEqual(updated, {"status": {"S": "shipped"}, "total": {"N": "19"},
                                   "notes": {"SS": ["gift"]}})
        shipped = self.ddb.query(TableName="zc-orders", IndexName="by-status",
                                 KeyConditionExpression="#s = :s",
                                 ExpressionAttributeNames={"#s": "status"},
                                 ExpressionAttributeValues={":s": {"S": "shipped"}})
        self.assertEqual(sorted(i["sk"]["N"] for i in shipped["Items"]), ["1", "2"])

        with self.assertRaises(ClientError) as ctx:
            self.ddb.put_item(TableName="zc-orders", Item={"pk": {"S": "cust#1"}, "sk": {"N": "3"}},
                              ConditionExpression="attribute_not_exists(pk)",
                              ReturnValuesOnConditionCheckFailure="ALL_OLD")
        err = ctx.exception.response
        self.assertEqual((err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"]),
                         ("ConditionalCheckFailedException", 400))
        self.assertEqual(err["Item"]["status"], {"S": "open"})
        self.assertEqual(self.error(self.ddb.get_item, TableName="zc-missing",
                                    Key={"pk": {"S": "x"}, "sk": {"N": "1"}}),
                         ("ResourceNotFoundException", 400, "Requested resource not found"))
        code, status, message = self.error(self.ddb.get_item, TableName="zc-orders",
                                           Key={"pk": {"N": "1"}, "sk": {"N": "1"}})
        self.assertEqual((code, status), ("ValidationException", 400))
        self.assertIn("key", message.lower())

    def test_resource_conditions_and_batch_writer(self):
        table = self.create("zc-people")
        self.operations.clear()
        with table.batch_writer() as batch:
            for i in range(60):
                batch.put_item(Item={"pk": f"team#{i % 2}", "sk": i, "name": f"person {i}",
                                     "rating": Decimal(i) / 8, "skills": {"c", f"s{i % 3}"},
                                     "badge": bytes([i, 255 - i])})
        self.assertEqual([op for op, _ in self.operations], ["BatchWriteItem"] * 3)
        self.assertEqual(table.scan(Select="COUNT")["Count"], 60)

        item = table.get_item(Key={"pk": "team#1", "sk": 7})["Item"]
        self.assertEqual(item["rating"], Decimal("0.875"))
        self.assertEqual(item["skills"], {"c", "s1"})
        self.assertEqual(item["badge"].value, bytes([7, 248]))

        # Key and Attr conditions, read in pages of 4.
        query = {"KeyConditionExpression": Key("pk").eq("team#0") & Key("sk").between(10, 40),
                 "FilterExpression": Attr("skills").contains("s1") & Attr("rating").gte(2),
                 "Limit": 4}
        found, pages = [], 0
        while True:
            page = table.query(**query)
            pages += 1
            found += [int(i["sk"]) for i in page["Items"]]
            if "LastEvaluatedKey" not in page:
                break
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        expected = [sk for sk in range(10, 41, 2) if sk % 3 == 1 and sk >= 16]
        self.assertEqual(found, expected)
        self.assertEqual(pages, 5)  # 16 keys in range, 4 a page, and the last page says it is last
        scanned = table.scan(FilterExpression=Attr("name").begins_with("person 5") &
                             Attr("pk").eq("team#1"))["Items"]
        self.assertEqual(sorted(int(i["sk"]) for i in scanned), [5, 51, 53, 55, 57, 59])

        table.update_item(Key={"pk": "team#0", "sk": 0},
                          UpdateExpression="REMOVE badge SET #r = :r",
                          ExpressionAttributeNames={"#r": "rating"},
                          ExpressionAttributeValues={":r": Decimal("99.5")},
                          ConditionExpression=Attr("name").eq("person 0"))
        self.assertEqual(table.get_item(Key={"pk": "team#0", "sk": 0})["Item"]["rating"],
                         Decimal("99.5"))
        self.assertEqual(self.error(table.delete_item, Key={"pk": "team#0", "sk": 0},
                                    ConditionExpression=Attr("rating").lt(1))[:2],
                         ("ConditionalCheckFailedException", 400))
        table.delete_item(Key={"pk": "team#0", "sk": 0}, ConditionExpression=Attr("rating").gt(1))
        self.assertNotIn("Item", table.get_item(Key={"pk": "team#0", "sk": 0}))

    def test_streams_on_their_own_host(self):
        table = self.create("zc-streamed", StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        table.put_item(Item={"pk": "a", "sk": 1, "v": "one"})
        table.update_item(Key={"pk": "a", "sk": 1}, UpdateExpression="SET v = :v",
                          ExpressionAttributeValues={":v": "two"})
        table.delete_item(Key={"pk": "a", "sk": 1})

        streams = boto3.client("dynamodbstreams")
        self.assertEqual(streams.meta.endpoint_url,
                         "https://streams.dynamodb.us-east-1.amazonaws.com")
        arn = table.latest_stream_arn
        listed = streams.list_streams(TableName="zc-streamed")["Streams"]
        self.assertEqual([s["StreamArn"] for s in listed], [arn])
        (shard,) = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator)["Records"]
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
        self.assertEqual(records[1]["dynamodb"]["OldImage"]["v"], {"S": "one"})
        self.assertEqual(records[1]["dynamodb"]["NewImage"]["v"], {"S": "two"})
        self.assertEqual(records[2]["dynamodb"]["Keys"], {"pk": {"S": "a"}, "sk": {"N": "1"}})
        self.assertIn("POST streams.dynamodb.us-east-1.amazonaws.com dynamodbstreams GetRecords "
                      "us-east-1 200", self.request_log())

    def test_account_based_endpoint(self):
        """SDKs that know the account send DynamoDB calls to <account>.ddb.<region>."""
        self.create("zc-accounted")
        client = boto3.client("dynamodb", aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                              aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
                              aws_account_id=ACCOUNT)
        client.meta.events.register("before-send.dynamodb.*", self.remember)
        self.assertEqual(client.list_tables()["TableNames"], ["zc-accounted"])
        self.assertEqual(self.operations[-1],
                         ("ListTables", f"https://{ACCOUNT}.ddb.us-east-1.amazonaws.com/"))


class Cli(DynamoDBCase):
    def test_aws_cli(self):
        created = self.aws("dynamodb", "create-table", "--table-name", "zc-cli",
                           "--key-schema", json.dumps(KEYS["KeySchema"]),
                           "--attribute-definitions", json.dumps(KEYS["AttributeDefinitions"]),
                           "--billing-mode", "PAY_PER_REQUEST")
        self.assertEqual(created["TableDescription"]["TableArn"],
                         f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/zc-cli")
        self.aws("dynamodb", "wait", "table-exists", "--table-name", "zc-cli")
        table = boto3.resource("dynamodb").Table("zc-cli")
        table.put_item(Item={"pk": "k", "sk": 1, "count": 1, "label": "from python"})
        self.aws("dynamodb", "put-item", "--table-name", "zc-cli", "--item",
                 '{"pk": {"S": "k"}, "sk": {"N": "2"}, "count": {"N": "5"}, "label": {"S": "cli"}}')

        got = self.aws("dynamodb", "get-item", "--table-name", "zc-cli", "--key",
                       '{"pk": {"S": "k"}, "sk": {"N": "1"}}')
        self.assertEqual(got["Item"]["label"], {"S": "from python"})
        queried = self.aws("dynamodb", "query", "--table-name", "zc-cli",
                           "--key-condition-expression", "pk = :pk AND sk >= :low",
                           "--expression-attribute-values",
                           '{":pk": {"S": "k"}, ":low": {"N": "1"}}',
                           "--projection-expression", "sk, label")
        self.assertEqual((queried["Count"], queried["Items"]),
                         (2, [{"sk": {"N": "1"}, "label": {"S": "from python"}},
                              {"sk": {"N": "2"}, "label": {"S": "cli"}}]))
        updated = self.aws("dynamodb", "update-item", "--table-name", "zc-cli", "--key",
                           '{"pk": {"S": "k"}, "sk": {"N": "2"}}', "--update-expression",
                           "SET #c = #c + :one", "--expression-attribute-names", '{"#c": "count"}',
                           "--expression-attribute-values", '{":one": {"N": "1"}}',
                           "--return-values", "ALL_NEW")
        self.assertEqual(updated["Attributes"]["count"], {"N": "6"})
        self.assertEqual(table.get_item(Key={"pk": "k", "sk": 2})["Item"]["count"], 6)

        self.assertEqual(self.aws_error("dynamodb", "put-item", "--table-name", "zc-cli", "--item",
                                        '{"pk": {"S": "k"}, "sk": {"N": "1"}}',
                                        "--condition-expression", "attribute_not_exists(pk)"),
                         ("ConditionalCheckFailedException", "PutItem",
                          "The conditional request failed"))
        self.assertEqual(self.aws_error("dynamodb", "describe-table", "--table-name", "zc-gone"),
                         ("ResourceNotFoundException", "DescribeTable",
                          "Requested resource not found: Table: zc-gone not found"))


class Node(DynamoDBCase):
    @requires_node("@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb")
    def test_document_client(self):
        table = self.create("zc-node")
        table.put_item(Item={"pk": "from-python", "sk": 0, "pi": Decimal("3.14159"),
                             "primes": {2, 3, 5}})
        out = self.node("dynamodb.mjs", "zc-node")

        self.assertEqual(out["table"], {"status": "ACTIVE", "keys": KEYS["KeySchema"]})
        raw = out["fromPython"]
        raw["primes"]["NS"].sort()
        self.assertEqual(raw, {"pk": {"S": "from-python"}, "sk": {"N": "0"},
                               "pi": {"N": "3.14159"}, "primes": {"NS": ["2", "3", "5"]}})
        self.assertEqual(out["get"], {"pk": "user#1", "sk": 1, "name": "Ada", "score": 10,
                                      "tags": ["a"], "obsolete": "x",
                                      "profile": {"langs": ["c", "js"], "active": True}})
        self.assertEqual(out["query"], {"count": 2, "scanned": 3, "items": [
            {"sk": 2, "name": "Bea"}, {"sk": 3, "name": "Cy"}]})
        self.assertEqual(out["update"], {"pk": "user#1", "sk": 1, "name": "Ada L.", "score": 15,
                                         "tags": ["a", "b"],
                                         "profile": {"langs": ["c", "ts"], "active": True}})
        self.assertEqual(out["transactGet"], [{"pk": "user#3", "sk": 1, "name": "Eve"},
                                              {"score": 100}, None])
        errors = {k: (v["name"], v["status"]) for k, v in out["errors"].items()}
        self.assertEqual(errors, {"conditionFailed": ("ConditionalCheckFailedException", 400),
                                  "transactionCancelled": ("TransactionCanceledException", 400),
                                  "missingTable": ("ResourceNotFoundException", 400),
                                  "badExpression": ("ValidationException", 400)})
        self.assertEqual(out["errors"]["transactionCancelled"]["reasons"],
                         ["None", "ConditionalCheckFailed"])
        self.assertEqual(out["errors"]["conditionFailed"]["message"],
                         "The conditional request failed")
        self.assertTrue(out["errors"]["badExpression"]["message"].startswith(
            "Invalid KeyConditionExpression: Syntax error;"), out["errors"]["badExpression"])

        # What node wrote, read here.
        item = table.get_item(Key={"pk": "user#1", "sk": 1})["Item"]
        self.assertEqual((item["score"], item["tags"], item["profile"]["langs"]),
                         (15, {"a", "b"}, ["c", "ts"]))
        self.assertNotIn("obsolete", item)
        self.assertNotIn("Item", table.get_item(Key={"pk": "user#1", "sk": 3}))
        self.assertNotIn("Item", table.get_item(Key={"pk": "user#4", "sk": 1}),
                         "a cancelled transaction writes nothing")
        self.assertEqual(table.scan(Select="COUNT")["Count"], 5)


if __name__ == "__main__":
    main()
