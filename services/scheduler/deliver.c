/* Schedule runs on their way (deliver.h). Templated targets reuse the in-process entry points
 * EventBridge delivers through; the universal target arn:aws:scheduler:::aws-sdk:SERVICE:action
 * runs the action of motoc's own SERVICE with the input as its parameters. A refused run goes
 * to the dead-letter queue with Scheduler's ERROR_CODE, ERROR_MESSAGE,
 * EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS, SCHEDULE_ARN and TARGET_ARN attributes. */
#include "deliver.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../http/log.h"
#include "../core/arn.h"
#include "../core/call_error.h"
#include "../core/codec_util.h"
#include "../core/internal_call.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "../core/request_id.h"
#include "../events/buses.h"
#include "../events/deliver.h"
#include "../kinesis/kinesis_records.h"
#include "../sns/sns.h"
#include "../sqs/sqs.h"

#define UNIVERSAL_TARGET_PREFIX "arn:aws:scheduler:::aws-sdk:"

static void iso_time(double epoch, struct buf *out)
{
    timestamp_format(epoch, TS_ISO8601, out);
}

static void replace_all(struct buf *text, const char *placeholder, const char *value)
{
    struct buf out = BUF_INIT;
    const char *p = text->data ? text->data : "";
    const char *hit;
    size_t len = strlen(placeholder);
    while ((hit = strstr(p, placeholder))) {
        buf_append(&out, p, (size_t)(hit - p));
        buf_append(&out, value, strlen(value));
        p = hit + len;
    }
    buf_append(&out, p, strlen(p));
    buf_free(text);
    *text = out;
}

char *scheduler_target_input(const cJSON *schedule, const char *execution_id, double scheduled)
{
    const char *input = param_string(cJSON_GetObjectItemCaseSensitive(schedule, "Target"), "Input");
    struct buf text = BUF_INIT;
    buf_printf(&text, "%s", input ? input : "{}");
    struct buf when = BUF_INIT;
    iso_time(scheduled, &when);
    const char *arn = param_string(schedule, "Arn");
    replace_all(&text, "<aws.scheduler.schedule-arn>", arn ? arn : "");
    replace_all(&text, "<aws.scheduler.scheduled-time>", when.data ? when.data : "");
    replace_all(&text, "<aws.scheduler.execution-id>", execution_id);
    replace_all(&text, "<aws.scheduler.attempt-number>", "1");
    buf_free(&when);
    char *result = xstrdup(text.data ? text.data : "");
    buf_free(&text);
    return result;
}

/* The aws-sdk target: SERVICE:apiAction, the action named as the SDKs name it (sendMessage
 * for SendMessage). */
static int call_service(const char *target_arn, const char *account, const char *region,
                        const char *input, struct proto_error *err)
{
    const char *rest = target_arn + strlen(UNIVERSAL_TARGET_PREFIX);
    const char *colon = strchr(rest, ':');
    char service[64], operation[128];
    if (!colon || (size_t)(colon - rest) >= sizeof service || strlen(colon + 1) >= sizeof operation
        || !colon[1])
        return error_fail(err, 400, "ValidationException", "The target %s is not valid.",
                          target_arn);
    memcpy(service, rest, (size_t)(colon - rest));
    service[colon - rest] = '\0';
    snprintf(operation, sizeof operation, "%s", colon + 1);
    operation[0] = (char)toupper((unsigned char)operation[0]);
    cJSON *params = cJSON_Parse(input);
    if (!cJSON_IsObject(params)) {
        cJSON_Delete(params);
        return error_fail(err, 400, "ValidationException",
                          "The input of an aws-sdk target must be a JSON object.");
    }
    cJSON *result = NULL;
    int rc = internal_call(service, operation, account, region, params, &result, err);
    cJSON_Delete(params);
    cJSON_Delete(result);
    return rc;
}

static int put_event(const cJSON *schedule, const cJSON *target, const char *account,
                     const char *region, const char *input, double scheduled,
                     struct proto_error *err)
{
    const char *target_arn = param_string(target, "Arn");
    struct arn arn;
    const char *bus_name;
    if (!arn_parse_resource(target_arn, "events", "event-bus", &arn, &bus_name))
        return error_fail(err, 400, "ValidationException", "The target %s is not valid.",
                          target_arn);
    const cJSON *bus = bus_find(events_region_get(arn.account, arn.region), target_arn);
    if (!bus)
        return error_fail(err, 404, "ResourceNotFoundException", "Event bus %s does not exist.",
                          bus_name);
    const cJSON *parameters = cJSON_GetObjectItemCaseSensitive(target, "EventBridgeParameters");
    char id[37];
    uuid_new(id);
    struct buf when = BUF_INIT;
    iso_time(scheduled, &when);
    cJSON *event = cJSON_CreateObject();
    cJSON_AddStringToObject(event, "version", "0");
    cJSON_AddStringToObject(event, "id", id);
    const char *detail_type = param_string(parameters, "DetailType");
    const char *source = param_string(parameters, "Source");
    cJSON_AddStringToObject(event, "detail-type", detail_type ? detail_type : "Scheduled Event");
    cJSON_AddStringToObject(event, "source", source ? source : "aws.scheduler");
    cJSON_AddStringToObject(event, "account", account);
    cJSON_AddStringToObject(event, "time", when.data ? when.data : "");
    cJSON_AddStringToObject(event, "region", region);
    cJSON *resources = cJSON_AddArrayToObject(event, "resources");
    cJSON_AddItemToArray(resources, cJSON_CreateString(param_string(schedule, "Arn")));
    cJSON *detail = cJSON_Parse(input);
    cJSON_AddItemToObject(event, "detail", detail ? detail : cJSON_CreateString(input));
    events_route(bus, event, 0);
    cJSON_Delete(event);
    buf_free(&when);
    return 0;
}

