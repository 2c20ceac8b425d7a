/* SQS operations called directly: queues, attributes, messages, FIFO ordering and deduplication,
 * visibility, dead-letter redrive, batches and their errors. */
#include "../../services/core/model.h"
#include "../../services/sqs/sqs.h"
#include "check.h"
#include "operation_harness.h"

#define URL "https://sqs.us-east-1.amazonaws.com/123456789012/"

static int sqs(const char *op, const char *json, cJSON **out)
{
    return call_op(&sqs_backend, op, json, out);
}

static void expect_error(const char *op, const char *json, const char *code, const char *message)
{
    int rc = sqs(op, json, NULL);
    CHECK(rc == -1, "%s %s succeeded", op, json);
    CHECK_STR(harness_err.code, code, "%s %s", op, json);
    if (message)
        CHECK(strstr(harness_err.message, message) != NULL, "%s: message '%s'", op,
              harness_err.message);
}

static void create(const char *name, const char *attributes)
{
    cJSON *out;
    int rc = sqs("CreateQueue",
                 fmt_json("{\"QueueName\":\"%s\",\"Attributes\":%s}", name,
                          attributes ? attributes : "{}"),
                 &out);
    CHECK(rc == 0, "create %s: %s", name, harness_err.message);
    CHECK_STR(str_at(out, "QueueUrl"), fmt_json(URL "%s", name), "url");
    cJSON_Delete(out);
}

static void send(const char *queue, const char *extra)
{
    int rc = sqs("SendMessage",
                 fmt_json("{\"QueueUrl\":\"" URL "%s\",%s}", queue, extra), NULL);
    CHECK(rc == 0, "send to %s: %s", queue, harness_err.message);
}

/* Receives up to max messages; returns the result tree. */
static cJSON *receive(const char *queue, int max, const char *extra)
{
    cJSON *out;
    int rc = sqs("ReceiveMessage",
                 fmt_json("{\"QueueUrl\":\"" URL "%s\",\"MaxNumberOfMessages\":%d%s%s}", queue,
                          max, extra ? "," : "", extra ? extra : ""),
                 &out);
    CHECK(rc == 0, "receive: %s", harness_err.message);
    return out;
}

static int message_count(const cJSON *out)
{
    return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(out, "Messages"));
}

static void test_queue_lifecycle(void)
{
    create("alpha", NULL);
    create("alpha", NULL); /* same attributes: the same queue */
    create("beta", "{\"VisibilityTimeout\":\"60\"}");
    create("beta", "{\"VisibilityTimeout\":\"60\"}");
    expect_error("CreateQueue", "{\"QueueName\":\"beta\",\"Attributes\":{\"VisibilityTimeout\":\"61\"}}",
                 "QueueAlreadyExists",
                 "A queue already exists with the same name and a different value for attribute "
                 "VisibilityTimeout");
    expect_error("CreateQueue", "{\"QueueName\":\"bad name\"}", "InvalidParameterValue",
                 "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    expect_error("CreateQueue", "{\"QueueName\":\"x.fifo\"}", "InvalidParameterValue", NULL);
    expect_error("CreateQueue", "{\"QueueName\":\"x\",\"Attributes\":{\"FifoQueue\":\"true\"}}",
                 "InvalidParameterValue", "must end with .fifo suffix");
    expect_error("CreateQueue", "{\"QueueName\":\"x\",\"Attributes\":{\"VisibilityTimeout\":\"43201\"}}",
                 "InvalidAttributeValue", "Invalid value for the parameter VisibilityTimeout.");
    expect_error("CreateQueue", "{\"QueueName\":\"x\",\"Attributes\":{\"Colour\":\"red\"}}",
                 "InvalidAttributeName", "Unknown Attribute Colour.");
    expect_error("CreateQueue",
                 "{\"QueueName\":\"x\",\"Attributes\":{\"ContentBasedDeduplication\":\"true\"}}",
                 "InvalidAttributeName", NULL);

    cJSON *out;
    CHECK(sqs("GetQueueUrl", "{\"QueueName\":\"beta\"}", &out) == 0, "get url");
    CHECK_STR(str_at(out, "QueueUrl"), URL "beta", "url");
    cJSON_Delete(out);
    expect_error("GetQueueUrl", "{\"QueueName\":\"nope\"}",
                 "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");

    CHECK(sqs("ListQueues", "{\"QueueNamePrefix\":\"al\"}", &out) == 0, "list");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(out, "QueueUrls")) == 1, "prefix");
    cJSON_Delete(out);
    CHECK(sqs("ListQueues", "{\"MaxResults\":1}", &out) == 0, "page 1");
    CHECK_STR(str_at(out, "QueueUrls.0"), URL "alpha", "first page");
    const char *token = str_at(out, "NextToken");
    CHECK(token != NULL, "next token");
    cJSON *page2;
    CHECK(sqs("ListQueues", fmt_json("{\"MaxResults\":1,\"NextToken\":\"%s\"}", token ? token : ""),
              &page2) == 0,
          "page 2");
    CHECK_STR(str_at(page2, "QueueUrls.0"), URL "beta", "second page");
    CHECK(str_at(page2, "NextToken") == NULL, "last page");
    cJSON_Delete(out);
    cJSON_Delete(page2);

    /* Legacy and local URL forms name the same queue. */
    CHECK(sqs("GetQueueAttributes",
              "{\"QueueUrl\":\"https://queue.amazonaws.com/123456789012/beta\","
              "\"AttributeNames\":[\"VisibilityTimeout\"]}",
              &out) == 0,
          "legacy url");
    CHECK_STR(str_at(out, "Attributes.VisibilityTimeout"), "60", "attribute");
    cJSON_Delete(out);
    CHECK(sqs("GetQueueAttributes",
              "{\"QueueUrl\":\"http://localhost:4566/123456789012/beta\"}", NULL) == 0,
          "local url");

    CHECK(sqs("DeleteQueue", "{\"QueueUrl\":\"" URL "alpha\"}", NULL) == 0, "delete");
    expect_error("DeleteQueue", "{\"QueueUrl\":\"" URL "alpha\"}",
                 "AWS.SimpleQueueService.NonExistentQueue", NULL);
}

