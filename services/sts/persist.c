/* STS's side of the persistence contract: the access keys it issued and the identity each acts
 * as, so that credentials from before a restart still act in their role's account. Secrets and
 * session tokens are not kept: motoc never checks signatures. */
#include "persist.h"

#include <stdio.h>
#include <string.h>

#include "../core/credentials.h"

/* One record per key: {"access_key", "account", "arn", "user_id"}. */
#define STS_RECORD_VERSION 1

static int save_key(const char *access_key, const struct issued_identity *identity, void *arg)
{
    struct state_writer *w = arg;
    cJSON *record = cJSON_CreateObject();
    cJSON_AddStringToObject(record, "access_key", access_key);
    cJSON_AddStringToObject(record, "account", identity->account);
    cJSON_AddStringToObject(record, "arn", identity->arn);
    cJSON_AddStringToObject(record, "user_id", identity->user_id);
    int rc = w->record(w, record);
    cJSON_Delete(record);
    return rc;
}

static int save(struct state_writer *w)
{
    return credentials_each(save_key, w);
}

/* Copies the string member name of record into out; false when it is missing or too long. */
static bool copy_member(const cJSON *record, const char *name, char *out, size_t size)
{
    const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(record, name));
    if (!value || !*value || strlen(value) >= size)
        return false;
    memcpy(out, value, strlen(value) + 1);
    return true;
}

static int load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version;
    char access_key[21];
    struct issued_identity identity;
    memset(&identity, 0, sizeof identity);
    if (!copy_member(record, "access_key", access_key, sizeof access_key))
        return state_refuse(r, "an issued key without a valid access_key");
    if (!copy_member(record, "account", identity.account, sizeof identity.account) ||
        !copy_member(record, "arn", identity.arn, sizeof identity.arn) ||
        !copy_member(record, "user_id", identity.user_id, sizeof identity.user_id))
        return state_refuse(r, "issued key %s without a valid account, arn and user_id",
                            access_key);
    credentials_restore(access_key, &identity);
    return 0;
}

const struct service_persistence sts_persistence = {
    .format_version = STS_RECORD_VERSION,
    .save = save,
    .load = load,
    .detach = credentials_detach,
    .attach = credentials_attach,
    .discard = credentials_discard,
};
