/* Key rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand,
 * ListKeyRotations. A rotation adds a material version; ciphertexts name the version they were
 * sealed with, so older ones still decrypt. Automatic rotations are made when a call first
 * names the key after their date (kms_call.c). */
#include <string.h>

#include "../core/call_error.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "kms_call.h"
#include "ops.h"

#define SECONDS_PER_DAY 86400.0

/* Rotation applies to symmetric encryption keys whose material KMS made. */
static struct kms_key *rotatable_key(struct call *c, const cJSON *in)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return NULL;
    if (k->state == KEY_DISABLED) {
        call_fail(c, 400, "DisabledException", "%s is disabled.", k->arn);
        return NULL;
    }
    if (k->state != KEY_ENABLED) {
        key_fail_state(k, c->err);
        return NULL;
    }
    if (k->spec->kind != KEY_KIND_SYMMETRIC || k->external) {
        call_fail(c, 400, "UnsupportedOperationException",
                  "%s key spec %s with origin %s does not support rotation.", k->arn,
                  k->spec->name, k->external ? "EXTERNAL" : "AWS_KMS");
        return NULL;
    }
    return k;
}


OPERATION(kms_enable_key_rotation)
{
    (void)out;
    struct kms_key *k = rotatable_key(c, in);
    if (!k)
        return -1;
    long long days = param_int(in, "RotationPeriodInDays", 365);
    if (days < 90 || days > 2560)
        return call_fail_validation(
            c, "1 validation error detected: Value '%lld' at 'rotationPeriodInDays' failed to "
               "satisfy constraint: Member must have value %s",
            days, days < 90 ? "greater than or equal to 90" : "less than or equal to 2560");
    k->rotation_enabled = true;
    k->rotation_period_days = (int)days;
    k->next_rotation = kms_now() + (double)days * SECONDS_PER_DAY;
    return 0;
}

OPERATION(kms_disable_key_rotation)
{
    (void)out;
    struct kms_key *k = rotatable_key(c, in);
    if (!k)
        return -1;
    if (k->aws_managed)
        return call_fail(c, 400, "UnsupportedOperationException",
                         "%s is an AWS managed key, whose rotation cannot be changed.", k->arn);
    k->rotation_enabled = false;
    k->next_rotation = 0;
    return 0;
}

OPERATION(kms_get_key_rotation_status)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    if (k->state == KEY_PENDING_DELETION)
        return key_fail_state(k, c->err);
    cJSON_AddBoolToObject(out, "KeyRotationEnabled", k->rotation_enabled);
    cJSON_AddStringToObject(out, "KeyId", k->id);
    if (k->rotation_enabled) {
        cJSON_AddNumberToObject(out, "RotationPeriodInDays", k->rotation_period_days);
        result_add_timestamp(out, "NextRotationDate", k->next_rotation);
    }
    return 0;
}

OPERATION(kms_rotate_key_on_demand)
{
    struct kms_key *k = rotatable_key(c, in);
    if (!k)
        return -1;
    if (!key_rotate(k, "ON_DEMAND", kms_now()))
        return call_fail(c, 500, "KMSInternalException", "The key material could not be made.");
    cJSON_AddStringToObject(out, "KeyId", k->id);
    return 0;
}

OPERATION(kms_list_key_rotations)
{
    struct kms_key *k = call_key(c, in, "KeyId", KEY_ID_OR_ARN);
    if (!k)
        return -1;
    if (k->spec->kind != KEY_KIND_SYMMETRIC)
        return call_fail(c, 400, "UnsupportedOperationException",
                         "%s key spec %s does not support rotation.", k->arn, k->spec->name);
    long limit;
    if (page_size_read(in, "Limit", 1, 1000, 100, &limit) != 0)
        return call_fail_validation(c, "1 validation error detected: Value '%ld' at 'limit' "
                                       "failed to satisfy constraint: Member must have value "
                                       "less than or equal to 1000", limit);
    long start = page_token_index(param_string(in, "Marker"));
    size_t count = (size_t)cJSON_GetArraySize(k->rotations);
    if (start < 0 || (size_t)start > count)
        return call_fail(c, 400, "InvalidMarkerException", "Invalid marker");
    cJSON *rotations = cJSON_AddArrayToObject(out, "Rotations");
    size_t i = (size_t)start;
    for (; i < count && i - (size_t)start < (size_t)limit; i++)
        cJSON_AddItemToArray(rotations,
                             cJSON_Duplicate(cJSON_GetArrayItem(k->rotations, (int)i), 1));
    cJSON_AddBoolToObject(out, "Truncated", i < count);
    if (i < count)
        page_token_add_index(out, "NextMarker", i);
    return 0;
}
