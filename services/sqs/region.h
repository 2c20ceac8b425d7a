/* SQS state of one account in one region: its queues by name, and its message move tasks. */
#ifndef MOTOC_SQS_REGION_H
#define MOTOC_SQS_REGION_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct sqs_queue;
struct move_task;

struct sqs_region {
    char account[16];
    char region[32];
    struct sqs_queue **queues; /* sorted by name */
    size_t queue_count, queue_cap;
    struct move_task *move_tasks; /* newest first */
};

/* The state of account+region, created on first use. */
struct sqs_region *sqs_region_get(const char *account, const char *region);
/* NULL when that account+region has no state yet. */
struct sqs_region *sqs_region_find(const char *account, const char *region);

struct sqs_queue *sqs_region_queue(const struct sqs_region *r, const char *name);
/* Index of the first queue whose name is not below name (for prefix listing). */
size_t sqs_region_lower_bound(const struct sqs_region *r, const char *name);
void sqs_region_add_queue(struct sqs_region *r, struct sqs_queue *q);
/* Removes q from the region, answers its long polls, stops its move tasks and frees it. */
void sqs_region_delete_queue(struct sqs_region *r, struct sqs_queue *q);

/* The queue an ARN names in any account and region, or NULL. */
struct sqs_queue *sqs_queue_by_arn(const char *arn);

/* Every queue of every region, for walks across accounts (dead-letter sources). */
void sqs_each_queue(void (*fn)(struct sqs_queue *q, void *arg), void *arg);

/* For persistence: the regions one by one (for (size_t i = 0; (r = sqs_region_next(&i));)),
 * and the whole state moved aside during a load (persist.h). */
struct sqs_region *sqs_region_next(size_t *pos);
void *sqs_regions_detach(void);
void sqs_regions_attach(void *detached);
void sqs_regions_discard(void *detached);

/* Drops every region's state (moto-api reset). */
void sqs_regions_reset(void);
/* The queues of every account and region, for /moto-api/data.json. */
cJSON *sqs_regions_json(void);

#endif
