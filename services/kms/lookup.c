/* Key lookup by any of the names KMS accepts, and the state and usage checks every
 * cryptographic operation makes first. */
#include "lookup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/call_error.h"
#include "state.h"

static int fail_not_found(struct proto_error *err, const char *fmt, const char *what)
{
    return error_fail(err, 400, "NotFoundException", fmt, what);
}

static struct kms_key *alias_target(const char *account, const char *region, const char *name,
                                    struct proto_error *err)
{
    struct kms_alias *a = kms_alias_find(kms_region_find(account, region), name);
    struct kms_key *k = a ? kms_key_find(account, region, a->key_id) : NULL;
    if (!k) {
        char *arn = arn_build("kms", region, account, "%s", name);
        fail_not_found(err, "Alias %s is not found.", arn);
        free(arn);
    }
    return k;
}

static struct kms_key *key_by_id(const char *account, const char *region, const char *id,
                                 struct proto_error *err)
{
    struct kms_key *k = kms_key_find(account, region, id);
    if (!k) {
        char *arn = arn_build("kms", region, account, "key/%s", id);
        error_fail(err, 400, "NotFoundException", "Key '%s' does not exist", arn);
        free(arn);
    }
    return k;
}

struct kms_key *key_lookup(const char *account, const char *region, const char *key_id,
                           enum key_naming naming, struct proto_error *err)
{
    if (!key_id || !key_id[0]) {
        error_fail(err, 400, "ValidationException",
                   "1 validation error detected: Value null at 'keyId' failed to satisfy "
                   "constraint: Member must not be null");
        return NULL;
    }
    struct arn arn;
    const char *id;
    if (strncmp(key_id, "arn:", 4) == 0) {
        if (arn_parse_resource(key_id, "kms", "key", &arn, &id) && key_id_valid(id))
            return key_by_id(arn.account, arn.region, id, err);
        if (naming == KEY_ID_ARN_OR_ALIAS && arn_parse(key_id, &arn) &&
            strncmp(arn.resource, "alias/", 6) == 0)
            return alias_target(arn.account, arn.region, arn.resource, err);
    } else if (strncmp(key_id, "alias/", 6) == 0) {
        if (naming == KEY_ID_ARN_OR_ALIAS)
            return alias_target(account, region, key_id, err);
    } else if (key_id_valid(key_id)) {
        return key_by_id(account, region, key_id, err);
    }
    fail_not_found(err, "Invalid keyId %s", key_id);
    return NULL;
}

int key_fail_state(const struct kms_key *k, struct proto_error *err)
{
    const char *what = k->state == KEY_PENDING_DELETION ? "pending deletion"
                       : k->state == KEY_PENDING_IMPORT ? "pending import"
                       : k->state == KEY_DISABLED       ? "disabled"
                                                        : "enabled";
    return error_fail(err, 400, "KMSInvalidStateException", "%s is %s.", k->arn, what);
}

int key_check_usable(const struct kms_key *k, struct proto_error *err)
{
    if (k->state == KEY_ENABLED)
        return 0;
    if (k->state == KEY_DISABLED)
        return error_fail(err, 400, "DisabledException", "%s is disabled.", k->arn);
    return key_fail_state(k, err);
}

int key_check_usage(const struct kms_key *k, enum key_usage usage, const char *operation,
                    struct proto_error *err)
{
    if (k->usage == usage)
        return 0;
    return error_fail(err, 400, "InvalidKeyUsageException",
                      "%s key usage is %s which is not valid for %s.", k->arn,
                      key_usage_name(k->usage), operation);
}