static void test_attributes(void)
{
    create("attrs", NULL);
    cJSON *out;
    CHECK(sqs("GetQueueAttributes", "{\"QueueUrl\":\"" URL "attrs\",\"AttributeNames\":[\"All\"]}",
              &out) == 0,
          "all");
    CHECK_STR(str_at(out, "Attributes.QueueArn"), "arn:aws:sqs:us-east-1:123456789012:attrs", "arn");
    CHECK_STR(str_at(out, "Attributes.VisibilityTimeout"), "30", "default visibility");
    CHECK_STR(str_at(out, "Attributes.MaximumMessageSize"), "1048576", "default size");
    CHECK_STR(str_at(out, "Attributes.MessageRetentionPeriod"), "345600", "default retention");
    CHECK_STR(str_at(out, "Attributes.SqsManagedSseEnabled"), "true", "sse");
    CHECK_STR(str_at(out, "Attributes.ApproximateNumberOfMessages"), "0", "count");
    CHECK(str_at(out, "Attributes.Policy") == NULL, "no policy");
    CHECK(str_at(out, "Attributes.FifoQueue") == NULL, "standard");
    cJSON_Delete(out);

    CHECK(sqs("SetQueueAttributes",
              "{\"QueueUrl\":\"" URL "attrs\",\"Attributes\":{\"DelaySeconds\":\"5\","
              "\"KmsMasterKeyId\":\"alias/aws/sqs\","
              "\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\"}\"}}",
              NULL) == 0,
          "set: %s", harness_err.message);
    CHECK(sqs("GetQueueAttributes", "{\"QueueUrl\":\"" URL "attrs\",\"AttributeNames\":[\"All\"]}",
              &out) == 0,
          "all again");
    CHECK_STR(str_at(out, "Attributes.DelaySeconds"), "5", "delay");
    CHECK_STR(str_at(out, "Attributes.KmsMasterKeyId"), "alias/aws/sqs", "kms");
    CHECK_STR(str_at(out, "Attributes.KmsDataKeyReusePeriodSeconds"), "300", "kms reuse");
    CHECK_STR(str_at(out, "Attributes.SqsManagedSseEnabled"), "false", "kms replaces sse");
    CHECK_STR(str_at(out, "Attributes.Policy"), "{\"Version\":\"2012-10-17\"}", "policy");
    cJSON_Delete(out);
    expect_error("SetQueueAttributes",
                 "{\"QueueUrl\":\"" URL "attrs\",\"Attributes\":{\"QueueArn\":\"x\"}}",
                 "InvalidAttributeName", "Unknown Attribute QueueArn.");
    expect_error("SetQueueAttributes",
                 "{\"QueueUrl\":\"" URL "attrs\",\"Attributes\":{\"Policy\":\"{nope\"}}",
                 "InvalidAttributeValue", NULL);
    expect_error("GetQueueAttributes",
                 "{\"QueueUrl\":\"" URL "attrs\",\"AttributeNames\":[\"Nope\"]}",
                 "InvalidAttributeName", "Unknown Attribute Nope.");
    CHECK(sqs("GetQueueAttributes", "{\"QueueUrl\":\"" URL "attrs\"}", &out) == 0, "none asked");
    CHECK(cJSON_GetObjectItemCaseSensitive(out, "Attributes") == NULL, "no Attributes member");
    cJSON_Delete(out);
}

