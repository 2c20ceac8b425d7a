/* Service-specific credentials of users: a generated user name and password for CodeCommit and
 * Keyspaces, an API key (alias and secret, optionally expiring) for Bedrock and CloudWatch Logs.
 * Two per service and user; the password or secret is shown only by Create and Reset. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "access_keys.h"
#include "ops.h"
#include "principals.h"

#define CREDENTIALS_PER_SERVICE 2
#define ID_MEMBER "ServiceSpecificCredentialId"

/* The services that take such credentials; API keys are Bedrock's and CloudWatch Logs'. */
static const struct {
    const char *name;
    bool api_key;
} supported[] = {
    {"codecommit.amazonaws.com", false},
    {"cassandra.amazonaws.com", false},
    {"bedrock.amazonaws.com", true},
    {"logs.amazonaws.com", true},
};

static int service_kind(const char *name)
{
    for (size_t i = 0; name && i < sizeof supported / sizeof supported[0]; i++)
        if (strcmp(name, supported[i].name) == 0)
            return supported[i].api_key;
    return -1;
}

static void random_text(size_t n_bytes, struct buf *out)
{
    uint8_t bytes[48];
    if (n_bytes > sizeof bytes)
        n_bytes = sizeof bytes;
    if (getrandom(bytes, n_bytes, 0) != (ssize_t)n_bytes)
        memset(bytes, 0x3c, n_bytes);
    base64_encode(bytes, n_bytes, out);
}

/* A new password or secret, kept on the credential until the answer shows it. */
static void set_secret(cJSON *credential)
{
    bool api_key = service_kind(iam_string(credential, "ServiceName")) == 1;
    struct buf secret = BUF_INIT;
    if (api_key) {
        struct buf blob = BUF_INIT;
        buf_printf(&blob, "%s:", iam_string(credential, "ServiceCredentialAlias"));
        random_text(33, &blob);
        buf_puts(&secret, "ABSK");
        base64_encode(blob.data, blob.len, &secret);
        buf_free(&blob);
    } else {
        random_text(33, &secret);
    }
    const char *member = api_key ? "ServiceCredentialSecret" : "ServicePassword";
    cJSON_DeleteItemFromObjectCaseSensitive(credential, member);
    cJSON_AddStringToObject(credential, member, secret.data);
    buf_free(&secret);
}

static cJSON *render(const cJSON *credential, bool with_secret)
{
    static const char *const listed[] = {"UserName", "Status", "ServiceUserName",
                                         "ServiceCredentialAlias", "CreateDate", "ExpirationDate",
                                         ID_MEMBER, "ServiceName", NULL};
    static const char *const whole[] = {"CreateDate", "ExpirationDate", "ServiceName",
                                        "ServiceUserName", "ServicePassword",
                                        "ServiceCredentialAlias", "ServiceCredentialSecret",
                                        ID_MEMBER, "UserName", "Status", NULL};
    cJSON *out = iam_render(credential, with_secret ? whole : listed);
    const cJSON *expires = cJSON_GetObjectItemCaseSensitive(credential, "_Expires");
    if (cJSON_IsNumber(expires) && expires->valuedouble <= (double)time(NULL))
        cJSON_ReplaceItemInObjectCaseSensitive(out, "Status", cJSON_CreateString("Expired"));
    return out;
}

static cJSON *render_listed(const cJSON *credential, void *arg)
{
    (void)arg;
    return render(credential, false);
}

