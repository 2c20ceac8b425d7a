/* DynamoDB's and DynamoDB Streams' operations called directly with params trees, as the core
 * calls them after decoding and validating a request. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/core/backend.h"
#include "../../services/dynamodb/ops.h"
#include "../../services/dynamodb/table.h"
#include "check.h"

static struct route route;
static struct proto_error last_error;
static cJSON *last_out;

/* Runs op on the JSON params; returns the result tree (owned by this file) or NULL on error. */
static cJSON *run(operation_fn op, const char *params_json)
{
    cJSON *in = cJSON_Parse(params_json);
    if (!in) {
        fprintf(stderr, "bad test JSON: %s\n", params_json);
        abort();
    }
    proto_error_clear(&last_error);
    memset(&last_error, 0, sizeof last_error);
    cJSON_Delete(last_out);
    last_out = cJSON_CreateObject();
    struct call c = {0};
    c.route = &route;
    c.err = &last_error;
    c.request_id = "test";
    int rc = op(&c, in, last_out);
    cJSON_Delete(in);
    return rc == 0 ? last_out : NULL;
}

static const char *error_code(void)
{
    return last_error.code;
}

static const char *error_message(void)
{
    return last_error.message;
}

#define EXPECT_ERROR(result, code, message)                                                        \
    do {                                                                                           \
        CHECK((result) == NULL, "expected %s", code);                                              \
        CHECK_STR(error_code(), code, "code");                                                     \
        CHECK_STR(error_message(), message, "message");                                            \
    } while (0)

static const char *string_at(const cJSON *root, const char *path)
{
    /* "a.b.0.c" */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = root;
    for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, "."))
        cur = (*tok >= '0' && *tok <= '9') ? cJSON_GetArrayItem(cur, atoi(tok))
                                           : cJSON_GetObjectItemCaseSensitive(cur, tok);
    return cJSON_IsString(cur) ? cur->valuestring : NULL;
}

