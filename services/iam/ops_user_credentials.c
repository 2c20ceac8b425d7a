/* Credentials users hold besides access keys: SSH public keys (for CodeCommit) and X.509
 * signing certificates. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "ops.h"
#include "principals.h"

#define CERTIFICATES_PER_USER 2

static cJSON *user_param(struct call *c, struct iam_account *a, const cJSON *in)
{
    return principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
}

static int check_status(struct call *c, const char *status)
{
    if (status && (strcmp(status, "Active") == 0 || strcmp(status, "Inactive") == 0))
        return 0;
    return iam_fail_validation(c,
                               "1 validation error detected: Value '%s' at 'status' failed to "
                               "satisfy constraint: Member must satisfy enum value set: "
                               "[Active, Inactive]",
                               status ? status : "");
}

/* ---- SSH public keys ---- */

static void md5_fingerprint(const void *data, size_t len, char out[48])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(data, len, digest, &n, EVP_md5(), NULL);
    for (unsigned i = 0; i < n && i < 16; i++)
        snprintf(out + 3 * i, 4, i + 1 < n ? "%02x:" : "%02x", digest[i]);
}

/* The DER public key of a PEM public key or certificate, or NULL. */
static EVP_PKEY *pem_public_key(const char *body)
{
    BIO *bio = BIO_new_mem_buf(body, -1);
    EVP_PKEY *key = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
    if (!key && bio) {
        BIO_reset(bio);
        X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
        key = cert ? X509_get_pubkey(cert) : NULL;
        X509_free(cert);
    }
    BIO_free(bio);
    return key;
}

/* The MD5 fingerprint (aa:bb:…) of a public key in the forms AWS takes: OpenSSH ("ssh-rsa
 * AAAA… comment") or PEM; false when the text is neither. */
static bool ssh_fingerprint(const char *body, char out[48])
{
    if (strncmp(body, "-----BEGIN ", 11) == 0) {
        EVP_PKEY *key = pem_public_key(body);
        unsigned char *der = NULL;
        int len = key ? i2d_PUBKEY(key, &der) : -1;
        if (len > 0)
            md5_fingerprint(der, (size_t)len, out);
        OPENSSL_free(der);
        EVP_PKEY_free(key);
        return len > 0;
    }
    const char *space = strchr(body, ' ');
    if (!space || strncmp(body, "ssh-", 4) != 0)
        return false;
    const char *blob = space + 1;
    size_t len = strcspn(blob, " \r\n");
    struct buf raw = BUF_INIT;
    bool valid = len > 0 && base64_decode(blob, len, &raw) && raw.len > 4;
    if (valid)
        md5_fingerprint(raw.data, raw.len, out);
    buf_free(&raw);
    return valid;
}

static cJSON *ssh_key_find(const cJSON *user, const char *id)
{
    return iam_entity_find(cJSON_GetObjectItemCaseSensitive(user, IAM_SSH_KEYS),
                           "SSHPublicKeyId", id);
}

static cJSON *ssh_key_get(struct call *c, const cJSON *user, const char *id)
{
    cJSON *key = ssh_key_find(user, id);
    if (!key)
        iam_fail_no_such_entity(c, "The Public Key with id %s cannot be found.", id ? id : "");
    return key;
}

static cJSON *render_ssh_key(const cJSON *key, const cJSON *user, bool with_body)
{
    static const char *const members[] = {"SSHPublicKeyId", "Fingerprint", "SSHPublicKeyBody",
                                          "Status", "UploadDate", NULL};
    static const char *const listed[] = {"SSHPublicKeyId", "Status", "UploadDate", NULL};
    cJSON *out = iam_render(key, with_body ? members : listed);
    cJSON_AddStringToObject(out, "UserName", iam_string(user, "UserName"));
    return out;
}

int iam_upload_ssh_public_key(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = user_param(c, a, in);
    const char *body = param_string(in, "SSHPublicKeyBody");
    if (!user)
        return -1;
    char fingerprint[48];
    if (!body || !ssh_fingerprint(body, fingerprint))
        return call_fail(c, 400, "InvalidPublicKey", "Public key is malformed");
    cJSON *keys = iam_array(user, IAM_SSH_KEYS);
    if (iam_entity_find(keys, "Fingerprint", fingerprint))
        return call_fail(c, 400, "DuplicateSSHPublicKey",
                         "Public key is already associated with a user");
    /* SSH key ids are 20 characters, one shorter than other unique ids. */
    char id[22];
    iam_unique_id("APKA", id);
    id[20] = '\0';
    cJSON *key = cJSON_CreateObject();
    cJSON_AddStringToObject(key, "SSHPublicKeyId", id);
    cJSON_AddStringToObject(key, "Fingerprint", fingerprint);
    cJSON_AddStringToObject(key, "SSHPublicKeyBody", body);
    cJSON_AddStringToObject(key, "Status", "Active");
    result_add_timestamp(key, "UploadDate", (double)time(NULL));
    cJSON_AddItemToArray(keys, key);
    cJSON_AddItemToObject(out, "SSHPublicKey", render_ssh_key(key, user, true));
    return 0;
}

