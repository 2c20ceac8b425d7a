/* The JSON documents SNS delivers to SQS and HTTP subscribers (notifications and subscription
 * confirmations), laid out byte for byte as SNS writes them. */
#ifndef MOTOC_SNS_ENVELOPE_H
#define MOTOC_SNS_ENVELOPE_H

#include <cjson/cJSON.h>

struct envelope {
    const char *type; /* "Notification", "SubscriptionConfirmation" */
    const char *message_id;
    const char *sequence_number; /* FIFO topics, else NULL */
    const char *token;           /* confirmations */
    const char *topic_arn;
    const char *subject;         /* NULL when the publisher gave none */
    const char *message;
    const char *subscribe_url;   /* confirmations */
    const char *unsubscribe_url; /* notifications */
    const char *signature_version;
    const char *region;
    const cJSON *message_attributes; /* published MessageAttributes, NULL if none */
};

/* The envelope as text (caller frees). */
char *envelope_json(const struct envelope *e);

/* "2024-05-01T12:34:56.789Z", now. */
void sns_timestamp_now(char out[32]);

#endif
