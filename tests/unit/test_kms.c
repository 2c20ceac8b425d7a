/* KMS: the cryptography (every key spec signs and verifies, DIGEST lengths), the ciphertext
 * blob format (it names key and material version, authenticates the encryption context), the
 * API other services use, and a persistence round trip that still decrypts. */
#include <stdlib.h>
#include <string.h>

#include "../../services/core/call_error.h"
#include "../../services/core/protocol.h"
#include "../../services/kms/ciphertext.h"
#include "../../services/kms/crypto.h"
#include "../../services/kms/kms_call.h"
#include "../../services/kms/kms_keys.h"
#include "../../services/kms/managed_keys.h"
#include "../../services/kms/state.h"
#include "check.h"
#include "operation_harness.h"
#include "persistence_check.h"

extern const struct service_backend kms_backend;

static struct kms_key *test_key(const char *spec_name, enum key_usage usage)
{
    char id[40];
    key_id_new(false, id);
    const struct key_spec *spec = key_spec_find(spec_name);
    struct kms_key *k = key_new("123456789012", "us-east-1", id, spec, usage);
    struct buf material = BUF_INIT;
    CHECK(crypto_generate_material(spec, &material), "material for %s", spec_name);
    key_add_material(k, &material, 0);
    return k;
}

static cJSON *context(const char *json)
{
    return cJSON_Parse(json);
}

static void test_blob_round_trip_and_context(void)
{
    struct kms_key *k = test_key("SYMMETRIC_DEFAULT", USAGE_ENCRYPT_DECRYPT);
    cJSON *ctx = context("{\"b\":\"2\",\"a\":\"1\"}");
    cJSON *same_reordered = context("{\"a\":\"1\",\"b\":\"2\"}");
    cJSON *other = context("{\"a\":\"1\",\"b\":\"3\"}");
    struct buf blob = BUF_INIT, plain = BUF_INIT;
    CHECK(ciphertext_seal(k, ctx, "secret", 6, &blob) == CRYPTO_OK, "seals");
    char id[40];
    CHECK(ciphertext_key_id(blob.data, blob.len, id) && strcmp(id, k->id) == 0,
          "the blob names its key");
    CHECK(ciphertext_open(k, same_reordered, blob.data, blob.len, &plain) == CRYPTO_OK &&
              plain.len == 6 && memcmp(plain.data, "secret", 6) == 0,
          "opens with the same context in another order");
    buf_reset(&plain);
    CHECK(ciphertext_open(k, other, blob.data, blob.len, &plain) == CRYPTO_INVALID,
          "another context does not open it");
    CHECK(ciphertext_open(k, NULL, blob.data, blob.len, &plain) == CRYPTO_INVALID,
          "no context does not open it");
    blob.data[blob.len - 1] ^= 1;
    CHECK(ciphertext_open(k, ctx, blob.data, blob.len, &plain) == CRYPTO_INVALID,
          "a changed byte does not open");
    blob.data[blob.len - 1] ^= 1;
    blob.data[3] ^= 1; /* inside the key id */
    CHECK(ciphertext_open(k, ctx, blob.data, blob.len, &plain) == CRYPTO_INVALID,
          "a changed header does not open");
    CHECK(!ciphertext_key_id("\x01", 1, id), "a short blob names no key");

    /* a rotation: the old blob names material version 0 and still opens */
    buf_reset(&blob);
    CHECK(ciphertext_seal(k, NULL, "old", 3, &blob) == CRYPTO_OK, "seals before rotation");
    struct buf material = BUF_INIT;
    crypto_generate_material(k->spec, &material);
    key_add_material(k, &material, 1);
    buf_reset(&plain);
    CHECK(ciphertext_open(k, NULL, blob.data, blob.len, &plain) == CRYPTO_OK && plain.len == 3,
          "an older material version still opens its blobs");
    struct buf newer = BUF_INIT;
    ciphertext_seal(k, NULL, "new", 3, &newer);
    CHECK(newer.data[2 + strlen(k->id) + 3] == 1, "new blobs name material version 1");
    buf_free(&newer);
    buf_free(&blob);
    buf_free(&plain);
    cJSON_Delete(ctx);
    cJSON_Delete(same_reordered);
    cJSON_Delete(other);
    key_free(k);
}

