/* The S3 backend: its operation table, reset and state. */
#include <stdlib.h>
#include <string.h>

#include "../core/backend.h"
#include "access_log.h"
#include "event_notification.h"
#include "replication.h"
#include "blob.h"
#include "bucket.h"
#include "ops.h"
#include "persist.h"

static const struct operation_entry s3_operations[] = {S3_OPERATIONS(OPERATION_ENTRY)};

static const struct unmodeled_operation preflight = {"PreflightRequest", s3_preflight};
static const struct unmodeled_operation post_object = {"PostObject", s3_post_object};

/* What browsers send: CORS preflights to any bucket or object, and HTML form uploads, which
 * are posted to the bucket itself. */
static const struct unmodeled_operation *s3_unmodeled_operation(const struct http_request *req)
{
    if (strcmp(req->method, "OPTIONS") == 0)
        return &preflight;
    bool names_bucket = req->path[0] == '/' && req->path[1] && req->path[1] != '/';
    const char *after_bucket = names_bucket ? strchr(req->path + 1, '/') : NULL;
    if (strcmp(req->method, "POST") == 0 && names_bucket && (!after_bucket || !after_bucket[1]))
        return &post_object;
    return NULL;
}

/* What a request leaves behind besides its answer: replicas of what it wrote, the event
 * notifications its changes cause and its access log record. */
static void s3_call_answered(const struct answered_call *a)
{
    s3_replicate_answered_call(a);
    s3_notify_answered_call(a);
    s3_access_log_record(a);
}

static void s3_reset(void)
{
    buckets_reset();
}

static cJSON *s3_state_json(void)
{
    cJSON *state = cJSON_CreateObject();
    cJSON *buckets = cJSON_AddArrayToObject(state, "buckets");
    for (const struct sorted_node *n = sorted_map_seek(bucket_registry(), NULL, false); n;
         n = sorted_map_next(n)) {
        const struct bucket *b = sorted_node_value(n);
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "name", b->name);
        cJSON_AddStringToObject(entry, "account", b->account);
        cJSON_AddStringToObject(entry, "region", b->region);
        cJSON_AddNumberToObject(entry, "keys", (double)sorted_map_count(b->objects));
        cJSON_AddItemToArray(buckets, entry);
    }
    return state;
}

const struct service_backend s3_backend = {
    .service = "s3",
    /* S3 answers each bad input with its own code (InvalidStorageClass, MalformedXML …), never
     * a generic "validation error detected". */
    .validation = VALIDATE_IN_SERVICE,
    OPERATION_TABLE(s3_operations),
    .reset = s3_reset,
    .state_json = s3_state_json,
    .unmodeled_operation = s3_unmodeled_operation,
    .call_answered = s3_call_answered,
    .persistence = &s3_persistence,
};
