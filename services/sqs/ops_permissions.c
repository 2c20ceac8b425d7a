/* AddPermission / RemovePermission: statements of the queue's policy, one per label. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "../core/policy.h"
#include "ops.h"
#include "queue.h"
#include "queue_url.h"
#include "region.h"

#define MAX_ACTIONS 7
#define MAX_LABEL 80

static const char *const shareable_actions[] = {
    "*", "ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl",
    "ListDeadLetterSourceQueues", "PurgeQueue", "ReceiveMessage", "SendMessage",
};

static bool shareable(const char *action)
{
    for (size_t i = 0; i < sizeof shareable_actions / sizeof shareable_actions[0]; i++)
        if (strcmp(shareable_actions[i], action) == 0)
            return true;
    return false;
}

static bool valid_label(const char *label)
{
    size_t len = strlen(label);
    if (len == 0 || len > MAX_LABEL)
        return false;
    for (const char *p = label; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            return false;
    return true;
}

/* The queue's policy document, or a new empty one. */
static cJSON *policy_document(const struct sqs_queue *q)
{
    struct buf id = BUF_INIT;
    buf_printf(&id, "%s/SQSDefaultPolicy", q->arn);
    cJSON *doc = policy_document_for_edit(q->policy, "2012-10-17", id.data);
    buf_free(&id);
    return doc;
}

static void store_policy(struct sqs_queue *q, cJSON *doc)
{
    free(q->policy);
    q->policy = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "Statement")) > 0
                    ? cJSON_PrintUnformatted(doc)
                    : NULL;
    cJSON_Delete(doc);
}

int sqs_add_permission(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    const char *label = param_string(in, "Label");
    const cJSON *accounts = cJSON_GetObjectItemCaseSensitive(in, "AWSAccountIds");
    const cJSON *actions = cJSON_GetObjectItemCaseSensitive(in, "Actions");
    if (!label || !valid_label(label))
        return call_fail_invalid_parameter_value(
            c,
            "Value %s for parameter Label is invalid. Reason: Can only include "
            "alphanumeric characters, hyphens, or underscores. 1 to 80 in length.",
            label ? label : "");
    if (cJSON_GetArraySize(accounts) == 0)
        return call_fail_invalid_parameter_value(
            c, "Value [] for parameter PrincipalId is invalid. Reason: Unable to verify.");
    if (cJSON_GetArraySize(actions) == 0)
        return call_fail_missing_parameter(c, "Actions");
    if (cJSON_GetArraySize(actions) > MAX_ACTIONS)
        return call_fail(c, 403, "OverLimit", "%d Actions were found, maximum allowed is %d.",
                         cJSON_GetArraySize(actions), MAX_ACTIONS);
    const cJSON *action;
    cJSON_ArrayForEach(action, actions)
    {
        if (!cJSON_IsString(action) || !shareable(action->valuestring))
            return call_fail_invalid_parameter_value(
                c,
                "Value SQS:%s for parameter ActionName is invalid. Reason: Only the "
                "queue owner is allowed to invoke this action.",
                cJSON_IsString(action) ? action->valuestring : "");
    }
    cJSON *doc = policy_document(q);
    if (policy_statement_find(doc, label)) {
        cJSON_Delete(doc);
        return call_fail_invalid_parameter_value(
            c, "Value %s for parameter Label is invalid. Reason: Already exists.", label);
    }
    cJSON_AddItemToArray(
        cJSON_GetObjectItemCaseSensitive(doc, "Statement"),
        policy_statement_for_accounts(label, q->region->region, accounts, "SQS", actions, q->arn));
    store_policy(q, doc);
    return 0;
}

int sqs_remove_permission(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    const char *label = param_string(in, "Label");
    cJSON *doc = policy_document(q);
    if (!label || !policy_statement_remove(doc, label)) {
        cJSON_Delete(doc);
        return call_fail_invalid_parameter_value(
            c,
            "Value %s for parameter Label is invalid. Reason: can't find label on "
            "existing policy.",
            label ? label : "");
    }
    store_policy(q, doc);
    return 0;
}
