/* How DynamoDB saves and loads its state (core/persist.h); the streams API's is a no-op, since
 * its streams are part of DynamoDB's state. */
#ifndef MOTOC_DDB_PERSIST_H
#define MOTOC_DDB_PERSIST_H

#include "../core/persist.h"

extern const struct service_persistence ddb_persistence;
extern const struct service_persistence ddb_streams_persistence;

#endif
