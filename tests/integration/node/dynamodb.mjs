// DynamoDB through @aws-sdk/client-dynamodb and @aws-sdk/lib-dynamodb's DocumentClient with no
// endpoint, region or keys of their own (motoc-run provides them), on a table another process
// made (key: pk string, sk number). Prints one JSON line of what it read back; the Python test
// judges it. argv: table name.
import { DynamoDBClient, DescribeTableCommand, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient, PutCommand, GetCommand, QueryCommand, UpdateCommand,
  TransactWriteCommand, TransactGetCommand,
} from "@aws-sdk/lib-dynamodb";

const [table] = process.argv.slice(2);
const client = new DynamoDBClient({ maxAttempts: 1 });
const doc = DynamoDBDocumentClient.from(client);
const out = {};

// Sets print as sorted arrays.
const plain = (value) => JSON.parse(JSON.stringify(value, (_, v) => (v instanceof Set ? [...v].sort() : v)));

async function failure(command) {
  try {
    await doc.send(command);
    return null;
  } catch (err) {
    return {
      name: err.name, status: err.$metadata?.httpStatusCode ?? null, message: err.message,
      reasons: err.CancellationReasons?.map((r) => r.Code) ?? null,
    };
  }
}

const description = await client.send(new DescribeTableCommand({ TableName: table }));
out.table = { status: description.Table.TableStatus, keys: description.Table.KeySchema };
const raw = await client.send(new GetItemCommand({
  TableName: table, Key: { pk: { S: "from-python" }, sk: { N: "0" } },
}));
out.fromPython = raw.Item ?? null;

await doc.send(new PutCommand({
  TableName: table,
  Item: { pk: "user#1", sk: 1, name: "Ada", score: 10, tags: new Set(["a"]),
          profile: { langs: ["c", "js"], active: true }, obsolete: "x" },
}));
for (const [pk, sk, name] of [["user#1", 2, "Bea"], ["user#1", 3, "Cy"], ["user#2", 1, "Dee"]]) {
  await doc.send(new PutCommand({ TableName: table, Item: { pk, sk, name, score: sk } }));
}
out.get = plain((await doc.send(new GetCommand({
  TableName: table, Key: { pk: "user#1", sk: 1 }, ConsistentRead: true,
}))).Item);

const query = await doc.send(new QueryCommand({
  TableName: table, KeyConditionExpression: "pk = :pk AND sk BETWEEN :low AND :high",
  FilterExpression: "score < :limit", ProjectionExpression: "sk, #n",
  ExpressionAttributeNames: { "#n": "name" },
  ExpressionAttributeValues: { ":pk": "user#1", ":low": 1, ":high": 3, ":limit": 5 },
}));
out.query = { items: query.Items, count: query.Count, scanned: query.ScannedCount };

const updated = await doc.send(new UpdateCommand({
  TableName: table, Key: { pk: "user#1", sk: 1 },
  UpdateExpression: "SET score = score + :inc, profile.langs[1] = :lang, #n = :name "
    + "ADD tags :tag REMOVE obsolete",
  ConditionExpression: "attribute_exists(pk) AND score = :old",
  ExpressionAttributeNames: { "#n": "name" },
  ExpressionAttributeValues: { ":inc": 5, ":lang": "ts", ":name": "Ada L.", ":tag": new Set(["b"]), ":old": 10 },
  ReturnValues: "ALL_NEW",
}));
out.update = plain(updated.Attributes);

await doc.send(new TransactWriteCommand({
  TransactItems: [
    { Put: { TableName: table, Item: { pk: "user#3", sk: 1, name: "Eve" },
             ConditionExpression: "attribute_not_exists(pk)" } },
    { Update: { TableName: table, Key: { pk: "user#2", sk: 1 }, UpdateExpression: "SET score = :s",
                ExpressionAttributeValues: { ":s": 100 } } },
    { ConditionCheck: { TableName: table, Key: { pk: "user#1", sk: 1 },
                        ConditionExpression: "score = :score", ExpressionAttributeValues: { ":score": 15 } } },
    { Delete: { TableName: table, Key: { pk: "user#1", sk: 3 } } },
  ],
}));
const fetched = await doc.send(new TransactGetCommand({
  TransactItems: [
    { Get: { TableName: table, Key: { pk: "user#3", sk: 1 } } },
    { Get: { TableName: table, Key: { pk: "user#2", sk: 1 }, ProjectionExpression: "score" } },
    { Get: { TableName: table, Key: { pk: "user#1", sk: 3 } } },
  ],
}));
out.transactGet = fetched.Responses.map((r) => r.Item ?? null);

out.errors = {
  conditionFailed: await failure(new UpdateCommand({
    TableName: table, Key: { pk: "user#1", sk: 1 }, UpdateExpression: "SET score = :s",
    ConditionExpression: "score > :s", ExpressionAttributeValues: { ":s": 1000 },
  })),
  transactionCancelled: await failure(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: table, Item: { pk: "user#4", sk: 1 } } },
      { ConditionCheck: { TableName: table, Key: { pk: "user#1", sk: 1 },
                          ConditionExpression: "attribute_not_exists(pk)" } },
    ],
  })),
  missingTable: await failure(new GetCommand({ TableName: "zc-no-such-table", Key: { pk: "a", sk: 1 } })),
  badExpression: await failure(new QueryCommand({
    TableName: table, KeyConditionExpression: "pk = :pk AND",
    ExpressionAttributeValues: { ":pk": "user#1" },
  })),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
