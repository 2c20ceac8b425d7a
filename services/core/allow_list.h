/* MOTOC_SERVICES: when set, the only services motoc answers; requests for others are refused
 * with a ServiceNotWhitelisted error, as moto's service whitelist does. */
#ifndef MOTOC_ALLOW_LIST_H
#define MOTOC_ALLOW_LIST_H

#include <stdbool.h>

/* True when MOTOC_SERVICES is unset or names the service (botocore name, e.g. "sqs"). */
bool service_allowed(const char *service);
/* The allowed services as written in the error message, e.g. "s3, sqs". */
const char *allowed_services_text(void);

#endif
