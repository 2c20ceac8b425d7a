// SQS and SNS through @aws-sdk/client-sqs and @aws-sdk/client-sns with no endpoint, region or keys
// of their own (motoc-run provides them). Works on a queue and a topic another process made and
// prints one JSON line of what it saw; the Python test judges it.
// argv: URL of a queue holding one message, ARN of a topic, URL of the queue subscribed to it (raw
// delivery off), name of a queue to create.
import {
  SQSClient, CreateQueueCommand, SendMessageCommand, ReceiveMessageCommand, DeleteMessageCommand,
  GetQueueUrlCommand, GetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { SNSClient, PublishCommand } from "@aws-sdk/client-sns";

const [queueUrl, topicArn, subscribedUrl, newQueue] = process.argv.slice(2);
const sqs = new SQSClient({ maxAttempts: 1 });
const sns = new SNSClient({ maxAttempts: 1 });
const out = {};

async function failure(client, command) {
  try {
    await client.send(command);
    return null;
  } catch (err) {
    return {
      name: err.name, status: err.$metadata?.httpStatusCode ?? null, message: err.message,
    };
  }
}

async function receiveOne(url) {
  const got = await sqs.send(new ReceiveMessageCommand({
    QueueUrl: url, WaitTimeSeconds: 5, MessageAttributeNames: ["All"],
    MessageSystemAttributeNames: ["All"],
  }));
  const message = got.Messages?.[0];
  if (message) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
  }
  return message ?? null;
}

// The queue the Python test made: first take what it sent, then send one back.
const fromPython = await receiveOne(queueUrl);
out.fromPython = fromPython && {
  body: fromPython.Body, md5: fromPython.MD5OfBody,
  attributes: fromPython.MessageAttributes, sentTimestamp: fromPython.Attributes?.SentTimestamp,
};
const sent = await sqs.send(new SendMessageCommand({
  QueueUrl: queueUrl, MessageBody: "hello from node",
  MessageAttributes: { origin: { DataType: "String", StringValue: "node" } },
}));
out.sent = { messageId: sent.MessageId, md5: sent.MD5OfMessageBody };

// A queue of its own, found again by name.
const created = await sqs.send(new CreateQueueCommand({
  QueueName: newQueue, Attributes: { VisibilityTimeout: "45" },
}));
const found = await sqs.send(new GetQueueUrlCommand({ QueueName: newQueue }));
const attributes = await sqs.send(new GetQueueAttributesCommand({
  QueueUrl: found.QueueUrl, AttributeNames: ["VisibilityTimeout", "QueueArn"],
}));
out.created = { url: created.QueueUrl, found: found.QueueUrl, attributes: attributes.Attributes };

// Publish to the topic: the subscribed queue receives the notification envelope.
const published = await sns.send(new PublishCommand({
  TopicArn: topicArn, Subject: "from node", Message: JSON.stringify({ n: 1 }),
  MessageAttributes: { kind: { DataType: "String", StringValue: "test" } },
}));
const notification = await receiveOne(subscribedUrl);
out.published = { messageId: published.MessageId, envelope: notification && JSON.parse(notification.Body) };

out.errors = {
  missingQueue: await failure(sqs, new GetQueueUrlCommand({ QueueName: "zc-no-such-queue" })),
  missingTopic: await failure(sns, new PublishCommand({
    TopicArn: `${topicArn}-missing`, Message: "lost",
  })),
  badBody: await failure(sqs, new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "a\u0001b" })),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