static void test_send_receive_delete(void)
{
    create("msgs", NULL);
    cJSON *sent;
    CHECK(sqs("SendMessage",
              "{\"QueueUrl\":\"" URL "msgs\",\"MessageBody\":\"hello\",\"MessageAttributes\":"
              "{\"timestamp\":{\"DataType\":\"Number\",\"StringValue\":\"1493147359900\"}}}",
              &sent) == 0,
          "send");
    CHECK_STR(str_at(sent, "MD5OfMessageBody"), "5d41402abc4b2a76b9719d911017c592", "md5 body");
    CHECK_STR(str_at(sent, "MD5OfMessageAttributes"), "235c5c510d26fb653d073faed50ae77c",
              "md5 attributes");
    CHECK(str_at(sent, "SequenceNumber") == NULL, "no sequence on standard queues");
    cJSON *got = receive("msgs", 10, "\"MessageAttributeNames\":[\"All\"],"
                                     "\"AttributeNames\":[\"All\"],\"VisibilityTimeout\":30");
    CHECK(message_count(got) == 1, "one message");
    CHECK_STR(str_at(got, "Messages.0.MessageId"), str_at(sent, "MessageId"), "id");
    CHECK_STR(str_at(got, "Messages.0.Body"), "hello", "body");
    CHECK_STR(str_at(got, "Messages.0.MD5OfMessageAttributes"), "235c5c510d26fb653d073faed50ae77c",
              "md5 on receive");
    CHECK_STR(str_at(got, "Messages.0.Attributes.ApproximateReceiveCount"), "1", "count");
    CHECK(str_at(got, "Messages.0.Attributes.SentTimestamp") != NULL, "sent timestamp");
    cJSON_Delete(sent);

    cJSON *again = receive("msgs", 10, NULL);
    CHECK(message_count(again) == 0, "in flight: invisible");
    cJSON_Delete(again);

    CHECK(sqs("GetQueueAttributes",
              "{\"QueueUrl\":\"" URL "msgs\",\"AttributeNames\":"
              "[\"ApproximateNumberOfMessagesNotVisible\"]}",
              &again) == 0,
          "counts");
    CHECK_STR(str_at(again, "Attributes.ApproximateNumberOfMessagesNotVisible"), "1", "in flight");
    cJSON_Delete(again);

    const char *handle = str_at(got, "Messages.0.ReceiptHandle");
    CHECK(sqs("ChangeMessageVisibility",
              fmt_json("{\"QueueUrl\":\"" URL "msgs\",\"ReceiptHandle\":\"%s\","
                       "\"VisibilityTimeout\":0}",
                       handle),
              NULL) == 0,
          "visible again: %s", harness_err.message);
    again = receive("msgs", 10, "\"AttributeNames\":[\"ApproximateReceiveCount\"]");
    CHECK(message_count(again) == 1, "received again");
    CHECK_STR(str_at(again, "Messages.0.Attributes.ApproximateReceiveCount"), "2", "count 2");
    /* On a standard queue the first receive's handle still acts on the message: it changes
     * the visibility of the second receive and then deletes the message. */
    CHECK(sqs("ChangeMessageVisibility",
              fmt_json("{\"QueueUrl\":\"" URL "msgs\",\"ReceiptHandle\":\"%s\","
                       "\"VisibilityTimeout\":100}",
                       handle),
              NULL) == 0,
          "old handle changes visibility: %s", harness_err.message);
    CHECK(sqs("DeleteMessage",
              fmt_json("{\"QueueUrl\":\"" URL "msgs\",\"ReceiptHandle\":\"%s\"}", handle),
              NULL) == 0,
          "old handle deletes");
    cJSON *none = receive("msgs", 10, "\"VisibilityTimeout\":0");
    CHECK(message_count(none) == 0, "deleted with the old handle");
    cJSON_Delete(none);
    CHECK(sqs("DeleteMessage",
              fmt_json("{\"QueueUrl\":\"" URL "msgs\",\"ReceiptHandle\":\"%s\"}",
                       str_at(again, "Messages.0.ReceiptHandle")),
              NULL) == 0,
          "deleting a deleted message succeeds");
    cJSON_Delete(got);
    cJSON_Delete(again);
    expect_error("DeleteMessage", "{\"QueueUrl\":\"" URL "msgs\",\"ReceiptHandle\":\"garbage\"}",
                 "ReceiptHandleIsInvalid",
                 "The input receipt handle \"garbage\" is not a valid receipt handle.");
    CHECK(harness_err.status == 404, "status %d", harness_err.status);

    got = receive("msgs", 10, NULL);
    CHECK(message_count(got) == 0, "deleted");
    cJSON_Delete(got);

    expect_error("SendMessage", "{\"QueueUrl\":\"" URL "msgs\",\"MessageBody\":\"a\\u0002b\"}",
                 "InvalidMessageContents", "Invalid binary character '#x2' was found");
    expect_error("SendMessage",
                 "{\"QueueUrl\":\"" URL "msgs\",\"MessageBody\":\"x\",\"DelaySeconds\":901}",
                 "InvalidParameterValue", "DelaySeconds must be >= 0 and <= 900");
    expect_error("SendMessage",
                 "{\"QueueUrl\":\"" URL "msgs\",\"MessageBody\":\"x\",\"MessageDeduplicationId\":\"d\"}",
                 "InvalidParameterValue", "not valid for this queue type");
    expect_error("ReceiveMessage", "{\"QueueUrl\":\"" URL "msgs\",\"MaxNumberOfMessages\":11}",
                 "InvalidParameterValue",
                 "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 "
                 "and 10, if provided.");
}

