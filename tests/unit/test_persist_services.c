/* STS, SQS and SNS through a save and a load: the state loaded saves exactly as it was saved
 * (every record, in order), and what operations answer is the same before and after. */
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../../services/core/persist_store.h"
#include "../../services/sns/sns.h"
#include "../../services/sqs/sqs.h"
#include "../../services/sts/sts.h"
#include "check.h"
#include "operation_harness.h"

#define URL "https://sqs.us-east-1.amazonaws.com/123456789012/"
#define QUEUE_ARN "arn:aws:sqs:us-east-1:123456789012:"
#define TOPIC "arn:aws:sns:us-east-1:123456789012:"

static char err[1024];

static void op(const struct service_backend *b, const char *name, const char *json)
{
    int rc = call_op(b, name, json, NULL);
    CHECK(rc == 0, "%s %s: %s", name, json, harness_err.message);
}

static char *op_string(const struct service_backend *b, const char *name, const char *json,
                       const char *path)
{
    cJSON *out = NULL;
    int rc = call_op(b, name, json, &out);
    CHECK(rc == 0, "%s: %s", name, harness_err.message);
    const char *v = str_at(out, path);
    char *copy = xstrdup(v ? v : "");
    cJSON_Delete(out);
    return copy;
}

static void fill_sqs(void)
{
    op(&sqs_backend, "CreateQueue", "{\"QueueName\":\"dlq\"}");
    op(&sqs_backend, "CreateQueue",
       "{\"QueueName\":\"jobs\",\"Attributes\":{\"VisibilityTimeout\":\"600\",\"RedrivePolicy\":"
       "\"{\\\"deadLetterTargetArn\\\":\\\"" QUEUE_ARN "dlq\\\",\\\"maxReceiveCount\\\":1}\"},"
       "\"tags\":{\"team\":\"core\"}}");
    op(&sqs_backend, "AddPermission",
       "{\"QueueUrl\":\"" URL "jobs\",\"Label\":\"l\",\"AWSAccountIds\":[\"111122223333\"],"
       "\"Actions\":[\"SendMessage\"]}");
    for (int i = 0; i < 5; i++)
        op(&sqs_backend, "SendMessage",
           fmt_json("{\"QueueUrl\":\"" URL "jobs\",\"MessageBody\":\"job %d \\u00e9\\n\","
                    "\"MessageAttributes\":{\"n\":{\"DataType\":\"Number\",\"StringValue\":\"%d\"},"
                    "\"b\":{\"DataType\":\"Binary\",\"BinaryValue\":\"AAEC\"}}}",
                    i, i));
    op(&sqs_backend, "SendMessage",
       "{\"QueueUrl\":\"" URL "jobs\",\"MessageBody\":\"later\",\"DelaySeconds\":900}");
    op(&sqs_backend, "ReceiveMessage",
       "{\"QueueUrl\":\"" URL "jobs\",\"MaxNumberOfMessages\":2}");
    op(&sqs_backend, "ReceiveMessage",
       "{\"QueueUrl\":\"" URL "jobs\",\"MaxNumberOfMessages\":1,\"VisibilityTimeout\":0}");
    op(&sqs_backend, "ReceiveMessage", "{\"QueueUrl\":\"" URL "jobs\",\"MaxNumberOfMessages\":1}");
    op(&sqs_backend, "StartMessageMoveTask", "{\"SourceArn\":\"" QUEUE_ARN "dlq\"}");
    op(&sqs_backend, "CreateQueue",
       "{\"QueueName\":\"o.fifo\",\"Attributes\":{\"FifoQueue\":\"true\","
       "\"ContentBasedDeduplication\":\"true\",\"DeduplicationScope\":\"messageGroup\"}}");
    op(&sqs_backend, "SendMessage",
       "{\"QueueUrl\":\"" URL "o.fifo\",\"MessageBody\":\"a\",\"MessageGroupId\":\"g\"}");
    op(&sqs_backend, "SendMessage",
       "{\"QueueUrl\":\"" URL "o.fifo\",\"MessageBody\":\"b\",\"MessageGroupId\":\"h\","
       "\"MessageDeduplicationId\":\"d\"}");
}