static void test_signatures_of_every_spec(void)
{
    static const struct {
        const char *spec, *algorithm;
        size_t digest_len;
    } cases[] = {
        {"RSA_2048", "RSASSA_PSS_SHA_256", 32},
        {"RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512", 64},
        {"ECC_NIST_P256", "ECDSA_SHA_256", 32},
        {"ECC_NIST_P384", "ECDSA_SHA_384", 48},
        {"ECC_NIST_P521", "ECDSA_SHA_512", 64},
        {"ECC_SECG_P256K1", "ECDSA_SHA_256", 32},
        {"ECC_NIST_EDWARDS25519", "ED25519_SHA_512", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct kms_key *k = test_key(cases[i].spec, USAGE_SIGN_VERIFY);
        const struct key_material *m = key_current_material(k);
        struct buf sig = BUF_INIT;
        CHECK(crypto_sign(m->bytes.data, m->bytes.len, cases[i].algorithm, false, "msg", 3,
                          &sig) == CRYPTO_OK, "%s signs", cases[i].algorithm);
        CHECK(crypto_verify(m->bytes.data, m->bytes.len, cases[i].algorithm, false, "msg", 3,
                            sig.data, sig.len) == CRYPTO_OK, "%s verifies", cases[i].algorithm);
        CHECK(crypto_verify(m->bytes.data, m->bytes.len, cases[i].algorithm, false, "msh", 3,
                            sig.data, sig.len) == CRYPTO_INVALID, "%s refuses another message",
              cases[i].algorithm);
        if (cases[i].digest_len) {
            unsigned char digest[64] = {1, 2, 3};
            buf_reset(&sig);
            CHECK(crypto_sign(m->bytes.data, m->bytes.len, cases[i].algorithm, true, digest,
                              cases[i].digest_len, &sig) == CRYPTO_OK, "%s signs a digest",
                  cases[i].algorithm);
            CHECK(crypto_verify(m->bytes.data, m->bytes.len, cases[i].algorithm, true, digest,
                                cases[i].digest_len, sig.data, sig.len) == CRYPTO_OK,
                  "%s verifies a digest", cases[i].algorithm);
            CHECK(crypto_sign(m->bytes.data, m->bytes.len, cases[i].algorithm, true, digest,
                              cases[i].digest_len - 1, &sig) == CRYPTO_BAD_DIGEST_LENGTH,
                  "%s refuses a digest of the wrong length", cases[i].algorithm);
        }
        struct buf pub = BUF_INIT;
        CHECK(crypto_public_key(m->bytes.data, m->bytes.len, &pub) && pub.len > 0 &&
                  (unsigned char)pub.data[0] == 0x30,
              "%s has a DER public key", cases[i].spec);
        CHECK(crypto_private_key_fits(m->bytes.data, m->bytes.len, k->spec),
              "%s material fits its spec", cases[i].spec);
        buf_free(&pub);
        buf_free(&sig);
        key_free(k);
    }
}

static void test_hmac_and_rsa_encryption(void)
{
    struct kms_key *h = test_key("HMAC_384", USAGE_GENERATE_VERIFY_MAC);
    CHECK(key_current_material(h)->bytes.len == 48, "HMAC_384 keys are 48 bytes");
    struct buf mac = BUF_INIT;
    CHECK(crypto_hmac(key_current_material(h)->bytes.data, 48, "HMAC_SHA_384", "m", 1, &mac) ==
              CRYPTO_OK && mac.len == 48, "HMAC_SHA_384");
    buf_free(&mac);
    key_free(h);

    struct kms_key *r = test_key("RSA_2048", USAGE_ENCRYPT_DECRYPT);
    const struct key_material *m = key_current_material(r);
    struct buf ct = BUF_INIT, pt = BUF_INIT;
    CHECK(crypto_rsa_encrypt(m->bytes.data, m->bytes.len, "RSAES_OAEP_SHA_1", "hi", 2, &ct) ==
              CRYPTO_OK && ct.len == 256, "OAEP SHA-1 encrypts");
    CHECK(crypto_rsa_decrypt(m->bytes.data, m->bytes.len, "RSAES_OAEP_SHA_256", ct.data, ct.len,
                             &pt) == CRYPTO_INVALID, "OAEP SHA-256 does not open SHA-1's");
    CHECK(crypto_rsa_decrypt(m->bytes.data, m->bytes.len, "RSAES_OAEP_SHA_1", ct.data, ct.len,
                             &pt) == CRYPTO_OK && pt.len == 2, "OAEP SHA-1 decrypts");
    buf_free(&ct);
    buf_free(&pt);
    key_free(r);
}

static void test_service_api(void)
{
    kms_backend.reset();
    struct proto_error err;
    memset(&err, 0, sizeof err);
    char *managed = kms_aws_managed_key_arn("123456789012", "us-east-1", "ssm");
    char *again = kms_aws_managed_key_arn("123456789012", "us-east-1", "ssm");
    CHECK(managed && again && strcmp(managed, again) == 0,
          "the AWS managed key is made once");
    char *by_alias = kms_key_arn("123456789012", "us-east-1", "alias/aws/ssm", &err);
    CHECK_STR(by_alias, managed, "the managed alias names the managed key");
    char *by_alias_arn = kms_key_arn("123456789012", "us-east-1",
                                     "arn:aws:kms:us-east-1:123456789012:alias/aws/ssm", &err);
    CHECK_STR(by_alias_arn, managed, "and so does its alias ARN");
    free(by_alias_arn);
    CHECK(kms_aws_managed_service("123456789012", "us-east-1", "alias/aws/unknown") == NULL,
          "only predefined aliases name managed keys");
    cJSON *ctx = context("{\"PARAMETER_ARN\":\"x\"}");
    struct buf blob = BUF_INIT, plain = BUF_INIT;
    CHECK(kms_encrypt_for_service("123456789012", "us-east-1", "alias/aws/ssm", ctx, "v", 1,
                                  &blob, &err) == 0, "encrypts for a service");
    char *arn = NULL;
    CHECK(kms_decrypt_for_service("123456789012", "us-east-1", blob.data, blob.len, ctx, &plain,
                                  &arn, &err) == 0 && plain.len == 1 && plain.data[0] == 'v',
          "decrypts for a service");
    CHECK_STR(arn, managed, "and says which key");
    CHECK(kms_decrypt_for_service("123456789012", "us-east-1", blob.data, blob.len, NULL, &plain,
                                  NULL, &err) == -1, "the context is needed");
    CHECK_STR(err.code, "InvalidCiphertextException", "a wrong context");

    cJSON *out = NULL;
    CHECK(call_op(&kms_backend, "CreateKey", "{}", &out) == 0, "CreateKey");
    char key_id[40];
    snprintf(key_id, sizeof key_id, "%s", str_at(out, "KeyMetadata.KeyId"));
    cJSON_Delete(out);
    call_op(&kms_backend, "DisableKey", fmt_json("{\"KeyId\":\"%s\"}", key_id), NULL);
    proto_error_clear(&err);
    CHECK(kms_key_arn("123456789012", "us-east-1", key_id, &err) == NULL, "disabled");
    CHECK_STR(err.code, "DisabledException", "a disabled key");
    proto_error_clear(&err);
    CHECK(kms_key_arn("123456789012", "us-east-1", "alias/none", &err) == NULL, "no alias");
    CHECK_STR(err.code, "NotFoundException", "a missing alias");
    proto_error_clear(&err);

    /* the state survives a save and a load, key material included */
    check_persistence_round_trip(&kms_backend);
    buf_reset(&plain);
    CHECK(kms_decrypt_for_service("123456789012", "us-east-1", blob.data, blob.len, ctx, &plain,
                                  NULL, &err) == 0 && plain.len == 1,
          "a loaded state still decrypts");
    cJSON_Delete(ctx);
    buf_free(&blob);
    buf_free(&plain);
    free(managed);
    free(again);
    free(by_alias);
    free(arn);
    proto_error_clear(&err);
    kms_backend.reset();
}

static void test_automatic_rotation_when_due(void)
{
    kms_backend.reset();
    cJSON *out = NULL;
    CHECK(call_op(&kms_backend, "CreateKey", "{}", &out) == 0, "CreateKey");
    char key_id[40];
    snprintf(key_id, sizeof key_id, "%s", str_at(out, "KeyMetadata.KeyId"));
    cJSON_Delete(out);
    CHECK(call_op(&kms_backend, "EnableKeyRotation",
                  fmt_json("{\"KeyId\":\"%s\",\"RotationPeriodInDays\":90}", key_id),
                  NULL) == 0, "EnableKeyRotation");
    struct kms_key *k = kms_key_find("123456789012", "us-east-1", key_id);
    struct buf blob = BUF_INIT, plain = BUF_INIT;
    ciphertext_seal(k, NULL, "x", 1, &blob);
    /* two periods have passed since rotation was enabled */
    k->next_rotation -= 181 * 86400.0;
    CHECK(call_op(&kms_backend, "ListKeyRotations", fmt_json("{\"KeyId\":\"%s\"}", key_id),
                  &out) == 0, "ListKeyRotations");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(out, "Rotations")) == 2,
          "both automatic rotations were made");
    CHECK_STR(str_at(out, "Rotations.1.RotationType"), "AUTOMATIC", "automatic");
    cJSON_Delete(out);
    CHECK(k->n_materials == 3 && k->next_rotation > kms_now(), "the next date is ahead");
    CHECK(ciphertext_open(k, NULL, blob.data, blob.len, &plain) == CRYPTO_OK,
          "the first material still opens its blob");
    buf_free(&blob);
    buf_free(&plain);
    kms_backend.reset();
}

