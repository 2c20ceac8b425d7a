/* Running a parsed Logs Insights query over log events, to the rows GetQueryResults answers. */
#ifndef MOTOC_LOGS_INSIGHTS_EVAL_H
#define MOTOC_LOGS_INSIGHTS_EVAL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "insights_query.h"

/* One log event as a query sees it. */
struct insights_event {
    const char *log;    /* @log: "ACCOUNT:GROUP" */
    const char *stream; /* @logStream */
    const char *message;
    double timestamp; /* milliseconds since the epoch */
    const char *ptr;  /* @ptr: the record's identifier */
    double ingestion_time; /* @ingestionTime, milliseconds; 0 when unknown */
};

struct insights_statistics {
    double records_matched, records_scanned, bytes_scanned;
};

/* The results of query over events (in any order; they are read newest first): a list of
 * rows, each a list of {field, value}, at most limit of them. */
cJSON *insights_query_run(const struct insights_query *query, const struct insights_event *events,
                          size_t count, long limit, struct insights_statistics *stats);

/* Formats milliseconds since the epoch as Insights shows timestamps: 2024-01-31 12:34:56.789. */
void insights_format_time(double ms, char out[32]);

#endif
