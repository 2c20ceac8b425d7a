/* What Firehose operations share: the region and stream a call names, its errors, tag rules and
 * the per-region quota of delivery streams. */
#ifndef MOTOC_FIREHOSE_LOOKUP_H
#define MOTOC_FIREHOSE_LOOKUP_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "state.h"

struct firehose_region *firehose_call_region(struct call *c);
/* The stream in[DeliveryStreamName] names; NULL after failing the call. */
struct firehose_stream *firehose_stream_for_call(struct call *c, const cJSON *in);
int firehose_fail_argument(struct call *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* How many delivery streams a region allows (AWS's default quotas). */
size_t firehose_stream_quota(const char *region);

extern const struct tag_rules firehose_tag_rules;

#endif
