/* Delivering records to destinations through the target services' own operations. */
#include "destination.h"

#include <stdio.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/internal_call.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "async_invoke.h"

static void log_failure(const char *what, const char *target, const struct proto_error *err)
{
    fprintf(stderr, "motoc: lambda: cannot deliver %s to %s (%s: %s)\n", what, target, err->code,
            err->message ? err->message : "");
}

void lambda_destination_send(const char *target, const char *body, const char *detail_type,
                    const char *function_arn, const cJSON *attributes)
{
    struct arn arn;
    if (!arn_parse(target, &arn))
        return;
    struct proto_error err = {0};
    cJSON *params = cJSON_CreateObject();
    int rc = 0;
    if (strcmp(arn.service, "sqs") == 0) {
        cJSON_AddStringToObject(params, "QueueName", arn.resource);
        cJSON_AddStringToObject(params, "QueueOwnerAWSAccountId", arn.account);
        cJSON *url = NULL;
        rc = internal_call("sqs", "GetQueueUrl", arn.account, arn.region, params, &url, &err);
        if (rc == 0) {
            cJSON_Delete(params);
            params = cJSON_CreateObject();
            cJSON_AddStringToObject(params, "QueueUrl", param_string(url, "QueueUrl"));
            cJSON_AddStringToObject(params, "MessageBody", body);
            if (attributes)
                cJSON_AddItemToObject(params, "MessageAttributes",
                                      cJSON_Duplicate(attributes, true));
            rc = internal_call("sqs", "SendMessage", arn.account, arn.region, params, NULL, &err);
        }
        cJSON_Delete(url);
    } else if (strcmp(arn.service, "sns") == 0) {
        cJSON_AddStringToObject(params, "TopicArn", target);
        cJSON_AddStringToObject(params, "Message", body);
        if (attributes)
            cJSON_AddItemToObject(params, "MessageAttributes", cJSON_Duplicate(attributes, true));
        rc = internal_call("sns", "Publish", arn.account, arn.region, params, NULL, &err);
    } else if (strcmp(arn.service, "events") == 0) {
        cJSON *entry = cJSON_AddArrayToObject(params, "Entries");
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "Source", "lambda");
        cJSON_AddStringToObject(e, "DetailType", detail_type);
        cJSON_AddStringToObject(e, "Detail", body);
        cJSON_AddStringToObject(e, "EventBusName", target);
        cJSON *resources = cJSON_AddArrayToObject(e, "Resources");
        cJSON_AddItemToArray(resources, cJSON_CreateString(function_arn));
        cJSON_AddItemToArray(entry, e);
        rc = internal_call("events", "PutEvents", arn.account, arn.region, params, NULL, &err);
    } else if (strcmp(arn.service, "lambda") == 0) {
        rc = async_invoke_queue(arn.account, arn.region, target, NULL, body, strlen(body), &err);
    }
    if (rc != 0)
        log_failure("an invocation record", target, &err);
    proto_error_clear(&err);
    cJSON_Delete(params);
}