static void test_keys_go_when_their_deletion_date_passes(void)
{
    kms_backend.reset();
    cJSON *out = NULL;
    call_op(&kms_backend, "CreateKey", "{}", &out);
    char key_id[40];
    snprintf(key_id, sizeof key_id, "%s", str_at(out, "KeyMetadata.KeyId"));
    cJSON_Delete(out);
    call_op(&kms_backend, "CreateAlias",
            fmt_json("{\"AliasName\":\"alias/going\",\"TargetKeyId\":\"%s\"}", key_id), NULL);
    CHECK(call_op(&kms_backend, "ScheduleKeyDeletion",
                  fmt_json("{\"KeyId\":\"%s\",\"PendingWindowInDays\":7}", key_id),
                  NULL) == 0, "ScheduleKeyDeletion");
    CHECK(call_op(&kms_backend, "DescribeKey", fmt_json("{\"KeyId\":\"%s\"}", key_id), NULL) ==
              0, "the key is still there while pending deletion");
    kms_key_find("123456789012", "us-east-1", key_id)->deletion_date = kms_now() - 1;
    CHECK(call_op(&kms_backend, "DescribeKey", fmt_json("{\"KeyId\":\"%s\"}", key_id), NULL) ==
              -1, "the key is gone after its deletion date");
    CHECK_STR(harness_err.code, "NotFoundException", "a deleted key");
    CHECK(kms_alias_find(kms_region_find("123456789012", "us-east-1"), "alias/going") == NULL,
          "its alias went with it");
    proto_error_clear(&harness_err);
    kms_backend.reset();
}

