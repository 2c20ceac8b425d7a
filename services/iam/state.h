/* IAM's state: global, one set of entities per account and partition (never per region).
 * Entities are kept as JSON objects in the members AWS answers with (UserName, Arn, Path…),
 * plus a few of motoc's own (inline policies, attachments, members) that answers leave out;
 * this keeps the whole state one document per account for saving and loading. */
#ifndef MOTOC_IAM_STATE_H
#define MOTOC_IAM_STATE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/persist.h"

struct call;

struct iam_account {
    char account[16];
    char partition[32];
    cJSON *users, *groups, *roles, *policies, *instance_profiles; /* arrays of entities */
    cJSON *mfa_devices, *saml_providers, *oidc_providers, *server_certificates;
    cJSON *aliases;         /* array of strings (AWS allows one) */
    cJSON *password_policy; /* NULL until UpdateAccountPasswordPolicy */
    cJSON *credential_report; /* {Content, GeneratedTime}; NULL until generated */
    int global_endpoint_token_version; /* SetSecurityTokenServicePreferences; 0: never set (v1) */
    cJSON *outbound_federation; /* {IssuerIdentifier, JwtVendingEnabled}; NULL until enabled */
};

/* The IAM state of the call's account in its region's partition, created on first use. */
struct iam_account *iam_account_for_call(const struct call *c);
/* The same by account and partition; NULL when it has no state yet. */
struct iam_account *iam_account_find(const char *account, const char *partition);

/* The entity of list whose name member equals name (IAM names ignore case), or NULL. */
cJSON *iam_entity_find(const cJSON *list, const char *name_member, const char *name);

/* Drops every account's state (moto-api reset). */
void iam_accounts_reset(void);
/* Every account's state, for /moto-api/data.json. */
cJSON *iam_accounts_json(void);

extern const struct service_persistence iam_persistence;

#endif