static double number_at(const cJSON *root, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static void create_tables(void)
{
    cJSON *out =
        run(ddb_create_table,
            "{\"TableName\":\"music\",\"BillingMode\":\"PAY_PER_REQUEST\","
            "\"AttributeDefinitions\":[{\"AttributeName\":\"artist\",\"AttributeType\":\"S\"},"
            "{\"AttributeName\":\"song\",\"AttributeType\":\"S\"},"
            "{\"AttributeName\":\"year\",\"AttributeType\":\"N\"},"
            "{\"AttributeName\":\"genre\",\"AttributeType\":\"S\"}],"
            "\"KeySchema\":[{\"AttributeName\":\"artist\",\"KeyType\":\"HASH\"},"
            "{\"AttributeName\":\"song\",\"KeyType\":\"RANGE\"}],"
            "\"LocalSecondaryIndexes\":[{\"IndexName\":\"by_year\",\"KeySchema\":["
            "{\"AttributeName\":\"artist\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"year\","
            "\"KeyType\":\"RANGE\"}],"
            "\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}}],"
            "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"by_genre\",\"KeySchema\":["
            "{\"AttributeName\":\"genre\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"year\","
            "\"KeyType\":\"RANGE\"}],"
            "\"Projection\":{\"ProjectionType\":\"INCLUDE\",\"NonKeyAttributes\":[\"plays\"]}}],"
            "\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_AND_OLD_"
            "IMAGES\"},"
            "\"Tags\":[{\"Key\":\"team\",\"Value\":\"a\"}]}");
    CHECK(out != NULL, "create music: %s", error_message());
    CHECK_STR(string_at(out, "TableDescription.TableArn"),
              "arn:aws:dynamodb:us-east-1:123456789012:table/music", "arn");
    CHECK_STR(string_at(out, "TableDescription.TableStatus"), "ACTIVE", "status");
    CHECK_STR(string_at(out, "TableDescription.GlobalSecondaryIndexes.0.IndexArn"),
              "arn:aws:dynamodb:us-east-1:123456789012:table/music/index/by_genre", "index arn");
    CHECK(string_at(out, "TableDescription.LatestStreamArn") != NULL, "stream arn");

    EXPECT_ERROR(run(ddb_create_table,
                     "{\"TableName\":\"music\",\"BillingMode\":\"PAY_PER_REQUEST\","
                     "\"AttributeDefinitions\":[{\"AttributeName\":\"a\",\"AttributeType\":\"S\"}],"
                     "\"KeySchema\":[{\"AttributeName\":\"a\",\"KeyType\":\"HASH\"}]}"),
                 "ResourceInUseException", "Table already exists: music");
    EXPECT_ERROR(
        run(ddb_create_table, "{\"TableName\":\"xyz\",\"AttributeDefinitions\":[{\"AttributeName\":"
                              "\"a\",\"AttributeType\":\"S\"}],"
                              "\"KeySchema\":[{\"AttributeName\":\"a\",\"KeyType\":\"HASH\"}]}"),
        "ValidationException",
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must "
        "both be specified when BillingMode is PROVISIONED");
    EXPECT_ERROR(
        run(ddb_create_table,
            "{\"TableName\":\"xyz\",\"BillingMode\":\"PAY_PER_REQUEST\","
            "\"AttributeDefinitions\":[{\"AttributeName\":\"a\",\"AttributeType\":\"S\"},"
            "{\"AttributeName\":\"b\",\"AttributeType\":\"S\"}],"
            "\"KeySchema\":[{\"AttributeName\":\"a\",\"KeyType\":\"HASH\"}]}"),
        "ValidationException",
        "One or more parameter values were invalid: Number of attributes in KeySchema does not "
        "exactly match number of attributes defined in AttributeDefinitions");
    EXPECT_ERROR(
        run(ddb_create_table,
            "{\"TableName\":\"xyz\",\"BillingMode\":\"PAY_PER_REQUEST\","
            "\"AttributeDefinitions\":[{\"AttributeName\":\"a\",\"AttributeType\":\"S\"}],"
            "\"KeySchema\":[{\"AttributeName\":\"b\",\"KeyType\":\"HASH\"}]}"),
        "ValidationException",
        "One or more parameter values were invalid: Some index key attributes are not defined in "
        "AttributeDefinitions. Keys: [b], AttributeDefinitions: [a]");
    out = run(ddb_create_table,
              "{\"TableName\":\"counters\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,"
              "\"WriteCapacityUnits\":5},"
              "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}],"
              "\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
              "\"DeletionProtectionEnabled\":true}");
    CHECK(out != NULL, "create counters: %s", error_message());
}

static void put_songs(void)
{
    static const char *const SONGS[] = {
        "{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s1\"},\"year\":{\"N\":\"1990\"},\"genre\":{"
        "\"S\":\"rock\"},\"plays\":{\"N\":\"10\"}}",
        "{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s2\"},\"year\":{\"N\":\"1985\"},\"genre\":{"
        "\"S\":\"rock\"},\"plays\":{\"N\":\"20\"}}",
        "{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s3\"},\"year\":{\"N\":\"2001\"},\"genre\":{"
        "\"S\":\"pop\"}}",
        "{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"t1\"},\"year\":{\"N\":\"2010\"}}",
        "{\"artist\":{\"S\":\"b\"},\"song\":{\"S\":\"s1\"},\"year\":{\"N\":\"1970\"},\"genre\":{"
        "\"S\":\"rock\"}}",
    };
    for (size_t i = 0; i < sizeof SONGS / sizeof SONGS[0]; i++) {
        char params[1024];
        snprintf(params, sizeof params, "{\"TableName\":\"music\",\"Item\":%s}", SONGS[i]);
        CHECK(run(ddb_put_item, params) != NULL, "put %zu: %s", i, error_message());
    }
}

static void test_items(void)
{
    cJSON *out = run(
        ddb_get_item,
        "{\"TableName\":\"music\",\"Key\":{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s1\"}},"
        "\"ProjectionExpression\":\"#y, plays\",\"ExpressionAttributeNames\":{\"#y\":\"year\"}}");
    CHECK(out && cJSON_GetArraySize(cJSON_GetObjectItem(out, "Item")) == 2, "projected get");
    CHECK_STR(string_at(out, "Item.year.N"), "1990", "year");

    EXPECT_ERROR(run(ddb_get_item, "{\"TableName\":\"music\",\"Key\":{\"artist\":{\"S\":\"a\"}}}"),
                 "ValidationException", "The provided key element does not match the schema");
    EXPECT_ERROR(run(ddb_get_item, "{\"TableName\":\"nope\",\"Key\":{\"artist\":{\"S\":\"a\"}}}"),
                 "ResourceNotFoundException", "Requested resource not found");
    EXPECT_ERROR(run(ddb_put_item, "{\"TableName\":\"music\",\"Item\":{\"artist\":{\"S\":\"a\"}}}"),
                 "ValidationException",
                 "One or more parameter values were invalid: Missing the key song in the item");
    EXPECT_ERROR(
        run(ddb_put_item,
            "{\"TableName\":\"music\",\"Item\":{\"artist\":{\"N\":\"1\"},\"song\":{\"S\":\"x\"}}}"),
        "ValidationException",
        "One or more parameter values were invalid: Type mismatch for key artist expected: S "
        "actual: N");
    EXPECT_ERROR(
        run(ddb_put_item,
            "{\"TableName\":\"music\",\"Item\":{\"artist\":{\"S\":\"\"},\"song\":{\"S\":\"x\"}}}"),
        "ValidationException",
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        "cannot contain an empty string value. Key: artist");
    EXPECT_ERROR(run(ddb_put_item, "{\"TableName\":\"music\",\"Item\":{\"artist\":{\"S\":\"z\"},"
                                   "\"song\":{\"S\":\"x\"},\"genre\":{\"N\":\"1\"}}}"),
                 "ValidationException",
                 "One or more parameter values were invalid: Type mismatch for Index Key genre "
                 "Expected: S Actual: N IndexName: by_genre");
    EXPECT_ERROR(
        run(ddb_put_item,
            "{\"TableName\":\"music\",\"Item\":{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s1\"}},"
            "\"ConditionExpression\":\"attribute_not_exists(artist)\","
            "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}"),
        "ConditionalCheckFailedException", "The conditional request failed");
    CHECK_STR(string_at(last_error.fields, "Item.plays.N"), "10", "old item with the failure");
    EXPECT_ERROR(
        run(ddb_put_item,
            "{\"TableName\":\"music\",\"Item\":{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s9\"}},"
            "\"ExpressionAttributeValues\":{\":x\":{\"S\":\"1\"}}}"),
        "ValidationException",
        "ExpressionAttributeValues can only be specified when using expressions");
    EXPECT_ERROR(
        run(ddb_put_item,
            "{\"TableName\":\"music\",\"Item\":{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s9\"}},"
            "\"ConditionExpression\":\"attribute_not_exists(artist)\","
            "\"ExpressionAttributeValues\":{\":x\":{\"S\":\"1\"}}}"),
        "ValidationException",
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}");
    EXPECT_ERROR(
        run(ddb_put_item,
            "{\"TableName\":\"music\",\"Item\":{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s9\"}},"
            "\"ReturnValues\":\"ALL_NEW\"}"),
        "ValidationException", "Return values set to invalid value");

    out = run(ddb_update_item,
              "{\"TableName\":\"music\",\"Key\":{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s1\"}},"
              "\"UpdateExpression\":\"SET plays = plays + :inc, tags = :t ADD listeners :one\","
              "\"ConditionExpression\":\"plays >= :ten\","
              "\"ExpressionAttributeValues\":{\":inc\":{\"N\":\"0.5\"},\":t\":{\"SS\":[\"x\"]},\":"
              "one\":{\"N\":\"1\"},\":ten\":{\"N\":\"10\"}},"
              "\"ReturnValues\":\"UPDATED_NEW\"}");
    CHECK(out != NULL, "update: %s", error_message());
    CHECK_STR(string_at(out, "Attributes.plays.N"), "10.5", "plays");
    CHECK_STR(string_at(out, "Attributes.listeners.N"), "1", "listeners");
    CHECK(!cJSON_GetObjectItem(cJSON_GetObjectItem(out, "Attributes"), "year"),
          "only updated attributes");
    EXPECT_ERROR(
        run(ddb_update_item,
            "{\"TableName\":\"music\",\"Key\":{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s1\"}},"
            "\"UpdateExpression\":\"SET artist = "
            ":v\",\"ExpressionAttributeValues\":{\":v\":{\"S\":\"q\"}}}"),
        "ValidationException",
        "One or more parameter values were invalid: Cannot update attribute artist. This "
        "attribute is part of the key");
    out =
        run(ddb_update_item,
            "{\"TableName\":\"music\",\"Key\":{\"artist\":{\"S\":\"c\"},\"song\":{\"S\":\"new\"}},"
            "\"AttributeUpdates\":{\"plays\":{\"Action\":\"ADD\",\"Value\":{\"N\":\"3\"}}},"
            "\"ReturnValues\":\"ALL_NEW\"}");
    CHECK(out != NULL, "legacy update: %s", error_message());
    CHECK_STR(string_at(out, "Attributes.plays.N"), "3", "legacy ADD creates");
    out =
        run(ddb_delete_item,
            "{\"TableName\":\"music\",\"Key\":{\"artist\":{\"S\":\"c\"},\"song\":{\"S\":\"new\"}},"
            "\"Expected\":{\"plays\":{\"Value\":{\"N\":\"3\"}}},\"ReturnValues\":\"ALL_OLD\"}");
    CHECK(out && string_at(out, "Attributes.plays.N"), "legacy expected delete: %s",
          error_message());
}

static void test_query(void)
{
    cJSON *out = run(ddb_query,
                     "{\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a AND "
                     "begins_with(song, :s)\","
                     "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"},\":s\":{\"S\":\"s\"}}}");
    CHECK(out && number_at(out, "Count") == 3, "begins_with count %f %s",
          out ? number_at(out, "Count") : -1, error_message());
    CHECK_STR(string_at(out, "Items.0.song.S"), "s1", "first");
    out = run(ddb_query,
              "{\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a AND "
              "begins_with(song, :s)\","
              "\"ScanIndexForward\":false,"
              "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"},\":s\":{\"S\":\"s\"}}}");
    CHECK(out && number_at(out, "Count") == 3, "reverse begins_with");
    CHECK_STR(string_at(out, "Items.0.song.S"), "s3", "reverse first");
    out = run(ddb_query,
              "{\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a\",\"Limit\":2,"
              "\"FilterExpression\":\"plays > "
              ":z\",\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"},\":z\":{\"N\":\"15\"}}}");
    CHECK(out && number_at(out, "Count") == 1 && number_at(out, "ScannedCount") == 2,
          "filter after limit");
    CHECK_STR(string_at(out, "LastEvaluatedKey.song.S"), "s2", "LEK");
    out = run(ddb_query,
              "{\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a\",\"Limit\":2,"
              "\"ExclusiveStartKey\":{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s2\"}},"
              "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"}}}");
    CHECK(out && number_at(out, "Count") == 2, "second page");
    CHECK_STR(string_at(out, "Items.0.song.S"), "s3", "second page first");
    out = run(ddb_query, "{\"TableName\":\"music\",\"IndexName\":\"by_genre\","
                         "\"KeyConditionExpression\":\"genre = :g AND #y BETWEEN :lo AND :hi\","
                         "\"ExpressionAttributeNames\":{\"#y\":\"year\"},"
                         "\"ExpressionAttributeValues\":{\":g\":{\"S\":\"rock\"},\":lo\":{\"N\":"
                         "\"1980\"},\":hi\":{\"N\":\"1995\"}}}");
    CHECK(out && number_at(out, "Count") == 2, "gsi between: %s", error_message());
    CHECK_STR(string_at(out, "Items.0.year.N"), "1985", "gsi order");
    CHECK(out && cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(out, "Items"), 0),
                                     "genre") != NULL,
          "gsi key projected");
    out = run(ddb_query,
              "{\"TableName\":\"music\",\"IndexName\":\"by_year\",\"KeyConditionExpression\":"
              "\"artist = :a AND #y > :y\","
              "\"ExpressionAttributeNames\":{\"#y\":\"year\"},"
              "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"},\":y\":{\"N\":\"1990\"}}}");
    CHECK(out && number_at(out, "Count") == 2, "lsi >");
    CHECK(out && cJSON_GetArraySize(cJSON_GetArrayItem(cJSON_GetObjectItem(out, "Items"), 0)) == 3,
          "keys only projection");
    out = run(
        ddb_query,
        "{\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a\",\"Select\":\"COUNT\","
        "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"}}}");
    CHECK(out && number_at(out, "Count") == 4 && !cJSON_GetObjectItem(out, "Items"),
          "select count");
    out =
        run(ddb_query,
            "{\"TableName\":\"music\",\"KeyConditions\":{\"artist\":{\"ComparisonOperator\":\"EQ\","
            "\"AttributeValueList\":[{\"S\":\"b\"}]}}}");
    CHECK(out && number_at(out, "Count") == 1, "legacy KeyConditions");

    EXPECT_ERROR(run(ddb_query, "{\"TableName\":\"music\",\"KeyConditionExpression\":\"song = :a\","
                                "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"}}}"),
                 "ValidationException", "Query condition missed key schema element: artist");
    EXPECT_ERROR(
        run(ddb_query,
            "{\"TableName\":\"music\",\"KeyConditionExpression\":\"plays = :a AND artist = :a\","
            "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"}}}"),
        "ValidationException", "Query condition missed key schema element: song");
    EXPECT_ERROR(
        run(ddb_query, "{\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a\","
                       "\"ExclusiveStartKey\":{\"artist\":{\"S\":\"b\"},\"song\":{\"S\":\"s1\"}},"
                       "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"}}}"),
        "ValidationException",
        "The provided starting key is outside query boundaries based on provided condition");
    EXPECT_ERROR(run(ddb_query,
                     "{\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a\","
                     "\"ExclusiveStartKey\":{\"artist\":{\"S\":\"a\"},\"song\":{\"S\":\"s1\"},"
                     "\"x\":{\"S\":\"y\"}},"
                     "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"}}}"),
                 "ValidationException", "The provided starting key is invalid");
    EXPECT_ERROR(
        run(ddb_query,
            "{\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a OR song = :a\","
            "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"}}}"),
        "ValidationException", "Invalid operator used in KeyConditionExpression: OR");
    EXPECT_ERROR(
        run(ddb_query, "{\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a\","
                       "\"ExpressionAttributeValues\":{\":a\":{\"N\":\"1\"}}}"),
        "ValidationException",
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
    EXPECT_ERROR(run(ddb_query,
                     "{\"TableName\":\"music\",\"KeyConditionExpression\":\"artist = :a\","
                     "\"FilterExpression\":\"song = "
                     ":a\",\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"}}}"),
                 "ValidationException",
                 "Filter Expression can only contain non-primary key attributes: Primary key "
                 "attribute: song");
    out = run(ddb_query, "{\"TableName\":\"music\",\"IndexName\":\"by_genre\","
                         "\"KeyConditionExpression\":\"genre = :g\","
                         "\"ProjectionExpression\":\"song, title, "
                         "plays\",\"ExpressionAttributeValues\":{\":g\":{\"S\":\"pop\"}}}");
    CHECK(out && number_at(out, "Count") == 1, "gsi projection query: %s", error_message());
    CHECK(out && cJSON_GetArraySize(cJSON_GetArrayItem(cJSON_GetObjectItem(out, "Items"), 0)) == 1,
          "a GSI returns only what it projects");
    EXPECT_ERROR(run(ddb_query, "{\"TableName\":\"music\",\"IndexName\":\"nope\","
                                "\"KeyConditionExpression\":\"artist = :a\","
                                "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"}}}"),
                 "ValidationException", "The table does not have the specified index: nope");
    EXPECT_ERROR(run(ddb_query,
                     "{\"TableName\":\"music\",\"IndexName\":\"by_genre\",\"ConsistentRead\":true,"
                     "\"KeyConditionExpression\":\"genre = "
                     ":a\",\"ExpressionAttributeValues\":{\":a\":{\"S\":\"a\"}}}"),
                 "ValidationException",
                 "Consistent reads are not supported on global secondary indexes");
}

