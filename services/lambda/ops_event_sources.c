/* CreateEventSourceMapping and friends: mappings from SQS queues, Kinesis and DynamoDB streams
 * (and the other sources the model names) to functions, with Lambda's defaults and checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "event_filters.h"
#include "event_source_state.h"
#include "function_config.h"
#include "ops.h"
#include "state.h"

const cJSON *lambda_event_source_find(const char *uuid)
{
    return lambda_event_source_lookup(uuid, NULL);
}

static bool is_source(const char *arn_text, const char *service)
{
    struct arn arn;
    return arn_text && arn_parse(arn_text, &arn) && strcmp(arn.service, service) == 0;
}

static bool is_stream(const char *arn)
{
    return is_source(arn, "kinesis") || is_source(arn, "dynamodb") || is_source(arn, "kafka");
}

/* The streams Lambda reads shard by shard, with retries, windows and parallel batches. */
static bool is_shard_stream(const char *arn)
{
    return is_source(arn, "kinesis") || is_source(arn, "dynamodb");
}

static void set_number(cJSON *obj, const char *name, double value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    cJSON_AddNumberToObject(obj, name, value);
}

static void set_state(cJSON *m, bool enabled)
{
    cJSON_DeleteItemFromObjectCaseSensitive(m, "State");
    cJSON_AddStringToObject(m, "State", enabled ? "Enabled" : "Disabled");
    cJSON_DeleteItemFromObjectCaseSensitive(m, "StateTransitionReason");
    cJSON_AddStringToObject(m, "StateTransitionReason", "USER_INITIATED");
    set_number(m, "LastModified", (double)time(NULL));
}

static void copy_members(cJSON *m, const cJSON *in)
{
    static const char *const members[] = {
        "BatchSize", "MaximumBatchingWindowInSeconds", "FilterCriteria", "FunctionResponseTypes",
        "DestinationConfig", "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError",
        "MaximumRetryAttempts", "ParallelizationFactor", "TumblingWindowInSeconds",
        "ScalingConfig", "StartingPosition", "StartingPositionTimestamp", "Topics", "Queues",
        "SourceAccessConfigurations", "SelfManagedEventSource", "DocumentDBEventSourceConfig",
        "KMSKeyArn", "MetricsConfig", "ProvisionedPollerConfig"};
    for (size_t i = 0; i < sizeof members / sizeof *members; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, members[i]);
        if (v) {
            cJSON_DeleteItemFromObjectCaseSensitive(m, members[i]);
            cJSON_AddItemToObject(m, members[i], cJSON_Duplicate(v, true));
        }
    }
}

static int check_batch(struct call *c, const cJSON *m)
{
    const char *source = param_string(m, "EventSourceArn");
    double size = param_number(m, "BatchSize", 0);
    double window = param_number(m, "MaximumBatchingWindowInSeconds", 0);
    double max = is_source(source, "sqs") ? (window > 0 ? 10000 : 10) : 10000;
    if (size < 1 || size > max)
        return call_fail(c, 400, "InvalidParameterValueException",
                         "BatchSize %g is out of range for %s: it must be between 1 and %g%s", size,
                         source, max,
                         is_source(source, "sqs") && window <= 0
                             ? " when MaximumBatchingWindowInSeconds is not set"
                             : "");
    return 0;
}

/* Settings of shard streams that Lambda refuses for other sources, in the names its message
 * uses. */
static int check_stream_only(struct call *c, const cJSON *m)
{
    static const char *const members[][2] = {
        {"ParallelizationFactor", "parallelizationFactor"},
        {"TumblingWindowInSeconds", "tumblingWindowInSeconds"},
        {"BisectBatchOnFunctionError", "bisectBatchOnFunctionError"},
        {"MaximumRecordAgeInSeconds", "maximumRecordAgeInSeconds"},
        {"MaximumRetryAttempts", "maximumRetryAttempts"}};
    const char *source = param_string(m, "EventSourceArn");
    if (is_shard_stream(source))
        return 0;
    /* Kafka mappings take the retry settings; only Kinesis and DynamoDB take the rest. */
    size_t checked = is_source(source, "kafka") ? 2 : sizeof members / sizeof *members;
    for (size_t i = 0; i < checked; i++)
        if (cJSON_GetObjectItemCaseSensitive(m, members[i][0]))
            return call_fail(c, 400, "InvalidParameterValueException",
                             "Unsupported '%s' parameter for given event source mapping type.",
                             members[i][1]);
    return 0;
}