int iam_get_ssh_public_key(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = user_param(c, a, in);
    cJSON *key = user ? ssh_key_get(c, user, param_string(in, "SSHPublicKeyId")) : NULL;
    if (!key)
        return -1;
    cJSON_AddItemToObject(out, "SSHPublicKey", render_ssh_key(key, user, true));
    return 0;
}

static cJSON *render_listed_ssh_key(const cJSON *key, void *user)
{
    return render_ssh_key(key, user, false);
}

int iam_list_ssh_public_keys(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = user_param(c, a, in);
    if (!user)
        return -1;
    return iam_list_page(c, in, out, "SSHPublicKeys", iam_array(user, IAM_SSH_KEYS), NULL,
                         render_listed_ssh_key, user);
}

int iam_update_ssh_public_key(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = user_param(c, a, in);
    cJSON *key = user ? ssh_key_get(c, user, param_string(in, "SSHPublicKeyId")) : NULL;
    const char *status = param_string(in, "Status");
    if (!key || check_status(c, status) != 0)
        return -1;
    cJSON_ReplaceItemInObjectCaseSensitive(key, "Status", cJSON_CreateString(status));
    return 0;
}

int iam_delete_ssh_public_key(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = user_param(c, a, in);
    cJSON *key = user ? ssh_key_get(c, user, param_string(in, "SSHPublicKeyId")) : NULL;
    if (!key)
        return -1;
    cJSON_DetachItemViaPointer(iam_array(user, IAM_SSH_KEYS), key);
    cJSON_Delete(key);
    return 0;
}

/* ---- signing certificates ---- */

static bool is_pem_certificate(const char *body)
{
    BIO *bio = BIO_new_mem_buf(body, -1);
    X509 *cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
    bool valid = cert != NULL;
    X509_free(cert);
    BIO_free(bio);
    return valid;
}

static cJSON *certificate_get(struct call *c, const cJSON *user, const char *id)
{
    cJSON *cert = iam_entity_find(cJSON_GetObjectItemCaseSensitive(user, IAM_SIGNING_CERTIFICATES),
                                  "CertificateId", id);
    if (!cert)
        iam_fail_no_such_entity(c, "The Certificate with id %s cannot be found.", id ? id : "");
    return cert;
}

static cJSON *render_certificate(const cJSON *cert, void *user)
{
    cJSON *out = cJSON_Duplicate(cert, true);
    cJSON_AddStringToObject(out, "UserName", iam_string(user, "UserName"));
    return out;
}

int iam_upload_signing_certificate(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = user_param(c, a, in);
    const char *body = param_string(in, "CertificateBody");
    if (!user)
        return -1;
    if (!body || !is_pem_certificate(body))
        return call_fail(c, 400, "MalformedCertificate", "Certificate is not valid.");
    cJSON *certs = iam_array(user, IAM_SIGNING_CERTIFICATES);
    if (cJSON_GetArraySize(certs) >= CERTIFICATES_PER_USER)
        return iam_fail_limit(c, "Cannot exceed quota for CertificatesPerUser: %d",
                              CERTIFICATES_PER_USER);
    char id[22], long_id[32];
    iam_unique_id("", id);
    snprintf(long_id, sizeof long_id, "%s%.3s", id, id + 4);
    cJSON *cert = cJSON_CreateObject();
    cJSON_AddStringToObject(cert, "CertificateId", long_id);
    cJSON_AddStringToObject(cert, "CertificateBody", body);
    cJSON_AddStringToObject(cert, "Status", "Active");
    result_add_timestamp(cert, "UploadDate", (double)time(NULL));
    cJSON_AddItemToArray(certs, cert);
    cJSON_AddItemToObject(out, "Certificate", render_certificate(cert, user));
    return 0;
}

int iam_list_signing_certificates(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = user_param(c, a, in);
    if (!user)
        return -1;
    return iam_list_page(c, in, out, "Certificates", iam_array(user, IAM_SIGNING_CERTIFICATES), NULL,
                         render_certificate, user);
}

int iam_update_signing_certificate(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = user_param(c, a, in);
    cJSON *cert = user ? certificate_get(c, user, param_string(in, "CertificateId")) : NULL;
    const char *status = param_string(in, "Status");
    if (!cert || check_status(c, status) != 0)
        return -1;
    cJSON_ReplaceItemInObjectCaseSensitive(cert, "Status", cJSON_CreateString(status));
    return 0;
}

int iam_delete_signing_certificate(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = user_param(c, a, in);
    cJSON *cert = user ? certificate_get(c, user, param_string(in, "CertificateId")) : NULL;
    if (!cert)
        return -1;
    cJSON_DetachItemViaPointer(iam_array(user, IAM_SIGNING_CERTIFICATES), cert);
    cJSON_Delete(cert);
    return 0;
}