static void test_message_size_limit(void)
{
    create("small", "{\"MaximumMessageSize\":\"1024\"}");
    char body[1100];
    memset(body, 'x', sizeof body - 1);
    body[sizeof body - 1] = '\0';
    expect_error("SendMessage",
                 fmt_json("{\"QueueUrl\":\"" URL "small\",\"MessageBody\":\"%s\"}", body),
                 "InvalidParameterValue",
                 "One or more parameters are invalid. Reason: Message must be shorter than 1024 "
                 "bytes.");
}

static void test_delay(void)
{
    create("delayed", NULL);
    send("delayed", "\"MessageBody\":\"later\",\"DelaySeconds\":60");
    cJSON *got = receive("delayed", 10, NULL);
    CHECK(message_count(got) == 0, "delayed message hidden");
    cJSON_Delete(got);
    CHECK(sqs("GetQueueAttributes",
              "{\"QueueUrl\":\"" URL "delayed\",\"AttributeNames\":[\"All\"]}", &got) == 0,
          "attrs");
    CHECK_STR(str_at(got, "Attributes.ApproximateNumberOfMessagesDelayed"), "1", "delayed count");
    cJSON_Delete(got);
}

static void test_fifo(void)
{
    create("orders.fifo", "{\"FifoQueue\":\"true\"}");
    expect_error("SendMessage", "{\"QueueUrl\":\"" URL "orders.fifo\",\"MessageBody\":\"x\"}",
                 "MissingParameter", "MessageGroupId");
    expect_error("SendMessage",
                 "{\"QueueUrl\":\"" URL "orders.fifo\",\"MessageBody\":\"x\","
                 "\"MessageGroupId\":\"g\"}",
                 "InvalidParameterValue", "ContentBasedDeduplication");
    cJSON *first, *dup;
    CHECK(sqs("SendMessage",
              "{\"QueueUrl\":\"" URL "orders.fifo\",\"MessageBody\":\"a1\","
              "\"MessageGroupId\":\"a\",\"MessageDeduplicationId\":\"1\"}",
              &first) == 0,
          "send a1");
    CHECK(str_at(first, "SequenceNumber") && strlen(str_at(first, "SequenceNumber")) == 20,
          "sequence number");
    CHECK(sqs("SendMessage",
              "{\"QueueUrl\":\"" URL "orders.fifo\",\"MessageBody\":\"a1 again\","
              "\"MessageGroupId\":\"a\",\"MessageDeduplicationId\":\"1\"}",
              &dup) == 0,
          "duplicate accepted");
    CHECK_STR(str_at(dup, "MessageId"), str_at(first, "MessageId"), "duplicate answers original");
    cJSON_Delete(first);
    cJSON_Delete(dup);
    send("orders.fifo", "\"MessageBody\":\"b1\",\"MessageGroupId\":\"b\",\"MessageDeduplicationId\":\"2\"");
    send("orders.fifo", "\"MessageBody\":\"a2\",\"MessageGroupId\":\"a\",\"MessageDeduplicationId\":\"3\"");

    /* As many of one group as possible, in order; then the next group. */
    cJSON *got = receive("orders.fifo", 2, NULL);
    CHECK(message_count(got) == 2, "two");
    CHECK_STR(str_at(got, "Messages.0.Body"), "a1", "a1 first");
    CHECK_STR(str_at(got, "Messages.1.Body"), "a2", "then a2");
    cJSON_Delete(got);
    /* Group a is in flight: only b can be received. */
    got = receive("orders.fifo", 10, NULL);
    CHECK(message_count(got) == 1, "one");
    CHECK_STR(str_at(got, "Messages.0.Body"), "b1", "b1");
    cJSON_Delete(got);
    got = receive("orders.fifo", 10, NULL);
    CHECK(message_count(got) == 0, "all groups in flight");
    cJSON_Delete(got);

    /* Content-based deduplication: the body's SHA-256 is the id. */
    create("content.fifo", "{\"FifoQueue\":\"true\",\"ContentBasedDeduplication\":\"true\"}");
    send("content.fifo", "\"MessageBody\":\"same\",\"MessageGroupId\":\"g\"");
    send("content.fifo", "\"MessageBody\":\"same\",\"MessageGroupId\":\"g\"");
    send("content.fifo", "\"MessageBody\":\"other\",\"MessageGroupId\":\"g\"");
    got = receive("content.fifo", 10, "\"AttributeNames\":[\"All\"]");
    CHECK(message_count(got) == 2, "deduplicated by content: %d", message_count(got));
    CHECK_STR(str_at(got, "Messages.0.Attributes.MessageGroupId"), "g", "group attribute");
    CHECK_STR(str_at(got, "Messages.0.Attributes.MessageDeduplicationId"),
              "0967115f2813a3541eaef77de9d9d5773f1c0c04314b0bbfe4ff3b3b1c55b5d5", "SHA-256 of the body");
    cJSON_Delete(got);
    expect_error("SendMessage",
                 "{\"QueueUrl\":\"" URL "content.fifo\",\"MessageBody\":\"x\","
                 "\"MessageGroupId\":\"g\",\"DelaySeconds\":5}",
                 "InvalidParameterValue", "not valid for this queue type");

    /* A batch with an entry lacking its group or its deduplication id fails as a whole. */
    expect_error("SendMessageBatch",
                 "{\"QueueUrl\":\"" URL "content.fifo\",\"Entries\":["
                 "{\"Id\":\"a\",\"MessageBody\":\"1\",\"MessageGroupId\":\"g\"},"
                 "{\"Id\":\"b\",\"MessageBody\":\"2\"}]}",
                 "MissingParameter", "The request must contain the parameter MessageGroupId.");
    expect_error("SendMessageBatch",
                 "{\"QueueUrl\":\"" URL "orders.fifo\",\"Entries\":["
                 "{\"Id\":\"a\",\"MessageBody\":\"1\",\"MessageGroupId\":\"g\","
                 "\"MessageDeduplicationId\":\"d\"},"
                 "{\"Id\":\"b\",\"MessageBody\":\"2\",\"MessageGroupId\":\"g\"}]}",
                 "InvalidParameterValue",
                 "The queue should either have ContentBasedDeduplication enabled or "
                 "MessageDeduplicationId provided explicitly");
}

