/* Builds the ACL S3 stores (owner and grants) from a canned ACL, x-amz-grant-* headers or an
 * AccessControlPolicy document. */
#include "acl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"
#include "s3_call.h"

#define ALL_USERS "http://acs.amazonaws.com/groups/global/AllUsers"
#define AUTHENTICATED_USERS "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
#define LOG_DELIVERY "http://acs.amazonaws.com/groups/s3/LogDelivery"

static void add_grant(cJSON *grants, const char *type, const char *key, const char *value,
                      const char *permission)
{
    cJSON *grant = cJSON_CreateObject();
    cJSON *grantee = cJSON_AddObjectToObject(grant, "Grantee");
    cJSON_AddStringToObject(grantee, key, value);
    if (strcmp(type, "CanonicalUser") == 0)
        cJSON_AddStringToObject(grantee, "DisplayName", "webfile");
    cJSON_AddStringToObject(grantee, "Type", type);
    cJSON_AddStringToObject(grant, "Permission", permission);
    cJSON_AddItemToArray(grants, grant);
}

static void add_owner_grant(cJSON *grants, const char *account)
{
    add_grant(grants, "CanonicalUser", "ID", s3_canonical_id(account), "FULL_CONTROL");
}

static const char *const canned_acls[] = {
    "private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read",
    "bucket-owner-read", "bucket-owner-full-control", "log-delivery-write", NULL,
};

bool acl_canned_is_known(const char *canned)
{
    for (const char *const *p = canned_acls; *p; p++)
        if (strcmp(*p, canned) == 0)
            return true;
    return false;
}

static void add_canned_grants(cJSON *grants, const char *canned, const char *owner)
{
    add_owner_grant(grants, owner);
    if (strcmp(canned, "public-read") == 0 || strcmp(canned, "public-read-write") == 0)
        add_grant(grants, "Group", "URI", ALL_USERS, "READ");
    if (strcmp(canned, "public-read-write") == 0)
        add_grant(grants, "Group", "URI", ALL_USERS, "WRITE");
    if (strcmp(canned, "authenticated-read") == 0)
        add_grant(grants, "Group", "URI", AUTHENTICATED_USERS, "READ");
    if (strcmp(canned, "log-delivery-write") == 0) {
        add_grant(grants, "Group", "URI", LOG_DELIVERY, "WRITE");
        add_grant(grants, "Group", "URI", LOG_DELIVERY, "READ_ACP");
    }
}

/* 'id="…", uri="…", emailAddress="…"' lists; false if malformed. */
static bool add_header_grants(cJSON *grants, const char *text, const char *permission)
{
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *eq = strchr(p, '=');
        if (!eq)
            return false;
        struct buf name = BUF_INIT, value = BUF_INIT;
        buf_append(&name, p, (size_t)(eq - p));
        p = eq + 1;
        bool quoted = *p == '"';
        if (quoted)
            p++;
        const char *end = quoted ? strchr(p, '"') : p + strcspn(p, ",");
        if (!end) {
            buf_free(&name);
            return false;
        }
        buf_append(&value, p, (size_t)(end - p));
        p = quoted ? end + 1 : end;
        bool ok = true;
        if (strcasecmp(name.data, "id") == 0)
            add_grant(grants, "CanonicalUser", "ID", value.data ? value.data : "", permission);
        else if (strcasecmp(name.data, "uri") == 0)
            add_grant(grants, "Group", "URI", value.data ? value.data : "", permission);
        else if (strcasecmp(name.data, "emailAddress") == 0)
            add_grant(grants, "AmazonCustomerByEmail", "EmailAddress",
                      value.data ? value.data : "", permission);
        else
            ok = false;
        buf_free(&name);
        buf_free(&value);
        if (!ok)
            return false;
    }
    return true;
}

bool acl_request_is_private(const cJSON *in)
{
    static const char *const grant_members[] = {"GrantFullControl", "GrantRead", "GrantReadACP",
                                                "GrantWrite", "GrantWriteACP"};
    for (size_t i = 0; i < sizeof grant_members / sizeof grant_members[0]; i++)
        if (param_string(in, grant_members[i]))
            return false;
    const char *canned = param_string(in, "ACL");
    return !canned || strcmp(canned, "private") == 0;
}

cJSON *acl_from_request(const cJSON *in, const char *owner_account)
{
    static const struct {
        const char *member, *permission;
    } grant_members[] = {
        {"GrantFullControl", "FULL_CONTROL"}, {"GrantRead", "READ"},
        {"GrantReadACP", "READ_ACP"},         {"GrantWrite", "WRITE"},
        {"GrantWriteACP", "WRITE_ACP"},
    };
    cJSON *policy = cJSON_CreateObject();
    s3_add_owner(policy, "Owner", owner_account);
    cJSON *grants = cJSON_AddArrayToObject(policy, "Grants");
    bool any_header = false;
    for (size_t i = 0; i < sizeof grant_members / sizeof grant_members[0]; i++) {
        const char *text = param_string(in, grant_members[i].member);
        if (!text)
            continue;
        any_header = true;
        if (!add_header_grants(grants, text, grant_members[i].permission)) {
            cJSON_Delete(policy);
            return NULL;
        }
    }
    if (any_header)
        return policy;
    const char *canned = param_string(in, "ACL");
    if (canned && !acl_canned_is_known(canned)) {
        cJSON_Delete(policy);
        return NULL;
    }
    add_canned_grants(grants, canned ? canned : "private", owner_account);
    return policy;
}
