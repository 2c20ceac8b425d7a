/* DynamoDB and DynamoDB Streams as the core sees them: operation tables and state hooks. */
#include <stdio.h>
#include <zlib.h>

#include "../core/backend.h"
#include "ops.h"
#include "persist.h"
#include "table.h"

static const struct operation_entry dynamodb_operations[] = {DYNAMODB_OPERATIONS(OPERATION_ENTRY)};

static const struct operation_entry dynamodbstreams_operations[] =
    {DYNAMODBSTREAMS_OPERATIONS(OPERATION_ENTRY)};

/* botocore checks every DynamoDB answer against this header and retries on a mismatch. */
static void add_crc32(struct http_response *resp)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    if (resp->body.len)
        crc = crc32(crc, (const Bytef *)resp->body.data, (uInt)resp->body.len);
    char text[16];
    snprintf(text, sizeof text, "%lu", (unsigned long)crc);
    http_headers_set(&resp->headers, "x-amz-crc32", text);
}

const struct service_backend dynamodb_backend = {
    .service = "dynamodb",
    OPERATION_TABLE(dynamodb_operations),
    .reset = ddb_regions_reset,
    .state_json = ddb_state_json,
    .finish_response = add_crc32,
    .persistence = &ddb_persistence,
};

/* The streams share DynamoDB's state; reset is DynamoDB's. */
const struct service_backend dynamodbstreams_backend = {
    .service = "dynamodbstreams",
    OPERATION_TABLE(dynamodbstreams_operations),
    .finish_response = add_crc32,
    .persistence = &ddb_streams_persistence,
};
