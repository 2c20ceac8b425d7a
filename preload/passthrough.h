/* MOTOC_PASSTHROUGH_HOSTS and MOTOC_PASSTHROUGH_SERVICES: AWS names that resolve and connect for
 * real. */
#ifndef MOTOC_PASSTHROUGH_H
#define MOTOC_PASSTHROUGH_H

#include <stdbool.h>

/* host: normalized (tls/aws_names.h). */
bool host_passes_through(const char *host);

#endif