/* Hands input to the target; 0, or -1 with err. */
static int send(const cJSON *schedule, const char *account, const char *region,
                const char *input, const char *execution_id, double scheduled,
                struct proto_error *err)
{
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(schedule, "Target");
    const char *target_arn = param_string(target, "Arn");
    if (target_arn && strncmp(target_arn, UNIVERSAL_TARGET_PREFIX,
                              strlen(UNIVERSAL_TARGET_PREFIX)) == 0)
        return call_service(target_arn, account, region, input, err);
    struct arn arn;
    if (!arn_parse(target_arn, &arn))
        return error_fail(err, 400, "ValidationException", "The target %s is not valid.",
                          target_arn ? target_arn : "");
    if (strcmp(arn.service, "sqs") == 0) {
        const cJSON *sqs = cJSON_GetObjectItemCaseSensitive(target, "SqsParameters");
        struct sqs_delivery d = {
            .body = input,
            .group_id = param_string(sqs, "MessageGroupId"),
            .deduplication_id = execution_id,
        };
        return sqs_deliver(target_arn, &d, err);
    }
    if (strcmp(arn.service, "sns") == 0) {
        if (sns_publish_from_service(target_arn, NULL, input) == 0)
            return 0;
        return error_fail(err, 404, "ResourceNotFoundException", "Topic %s does not exist.",
                          target_arn);
    }
    if (strcmp(arn.service, "events") == 0)
        return put_event(schedule, target, account, region, input, scheduled, err);
    if (strcmp(arn.service, "kinesis") == 0) {
        const cJSON *kinesis = cJSON_GetObjectItemCaseSensitive(target, "KinesisParameters");
        const char *key = param_string(kinesis, "PartitionKey");
        return kinesis_put_from_service(target_arn, input, strlen(input),
                                        key ? key : execution_id, err);
    }
    return error_fail(err, 404, "NotYetImplemented",
                      "motoc does not deliver Scheduler runs to %s yet.", arn.service);
}

static void add_string_attribute(cJSON *attributes, const char *name, const char *value)
{
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "DataType", "String");
    cJSON_AddStringToObject(a, "StringValue", value ? value : "");
    cJSON_AddItemToObject(attributes, name, a);
}

static void dead_letter(const cJSON *schedule, const char *input, const struct proto_error *why)
{
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(schedule, "Target");
    const char *dlq = param_string(cJSON_GetObjectItemCaseSensitive(target, "DeadLetterConfig"),
                                   "Arn");
    if (!dlq)
        return;
    cJSON *attributes = cJSON_CreateObject();
    add_string_attribute(attributes, "ERROR_CODE", why->code);
    add_string_attribute(attributes, "ERROR_MESSAGE", why->message);
    /* motoc tries a run once: a target that refuses it will refuse it again. */
    add_string_attribute(attributes, "EXHAUSTED_RETRY_CONDITION", "MaximumRetryAttempts");
    add_string_attribute(attributes, "RETRY_ATTEMPTS", "0");
    add_string_attribute(attributes, "SCHEDULE_ARN", param_string(schedule, "Arn"));
    add_string_attribute(attributes, "TARGET_ARN", param_string(target, "Arn"));
    struct sqs_delivery d = {.body = input, .message_attributes = attributes};
    struct proto_error err = {0};
    if (sqs_deliver(dlq, &d, &err) != 0)
        log_msg(LOG_WARN, "scheduler: dead-letter queue %s refused a run: %s", dlq,
                err.message ? err.message : "");
    proto_error_clear(&err);
    cJSON_Delete(attributes);
}

void scheduler_deliver(const char *account, const char *region, const cJSON *schedule,
                       double scheduled)
{
    char execution_id[37];
    uuid_new(execution_id);
    char *input = scheduler_target_input(schedule, execution_id, scheduled);
    struct proto_error err = {0};
    if (send(schedule, account, region, input, execution_id, scheduled, &err) != 0) {
        log_msg(LOG_WARN, "scheduler: %s could not deliver: %s %s", param_string(schedule, "Arn"),
                err.code, err.message ? err.message : "");
        dead_letter(schedule, input, &err);
    }
    proto_error_clear(&err);
    free(input);
}
