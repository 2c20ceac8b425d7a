/* S3's events on EventBridge: with EventBridge notifications on, a bucket's object changes go to
 * the default event bus of its account and region ("Object Created", "Object Deleted", …). */
#ifndef MOTOC_S3_EVENTBRIDGE_EVENT_H
#define MOTOC_S3_EVENTBRIDGE_EVENT_H

#include <stddef.h>

struct bucket;

struct s3_change {
    const char *event;      /* S3's notification event name, e.g. "ObjectCreated:Put" */
    const char *key;
    const char *request_id;
    const char *requester;  /* account id */
    const char *version_id; /* NULL when unversioned */
    const char *etag;       /* without quotes; NULL when none (removals) */
    long long size;         /* -1 when none */
    const char *sequencer;
};

/* Sends the EventBridge event of change when the bucket's notification configuration turns
 * EventBridge on. */
void s3_send_to_eventbridge(const struct bucket *b, const struct s3_change *change);

#endif