/* A FIFO queue honours only the handle of the current receive while the message is in flight. */
static void test_fifo_receipt_expiry(void)
{
    create("expiry.fifo", "{\"FifoQueue\":\"true\",\"ContentBasedDeduplication\":\"true\"}");
    send("expiry.fifo", "\"MessageBody\":\"m\",\"MessageGroupId\":\"g\"");
    cJSON *first = receive("expiry.fifo", 1, "\"VisibilityTimeout\":0");
    CHECK(message_count(first) == 1, "received");
    const char *handle = str_at(first, "Messages.0.ReceiptHandle");
    expect_error("DeleteMessage",
                 fmt_json("{\"QueueUrl\":\"" URL "expiry.fifo\",\"ReceiptHandle\":\"%s\"}",
                          handle),
                 "InvalidParameterValue",
                 fmt_json("Value %s for parameter ReceiptHandle is invalid. Reason: The receipt "
                          "handle has expired.",
                          handle));
    cJSON *second = receive("expiry.fifo", 1, "\"VisibilityTimeout\":60");
    CHECK(message_count(second) == 1, "received again");
    expect_error("DeleteMessage",
                 fmt_json("{\"QueueUrl\":\"" URL "expiry.fifo\",\"ReceiptHandle\":\"%s\"}",
                          handle),
                 "InvalidParameterValue", "The receipt handle has expired.");
    CHECK(sqs("DeleteMessage",
              fmt_json("{\"QueueUrl\":\"" URL "expiry.fifo\",\"ReceiptHandle\":\"%s\"}",
                       str_at(second, "Messages.0.ReceiptHandle")),
              NULL) == 0,
          "current handle deletes: %s", harness_err.message);
    cJSON_Delete(first);
    cJSON_Delete(second);
}

