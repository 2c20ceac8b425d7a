/* DynamoDB's state saved and loaded back: tables with every setting, items, indexes, streams
 * and backups answer every read exactly as before; bad records are refused and leave the
 * running state as it was. */
#include <stdlib.h>
#include <string.h>

#include "../../services/core/backend.h"
#include "check.h"
#include "operation_harness.h"
#include "state_double.h"

extern const struct service_backend dynamodb_backend;
extern const struct service_backend dynamodbstreams_backend;
extern const struct service_backend kinesis_backend;

#define ACCOUNT_A "123456789012"
#define ACCOUNT_B "210987654321"

static void use_route(const char *account, const char *region)
{
    snprintf(harness_route.account, sizeof harness_route.account, "%s", account);
    snprintf(harness_route.region, sizeof harness_route.region, "%s", region);
}

static void must(const struct service_backend *b, const char *op, const char *json)
{
    int rc = call_op(b, op, json, NULL);
    CHECK(rc == 0, "%s failed: %s %s", op, harness_err.code, harness_err.message);
}

static void fill(void)
{
    use_route(ACCOUNT_A, "us-east-1");
    must(&dynamodb_backend, "CreateTable",
         "{\"TableName\":\"music\",\"BillingMode\":\"PROVISIONED\","
         "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":7},"
         "\"AttributeDefinitions\":[{\"AttributeName\":\"artist\",\"AttributeType\":\"S\"},"
         "{\"AttributeName\":\"song\",\"AttributeType\":\"S\"},"
         "{\"AttributeName\":\"year\",\"AttributeType\":\"N\"},"
         "{\"AttributeName\":\"genre\",\"AttributeType\":\"S\"}],"
         "\"KeySchema\":[{\"AttributeName\":\"artist\",\"KeyType\":\"HASH\"},"
         "{\"AttributeName\":\"song\",\"KeyType\":\"RANGE\"}],"
         "\"LocalSecondaryIndexes\":[{\"IndexName\":\"by_year\",\"KeySchema\":["
         "{\"AttributeName\":\"artist\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"year\","
         "\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}}],"
         "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"by_genre\",\"KeySchema\":["
         "{\"AttributeName\":\"genre\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"year\","
         "\"KeyType\":\"RANGE\"}],"
         "\"Projection\":{\"ProjectionType\":\"INCLUDE\",\"NonKeyAttributes\":[\"album\"]},"
         "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":3,\"WriteCapacityUnits\":4}}],"
         "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":"
         "\"NEW_AND_OLD_IMAGES\"},"
         "\"SSESpecification\":{\"Enabled\":true,\"SSEType\":\"KMS\"},"
         "\"TableClass\":\"STANDARD_INFREQUENT_ACCESS\",\"DeletionProtectionEnabled\":true,"
         "\"Tags\":[{\"Key\":\"team\",\"Value\":\"a\"},{\"Key\":\"env\",\"Value\":\"test\"}]}");
    must(&kinesis_backend, "CreateStream", "{\"StreamName\":\"changes\",\"ShardCount\":1}");
    must(&dynamodb_backend, "EnableKinesisStreamingDestination",
         "{\"TableName\":\"music\",\"StreamArn\":"
         "\"arn:aws:kinesis:us-east-1:" ACCOUNT_A ":stream/changes\","
         "\"EnableKinesisStreamingConfiguration\":{\"ApproximateCreationDateTimePrecision\":"
         "\"MICROSECOND\"}}");
    for (int i = 0; i < 240; i++) {
        char genre[64] = "";
        if (i % 2 == 0)
            snprintf(genre, sizeof genre, ",\"genre\":{\"S\":\"g%d\"}", i % 3);
        must(&dynamodb_backend, "PutItem",
             fmt_json("{\"TableName\":\"music\",\"Item\":{\"artist\":{\"S\":\"a%d\"},"
                      "\"song\":{\"S\":\"s%03d\"},\"year\":{\"N\":\"19%02d.50\"}%s,"
                      "\"album\":{\"S\":\"al%d\"},\"cover\":{\"B\":\"AAEC/w==\"},"
                      "\"plays\":{\"NS\":[\"1e3\",\"0.000123456789012345678901234567890123\"]},"
                      "\"meta\":{\"M\":{\"l\":{\"L\":[{\"NULL\":true},{\"BOOL\":false},"
                      "{\"BS\":[\"AQ==\"]}]}}},\"expires\":{\"N\":\"4102444800\"}}}",
                      i % 5, i, i % 100, genre, i % 7));
    }
    must(&dynamodb_backend, "UpdateItem",
         "{\"TableName\":\"music\",\"Key\":{\"artist\":{\"S\":\"a1\"},\"song\":{\"S\":\"s001\"}},"
         "\"UpdateExpression\":\"SET album = :a ADD #y :one\","
         "\"ExpressionAttributeNames\":{\"#y\":\"year\"},"
         "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"changed\"},\":one\":{\"N\":\"1\"}}}");
    must(&dynamodb_backend, "DeleteItem",
         "{\"TableName\":\"music\",\"Key\":{\"artist\":{\"S\":\"a2\"},\"song\":{\"S\":\"s002\"}}}");
    must(&dynamodb_backend, "UpdateTimeToLive",
         "{\"TableName\":\"music\",\"TimeToLiveSpecification\":{\"Enabled\":true,"
         "\"AttributeName\":\"expires\"}}");
    must(&dynamodb_backend, "UpdateContinuousBackups",
         "{\"TableName\":\"music\",\"PointInTimeRecoverySpecification\":"
         "{\"PointInTimeRecoveryEnabled\":true}}");
    must(&dynamodb_backend, "CreateBackup", "{\"TableName\":\"music\",\"BackupName\":\"first\"}");
    must(&dynamodb_backend, "PutItem",
         "{\"TableName\":\"music\",\"Item\":{\"artist\":{\"S\":\"a9\"},\"song\":{\"S\":\"late\"},"
         "\"year\":{\"N\":\"-0.5\"}}}");

    must(&dynamodb_backend, "CreateTable",
         "{\"TableName\":\"plain\",\"BillingMode\":\"PAY_PER_REQUEST\","
         "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"N\"}],"
         "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
         "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"KEYS_ONLY\"}}");
    must(&dynamodb_backend, "TransactWriteItems",
         "{\"ClientRequestToken\":\"token-1\",\"TransactItems\":[{\"Put\":{\"TableName\":"
         "\"plain\",\"Item\":{\"id\":{\"N\":\"1\"},\"v\":{\"S\":\"x\"}}}},"
         "{\"Put\":{\"TableName\":\"plain\",\"Item\":{\"id\":{\"N\":\"-2.25\"}}}}]}");
    must(&dynamodb_backend, "UpdateTable",
         "{\"TableName\":\"plain\",\"StreamSpecification\":{\"StreamEnabled\":false}}");
    must(&dynamodb_backend, "CreateBackup", "{\"TableName\":\"plain\",\"BackupName\":\"second\"}");

    use_route(ACCOUNT_B, "eu-west-1");
    must(&dynamodb_backend, "CreateTable",
         "{\"TableName\":\"other\",\"BillingMode\":\"PAY_PER_REQUEST\","
         "\"AttributeDefinitions\":[{\"AttributeName\":\"k\",\"AttributeType\":\"B\"}],"
         "\"KeySchema\":[{\"AttributeName\":\"k\",\"KeyType\":\"HASH\"}]}");
    must(&dynamodb_backend, "PutItem",
         "{\"TableName\":\"other\",\"Item\":{\"k\":{\"B\":\"3q2+7w==\"}}}");
}

