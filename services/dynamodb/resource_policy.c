/* PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy (resource_policy.h): the ARN
 * forms DynamoDB accepts and refuses, its policy document checks with its messages, revision
 * ids and ExpectedRevisionId. Policies are stored, not enforced. */
#include "resource_policy.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/params.h"
#include "../core/persist_record.h"
#include "../core/policy.h"
#include "ops.h"
#include "request.h"
#include "stream.h"
#include "table.h"

#define POLICY_MAX_BYTES 20480
#define INVALID_PARAMETERS "One or more parameter values were invalid: "
#define POLICY_NOT_FOUND "Resource-based policy not found for the provided ResourceArn: "
/* ExpectedRevisionId's value for "only when the resource has no policy yet". */
#define NO_POLICY "NO_POLICY"

void ddb_policy_slot_clear(struct ddb_policy_slot *slot)
{
    free(slot->document);
    free(slot->revision);
    slot->document = slot->revision = NULL;
}

/* ---- the document ---- */

static bool principal_is_anyone(const cJSON *principal)
{
    if (cJSON_IsString(principal))
        return strcmp(principal->valuestring, "*") == 0;
    const cJSON *aws = cJSON_GetObjectItemCaseSensitive(principal, "AWS");
    if (cJSON_IsString(aws))
        return strcmp(aws->valuestring, "*") == 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, aws)
    {
        if (cJSON_IsString(p) && strcmp(p->valuestring, "*") == 0)
            return true;
    }
    return false;
}

/* DynamoDB refuses to let anyone at all in without a condition narrowing who. */
static bool grants_unbounded_access(const cJSON *statements)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, statements)
    {
        const char *effect = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "Effect"));
        if (effect && strcmp(effect, "Allow") == 0 &&
            principal_is_anyone(cJSON_GetObjectItemCaseSensitive(s, "Principal")) &&
            !cJSON_GetObjectItemCaseSensitive(s, "Condition"))
            return true;
    }
    return false;
}

/* The document as DynamoDB keeps it: white space gone, a lone statement in a list, the default
 * Version filled in. NULL after failing the call with DynamoDB's message for what is wrong. */
static char *stored_document(struct call *c, const char *policy)
{
    if (!policy)
        policy = "";
    if (strlen(policy) > POLICY_MAX_BYTES) {
        ddb_validation(c, INVALID_PARAMETERS "Maximum policy size of %d bytes exceeded",
                       POLICY_MAX_BYTES);
        return NULL;
    }
    struct policy_problem problem;
    if (policy_check(policy, POLICY_ANY_OBJECT, &problem) != 0) {
        ddb_validation(c, INVALID_PARAMETERS "Invalid policy document: This policy contains "
                          "invalid Json");
        return NULL;
    }
    cJSON *doc = cJSON_Parse(policy);
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
    if (cJSON_IsArray(statements) && !statements->child) {
        ddb_validation(c, INVALID_PARAMETERS "Invalid policy document: Could not parse the "
                          "policy: Statement is empty!");
        cJSON_Delete(doc);
        return NULL;
    }
    if (policy_check(policy, POLICY_COMPLETE, &problem) != 0) {
        ddb_validation(c, INVALID_PARAMETERS "Invalid policy document: %s", problem.message);
        cJSON_Delete(doc);
        return NULL;
    }
    if (cJSON_IsObject(statements)) {
        cJSON *lone = cJSON_DetachItemFromObjectCaseSensitive(doc, "Statement");
        cJSON *list = cJSON_AddArrayToObject(doc, "Statement");
        cJSON_AddItemToArray(list, lone);
    }
    if (grants_unbounded_access(cJSON_GetObjectItemCaseSensitive(doc, "Statement"))) {
        call_fail_validation(c, "Resource-based policy grants unbounded access in one or more "
                                "elements. Please revise the policy to ensure least-privilege "
                                "form of access");
        cJSON_Delete(doc);
        return NULL;
    }
    if (!cJSON_GetObjectItemCaseSensitive(doc, "Version")) {
        cJSON *versioned = cJSON_CreateObject(); /* Version first, where AWS writes it */
        cJSON_AddStringToObject(versioned, "Version", "2008-10-17");
        while (doc->child) {
            cJSON *member = cJSON_DetachItemViaPointer(doc, doc->child);
            cJSON_AddItemToObject(versioned, member->string, member);
        }
        cJSON_Delete(doc);
        doc = versioned;
    }
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    char *owned = xstrdup(text);
    cJSON_free(text);
    return owned;
}

