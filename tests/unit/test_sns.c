/* SNS operations called directly: topics, subscriptions, publishing, and fan-out to SQS with the
 * exact envelope, raw delivery and filter policies. */
#include "../../services/sns/sns.h"
#include "../../services/sqs/sqs.h"
#include "check.h"
#include "operation_harness.h"

#define TOPIC "arn:aws:sns:us-east-1:123456789012:"
#define QUEUE_ARN "arn:aws:sqs:us-east-1:123456789012:"
#define QUEUE_URL "https://sqs.us-east-1.amazonaws.com/123456789012/"

static int sns(const char *op, const char *json, cJSON **out)
{
    return call_op(&sns_backend, op, json, out);
}

static int sqs(const char *op, const char *json, cJSON **out)
{
    return call_op(&sqs_backend, op, json, out);
}

static void expect_error(const char *op, const char *json, const char *code, const char *message)
{
    int rc = sns(op, json, NULL);
    CHECK(rc == -1, "%s %s succeeded", op, json);
    CHECK_STR(harness_err.code, code, "%s %s", op, json);
    if (message)
        CHECK(strstr(harness_err.message, message) != NULL, "%s: message '%s'", op,
              harness_err.message);
}

static void make_queue(const char *name)
{
    CHECK(sqs("CreateQueue", fmt_json("{\"QueueName\":\"%s\"%s}", name,
                                      strstr(name, ".fifo") ? ",\"Attributes\":{\"FifoQueue\":\"true\"}" : ""),
              NULL) == 0,
          "queue %s: %s", name, harness_err.message);
}

/* Subscribes queue to topic; returns the subscription ARN (static storage). */
static const char *subscribe_queue(const char *topic, const char *queue, const char *attributes)
{
    static char arn[512];
    cJSON *out;
    CHECK(sns("Subscribe",
              fmt_json("{\"TopicArn\":\"" TOPIC "%s\",\"Protocol\":\"sqs\",\"Endpoint\":\"" QUEUE_ARN
                       "%s\"%s%s}",
                       topic, queue, attributes ? ",\"Attributes\":" : "",
                       attributes ? attributes : ""),
              &out) == 0,
          "subscribe: %s", harness_err.message);
    snprintf(arn, sizeof arn, "%s", str_at(out, "SubscriptionArn") ? str_at(out, "SubscriptionArn") : "");
    cJSON_Delete(out);
    return arn;
}

static cJSON *drain(const char *queue)
{
    cJSON *out;
    CHECK(sqs("ReceiveMessage",
              fmt_json("{\"QueueUrl\":\"" QUEUE_URL "%s\",\"MaxNumberOfMessages\":10,"
                       "\"MessageAttributeNames\":[\"All\"],\"VisibilityTimeout\":0}",
                       queue),
              &out) == 0,
          "receive");
    cJSON *copy = cJSON_Duplicate(out, true);
    cJSON_Delete(out);
    /* Purge so the next check starts empty (the purge limit is per 60 s: delete instead). */
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(copy, "Messages"))
    {
        sqs("DeleteMessage",
            fmt_json("{\"QueueUrl\":\"" QUEUE_URL "%s\",\"ReceiptHandle\":\"%s\"}", queue,
                     str_at(m, "ReceiptHandle")),
            NULL);
    }
    return copy;
}