static void test_dead_letter_redrive(void)
{
    create("dlq", NULL);
    create("work", "{\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":"
                   "\\\"arn:aws:sqs:us-east-1:123456789012:dlq\\\",\\\"maxReceiveCount\\\":\\\"2\\\"}\"}");
    cJSON *got;
    CHECK(sqs("GetQueueAttributes",
              "{\"QueueUrl\":\"" URL "work\",\"AttributeNames\":[\"RedrivePolicy\"]}", &got) == 0,
          "policy");
    CHECK_STR(str_at(got, "Attributes.RedrivePolicy"),
              "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:dlq\","
              "\"maxReceiveCount\":2}",
              "normalised");
    cJSON_Delete(got);
    send("work", "\"MessageBody\":\"poison\"");
    for (int i = 0; i < 2; i++) {
        got = receive("work", 1, "\"VisibilityTimeout\":0");
        CHECK(message_count(got) == 1, "receive %d", i + 1);
        cJSON_Delete(got);
    }
    got = receive("work", 1, "\"VisibilityTimeout\":0");
    CHECK(message_count(got) == 0, "third receive: redriven");
    cJSON_Delete(got);
    got = receive("dlq", 1, "\"AttributeNames\":[\"All\"],\"VisibilityTimeout\":0");
    CHECK_STR(str_at(got, "Messages.0.Body"), "poison", "in the dead-letter queue");
    CHECK_STR(str_at(got, "Messages.0.Attributes.DeadLetterQueueSourceArn"),
              "arn:aws:sqs:us-east-1:123456789012:work", "source arn");
    cJSON_Delete(got);

    CHECK(sqs("ListDeadLetterSourceQueues", "{\"QueueUrl\":\"" URL "dlq\"}", &got) == 0, "sources");
    CHECK_STR(str_at(got, "queueUrls.0"), URL "work", "source listed");
    cJSON_Delete(got);

    expect_error("SetQueueAttributes",
                 "{\"QueueUrl\":\"" URL "work\",\"Attributes\":{\"RedrivePolicy\":"
                 "\"{\\\"deadLetterTargetArn\\\":\\\"arn:aws:sqs:us-east-1:123456789012:none\\\","
                 "\\\"maxReceiveCount\\\":1}\"}}",
                 "InvalidParameterValue", "Dead letter target does not exist.");

    /* The message moves back with a move task (run at once without an event loop). */
    CHECK(sqs("StartMessageMoveTask",
              "{\"SourceArn\":\"arn:aws:sqs:us-east-1:123456789012:dlq\"}", &got) == 0,
          "move task: %s", harness_err.message);
    cJSON_Delete(got);
    CHECK(sqs("ListMessageMoveTasks",
              "{\"SourceArn\":\"arn:aws:sqs:us-east-1:123456789012:dlq\"}", &got) == 0, "list");
    CHECK_STR(str_at(got, "Results.0.Status"), "COMPLETED", "completed");
    cJSON_Delete(got);
    got = receive("work", 1, NULL);
    CHECK_STR(str_at(got, "Messages.0.Body"), "poison", "back in the source queue");
    cJSON_Delete(got);
}