/* Loads one record into an emptied KMS; true when it was refused. */
static bool record_refused(const char *json)
{
    kms_backend.reset();
    struct memory_reader reader = {{no_file, note_refusal}, ""};
    cJSON *record = cJSON_Parse(json);
    int rc = kms_persistence.load(&reader.base, record, 1);
    cJSON_Delete(record);
    kms_backend.reset();
    return rc != 0 && reader.refusal[0];
}

static void test_malformed_records_are_refused(void)
{
#define KEY_RECORD(extra)                                                                   \
    "{\"type\":\"key\",\"account\":\"123456789012\",\"region\":\"us-east-1\","              \
    "\"id\":\"1234abcd-12ab-34cd-56ef-1234567890ab\",\"spec\":\"SYMMETRIC_DEFAULT\","        \
    "\"usage\":\"ENCRYPT_DECRYPT\",\"state\":0" extra "}"
    CHECK(!record_refused(KEY_RECORD("")), "a plain key record loads");
    CHECK(record_refused(KEY_RECORD(",\"replica_regions\":[1]")), "replica regions of numbers");
    CHECK(record_refused(KEY_RECORD(",\"grants\":[\"x\"]")), "grants that are not objects");
    CHECK(record_refused(KEY_RECORD(",\"rotations\":{}")), "rotations that are not a list");
    CHECK(record_refused(KEY_RECORD(",\"materials\":[{\"id\":\"short\",\"bytes\":\"\"}]")),
          "a material id of the wrong length");
    CHECK(record_refused(KEY_RECORD(",\"tags\":[{\"Key\":1}]")), "tags that are not a tag set");
    CHECK(record_refused("{\"type\":\"key\",\"account\":\"123456789012\",\"region\":\"r\","
                         "\"id\":\"not-a-key-id\"}"), "a key id that is not one");
    CHECK(record_refused("{\"type\":\"alias\",\"account\":\"123456789012\",\"region\":\"r\","
                         "\"name\":\"nope\",\"key_id\":\"x\"}"), "an alias without alias/");
    CHECK(record_refused("{\"type\":\"other\"}"), "an unknown record type");
#undef KEY_RECORD
}

int main(void)
{
    test_blob_round_trip_and_context();
    test_signatures_of_every_spec();
    test_hmac_and_rsa_encryption();
    test_service_api();
    test_automatic_rotation_when_due();
    test_keys_go_when_their_deletion_date_passes();
    test_malformed_records_are_refused();
    return test_summary("kms");
}
