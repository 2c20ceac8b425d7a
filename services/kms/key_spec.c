/* The table of KMS key specs and the algorithms each key usage brings. */
#include "key_spec.h"

#include <string.h>

#define RSA_SIGNING                                                                 \
    {"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",              \
     "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"}

static const struct key_spec specs[] = {
    {"SYMMETRIC_DEFAULT", KEY_KIND_SYMMETRIC, 256, NULL, USAGE_ENCRYPT_DECRYPT, {NULL}, NULL},
    {"RSA_2048", KEY_KIND_RSA, 2048, NULL, USAGE_ENCRYPT_DECRYPT | USAGE_SIGN_VERIFY, RSA_SIGNING,
     NULL},
    {"RSA_3072", KEY_KIND_RSA, 3072, NULL, USAGE_ENCRYPT_DECRYPT | USAGE_SIGN_VERIFY, RSA_SIGNING,
     NULL},
    {"RSA_4096", KEY_KIND_RSA, 4096, NULL, USAGE_ENCRYPT_DECRYPT | USAGE_SIGN_VERIFY, RSA_SIGNING,
     NULL},
    {"ECC_NIST_P256", KEY_KIND_EC, 256, "prime256v1", USAGE_SIGN_VERIFY | USAGE_KEY_AGREEMENT,
     {"ECDSA_SHA_256"}, NULL},
    {"ECC_NIST_P384", KEY_KIND_EC, 384, "secp384r1", USAGE_SIGN_VERIFY | USAGE_KEY_AGREEMENT,
     {"ECDSA_SHA_384"}, NULL},
    {"ECC_NIST_P521", KEY_KIND_EC, 521, "secp521r1", USAGE_SIGN_VERIFY | USAGE_KEY_AGREEMENT,
     {"ECDSA_SHA_512"}, NULL},
    {"ECC_SECG_P256K1", KEY_KIND_EC, 256, "secp256k1", USAGE_SIGN_VERIFY, {"ECDSA_SHA_256"}, NULL},
    {"ECC_NIST_EDWARDS25519", KEY_KIND_ED25519, 256, NULL, USAGE_SIGN_VERIFY, {"ED25519_SHA_512"},
     NULL},
    {"HMAC_224", KEY_KIND_HMAC, 224, NULL, USAGE_GENERATE_VERIFY_MAC, {NULL}, "HMAC_SHA_224"},
    {"HMAC_256", KEY_KIND_HMAC, 256, NULL, USAGE_GENERATE_VERIFY_MAC, {NULL}, "HMAC_SHA_256"},
    {"HMAC_384", KEY_KIND_HMAC, 384, NULL, USAGE_GENERATE_VERIFY_MAC, {NULL}, "HMAC_SHA_384"},
    {"HMAC_512", KEY_KIND_HMAC, 512, NULL, USAGE_GENERATE_VERIFY_MAC, {NULL}, "HMAC_SHA_512"},
};

static const char *const usage_names[] = {
    [USAGE_ENCRYPT_DECRYPT] = "ENCRYPT_DECRYPT",
    [USAGE_SIGN_VERIFY] = "SIGN_VERIFY",
    [USAGE_GENERATE_VERIFY_MAC] = "GENERATE_VERIFY_MAC",
    [USAGE_KEY_AGREEMENT] = "KEY_AGREEMENT",
};

const struct key_spec *key_spec_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof specs / sizeof specs[0]; i++)
        if (strcmp(specs[i].name, name) == 0)
            return &specs[i];
    return NULL;
}

enum key_usage key_usage_from_name(const char *name)
{
    for (unsigned u = 1; name && u < sizeof usage_names / sizeof usage_names[0]; u++)
        if (usage_names[u] && strcmp(usage_names[u], name) == 0)
            return (enum key_usage)u;
    return 0;
}

const char *key_usage_name(enum key_usage usage)
{
    return (unsigned)usage < sizeof usage_names / sizeof usage_names[0] && usage_names[usage]
               ? usage_names[usage]
               : "";
}

static cJSON *names(const char *const *list, size_t n)
{
    cJSON *out = cJSON_CreateArray();
    for (size_t i = 0; i < n && list[i]; i++)
        cJSON_AddItemToArray(out, cJSON_CreateString(list[i]));
    return out;
}

cJSON *key_spec_encryption_algorithms(const struct key_spec *spec, enum key_usage usage)
{
    static const char *const symmetric[] = {"SYMMETRIC_DEFAULT"};
    static const char *const rsa[] = {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"};
    if (usage != USAGE_ENCRYPT_DECRYPT)
        return NULL;
    if (spec->kind == KEY_KIND_SYMMETRIC)
        return names(symmetric, 1);
    return spec->kind == KEY_KIND_RSA ? names(rsa, 2) : NULL;
}

cJSON *key_spec_signing_algorithms(const struct key_spec *spec, enum key_usage usage)
{
    if (usage != USAGE_SIGN_VERIFY)
        return NULL;
    return names(spec->signing, sizeof spec->signing / sizeof spec->signing[0]);
}

cJSON *key_spec_mac_algorithms(const struct key_spec *spec, enum key_usage usage)
{
    if (usage != USAGE_GENERATE_VERIFY_MAC || !spec->mac)
        return NULL;
    return names(&spec->mac, 1);
}

cJSON *key_spec_key_agreement_algorithms(const struct key_spec *spec, enum key_usage usage)
{
    static const char *const ecdh[] = {"ECDH"};
    if (usage != USAGE_KEY_AGREEMENT || spec->kind != KEY_KIND_EC)
        return NULL;
    return names(ecdh, 1);
}

bool key_spec_signs_with(const struct key_spec *spec, const char *algorithm)
{
    for (size_t i = 0; algorithm && i < sizeof spec->signing / sizeof spec->signing[0]; i++)
        if (spec->signing[i] && strcmp(spec->signing[i], algorithm) == 0)
            return true;
    return false;
}

bool key_spec_encrypts_with(const struct key_spec *spec, const char *algorithm)
{
    return spec->kind == KEY_KIND_RSA && algorithm &&
           (strcmp(algorithm, "RSAES_OAEP_SHA_1") == 0 ||
            strcmp(algorithm, "RSAES_OAEP_SHA_256") == 0);
}