static void test_topics(void)
{
    cJSON *out;
    CHECK(sns("CreateTopic", "{\"Name\":\"news\"}", &out) == 0, "create");
    CHECK_STR(str_at(out, "TopicArn"), TOPIC "news", "arn");
    cJSON_Delete(out);
    CHECK(sns("CreateTopic", "{\"Name\":\"news\"}", NULL) == 0, "create again: same topic");
    expect_error("CreateTopic", "{\"Name\":\"bad name\"}", "InvalidParameter",
                 "Invalid parameter: Topic Name");
    expect_error("CreateTopic", "{\"Name\":\"x\",\"Attributes\":{\"FifoTopic\":\"true\"}}",
                 "InvalidParameter", "Fifo Topic names must end with .fifo");
    CHECK(sns("GetTopicAttributes", "{\"TopicArn\":\"" TOPIC "news\"}", &out) == 0, "attributes");
    CHECK_STR(str_at(out, "Attributes.Owner"), "123456789012", "owner");
    CHECK_STR(str_at(out, "Attributes.SubscriptionsConfirmed"), "0", "confirmed");
    CHECK(str_at(out, "Attributes.Policy") && strstr(str_at(out, "Attributes.Policy"),
                                                     "__default_policy_ID"),
          "default policy");
    cJSON_Delete(out);
    CHECK(sns("SetTopicAttributes",
              "{\"TopicArn\":\"" TOPIC "news\",\"AttributeName\":\"DisplayName\","
              "\"AttributeValue\":\"News\"}",
              NULL) == 0,
          "set");
    expect_error("SetTopicAttributes",
                 "{\"TopicArn\":\"" TOPIC "news\",\"AttributeName\":\"Colour\",\"AttributeValue\":\"x\"}",
                 "InvalidParameter", "Invalid parameter: AttributeName");
    expect_error("GetTopicAttributes", "{\"TopicArn\":\"" TOPIC "nope\"}", "NotFound",
                 "Topic does not exist");
    CHECK(harness_err.status == 404, "404");
    CHECK(sns("TagResource",
              "{\"ResourceArn\":\"" TOPIC "news\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"a\"}]}",
              NULL) == 0,
          "tag");
    CHECK(sns("ListTagsForResource", "{\"ResourceArn\":\"" TOPIC "news\"}", &out) == 0, "tags");
    CHECK_STR(str_at(out, "Tags.0.Key"), "team", "tag key");
    cJSON_Delete(out);
    CHECK(sns("ListTopics", "{}", &out) == 0, "list");
    CHECK_STR(str_at(out, "Topics.0.TopicArn"), TOPIC "news", "listed");
    cJSON_Delete(out);
    CHECK(sns("PutDataProtectionPolicy",
              "{\"ResourceArn\":\"" TOPIC "news\",\"DataProtectionPolicy\":\"{\\\"Name\\\":\\\"p\\\"}\"}",
              NULL) == 0,
          "data protection");
    CHECK(sns("GetDataProtectionPolicy", "{\"ResourceArn\":\"" TOPIC "news\"}", &out) == 0, "get dp");
    CHECK_STR(str_at(out, "DataProtectionPolicy"), "{\"Name\":\"p\"}", "stored");
    cJSON_Delete(out);
}

