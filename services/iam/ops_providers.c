/* Identity providers the account trusts: SAML providers and OpenID Connect providers. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/params.h"
#include "ops.h"
#include "principals.h"

/* ---- SAML ---- */

static cJSON *saml_get(struct call *c, const struct iam_account *a, const char *arn)
{
    cJSON *p = iam_entity_find(a->saml_providers, "Arn", arn);
    if (!p)
        iam_fail_no_such_entity(c, "Manifest not found for arn %s", arn ? arn : "");
    return p;
}

int iam_create_saml_provider(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *name = param_string(in, "Name");
    if (iam_check_name(c, name, "name") != 0)
        return -1;
    char *arn = iam_arn(a, "saml-provider/", "", name);
    if (iam_entity_find(a->saml_providers, "Arn", arn)) {
        free(arn);
        return iam_fail_exists(c, "SAMLProvider %s already exists", name);
    }
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "Arn", arn);
    cJSON_AddStringToObject(p, "SAMLMetadataDocument", param_string(in, "SAMLMetadataDocument"));
    double now = (double)time(NULL);
    result_add_timestamp(p, "CreateDate", now);
    /* AWS takes ValidUntil from the metadata; a century ahead stands in for "not soon". */
    result_add_timestamp(p, "ValidUntil", now + 100.0 * 365 * 86400);
    cJSON_AddArrayToObject(p, "Tags");
    if (iam_tags_add(c, p, in) != 0) {
        cJSON_Delete(p);
        free(arn);
        return -1;
    }
    cJSON_AddItemToArray(a->saml_providers, p);
    cJSON_AddStringToObject(out, "SAMLProviderArn", arn);
    iam_add_tags_if_any(p, out);
    free(arn);
    return 0;
}

int iam_get_saml_provider(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *p = saml_get(c, a, param_string(in, "SAMLProviderArn"));
    if (!p)
        return -1;
    static const char *const members[] = {"SAMLMetadataDocument", "CreateDate", "ValidUntil",
                                          "Tags", NULL};
    cJSON *answer = iam_render(p, members);
    cJSON *m;
    cJSON_ArrayForEach(m, answer) {
        cJSON_AddItemToObject(out, m->string, cJSON_Duplicate(m, true));
    }
    cJSON_Delete(answer);
    return 0;
}

static cJSON *render_saml(const cJSON *p, void *arg)
{
    (void)arg;
    static const char *const members[] = {"Arn", "ValidUntil", "CreateDate", NULL};
    return iam_render(p, members);
}

int iam_list_saml_providers(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *list = cJSON_AddArrayToObject(out, "SAMLProviderList");
    const cJSON *p;
    cJSON_ArrayForEach(p, a->saml_providers) {
        cJSON_AddItemToArray(list, render_saml(p, NULL));
    }
    return 0;
}

int iam_update_saml_provider(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *p = saml_get(c, a, param_string(in, "SAMLProviderArn"));
    if (!p)
        return -1;
    const char *document = param_string(in, "SAMLMetadataDocument");
    if (document)
        cJSON_ReplaceItemInObjectCaseSensitive(p, "SAMLMetadataDocument",
                                               cJSON_CreateString(document));
    cJSON_AddStringToObject(out, "SAMLProviderArn", iam_string(p, "Arn"));
    return 0;
}

int iam_delete_saml_provider(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *p = saml_get(c, a, param_string(in, "SAMLProviderArn"));
    if (!p)
        return -1;
    cJSON_DetachItemViaPointer(a->saml_providers, p);
    cJSON_Delete(p);
    return 0;
}

/* ---- OpenID Connect ---- */

/* The provider's URL as IAM keeps it and names it in the ARN: without its https:// scheme. */
static const char *url_without_scheme(const char *url)
{
    if (url && strncmp(url, "https://", 8) == 0)
        return url + 8;
    return url;
}

static cJSON *oidc_get(struct call *c, const struct iam_account *a, const char *arn)
{
    cJSON *p = iam_entity_find(a->oidc_providers, "Arn", arn);
    if (!p)
        iam_fail_no_such_entity(c, "OpenIDConnect Provider not found for arn %s",
                                arn ? arn : "");
    return p;
}

int iam_create_open_id_connect_provider(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *url = param_string(in, "Url");
    if (!url || strncmp(url, "https://", 8) != 0 || !url[8])
        return iam_fail_validation(c, "Invalid Open ID Connect Provider URL");
    const cJSON *thumbprints = cJSON_GetObjectItemCaseSensitive(in, "ThumbprintList");
    if (cJSON_GetArraySize(thumbprints) > 5)
        return iam_fail_limit(c, "Thumbprint list must contain fewer than 5 entries.");
    const cJSON *clients = cJSON_GetObjectItemCaseSensitive(in, "ClientIDList");
    if (cJSON_GetArraySize(clients) > 100)
        return iam_fail_limit(c, "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100");
    char *arn = iam_arn(a, "oidc-provider/", "", url_without_scheme(url));
    if (iam_entity_find(a->oidc_providers, "Arn", arn)) {
        free(arn);
        return iam_fail_exists(c, "Provider with url %s already exists.", url);
    }
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "Arn", arn);
    cJSON_AddStringToObject(p, "Url", url_without_scheme(url));
    cJSON_AddItemToObject(p, "ClientIDList",
                          clients ? cJSON_Duplicate(clients, true) : cJSON_CreateArray());
    cJSON_AddItemToObject(p, "ThumbprintList",
                          thumbprints ? cJSON_Duplicate(thumbprints, true) : cJSON_CreateArray());
    result_add_timestamp(p, "CreateDate", (double)time(NULL));
    cJSON_AddArrayToObject(p, "Tags");
    if (iam_tags_add(c, p, in) != 0) {
        cJSON_Delete(p);
        free(arn);
        return -1;
    }
    cJSON_AddItemToArray(a->oidc_providers, p);
    cJSON_AddStringToObject(out, "OpenIDConnectProviderArn", arn);
    iam_add_tags_if_any(p, out);
    free(arn);
    return 0;
}

