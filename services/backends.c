/* Every service backend motoc implements. A new service adds one line here. */
#include "core/backend.h"
#include "sns/sns.h"
#include "sqs/sqs.h"
#include "sts/sts.h"

#include <stddef.h>

const struct service_backend *const service_backends[] = {
    &sns_backend,
    &sqs_backend,
    &sts_backend,
    NULL,
};