/* A revision id: the change's time in milliseconds, always after the slot's last one. */
static char *next_revision(const char *last)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long long now =
        (unsigned long long)ts.tv_sec * 1000u + (unsigned long long)ts.tv_nsec / 1000000u;
    unsigned long long previous = last ? strtoull(last, NULL, 10) : 0;
    if (now <= previous)
        now = previous + 1;
    char text[24];
    snprintf(text, sizeof text, "%llu", now);
    return xstrdup(text);
}

static void slot_set(struct ddb_policy_slot *slot, char *document)
{
    char *revision = next_revision(slot->revision);
    ddb_policy_slot_clear(slot);
    slot->document = document;
    slot->revision = revision;
}

int ddb_policy_slot_create(struct call *c, struct ddb_policy_slot *slot, const char *policy)
{
    char *document = stored_document(c, policy);
    if (!document)
        return -1;
    slot_set(slot, document);
    return 0;
}

cJSON *ddb_policy_slot_save(const struct ddb_policy_slot *slot)
{
    if (!slot->document && !slot->revision)
        return NULL;
    cJSON *o = cJSON_CreateObject();
    record_add_string(o, "document", slot->document);
    record_add_string(o, "revision", slot->revision);
    return o;
}

void ddb_policy_slot_load(struct ddb_policy_slot *slot, const cJSON *saved)
{
    ddb_policy_slot_clear(slot);
    slot->document = record_strdup(saved, "document");
    slot->revision = record_strdup(saved, "revision");
}

/* ---- which slot an ARN names ---- */

struct policy_target {
    const char *arn;
    struct ddb_table *table;
    struct ddb_policy_slot *slot; /* the table's or one of its streams' */
};

static struct ddb_stream *table_stream(struct ddb_region *r, const struct ddb_table *t,
                                       const char *label)
{
    for (size_t i = 0; i < r->nstreams; i++) {
        struct ddb_stream *s = r->streams[i];
        if (strcmp(s->table_arn, t->arn) == 0 && strcmp(s->label, label) == 0 &&
            s->created >= t->created)
            return s;
    }
    return NULL;
}

/* 0 with *target set, or -1 after failing the call as DynamoDB does for that ARN. */
static int find_target(struct call *c, const char *text, struct policy_target *target)
{
    struct ddb_region *r = ddb_call_region(c);
    if (!text || strncmp(text, "arn:", 4) != 0)
        return ddb_validation(c, INVALID_PARAMETERS "ARNs must start with 'arn:': %s",
                              text ? text : "");
    struct arn arn;
    if (!arn_parse(text, &arn) || strcmp(arn.service, "dynamodb") != 0 ||
        strncmp(arn.resource, "table/", 6) != 0 ||
        strcmp(arn.partition, partition_for_region(r->region)) != 0 ||
        strcmp(arn.region, r->region) != 0)
        return ddb_validation(c, INVALID_PARAMETERS "Invalid resource Arn: %s", text);
    if (strcmp(arn.account, r->account) != 0)
        return call_fail_validation(c, "This action is only supported by accounts that match "
                                       "the resource owner\u2019s account.");
    char name[256];
    const char *rest = arn.resource + 6, *slash = strchr(rest, '/');
    size_t len = slash ? (size_t)(slash - rest) : strlen(rest);
    if (len == 0 || len >= sizeof name)
        return ddb_validation(c, INVALID_PARAMETERS "Invalid resource Arn: %s", text);
    memcpy(name, rest, len);
    name[len] = '\0';
    const char *label = NULL;
    if (slash) {
        if (strncmp(slash, "/index/", 7) == 0)
            return ddb_validation(c, INVALID_PARAMETERS "Invalid resource arn provided, only "
                                     "table or stream is accepted. Provided resource arn: "
                                     "arn:%s:dynamodb:%s:%s",
                                  arn.partition, arn.region, arn.account);
        if (strncmp(slash, "/stream/", 8) != 0 || !slash[8])
            return ddb_validation(c, INVALID_PARAMETERS "Provided Arn is not a DynamoDB "
                                     "resource arn: %s",
                                  text);
        label = slash + 8;
    }
    struct ddb_table *t = ddb_table_find(r, name);
    if (!t)
        return call_fail_resource_not_found(c, "Requested resource not found: Table: %s not found",
                                            name);
    target->arn = text;
    target->table = t;
    target->slot = &t->policy;
    if (label) {
        struct ddb_stream *s = table_stream(r, t, label);
        if (!s)
            return call_fail_resource_not_found(
                c, "Requested resource not found: Stream: %s not found for Table: %s", label, name);
        target->slot = &s->policy;
    }
    return 0;
}

