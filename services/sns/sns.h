/* The SNS service, as the core sees it. */
#ifndef MOTOC_SNS_H
#define MOTOC_SNS_H

#include "../core/backend.h"

extern const struct service_backend sns_backend;

#endif
