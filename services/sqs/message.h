/* One SQS message and its receipt handles. */
#ifndef MOTOC_SQS_MESSAGE_H
#define MOTOC_SQS_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct sqs_message {
    struct sqs_message *prev, *next; /* the queue's order of arrival */
    char id[37];
    char *body;
    cJSON *attributes;        /* MessageAttributes (owned), NULL if none */
    cJSON *system_attributes; /* MessageSystemAttributes (owned), NULL if none */
    char md5_of_body[33];
    char md5_of_attributes[33];        /* "" without attributes */
    char md5_of_system_attributes[33]; /* "" without system attributes */
    char *sender_id;
    char *group_id;           /* FIFO (and fair standard queues), else NULL */
    char *deduplication_id;   /* FIFO, else NULL */
    char sequence_number[24]; /* FIFO, else "" */
    char *dead_letter_source_arn; /* set when redriven to a dead-letter queue */
    uint64_t sent_ms;         /* epoch milliseconds */
    uint64_t visible_at_ms;   /* hidden until then: delayed, or received and in flight */
    uint64_t first_receive_ms;/* 0 until received */
    uint64_t last_receive_ms; /* 0 until received */
    unsigned receive_count;
    uint64_t receipt_serial;  /* which receive the current receipt handle belongs to */
};

/* Everything a sender gives a message. */
struct message_input {
    const char *body;
    const cJSON *attributes;        /* copied */
    const cJSON *system_attributes; /* copied */
    const char *sender_id;
    const char *group_id;
    const char *deduplication_id;
};

struct sqs_message *sqs_message_new(const struct message_input *in, uint64_t now_ms);
void sqs_message_free(struct sqs_message *m);

/* The receipt handle of the message's current receive (serial receipt_serial). */
char *sqs_receipt_handle_new(const struct sqs_message *m);

/* A receipt handle taken apart; false when the text is not one motoc issued. */
struct receipt {
    char message_id[37];
    uint64_t serial;
};
bool sqs_receipt_handle_parse(const char *handle, struct receipt *out);


#endif