static void test_fan_out_envelope(void)
{
    make_queue("inbox");
    const char *sub = subscribe_queue("news", "inbox", NULL);
    CHECK(strncmp(sub, TOPIC "news:", strlen(TOPIC "news:")) == 0, "subscription arn %s", sub);
    cJSON *out;
    CHECK(sns("Publish",
              "{\"TopicArn\":\"" TOPIC "news\",\"Message\":\"hello \\\"world\\\"\",\"Subject\":\"Hi\","
              "\"MessageAttributes\":{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"greeting\"}}}",
              &out) == 0,
          "publish: %s", harness_err.message);
    char message_id[64];
    snprintf(message_id, sizeof message_id, "%s", str_at(out, "MessageId"));
    cJSON_Delete(out);
    cJSON *got = drain("inbox");
    const char *body = str_at(got, "Messages.0.Body");
    CHECK(body != NULL, "delivered");
    if (body) {
        CHECK(strncmp(body, "{\n  \"Type\" : \"Notification\",\n  \"MessageId\" : \"", 45) == 0,
              "envelope layout: %s", body);
        CHECK(strstr(body, "\"TopicArn\" : \"" TOPIC "news\",\n  \"Subject\" : \"Hi\",\n"
                           "  \"Message\" : \"hello \\\"world\\\"\",\n  \"Timestamp\" : \"") != NULL,
              "fields in order: %s", body);
        CHECK(strstr(body, message_id) != NULL, "message id");
        CHECK(strstr(body, "\"SignatureVersion\" : \"1\"") != NULL, "signature version");
        CHECK(strstr(body, "\"UnsubscribeURL\" : \"https://sns.us-east-1.amazonaws.com/"
                           "?Action=Unsubscribe&SubscriptionArn=") != NULL,
              "unsubscribe url");
        CHECK(strstr(body, "\"MessageAttributes\" : {\n    \"kind\" : "
                           "{\"Type\":\"String\",\"Value\":\"greeting\"}\n  }\n}") != NULL,
              "attributes: %s", body);
        cJSON *doc = cJSON_Parse(body);
        CHECK(doc != NULL, "envelope is JSON");
        CHECK_STR(str_at(doc, "Message"), "hello \"world\"", "message");
        cJSON_Delete(doc);
    }
    CHECK(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(got, "Messages"), 0),
                                           "MessageAttributes") == NULL,
          "not raw: no SQS attributes");
    cJSON_Delete(got);

    /* Raw delivery: the message itself, attributes as SQS attributes. */
    CHECK(sns("SetSubscriptionAttributes",
              fmt_json("{\"SubscriptionArn\":\"%s\",\"AttributeName\":\"RawMessageDelivery\","
                       "\"AttributeValue\":\"true\"}",
                       sub),
              NULL) == 0,
          "raw");
    CHECK(sns("Publish",
              "{\"TopicArn\":\"" TOPIC "news\",\"Message\":\"raw body\",\"MessageAttributes\":"
              "{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"7\"}}}",
              NULL) == 0,
          "publish raw");
    got = drain("inbox");
    CHECK_STR(str_at(got, "Messages.0.Body"), "raw body", "raw body");
    CHECK_STR(str_at(got, "Messages.0.MessageAttributes.n.StringValue"), "7", "raw attribute");
    cJSON_Delete(got);

    CHECK(sns("GetSubscriptionAttributes", fmt_json("{\"SubscriptionArn\":\"%s\"}", sub), &out) == 0,
          "sub attrs");
    CHECK_STR(str_at(out, "Attributes.RawMessageDelivery"), "true", "raw attr");
    CHECK_STR(str_at(out, "Attributes.PendingConfirmation"), "false", "confirmed");
    cJSON_Delete(out);
    CHECK(sns("Unsubscribe", fmt_json("{\"SubscriptionArn\":\"%s\"}", sub), NULL) == 0, "unsubscribe");
    CHECK(sns("Publish", "{\"TopicArn\":\"" TOPIC "news\",\"Message\":\"gone\"}", NULL) == 0, "publish");
    got = drain("inbox");
    CHECK(str_at(got, "Messages.0.Body") == NULL, "no delivery after unsubscribe");
    cJSON_Delete(got);
}

static void test_filter_policies(void)
{
    make_queue("filtered");
    const char *sub = subscribe_queue(
        "news", "filtered",
        "{\"RawMessageDelivery\":\"true\",\"FilterPolicy\":\"{\\\"kind\\\":[\\\"a\\\"]}\"}");
    CHECK(sns("Publish",
              "{\"TopicArn\":\"" TOPIC "news\",\"Message\":\"a\",\"MessageAttributes\":"
              "{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"a\"}}}",
              NULL) == 0,
          "publish a");
    CHECK(sns("Publish",
              "{\"TopicArn\":\"" TOPIC "news\",\"Message\":\"b\",\"MessageAttributes\":"
              "{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"b\"}}}",
              NULL) == 0,
          "publish b");
    cJSON *got = drain("filtered");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(got, "Messages")) == 1, "one passes");
    CHECK_STR(str_at(got, "Messages.0.Body"), "a", "the matching one");
    cJSON_Delete(got);

    CHECK(sns("SetSubscriptionAttributes",
              fmt_json("{\"SubscriptionArn\":\"%s\",\"AttributeName\":\"FilterPolicyScope\","
                       "\"AttributeValue\":\"MessageBody\"}",
                       sub),
              NULL) == 0,
          "body scope");
    CHECK(sns("Publish", "{\"TopicArn\":\"" TOPIC "news\",\"Message\":\"{\\\"kind\\\":\\\"a\\\"}\"}",
              NULL) == 0,
          "publish body");
    got = drain("filtered");
    CHECK_STR(str_at(got, "Messages.0.Body"), "{\"kind\":\"a\"}", "body matched");
    cJSON_Delete(got);
    expect_error("SetSubscriptionAttributes",
                 fmt_json("{\"SubscriptionArn\":\"%s\",\"AttributeName\":\"FilterPolicy\","
                          "\"AttributeValue\":\"{\\\"a\\\":\\\"x\\\"}\"}",
                          sub),
                 "InvalidParameter", "must be an object or an array");
    sns("Unsubscribe", fmt_json("{\"SubscriptionArn\":\"%s\"}", sub), NULL);
}

