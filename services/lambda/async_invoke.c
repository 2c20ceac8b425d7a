/* Events queued for functions: attempts, retries with Lambda's delays, and where an event goes
 * once done (destinations, dead-letter queue), delivered through the target services' own
 * operations. */
#include "async_invoke.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "../core/arn.h"
#include "../core/internal_call.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "../core/request_id.h"
#include "destination.h"
#include "executor.h"
#include "functions.h"
#include "invoke_spec.h"

#define DEFAULT_RETRIES 2
#define DEFAULT_MAX_AGE_S 21600
#define FIRST_RETRY_MS 60000u
#define SECOND_RETRY_MS 120000u

struct async_event {
    struct async_event *prev, *next;
    char *account, *region, *function, *qualifier;
    char *payload;
    size_t len;
    char request_id[37];
    char function_arn[320], executed_version[32];
    int attempts;
    uint64_t queued_ms;
    struct loop_timer retry;
    struct lambda_invocation *inv;
};

static struct async_event *events;

static void unlink_event(struct async_event *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        events = e->next;
    if (e->next)
        e->next->prev = e->prev;
}

static void free_event(struct async_event *e)
{
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_stop(loop, &e->retry);
    unlink_event(e);
    free(e->account);
    free(e->region);
    free(e->function);
    free(e->qualifier);
    free(e->payload);
    free(e);
}

/* The invocation record destinations receive. */
static char *invocation_record(const struct async_event *e, const struct lambda_outcome *o,
                               const char *condition)
{
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "version", "1.0");
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[40];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    cJSON_AddStringToObject(record, "timestamp", stamp);
    cJSON *request = cJSON_AddObjectToObject(record, "requestContext");
    cJSON_AddStringToObject(request, "requestId", e->request_id);
    char arn[360];
    snprintf(arn, sizeof arn, "%s:%s", e->function_arn, e->executed_version);
    cJSON_AddStringToObject(request, "functionArn", arn);
    cJSON_AddStringToObject(request, "condition", condition);
    cJSON_AddNumberToObject(request, "approximateInvokeCount", e->attempts);
    cJSON *payload = cJSON_ParseWithLength(e->payload, e->len);
    cJSON_AddItemToObject(record, "requestPayload", payload ? payload : cJSON_CreateNull());
    cJSON *response = cJSON_AddObjectToObject(record, "responseContext");
    cJSON_AddNumberToObject(response, "statusCode", o && !o->error_code ? 200 : 500);
    cJSON_AddStringToObject(response, "executedVersion", e->executed_version);
    if (o && o->function_error)
        cJSON_AddStringToObject(response, "functionError", o->function_error);
    cJSON *answer = o && o->payload ? cJSON_ParseWithLength(o->payload, o->payload_len) : NULL;
    if (!answer && o && o->error_code) {
        answer = cJSON_CreateObject();
        cJSON_AddStringToObject(answer, "errorType", o->error_code);
        cJSON_AddStringToObject(answer, "errorMessage", o->error_message);
    }
    cJSON_AddItemToObject(record, "responsePayload", answer ? answer : cJSON_CreateNull());
    char *text = cJSON_PrintUnformatted(record);
    cJSON_Delete(record);
    return text;
}

static cJSON *string_attribute(cJSON *attributes, const char *name, const char *value)
{
    cJSON *a = cJSON_AddObjectToObject(attributes, name);
    cJSON_AddStringToObject(a, "DataType", "String");
    cJSON_AddStringToObject(a, "StringValue", value);
    return a;
}

static void dead_letter(const struct async_event *e, const cJSON *version,
                        const struct lambda_outcome *o)
{
    const char *target = param_string(cJSON_GetObjectItemCaseSensitive(version, "DeadLetterConfig"),
                                      "TargetArn");
    if (!target)
        return;
    cJSON *attributes = cJSON_CreateObject();
    string_attribute(attributes, "RequestID", e->request_id);
    string_attribute(attributes, "ErrorCode", o && o->error_code ? o->error_code : "200");
    char message[512] = "";
    if (o && o->error_message)
        snprintf(message, sizeof message, "%s", o->error_message);
    else if (o && o->payload) {
        cJSON *doc = cJSON_ParseWithLength(o->payload, o->payload_len);
        snprintf(message, sizeof message, "%s",
                 param_string(doc, "errorMessage") ? param_string(doc, "errorMessage") : "");
        cJSON_Delete(doc);
    }
    string_attribute(attributes, "ErrorMessage", message[0] ? message : "Unhandled");
    lambda_destination_send(target, e->payload, "", e->function_arn, attributes);
    cJSON_Delete(attributes);
}

static void attempt(struct loop_timer *t);

