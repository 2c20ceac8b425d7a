/* Replication: a new object in a bucket whose replication rules select it is copied to each
 * rule's destination bucket as a replica. */
#ifndef MOTOC_S3_REPLICATION_H
#define MOTOC_S3_REPLICATION_H

#include "../core/backend.h"

struct bucket;

/* Replicates the current version of key (a form upload's object, whose key the path does not
 * name) if the bucket's rules select it. */
void s3_replicate_object(struct bucket *b, const char *key);

/* The backend's call_answered hook: replicates what a write operation created. */
void s3_replicate_answered_call(const struct answered_call *a);

#endif
