/* Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. alias/aws/ names belong to AWS
 * managed keys; ListAliases shows them whether or not their key exists yet, as AWS does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/call_error.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "kms_call.h"
#include "managed_keys.h"
#include "ops.h"
#include "state.h"

#define ALIAS_CHARACTERS \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/_-"

/* The alias name of a request, checked as AWS checks it (the names of AWS managed keys are
 * AWS's to make and remove); NULL after failing c. */
static const char *alias_name(struct call *c, const cJSON *in, bool creating)
{
    const char *name = param_string(in, "AliasName");
    if (!name || strncmp(name, "alias/", 6) != 0) {
        call_fail_validation(c, "Invalid identifier");
        return NULL;
    }
    if (strncmp(name, "alias/aws/", 10) == 0) {
        call_fail(c, 400, "NotAuthorizedException", "%s", "");
        return NULL;
    }
    if (creating && strchr(name, ':')) {
        call_fail_validation(c, "%s contains invalid characters for an alias", name);
        return NULL;
    }
    if (name[strspn(name, ALIAS_CHARACTERS)] != '\0') {
        call_fail_validation(c, "1 validation error detected: Value '%s' at 'aliasName' failed "
                                "to satisfy constraint: Member must satisfy regular expression "
                                "pattern: ^[a-zA-Z0-9:/_-]+$", name);
        return NULL;
    }
    return name;
}

/* The key an alias is to point at: a key id or key ARN, never another alias. */
static struct kms_key *alias_target(struct call *c, const cJSON *in)
{
    const char *target = param_string(in, "TargetKeyId");
    if (target && (strncmp(target, "alias/", 6) == 0 ||
                   (strncmp(target, "arn:", 4) == 0 && strstr(target, ":alias/")))) {
        call_fail_validation(c, "Aliases must refer to keys. Not aliases");
        return NULL;
    }
    struct kms_key *k = call_key(c, in, "TargetKeyId", KEY_ID_OR_ARN);
    if (k && k->state == KEY_PENDING_DELETION) {
        key_fail_state(k, c->err);
        return NULL;
    }
    return k;
}

static int fail_alias_not_found(struct call *c, const char *name)
{
    char *arn = arn_build("kms", c->route->region, c->route->account, "%s", name);
    call_fail(c, 400, "NotFoundException", "Alias %s is not found.", arn);
    free(arn);
    return -1;
}

OPERATION(kms_create_alias)
{
    (void)out;
    const char *name = alias_name(c, in, true);
    if (!name)
        return -1;
    struct kms_key *k = alias_target(c, in);
    if (!k)
        return -1;
    struct kms_region *r = kms_region_get(c->route->account, c->route->region);
    if (kms_alias_find(r, name)) {
        char *arn = arn_build("kms", c->route->region, c->route->account, "%s", name);
        call_fail(c, 400, "AlreadyExistsException", "An alias with the name %s already exists",
                  arn);
        free(arn);
        return -1;
    }
    kms_alias_add(r, name, k->id, kms_now());
    return 0;
}

OPERATION(kms_update_alias)
{
    (void)out;
    const char *name = alias_name(c, in, true);
    if (!name)
        return -1;
    struct kms_key *k = alias_target(c, in);
    if (!k)
        return -1;
    struct kms_alias *a = kms_alias_find(kms_region_find(c->route->account, c->route->region),
                                         name);
    if (!a)
        return fail_alias_not_found(c, name);
    const struct kms_key *current = kms_key_find(c->route->account, c->route->region, a->key_id);
    if (current && (current->usage != k->usage || current->spec->kind != k->spec->kind))
        return call_fail_validation(c, "%s key usage or type does not match the key of %s",
                                    k->arn, name);
    snprintf(a->key_id, sizeof a->key_id, "%s", k->id);
    a->updated = kms_now();
    return 0;
}

OPERATION(kms_delete_alias)
{
    (void)out;
    const char *name = alias_name(c, in, false);
    if (!name)
        return -1;
    struct kms_region *r = kms_region_find(c->route->account, c->route->region);
    if (!kms_alias_find(r, name))
        return fail_alias_not_found(c, name);
    kms_alias_remove(r, name);
    return 0;
}

static cJSON *alias_entry(struct call *c, const char *name, const char *key_id, double created,
                          double updated)
{
    cJSON *entry = cJSON_CreateObject();
    char *arn = arn_build("kms", c->route->region, c->route->account, "%s", name);
    cJSON_AddStringToObject(entry, "AliasName", name);
    cJSON_AddStringToObject(entry, "AliasArn", arn);
    free(arn);
    if (key_id) {
        cJSON_AddStringToObject(entry, "TargetKeyId", key_id);
        result_add_timestamp(entry, "CreationDate", created);
        result_add_timestamp(entry, "LastUpdatedDate", updated);
    }
    return entry;
}

/* Every alias of the region in the order they were made, then the predefined AWS ones that
 * no key has yet. */
static cJSON *all_aliases(struct call *c, struct kms_region *r, const struct kms_key *key)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; r && i < r->n_aliases; i++)
        if (!key || strcmp(r->aliases[i].key_id, key->id) == 0)
            cJSON_AddItemToArray(list, alias_entry(c, r->aliases[i].name, r->aliases[i].key_id,
                                                   r->aliases[i].created,
                                                   r->aliases[i].updated));
    for (const char *const *s = kms_aws_managed_services; !key && *s; s++) {
        char name[128];
        snprintf(name, sizeof name, "alias/aws/%s", *s);
        if (!kms_alias_find(r, name))
            cJSON_AddItemToArray(list, alias_entry(c, name, NULL, 0, 0));
    }
    return list;
}

OPERATION(kms_list_aliases)
{
    const struct kms_key *key = NULL;
    if (param_string(in, "KeyId") &&
        !(key = call_key(c, in, "KeyId", KEY_ID_OR_ARN)))
        return -1;
    long limit;
    if (page_size_read(in, "Limit", 1, 100, 100, &limit) != 0)
        return call_fail_validation(c, "1 validation error detected: Value '%ld' at 'limit' "
                                       "failed to satisfy constraint: Member must have value "
                                       "less than or equal to 100", limit);
    long start = page_token_index(param_string(in, "Marker"));
    kms_region_expire(c->route->account, c->route->region, kms_now());
    cJSON *all = all_aliases(c, kms_region_find(c->route->account, c->route->region), key);
    size_t count = (size_t)cJSON_GetArraySize(all);
    if (start < 0 || (size_t)start > count) {
        cJSON_Delete(all);
        return call_fail(c, 400, "InvalidMarkerException", "Invalid marker");
    }
    cJSON *aliases = cJSON_AddArrayToObject(out, "Aliases");
    for (size_t i = 0; i < count; i++) {
        cJSON *entry = cJSON_DetachItemFromArray(all, 0);
        if (i >= (size_t)start && i - (size_t)start < (size_t)limit)
            cJSON_AddItemToArray(aliases, entry);
        else
            cJSON_Delete(entry);
    }
    size_t end = (size_t)start + (size_t)limit;
    cJSON_AddBoolToObject(out, "Truncated", end < count);
    if (end < count)
        page_token_add_index(out, "NextMarker", end);
    cJSON_Delete(all);
    return 0;
}
