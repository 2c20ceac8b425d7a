/* How S3 saves and loads its state (core/persist.h). */
#ifndef MOTOC_S3_PERSIST_H
#define MOTOC_S3_PERSIST_H

#include "../core/persist.h"

extern const struct service_persistence s3_persistence;

#endif
