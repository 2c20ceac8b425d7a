/* A topic encrypted with a KMS key (KmsMasterKeyId) needs that key usable to take messages: SNS
 * checks it when publishing, not when the attribute is set. */
#ifndef MOTOC_SNS_TOPIC_KMS_H
#define MOTOC_SNS_TOPIC_KMS_H

struct proto_error;
struct sns_topic;

/* 0 when the topic has no KMS key or its key is usable; -1 after failing err with SNS's error
 * (KMSNotFound, KMSDisabled, KMSInvalidState, KMSAccessDenied). */
int sns_check_kms_key(const struct sns_topic *t, struct proto_error *err);

#endif
