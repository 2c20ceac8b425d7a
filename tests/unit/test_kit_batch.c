/* The kit's batch entries: id rules, count limits and distinct ids with the service's answers,
 * and the driver filing entries under Successful and Failed. */
#include "../../services/core/batch.h"
#include "check.h"

static struct proto_error err;
static struct call call = {.err = &err};
static enum batch_problem refused;
static char refused_id[128];

static int refuse(struct call *c, const struct batch_rules *rules, enum batch_problem problem,
                  const char *id, int count)
{
    refused = problem;
    snprintf(refused_id, sizeof refused_id, "%s", id ? id : "");
    return call_fail(c, 400, "Refused", "%s %d", rules->entry_name, count);
}

static const struct batch_rules rules = {3, "TestEntry", refuse};

static int check(const char *json)
{
    cJSON *entries = cJSON_Parse(json);
    proto_error_clear(&err);
    refused = (enum batch_problem) - 1;
    int rc = batch_check_entries(&call, entries, &rules);
    cJSON_Delete(entries);
    return rc == 0 ? -1 : (int)refused;
}

static void test_ids(void)
{
    char id[100];
    memset(id, 'a', 80);
    id[80] = 0;
    CHECK(batch_entry_id_valid(id), "80 characters");
    strcat(id, "a");
    CHECK(!batch_entry_id_valid(id), "81 characters");
    CHECK(batch_entry_id_valid("Msg_1-a"), "letters, digits, - and _");
    CHECK(!batch_entry_id_valid(""), "empty");
    CHECK(!batch_entry_id_valid("a.b"), "a dot");
    CHECK(!batch_entry_id_valid("caf\xc3\xa9"), "non-ASCII");
}

static void test_checks(void)
{
    CHECK(check("[{\"Id\":\"a\"},{\"Id\":\"b\"}]") == -1, "accepted");
    CHECK(check("[]") == BATCH_EMPTY, "empty");
    CHECK(check(NULL) == BATCH_EMPTY, "absent");
    CHECK(check("[{\"Id\":\"a\"},{\"Id\":\"b\"},{\"Id\":\"c\"},{\"Id\":\"d\"}]") == BATCH_TOO_MANY,
          "too many");
    CHECK_STR(err.message, "TestEntry 4", "the service's message gets the count");
    CHECK(check("[{\"Id\":\"a\"},{\"Id\":\"b c\"}]") == BATCH_ID_INVALID, "bad id");
    CHECK(check("[{\"Id\":\"a\"},{}]") == BATCH_ID_INVALID, "no id");
    CHECK(check("[{\"Id\":\"a\"},{\"Id\":\"b\"},{\"Id\":\"a\"}]") == BATCH_IDS_NOT_DISTINCT,
          "repeated id");
    CHECK_STR(refused_id, "a", "the repeated id");
    CHECK(check("[{\"Id\":\"a\"},{\"Id\":\"a\"},{\"Id\":\"b c\"}]") == BATCH_ID_INVALID,
          "ids are checked for form before distinctness");
}

static int run_entry(void *ctx, const cJSON *entry, cJSON *result, struct proto_error *e)
{
    int *runs = ctx;
    (*runs)++;
    const char *body = cJSON_GetStringValue(cJSON_GetObjectItem(entry, "Body"));
    if (!body)
        return error_fail(e, 400, "MissingParameter", "no body");
    cJSON_AddStringToObject(result, "Echo", body);
    return 0;
}

static void test_driver(void)
{
    cJSON *entries = cJSON_Parse("[{\"Id\":\"one\",\"Body\":\"x\"},{\"Id\":\"two\"},"
                                 "{\"Id\":\"three\",\"Body\":\"z\"}]");
    cJSON *out = cJSON_CreateObject();
    int runs = 0;
    batch_run(entries, run_entry, &runs, out);
    CHECK(runs == 3, "every entry runs");
    char *text = cJSON_PrintUnformatted(out);
    CHECK_STR(text,
              "{\"Successful\":[{\"Id\":\"one\",\"Echo\":\"x\"},{\"Id\":\"three\",\"Echo\":\"z\"}],"
              "\"Failed\":[{\"Id\":\"two\",\"SenderFault\":true,\"Code\":\"MissingParameter\","
              "\"Message\":\"no body\"}]}",
              "filed in order");
    cJSON_free(text);
    cJSON_Delete(out);
    cJSON_Delete(entries);
}

int main(void)
{
    test_ids();
    test_checks();
    test_driver();
    proto_error_clear(&err);
    return test_summary("kit_batch");
}
