/* Live replication, done at once where S3 does it within minutes: after PutObject, CopyObject,
 * CompleteMultipartUpload or a form upload in a versioned bucket, every enabled rule of its replication
 * configuration whose filter (prefix, tag, or both) selects the new object copies it to the
 * rule's destination bucket — one replica per destination, by the rule of highest priority —
 * keeping its version id, metadata, tags and checksum, in the destination's storage class if
 * the rule names one. The source version then reports ReplicationStatus COMPLETED (FAILED when
 * a destination is missing or not versioned), the replica REPLICA. Replicas are not replicated
 * again, and delete markers are not replicated. */
#include "replication.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "bucket.h"
#include "object.h"
#include "s3_call.h"
#include "versioning.h"

#define STATUS_MEMBER "ReplicationStatus"

static bool is_created_by(const char *operation)
{
    return strcmp(operation, "PutObject") == 0 || strcmp(operation, "CopyObject") == 0 ||
           strcmp(operation, "CompleteMultipartUpload") == 0;
}

static bool has_tag(const cJSON *tags, const cJSON *wanted)
{
    const char *key = param_string(wanted, "Key");
    const char *value = param_string(wanted, "Value");
    const cJSON *tag;
    cJSON_ArrayForEach(tag, tags)
    {
        const char *k = param_string(tag, "Key"), *v = param_string(tag, "Value");
        if (key && value && k && v && strcmp(k, key) == 0 && strcmp(v, value) == 0)
            return true;
    }
    return false;
}

static bool prefix_matches(const cJSON *holder, const char *key)
{
    const char *prefix = param_string(holder, "Prefix");
    return !prefix || strncmp(key, prefix, strlen(prefix)) == 0;
}

static bool rule_selects(const cJSON *rule, const char *key, const cJSON *tags)
{
    const char *status = param_string(rule, "Status");
    if (!status || strcmp(status, "Enabled") != 0)
        return false;
    const cJSON *filter = cJSON_GetObjectItemCaseSensitive(rule, "Filter");
    if (!filter)
        return prefix_matches(rule, key); /* the first schema's rule-level prefix */
    const cJSON *tag = cJSON_GetObjectItemCaseSensitive(filter, "Tag");
    if (tag)
        return has_tag(tags, tag);
    const cJSON *and = cJSON_GetObjectItemCaseSensitive(filter, "And");
    if (and) {
        const cJSON *wanted;
        cJSON_ArrayForEach(wanted, cJSON_GetObjectItemCaseSensitive(and, "Tags"))
        {
            if (!has_tag(tags, wanted))
                return false;
        }
        return prefix_matches(and, key);
    }
    return prefix_matches(filter, key);
}

/* The bucket name of a destination's "arn:aws:s3:::name" (a bare name is taken as it is). */
static const char *destination_name(const cJSON *rule)
{
    const char *arn = param_string(cJSON_GetObjectItemCaseSensitive(rule, "Destination"),
                                   "Bucket");
    if (!arn)
        return NULL;
    const char *name = strstr(arn, ":::");
    return name ? name + 3 : arn;
}

static void set_status(struct object_version *v, const char *status)
{
    if (!v->headers)
        v->headers = cJSON_CreateObject();
    cJSON_DeleteItemFromObjectCaseSensitive(v->headers, STATUS_MEMBER);
    cJSON_AddStringToObject(v->headers, STATUS_MEMBER, status);
}

static struct object_version *replica_of(const struct object_version *source, const cJSON *rule)
{
    struct object_version *r = object_version_new();
    r->last_modified = source->last_modified;
    r->body = blob_ref(source->body);
    r->headers = source->headers ? cJSON_Duplicate(source->headers, true) : NULL;
    r->metadata = source->metadata ? cJSON_Duplicate(source->metadata, true) : NULL;
    r->tags = source->tags ? cJSON_Duplicate(source->tags, true) : NULL;
    r->acl = source->acl ? cJSON_Duplicate(source->acl, true) : NULL;
    const char *storage_class = object_storage_class(
        param_string(cJSON_GetObjectItemCaseSensitive(rule, "Destination"), "StorageClass"));
    r->storage_class = storage_class ? storage_class : source->storage_class;
    if (source->n_parts > 0) {
        r->parts = xmalloc((size_t)source->n_parts * sizeof *r->parts);
        memcpy(r->parts, source->parts, (size_t)source->n_parts * sizeof *r->parts);
        r->n_parts = source->n_parts;
    }
    r->checksum_algorithm = source->checksum_algorithm;
    r->checksum_composite = source->checksum_composite;
    r->anonymous_writer = source->anonymous_writer;
    memcpy(r->owner, source->owner, sizeof r->owner);
    memcpy(r->etag, source->etag, sizeof r->etag);
    memcpy(r->checksum, source->checksum, sizeof r->checksum);
    set_status(r, "REPLICA");
    return r;
}

/* The rule that replicates to the destination candidate names: the highest priority of those
 * that select the object and name that destination. */
static const cJSON *rule_for(const cJSON *rules, const cJSON *candidate, const char *key,
                             const cJSON *tags)
{
    const char *destination = destination_name(candidate);
    const cJSON *best = NULL;
    const cJSON *rule;
    cJSON_ArrayForEach(rule, rules)
    {
        const char *name = destination_name(rule);
        if (!name || strcmp(name, destination) != 0 || !rule_selects(rule, key, tags))
            continue;
        if (!best || param_number(rule, "Priority", 0) > param_number(best, "Priority", 0))
            best = rule;
    }
    return best;
}

static void replicate(struct bucket *b, const char *key, struct object_version *source)
{
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(b->config[CONFIG_REPLICATION], "Rules");
    const char *outcome = NULL;
    const cJSON *rule;
    cJSON_ArrayForEach(rule, rules)
    {
        /* Each destination once, by the rule chosen for it. */
        if (rule_for(rules, rule, key, source->tags) != rule)
            continue;
        struct bucket *destination = bucket_find(destination_name(rule));
        if (!destination || destination->versioning != VERSIONING_ENABLED) {
            outcome = "FAILED";
            continue;
        }
        struct object_version *replica = replica_of(source, rule);
        versioning_put(destination, key, replica);
        memcpy(replica->version_id, source->version_id, sizeof replica->version_id);
        if (!outcome)
            outcome = "COMPLETED";
    }
    if (outcome)
        set_status(source, outcome);
}

void s3_replicate_object(struct bucket *b, const char *key)
{
    if (!b->config[CONFIG_REPLICATION] || b->versioning != VERSIONING_ENABLED)
        return;
    struct object_version *v = versioning_current(b, key);
    const char *status = v ? param_string(v->headers, STATUS_MEMBER) : NULL;
    if (v && !v->delete_marker && !(status && strcmp(status, "REPLICA") == 0))
        replicate(b, key, v);
}

void s3_replicate_answered_call(const struct answered_call *a)
{
    if (a->resp->status >= 300 || !is_created_by(a->operation))
        return;
    struct buf name = BUF_INIT, key = BUF_INIT;
    struct bucket *b = s3_path_bucket_key(a->req, &name, &key) ? bucket_find(name.data) : NULL;
    if (b && key.len > 0)
        s3_replicate_object(b, key.data);
    buf_free(&name);
    buf_free(&key);
}
