/* The KMS key of an SSE-KMS queue, checked through the KMS service. */
#include "queue_kms.h"

#include <stdlib.h>

#include "../core/protocol.h"
#include "../kms/kms_keys.h"
#include "../kms/service_errors.h"
#include "queue.h"
#include "region.h"

int sqs_check_kms_key(const struct sqs_queue *q, struct proto_error *err)
{
    if (!q->kms_master_key_id || !q->kms_master_key_id[0])
        return 0;
    struct proto_error kms_error = {0};
    char *arn = kms_key_arn(q->region->account, q->region->region, q->kms_master_key_id,
                            &kms_error);
    if (arn) {
        free(arn);
        return 0;
    }
    kms_pass_on_error(&kms_error, err);
    proto_error_clear(&kms_error);
    return -1;
}