/* ExpectedRevisionId against the slot: 0, or -1 after PolicyNotFoundException. */
static int check_expected_revision(struct call *c, const struct policy_target *target,
                                   const char *expected)
{
    const struct ddb_policy_slot *slot = target->slot;
    if (!expected)
        return 0;
    if (strcmp(expected, NO_POLICY) == 0) {
        if (!slot->document)
            return 0;
        return call_fail(c, 400, "PolicyNotFoundException",
                         POLICY_NOT_FOUND "Requested policy update expecting none to be present "
                                          "for table %s, but a policy exists with revision id %s.",
                         target->table->name, slot->revision);
    }
    if (!slot->document)
        return call_fail(c, 400, "PolicyNotFoundException", POLICY_NOT_FOUND "%s", target->arn);
    if (strcmp(expected, slot->revision) == 0)
        return 0;
    return call_fail(c, 400, "PolicyNotFoundException",
                     POLICY_NOT_FOUND "Requested update for policy with revision id %s, but the "
                                      "policy associated to target table %s has revision id %s.",
                     expected, target->table->name, slot->revision);
}

/* ---- the operations ---- */

OPERATION(ddb_put_resource_policy)
{
    struct policy_target target;
    if (find_target(c, param_string(in, "ResourceArn"), &target) != 0)
        return -1;
    char *document = stored_document(c, param_string(in, "Policy"));
    if (!document)
        return -1;
    if (check_expected_revision(c, &target, param_string(in, "ExpectedRevisionId")) != 0) {
        free(document);
        return -1;
    }
    /* The same document again is no change: the revision stays. */
    if (target.slot->document && strcmp(target.slot->document, document) == 0)
        free(document);
    else
        slot_set(target.slot, document);
    cJSON_AddStringToObject(out, "RevisionId", target.slot->revision);
    return 0;
}

OPERATION(ddb_get_resource_policy)
{
    struct policy_target target;
    if (find_target(c, param_string(in, "ResourceArn"), &target) != 0)
        return -1;
    if (!target.slot->document)
        return call_fail(c, 400, "PolicyNotFoundException", POLICY_NOT_FOUND "%s", target.arn);
    cJSON_AddStringToObject(out, "Policy", target.slot->document);
    cJSON_AddStringToObject(out, "RevisionId", target.slot->revision);
    return 0;
}

OPERATION(ddb_delete_resource_policy)
{
    struct policy_target target;
    if (find_target(c, param_string(in, "ResourceArn"), &target) != 0 ||
        check_expected_revision(c, &target, param_string(in, "ExpectedRevisionId")) != 0)
        return -1;
    /* Deleting what is not there succeeds: with the last deletion's revision when there was
     * one, with nothing when the resource never had a policy. */
    free(target.slot->document);
    target.slot->document = NULL;
    if (target.slot->revision)
        cJSON_AddStringToObject(out, "RevisionId", target.slot->revision);
    return 0;
}