static void test_structure_and_errors(void)
{
    make_queue("structured");
    char sub[512];
    snprintf(sub, sizeof sub, "%s",
             subscribe_queue("news", "structured", "{\"RawMessageDelivery\":\"true\"}"));
    CHECK(strcmp(subscribe_queue("news", "structured", "{\"RawMessageDelivery\":\"true\"}"), sub) == 0,
          "subscribing again answers the same subscription");
    expect_error("Subscribe",
                 "{\"TopicArn\":\"" TOPIC "news\",\"Protocol\":\"sqs\",\"Endpoint\":\"" QUEUE_ARN
                 "structured\",\"Attributes\":{\"RawMessageDelivery\":\"false\"}}",
                 "InvalidParameter", "Subscription already exists with different attributes");
    CHECK(sns("Publish",
              "{\"TopicArn\":\"" TOPIC "news\",\"MessageStructure\":\"json\",\"Message\":"
              "\"{\\\"default\\\":\\\"d\\\",\\\"sqs\\\":\\\"for sqs\\\"}\"}",
              NULL) == 0,
          "structured");
    cJSON *got = drain("structured");
    CHECK_STR(str_at(got, "Messages.0.Body"), "for sqs", "per-protocol message");
    cJSON_Delete(got);
    sns("Unsubscribe", fmt_json("{\"SubscriptionArn\":\"%s\"}", sub), NULL);
    expect_error("Publish",
                 "{\"TopicArn\":\"" TOPIC "news\",\"MessageStructure\":\"json\",\"Message\":\"{}\"}",
                 "InvalidParameter", "No default entry in JSON message body");
    expect_error("Publish", "{\"TopicArn\":\"" TOPIC "news\",\"Message\":\"\"}", "InvalidParameter",
                 "Invalid parameter: Empty message");
    expect_error("Publish", "{\"TopicArn\":\"" TOPIC "nope\",\"Message\":\"x\"}", "NotFound",
                 "Topic does not exist");
    expect_error("Publish", "{\"Message\":\"x\"}", "InvalidParameter",
                 "TopicArn or TargetArn Reason: no value for required parameter");
    expect_error("Subscribe",
                 "{\"TopicArn\":\"" TOPIC "news\",\"Protocol\":\"carrier-pigeon\",\"Endpoint\":\"x\"}",
                 "InvalidParameter", "does not support this protocol string: carrier-pigeon");
    expect_error("Subscribe", "{\"TopicArn\":\"" TOPIC "news\",\"Protocol\":\"sqs\",\"Endpoint\":\"q\"}",
                 "InvalidParameter", "Invalid parameter: SQS endpoint ARN");
    expect_error("PublishBatch", "{\"TopicArn\":\"" TOPIC "news\",\"PublishBatchRequestEntries\":[]}",
                 "EmptyBatchRequest", NULL);
    expect_error("PublishBatch",
                 "{\"TopicArn\":\"" TOPIC "news\",\"PublishBatchRequestEntries\":["
                 "{\"Id\":\"a\",\"Message\":\"1\"},{\"Id\":\"a\",\"Message\":\"2\"}]}",
                 "BatchEntryIdsNotDistinct", NULL);
}

