/* Event notifications to SQS and SNS, in process: after a request that created, removed,
 * restored, tagged or re-ACLed an object, every queue or topic configuration of the bucket whose
 * events and key filter match gets one message holding one record in S3's event message
 * structure (version 2.1). Setting a configuration sends each destination an s3:TestEvent.
 * Destinations that do not exist, FIFO queues and topics, and Lambda functions are skipped. With
 * EventBridgeConfiguration on, the change also goes to EventBridge (eventbridge_event.h). */
#include "event_notification.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/params.h"
#include "../lambda/async_invoke.h"
#include "../sns/sns.h"
#include "../sqs/sqs.h"
#include "blob.h"
#include "bucket.h"
#include "eventbridge_event.h"
#include "object.h"
#include "s3_call.h"
#include "versioning.h"

/* The event an operation's success causes; DeleteObject's depends on its answer. */
static const struct {
    const char *operation;
    const char *event;
} operation_events[] = {
    {"CompleteMultipartUpload", "ObjectCreated:CompleteMultipartUpload"},
    {"CopyObject", "ObjectCreated:Copy"},
    {"DeleteObjectTagging", "ObjectTagging:Delete"},
    {"PutObject", "ObjectCreated:Put"},
    {"PutObjectAcl", "ObjectAcl:Put"},
    {"PutObjectTagging", "ObjectTagging:Put"},
    {"RestoreObject", "ObjectRestore:Post"},
};

static const char *event_of(const struct answered_call *a)
{
    if (strcmp(a->operation, "DeleteObject") == 0) {
        /* Removing a version that is a marker answers x-amz-delete-marker too. */
        const char *marker = http_headers_get(&a->resp->headers, "x-amz-delete-marker");
        bool names_version = strncmp(a->req->query, "versionId=", 10) == 0 ||
                             strstr(a->req->query, "&versionId=") != NULL;
        return marker && strcmp(marker, "true") == 0 && !names_version
                   ? "ObjectRemoved:DeleteMarkerCreated"
                   : "ObjectRemoved:Delete";
    }
    for (size_t i = 0; i < sizeof operation_events / sizeof operation_events[0]; i++)
        if (strcmp(a->operation, operation_events[i].operation) == 0)
            return operation_events[i].event;
    return NULL;
}

/* "s3:ObjectCreated:*" matches every ObjectCreated event, "s3:ObjectCreated:Put" that one. */
static bool configuration_wants(const cJSON *configuration, const char *event)
{
    const cJSON *wanted;
    cJSON_ArrayForEach(wanted, cJSON_GetObjectItemCaseSensitive(configuration, "Events"))
    {
        const char *name = cJSON_IsString(wanted) ? wanted->valuestring : "";
        if (strncmp(name, "s3:", 3) != 0)
            continue;
        name += 3;
        size_t len = strlen(name);
        if (strcmp(name, event) == 0 ||
            (len > 0 && name[len - 1] == '*' && strncmp(name, event, len - 1) == 0))
            return true;
    }
    return false;
}

static bool key_passes_filter(const cJSON *configuration, const char *key)
{
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(configuration, "Filter"),
                                         "Key"),
        "FilterRules");
    size_t key_len = strlen(key);
    const cJSON *rule;
    cJSON_ArrayForEach(rule, rules)
    {
        const char *name = param_string(rule, "Name");
        const char *value = param_string(rule, "Value");
        size_t len = value ? strlen(value) : 0;
        if (!name || !value)
            continue;
        if (strcasecmp(name, "prefix") == 0 && strncmp(key, value, len) != 0)
            return false;
        if (strcasecmp(name, "suffix") == 0 &&
            (len > key_len || strcmp(key + key_len - len, value) != 0))
            return false;
    }
    return true;
}

/* Keys in records are form-encoded: unreserved characters kept, space as '+', the rest %XX. */
static void add_form_encoded(cJSON *obj, const char *name, const char *text)
{
    struct buf out = BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (isalnum(*p) || *p == '.' || *p == '-' || *p == '_' || *p == '*')
            buf_append(&out, p, 1);
        else if (*p == ' ')
            buf_puts(&out, "+");
        else
            buf_printf(&out, "%%%02X", *p);
    }
    cJSON_AddStringToObject(obj, name, out.data ? out.data : "");
    buf_free(&out);
}

static void time_now(char out[32])
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t seconds = tv.tv_sec;
    struct tm tm;
    gmtime_r(&seconds, &tm);
    char date[24];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 32, "%s.%03dZ", date, (int)(tv.tv_usec / 1000));
}

