/* Every service backend motoc implements. A new service adds one line here. */
#include "core/backend.h"

#include <stddef.h>

extern const struct service_backend s3_backend;

const struct service_backend *const service_backends[] = {
    &s3_backend,
    NULL,
};
