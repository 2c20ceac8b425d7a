/* The kit's idempotency tokens: first use, repeats with the first answer, mismatches, expiry, and
 * forgetting a failed request's token. */
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

int main(void)
{
    test_store();
    test_call();
    return test_summary("kit_idempotency");
}