/* Orders the events of one key: later events have greater sequencers (as hex strings). */
static void next_sequencer(char out[24])
{
    static uint64_t last;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    uint64_t now = (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
    last = now > last ? now : last + 1;
    snprintf(out, 24, "00%016" PRIX64, last);
}

struct event_facts {
    const char *event;
    const char *key;
    const char *request_id;
    const char *host_id;
    const char *requester_account;
    const struct object_version *object; /* for created objects; NULL otherwise */
    const char *version_id;              /* NULL when unversioned */
};

static char *record_message(const struct bucket *b, const struct event_facts *f,
                            const char *configuration_id)
{
    char when[32], sequencer[24];
    time_now(when);
    next_sequencer(sequencer);
    cJSON *message = cJSON_CreateObject();
    cJSON *record = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(message, "Records"), record);
    cJSON_AddStringToObject(record, "eventVersion", "2.1");
    cJSON_AddStringToObject(record, "eventSource", "aws:s3");
    cJSON_AddStringToObject(record, "awsRegion", b->region);
    cJSON_AddStringToObject(record, "eventTime", when);
    cJSON_AddStringToObject(record, "eventName", f->event);
    char principal[32];
    snprintf(principal, sizeof principal, "AWS:%s", f->requester_account);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(record, "userIdentity"), "principalId",
                            principal);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(record, "requestParameters"),
                            "sourceIPAddress", "127.0.0.1");
    cJSON *response = cJSON_AddObjectToObject(record, "responseElements");
    cJSON_AddStringToObject(response, "x-amz-request-id", f->request_id);
    cJSON_AddStringToObject(response, "x-amz-id-2", f->host_id ? f->host_id : "");
    cJSON *s3 = cJSON_AddObjectToObject(record, "s3");
    cJSON_AddStringToObject(s3, "s3SchemaVersion", "1.0");
    cJSON_AddStringToObject(s3, "configurationId", configuration_id ? configuration_id : "");
    cJSON *bucket = cJSON_AddObjectToObject(s3, "bucket");
    cJSON_AddStringToObject(bucket, "name", b->name);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(bucket, "ownerIdentity"), "principalId",
                            b->account);
    char *arn = arn_build_global("s3", b->region, "", "%s", b->name);
    cJSON_AddStringToObject(bucket, "arn", arn);
    free(arn);
    cJSON *object = cJSON_AddObjectToObject(s3, "object");
    add_form_encoded(object, "key", f->key);
    if (f->object && f->object->body) {
        cJSON_AddNumberToObject(object, "size", (double)blob_length(f->object->body));
        char etag[ETAG_MAX];
        size_t n = strlen(f->object->etag);
        snprintf(etag, sizeof etag, "%.*s", n >= 2 ? (int)n - 2 : 0, f->object->etag + 1);
        cJSON_AddStringToObject(object, "eTag", etag);
    }
    if (f->version_id && f->version_id[0] && strcmp(f->version_id, "null") != 0)
        cJSON_AddStringToObject(object, "versionId", f->version_id);
    cJSON_AddStringToObject(object, "sequencer", sequencer);
    char *text = cJSON_PrintUnformatted(message);
    cJSON_Delete(message);
    return text;
}

static char *test_event_message(const struct bucket *b, const struct answered_call *a)
{
    char when[32];
    time_now(when);
    cJSON *message = cJSON_CreateObject();
    cJSON_AddStringToObject(message, "Service", "Amazon S3");
    cJSON_AddStringToObject(message, "Event", "s3:TestEvent");
    cJSON_AddStringToObject(message, "Time", when);
    cJSON_AddStringToObject(message, "Bucket", b->name);
    cJSON_AddStringToObject(message, "RequestId", a->request_id);
    const char *host_id = http_headers_get(&a->resp->headers, "x-amz-id-2");
    cJSON_AddStringToObject(message, "HostId", host_id ? host_id : "");
    char *text = cJSON_PrintUnformatted(message);
    cJSON_Delete(message);
    return text;
}

/* The kinds of destination motoc delivers to. */
enum destination { DEST_QUEUE, DEST_TOPIC, DEST_FUNCTION };
static const struct {
    const char *list, *arn_member;
    enum destination kind;
} destination_kinds[] = {
    {"QueueConfigurations", "QueueArn", DEST_QUEUE},
    {"TopicConfigurations", "TopicArn", DEST_TOPIC},
    {"LambdaFunctionConfigurations", "LambdaFunctionArn", DEST_FUNCTION},
};

static void send_to(const char *arn, enum destination kind, const char *message)
{
    if (kind == DEST_TOPIC) {
        sns_publish_from_service(arn, "Amazon S3 Notification", message);
        return;
    }
    if (kind == DEST_FUNCTION) {
        /* S3 invokes functions asynchronously, with the same records. */
        struct arn function;
        struct proto_error err = {0};
        if (arn_parse(arn, &function))
            async_invoke_queue(function.account, function.region, arn, NULL, message,
                               strlen(message), &err);
        proto_error_clear(&err);
        return;
    }
    struct sqs_delivery d = {message, NULL, NULL, NULL, NULL};
    struct proto_error err = {0};
    sqs_deliver(arn, &d, &err);
    proto_error_clear(&err);
}

