/* STS's side of the persistence contract (services/core/persist.h). */
#ifndef MOTOC_STS_PERSIST_H
#define MOTOC_STS_PERSIST_H

#include "../core/persist.h"

extern const struct service_persistence sts_persistence;

#endif
