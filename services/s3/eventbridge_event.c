/* S3 events on EventBridge (eventbridge_event.h), in the shapes AWS documents: source aws.s3,
 * resources [the bucket's ARN], detail {version "0", bucket {name}, object {key, size, etag,
 * version-id, sequencer}, request-id, requester, source-ip-address, reason} (and deletion-type
 * for "Object Deleted"). */
#include "eventbridge_event.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../core/arn.h"
#include "../events/events.h"
#include "bucket.h"

static const struct {
    const char *event;
    const char *detail_type;
    const char *reason;
    const char *deletion_type; /* NULL: not a deletion */
} kinds[] = {
    {"ObjectCreated:Put", "Object Created", "PutObject", NULL},
    {"ObjectCreated:Post", "Object Created", "POST Object", NULL},
    {"ObjectCreated:Copy", "Object Created", "CopyObject", NULL},
    {"ObjectCreated:CompleteMultipartUpload", "Object Created", "CompleteMultipartUpload", NULL},
    {"ObjectRemoved:Delete", "Object Deleted", "DeleteObject", "Permanently Deleted"},
    {"ObjectRemoved:DeleteMarkerCreated", "Object Deleted", "DeleteObject",
     "Delete Marker Created"},
    {"ObjectTagging:Put", "Object Tags Added", "PutObjectTagging", NULL},
    {"ObjectTagging:Delete", "Object Tags Deleted", "DeleteObjectTagging", NULL},
    {"ObjectAcl:Put", "Object ACL Updated", "PutObjectAcl", NULL},
    {"ObjectRestore:Post", "Object Restore Initiated", "RestoreObject", NULL},
};

void s3_send_to_eventbridge(const struct bucket *b, const struct s3_change *change)
{
    size_t k = 0;
    while (k < sizeof kinds / sizeof kinds[0] && strcmp(kinds[k].event, change->event) != 0)
        k++;
    if (k == sizeof kinds / sizeof kinds[0])
        return;
    cJSON *detail = cJSON_CreateObject();
    cJSON_AddStringToObject(detail, "version", "0");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(detail, "bucket"), "name", b->name);
    cJSON *object = cJSON_AddObjectToObject(detail, "object");
    cJSON_AddStringToObject(object, "key", change->key);
    if (change->size >= 0)
        cJSON_AddNumberToObject(object, "size", (double)change->size);
    if (change->etag)
        cJSON_AddStringToObject(object, "etag", change->etag);
    if (change->version_id && change->version_id[0] && strcmp(change->version_id, "null") != 0)
        cJSON_AddStringToObject(object, "version-id", change->version_id);
    cJSON_AddStringToObject(object, "sequencer", change->sequencer);
    cJSON_AddStringToObject(detail, "request-id", change->request_id ? change->request_id : "");
    cJSON_AddStringToObject(detail, "requester", change->requester);
    cJSON_AddStringToObject(detail, "source-ip-address", "127.0.0.1");
    cJSON_AddStringToObject(detail, "reason", kinds[k].reason);
    if (kinds[k].deletion_type)
        cJSON_AddStringToObject(detail, "deletion-type", kinds[k].deletion_type);
    cJSON *resources = cJSON_CreateArray();
    char *arn = arn_build_global("s3", b->region, "", "%s", b->name);
    cJSON_AddItemToArray(resources, cJSON_CreateString(arn));
    free(arn);
    cJSON *event = events_new_event(b->account, b->region, "aws.s3", kinds[k].detail_type,
                                    resources, detail);
    cJSON_Delete(resources);
    events_put_from_service(b->account, b->region, event);
    cJSON_Delete(event);
}