static void attempt_done(void *arg, const struct lambda_outcome *o)
{
    struct async_event *e = arg;
    e->inv = NULL;
    const cJSON *version = lambda_version_resolve(e->account, e->region, e->function,
                                                  e->qualifier, NULL);
    const cJSON *config = lambda_event_invoke_config(e->account, e->region, e->function,
                                                     e->qualifier);
    const cJSON *destinations = cJSON_GetObjectItemCaseSensitive(config, "DestinationConfig");
    bool failed = o->error_code || o->function_error;
    if (!failed) {
        const char *target = param_string(
            cJSON_GetObjectItemCaseSensitive(destinations, "OnSuccess"), "Destination");
        if (target) {
            char *record = invocation_record(e, o, "Success");
            lambda_destination_send(target, record,
                                    "Lambda Function Invocation Result - Success",
                                    e->function_arn, NULL);
            free(record);
        }
        free_event(e);
        return;
    }
    const cJSON *retries = cJSON_GetObjectItemCaseSensitive(config, "MaximumRetryAttempts");
    const cJSON *max_age = cJSON_GetObjectItemCaseSensitive(config, "MaximumEventAgeInSeconds");
    int allowed = cJSON_IsNumber(retries) ? (int)retries->valuedouble : DEFAULT_RETRIES;
    double age_limit_ms =
        (cJSON_IsNumber(max_age) ? max_age->valuedouble : DEFAULT_MAX_AGE_S) * 1000.0;
    uint64_t delay = e->attempts == 1 ? FIRST_RETRY_MS : SECOND_RETRY_MS;
    if (version && e->attempts <= allowed &&
        (double)(loop_now_ms() + delay - e->queued_ms) <= age_limit_ms) {
        loop_timer_start(loop_current(), &e->retry, delay, attempt);
        return;
    }
    const char *target = param_string(cJSON_GetObjectItemCaseSensitive(destinations, "OnFailure"),
                                      "Destination");
    if (target) {
        char *record = invocation_record(e, o, "RetriesExhausted");
        lambda_destination_send(target, record, "Lambda Function Invocation Result - Failure",
                                e->function_arn, NULL);
        free(record);
    } else {
        dead_letter(e, version, o);
    }
    free_event(e);
}

static void attempt(struct loop_timer *t)
{
    struct async_event *e =
        (struct async_event *)((char *)t - offsetof(struct async_event, retry));
    struct proto_error err = {0};
    const cJSON *version = lambda_version_resolve(e->account, e->region, e->function,
                                                  e->qualifier, &err);
    struct invoke_spec spec;
    if (!version || invoke_spec_from_version(e->account, e->region, version, e->function,
                                             e->qualifier, &spec, &err) != 0) {
        proto_error_clear(&err);
        free_event(e); /* the function is gone, or cannot run: nothing left to retry */
        return;
    }
    e->attempts++;
    snprintf(e->function_arn, sizeof e->function_arn, "%s", spec.run.function_arn);
    snprintf(e->executed_version, sizeof e->executed_version, "%s", spec.run.version);
    spec.run.request_id = e->request_id;
    e->inv = lambda_run(&spec.run, e->payload, e->len, NULL, attempt_done, e, &err);
    invoke_spec_clear(&spec);
    if (!e->inv) {
        proto_error_clear(&err);
        free_event(e);
    }
}

int async_invoke_queue(const char *account, const char *region, const char *function,
                       const char *qualifier, const char *payload, size_t len,
                       struct proto_error *err)
{
    return async_invoke_queue_as(NULL, account, region, function, qualifier, payload, len, err);
}

int async_invoke_queue_as(const char *request_id, const char *account, const char *region,
                          const char *function, const char *qualifier, const char *payload,
                          size_t len, struct proto_error *err)
{
    const cJSON *version = lambda_version_resolve(account, region, function, qualifier, err);
    if (!version)
        return -1;
    struct invoke_spec spec;
    if (invoke_spec_from_version(account, region, version, function, qualifier, &spec, err) != 0)
        return -1;
    invoke_spec_clear(&spec);
    if (!lambda_execution_available()) {
        proto_error_set(err, 500, "ServiceException",
                        "motoc runs functions only while its event loop runs");
        return -1;
    }
    struct async_event *e = xcalloc(1, sizeof *e);
    e->account = xstrdup(account);
    e->region = xstrdup(region);
    e->function = xstrdup(function);
    e->qualifier = qualifier ? xstrdup(qualifier) : NULL;
    e->payload = xmalloc(len + 1);
    memcpy(e->payload, payload, len);
    e->payload[len] = '\0';
    e->len = len;
    if (request_id)
        snprintf(e->request_id, sizeof e->request_id, "%s", request_id);
    else
        uuid_new(e->request_id);
    e->queued_ms = loop_now_ms();
    e->next = events;
    if (events)
        events->prev = e;
    events = e;
    loop_timer_start(loop_current(), &e->retry, 0, attempt);
    return 0;
}

void async_invoke_reset(void)
{
    while (events) {
        if (events->inv)
            lambda_invocation_abandon(events->inv);
        free_event(events);
    }
}
