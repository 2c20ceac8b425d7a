/* The SQS queue: its attributes and its messages, in order of arrival, with what AWS does to them
 * (delays, visibility timeouts, retention, FIFO groups and deduplication, dead-letter redrive). */
#ifndef MOTOC_SQS_QUEUE_H
#define MOTOC_SQS_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../core/strmap.h"
#include "message.h"

#define SQS_MAX_RECEIVE_BATCH 10
/* FIFO queues drop a message whose deduplication id was seen within this interval. */
#define SQS_DEDUPLICATION_INTERVAL_MS (5 * 60 * 1000)

struct sqs_region;
struct sqs_waiter;

enum deduplication_scope { DEDUPLICATION_SCOPE_QUEUE, DEDUPLICATION_SCOPE_MESSAGE_GROUP };
enum fifo_throughput_limit { THROUGHPUT_PER_QUEUE, THROUGHPUT_PER_MESSAGE_GROUP_ID };

struct sqs_queue {
    struct sqs_region *region;
    char *name;
    char *arn;
    char *url;
    bool fifo;

    /* attributes (queue_attributes.h reads and writes them) */
    int delay_seconds;
    int maximum_message_size;
    int message_retention_period;
    int receive_message_wait_time_seconds;
    int visibility_timeout;
    int kms_data_key_reuse_period_seconds;
    char *policy;               /* NULL when unset */
    char *redrive_allow_policy; /* as given, NULL when unset */
    char *kms_master_key_id;    /* NULL when unset */
    bool sqs_managed_sse_enabled;
    bool content_based_deduplication;
    enum deduplication_scope deduplication_scope;
    enum fifo_throughput_limit fifo_throughput_limit;
    char *dead_letter_target_arn; /* RedrivePolicy; NULL without one */
    int max_receive_count;
    uint64_t created_s, last_modified_s;
    cJSON *tags; /* tag set (core/tags.h) */

    /* messages */
    struct sqs_message *head, *tail;
    size_t message_count;
    struct strmap messages_by_id;
    struct strmap deduplication; /* FIFO: deduplication key → struct deduplication_record */
    uint64_t next_sequence_number;
    uint64_t last_purge_ms;      /* 0 if never purged */

    struct sqs_waiter *waiters_head, *waiters_tail; /* long polls (long_poll.h) */
};

/* A FIFO send already accepted within the deduplication interval. */
struct deduplication_record {
    uint64_t expires_ms;
    char message_id[37];
    char sequence_number[24];
};

/* A JSON number as a whole number, clamped far beyond every SQS limit so that no cast can
 * overflow. */
long sqs_whole_number(double v);

/* Wall-clock epoch milliseconds: message timestamps are epoch times. */
uint64_t sqs_now_ms(void);

struct sqs_queue *sqs_queue_new(struct sqs_region *region, const char *name, bool fifo);
/* Frees the queue and its messages; its long polls must have been answered. */
void sqs_queue_free(struct sqs_queue *q);

/* Drops the messages older than the retention period. */
void sqs_queue_expire(struct sqs_queue *q, uint64_t now_ms);

struct queue_counts {
    size_t visible, in_flight, delayed;
};
struct queue_counts sqs_queue_counts(struct sqs_queue *q, uint64_t now_ms);

/* The earliest time after now_ms at which a hidden message becomes visible; UINT64_MAX if none. */
uint64_t sqs_queue_next_visible_ms(const struct sqs_queue *q, uint64_t now_ms);

/* FIFO: the record of an earlier send with the same deduplication key, if still in force. */
const struct deduplication_record *sqs_queue_duplicate(struct sqs_queue *q, const char *group_id,
                                                       const char *deduplication_id,
                                                       uint64_t now_ms);

/* Takes ownership of m: hidden for delay_seconds, numbered and remembered for deduplication on
 * FIFO queues, and announced to long polls. */
void sqs_queue_append(struct sqs_queue *q, struct sqs_message *m, int delay_seconds,
                      uint64_t now_ms);

/* Receives up to max visible messages into out[] (as AWS chooses them: in order; on FIFO queues
 * only from groups with nothing in flight, as many of one group as possible), hiding each for
 * visibility_timeout seconds. Messages past the redrive policy's maxReceiveCount move to the
 * dead-letter queue instead. Returns how many. */
size_t sqs_queue_receive(struct sqs_queue *q, size_t max, int visibility_timeout,
                         uint64_t now_ms, struct sqs_message **out);

struct sqs_message *sqs_queue_message(const struct sqs_queue *q, const char *message_id);
/* Unlinks and frees m. */
void sqs_queue_delete(struct sqs_queue *q, struct sqs_message *m);
/* Unlinks m without freeing it. */
void sqs_queue_unlink(struct sqs_queue *q, struct sqs_message *m);
/* Hides an in-flight message for another visibility_timeout seconds from now (0: visible now). */
void sqs_queue_change_visibility(struct sqs_queue *q, struct sqs_message *m,
                                 int visibility_timeout, uint64_t now_ms);
bool sqs_message_in_flight(const struct sqs_message *m, uint64_t now_ms);

/* Puts a message loaded from a save (persistence) after the others, exactly as it was saved. */
void sqs_queue_restore_message(struct sqs_queue *q, struct sqs_message *m);

/* Deletes every message. */
void sqs_queue_purge(struct sqs_queue *q);

/* Moves m from its queue to dst as a new arrival there (keeping its id and body); from names the
 * queue it left, recorded as the message's dead-letter source when redriven. */
void sqs_queue_move(struct sqs_queue *from, struct sqs_message *m, struct sqs_queue *dst,
                    bool as_dead_letter, uint64_t now_ms);

#endif
