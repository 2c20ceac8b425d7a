/* Table encryption: SSESpecification checked against KMS. */
#include "table_sse.h"

#include <stdlib.h>
#include <string.h>

#include "../core/call_error.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "../kms/kms_keys.h"
#include "../kms/service_errors.h"
#include "request.h"

int ddb_sse_description(struct call *c, const cJSON *spec, cJSON **description)
{
    *description = NULL;
    const char *type = param_string(spec, "SSEType");
    const char *key_id = param_string(spec, "KMSMasterKeyId");
    if (key_id && (!type || strcmp(type, "KMS") != 0))
        return ddb_validation(c, "SSEType KMS is required if KMSMasterKeyId is specified");
    if (!spec || !param_bool(spec, "Enabled", false))
        return 0;
    char *arn;
    if (!key_id) {
        arn = kms_aws_managed_key_arn(c->route->account, c->route->region, "dynamodb");
    } else {
        struct proto_error kms_error = {0};
        arn = kms_key_arn(c->route->account, c->route->region, key_id, &kms_error);
        if (!arn) {
            char *quoted = kms_quoted_error(&kms_error);
            ddb_validation(c, "KMS validation error: com.amazonaws.services.kms.model.%s: %s",
                           kms_error.code, quoted);
            free(quoted);
            proto_error_clear(&kms_error);
            return -1;
        }
    }
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "Status", "ENABLED");
    cJSON_AddStringToObject(d, "SSEType", "KMS");
    cJSON_AddStringToObject(d, "KMSMasterKeyArn", arn);
    free(arn);
    *description = d;
    return 0;
}
