/* Queue lifecycle: create, delete, find, list, purge. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "ops.h"
#include "queue.h"
#include "queue_attributes.h"
#include "queue_url.h"
#include "region.h"
#include "tags.h"

#define MAX_QUEUE_NAME 80
#define MAX_LIST_RESULTS 1000
#define PURGE_INTERVAL_MS 60000

static bool valid_name_characters(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return false;
    return true;
}

static bool valid_queue_name(const char *name, bool fifo)
{
    size_t len = strlen(name);
    if (len == 0 || len > MAX_QUEUE_NAME)
        return false;
    if (!fifo)
        return valid_name_characters(name, len);
    size_t suffix = strlen(".fifo");
    return len > suffix && strcmp(name + len - suffix, ".fifo") == 0 &&
           valid_name_characters(name, len - suffix);
}

static int check_queue_name(struct call *c, const char *name, bool fifo)
{
    if (valid_queue_name(name, fifo))
        return 0;
    if (fifo)
        return call_fail_invalid_parameter_value(
            c, "The name of a FIFO queue can only include alphanumeric characters, "
               "hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in "
               "length.");
    return call_fail_invalid_parameter_value(
        c, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 "
           "in length");
}

/* CreateQueue of an existing name succeeds only if every attribute it names has the value the
 * queue already has. */
static const char *first_differing_attribute(struct sqs_queue *existing,
                                             struct sqs_queue *requested,
                                             const cJSON *attributes)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, attributes)
    {
        char *have = queue_attribute_value(existing, a->string);
        char *want = queue_attribute_value(requested, a->string);
        bool same = (!have && !want) || (have && want && strcmp(have, want) == 0);
        if (strcmp(a->string, "FifoQueue") == 0)
            same = existing->fifo == requested->fifo;
        free(have);
        free(want);
        if (!same)
            return a->string;
    }
    return NULL;
}

int sqs_create_queue(struct call *c, const cJSON *in, cJSON *out)
{
    const char *name = param_string(in, "QueueName");
    const cJSON *attributes = cJSON_GetObjectItemCaseSensitive(in, "Attributes");
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(in, "tags");
    int fifo = queue_attributes_fifo_requested(attributes, c->err);
    if (fifo < 0)
        return -1;
    if (check_queue_name(c, name ? name : "", fifo) != 0)
        return -1;

    struct sqs_region *r = sqs_region_get(c->route->account, c->route->region);
    struct sqs_queue *requested = sqs_queue_new(r, name, fifo);
    if (queue_attributes_apply(requested, attributes, true, c->err) != 0) {
        sqs_queue_free(requested);
        return -1;
    }
    struct sqs_queue *existing = sqs_region_queue(r, name);
    if (existing) {
        const char *differs = first_differing_attribute(existing, requested, attributes);
        if (differs) {
            call_fail(c, 400, "QueueAlreadyExists",
                      "A queue already exists with the same name and a different value for "
                      "attribute %s",
                      differs);
            sqs_queue_free(requested);
            return -1;
        }
        sqs_queue_free(requested);
        cJSON_AddStringToObject(out, "QueueUrl", existing->url);
        return 0;
    }
    if (queue_tags_add(requested, tags, c->err) != 0) {
        sqs_queue_free(requested);
        return -1;
    }
    sqs_region_add_queue(r, requested);
    cJSON_AddStringToObject(out, "QueueUrl", requested->url);
    return 0;
}

int sqs_delete_queue(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    sqs_region_delete_queue(q->region, q);
    return 0;
}

int sqs_get_queue_url(struct call *c, const cJSON *in, cJSON *out)
{
    const char *name = param_string(in, "QueueName");
    const char *owner = param_string(in, "QueueOwnerAWSAccountId");
    struct sqs_region *r = sqs_region_find(owner && *owner ? owner : c->route->account,
                                           c->route->region);
    struct sqs_queue *q = r && name ? sqs_region_queue(r, name) : NULL;
    if (!q)
        return fail_no_such_queue(c);
    cJSON_AddStringToObject(out, "QueueUrl", q->url);
    return 0;
}

/* ---- listings with MaxResults / NextToken ---- */

struct page {
    long max;          /* entries per page */
    bool paginated;    /* MaxResults was given: NextToken is offered */
    char *after;       /* list from names above this one; NULL from the start */
};

