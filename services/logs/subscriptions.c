/* Subscription filters at work (subscriptions.h). A Logs destination (another account's
 * receiving end) is followed to the stream it names; Kinesis and Firehose streams are reached in
 * process, other services that receive deliveries register a sink. */
#include "subscriptions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/content_encoding.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "../firehose/firehose_records.h"
#include "../core/codec_util.h"
#include "../kinesis/kinesis_records.h"
#include "../lambda/async_invoke.h"
#include "filter_pattern.h"
#include "groups.h"
#include "state.h"

#define MAX_SINKS 8

static struct {
    char service[16];
    subscription_sink sink;
} sinks[MAX_SINKS];

void subscription_sink_register(const char *service, subscription_sink sink)
{
    for (size_t i = 0; i < MAX_SINKS; i++) {
        if (!sinks[i].sink || strcmp(sinks[i].service, service) == 0) {
            snprintf(sinks[i].service, sizeof sinks[i].service, "%s", service);
            sinks[i].sink = sink;
            return;
        }
    }
}

bool subscription_payload(const char *owner, const char *group, const char *stream,
                          const char *filter, const cJSON *const *events, size_t n,
                          struct buf *gzipped)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "messageType", "DATA_MESSAGE");
    cJSON_AddStringToObject(doc, "owner", owner);
    cJSON_AddStringToObject(doc, "logGroup", group);
    cJSON_AddStringToObject(doc, "logStream", stream);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "subscriptionFilters"),
                         cJSON_CreateString(filter));
    cJSON *list = cJSON_AddArrayToObject(doc, "logEvents");
    for (size_t i = 0; i < n; i++) {
        cJSON *e = cJSON_CreateObject();
        const char *id = param_string(events[i], "_eventId");
        cJSON_AddStringToObject(e, "id", id ? id : "");
        cJSON_AddNumberToObject(e, "timestamp", param_number(events[i], "timestamp", 0));
        cJSON_AddStringToObject(e, "message", param_string(events[i], "message"));
        cJSON_AddItemToArray(list, e);
    }
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    bool ok = text && gzip_encode(text, strlen(text), gzipped);
    cJSON_free(text);
    return ok;
}

/* Hands data to the sink of the service target names; a Logs destination is followed to its
 * target (in the destination's own account and region). */
static void send(const char *target, const void *data, size_t len, int hops)
{
    struct arn arn;
    if (!target || !arn_parse(target, &arn))
        return;
    if (strcmp(arn.service, "logs") == 0 && strncmp(arn.resource, "destination:", 12) == 0) {
        const struct logs_region *owner = logs_region_find(arn.account, arn.region);
        const cJSON *d = owner ? entry_named(owner->destinations, "destinationName",
                                             arn.resource + 12)
                               : NULL;
        if (d && hops == 0)
            send(param_string(d, "targetArn"), data, len, hops + 1);
        return;
    }
    if (strcmp(arn.service, "kinesis") == 0) {
        /* Each delivery goes to a shard of its own choosing, as Logs spreads them. */
        char key[37];
        uuid_new(key);
        struct proto_error err = {0};
        kinesis_put_from_service(target, data, len, key, &err);
        proto_error_clear(&err);
        return;
    }
    for (size_t i = 0; i < MAX_SINKS && sinks[i].sink; i++) {
        if (strcmp(sinks[i].service, arn.service) == 0) {
            sinks[i].sink(arn.account, arn.region, target, data, len);
            return;
        }
    }
    if (strcmp(arn.service, "firehose") == 0) {
        struct proto_error err = {0};
        firehose_put_from_service(target, data, len, &err);
        proto_error_clear(&err);
    }
    if (strcmp(arn.service, "lambda") == 0) {
        /* A function gets the gzip envelope base64-encoded under awslogs.data. */
        struct buf b64 = BUF_INIT, payload = BUF_INIT;
        base64_encode(data, len, &b64);
        buf_printf(&payload, "{\"awslogs\":{\"data\":\"%s\"}}", b64.data ? b64.data : "");
        struct proto_error err = {0};
        async_invoke_queue(arn.account, arn.region, target, NULL, payload.data, payload.len, &err);
        proto_error_clear(&err);
        buf_free(&b64);
        buf_free(&payload);
    }
}

void subscriptions_deliver(const char *account, const cJSON *group, const char *stream,
                           const cJSON *const *events, size_t n)
{
    const cJSON *filters = cJSON_GetObjectItemCaseSensitive(group, "_subscriptionFilters");
    if (n == 0 || cJSON_GetArraySize(filters) == 0)
        return;
    const cJSON **matched = calloc(n, sizeof *matched);
    const cJSON *filter;
    cJSON_ArrayForEach(filter, filters) {
        const char *pattern = param_string(filter, "filterPattern");
        size_t count = 0;
        for (size_t i = 0; i < n; i++)
            if (filter_pattern_matches(pattern, param_string(events[i], "message")))
                matched[count++] = events[i];
        if (count == 0)
            continue;
        struct buf gzipped = BUF_INIT;
        if (subscription_payload(account, param_string(group, "logGroupName"), stream,
                                 param_string(filter, "filterName"), matched, count, &gzipped))
            send(param_string(filter, "destinationArn"), gzipped.data, gzipped.len, 0);
        buf_free(&gzipped);
    }
    free(matched);
}
