/* Account-level features tied to AWS Organizations and to outbound identity federation. motoc's
 * accounts belong to no organization, so the centralized root access operations answer as IAM
 * does for a standalone account; outbound federation is the account's own switch. */
#include <stdio.h>

#include "../core/call_error.h"
#include "../core/request_id.h"
#include "entity.h"
#include "ops.h"

static int no_organization(struct call *c)
{
    return call_fail(c, 400, "OrganizationNotFoundException",
                     "The request was rejected because no organization is associated with your "
                     "account.");
}

#define STANDALONE_ACCOUNT_OPERATION(name)                  \
    int name(struct call *c, const cJSON *in, cJSON *out) \
    {                                                       \
        (void)in;                                           \
        (void)out;                                          \
        return no_organization(c);                          \
    }

STANDALONE_ACCOUNT_OPERATION(iam_enable_organizations_root_credentials_management)
STANDALONE_ACCOUNT_OPERATION(iam_disable_organizations_root_credentials_management)
STANDALONE_ACCOUNT_OPERATION(iam_enable_organizations_root_sessions)
STANDALONE_ACCOUNT_OPERATION(iam_disable_organizations_root_sessions)
STANDALONE_ACCOUNT_OPERATION(iam_list_organizations_features)

static bool federation_enabled(const struct iam_account *a)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a->outbound_federation,
                                                         "JwtVendingEnabled"));
}

static int federation_disabled(struct call *c)
{
    return call_fail(c, 404, "FeatureDisabled",
                     "Outbound identity federation is disabled for your account.");
}

/* The account keeps one issuer URL: enabling again after disabling returns the same. */
int iam_enable_outbound_web_identity_federation(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    struct iam_account *a = iam_account_for_call(c);
    if (federation_enabled(a))
        return call_fail(c, 409, "FeatureEnabled",
                         "Outbound identity federation is already enabled for your account.");
    if (!a->outbound_federation) {
        char id[37], issuer[96];
        uuid_new(id);
        snprintf(issuer, sizeof issuer, "https://%s.tokens.sts.global.api.aws", id);
        a->outbound_federation = cJSON_CreateObject();
        cJSON_AddStringToObject(a->outbound_federation, "IssuerIdentifier", issuer);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(a->outbound_federation, "JwtVendingEnabled");
    cJSON_AddBoolToObject(a->outbound_federation, "JwtVendingEnabled", true);
    cJSON_AddStringToObject(out, "IssuerIdentifier",
                            iam_string(a->outbound_federation, "IssuerIdentifier"));
    return 0;
}

int iam_disable_outbound_web_identity_federation(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    if (!federation_enabled(a))
        return federation_disabled(c);
    cJSON_ReplaceItemInObjectCaseSensitive(a->outbound_federation, "JwtVendingEnabled",
                                           cJSON_CreateFalse());
    return 0;
}

int iam_get_outbound_web_identity_federation_info(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    struct iam_account *a = iam_account_for_call(c);
    if (!federation_enabled(a))
        return federation_disabled(c);
    cJSON_AddStringToObject(out, "IssuerIdentifier",
                            iam_string(a->outbound_federation, "IssuerIdentifier"));
    cJSON_AddBoolToObject(out, "JwtVendingEnabled", true);
    return 0;
}
