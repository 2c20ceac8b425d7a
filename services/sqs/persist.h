/* SQS's side of the persistence contract (services/core/persist.h). */
#ifndef MOTOC_SQS_PERSIST_H
#define MOTOC_SQS_PERSIST_H

#include "../core/persist.h"

extern const struct service_persistence sqs_persistence;

#endif
