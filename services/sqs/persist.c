/* SQS's side of the persistence contract: queues with every attribute and tag, their messages as
 * they stand (in flight, delayed, received so many times; their receipt handles stay valid),
 * FIFO sequence numbers and deduplication records, and message move tasks. Every time SQS keeps
 * is wall-clock already, so a message's remaining visibility runs on across a restart. */
#include "persist.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/digest.h"
#include "../core/persist_record.h"
#include "../core/tags.h"
#include "message_attributes.h"
#include "move_task.h"
#include "queue.h"
#include "region.h"

/* Records, in this order: {"kind": "queue"} for each queue, followed by its "message" and
 * "deduplication" records; then every "move_task". Messages and deduplication records name their
 * queue by ARN. */
#define SQS_RECORD_VERSION 1

static const char *const move_task_statuses[] = {"RUNNING", "COMPLETED", "CANCELLING",
                                                 "CANCELLED", "FAILED"};

/* ---- saving ---- */

static cJSON *queue_record(const struct sqs_region *r, const struct sqs_queue *q)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", "queue");
    cJSON_AddStringToObject(o, "account", r->account);
    cJSON_AddStringToObject(o, "region", r->region);
    cJSON_AddStringToObject(o, "name", q->name);
    cJSON_AddStringToObject(o, "arn", q->arn);
    cJSON_AddStringToObject(o, "url", q->url);
    cJSON_AddBoolToObject(o, "fifo", q->fifo);
    cJSON_AddNumberToObject(o, "delay_seconds", q->delay_seconds);
    cJSON_AddNumberToObject(o, "maximum_message_size", q->maximum_message_size);
    cJSON_AddNumberToObject(o, "message_retention_period", q->message_retention_period);
    cJSON_AddNumberToObject(o, "receive_message_wait_time_seconds",
                            q->receive_message_wait_time_seconds);
    cJSON_AddNumberToObject(o, "visibility_timeout", q->visibility_timeout);
    cJSON_AddNumberToObject(o, "kms_data_key_reuse_period_seconds",
                            q->kms_data_key_reuse_period_seconds);
    record_add_string(o, "policy", q->policy);
    record_add_string(o, "redrive_allow_policy", q->redrive_allow_policy);
    record_add_string(o, "kms_master_key_id", q->kms_master_key_id);
    cJSON_AddBoolToObject(o, "sqs_managed_sse_enabled", q->sqs_managed_sse_enabled);
    cJSON_AddBoolToObject(o, "content_based_deduplication", q->content_based_deduplication);
    cJSON_AddStringToObject(o, "deduplication_scope",
                            q->deduplication_scope == DEDUPLICATION_SCOPE_MESSAGE_GROUP
                                ? "messageGroup"
                                : "queue");
    cJSON_AddStringToObject(o, "fifo_throughput_limit",
                            q->fifo_throughput_limit == THROUGHPUT_PER_MESSAGE_GROUP_ID
                                ? "perMessageGroupId"
                                : "perQueue");
    record_add_string(o, "dead_letter_target_arn", q->dead_letter_target_arn);
    cJSON_AddNumberToObject(o, "max_receive_count", q->max_receive_count);
    record_add_u64(o, "created_s", q->created_s);
    record_add_u64(o, "last_modified_s", q->last_modified_s);
    cJSON_AddItemToObject(o, "tags", cJSON_Duplicate(q->tags, true));
    record_add_u64(o, "next_sequence_number", q->next_sequence_number);
    record_add_u64(o, "last_purge_ms", q->last_purge_ms);
    return o;
}

