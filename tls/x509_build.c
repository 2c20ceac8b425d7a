/* Certificate-building steps the CA and the leaves share (random serials, extensions) and
 * OpenSSL error text for messages. */
#include "x509_build.h"

#include <stdio.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

EVP_PKEY *ec_p256_key_new(void)
{
    return EVP_EC_gen("P-256");
}

static bool set_random_serial(X509 *cert)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return false;
    /* Positive and never zero, as RFC 5280 requires and strict verifiers check. */
    bytes[0] = (unsigned char)((bytes[0] & 0x7f) | 0x01);
    BIGNUM *bn = BN_bin2bn(bytes, sizeof bytes, NULL);
    bool ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != NULL;
    BN_free(bn);
    return ok;
}

X509 *x509_start(EVP_PKEY *subject_key, time_t not_before, time_t not_after)
{
    X509 *cert = X509_new();
    if (cert && X509_set_version(cert, X509_VERSION_3) == 1 && set_random_serial(cert) &&
        ASN1_TIME_set(X509_getm_notBefore(cert), not_before) &&
        ASN1_TIME_set(X509_getm_notAfter(cert), not_after) &&
        X509_set_pubkey(cert, subject_key) == 1)
        return cert;
    X509_free(cert);
    return NULL;
}

bool x509_add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext)
        return false;
    bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

void tls_error_describe(char *err, size_t err_len, const char *what)
{
    unsigned long code = ERR_peek_last_error();
    char reason[256] = "";
    if (code)
        ERR_error_string_n(code, reason, sizeof reason);
    ERR_clear_error();
    snprintf(err, err_len, "%s%s%s", what, code ? ": " : "", reason);
}