/* The answer of op, with its error if it failed; what differs from call to call is left out. */
static void answer(cJSON *answers, const struct service_backend *b, const char *op,
                   const char *json)
{
    cJSON *out = NULL;
    int rc = call_op(b, op, json, &out);
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "op", op);
    cJSON_AddStringToObject(entry, "params", json);
    if (rc != 0)
        cJSON_AddStringToObject(entry, "error", harness_err.code);
    cJSON *pitr = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(out, "ContinuousBackupsDescription"),
        "PointInTimeRecoveryDescription");
    cJSON_DeleteItemFromObjectCaseSensitive(pitr, "LatestRestorableDateTime");
    cJSON_AddItemToObject(entry, "out", out);
    cJSON_AddItemToArray(answers, entry);
}

/* Pages through op (Query or Scan) with Limit, recording every page. */
static void pages(cJSON *answers, const char *op, const char *params_without_brace)
{
    char *start = NULL;
    for (int page = 0; page < 100; page++) {
        char json[4096];
        snprintf(json, sizeof json, "{%s,\"Limit\":7%s%s}", params_without_brace,
                 start ? ",\"ExclusiveStartKey\":" : "", start ? start : "");
        free(start);
        start = NULL;
        answer(answers, &dynamodb_backend, op, json);
        const cJSON *out = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
                                                                answers,
                                                                cJSON_GetArraySize(answers) - 1),
                                                            "out");
        const cJSON *last = cJSON_GetObjectItemCaseSensitive(out, "LastEvaluatedKey");
        if (!last)
            return;
        start = cJSON_PrintUnformatted(last);
    }
    free(start);
}