static cJSON *message_record(const struct sqs_queue *q, const struct sqs_message *m)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", "message");
    cJSON_AddStringToObject(o, "queue", q->arn);
    cJSON_AddStringToObject(o, "id", m->id);
    cJSON_AddStringToObject(o, "body", m->body);
    if (m->attributes)
        cJSON_AddItemToObject(o, "attributes", cJSON_Duplicate(m->attributes, true));
    if (m->system_attributes)
        cJSON_AddItemToObject(o, "system_attributes",
                              cJSON_Duplicate(m->system_attributes, true));
    cJSON_AddStringToObject(o, "md5_of_body", m->md5_of_body);
    cJSON_AddStringToObject(o, "md5_of_attributes", m->md5_of_attributes);
    cJSON_AddStringToObject(o, "md5_of_system_attributes", m->md5_of_system_attributes);
    record_add_string(o, "sender_id", m->sender_id);
    record_add_string(o, "group_id", m->group_id);
    record_add_string(o, "deduplication_id", m->deduplication_id);
    if (m->sequence_number[0])
        cJSON_AddStringToObject(o, "sequence_number", m->sequence_number);
    record_add_string(o, "dead_letter_source_arn", m->dead_letter_source_arn);
    record_add_u64(o, "sent_ms", m->sent_ms);
    record_add_u64(o, "visible_at_ms", m->visible_at_ms);
    record_add_u64(o, "first_receive_ms", m->first_receive_ms);
    record_add_u64(o, "last_receive_ms", m->last_receive_ms);
    record_add_u64(o, "receive_count", m->receive_count);
    record_add_u64(o, "receipt_serial", m->receipt_serial);
    return o;
}

static cJSON *deduplication_record(const struct sqs_queue *q, const char *key,
                                   const struct deduplication_record *d)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", "deduplication");
    cJSON_AddStringToObject(o, "queue", q->arn);
    cJSON_AddStringToObject(o, "key", key);
    record_add_u64(o, "expires_ms", d->expires_ms);
    cJSON_AddStringToObject(o, "message_id", d->message_id);
    cJSON_AddStringToObject(o, "sequence_number", d->sequence_number);
    return o;
}

static cJSON *move_task_record(const struct sqs_region *r, const struct move_task *t)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", "move_task");
    cJSON_AddStringToObject(o, "account", r->account);
    cJSON_AddStringToObject(o, "region", r->region);
    cJSON_AddStringToObject(o, "handle", t->handle);
    cJSON_AddStringToObject(o, "source_arn", t->source_arn);
    record_add_string(o, "destination_arn", t->destination_arn);
    cJSON_AddNumberToObject(o, "max_per_second", t->max_per_second);
    cJSON_AddStringToObject(o, "status", t->status);
    record_add_string(o, "failure_reason", t->failure_reason);
    record_add_u64(o, "moved", t->moved);
    record_add_u64(o, "to_move", t->to_move);
    record_add_u64(o, "started_ms", t->started_ms);
    return o;
}

static int save_queue(struct state_writer *w, const struct sqs_region *r, struct sqs_queue *q)
{
    if (record_write(w, queue_record(r, q)) != 0)
        return -1;
    for (const struct sqs_message *m = q->head; m; m = m->next)
        if (record_write(w, message_record(q, m)) != 0)
            return -1;
    const char *key;
    void *value;
    for (size_t i = 0; strmap_next(&q->deduplication, &i, &key, &value);)
        if (record_write(w, deduplication_record(q, key, value)) != 0)
            return -1;
    return 0;
}

static int save(struct state_writer *w)
{
    struct sqs_region *r;
    for (size_t i = 0; (r = sqs_region_next(&i));)
        for (size_t j = 0; j < r->queue_count; j++)
            if (save_queue(w, r, r->queues[j]) != 0)
                return -1;
    for (size_t i = 0; (r = sqs_region_next(&i));)
        for (const struct move_task *t = r->move_tasks; t; t = t->next)
            if (record_write(w, move_task_record(r, t)) != 0)
                return -1;
    return 0;
}

/* ---- loading ---- */

/* Replaces *field with the record's string member, when it has one. */
static void take_string(const cJSON *record, const char *name, char **field)
{
    const char *v = record_string(record, name);
    if (v) {
        free(*field);
        *field = xstrdup(v);
    }
}

static void take_int(const cJSON *record, const char *name, int *field)
{
    long v;
    if (record_int(record, name, -1000000000L, 1000000000L, &v))
        *field = (int)v;
}

static struct sqs_region *region_of_record(struct state_reader *r, const cJSON *record)
{
    const char *account, *region;
    return record_account_region(r, record, &account, &region) ? sqs_region_get(account, region)
                                                               : NULL;
}

