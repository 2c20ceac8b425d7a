/* AddPermission / RemovePermission: statements of the queue's policy, one per label. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/params.h"
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
    cJSON *doc = q->policy ? cJSON_Parse(q->policy) : NULL;
    if (cJSON_IsObject(doc) && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "Statement")))
        return doc;
    cJSON_Delete(doc);
    doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "Version", "2012-10-17");
    struct buf id = BUF_INIT;
    buf_printf(&id, "%s/SQSDefaultPolicy", q->arn);
    cJSON_AddStringToObject(doc, "Id", id.data);
    buf_free(&id);
    cJSON_AddArrayToObject(doc, "Statement");
    return doc;
}

static cJSON *statement_with_label(cJSON *doc, const char *label)
{
    cJSON *statement;
    cJSON_ArrayForEach(statement, cJSON_GetObjectItemCaseSensitive(doc, "Statement"))
    {
        const char *sid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(statement, "Sid"));
        if (sid && strcmp(sid, label) == 0)
            return statement;
    }
    return NULL;
}

static void store_policy(struct sqs_queue *q, cJSON *doc)
{
    free(q->policy);
    q->policy = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "Statement")) > 0
                    ? cJSON_PrintUnformatted(doc)
                    : NULL;
    cJSON_Delete(doc);
}

/* One value stays a string, several become an array: the shape AWS writes. */
static cJSON *one_or_many(cJSON *array)
{
    if (cJSON_GetArraySize(array) != 1)
        return array;
    cJSON *only = cJSON_DetachItemFromArray(array, 0);
    cJSON_Delete(array);
    return only;
}

static cJSON *new_statement(const struct sqs_queue *q, const char *label, const cJSON *accounts,
                            const cJSON *actions)
{
    cJSON *principals = cJSON_CreateArray();
    const cJSON *item;
    cJSON_ArrayForEach(item, accounts)
    {
        const char *account = cJSON_GetStringValue(item);
        char *arn = arn_build_global("iam", q->region->region, account ? account : "", "root");
        cJSON_AddItemToArray(principals, cJSON_CreateString(arn));
        free(arn);
    }
    cJSON *names = cJSON_CreateArray();
    cJSON_ArrayForEach(item, actions)
    {
        struct buf name = BUF_INIT;
        buf_printf(&name, "SQS:%s", cJSON_GetStringValue(item));
        cJSON_AddItemToArray(names, cJSON_CreateString(name.data));
        buf_free(&name);
    }
    cJSON *statement = cJSON_CreateObject();
    cJSON_AddStringToObject(statement, "Sid", label);
    cJSON_AddStringToObject(statement, "Effect", "Allow");
    cJSON *principal = cJSON_AddObjectToObject(statement, "Principal");
    cJSON_AddItemToObject(principal, "AWS", one_or_many(principals));
    cJSON_AddItemToObject(statement, "Action", one_or_many(names));
    cJSON_AddStringToObject(statement, "Resource", q->arn);
    return statement;
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
    if (statement_with_label(doc, label)) {
        cJSON_Delete(doc);
        return call_fail_invalid_parameter_value(
            c, "Value %s for parameter Label is invalid. Reason: Already exists.", label);
    }
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(doc, "Statement"),
                         new_statement(q, label, accounts, actions));
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
    cJSON *statement = label ? statement_with_label(doc, label) : NULL;
    if (!statement) {
        cJSON_Delete(doc);
        return call_fail_invalid_parameter_value(
            c,
            "Value %s for parameter Label is invalid. Reason: can't find label on "
            "existing policy.",
            label ? label : "");
    }
    cJSON_DetachItemViaPointer(cJSON_GetObjectItemCaseSensitive(doc, "Statement"), statement);
    cJSON_Delete(statement);
    store_policy(q, doc);
    return 0;
}