int iam_get_open_id_connect_provider(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *p = oidc_get(c, a, param_string(in, "OpenIDConnectProviderArn"));
    if (!p)
        return -1;
    static const char *const members[] = {"Url", "ClientIDList", "ThumbprintList", "CreateDate",
                                          "Tags", NULL};
    cJSON *answer = iam_render(p, members);
    cJSON *m;
    cJSON_ArrayForEach(m, answer) {
        cJSON_AddItemToObject(out, m->string, cJSON_Duplicate(m, true));
    }
    cJSON_Delete(answer);
    return 0;
}

int iam_list_open_id_connect_providers(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *list = cJSON_AddArrayToObject(out, "OpenIDConnectProviderList");
    const cJSON *p;
    cJSON_ArrayForEach(p, a->oidc_providers) {
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "Arn", iam_string(p, "Arn"));
        cJSON_AddItemToArray(list, entry);
    }
    return 0;
}

int iam_delete_open_id_connect_provider(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    /* Deleting a provider that does not exist succeeds, as in AWS. */
    cJSON *p = iam_entity_find(a->oidc_providers, "Arn",
                               param_string(in, "OpenIDConnectProviderArn"));
    if (p) {
        cJSON_DetachItemViaPointer(a->oidc_providers, p);
        cJSON_Delete(p);
    }
    return 0;
}

int iam_add_client_id_to_open_id_connect_provider(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *p = oidc_get(c, a, param_string(in, "OpenIDConnectProviderArn"));
    const char *client = param_string(in, "ClientID");
    if (!p)
        return -1;
    cJSON *clients = iam_array(p, "ClientIDList");
    if (client && !iam_strings_contain(clients, client))
        cJSON_AddItemToArray(clients, cJSON_CreateString(client));
    return 0;
}

int iam_remove_client_id_from_open_id_connect_provider(struct call *c, const cJSON *in,
                                                       cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *p = oidc_get(c, a, param_string(in, "OpenIDConnectProviderArn"));
    const char *client = param_string(in, "ClientID");
    if (!p)
        return -1;
    if (client)
        iam_strings_remove(iam_array(p, "ClientIDList"), client);
    return 0;
}

int iam_update_open_id_connect_provider_thumbprint(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *p = oidc_get(c, a, param_string(in, "OpenIDConnectProviderArn"));
    if (!p)
        return -1;
    cJSON *thumbprints = param_copy(in, "ThumbprintList");
    cJSON_ReplaceItemInObjectCaseSensitive(p, "ThumbprintList",
                                           thumbprints ? thumbprints : cJSON_CreateArray());
    return 0;
}

#define PROVIDER_TAG_OPERATIONS(getter, arn_member, tag, untag, list)                \
    int tag(struct call *c, const cJSON *in, cJSON *out)                             \
    {                                                                                \
        (void)out;                                                                   \
        struct iam_account *a = iam_account_for_call(c);                             \
        cJSON *p = getter(c, a, param_string(in, arn_member));                       \
        return p ? iam_tag_entity(c, p, in) : -1;                                    \
    }                                                                                \
    int untag(struct call *c, const cJSON *in, cJSON *out)                           \
    {                                                                                \
        (void)out;                                                                   \
        struct iam_account *a = iam_account_for_call(c);                             \
        cJSON *p = getter(c, a, param_string(in, arn_member));                       \
        return p ? iam_untag_entity(c, p, in) : -1;                                  \
    }                                                                                \
    int list(struct call *c, const cJSON *in, cJSON *out)                            \
    {                                                                                \
        struct iam_account *a = iam_account_for_call(c);                             \
        cJSON *p = getter(c, a, param_string(in, arn_member));                       \
        return p ? iam_list_entity_tags(c, p, in, out) : -1;                         \
    }

PROVIDER_TAG_OPERATIONS(oidc_get, "OpenIDConnectProviderArn", iam_tag_open_id_connect_provider,
                        iam_untag_open_id_connect_provider,
                        iam_list_open_id_connect_provider_tags)
PROVIDER_TAG_OPERATIONS(saml_get, "SAMLProviderArn", iam_tag_saml_provider,
                        iam_untag_saml_provider, iam_list_saml_provider_tags)
