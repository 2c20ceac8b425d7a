/* Replicas of a secret in other regions of its account: read-only copies kept in step with the
 * primary, each with its status on the primary. */
#ifndef MOTOC_SECRETSMANAGER_REPLICATION_H
#define MOTOC_SECRETSMANAGER_REPLICATION_H

#include <stdbool.h>

#include <cjson/cJSON.h>

struct call;
struct sm_secret;

/* Checks AddReplicaRegions ([{Region, KmsKeyId}]) for primary. 0, or -1 after failing the call. */
int replication_check_regions(struct call *c, const struct sm_secret *primary,
                              const cJSON *regions);
/* Adds the regions as replicas of primary and copies it there (a region already holding a
 * secret of that name gets a Failed status unless ForceOverwriteReplicaSecret). */
void replication_add(struct call *c, struct sm_secret *primary, const cJSON *regions, bool force);

#endif
