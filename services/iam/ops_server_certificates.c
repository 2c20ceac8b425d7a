/* Server certificates: TLS certificates the account uploads for its load balancers and
 * CloudFront distributions. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "../core/params.h"
#include "ops.h"
#include "principals.h"

static const char *const metadata_members[] = {"Path", "ServerCertificateName",
                                               "ServerCertificateId", "Arn", "UploadDate",
                                               "Expiration", NULL};

/* The certificate's notAfter as epoch seconds; false when body is no PEM certificate. */
static bool certificate_expiration(const char *body, double *expiration)
{
    BIO *bio = BIO_new_mem_buf(body, -1);
    X509 *cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    bool valid = cert != NULL;
    if (valid) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        *expiration = ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) ? (double)timegm(&tm) : 0;
    }
    X509_free(cert);
    BIO_free(bio);
    return valid;
}

static cJSON *certificate_get(struct call *c, const struct iam_account *a, const char *name)
{
    cJSON *cert = iam_entity_find(a->server_certificates, "ServerCertificateName", name);
    if (!cert)
        iam_fail_no_such_entity(c, "The Server Certificate with name %s cannot be found.",
                                name ? name : "");
    return cert;
}

int iam_upload_server_certificate(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *name = param_string(in, "ServerCertificateName");
    const char *path = iam_path_param(c, in, "Path");
    const char *body = param_string(in, "CertificateBody");
    if (!path || iam_check_name(c, name, "serverCertificateName") != 0)
        return -1;
    if (iam_entity_find(a->server_certificates, "ServerCertificateName", name))
        return iam_fail_exists(c, "The Server Certificate with name %s already exists.", name);
    double expiration;
    if (!body || !certificate_expiration(body, &expiration))
        return call_fail(c, 400, "MalformedCertificate",
                         "Unable to parse certificate. Please ensure the certificate is in PEM "
                         "format.");
    cJSON *cert = iam_entity_new(a, "server-certificate", "ServerCertificateName", name,
                                 "ServerCertificateId", "ASCA", path);
    cJSON_AddItemToObject(cert, "UploadDate",
                          cJSON_DetachItemFromObjectCaseSensitive(cert, "CreateDate"));
    result_add_timestamp(cert, "Expiration", expiration);
    cJSON_AddStringToObject(cert, "CertificateBody", body);
    if (param_string(in, "CertificateChain"))
        cJSON_AddStringToObject(cert, "CertificateChain", param_string(in, "CertificateChain"));
    cJSON_AddArrayToObject(cert, "Tags");
    if (iam_tags_add(c, cert, in) != 0) {
        cJSON_Delete(cert);
        return -1;
    }
    cJSON_AddItemToArray(a->server_certificates, cert);
    cJSON_AddItemToObject(out, "ServerCertificateMetadata", iam_render(cert, metadata_members));
    iam_add_tags_if_any(cert, out);
    return 0;
}

int iam_get_server_certificate(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *cert = certificate_get(c, a, param_string(in, "ServerCertificateName"));
    if (!cert)
        return -1;
    static const char *const members[] = {"CertificateBody", "CertificateChain", "Tags", NULL};
    cJSON *answer = iam_render(cert, members);
    cJSON_AddItemToObject(answer, "ServerCertificateMetadata",
                          iam_render(cert, metadata_members));
    cJSON_AddItemToObject(out, "ServerCertificate", answer);
    return 0;
}

static bool path_prefix_keeps(const cJSON *entity, void *prefix)
{
    return iam_path_matches(entity, prefix);
}

static cJSON *render_metadata(const cJSON *cert, void *arg)
{
    (void)arg;
    return iam_render(cert, metadata_members);
}

int iam_list_server_certificates(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    return iam_list_page(c, in, out, "ServerCertificateMetadataList", a->server_certificates,
                         path_prefix_keeps, render_metadata, (void *)param_string(in, "PathPrefix"));
}

int iam_update_server_certificate(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *cert = certificate_get(c, a, param_string(in, "ServerCertificateName"));
    if (!cert)
        return -1;
    const char *new_name = param_string(in, "NewServerCertificateName");
    const char *new_path = param_string(in, "NewPath") ? iam_path_param(c, in, "NewPath")
                                                        : iam_string(cert, "Path");
    if (!new_path || (new_name && iam_check_name(c, new_name, "newServerCertificateName") != 0))
        return -1;
    if (new_name && strcasecmp(new_name, iam_string(cert, "ServerCertificateName")) != 0 &&
        iam_entity_find(a->server_certificates, "ServerCertificateName", new_name))
        return iam_fail_exists(c, "The Server Certificate with name %s already exists.",
                               new_name);
    char *name = strdup(new_name ? new_name : iam_string(cert, "ServerCertificateName"));
    char *path = strdup(new_path);
    char *arn = iam_arn(a, "server-certificate", path, name);
    cJSON_ReplaceItemInObjectCaseSensitive(cert, "ServerCertificateName", cJSON_CreateString(name));
    cJSON_ReplaceItemInObjectCaseSensitive(cert, "Path", cJSON_CreateString(path));
    cJSON_ReplaceItemInObjectCaseSensitive(cert, "Arn", cJSON_CreateString(arn));
    free(name);
    free(path);
    free(arn);
    return 0;
}

int iam_delete_server_certificate(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *cert = certificate_get(c, a, param_string(in, "ServerCertificateName"));
    if (!cert)
        return -1;
    cJSON_DetachItemViaPointer(a->server_certificates, cert);
    cJSON_Delete(cert);
    return 0;
}

#define SERVER_CERTIFICATE_TAG_OPERATIONS(tag, untag, list)                                \
    int tag(struct call *c, const cJSON *in, cJSON *out)                                   \
    {                                                                                      \
        (void)out;                                                                         \
        struct iam_account *a = iam_account_for_call(c);                                   \
        cJSON *e = certificate_get(c, a, param_string(in, "ServerCertificateName"));       \
        return e ? iam_tag_entity(c, e, in) : -1;                                          \
    }                                                                                      \
    int untag(struct call *c, const cJSON *in, cJSON *out)                                 \
    {                                                                                      \
        (void)out;                                                                         \
        struct iam_account *a = iam_account_for_call(c);                                   \
        cJSON *e = certificate_get(c, a, param_string(in, "ServerCertificateName"));       \
        return e ? iam_untag_entity(c, e, in) : -1;                                        \
    }                                                                                      \
    int list(struct call *c, const cJSON *in, cJSON *out)                                  \
    {                                                                                      \
        struct iam_account *a = iam_account_for_call(c);                                   \
        cJSON *e = certificate_get(c, a, param_string(in, "ServerCertificateName"));       \
        return e ? iam_list_entity_tags(c, e, in, out) : -1;                               \
    }

SERVER_CERTIFICATE_TAG_OPERATIONS(iam_tag_server_certificate, iam_untag_server_certificate,
                                  iam_list_server_certificate_tags)
