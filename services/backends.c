/* Every service backend motoc implements. A new service adds one line here. */
#include "core/backend.h"
#include "sts/sts.h"

#include <stddef.h>

const struct service_backend *const service_backends[] = {
    &sts_backend,
    NULL,
};