static void test_fifo_topic(void)
{
    cJSON *out;
    CHECK(sns("CreateTopic",
              "{\"Name\":\"orders.fifo\",\"Attributes\":{\"FifoTopic\":\"true\","
              "\"ContentBasedDeduplication\":\"true\"}}",
              &out) == 0,
          "fifo topic: %s", harness_err.message);
    cJSON_Delete(out);
    make_queue("orders.fifo");
    subscribe_queue("orders.fifo", "orders.fifo", "{\"RawMessageDelivery\":\"true\"}");
    expect_error("Subscribe",
                 "{\"TopicArn\":\"" TOPIC "news\",\"Protocol\":\"sqs\",\"Endpoint\":\"" QUEUE_ARN
                 "orders.fifo\"}",
                 "InvalidParameter", "FIFO SQS Queues can not be subscribed to standard SNS topics");
    expect_error("Publish", "{\"TopicArn\":\"" TOPIC "orders.fifo\",\"Message\":\"x\"}",
                 "InvalidParameter", "MessageGroupId parameter is required for FIFO topics");
    cJSON *first, *again;
    CHECK(sns("Publish", "{\"TopicArn\":\"" TOPIC "orders.fifo\",\"Message\":\"one\",\"MessageGroupId\":\"g\"}",
              &first) == 0,
          "publish one");
    CHECK(sns("Publish", "{\"TopicArn\":\"" TOPIC "orders.fifo\",\"Message\":\"one\",\"MessageGroupId\":\"g\"}",
              &again) == 0,
          "duplicate");
    CHECK_STR(str_at(again, "MessageId"), str_at(first, "MessageId"), "deduplicated");
    CHECK(str_at(first, "SequenceNumber") != NULL, "sequence number");
    cJSON_Delete(first);
    cJSON_Delete(again);
    CHECK(sns("Publish", "{\"TopicArn\":\"" TOPIC "orders.fifo\",\"Message\":\"two\",\"MessageGroupId\":\"g\"}",
              NULL) == 0,
          "publish two");
    cJSON *got = drain("orders.fifo");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(got, "Messages")) == 2, "two delivered");
    CHECK_STR(str_at(got, "Messages.0.Body"), "one", "in order");
    CHECK_STR(str_at(got, "Messages.1.Body"), "two", "in order");
    cJSON_Delete(got);
}

static void test_confirmation_and_platform(void)
{
    cJSON *out;
    CHECK(sns("Subscribe",
              "{\"TopicArn\":\"" TOPIC "news\",\"Protocol\":\"email\",\"Endpoint\":\"a@example.com\"}",
              &out) == 0,
          "email");
    CHECK_STR(str_at(out, "SubscriptionArn"), "pending confirmation", "pending");
    cJSON_Delete(out);
    CHECK(sns("ListSubscriptionsByTopic", "{\"TopicArn\":\"" TOPIC "news\"}", &out) == 0, "list");
    bool pending_listed = false;
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(out, "Subscriptions"))
    {
        pending_listed |= strcmp(str_at(s, "SubscriptionArn"), "PendingConfirmation") == 0;
    }
    CHECK(pending_listed, "pending listed");
    cJSON_Delete(out);
    expect_error("ConfirmSubscription", "{\"TopicArn\":\"" TOPIC "news\",\"Token\":\"nope\"}",
                 "InvalidParameter", "Invalid parameter: Token");

    CHECK(sns("CreatePlatformApplication",
              "{\"Name\":\"app\",\"Platform\":\"GCM\",\"Attributes\":{\"PlatformCredential\":\"k\"}}",
              &out) == 0,
          "app");
    char app[256];
    snprintf(app, sizeof app, "%s", str_at(out, "PlatformApplicationArn"));
    cJSON_Delete(out);
    CHECK(strcmp(app, TOPIC "app/GCM/app") == 0, "app arn %s", app);
    CHECK(sns("CreatePlatformEndpoint",
              fmt_json("{\"PlatformApplicationArn\":\"%s\",\"Token\":\"t1\"}", app), &out) == 0,
          "endpoint");
    char endpoint[512];
    snprintf(endpoint, sizeof endpoint, "%s", str_at(out, "EndpointArn"));
    cJSON_Delete(out);
    CHECK(sns("Publish", fmt_json("{\"TargetArn\":\"%s\",\"Message\":\"push\"}", endpoint), NULL) == 0,
          "publish to endpoint");
    CHECK(sns("SetEndpointAttributes",
              fmt_json("{\"EndpointArn\":\"%s\",\"Attributes\":{\"Enabled\":\"false\"}}", endpoint),
              NULL) == 0,
          "disable");
    expect_error("Publish", fmt_json("{\"TargetArn\":\"%s\",\"Message\":\"push\"}", endpoint),
                 "EndpointDisabled", "Endpoint is disabled");
    CHECK(sns("GetPlatformApplicationAttributes",
              fmt_json("{\"PlatformApplicationArn\":\"%s\"}", app), &out) == 0,
          "app attrs");
    CHECK(str_at(out, "Attributes.PlatformCredential") == NULL, "credential hidden");
    cJSON_Delete(out);
    /* Deleting from another region's client deletes the application where it lives. */
    struct route home = harness_route;
    snprintf(harness_route.region, sizeof harness_route.region, "eu-west-1");
    CHECK(sns("DeletePlatformApplication", fmt_json("{\"PlatformApplicationArn\":\"%s\"}", app),
              NULL) == 0,
          "delete app");
    harness_route = home;
    expect_error("GetEndpointAttributes", fmt_json("{\"EndpointArn\":\"%s\"}", endpoint), "NotFound",
                 "Endpoint does not exist");
    CHECK(sns("ListPlatformApplications", "{}", &out) == 0, "list apps");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(out, "PlatformApplications")) == 0,
          "application gone");
    cJSON_Delete(out);
    CHECK(sns("Publish", "{\"PhoneNumber\":\"+15555550100\",\"Message\":\"sms\"}", NULL) == 0, "sms");
    expect_error("Publish", "{\"PhoneNumber\":\"abc\",\"Message\":\"sms\"}", "InvalidParameter",
                 "PhoneNumber");
    CHECK(sns("SetSMSAttributes", "{\"attributes\":{\"DefaultSMSType\":\"Transactional\"}}", NULL) == 0,
          "sms attrs");
    CHECK(sns("GetSMSAttributes", "{}", &out) == 0, "get sms attrs");
    CHECK_STR(str_at(out, "attributes.DefaultSMSType"), "Transactional", "stored");
    cJSON_Delete(out);
}

