/* KMS's refusals as the services using KMS keys answer them. */
#include "service_errors.h"

#include <stdio.h>
#include <string.h>

#include "../core/call_error.h"
#include "../../http/buf.h"
#include "../core/protocol.h"
#include "../core/request_id.h"

int kms_pass_on_error(const struct proto_error *kms_error, struct proto_error *out)
{
    const char *code = kms_error->code;
    if (strncmp(code, "KMS", 3) == 0 && code[3] != '\0')
        code += 3; /* KMSInvalidStateException → KMS.InvalidStateException */
    char prefixed[sizeof kms_error->code];
    snprintf(prefixed, sizeof prefixed, "KMS.%.120s", code);
    return error_fail(out, 400, prefixed, "%s", kms_error->message ? kms_error->message : "");
}

char *kms_quoted_error(const struct proto_error *kms_error)
{
    char request_id[37];
    uuid_new(request_id);
    struct buf text = BUF_INIT;
    buf_printf(&text,
               "%s (Service: AWSKMS; Status Code: %d; Error Code: %s; Request ID: %s; "
               "Proxy: null)",
               kms_error->message ? kms_error->message : "", kms_error->status, kms_error->code,
               request_id);
    return buf_take(&text);
}