static void load_queue_attributes(struct sqs_queue *q, const cJSON *o)
{
    take_int(o, "delay_seconds", &q->delay_seconds);
    take_int(o, "maximum_message_size", &q->maximum_message_size);
    take_int(o, "message_retention_period", &q->message_retention_period);
    take_int(o, "receive_message_wait_time_seconds", &q->receive_message_wait_time_seconds);
    take_int(o, "visibility_timeout", &q->visibility_timeout);
    take_int(o, "kms_data_key_reuse_period_seconds", &q->kms_data_key_reuse_period_seconds);
    take_string(o, "policy", &q->policy);
    take_string(o, "redrive_allow_policy", &q->redrive_allow_policy);
    take_string(o, "kms_master_key_id", &q->kms_master_key_id);
    q->sqs_managed_sse_enabled = record_bool(o, "sqs_managed_sse_enabled",
                                             q->sqs_managed_sse_enabled);
    q->content_based_deduplication = record_bool(o, "content_based_deduplication",
                                                 q->content_based_deduplication);
    const char *scope = record_string(o, "deduplication_scope");
    if (scope)
        q->deduplication_scope = strcmp(scope, "messageGroup") == 0
                                     ? DEDUPLICATION_SCOPE_MESSAGE_GROUP
                                     : DEDUPLICATION_SCOPE_QUEUE;
    const char *limit = record_string(o, "fifo_throughput_limit");
    if (limit)
        q->fifo_throughput_limit = strcmp(limit, "perMessageGroupId") == 0
                                       ? THROUGHPUT_PER_MESSAGE_GROUP_ID
                                       : THROUGHPUT_PER_QUEUE;
    take_string(o, "dead_letter_target_arn", &q->dead_letter_target_arn);
    take_int(o, "max_receive_count", &q->max_receive_count);
    record_u64(o, "created_s", &q->created_s);
    record_u64(o, "last_modified_s", &q->last_modified_s);
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(o, "tags");
    if (tags_set_valid(tags)) {
        cJSON_Delete(q->tags);
        q->tags = cJSON_Duplicate(tags, true);
    }
    record_u64(o, "next_sequence_number", &q->next_sequence_number);
    record_u64(o, "last_purge_ms", &q->last_purge_ms);
}

static int load_queue(struct state_reader *r, const cJSON *o)
{
    struct sqs_region *region = region_of_record(r, o);
    if (!region)
        return -1;
    const char *name = record_string(o, "name");
    if (!name || !*name)
        return state_refuse(r, "a queue without a name");
    if (sqs_region_queue(region, name))
        return state_refuse(r, "queue %s is saved twice", name);
    struct sqs_queue *q = sqs_queue_new(region, name, record_bool(o, "fifo", false));
    take_string(o, "arn", &q->arn);
    take_string(o, "url", &q->url);
    load_queue_attributes(q, o);
    sqs_region_add_queue(region, q);
    return 0;
}

static struct sqs_queue *queue_of_record(struct state_reader *r, const cJSON *o)
{
    const char *arn = record_string(o, "queue");
    struct sqs_queue *q = sqs_queue_by_arn(arn);
    if (!q)
        state_refuse(r, "a %s record of queue %s, which the save does not hold",
                     record_string(o, "kind"), arn ? arn : "(none)");
    return q;
}

static void load_digests(struct sqs_message *m, const cJSON *o)
{
    if (!record_text(o, "md5_of_body", m->md5_of_body, sizeof m->md5_of_body))
        md5_hex(m->body, strlen(m->body), m->md5_of_body);
    if (!record_text(o, "md5_of_attributes", m->md5_of_attributes, sizeof m->md5_of_attributes))
        message_attributes_md5(m->attributes, m->md5_of_attributes);
    if (!record_text(o, "md5_of_system_attributes", m->md5_of_system_attributes,
                   sizeof m->md5_of_system_attributes))
        message_attributes_md5(m->system_attributes, m->md5_of_system_attributes);
}

static cJSON *object_member(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsObject(v) && v->child ? cJSON_Duplicate(v, true) : NULL;
}

