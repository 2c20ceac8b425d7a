/* The key specs KMS offers: what kind of key material each one is, the key usages it allows and
 * the algorithms each usage brings. */
#ifndef MOTOC_KMS_KEY_SPEC_H
#define MOTOC_KMS_KEY_SPEC_H

#include <stdbool.h>

#include <cjson/cJSON.h>

enum key_kind {
    KEY_KIND_SYMMETRIC, /* AES-256 */
    KEY_KIND_RSA,
    KEY_KIND_EC,        /* ECDSA / ECDH on a named curve */
    KEY_KIND_ED25519,
    KEY_KIND_HMAC,
};

enum key_usage {
    USAGE_ENCRYPT_DECRYPT = 1,
    USAGE_SIGN_VERIFY = 2,
    USAGE_GENERATE_VERIFY_MAC = 4,
    USAGE_KEY_AGREEMENT = 8,
};

struct key_spec {
    const char *name;      /* SYMMETRIC_DEFAULT, RSA_2048, ... */
    enum key_kind kind;
    int bits;              /* RSA modulus or HMAC key size */
    const char *curve;     /* OpenSSL group name of EC keys */
    unsigned usages;       /* enum key_usage bits the spec allows */
    const char *signing[6];  /* algorithms of SIGN_VERIFY keys, NULL-terminated */
    const char *mac;         /* the MAC algorithm of HMAC keys */
};

/* The spec of that name, or NULL when KMS has none motoc can make. */
const struct key_spec *key_spec_find(const char *name);
/* KeyUsage text <-> bit; 0 for an unknown name. */
enum key_usage key_usage_from_name(const char *name);
const char *key_usage_name(enum key_usage usage);

/* The algorithm lists a key of spec and usage describes with (KeyMetadata members): each NULL
 * when the key has none of that kind. */
cJSON *key_spec_encryption_algorithms(const struct key_spec *spec, enum key_usage usage);
cJSON *key_spec_signing_algorithms(const struct key_spec *spec, enum key_usage usage);
cJSON *key_spec_mac_algorithms(const struct key_spec *spec, enum key_usage usage);
cJSON *key_spec_key_agreement_algorithms(const struct key_spec *spec, enum key_usage usage);

bool key_spec_signs_with(const struct key_spec *spec, const char *algorithm);
/* RSA encryption algorithms: RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256. */
bool key_spec_encrypts_with(const struct key_spec *spec, const char *algorithm);

#endif
