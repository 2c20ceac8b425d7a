/* S3 event notifications: the event records a request's changes cause, sent to the SQS queues
 * and SNS topics of the bucket's notification configuration whose events and key filters they
 * match, and the s3:TestEvent a destination receives when a configuration names it. */
#ifndef MOTOC_S3_EVENT_NOTIFICATION_H
#define MOTOC_S3_EVENT_NOTIFICATION_H

#include "../core/backend.h"

/* The backend's call_answered hook. */
void s3_notify_answered_call(const struct answered_call *a);

#endif
