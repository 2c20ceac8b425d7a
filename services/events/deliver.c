/* Events on their way (deliver.h): SQS queues (FIFO group from SqsParameters), SNS topics,
 * Kinesis streams (partition key from KinesisParameters), CloudWatch Logs groups, archives, API
 * destinations and other event buses are reached in process; other services register a sink. A target that
 * cannot take the event sends it to its dead-letter queue when it has one, with EventBridge's
 * ERROR_CODE, ERROR_MESSAGE, RULE_ARN and TARGET_ARN attributes. */
#include "deliver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "../firehose/firehose_records.h"
#include "../kinesis/kinesis_records.h"
#include "../lambda/async_invoke.h"
#include "../sns/sns.h"
#include "../sqs/sqs.h"
#include "../logs/log_ingest.h"
#include "api_destinations.h"
#include "archives.h"
#include "buses.h"
#include "event_pattern.h"
#include "target_input.h"

#define MAX_SINKS 8
/* Buses an event may cross through bus targets. */
#define MAX_HOPS 5

static struct {
    char service[16];
    events_target_sink sink;
} sinks[MAX_SINKS];

void events_target_register(const char *service, events_target_sink sink)
{
    for (size_t i = 0; i < MAX_SINKS; i++) {
        if (!sinks[i].sink || strcmp(sinks[i].service, service) == 0) {
            snprintf(sinks[i].service, sizeof sinks[i].service, "%s", service);
            sinks[i].sink = sink;
            return;
        }
    }
}

static void add_string_attribute(cJSON *attributes, const char *name, const char *value)
{
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "DataType", "String");
    cJSON_AddStringToObject(a, "StringValue", value);
    cJSON_AddItemToObject(attributes, name, a);
}

static void dead_letter(const cJSON *target, const char *rule_arn, const char *input,
                        const char *code, const char *message)
{
    const char *dlq = param_string(cJSON_GetObjectItemCaseSensitive(target, "DeadLetterConfig"),
                                   "Arn");
    if (!dlq)
        return;
    cJSON *attributes = cJSON_CreateObject();
    add_string_attribute(attributes, "ERROR_CODE", code);
    add_string_attribute(attributes, "ERROR_MESSAGE", message);
    add_string_attribute(attributes, "RULE_ARN", rule_arn);
    add_string_attribute(attributes, "TARGET_ARN", param_string(target, "Arn"));
    struct sqs_delivery d = {.body = input, .message_attributes = attributes};
    struct proto_error err = {0};
    sqs_deliver(dlq, &d, &err);
    proto_error_clear(&err);
    cJSON_Delete(attributes);
}

/* CloudWatch Logs targets get the input as one log event, in a stream named after the event. */
static int deliver_to_log_group(const char *group_arn, const cJSON *event, const char *input,
                                char *reason, size_t size)
{
    struct proto_error err = {0};
    int rc = logs_put_from_service(group_arn, param_string(event, "id"), input, &err);
    if (rc != 0)
        snprintf(reason, size, "%s", err.message ? err.message : "The log group refused it.");
    proto_error_clear(&err);
    return rc;
}

