/* Batch requests (SQS's *Batch operations, SNS PublishBatch, and the like): the checks every
 * batch makes of its entries (how many, well-formed and distinct ids), with each service's own
 * errors, and one driver that runs the entries and files each under Successful or Failed. */
#ifndef MOTOC_BATCH_H
#define MOTOC_BATCH_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "backend.h"

#define BATCH_ENTRY_ID_MAX 80

enum batch_problem {
    BATCH_EMPTY,            /* no entries */
    BATCH_TOO_MANY,         /* more than max_entries */
    BATCH_ID_INVALID,       /* an id that is not 1-80 letters, digits, '-' or '_' */
    BATCH_IDS_NOT_DISTINCT, /* two entries with the same id */
};

struct batch_rules {
    int max_entries;
    const char *entry_name; /* the entries' shape, for messages ("SendMessageBatchRequestEntry") */
    /* Fails the call with the service's error; id is the offending id (BATCH_IDS_NOT_DISTINCT),
     * count the number of entries sent. Returns -1. */
    int (*refuse)(struct call *c, const struct batch_rules *rules, enum batch_problem problem,
                  const char *id, int count);
};

/* 1 to 80 letters, digits, hyphens and underscores. */
bool batch_entry_id_valid(const char *id);

/* The entries' count and ids ("Id" members). 0, or -1 after failing the call. */
int batch_check_entries(struct call *c, const cJSON *entries, const struct batch_rules *rules);

/* Runs one entry: fills result (the Successful entry, "Id" already in it) and returns 0, or
 * fills err and returns -1 (the entry is filed under Failed). */
typedef int (*batch_entry_fn)(void *ctx, const cJSON *entry, cJSON *result,
                              struct proto_error *err);

/* Runs every entry in order, adding "Successful" and "Failed" lists to out. */
void batch_run(const cJSON *entries, batch_entry_fn run, void *ctx, cJSON *out);

#endif
