/* Routing: which service, operation, region and account an HTTP request is for. */
#ifndef MOTOC_ROUTE_H
#define MOTOC_ROUTE_H

#include <stdbool.h>

#include "../../http/message.h"
#include "service_index.h"

#define DEFAULT_ACCOUNT_ID "123456789012"
#define DEFAULT_REGION "us-east-1"

struct route {
    const struct service_info *service; /* NULL: no AWS service could be told from the request */
    enum aws_protocol protocol;         /* the protocol this request speaks */
    char operation[128]; /* from X-Amz-Target / Action / rpc-v2-cbor path; "" for rest protocols
                            (their operation is matched later from the model's HTTP bindings) */
    char region[32];     /* host, else credential scope, else MOTOC_REGION, else us-east-1 */
    char account[16];    /* from the access key; MOTOC_ACCOUNT_ID, else 123456789012 */
    char access_key[128];/* from Authorization / X-Amz-Credential, "" if unsigned */
    char bucket[256];    /* S3 bucket named by a virtual-hosted host, "" otherwise */
    char host_account[16];/* account id named in the host (s3-control, ddb account endpoints) */
    bool moto_api;       /* motoapi.amazonaws.com or a /moto-api/ path */
};

/* Fills *out for req. Never fails: what cannot be told stays empty/NULL. */
void route_request(const struct http_request *req, struct route *out);

/* The account motoc answers for when nothing else names one: MOTOC_ACCOUNT_ID, else
 * 123456789012. */
const char *default_account_id(void);
/* The region when neither host nor signature names one: MOTOC_REGION, else us-east-1. */
const char *default_region(void);

/* True for "us-east-1", "cn-north-1", "us-gov-west-1", "eu-isoe-west-1", "eusc-de-east-1": a
 * region name's shape. */
bool looks_like_region(const char *s, size_t len);

#endif
