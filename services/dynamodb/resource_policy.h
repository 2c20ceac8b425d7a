/* Resource-based policies of tables and streams: each table and each stream has one slot, set by
 * PutResourcePolicy (or CreateTable's ResourcePolicy) and read and removed by ARN. */
#ifndef MOTOC_DDB_RESOURCE_POLICY_H
#define MOTOC_DDB_RESOURCE_POLICY_H

#include <cjson/cJSON.h>

struct call;

struct ddb_policy_slot {
    char *document; /* as GetResourcePolicy answers it; NULL when there is none */
    char *revision; /* of the last change; kept after a delete, which a repeated delete echoes */
};

void ddb_policy_slot_clear(struct ddb_policy_slot *slot);

/* CreateTable's ResourcePolicy: checked as PutResourcePolicy checks it and stored in slot. 0, or
 * -1 after failing the call. */
int ddb_policy_slot_create(struct call *c, struct ddb_policy_slot *slot, const char *policy);

/* The slot as a saved-state member ({document, revision}), NULL when empty; and back. */
cJSON *ddb_policy_slot_save(const struct ddb_policy_slot *slot);
void ddb_policy_slot_load(struct ddb_policy_slot *slot, const cJSON *saved);

#endif
