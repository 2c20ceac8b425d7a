/* A queue encrypted with a KMS key (KmsMasterKeyId) needs that key usable to take and hand out
 * messages: SQS checks it then, not when the attribute is set. */
#ifndef MOTOC_SQS_QUEUE_KMS_H
#define MOTOC_SQS_QUEUE_KMS_H

struct proto_error;
struct sqs_queue;

/* 0 when the queue has no KMS key or its key is usable; -1 after failing err with SQS's
 * KMS.* error (KMS.NotFoundException, KMS.DisabledException…). */
int sqs_check_kms_key(const struct sqs_queue *q, struct proto_error *err);

#endif
