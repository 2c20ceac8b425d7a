/* SNS's side of the persistence contract (services/core/persist.h). */
#ifndef MOTOC_SNS_PERSIST_H
#define MOTOC_SNS_PERSIST_H

#include "../core/persist.h"

extern const struct service_persistence sns_persistence;

#endif