/* Topics are regional: an endpoint in another region does not see them. */
static void test_topics_are_regional(void)
{
    CHECK(sns("CreateTopic", "{\"Name\":\"west\"}", NULL) == 0, "create");
    snprintf(harness_route.region, sizeof harness_route.region, "eu-north-1");
    expect_error("GetTopicAttributes", "{\"TopicArn\":\"" TOPIC "west\"}", "NotFound",
                 "Topic does not exist");
    expect_error("Publish", "{\"TopicArn\":\"" TOPIC "west\",\"Message\":\"x\"}", "NotFound",
                 "Topic does not exist");
    expect_error("Subscribe",
                 "{\"TopicArn\":\"" TOPIC "west\",\"Protocol\":\"sqs\",\"Endpoint\":\"" QUEUE_ARN
                 "q\"}",
                 "NotFound", "Topic does not exist");
    snprintf(harness_route.region, sizeof harness_route.region, "us-east-1");
    CHECK(sns("GetTopicAttributes", "{\"TopicArn\":\"" TOPIC "west\"}", NULL) == 0,
          "its own region sees it: %s", harness_err.message);
    CHECK(sns("DeleteTopic", "{\"TopicArn\":\"" TOPIC "west\"}", NULL) == 0, "delete");
}

/* A String.Array value that is not an array is taken as one value; an array of objects is not. */
static void test_string_array_values(void)
{
    CHECK(sns("Publish",
              "{\"TopicArn\":\"" TOPIC "news\",\"Message\":\"m\",\"MessageAttributes\":"
              "{\"price\":{\"DataType\":\"String.Array\",\"StringValue\":\"one hundred\"}}}",
              NULL) == 0,
          "plain text accepted: %s", harness_err.message);
    expect_error("Publish",
                 "{\"TopicArn\":\"" TOPIC "news\",\"Message\":\"m\",\"MessageAttributes\":"
                 "{\"price\":{\"DataType\":\"String.Array\",\"StringValue\":\"[{\\\"a\\\":1}]\"}}}",
                 "ParameterValueInvalid",
                 "The message attribute 'price' has an invalid value for message attribute type "
                 "'String.Array'.");
}

int main(void)
{
    test_topics();
    test_fan_out_envelope();
    test_filter_policies();
    test_structure_and_errors();
    test_fifo_topic();
    test_confirmation_and_platform();
    test_topics_are_regional();
    test_string_array_values();
    CHECK(sns("DeleteTopic", "{\"TopicArn\":\"" TOPIC "news\"}", NULL) == 0, "delete topic");
    sns_backend.reset();
    sqs_backend.reset();
    proto_error_clear(&harness_err);
    return test_summary("sns");
}
