/* Server-side encryption of tables with KMS keys: SSESpecification resolved to the
 * SSEDescription DynamoDB reports, the key checked through KMS. */
#ifndef MOTOC_DDB_TABLE_SSE_H
#define MOTOC_DDB_TABLE_SSE_H

#include <cjson/cJSON.h>

#include "../core/backend.h"

/* *description becomes the SSEDescription for spec: NULL when spec is absent or not Enabled
 * (encryption with an AWS owned key, which DynamoDB does not describe), else KMS with the key's
 * ARN, the AWS managed key aws/dynamodb when spec names none. -1 after failing the call with
 * ValidationException when the key is not usable. */
int ddb_sse_description(struct call *c, const cJSON *spec, cJSON **description);

#endif