static void test_batches(void)
{
    create("batch", NULL);
    cJSON *out;
    CHECK(sqs("SendMessageBatch",
              "{\"QueueUrl\":\"" URL "batch\",\"Entries\":["
              "{\"Id\":\"one\",\"MessageBody\":\"1\"},"
              "{\"Id\":\"two\",\"MessageBody\":\"2\",\"DelaySeconds\":1000}]}",
              &out) == 0,
          "batch");
    CHECK_STR(str_at(out, "Successful.0.Id"), "one", "ok entry");
    CHECK_STR(str_at(out, "Failed.0.Id"), "two", "failed entry");
    CHECK_STR(str_at(out, "Failed.0.Code"), "InvalidParameterValue", "failed code");
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
              cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(out, "Failed"), 0),
              "SenderFault")),
          "sender fault");
    cJSON_Delete(out);
    expect_error("SendMessageBatch", "{\"QueueUrl\":\"" URL "batch\",\"Entries\":[]}",
                 "AWS.SimpleQueueService.EmptyBatchRequest",
                 "There should be at least one SendMessageBatchRequestEntry in the request.");
    expect_error("SendMessageBatch",
                 "{\"QueueUrl\":\"" URL "batch\",\"Entries\":[{\"Id\":\"a\",\"MessageBody\":\"1\"},"
                 "{\"Id\":\"a\",\"MessageBody\":\"2\"}]}",
                 "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "Id a repeated.");
    expect_error("SendMessageBatch",
                 "{\"QueueUrl\":\"" URL "batch\",\"Entries\":[{\"Id\":\"a b\",\"MessageBody\":\"1\"}]}",
                 "AWS.SimpleQueueService.InvalidBatchEntryId", NULL);
    char entries[2048] = "";
    for (int i = 0; i < 11; i++)
        snprintf(entries + strlen(entries), sizeof entries - strlen(entries),
                 "%s{\"Id\":\"e%d\",\"MessageBody\":\"x\"}", i ? "," : "", i);
    expect_error("SendMessageBatch",
                 fmt_json("{\"QueueUrl\":\"" URL "batch\",\"Entries\":[%s]}", entries),
                 "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                 "Maximum number of entries per request are 10. You have sent 11.");

    cJSON *got = receive("batch", 1, NULL);
    CHECK(sqs("DeleteMessageBatch",
              fmt_json("{\"QueueUrl\":\"" URL "batch\",\"Entries\":[{\"Id\":\"ok\","
                       "\"ReceiptHandle\":\"%s\"},{\"Id\":\"bad\",\"ReceiptHandle\":\"nope\"}]}",
                       str_at(got, "Messages.0.ReceiptHandle")),
              &out) == 0,
          "delete batch");
    CHECK_STR(str_at(out, "Successful.0.Id"), "ok", "deleted");
    CHECK_STR(str_at(out, "Failed.0.Code"), "ReceiptHandleIsInvalid", "bad handle");
    cJSON_Delete(out);
    cJSON_Delete(got);
}

static void test_purge_tags_permissions(void)
{
    create("misc", NULL);
    send("misc", "\"MessageBody\":\"x\"");
    CHECK(sqs("PurgeQueue", "{\"QueueUrl\":\"" URL "misc\"}", NULL) == 0, "purge");
    expect_error("PurgeQueue", "{\"QueueUrl\":\"" URL "misc\"}",
                 "AWS.SimpleQueueService.PurgeQueueInProgress",
                 "Only one PurgeQueue operation on misc is allowed every 60 seconds.");
    CHECK(harness_err.status == 403, "purge status");

    CHECK(sqs("TagQueue", "{\"QueueUrl\":\"" URL "misc\",\"Tags\":{\"team\":\"a\",\"env\":\"t\"}}",
              NULL) == 0,
          "tag");
    CHECK(sqs("UntagQueue", "{\"QueueUrl\":\"" URL "misc\",\"TagKeys\":[\"env\"]}", NULL) == 0,
          "untag");
    cJSON *out;
    CHECK(sqs("ListQueueTags", "{\"QueueUrl\":\"" URL "misc\"}", &out) == 0, "list tags");
    CHECK_STR(str_at(out, "Tags.team"), "a", "tag kept");
    CHECK(str_at(out, "Tags.env") == NULL, "tag removed");
    cJSON_Delete(out);

    CHECK(sqs("AddPermission",
              "{\"QueueUrl\":\"" URL "misc\",\"Label\":\"share\",\"AWSAccountIds\":"
              "[\"111122223333\"],\"Actions\":[\"SendMessage\"]}",
              NULL) == 0,
          "add permission: %s", harness_err.message);
    expect_error("AddPermission",
                 "{\"QueueUrl\":\"" URL "misc\",\"Label\":\"share\",\"AWSAccountIds\":"
                 "[\"111122223333\"],\"Actions\":[\"SendMessage\"]}",
                 "InvalidParameterValue", "Already exists");
    CHECK(sqs("GetQueueAttributes", "{\"QueueUrl\":\"" URL "misc\",\"AttributeNames\":[\"Policy\"]}",
              &out) == 0,
          "policy");
    cJSON *policy = cJSON_Parse(str_at(out, "Attributes.Policy"));
    CHECK_STR(str_at(policy, "Statement.0.Principal.AWS"), "arn:aws:iam::111122223333:root",
              "principal");
    CHECK_STR(str_at(policy, "Statement.0.Action"), "SQS:SendMessage", "action");
    cJSON_Delete(policy);
    cJSON_Delete(out);
    CHECK(sqs("RemovePermission", "{\"QueueUrl\":\"" URL "misc\",\"Label\":\"share\"}", NULL) == 0,
          "remove permission");
    expect_error("RemovePermission", "{\"QueueUrl\":\"" URL "misc\",\"Label\":\"share\"}",
                 "InvalidParameterValue", "can't find label");
}

/* The embedded model carries what the query protocol needs (services/models/overlay.json). */
static void test_model_overlay(void)
{
    const struct service_model *m = model_for_service("sqs");
    CHECK(m != NULL, "sqs model loads");
    if (!m)
        return;
    CHECK(m->query_compatible, "awsQueryCompatible");
    CHECK_STR(m->xml_namespace, "http://queue.amazonaws.com/doc/2012-11-05/", "namespace");
    const struct shape *missing = model_shape(m, "QueueDoesNotExist");
    CHECK(missing && missing->error_code &&
              strcmp(missing->error_code, "AWS.SimpleQueueService.NonExistentQueue") == 0,
          "query error code");
    const struct operation *receive_op = model_operation(m, "ReceiveMessage");
    CHECK(receive_op && receive_op->result_wrapper &&
              strcmp(receive_op->result_wrapper, "ReceiveMessageResult") == 0,
          "result wrapper");
    const struct shape *request = model_shape(m, "SendMessageRequest");
    bool named = false;
    for (size_t i = 0; request && i < request->n_members; i++)
        if (strcmp(request->members[i].name, "MessageAttributes") == 0)
            named = request->members[i].query_name &&
                    strcmp(request->members[i].query_name, "MessageAttribute") == 0 &&
                    !request->members[i].location_name;
    CHECK(named, "query name without a json name");
    CHECK(model_for_service("sns") != NULL, "sns model loads");
}

int main(void)
{
    test_model_overlay();
    test_queue_lifecycle();
    test_attributes();
    test_send_receive_delete();
    test_message_size_limit();
    test_delay();
    test_fifo();
    test_fifo_receipt_expiry();
    test_dead_letter_redrive();
    test_batches();
    test_purge_tags_permissions();
    sqs_backend.reset();
    proto_error_clear(&harness_err);
    return test_summary("sqs");
}
