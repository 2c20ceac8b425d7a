/* S3 event notifications: the event records a request's changes cause, sent to the SQS queues
 * and SNS topics of the bucket's notification configuration whose events and key filters they
 * match, and the s3:TestEvent a destination receives when a configuration names it. */
#ifndef MOTOC_S3_EVENT_NOTIFICATION_H
#define MOTOC_S3_EVENT_NOTIFICATION_H

#include "../core/backend.h"

struct bucket;

/* The events of operations whose answer does not name the object (PostObject's form field,
 * DeleteObjects' list): sent by the operation itself for each object, event like
 * "ObjectCreated:Post"; version_id NULL when unversioned. */
void s3_notify_object_event(const struct call *c, const struct bucket *b, const char *event,
                            const char *key, const char *version_id);

/* The backend's call_answered hook: the events of every other operation. */
void s3_notify_answered_call(const struct answered_call *a);

#endif
