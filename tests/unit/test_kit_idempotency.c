/* The kit's idempotency tokens: first use, repeats with the first answer, mismatches, expiry, and
 * forgetting a failed request's token. */
#include <string.h>

#include "../../services/core/backend.h"
#include "../../services/core/idempotency.h"
#include "check.h"

static void test_store(void)
{
    struct idempotency_store *s = idempotency_store_new(600);
    cJSON *request = cJSON_Parse("{\"Items\":[1,2]}");
    cJSON *other = cJSON_Parse("{\"Items\":[1,3]}");
    cJSON *answer = cJSON_Parse("{\"Id\":\"first\"}");
    const cJSON *got = NULL;

    CHECK(idempotency_begin(s, "t1", request, 1000, &got) == IDEMPOTENCY_FIRST, "first use");
    idempotency_finish(s, "t1", answer);
    cJSON_ReplaceItemInObject(answer, "Id", cJSON_CreateString("changed later"));
    CHECK(idempotency_begin(s, "t1", request, 1100, &got) == IDEMPOTENCY_REPEAT, "repeat");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(got, "Id")), "first",
              "the first answer, as it was");
    CHECK(idempotency_begin(s, "t1", other, 1200, &got) == IDEMPOTENCY_MISMATCH, "other request");
    CHECK(idempotency_begin(s, "t2", other, 1200, &got) == IDEMPOTENCY_FIRST, "another token");

    CHECK(idempotency_begin(s, "t1", other, 1600, &got) == IDEMPOTENCY_FIRST,
          "expired after the lifetime: the token is new again");
    CHECK(idempotency_begin(s, "t2", request, 1700, &got) == IDEMPOTENCY_MISMATCH,
          "t2 (first used at 1200) still remembered at 1700");

    idempotency_forget(s, "t2");
    CHECK(idempotency_begin(s, "t2", request, 1700, &got) == IDEMPOTENCY_FIRST,
          "a forgotten token may be used again");
    idempotency_forget(s, "never-used");

    cJSON_Delete(request);
    cJSON_Delete(other);
    cJSON_Delete(answer);
    idempotency_store_free(s);
}

static void test_call(void)
{
    struct proto_error err = {0};
    struct call c = {.err = &err};
    struct idempotency_store *s = idempotency_store_new(600);
    cJSON *request = cJSON_Parse("{\"Token\":\"t\",\"Name\":\"a\"}");
    cJSON *out = cJSON_CreateObject();
    CHECK(idempotency_call(&c, s, NULL, request, out, "Mismatch", "m") == 0, "no token: run");
    CHECK(idempotency_call(&c, s, "t", request, out, "Mismatch", "m") == 0, "first: run");
    cJSON_AddStringToObject(out, "Arn", "arn:1");
    idempotency_finish(s, "t", out);

    cJSON *again = cJSON_CreateObject();
    CHECK(idempotency_call(&c, s, "t", request, again, "Mismatch", "m") == 1, "answered");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(again, "Arn")), "arn:1", "first answer");

    cJSON *changed = cJSON_Parse("{\"Token\":\"t\",\"Name\":\"b\"}");
    CHECK(idempotency_call(&c, s, "t", changed, again, "IdempotentParameterMismatchException",
                           "Request parameters do not match") == -1,
          "mismatch fails the call");
    CHECK_STR(err.code, "IdempotentParameterMismatchException", "the caller's code");
    CHECK(err.status == 400, "status");
    CHECK_STR(err.message, "Request parameters do not match", "the caller's message");

    proto_error_clear(&err);
    cJSON_Delete(request);
    cJSON_Delete(changed);
    cJSON_Delete(out);
    cJSON_Delete(again);
    idempotency_store_free(s);
}

/* Saved tokens come back with their first answers, their age and their requests' prints; a
 * token whose request never finished is not saved. */
static void test_save_and_load(void)
{
    struct idempotency_store *s = idempotency_store_new(600);
    cJSON *request = cJSON_Parse("{\"Items\":[1,2]}");
    cJSON *other = cJSON_Parse("{\"Items\":[1,3]}");
    cJSON *answer = cJSON_Parse("{\"Id\":\"first\"}");
    const cJSON *got = NULL;
    CHECK(idempotency_store_save(s) == NULL, "an empty store saves nothing");
    idempotency_begin(s, "done", request, 1000, &got);
    idempotency_finish(s, "done", answer);
    idempotency_begin(s, "running", request, 1001, &got);
    cJSON *saved = idempotency_store_save(s);
    CHECK(cJSON_GetArraySize(saved) == 1, "only the finished token is saved");

    struct idempotency_store *loaded = idempotency_store_new(600);
    CHECK(idempotency_store_load(loaded, saved) == 0, "loads what was saved");
    CHECK(idempotency_begin(loaded, "done", other, 1100, &got) == IDEMPOTENCY_MISMATCH,
          "another request with the saved token is refused");
    CHECK(idempotency_begin(loaded, "done", request, 1100, &got) == IDEMPOTENCY_REPEAT &&
              strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(got, "Id")), "first") == 0,
          "the same request gets the saved answer");
    CHECK(idempotency_begin(loaded, "done", request, 1600, &got) == IDEMPOTENCY_FIRST,
          "the saved token expires at its first use's time plus the lifetime");

    cJSON *bad = cJSON_Parse("[{\"token\":\"t\",\"fingerprint\":\"short\",\"at\":1,"
                             "\"answer\":{}}]");
    struct idempotency_store *refused = idempotency_store_new(600);
    CHECK(idempotency_store_load(refused, bad) == -1, "a malformed fingerprint is refused");
    CHECK(idempotency_store_load(refused, answer) == -1, "only a list is a saved store");
    CHECK(idempotency_store_save(refused) == NULL, "a refused load adds nothing");

    cJSON_Delete(bad);
    cJSON_Delete(saved);
    cJSON_Delete(request);
    cJSON_Delete(other);
    cJSON_Delete(answer);
    idempotency_store_free(s);
    idempotency_store_free(loaded);
    idempotency_store_free(refused);
}

int main(void)
{
    test_store();
    test_call();
    test_save_and_load();
    return test_summary("kit_idempotency");
}
