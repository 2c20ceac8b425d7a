/* RestoreObject: making an archived object (GLACIER, DEEP_ARCHIVE) readable for a number of
 * days. motoc has no retrieval delay: the restored copy is there as soon as it is asked for. */
#include <math.h>
#include <string.h>

#include "object_access.h"
#include "ops.h"
#include "s3_call.h"

#define SECONDS_PER_DAY 86400.0

/* S3 adds the days to the moment of the restore and rounds up to the next midnight UTC. */
static double restore_expiry(double now, double days)
{
    return (floor((now + days * SECONDS_PER_DAY) / SECONDS_PER_DAY) + 1) * SECONDS_PER_DAY;
}

OPERATION(s3_restore_object)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    if (!b)
        return -1;
    struct object_version *v = object_for_read(c, b, param_string(in, "Key"),
                                               param_string(in, "VersionId"), "POST");
    if (!v)
        return -1;
    if (!object_storage_class_is_archive(v->storage_class))
        return object_fail_storage_class(c, v, "The operation is not valid for the object's "
                                               "storage class");
    const cJSON *request = cJSON_GetObjectItemCaseSensitive(in, "RestoreRequest");
    double days = param_number(request, "Days", 1);
    if (days < 1 || days != floor(days))
        return s3_fail_invalid_argument(c, "Days must be a positive integer", "Days", "");
    double now = s3_now();
    bool already_restored = v->restore_expiry > now;
    v->restore_expiry = restore_expiry(now, days);
    /* 202 starts a restore; 200 only extends the life of a copy already restored. */
    cJSON_AddNumberToObject(out, "StatusCode", already_restored ? 200 : 202);
    return 0;
}
