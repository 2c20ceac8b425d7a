/* An SQS queue's messages: appending with delays and deduplication, receiving under
 * visibility timeouts and FIFO groups, expiry, purge, and moves to a dead-letter queue. */
#include "queue.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "long_poll.h"
#include "region.h"

/* AWS's defaults for a new queue. */
#define DEFAULT_VISIBILITY_TIMEOUT 30
#define DEFAULT_MAXIMUM_MESSAGE_SIZE 1048576
#define DEFAULT_RETENTION_PERIOD 345600
#define DEFAULT_KMS_REUSE_PERIOD 300
/* Deduplication records are swept when there are more than this many. */
#define DEDUPLICATION_SWEEP_THRESHOLD 1024

uint64_t sqs_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

long sqs_whole_number(double v)
{
    if (!(v > -1e12))
        return -1000000000000L;
    if (v > 1e12)
        return 1000000000000L;
    return (long)v;
}

struct sqs_queue *sqs_queue_new(struct sqs_region *region, const char *name, bool fifo)
{
    struct sqs_queue *q = xcalloc(1, sizeof *q);
    q->region = region;
    q->name = xstrdup(name);
    struct buf text = BUF_INIT;
    q->arn = arn_build("sqs", region->region, region->account, "%s", name);
    const char *partition = partition_for_region(region->region);
    buf_printf(&text, "https://sqs.%s.%s/%s/%s", region->region,
               strcmp(partition, "aws-cn") == 0 ? "amazonaws.com.cn" : "amazonaws.com",
               region->account, name);
    q->url = buf_take(&text);
    q->fifo = fifo;
    q->visibility_timeout = DEFAULT_VISIBILITY_TIMEOUT;
    q->maximum_message_size = DEFAULT_MAXIMUM_MESSAGE_SIZE;
    q->message_retention_period = DEFAULT_RETENTION_PERIOD;
    q->kms_data_key_reuse_period_seconds = DEFAULT_KMS_REUSE_PERIOD;
    q->sqs_managed_sse_enabled = true;
    uint64_t now = sqs_now_ms();
    q->created_s = q->last_modified_s = now / 1000;
    q->tags = cJSON_CreateArray();
    /* Twenty digits, increasing, like AWS's sequence numbers. */
    q->next_sequence_number = 10000000000000000000ull + now * 1000;
    return q;
}

static void free_deduplication_records(struct sqs_queue *q)
{
    void *record;
    for (size_t i = 0; strmap_next(&q->deduplication, &i, NULL, &record);)
        free(record);
    strmap_clear(&q->deduplication);
}

void sqs_queue_purge(struct sqs_queue *q)
{
    struct sqs_message *m = q->head;
    while (m) {
        struct sqs_message *next = m->next;
        sqs_message_free(m);
        m = next;
    }
    q->head = q->tail = NULL;
    q->message_count = 0;
    strmap_clear(&q->messages_by_id);
}

void sqs_queue_free(struct sqs_queue *q)
{
    if (!q)
        return;
    sqs_queue_purge(q);
    free_deduplication_records(q);
    free(q->name);
    free(q->arn);
    free(q->url);
    free(q->policy);
    free(q->redrive_allow_policy);
    free(q->kms_master_key_id);
    free(q->dead_letter_target_arn);
    cJSON_Delete(q->tags);
    free(q);
}

void sqs_queue_unlink(struct sqs_queue *q, struct sqs_message *m)
{
    if (m->prev)
        m->prev->next = m->next;
    else
        q->head = m->next;
    if (m->next)
        m->next->prev = m->prev;
    else
        q->tail = m->prev;
    m->prev = m->next = NULL;
    q->message_count--;
    strmap_remove(&q->messages_by_id, m->id);
}

static void link_at_tail(struct sqs_queue *q, struct sqs_message *m)
{
    m->prev = q->tail;
    m->next = NULL;
    if (q->tail)
        q->tail->next = m;
    else
        q->head = m;
    q->tail = m;
    q->message_count++;
    strmap_put(&q->messages_by_id, m->id, m);
}

void sqs_queue_restore_message(struct sqs_queue *q, struct sqs_message *m)
{
    link_at_tail(q, m);
}

void sqs_queue_delete(struct sqs_queue *q, struct sqs_message *m)
{
    sqs_queue_unlink(q, m);
    sqs_message_free(m);
}

void sqs_queue_expire(struct sqs_queue *q, uint64_t now_ms)
{
    uint64_t retention_ms = (uint64_t)q->message_retention_period * 1000;
    struct sqs_message *m = q->head;
    while (m) {
        struct sqs_message *next = m->next;
        if (m->sent_ms + retention_ms <= now_ms)
            sqs_queue_delete(q, m);
        m = next;
    }
}

bool sqs_message_in_flight(const struct sqs_message *m, uint64_t now_ms)
{
    return m->receive_count > 0 && m->visible_at_ms > now_ms;
}