static void test_scan(void)
{
    cJSON *out = run(ddb_scan, "{\"TableName\":\"music\"}");
    CHECK(out && number_at(out, "Count") == 5, "scan all");
    double total = 0;
    for (int seg = 0; seg < 3; seg++) {
        char params[200];
        snprintf(params, sizeof params,
                 "{\"TableName\":\"music\",\"Segment\":%d,\"TotalSegments\":3}", seg);
        out = run(ddb_scan, params);
        total += out ? number_at(out, "Count") : 0;
    }
    CHECK(total == 5, "segments cover the table: %f", total);
    out =
        run(ddb_scan, "{\"TableName\":\"music\",\"ScanFilter\":{\"genre\":{\"ComparisonOperator\":"
                      "\"EQ\",\"AttributeValueList\":[{\"S\":\"rock\"}]}}}");
    CHECK(out && number_at(out, "Count") == 3, "legacy ScanFilter");
    EXPECT_ERROR(
        run(ddb_scan, "{\"TableName\":\"music\",\"Segment\":3,\"TotalSegments\":2}"),
        "ValidationException",
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 3 is not less than TotalSegments: 2");
}

static void test_batch_and_transactions(void)
{
    cJSON *out = run(ddb_batch_write_item,
                     "{\"RequestItems\":{\"counters\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":"
                     "\"x\"},\"n\":{\"N\":\"1\"}}}},"
                     "{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"y\"},\"n\":{\"N\":\"2\"}}}}]}}");
    CHECK(out && cJSON_GetArraySize(cJSON_GetObjectItem(out, "UnprocessedItems")) == 0,
          "batch write");
    EXPECT_ERROR(
        run(ddb_batch_write_item,
            "{\"RequestItems\":{\"counters\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"x\"}}}},"
            "{\"DeleteRequest\":{\"Key\":{\"id\":{\"S\":\"x\"}}}}]}}"),
        "ValidationException", "Provided list of item keys contains duplicates");
    out = run(ddb_batch_get_item, "{\"RequestItems\":{\"counters\":{\"Keys\":[{\"id\":{\"S\":\"x\"}"
                                  "},{\"id\":{\"S\":\"y\"}},{\"id\":{\"S\":\"z\"}}]}}}");
    CHECK(out && cJSON_GetArraySize(
                     cJSON_GetObjectItem(cJSON_GetObjectItem(out, "Responses"), "counters")) == 2,
          "batch get");
    EXPECT_ERROR(
        run(ddb_transact_write_items,
            "{\"TransactItems\":["
            "{\"Update\":{\"TableName\":\"counters\",\"Key\":{\"id\":{\"S\":\"x\"}},"
            "\"UpdateExpression\":\"SET n = n + :one\","
            "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}},"
            "{\"ConditionCheck\":{\"TableName\":\"counters\",\"Key\":{\"id\":{\"S\":\"y\"}},"
            "\"ConditionExpression\":\"n = :five\","
            "\"ExpressionAttributeValues\":{\":five\":{\"N\":\"5\"}}}}]}"),
        "TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, "
        "ConditionalCheckFailed]");
    CHECK_STR(string_at(last_error.fields, "CancellationReasons.1.Code"), "ConditionalCheckFailed",
              "reasons");
    out = run(ddb_get_item, "{\"TableName\":\"counters\",\"Key\":{\"id\":{\"S\":\"x\"}}}");
    CHECK_STR(string_at(out, "Item.n.N"), "1", "nothing applied");
    EXPECT_ERROR(run(ddb_transact_write_items,
                     "{\"TransactItems\":["
                     "{\"Delete\":{\"TableName\":\"counters\",\"Key\":{\"id\":{\"S\":\"x\"}}}},"
                     "{\"Put\":{\"TableName\":\"counters\",\"Item\":{\"id\":{\"S\":\"x\"}}}}]}"),
                 "ValidationException",
                 "Transaction request cannot include multiple operations on one item");
    const char *tx = "{\"ClientRequestToken\":\"tok\",\"TransactItems\":["
                     "{\"Update\":{\"TableName\":\"counters\",\"Key\":{\"id\":{\"S\":\"x\"}},"
                     "\"UpdateExpression\":\"SET n = n + :one\","
                     "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}}}}]}";
    CHECK(run(ddb_transact_write_items, tx) != NULL, "transaction: %s", error_message());
    CHECK(run(ddb_transact_write_items, tx) != NULL, "same token again: %s", error_message());
    out = run(
        ddb_transact_get_items,
        "{\"TransactItems\":[{\"Get\":{\"TableName\":\"counters\",\"Key\":{\"id\":{\"S\":\"x\"}}}},"
        "{\"Get\":{\"TableName\":\"counters\",\"Key\":{\"id\":{\"S\":\"none\"}}}}]}");
    CHECK_STR(string_at(out, "Responses.0.Item.n.N"), "2", "applied once");
    CHECK(out &&
              cJSON_GetArraySize(cJSON_GetArrayItem(cJSON_GetObjectItem(out, "Responses"), 1)) == 0,
          "missing item");
}

static void test_streams(void)
{
    cJSON *out = run(ddbs_list_streams, "{\"TableName\":\"music\"}");
    const char *arn = string_at(out, "Streams.0.StreamArn");
    CHECK(arn != NULL, "stream listed");
    char *stream_arn = arn ? strdup(arn) : strdup("");
    char params[1024];
    snprintf(params, sizeof params, "{\"StreamArn\":\"%s\"}", stream_arn);
    out = run(ddbs_describe_stream, params);
    const char *shard = string_at(out, "StreamDescription.Shards.0.ShardId");
    char *shard_id = shard ? strdup(shard) : strdup("");
    snprintf(params, sizeof params,
             "{\"StreamArn\":\"%s\",\"ShardId\":\"%s\",\"ShardIteratorType\":\"TRIM_HORIZON\"}",
             stream_arn, shard_id);
    out = run(ddbs_get_shard_iterator, params);
    const char *it = string_at(out, "ShardIterator");
    snprintf(params, sizeof params, "{\"ShardIterator\":\"%s\",\"Limit\":100}", it ? it : "");
    out = run(ddbs_get_records, params);
    cJSON *records = cJSON_GetObjectItem(out, "Records");
    CHECK(cJSON_GetArraySize(records) >= 7, "records: %d", cJSON_GetArraySize(records));
    CHECK_STR(string_at(records, "0.eventName"), "INSERT", "first insert");
    CHECK_STR(string_at(records, "0.dynamodb.Keys.artist.S"), "a", "keys");
    CHECK_STR(string_at(records, "5.eventName"), "MODIFY", "update is a modify");
    CHECK_STR(string_at(records, "5.dynamodb.OldImage.plays.N"), "10", "old image");
    CHECK_STR(string_at(records, "5.dynamodb.NewImage.plays.N"), "10.5", "new image");
    free(stream_arn);
    free(shard_id);
}

static void test_table_admin(void)
{
    EXPECT_ERROR(
        run(ddb_delete_table, "{\"TableName\":\"counters\"}"), "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. Disable "
        "deletion protection first.");
    CHECK(run(ddb_update_table,
              "{\"TableName\":\"counters\",\"DeletionProtectionEnabled\":false}") != NULL,
          "unprotect: %s", error_message());
    CHECK(run(ddb_update_time_to_live, "{\"TableName\":\"counters\",\"TimeToLiveSpecification\":{"
                                       "\"Enabled\":true,\"AttributeName\":\"exp\"}}") != NULL,
          "ttl on");
    CHECK(run(ddb_put_item, "{\"TableName\":\"counters\",\"Item\":{\"id\":{\"S\":\"old\"},\"exp\":{"
                            "\"N\":\"1700000000\"}}}") != NULL,
          "put expiring");
    cJSON *out = run(ddb_get_item, "{\"TableName\":\"counters\",\"Key\":{\"id\":{\"S\":\"old\"}}}");
    CHECK(out && !cJSON_GetObjectItem(out, "Item"), "expired item gone");
    out = run(ddb_describe_time_to_live, "{\"TableName\":\"counters\"}");
    CHECK_STR(string_at(out, "TimeToLiveDescription.TimeToLiveStatus"), "ENABLED", "ttl status");
    out = run(ddb_list_tables, "{\"Limit\":1}");
    CHECK_STR(string_at(out, "TableNames.0"), "counters", "sorted names");
    CHECK_STR(string_at(out, "LastEvaluatedTableName"), "counters", "list page");
    out = run(ddb_create_backup, "{\"TableName\":\"counters\",\"BackupName\":\"b1\"}");
    const char *backup = string_at(out, "BackupDetails.BackupArn");
    char params[512];
    snprintf(params, sizeof params, "{\"TargetTableName\":\"restored\",\"BackupArn\":\"%s\"}",
             backup ? backup : "");
    out = run(ddb_restore_table_from_backup, params);
    CHECK(out && number_at(cJSON_GetObjectItem(out, "TableDescription"), "ItemCount") == 2,
          "restored items: %s", error_message());
    CHECK(run(ddb_tag_resource,
              "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/music\","
              "\"Tags\":[{\"Key\":\"env\",\"Value\":\"dev\"}]}") != NULL,
          "tag");
    out = run(ddb_list_tags_of_resource,
              "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:123456789012:table/music\"}");
    CHECK(out && cJSON_GetArraySize(cJSON_GetObjectItem(out, "Tags")) == 2, "tags");
    CHECK(run(ddb_delete_table, "{\"TableName\":\"counters\"}") != NULL, "delete");
    EXPECT_ERROR(run(ddb_describe_table, "{\"TableName\":\"counters\"}"),
                 "ResourceNotFoundException",
                 "Requested resource not found: Table: counters not found");
}

int main(void)
{
    snprintf(route.account, sizeof route.account, "123456789012");
    snprintf(route.region, sizeof route.region, "us-east-1");
    create_tables();
    put_songs();
    test_items();
    test_query();
    test_scan();
    test_batch_and_transactions();
    test_streams();
    test_table_admin();
    cJSON_Delete(last_out);
    proto_error_clear(&last_error);
    ddb_regions_reset();
    return test_summary("dynamodb_ops");
}