/* The batch limits, the settings the source takes and the filter patterns. */
static int check_mapping(struct call *c, const cJSON *m)
{
    if (check_batch(c, m) != 0 || check_stream_only(c, m) != 0)
        return -1;
    if (!lambda_filters_valid(cJSON_GetObjectItemCaseSensitive(m, "FilterCriteria")))
        return call_fail(c, 400, "InvalidParameterValueException",
                         "Invalid filter pattern definition.");
    return 0;
}

OPERATION(lambda_create_event_source_mapping)
{
    const char *source = param_string(in, "EventSourceArn");
    struct lambda_name n;
    cJSON *f = lambda_function_for_call(c, in, true, &n);
    if (!f)
        return -1;
    const cJSON *version = lambda_version_resolve(n.account, n.region, n.name, n.qualifier,
                                                  c->err);
    if (!version)
        return -1;
    if (is_stream(source) && !param_string(in, "StartingPosition"))
        return call_fail(c, 400, "InvalidParameterValueException",
                         "1 validation error detected: Value null at 'startingPosition' failed "
                         "to satisfy constraint: Member must not be null.");
    struct lambda_region *r = lambda_region_get(n.account, n.region);
    const cJSON *existing;
    cJSON_ArrayForEach(existing, r->event_source_mappings) {
        if (source && strcmp(param_string(existing, "EventSourceArn"), source) == 0 &&
            strcmp(param_string(existing, "FunctionArn"), param_string(version, "FunctionArn")) ==
                0) {
            return call_fail(c, 409, "ResourceConflictException",
                             "The event source arn (\" %s \") and function (\" %s \") provided "
                             "mapping already exists. Please update or delete the existing "
                             "mapping with UUID %s",
                             source, n.name, param_string(existing, "UUID"));
        }
    }
    cJSON *m = cJSON_CreateObject();
    char id[37];
    uuid_new(id);
    cJSON_AddStringToObject(m, "UUID", id);
    cJSON_AddNumberToObject(m, "BatchSize", is_source(source, "sqs") ? 10 : 100);
    cJSON_AddNumberToObject(m, "MaximumBatchingWindowInSeconds", 0);
    if (source)
        cJSON_AddStringToObject(m, "EventSourceArn", source);
    cJSON_AddStringToObject(m, "FunctionArn", param_string(version, "FunctionArn"));
    cJSON_AddArrayToObject(m, "FunctionResponseTypes");
    if (is_stream(source))
        cJSON_AddStringToObject(m, "LastProcessingResult", "No records processed");
    if (is_shard_stream(source)) {
        /* What Lambda answers for a stream mapping created without them. */
        cJSON_AddNumberToObject(m, "ParallelizationFactor", 1);
        cJSON_AddNumberToObject(m, "MaximumRecordAgeInSeconds", -1);
        cJSON_AddBoolToObject(m, "BisectBatchOnFunctionError", false);
        cJSON_AddNumberToObject(m, "MaximumRetryAttempts", -1);
        cJSON_AddNumberToObject(m, "TumblingWindowInSeconds", 0);
    }
    copy_members(m, in);
    if (check_mapping(c, m) != 0) {
        cJSON_Delete(m);
        return -1;
    }
    char *arn = arn_build("lambda", n.region, n.account, "event-source-mapping:%s", id);
    cJSON_AddStringToObject(m, "EventSourceMappingArn", arn);
    free(arn);
    bool enabled = param_bool(in, "Enabled", true);
    set_state(m, enabled);
    cJSON_AddItemToArray(r->event_source_mappings, m);
    lambda_configuration_answer(m, out);
    /* Lambda answers while the mapping is still being created. */
    cJSON_ReplaceItemInObjectCaseSensitive(out, "State", cJSON_CreateString("Creating"));
    if (enabled)
        lambda_event_source_watch(id, n.account, n.region);
    return 0;
}