struct queue_counts sqs_queue_counts(struct sqs_queue *q, uint64_t now_ms)
{
    sqs_queue_expire(q, now_ms);
    struct queue_counts c = {0, 0, 0};
    for (const struct sqs_message *m = q->head; m; m = m->next) {
        if (m->visible_at_ms <= now_ms)
            c.visible++;
        else if (m->receive_count > 0)
            c.in_flight++;
        else
            c.delayed++;
    }
    return c;
}

uint64_t sqs_queue_next_visible_ms(const struct sqs_queue *q, uint64_t now_ms)
{
    uint64_t next = UINT64_MAX;
    for (const struct sqs_message *m = q->head; m; m = m->next)
        if (m->visible_at_ms > now_ms && m->visible_at_ms < next)
            next = m->visible_at_ms;
    return next;
}

static void deduplication_key(const struct sqs_queue *q, const char *group_id,
                              const char *deduplication_id, struct buf *key)
{
    /* With messageGroup scope the same id may be reused in another group. */
    if (q->deduplication_scope == DEDUPLICATION_SCOPE_MESSAGE_GROUP && group_id)
        buf_printf(key, "%s\n%s", group_id, deduplication_id);
    else
        buf_puts(key, deduplication_id);
}

static void sweep_deduplication_records(struct sqs_queue *q, uint64_t now_ms)
{
    const char *key;
    void *value;
    for (size_t i = 0; strmap_next(&q->deduplication, &i, &key, &value);) {
        struct deduplication_record *r = value;
        if (r->expires_ms <= now_ms) {
            strmap_remove(&q->deduplication, key);
            free(r);
        }
    }
}

const struct deduplication_record *sqs_queue_duplicate(struct sqs_queue *q, const char *group_id,
                                                       const char *deduplication_id,
                                                       uint64_t now_ms)
{
    if (!q->fifo || !deduplication_id)
        return NULL;
    struct buf key = BUF_INIT;
    deduplication_key(q, group_id, deduplication_id, &key);
    struct deduplication_record *r = strmap_get(&q->deduplication, key.data);
    if (r && r->expires_ms <= now_ms) {
        free(strmap_remove(&q->deduplication, key.data));
        r = NULL;
    }
    buf_free(&key);
    return r;
}

static void remember_for_deduplication(struct sqs_queue *q, const struct sqs_message *m,
                                       uint64_t now_ms)
{
    if (q->deduplication.count > DEDUPLICATION_SWEEP_THRESHOLD)
        sweep_deduplication_records(q, now_ms);
    struct deduplication_record *r = xcalloc(1, sizeof *r);
    r->expires_ms = now_ms + SQS_DEDUPLICATION_INTERVAL_MS;
    memcpy(r->message_id, m->id, sizeof r->message_id);
    memcpy(r->sequence_number, m->sequence_number, sizeof r->sequence_number);
    struct buf key = BUF_INIT;
    deduplication_key(q, m->group_id, m->deduplication_id, &key);
    free(strmap_put(&q->deduplication, key.data, r));
    buf_free(&key);
}

void sqs_queue_append(struct sqs_queue *q, struct sqs_message *m, int delay_seconds,
                      uint64_t now_ms)
{
    m->visible_at_ms = now_ms + (uint64_t)delay_seconds * 1000;
    if (q->fifo) {
        snprintf(m->sequence_number, sizeof m->sequence_number, "%" PRIu64,
                 q->next_sequence_number++);
        if (m->deduplication_id)
            remember_for_deduplication(q, m, now_ms);
    }
    link_at_tail(q, m);
    long_poll_wake(q);
}

static void mark_received(struct sqs_message *m, int visibility_timeout, uint64_t now_ms)
{
    m->receive_count++;
    if (!m->first_receive_ms)
        m->first_receive_ms = now_ms;
    m->last_receive_ms = now_ms;
    m->visible_at_ms = now_ms + (uint64_t)visibility_timeout * 1000;
    m->receipt_serial++;
}

/* The dead-letter queue m goes to instead of being received again, or NULL. */
static struct sqs_queue *redrive_target(const struct sqs_queue *q, const struct sqs_message *m)
{
    if (!q->dead_letter_target_arn || m->receive_count < (unsigned)q->max_receive_count)
        return NULL;
    struct sqs_queue *dlq = sqs_queue_by_arn(q->dead_letter_target_arn);
    return dlq != q ? dlq : NULL;
}

/* Moves m behind every other message: a standard queue promises no order, and keeping hidden
 * (in-flight) messages behind the visible ones makes the next receive find a visible message at
 * the head instead of scanning past everything in flight. */
static void move_to_tail(struct sqs_queue *q, struct sqs_message *m)
{
    if (q->tail == m)
        return;
    if (m->prev)
        m->prev->next = m->next;
    else
        q->head = m->next;
    m->next->prev = m->prev;
    m->prev = q->tail;
    m->next = NULL;
    q->tail->next = m;
    q->tail = m;
}

/* Expired messages are dropped as the scan meets them, so a receive costs what it visits, not
 * the whole queue. */
