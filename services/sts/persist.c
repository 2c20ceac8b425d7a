/* STS's side of the persistence contract: the access keys it issued and the identity each acts
 * as, so that credentials from before a restart still act in their role's account. Secrets and
 * session tokens are not kept: motoc never checks signatures. */
#include "persist.h"

#include <stdio.h>
#include <string.h>

#include "../core/credentials.h"
#include "../core/persist_record.h"

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
    return record_write(w, record);
}

static int save(struct state_writer *w)
{
    return credentials_each(save_key, w);
}

static int load(struct state_reader *r, const cJSON *record, int version)
{
    (void)version;
    char access_key[21];
    struct issued_identity identity;
    memset(&identity, 0, sizeof identity);
    if (!record_text(record, "access_key", access_key, sizeof access_key) || !*access_key)
        return state_refuse(r, "an issued key without a valid access_key");
    if (!record_text(record, "account", identity.account, sizeof identity.account) ||
        !record_text(record, "arn", identity.arn, sizeof identity.arn) ||
        !record_text(record, "user_id", identity.user_id, sizeof identity.user_id) ||
        !*identity.account || !*identity.arn || !*identity.user_id)
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