static char *all_answers(void)
{
    cJSON *answers = cJSON_CreateArray();
    use_route(ACCOUNT_A, "us-east-1");
    answer(answers, &dynamodb_backend, "ListTables", "{}");
    answer(answers, &dynamodb_backend, "DescribeTable", "{\"TableName\":\"music\"}");
    answer(answers, &dynamodb_backend, "DescribeTable", "{\"TableName\":\"plain\"}");
    pages(answers, "Query",
          "\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a\","
          "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a1\"}}");
    pages(answers, "Query",
          "\"TableName\":\"music\",\"IndexName\":\"by_genre\",\"KeyConditionExpression\":"
          "\"genre = :g AND #y > :y\",\"ExpressionAttributeNames\":{\"#y\":\"year\"},"
          "\"ExpressionAttributeValues\":{\":g\":{\"S\":\"g1\"},\":y\":{\"N\":\"1910\"}},"
          "\"ScanIndexForward\":false");
    pages(answers, "Query",
          "\"TableName\":\"music\",\"IndexName\":\"by_year\",\"KeyConditionExpression\":"
          "\"artist = :a\",\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a3\"}}");
    pages(answers, "Scan", "\"TableName\":\"music\"");
    pages(answers, "Scan", "\"TableName\":\"music\",\"IndexName\":\"by_genre\"");
    answer(answers, &dynamodb_backend, "GetItem",
           "{\"TableName\":\"music\",\"Key\":{\"artist\":{\"S\":\"a1\"},\"song\":{\"S\":\"s001\"}}}");
    answer(answers, &dynamodb_backend, "GetItem",
           "{\"TableName\":\"plain\",\"Key\":{\"id\":{\"N\":\"-2.25\"}}}");
    answer(answers, &dynamodb_backend, "DescribeTimeToLive", "{\"TableName\":\"music\"}");
    answer(answers, &dynamodb_backend, "DescribeContinuousBackups", "{\"TableName\":\"music\"}");
    answer(answers, &dynamodb_backend, "ListTagsOfResource",
           "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:" ACCOUNT_A ":table/music\"}");
    answer(answers, &dynamodb_backend, "ListBackups", "{}");
    cJSON *backups = NULL;
    call_op(&dynamodb_backend, "ListBackups", "{}", &backups);
    const cJSON *summary;
    cJSON_ArrayForEach(summary, cJSON_GetObjectItemCaseSensitive(backups, "BackupSummaries"))
    {
        answer(answers, &dynamodb_backend, "DescribeBackup",
               fmt_json("{\"BackupArn\":\"%s\"}", str_at(summary, "BackupArn")));
    }
    cJSON_Delete(backups);
    /* a repeated transaction with the same token is answered, not applied again */
    answer(answers, &dynamodb_backend, "TransactWriteItems",
           "{\"ClientRequestToken\":\"token-1\",\"TransactItems\":[{\"Put\":{\"TableName\":"
           "\"plain\",\"Item\":{\"id\":{\"N\":\"1\"},\"v\":{\"S\":\"other\"}}}}]}");
    answer(answers, &dynamodb_backend, "DescribeKinesisStreamingDestination",
           "{\"TableName\":\"music\"}");
    answer(answers, &dynamodbstreams_backend, "ListStreams", "{}");
    cJSON *streams = NULL;
    call_op(&dynamodbstreams_backend, "ListStreams", "{}", &streams);
    const cJSON *stream;
    cJSON_ArrayForEach(stream, cJSON_GetObjectItemCaseSensitive(streams, "Streams"))
    {
        const char *arn = str_at(stream, "StreamArn");
        answer(answers, &dynamodbstreams_backend, "DescribeStream",
               fmt_json("{\"StreamArn\":\"%s\"}", arn));
        cJSON *described = NULL;
        call_op(&dynamodbstreams_backend, "DescribeStream", fmt_json("{\"StreamArn\":\"%s\"}", arn),
                &described);
        cJSON *iterator = NULL;
        call_op(&dynamodbstreams_backend, "GetShardIterator",
                fmt_json("{\"StreamArn\":\"%s\",\"ShardId\":\"%s\",\"ShardIteratorType\":"
                         "\"TRIM_HORIZON\"}",
                         arn, str_at(described, "StreamDescription.Shards.0.ShardId")),
                &iterator);
        answer(answers, &dynamodbstreams_backend, "GetRecords",
               fmt_json("{\"ShardIterator\":\"%s\"}", str_at(iterator, "ShardIterator")));
        cJSON_Delete(described);
        cJSON_Delete(iterator);
    }
    cJSON_Delete(streams);
    use_route(ACCOUNT_B, "eu-west-1");
    answer(answers, &dynamodb_backend, "DescribeTable", "{\"TableName\":\"other\"}");
    answer(answers, &dynamodb_backend, "Scan", "{\"TableName\":\"other\"}");
    use_route(ACCOUNT_A, "us-east-1");
    cJSON_AddItemToArray(answers, dynamodb_backend.state_json());
    char *text = cJSON_Print(answers);
    cJSON_Delete(answers);
    return text;
}

