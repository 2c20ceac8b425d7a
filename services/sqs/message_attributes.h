/* Message attributes as SQS checks and digests them. An attribute map is the params-tree form of
 * MessageAttributes / MessageSystemAttributes:
 *   {"name": {"DataType": "String", "StringValue": "…"} | {"DataType": "Binary",
 *    "BinaryValue": "<base64>"}, …}
 * SNS uses the same map for its own message attributes. */
#ifndef MOTOC_SQS_MESSAGE_ATTRIBUTES_H
#define MOTOC_SQS_MESSAGE_ATTRIBUTES_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../core/protocol.h"

#define SQS_MAX_MESSAGE_ATTRIBUTES 10

enum attribute_kind {
    ATTRIBUTE_INVALID = 0,
    ATTRIBUTE_STRING,
    ATTRIBUTE_NUMBER,
    ATTRIBUTE_BINARY,
};

/* The kind a DataType names: "String", "Number", "Binary", each optionally ".<custom label>". */
enum attribute_kind attribute_kind_of(const char *data_type);

/* 0, or -1 with err set to the error SQS answers for the first attribute it refuses. */
int message_attributes_validate(const cJSON *attributes, struct proto_error *err);
/* MessageSystemAttributes: only AWSTraceHeader, a String. */
int message_system_attributes_validate(const cJSON *attributes, struct proto_error *err);

/* The hex MD5 SQS reports for an attribute map (MD5OfMessageAttributes): attributes sorted by
 * name, each as length-prefixed name and type, a transport byte, and the length-prefixed value.
 * out is "" for a missing or empty map. */
void message_attributes_md5(const cJSON *attributes, char out[33]);

/* Bytes the attributes count towards the message size limit: names, types and values. */
size_t message_attributes_size(const cJSON *attributes);

/* The first character SQS refuses in message text (outside #x9 | #xA | #xD | #x20-#xD7FF |
 * #xE000-#xFFFD | #x10000-#x10FFFF), or -1 when there is none. A byte that does not start a valid
 * UTF-8 sequence counts as a refused character of that value. */
long sqs_first_invalid_character(const char *text);

#endif