int iam_create_service_specific_credential(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    if (!user)
        return -1;
    const char *service = param_string(in, "ServiceName");
    int api_key = service_kind(service);
    if (api_key < 0)
        return call_fail(c, 404, "NotSupportedService",
                         "Service %s is not supported for service-specific credentials.",
                         service ? service : "");
    bool age_given = cJSON_HasObjectItem(in, "CredentialAgeDays");
    if (age_given && !api_key)
        return call_fail(c, 400, "InvalidInput",
                         "CredentialAgeDays is only valid for Bedrock and CloudWatch Logs API "
                         "keys.");
    cJSON *credentials = iam_array(user, IAM_SERVICE_CREDENTIALS);
    size_t same_service = 0;
    const cJSON *existing;
    cJSON_ArrayForEach(existing, credentials)
        same_service += strcmp(iam_string(existing, "ServiceName"), service) == 0;
    if (same_service >= CREDENTIALS_PER_SERVICE)
        return iam_fail_limit(
            c, "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: %d",
            CREDENTIALS_PER_SERVICE);

    const char *user_name = iam_string(user, "UserName");
    char id[22];
    iam_unique_id("ACCA", id);
    time_t now = time(NULL);
    cJSON *credential = cJSON_CreateObject();
    result_add_timestamp(credential, "CreateDate", (double)now);
    cJSON_AddStringToObject(credential, "ServiceName", service);
    char generated_name[256];
    if (api_key) {
        /* the alias names the user, then a suffix telling keys apart */
        snprintf(generated_name, sizeof generated_name, "%s+%.8s", user_name, id + 4);
        cJSON_AddStringToObject(credential, "ServiceCredentialAlias", generated_name);
        if (age_given) {
            double expires = (double)now + 86400.0 * (double)param_int(in, "CredentialAgeDays", 1);
            result_add_timestamp(credential, "ExpirationDate", expires);
            cJSON_AddNumberToObject(credential, "_Expires", expires);
        }
    } else {
        snprintf(generated_name, sizeof generated_name, "%s-at-%s", user_name, a->account);
        cJSON_AddStringToObject(credential, "ServiceUserName", generated_name);
    }
    cJSON_AddStringToObject(credential, ID_MEMBER, id);
    cJSON_AddStringToObject(credential, "UserName", user_name);
    cJSON_AddStringToObject(credential, "Status", "Active");
    set_secret(credential);
    cJSON_AddItemToObject(out, "ServiceSpecificCredential", render(credential, true));
    /* the password or secret is shown once and not kept */
    cJSON_DeleteItemFromObjectCaseSensitive(credential, "ServicePassword");
    cJSON_DeleteItemFromObjectCaseSensitive(credential, "ServiceCredentialSecret");
    cJSON_AddItemToArray(credentials, credential);
    return 0;
}

/* The credential the request names, of UserName or the calling user; NULL after failing. */
static cJSON *credential_param(struct call *c, const cJSON *in)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = iam_user_or_caller(c, a, in);
    if (!user)
        return NULL;
    const char *id = param_string(in, ID_MEMBER);
    const cJSON *credentials = cJSON_GetObjectItemCaseSensitive(user, IAM_SERVICE_CREDENTIALS);
    cJSON *credential = iam_entity_find(credentials, ID_MEMBER, id);
    if (!credential)
        iam_fail_no_such_entity(c, "No such credential %s exists", id ? id : "");
    return credential;
}

int iam_reset_service_specific_credential(struct call *c, const cJSON *in, cJSON *out)
{
    cJSON *credential = credential_param(c, in);
    if (!credential)
        return -1;
    set_secret(credential);
    cJSON_AddItemToObject(out, "ServiceSpecificCredential", render(credential, true));
    cJSON_DeleteItemFromObjectCaseSensitive(credential, "ServicePassword");
    cJSON_DeleteItemFromObjectCaseSensitive(credential, "ServiceCredentialSecret");
    return 0;
}

int iam_update_service_specific_credential(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    cJSON *credential = credential_param(c, in);
    const char *status = param_string(in, "Status");
    if (!credential)
        return -1;
    if (!status || (strcmp(status, "Active") != 0 && strcmp(status, "Inactive") != 0))
        return iam_fail_validation(c, "1 validation error detected: Value '%s' at 'status' failed "
                                      "to satisfy constraint: Member must satisfy enum value set: "
                                      "[Active, Inactive]", status ? status : "");
    cJSON_ReplaceItemInObjectCaseSensitive(credential, "Status", cJSON_CreateString(status));
    return 0;
}

int iam_delete_service_specific_credential(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = iam_user_or_caller(c, a, in);
    cJSON *credential = user ? credential_param(c, in) : NULL;
    if (!credential)
        return -1;
    cJSON_DetachItemViaPointer(iam_array(user, IAM_SERVICE_CREDENTIALS), credential);
    cJSON_Delete(credential);
    return 0;
}

static bool of_service(const cJSON *credential, void *service)
{
    return !service || strcmp(iam_string(credential, "ServiceName"), service) == 0;
}

int iam_list_service_specific_credentials(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *service = param_string(in, "ServiceName");
    if (param_true(in, "AllUsers") && !param_string(in, "UserName")) {
        cJSON *all = cJSON_CreateArray();
        const cJSON *user, *credential;
        cJSON_ArrayForEach(user, a->users) {
            const cJSON *own = cJSON_GetObjectItemCaseSensitive(user, IAM_SERVICE_CREDENTIALS);
            cJSON_ArrayForEach(credential, own)
                cJSON_AddItemReferenceToArray(all, (cJSON *)credential);
        }
        int rc = iam_list_page(c, in, out, "ServiceSpecificCredentials", all, of_service,
                               render_listed, (void *)service);
        cJSON_Delete(all);
        return rc;
    }
    cJSON *user = iam_user_or_caller(c, a, in);
    if (!user)
        return -1;
    return iam_list_page(c, in, out, "ServiceSpecificCredentials",
                         iam_array(user, IAM_SERVICE_CREDENTIALS), of_service, render_listed,
                         (void *)service);
}
