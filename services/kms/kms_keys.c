/* KMS keys for other services, and the AWS managed keys. */
#include "kms_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/call_error.h"
#include "ciphertext.h"
#include "crypto.h"
#include "kms_call.h"
#include "lookup.h"
#include "managed_keys.h"
#include "state.h"

const char *const kms_aws_managed_services[] = {
    "acm", "dynamodb", "ebs", "elasticfilesystem", "es", "glue", "kinesisvideo", "lambda",
    "rds", "redshift", "s3", "secretsmanager", "sns", "sqs", "ssm", "xray", NULL,
};

const char *kms_aws_managed_service(const char *account, const char *region, const char *key_id)
{
    struct arn arn;
    const char *name = key_id;
    if (key_id && strncmp(key_id, "arn:", 4) == 0) {
        if (!arn_parse(key_id, &arn) || strcmp(arn.service, "kms") != 0 ||
            strcmp(arn.account, account) != 0 || strcmp(arn.region, region) != 0)
            return NULL;
        name = arn.resource;
    }
    if (!name || strncmp(name, "alias/aws/", 10) != 0)
        return NULL;
    for (const char *const *s = kms_aws_managed_services; *s; s++)
        if (strcmp(name + 10, *s) == 0)
            return *s;
    return NULL;
}

struct kms_key *kms_aws_managed_key(const char *account, const char *region, const char *service)
{
    char alias[128];
    snprintf(alias, sizeof alias, "alias/aws/%s", service);
    struct kms_region *r = kms_region_get(account, region);
    struct kms_alias *a = kms_alias_find(r, alias);
    struct kms_key *k = a ? kms_key_find(account, region, a->key_id) : NULL;
    if (k)
        return k;
    char id[40];
    key_id_new(false, id);
    k = key_new(account, region, id, key_spec_find("SYMMETRIC_DEFAULT"), USAGE_ENCRYPT_DECRYPT);
    k->aws_managed = true;
    k->created = kms_now();
    free(k->description);
    struct buf text = BUF_INIT;
    buf_printf(&text, "Default key that protects my %s data when no other key is defined",
               service);
    k->description = buf_take(&text);
    k->policy = key_default_policy(account, region);
    k->rotation_enabled = true;
    k->next_rotation = k->created + 365 * 86400.0;
    struct buf material = BUF_INIT;
    if (!crypto_generate_material(k->spec, &material))
        abort(); /* no randomness: nothing KMS answers could be trusted */
    key_add_material(k, &material, k->created);
    kms_region_add_key(k);
    if (a)
        kms_alias_remove(r, alias);
    kms_alias_add(r, alias, k->id, k->created);
    return k;
}

char *kms_aws_managed_key_arn(const char *account, const char *region, const char *service)
{
    return xstrdup(kms_aws_managed_key(account, region, service)->arn);
}

static struct kms_key *usable_key(const char *account, const char *region, const char *key_id,
                                  struct proto_error *err)
{
    kms_region_expire(account, region, kms_now());
    const char *service = kms_aws_managed_service(account, region, key_id);
    struct kms_key *k = service ? kms_aws_managed_key(account, region, service)
                                : key_lookup(account, region, key_id, KEY_ID_ARN_OR_ALIAS, err);
    if (!k || key_check_usable(k, err) != 0)
        return NULL;
    return k;
}

char *kms_key_arn(const char *account, const char *region, const char *key_id,
                  struct proto_error *err)
{
    struct kms_key *k = usable_key(account, region, key_id, err);
    return k ? xstrdup(k->arn) : NULL;
}

int kms_encrypt_for_service(const char *account, const char *region, const char *key_id,
                            const cJSON *context, const void *plaintext, size_t len,
                            struct buf *ciphertext, struct proto_error *err)
{
    struct kms_key *k = usable_key(account, region, key_id, err);
    if (!k)
        return -1;
    if (k->spec->kind != KEY_KIND_SYMMETRIC)
        return key_check_usage(k, USAGE_ENCRYPT_DECRYPT, "Encrypt", err) != 0
                   ? -1
                   : error_fail(err, 400, "InvalidKeyUsageException",
                                "%s is not a symmetric encryption key.", k->arn);
    if (ciphertext_seal(k, context, plaintext, len, ciphertext) != CRYPTO_OK)
        return error_fail(err, 500, "KMSInternalException", "The data could not be encrypted.");
    return 0;
}

int kms_decrypt_for_service(const char *account, const char *region, const void *ciphertext,
                            size_t len, const cJSON *context, struct buf *plaintext,
                            char **key_arn, struct proto_error *err)
{
    char id[40];
    if (!ciphertext_key_id(ciphertext, len, id))
        return error_fail(err, 400, "InvalidCiphertextException", "%s", "");
    struct kms_key *k = usable_key(account, region, id, err);
    if (!k)
        return -1;
    if (ciphertext_open(k, context, ciphertext, len, plaintext) != CRYPTO_OK)
        return error_fail(err, 400, "InvalidCiphertextException", "%s", "");
    if (key_arn)
        *key_arn = xstrdup(k->arn);
    return 0;
}