/* Hands input to the target; 0, or -1 with code and reason. */
static int send(const cJSON *target, const cJSON *event, const char *input, int hops,
                const char **code, char *reason, size_t size)
{
    const char *arn_text = param_string(target, "Arn");
    struct arn arn;
    *code = "ResourceNotFoundException";
    if (archive_target_arn(arn_text))
        return archive_receive(input, reason, size);
    if (!arn_parse(arn_text, &arn)) {
        snprintf(reason, size, "The target %s is not valid.", arn_text);
        return -1;
    }
    if (strcmp(arn.service, "sqs") == 0) {
        const cJSON *sqs = cJSON_GetObjectItemCaseSensitive(target, "SqsParameters");
        struct sqs_delivery d = {
            .body = input,
            .group_id = param_string(sqs, "MessageGroupId"),
            .deduplication_id = param_string(event, "id"),
        };
        struct proto_error err = {0};
        int rc = sqs_deliver(arn_text, &d, &err);
        if (rc != 0)
            snprintf(reason, size, "%s", err.message ? err.message : "The queue refused it.");
        proto_error_clear(&err);
        return rc;
    }
    if (strcmp(arn.service, "logs") == 0)
        return deliver_to_log_group(arn_text, event, input, reason, size);
    if (strcmp(arn.service, "lambda") == 0) {
        /* EventBridge invokes functions asynchronously. */
        struct proto_error err = {0};
        int rc = async_invoke_queue(arn.account, arn.region, arn_text, NULL, input,
                                    strlen(input), &err);
        if (rc != 0)
            snprintf(reason, size, "%s", err.message ? err.message : "The function refused it.");
        proto_error_clear(&err);
        return rc;
    }
    if (strcmp(arn.service, "events") == 0 && strncmp(arn.resource, "api-destination/", 16) == 0)
        return api_destination_invoke(arn_text, target, input, reason, size);
    if (strcmp(arn.service, "sns") == 0) {
        if (sns_publish_from_service(arn_text, NULL, input) == 0)
            return 0;
        snprintf(reason, size, "Topic %s does not exist.", arn_text);
        return -1;
    }
    if (strcmp(arn.service, "events") == 0 && strncmp(arn.resource, "event-bus/", 10) == 0) {
        struct events_region *owner = events_region_get(arn.account, arn.region);
        const cJSON *bus = bus_find(owner, arn_text);
        if (!bus || hops >= MAX_HOPS) {
            snprintf(reason, size, "Event bus %.200s does not exist.", arn.resource + 10);
            return -1;
        }
        events_route(bus, event, hops + 1);
        return 0;
    }
    if (strcmp(arn.service, "kinesis") == 0) {
        const cJSON *kinesis = cJSON_GetObjectItemCaseSensitive(target, "KinesisParameters");
        const cJSON *key = json_path_select(event, param_string(kinesis, "PartitionKeyPath"));
        const char *partition_key = cJSON_IsString(key) ? key->valuestring
                                                        : param_string(event, "id");
        struct proto_error err = {0};
        int rc = kinesis_put_from_service(arn_text, input, strlen(input), partition_key, &err);
        if (rc != 0)
            snprintf(reason, size, "%s", err.message ? err.message : "The stream refused it.");
        proto_error_clear(&err);
        return rc;
    }
    for (size_t i = 0; i < MAX_SINKS && sinks[i].sink; i++)
        if (strcmp(sinks[i].service, arn.service) == 0)
            return sinks[i].sink(target, event, input, reason, size);
    if (strcmp(arn.service, "firehose") == 0) {
        struct proto_error err = {0};
        int rc = firehose_put_from_service(arn_text, input, strlen(input), &err);
        if (rc != 0)
            snprintf(reason, size, "%s", err.message ? err.message : "The stream refused it.");
        proto_error_clear(&err);
        return rc;
    }
    *code = "NotYetImplemented";
    snprintf(reason, size, "motoc does not deliver EventBridge events to %s yet.", arn.service);
    return -1;
}

void events_deliver_to_targets(const cJSON *rule, const cJSON *event, int hops)
{
    const char *rule_arn = param_string(rule, "Arn");
    const cJSON *target;
    cJSON_ArrayForEach(target, cJSON_GetObjectItemCaseSensitive(rule, "_targets")) {
        char *input = target_input(target, event, rule_arn, param_string(rule, "Name"));
        if (!input)
            continue;
        const char *code;
        char reason[256];
        if (send(target, event, input, hops, &code, reason, sizeof reason) != 0)
            dead_letter(target, rule_arn, input, code, reason);
        free(input);
    }
}

static bool listed(const cJSON *arns, const char *arn)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, arns) {
        if (cJSON_IsString(item) && strcmp(item->valuestring, arn) == 0)
            return true;
    }
    return false;
}

void events_route_to_rules(const cJSON *bus, const cJSON *event, int hops, const cJSON *rule_arns)
{
    bool filtered = cJSON_GetArraySize(rule_arns) > 0;
    const cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItemCaseSensitive(bus, "_rules")) {
        const char *pattern_text = param_string(rule, "EventPattern");
        const char *state = param_string(rule, "State");
        if (!pattern_text || (state && strcmp(state, "ENABLED") != 0) ||
            (filtered && !listed(rule_arns, param_string(rule, "Arn"))))
            continue;
        char reason[256];
        cJSON *pattern = event_pattern_parse(pattern_text, reason, sizeof reason);
        bool matches = pattern && event_pattern_matches(pattern, event);
        cJSON_Delete(pattern);
        if (matches)
            events_deliver_to_targets(rule, event, hops);
    }
}

void events_route(const cJSON *bus, const cJSON *event, int hops)
{
    events_route_to_rules(bus, event, hops, NULL);
}