static int load_message(struct state_reader *r, const cJSON *o)
{
    struct sqs_queue *q = queue_of_record(r, o);
    if (!q)
        return -1;
    struct sqs_message probe;
    const char *body = record_string(o, "body");
    if (!record_text(o, "id", probe.id, sizeof probe.id) || !probe.id[0] || !body)
        return state_refuse(r, "a message of %s without an id and a body", q->name);
    if (sqs_queue_message(q, probe.id))
        return state_refuse(r, "message %s of %s is saved twice", probe.id, q->name);
    struct sqs_message *m = xcalloc(1, sizeof *m);
    memcpy(m->id, probe.id, sizeof m->id);
    m->body = xstrdup(body);
    m->attributes = object_member(o, "attributes");
    m->system_attributes = object_member(o, "system_attributes");
    load_digests(m, o);
    m->sender_id = record_strdup(o, "sender_id");
    if (!m->sender_id)
        m->sender_id = xstrdup("");
    m->group_id = record_strdup(o, "group_id");
    m->deduplication_id = record_strdup(o, "deduplication_id");
    record_text(o, "sequence_number", m->sequence_number, sizeof m->sequence_number);
    m->dead_letter_source_arn = record_strdup(o, "dead_letter_source_arn");
    uint64_t count = 0;
    record_u64(o, "sent_ms", &m->sent_ms);
    record_u64(o, "visible_at_ms", &m->visible_at_ms);
    record_u64(o, "first_receive_ms", &m->first_receive_ms);
    record_u64(o, "last_receive_ms", &m->last_receive_ms);
    record_u64(o, "receive_count", &count);
    m->receive_count = count > 1000000000u ? 1000000000u : (unsigned)count;
    record_u64(o, "receipt_serial", &m->receipt_serial);
    sqs_queue_restore_message(q, m);
    return 0;
}

static int load_deduplication(struct state_reader *r, const cJSON *o)
{
    struct sqs_queue *q = queue_of_record(r, o);
    if (!q)
        return -1;
    const char *key = record_string(o, "key");
    struct deduplication_record *d = xcalloc(1, sizeof *d);
    if (!key || !record_u64(o, "expires_ms", &d->expires_ms) ||
        !record_text(o, "message_id", d->message_id, sizeof d->message_id) ||
        !record_text(o, "sequence_number", d->sequence_number, sizeof d->sequence_number)) {
        free(d);
        return state_refuse(r, "an incomplete deduplication record of %s", q->name);
    }
    free(strmap_put(&q->deduplication, key, d));
    return 0;
}

static const char *move_task_status(const char *name)
{
    for (size_t i = 0; name && i < sizeof move_task_statuses / sizeof *move_task_statuses; i++)
        if (strcmp(name, move_task_statuses[i]) == 0)
            return move_task_statuses[i];
    return NULL;
}

static int load_move_task(struct state_reader *r, const cJSON *o)
{
    struct sqs_region *region = region_of_record(r, o);
    if (!region)
        return -1;
    const char *handle = record_string(o, "handle");
    const char *source = record_string(o, "source_arn");
    const char *status = move_task_status(record_string(o, "status"));
    if (!handle || !source || !status)
        return state_refuse(r, "a move task without a handle, source and known status");
    struct move_task *t = xcalloc(1, sizeof *t);
    t->handle = xstrdup(handle);
    t->source_arn = xstrdup(source);
    t->destination_arn = record_strdup(o, "destination_arn");
    long rate = 0;
    record_int(o, "max_per_second", 0, 1000000, &rate);
    t->max_per_second = (int)rate;
    t->status = status;
    t->failure_reason = record_strdup(o, "failure_reason");
    record_u64(o, "moved", &t->moved);
    record_u64(o, "to_move", &t->to_move);
    record_u64(o, "started_ms", &t->started_ms);
    move_task_restore(region, t);
    return 0;
}

static int load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version;
    const char *kind = record_string(record, "kind");
    if (!kind)
        return state_refuse(r, "a record without a kind");
    if (strcmp(kind, "queue") == 0)
        return load_queue(r, record);
    if (strcmp(kind, "message") == 0)
        return load_message(r, record);
    if (strcmp(kind, "deduplication") == 0)
        return load_deduplication(r, record);
    if (strcmp(kind, "move_task") == 0)
        return load_move_task(r, record);
    /* A kind a later motoc added: what this one does not know it cannot hold either. */
    return 0;
}

const struct service_persistence sqs_persistence = {
    .format_version = SQS_RECORD_VERSION,
    .save = save,
    .load = load,
    .detach = sqs_regions_detach,
    .attach = sqs_regions_attach,
    .discard = sqs_regions_discard,
};