static void fill_sns(void)
{
    op(&sns_backend, "CreateTopic",
       "{\"Name\":\"news\",\"Attributes\":{\"DisplayName\":\"N\"},"
       "\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
    op(&sns_backend, "PutDataProtectionPolicy",
       "{\"ResourceArn\":\"" TOPIC "news\",\"DataProtectionPolicy\":\"{\\\"Name\\\":\\\"p\\\"}\"}");
    op(&sns_backend, "Subscribe",
       "{\"TopicArn\":\"" TOPIC "news\",\"Protocol\":\"sqs\",\"Endpoint\":\"" QUEUE_ARN "jobs\","
       "\"Attributes\":{\"FilterPolicy\":\"{\\\"k\\\":[\\\"a\\\"]}\",\"RawMessageDelivery\":\"true\"}}");
    op(&sns_backend, "Subscribe",
       "{\"TopicArn\":\"" TOPIC "news\",\"Protocol\":\"email\",\"Endpoint\":\"a@example.com\"}");
    op(&sns_backend, "CreateTopic",
       "{\"Name\":\"f.fifo\",\"Attributes\":{\"FifoTopic\":\"true\"}}");
    op(&sns_backend, "Publish",
       "{\"TopicArn\":\"" TOPIC "f.fifo\",\"Message\":\"m\",\"MessageGroupId\":\"g\","
       "\"MessageDeduplicationId\":\"d\"}");
    char *app = op_string(&sns_backend, "CreatePlatformApplication",
                          "{\"Name\":\"app\",\"Platform\":\"GCM\",\"Attributes\":"
                          "{\"PlatformCredential\":\"k\"}}",
                          "PlatformApplicationArn");
    char *endpoint = op_string(&sns_backend, "CreatePlatformEndpoint",
                               fmt_json("{\"PlatformApplicationArn\":\"%s\",\"Token\":\"t\"}", app),
                               "EndpointArn");
    op(&sns_backend, "Publish", fmt_json("{\"TargetArn\":\"%s\",\"Message\":\"push\"}", endpoint));
    op(&sns_backend, "SetSMSAttributes", "{\"attributes\":{\"DefaultSMSType\":\"Promotional\"}}");
    op(&sns_backend, "CreateSMSSandboxPhoneNumber", "{\"PhoneNumber\":\"+15555550100\"}");
    op(&sns_backend, "Publish", "{\"PhoneNumber\":\"+15555550101\",\"Message\":\"sms\"}");
    free(app);
    free(endpoint);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return type == FTW_DP ? rmdir(path) : unlink(path);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The records of service in the save at dir, one string per line. Deduplication records come
 * from hash maps, whose order depends on their history: they are compared sorted, and the
 * expiries SNS converts between clocks may move by a millisecond, so those are dropped. */
static cJSON *records(const char *dir, const char *service)
{
    char current[600], generation[64] = "", path[700];
    snprintf(current, sizeof current, "%s/CURRENT", dir);
    FILE *f = fopen(current, "r");
    if (f) {
        if (!fgets(generation, sizeof generation, f))
            generation[0] = '\0';
        fclose(f);
    }
    generation[strcspn(generation, "\n")] = '\0';
    snprintf(path, sizeof path, "%s/%s/%s.records", dir, generation, service);
    cJSON *lines = cJSON_CreateArray();
    f = fopen(path, "r");
    CHECK(f != NULL, "open %s", path);
    char *line = NULL, **unordered = NULL;
    size_t cap = 0, n_unordered = 0;
    ssize_t n;
    while (f && (n = getline(&line, &cap, f)) > 0) {
        if (n < 11 || line[9] != 'R')
            continue;
        cJSON *record = cJSON_Parse(line + 11);
        const char *kind = str_at(record, "kind");
        if (kind && strcmp(kind, "topic_deduplication") == 0)
            cJSON_DeleteItemFromObject(record, "expires_ms");
        char *text = cJSON_PrintUnformatted(record);
        if (kind && strstr(kind, "deduplication")) {
            unordered = xrealloc(unordered, (n_unordered + 1) * sizeof *unordered);
            unordered[n_unordered++] = text;
        } else {
            cJSON_AddItemToArray(lines, cJSON_CreateString(text));
            free(text);
        }
        cJSON_Delete(record);
    }
    if (n_unordered)
        qsort(unordered, n_unordered, sizeof *unordered, compare_strings);
    for (size_t i = 0; i < n_unordered; i++) {
        cJSON_AddItemToArray(lines, cJSON_CreateString(unordered[i]));
        free(unordered[i]);
    }
    free(unordered);
    free(line);
    if (f)
        fclose(f);
    return lines;
}

static cJSON *observe(void)
{
    cJSON *all = cJSON_CreateObject(), *out;
    static const struct {
        const struct service_backend *b;
        const char *op, *json;
    } reads[] = {
        {&sqs_backend, "GetQueueAttributes",
         "{\"QueueUrl\":\"" URL "jobs\",\"AttributeNames\":[\"All\"]}"},
        {&sqs_backend, "ListQueueTags", "{\"QueueUrl\":\"" URL "jobs\"}"},
        {&sqs_backend, "ListMessageMoveTasks", "{\"SourceArn\":\"" QUEUE_ARN "dlq\"}"},
        {&sns_backend, "ListSubscriptions", "{}"},
        {&sns_backend, "GetTopicAttributes", "{\"TopicArn\":\"" TOPIC "news\"}"},
        {&sns_backend, "GetSMSAttributes", "{}"},
        {&sts_backend, "GetCallerIdentity", "{}"},
    };
    for (size_t i = 0; i < sizeof reads / sizeof *reads; i++) {
        CHECK(call_op(reads[i].b, reads[i].op, reads[i].json, &out) == 0, "%s: %s", reads[i].op,
              harness_err.message);
        cJSON_AddItemToObject(all, reads[i].op, out);
    }
    return all;
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    char scratch[256], first[300], second[300];
    snprintf(scratch, sizeof scratch, "%s/motoc-persist-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch))
        return 1;
    snprintf(first, sizeof first, "%s/first", scratch);
    snprintf(second, sizeof second, "%s/second", scratch);

    char *key = op_string(&sts_backend, "AssumeRole",
                          "{\"RoleArn\":\"arn:aws:iam::111122223333:role/R\","
                          "\"RoleSessionName\":\"s1\"}",
                          "Credentials.AccessKeyId");
    fill_sqs();
    fill_sns();
    snprintf(harness_route.access_key, sizeof harness_route.access_key, "%s", key);
    cJSON *before = observe();

    CHECK(persist_save_all(first, err, sizeof err) == 0, "save: %s", err);
    backends_reset_all();
    CHECK(persist_load_all(first, err, sizeof err) == PERSIST_LOADED, "load: %s", err);
    CHECK(persist_save_all(second, err, sizeof err) == 0, "save again: %s", err);

    static const char *const services[] = {"sts", "sqs", "sns"};
    for (size_t i = 0; i < sizeof services / sizeof *services; i++) {
        cJSON *a = records(first, services[i]), *b = records(second, services[i]);
        CHECK(cJSON_GetArraySize(a) > 0, "%s saved records", services[i]);
        CHECK(cJSON_Compare(a, b, true), "%s saves again as it was saved", services[i]);
        if (!cJSON_Compare(a, b, true)) {
            for (int j = 0; j < cJSON_GetArraySize(a) || j < cJSON_GetArraySize(b); j++) {
                const char *x = cJSON_GetStringValue(cJSON_GetArrayItem(a, j));
                const char *y = cJSON_GetStringValue(cJSON_GetArrayItem(b, j));
                if (!x || !y || strcmp(x, y) != 0)
                    fprintf(stderr, "  first:  %s\n  second: %s\n", x ? x : "-", y ? y : "-");
            }
        }
        cJSON_Delete(a);
        cJSON_Delete(b);
    }
    cJSON *after = observe();
    CHECK(cJSON_Compare(before, after, true), "the same answers after the load");
    CHECK_STR(str_at(after, "GetCallerIdentity.Account"), "111122223333",
              "the issued key acts in its role's account");

    cJSON_Delete(before);
    cJSON_Delete(after);
    free(key);
    backends_reset_all();
    nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return test_summary("persist_services");
}