static cJSON *mapping_for_call(struct call *c, const cJSON *in, struct lambda_region **region)
{
    const char *uuid = param_string(in, "UUID");
    cJSON *m = lambda_event_source_lookup(uuid, region);
    if (!m)
        call_fail(c, 404, "ResourceNotFoundException",
                  "The resource you requested does not exist.");
    return m;
}

OPERATION(lambda_get_event_source_mapping)
{
    cJSON *m = mapping_for_call(c, in, NULL);
    if (!m)
        return -1;
    lambda_configuration_answer(m, out);
    return 0;
}

OPERATION(lambda_update_event_source_mapping)
{
    struct lambda_region *r;
    cJSON *m = mapping_for_call(c, in, &r);
    if (!m)
        return -1;
    cJSON *updated = cJSON_Duplicate(m, true);
    copy_members(updated, in);
    if (param_string(in, "FunctionName")) {
        struct lambda_name n;
        if (!lambda_function_for_call(c, in, true, &n)) {
            cJSON_Delete(updated);
            return -1;
        }
        const cJSON *version = lambda_version_resolve(n.account, n.region, n.name, n.qualifier,
                                                      c->err);
        if (!version) {
            cJSON_Delete(updated);
            return -1;
        }
        cJSON_ReplaceItemInObjectCaseSensitive(
            updated, "FunctionArn", cJSON_CreateString(param_string(version, "FunctionArn")));
    }
    if (check_mapping(c, updated) != 0) {
        cJSON_Delete(updated);
        return -1;
    }
    const cJSON *enabled = cJSON_GetObjectItemCaseSensitive(in, "Enabled");
    if (enabled)
        set_state(updated, cJSON_IsTrue(enabled));
    cJSON_ReplaceItemViaPointer(r->event_source_mappings, m, updated);
    lambda_configuration_answer(updated, out);
    if (enabled)
        cJSON_ReplaceItemInObjectCaseSensitive(
            out, "State", cJSON_CreateString(cJSON_IsTrue(enabled) ? "Enabling" : "Disabling"));
    if (enabled)
        lambda_event_source_watch(param_string(updated, "UUID"), r->account, r->region);
    return 0;
}

OPERATION(lambda_delete_event_source_mapping)
{
    struct lambda_region *r;
    cJSON *m = mapping_for_call(c, in, &r);
    if (!m)
        return -1;
    lambda_configuration_answer(m, out);
    cJSON_ReplaceItemInObjectCaseSensitive(out, "State", cJSON_CreateString("Deleting"));
    cJSON_Delete(cJSON_DetachItemViaPointer(r->event_source_mappings, m));
    return 0;
}

OPERATION(lambda_list_event_source_mappings)
{
    const struct lambda_region *r = lambda_region_find(c->route->account, c->route->region);
    const char *source = param_string(in, "EventSourceArn");
    const char *function = param_string(in, "FunctionName");
    const cJSON *version = NULL;
    if (function) {
        version = lambda_version_resolve(c->route->account, c->route->region, function, NULL,
                                         c->err);
        if (!version)
            return -1;
    }
    cJSON *list = cJSON_AddArrayToObject(out, "EventSourceMappings");
    const cJSON *m;
    cJSON *mappings = r ? r->event_source_mappings : NULL;
    cJSON_ArrayForEach(m, mappings) {
        if (source && strcmp(source, param_string(m, "EventSourceArn")) != 0)
            continue;
        if (version && strncmp(param_string(m, "FunctionArn"), param_string(version, "FunctionArn"),
                               strlen(param_string(version, "FunctionArn"))) != 0)
            continue;
        cJSON *answer = cJSON_CreateObject();
        lambda_configuration_answer(m, answer);
        cJSON_AddItemToArray(list, answer);
    }
    return 0;
}
