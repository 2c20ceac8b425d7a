/* SQS's per-region state: its queues kept sorted by name, and its message move tasks. */
#include "region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/regional_state.h"
#include "long_poll.h"
#include "move_task.h"
#include "queue.h"

static void *region_create(const char *account, const char *region)
{
    struct sqs_region *r = xcalloc(1, sizeof *r);
    snprintf(r->account, sizeof r->account, "%s", account);
    snprintf(r->region, sizeof r->region, "%s", region);
    return r;
}

static void region_destroy(void *state)
{
    struct sqs_region *r = state;
    move_tasks_free_all(r);
    for (size_t i = 0; i < r->queue_count; i++) {
        long_poll_end_all(r->queues[i]);
        sqs_queue_free(r->queues[i]);
    }
    free(r->queues);
    free(r);
}

static struct regional_states regions = REGIONAL_STATES_INIT(region_create, region_destroy);

struct sqs_region *sqs_region_get(const char *account, const char *region)
{
    return regional_state(&regions, account, region);
}

struct sqs_region *sqs_region_find(const char *account, const char *region)
{
    return regional_state_find(&regions, account, region);
}

size_t sqs_region_lower_bound(const struct sqs_region *r, const char *name)
{
    size_t lo = 0, hi = r->queue_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(r->queues[mid]->name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct sqs_queue *sqs_region_queue(const struct sqs_region *r, const char *name)
{
    size_t i = sqs_region_lower_bound(r, name);
    return i < r->queue_count && strcmp(r->queues[i]->name, name) == 0 ? r->queues[i] : NULL;
}

void sqs_region_add_queue(struct sqs_region *r, struct sqs_queue *q)
{
    if (r->queue_count == r->queue_cap) {
        r->queue_cap = r->queue_cap ? r->queue_cap * 2 : 16;
        r->queues = xrealloc(r->queues, r->queue_cap * sizeof *r->queues);
    }
    size_t i = sqs_region_lower_bound(r, q->name);
    memmove(&r->queues[i + 1], &r->queues[i], (r->queue_count - i) * sizeof *r->queues);
    r->queues[i] = q;
    r->queue_count++;
}

void sqs_region_delete_queue(struct sqs_region *r, struct sqs_queue *q)
{
    size_t i = sqs_region_lower_bound(r, q->name);
    if (i >= r->queue_count || r->queues[i] != q)
        return;
    memmove(&r->queues[i], &r->queues[i + 1], (r->queue_count - i - 1) * sizeof *r->queues);
    r->queue_count--;
    move_tasks_forget_queue(r, q);
    long_poll_end_all(q);
    sqs_queue_free(q);
}

struct sqs_queue *sqs_queue_by_arn(const char *text)
{
    struct arn arn;
    const char *name;
    if (!arn_parse_resource(text, "sqs", NULL, &arn, &name))
        return NULL;
    struct sqs_region *r = sqs_region_find(arn.account, arn.region);
    return r ? sqs_region_queue(r, name) : NULL;
}

void sqs_each_queue(void (*fn)(struct sqs_queue *q, void *arg), void *arg)
{
    for (size_t i = 0; i < regions.count; i++) {
        struct sqs_region *r = regions.entries[i].state;
        for (size_t j = 0; j < r->queue_count; j++)
            fn(r->queues[j], arg);
    }
}

struct sqs_region *sqs_region_next(size_t *pos)
{
    return *pos < regions.count ? regions.entries[(*pos)++].state : NULL;
}

void *sqs_regions_detach(void)
{
    return regional_states_detach(&regions);
}

void sqs_regions_attach(void *detached)
{
    regional_states_attach(&regions, detached);
}

void sqs_regions_discard(void *detached)
{
    regional_states_discard(detached);
}

void sqs_regions_reset(void)
{
    regional_states_reset(&regions);
}

cJSON *sqs_regions_json(void)
{
    cJSON *queues = cJSON_CreateArray();
    for (size_t i = 0; i < regions.count; i++) {
        struct sqs_region *r = regions.entries[i].state;
        for (size_t j = 0; j < r->queue_count; j++) {
            const struct sqs_queue *q = r->queues[j];
            cJSON *item = cJSON_CreateObject();
            cJSON_AddStringToObject(item, "account_id", r->account);
            cJSON_AddStringToObject(item, "region", r->region);
            cJSON_AddStringToObject(item, "name", q->name);
            cJSON_AddStringToObject(item, "arn", q->arn);
            cJSON_AddStringToObject(item, "url", q->url);
            cJSON_AddNumberToObject(item, "messages", (double)q->message_count);
            cJSON_AddItemToArray(queues, item);
        }
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "Queue", queues);
    return out;
}