static size_t receive_standard(struct sqs_queue *q, size_t max, int visibility_timeout,
                               uint64_t now_ms, struct sqs_message **out)
{
    uint64_t retention_ms = (uint64_t)q->message_retention_period * 1000;
    size_t n = 0;
    struct sqs_message *m = q->head;
    struct sqs_message *stop = NULL; /* the first message moved behind the rest */
    while (m && m != stop && n < max) {
        struct sqs_message *next = m->next;
        if (m->sent_ms + retention_ms <= now_ms) {
            sqs_queue_delete(q, m);
        } else if (m->visible_at_ms <= now_ms) {
            struct sqs_queue *dlq = redrive_target(q, m);
            if (dlq) {
                sqs_queue_move(q, m, dlq, true, now_ms);
            } else {
                mark_received(m, visibility_timeout, now_ms);
                out[n++] = m;
                move_to_tail(q, m);
                if (!stop)
                    stop = m;
            }
        }
        m = next;
    }
    return n;
}

/* FIFO messages always have a group; a message moved in from elsewhere may not. */
static const char *group_of(const struct sqs_message *m)
{
    return m->group_id ? m->group_id : "";
}

/* Groups with a hidden message (in flight or delayed): nothing after it in the group may be
 * received before it. */
static void collect_blocked_groups(const struct sqs_queue *q, uint64_t now_ms,
                                   struct strmap *blocked)
{
    for (const struct sqs_message *m = q->head; m; m = m->next)
        if (m->visible_at_ms > now_ms)
            strmap_put(blocked, group_of(m), (void *)m);
}

/* Receives the visible messages of one group from m on, in order, up to max in total. */
static size_t receive_group(struct sqs_queue *q, struct sqs_message *m, size_t n, size_t max,
                            int visibility_timeout, uint64_t now_ms, struct sqs_message **out)
{
    const char *group = group_of(m);
    while (m && n < max) {
        struct sqs_message *next = m->next;
        if (strcmp(group_of(m), group) == 0) {
            if (m->visible_at_ms > now_ms)
                break;
            struct sqs_queue *dlq = redrive_target(q, m);
            if (dlq) {
                sqs_queue_move(q, m, dlq, true, now_ms);
            } else {
                mark_received(m, visibility_timeout, now_ms);
                out[n++] = m;
            }
        }
        m = next;
    }
    return n;
}

static size_t receive_fifo(struct sqs_queue *q, size_t max, int visibility_timeout,
                           uint64_t now_ms, struct sqs_message **out)
{
    struct strmap blocked = STRMAP_INIT;
    collect_blocked_groups(q, now_ms, &blocked);
    size_t n = 0;
    for (struct sqs_message *m = q->head; m && n < max;) {
        if (m->visible_at_ms > now_ms || strmap_get(&blocked, group_of(m))) {
            m = m->next;
            continue;
        }
        /* m heads its group: take what the group has, then the group is done for this call. */
        strmap_put(&blocked, group_of(m), m);
        struct sqs_message *resume = m->next;
        while (resume && strcmp(group_of(resume), group_of(m)) == 0)
            resume = resume->next;
        n = receive_group(q, m, n, max, visibility_timeout, now_ms, out);
        m = resume;
    }
    strmap_clear(&blocked);
    return n;
}

size_t sqs_queue_receive(struct sqs_queue *q, size_t max, int visibility_timeout,
                         uint64_t now_ms, struct sqs_message **out)
{
    if (max > SQS_MAX_RECEIVE_BATCH)
        max = SQS_MAX_RECEIVE_BATCH;
    if (!q->fifo)
        return receive_standard(q, max, visibility_timeout, now_ms, out);
    sqs_queue_expire(q, now_ms);
    return receive_fifo(q, max, visibility_timeout, now_ms, out);
}

struct sqs_message *sqs_queue_message(const struct sqs_queue *q, const char *message_id)
{
    return strmap_get(&q->messages_by_id, message_id);
}

void sqs_queue_change_visibility(struct sqs_queue *q, struct sqs_message *m,
                                 int visibility_timeout, uint64_t now_ms)
{
    m->visible_at_ms = now_ms + (uint64_t)visibility_timeout * 1000;
    if (visibility_timeout == 0)
        long_poll_wake(q);
}

void sqs_queue_move(struct sqs_queue *from, struct sqs_message *m, struct sqs_queue *dst,
                    bool as_dead_letter, uint64_t now_ms)
{
    sqs_queue_unlink(from, m);
    if (as_dead_letter) {
        free(m->dead_letter_source_arn);
        m->dead_letter_source_arn = xstrdup(from->arn);
    }
    /* A redriven message keeps its receive count; one moved back by a move task starts over. */
    m->visible_at_ms = now_ms;
    if (!as_dead_letter) {
        m->receive_count = 0;
        m->first_receive_ms = m->last_receive_ms = 0;
    }
    if (dst->fifo) {
        snprintf(m->sequence_number, sizeof m->sequence_number, "%" PRIu64,
                 dst->next_sequence_number++);
        /* A FIFO queue's timestamp is reset when a message moves into it. */
        m->sent_ms = now_ms;
    }
    link_at_tail(dst, m);
    long_poll_wake(dst);
}