static int read_page(struct call *c, const cJSON *in, struct page *p)
{
    memset(p, 0, sizeof *p);
    if (page_size_read(in, "MaxResults", 1, MAX_LIST_RESULTS, MAX_LIST_RESULTS, &p->max) != 0)
        return call_fail_invalid_parameter_value(
            c,
            "Value %ld for parameter MaxResults is invalid. Reason: MaxResults "
            "must be an integer between 1 and 1000.",
            p->max);
    p->paginated = cJSON_GetObjectItemCaseSensitive(in, "MaxResults") != NULL;
    const char *token = param_string(in, "NextToken");
    if (token && *token && !(p->after = page_token_name(token)))
        return call_fail_invalid_parameter_value(c, "Invalid NextToken value.");
    return 0;
}

int sqs_list_queues(struct call *c, const cJSON *in, cJSON *out)
{
    struct page page;
    if (read_page(c, in, &page) != 0)
        return -1;
    const char *prefix = param_string(in, "QueueNamePrefix");
    if (!prefix)
        prefix = "";
    struct sqs_region *r = sqs_region_find(c->route->account, c->route->region);
    size_t i = r ? sqs_region_lower_bound(r, page.after && strcmp(page.after, prefix) > 0
                                                 ? page.after
                                                 : prefix)
                 : 0;
    cJSON *urls = cJSON_CreateArray();
    const char *last = NULL;
    long n = 0;
    for (; r && i < r->queue_count; i++) {
        const struct sqs_queue *q = r->queues[i];
        if (strncmp(q->name, prefix, strlen(prefix)) != 0)
            break;
        if (page.after && strcmp(q->name, page.after) <= 0)
            continue;
        if (n == page.max) {
            if (page.paginated)
                page_token_add_name(out, "NextToken", last);
            break;
        }
        cJSON_AddItemToArray(urls, cJSON_CreateString(q->url));
        last = q->name;
        n++;
    }
    if (n > 0)
        cJSON_AddItemToObject(out, "QueueUrls", urls);
    else
        cJSON_Delete(urls);
    free(page.after);
    return 0;
}

int sqs_purge_queue(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    uint64_t now = sqs_now_ms();
    if (q->last_purge_ms && now - q->last_purge_ms < PURGE_INTERVAL_MS)
        return call_fail(c, 403, "AWS.SimpleQueueService.PurgeQueueInProgress",
                         "Only one PurgeQueue operation on %s is allowed every 60 seconds.",
                         q->name);
    sqs_queue_purge(q);
    q->last_purge_ms = now;
    return 0;
}

struct dead_letter_sources {
    const char *dlq_arn;
    struct sqs_queue **queues;
    size_t count, cap;
};

static void collect_source(struct sqs_queue *q, void *arg)
{
    struct dead_letter_sources *s = arg;
    if (!q->dead_letter_target_arn || strcmp(q->dead_letter_target_arn, s->dlq_arn) != 0)
        return;
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->queues = xrealloc(s->queues, s->cap * sizeof *s->queues);
    }
    s->queues[s->count++] = q;
}

static int compare_by_url(const void *a, const void *b)
{
    return strcmp((*(struct sqs_queue *const *)a)->url, (*(struct sqs_queue *const *)b)->url);
}

int sqs_list_dead_letter_source_queues(struct call *c, const cJSON *in, cJSON *out)
{
    struct sqs_queue *dlq = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!dlq)
        return -1;
    struct page page;
    if (read_page(c, in, &page) != 0)
        return -1;
    struct dead_letter_sources sources = {dlq->arn, NULL, 0, 0};
    sqs_each_queue(collect_source, &sources);
    if (sources.count > 1)
        qsort(sources.queues, sources.count, sizeof *sources.queues, compare_by_url);
    cJSON *urls = cJSON_AddArrayToObject(out, "queueUrls");
    long n = 0;
    const char *last = NULL;
    for (size_t i = 0; i < sources.count; i++) {
        const char *url = sources.queues[i]->url;
        if (page.after && strcmp(url, page.after) <= 0)
            continue;
        if (n == page.max) {
            if (page.paginated)
                page_token_add_name(out, "NextToken", last);
            break;
        }
        cJSON_AddItemToArray(urls, cJSON_CreateString(url));
        last = url;
        n++;
    }
    free(sources.queues);
    free(page.after);
    return 0;
}