/* One s3:TestEvent per destination named, however many configurations name it. */
static void send_test_events(const struct bucket *b, const struct answered_call *a)
{
    const cJSON *config = b->config[CONFIG_NOTIFICATION];
    char *message = NULL;
    for (size_t k = 0; k < sizeof destination_kinds / sizeof destination_kinds[0]; k++) {
        if (destination_kinds[k].kind == DEST_FUNCTION)
            continue; /* functions get no s3:TestEvent */
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(config, destination_kinds[k].list);
        int index = 0;
        const cJSON *configuration;
        cJSON_ArrayForEach(configuration, list)
        {
            const char *arn = param_string(configuration, destination_kinds[k].arn_member);
            bool seen = false;
            for (int i = 0; arn && i < index && !seen; i++) {
                const char *earlier = param_string(cJSON_GetArrayItem(list, i),
                                                   destination_kinds[k].arn_member);
                seen = earlier && strcmp(earlier, arn) == 0;
            }
            index++;
            if (!arn || seen)
                continue;
            if (!message)
                message = test_event_message(b, a);
            send_to(arn, destination_kinds[k].kind, message);
        }
    }
    cJSON_free(message);
}

static void send_to_eventbridge(const struct bucket *b, const struct event_facts *f)
{
    char sequencer[24], etag[ETAG_MAX] = "";
    next_sequencer(sequencer);
    struct s3_change change = {f->event, f->key, f->request_id, f->requester_account,
                               f->version_id, NULL, -1, sequencer};
    if (f->object && f->object->body) {
        size_t n = strlen(f->object->etag);
        snprintf(etag, sizeof etag, "%.*s", n >= 2 ? (int)n - 2 : 0, f->object->etag + 1);
        change.etag = etag;
        change.size = (long long)blob_length(f->object->body);
    }
    s3_send_to_eventbridge(b, &change);
}

static void send_event(const struct bucket *b, const struct event_facts *f)
{
    const cJSON *config = b->config[CONFIG_NOTIFICATION];
    for (size_t k = 0; k < sizeof destination_kinds / sizeof destination_kinds[0]; k++) {
        const cJSON *configuration;
        cJSON_ArrayForEach(configuration,
                           cJSON_GetObjectItemCaseSensitive(config, destination_kinds[k].list))
        {
            const char *arn = param_string(configuration, destination_kinds[k].arn_member);
            if (!arn || !configuration_wants(configuration, f->event) ||
                !key_passes_filter(configuration, f->key))
                continue;
            char *message = record_message(b, f, param_string(configuration, "Id"));
            send_to(arn, destination_kinds[k].kind, message);
            cJSON_free(message);
        }
    }
    if (cJSON_GetObjectItemCaseSensitive(config, "EventBridgeConfiguration"))
        send_to_eventbridge(b, f);
}

void s3_notify_object_event(const struct call *c, const struct bucket *b, const char *event,
                            const char *key, const char *version_id)
{
    if (!b->config[CONFIG_NOTIFICATION])
        return;
    struct event_facts f = {event, key, c->request_id, NULL, c->route->account, NULL,
                            version_id};
    if (strncmp(event, "ObjectCreated:", 14) == 0)
        f.object = versioning_current(b, key);
    send_event(b, &f);
}

void s3_notify_answered_call(const struct answered_call *a)
{
    if (a->resp->status >= 300)
        return;
    bool configured = strcmp(a->operation, "PutBucketNotificationConfiguration") == 0;
    const char *event = configured ? NULL : event_of(a);
    if (!configured && !event)
        return;
    struct buf name = BUF_INIT, key = BUF_INIT;
    struct bucket *b = s3_path_bucket_key(a->req, &name, &key) ? bucket_find(name.data) : NULL;
    if (b && b->config[CONFIG_NOTIFICATION]) {
        if (configured) {
            send_test_events(b, a);
        } else if (key.len > 0) {
            const char *version_id = http_headers_get(&a->resp->headers, "x-amz-version-id");
            struct event_facts f = {event, key.data, a->request_id,
                                    http_headers_get(&a->resp->headers, "x-amz-id-2"),
                                    a->route->account, NULL, version_id};
            if (strncmp(event, "ObjectCreated:", 14) == 0)
                f.object = versioning_current(b, key.data);
            send_event(b, &f);
        }
    }
    buf_free(&name);
    buf_free(&key);
}