/* Where two texts first differ, for a readable failure. */
static void check_same(const char *before, const char *after, const char *what)
{
    size_t i = 0;
    while (before[i] && before[i] == after[i])
        i++;
    CHECK(before[i] == after[i], "%s differs at %zu: before …%.200s… after …%.200s…", what, i,
          before + (i > 80 ? i - 80 : 0), after + (i > 80 ? i - 80 : 0));
}

static size_t count_type(const cJSON *records, const char *type)
{
    size_t n = 0;
    const cJSON *rec;
    cJSON_ArrayForEach(rec, records)
    {
        if (strcmp(str_at(rec, "type"), type) == 0)
            n++;
    }
    return n;
}

static void test_round_trip(struct state_double *d)
{
    fill();
    char *before = all_answers();
    CHECK(state_double_save(d, dynamodb_backend.persistence) == 0, "save");
    CHECK(count_type(d->records, "item") == 240 + 239 + 2 + 2 + 1,
          "one record per item (tables and backups): %zu", count_type(d->records, "item"));
    CHECK(count_type(d->records, "table") == 3, "tables");
    CHECK(count_type(d->records, "backup") == 2, "backups");
    CHECK(count_type(d->records, "stream") == 2, "streams");
    CHECK(count_type(d->records, "kinesis_destinations") == 1, "Kinesis destinations");
    CHECK(count_type(d->records, "stream_record") == 240 + 2 + 1 + 2, "stream records: %zu",
          count_type(d->records, "stream_record"));
    /* the streams API keeps nothing of its own */
    struct state_double streams;
    state_double_init(&streams);
    CHECK(state_double_save(&streams, dynamodbstreams_backend.persistence) == 0 &&
              cJSON_GetArraySize(streams.records) == 0,
          "streams save nothing");
    state_double_free(&streams);

    dynamodb_backend.reset();
    char *empty = all_answers();
    CHECK(strcmp(empty, before) != 0, "reset changes the answers");
    free(empty);
    dynamodb_backend.reset();
    CHECK(state_double_load(d, dynamodb_backend.persistence) == 0, "load: %s", d->refusal);
    char *after = all_answers();
    check_same(before, after, "answers after a load");
    free(after);

    /* a second generation: save what was loaded, load it again */
    cJSON *first = cJSON_Duplicate(d->records, true);
    CHECK(state_double_save(d, dynamodb_backend.persistence) == 0, "save again");
    char *first_text = cJSON_PrintUnformatted(first), *second_text =
                                                          cJSON_PrintUnformatted(d->records);
    check_same(first_text, second_text, "records saved after a load");
    free(first_text);
    free(second_text);
    cJSON_Delete(first);
    free(before);
}

/* Loads records with one record changed; the load must be refused with message and leave the
 * state that ran before. */
static void expect_refusal(struct state_double *d, int index, const char *member,
                           cJSON *replacement, const char *message)
{
    char *before = all_answers();
    cJSON *records = cJSON_Duplicate(d->records, true);
    cJSON *rec = cJSON_GetArrayItem(records, index);
    if (replacement)
        cJSON_ReplaceItemInObjectCaseSensitive(rec, member, replacement);
    else
        cJSON_DeleteItemFromObjectCaseSensitive(rec, member);
    CHECK(state_double_load_records(d, dynamodb_backend.persistence, records) == -1,
          "refused without %s", member);
    CHECK(strstr(d->refusal, message) != NULL, "refusal '%s' names '%s'", d->refusal, message);
    char *after = all_answers();
    check_same(before, after, "answers after a refused load");
    free(after);
    free(before);
    cJSON_Delete(records);
}

static int index_of(const cJSON *records, const char *type, int nth)
{
    int i = 0;
    const cJSON *rec;
    cJSON_ArrayForEach(rec, records)
    {
        if (strcmp(str_at(rec, "type"), type) == 0 && nth-- == 0)
            return i;
        i++;
    }
    return -1;
}

static void test_refusals(struct state_double *d)
{
    int table = index_of(d->records, "table", 0), item = index_of(d->records, "item", 3);
    int stream_record = index_of(d->records, "stream_record", 5);
    expect_refusal(d, table, "name", NULL, "table without a name");
    expect_refusal(d, table, "key", NULL, "without a valid key schema");
    expect_refusal(d, item, "attrs", NULL, "item record without attrs");
    expect_refusal(d, item, "attrs", cJSON_Parse("{\"artist\":{\"S\":\"x\"}}"),
                   "lacks the table's key attributes");
    expect_refusal(d, item, "attrs",
                   cJSON_Parse("{\"artist\":{\"S\":\"x\"},\"song\":{\"S\":\"y\"},"
                               "\"n\":{\"N\":\"12abc\"}}"),
                   "item of table music");
    expect_refusal(d, index_of(d->records, "item", 4), "attrs",
                   cJSON_Duplicate(cJSON_GetObjectItem(cJSON_GetArrayItem(d->records, item),
                                                       "attrs"),
                                   true),
                   "appears twice");
    cJSON *record = cJSON_Duplicate(
        cJSON_GetObjectItem(cJSON_GetArrayItem(d->records, stream_record), "record"), true);
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(record, "dynamodb"), "SequenceNumber",
                              cJSON_CreateString("000000000000000000999"));
    expect_refusal(d, stream_record, "record", record, "out of sequence");
    expect_refusal(d, index_of(d->records, "backup", 0), "snapshot", NULL, "without a snapshot");
    expect_refusal(d, 0, "type", cJSON_CreateString("mystery"), "unknown record type mystery");
    expect_refusal(d, index_of(d->records, "kinesis_destinations", 0), "destinations",
                   cJSON_Parse("[{\"StreamArn\":1}]"), "malformed Kinesis destinations");

    /* an item before any table */
    cJSON *records = cJSON_CreateArray();
    cJSON_AddItemToArray(records, cJSON_Parse("{\"type\":\"item\",\"attrs\":{}}"));
    CHECK(state_double_load_records(d, dynamodb_backend.persistence, records) == -1 &&
              strstr(d->refusal, "before any table") != NULL,
          "item first: %s", d->refusal);
    cJSON_Delete(records);

    /* unknown members are ignored */
    records = cJSON_Duplicate(d->records, true);
    const cJSON *rec;
    cJSON_ArrayForEach(rec, records) cJSON_AddStringToObject((cJSON *)rec, "future", "x");
    char *before = all_answers();
    CHECK(state_double_load_records(d, dynamodb_backend.persistence, records) == 0,
          "unknown members: %s", d->refusal);
    char *after = all_answers();
    check_same(before, after, "answers after a load with unknown members");
    free(before);
    free(after);
    cJSON_Delete(records);
}

/* Detach empties the service, attach brings back exactly what ran. */
static void test_detach_attach(void)
{
    const struct service_persistence *p = dynamodb_backend.persistence;
    char *before = all_answers();
    void *detached = persistence_detach(p);
    cJSON *state = dynamodb_backend.state_json();
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(state, "tables")) == 0, "detached: no tables");
    cJSON_Delete(state);
    use_route(ACCOUNT_A, "us-east-1");
    must(&dynamodb_backend, "CreateTable",
         "{\"TableName\":\"interim\",\"BillingMode\":\"PAY_PER_REQUEST\","
         "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
         "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}]}");
    persistence_attach(p, detached);
    char *after = all_answers();
    check_same(before, after, "answers after detach and attach");
    free(before);
    free(after);
    persistence_discard(p, persistence_detach(p));
    state = dynamodb_backend.state_json();
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(state, "tables")) == 0, "discarded");
    cJSON_Delete(state);
}

int main(void)
{
    struct state_double d;
    state_double_init(&d);
    test_round_trip(&d);
    test_refusals(&d);
    test_detach_attach();
    dynamodb_backend.reset();
    state_double_free(&d);
    return test_summary("dynamodb_persist");
}
