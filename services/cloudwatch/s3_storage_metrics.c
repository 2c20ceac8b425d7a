/* cloudwatch: S3's storage metrics, one datapoint per bucket for the current day, read from the
 * bucket registry whenever metrics are read. */
#include "s3_storage_metrics.h"

#include <math.h>
#include <string.h>

#include "../s3/blob.h"
#include "../s3/bucket.h"
#include "../s3/object.h"
#include "../s3/sorted_map.h"
#include "metrics.h"

#define SECONDS_PER_DAY 86400.0

static cJSON *storage_metric(const char *name, const char *storage_type, const char *bucket)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "Namespace", "AWS/S3");
    cJSON_AddStringToObject(m, "MetricName", name);
    cJSON *dims = cJSON_AddArrayToObject(m, "Dimensions");
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "Name", "StorageType");
    cJSON_AddStringToObject(d, "Value", storage_type);
    cJSON_AddItemToArray(dims, d);
    d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "Name", "BucketName");
    cJSON_AddStringToObject(d, "Value", bucket);
    cJSON_AddItemToArray(dims, d);
    cJSON_AddArrayToObject(m, "points");
    return m;
}

static void add_value(cJSON *metric, double day, double value, const char *unit)
{
    cJSON *one = cJSON_CreateArray();
    cJSON_AddItemToArray(one, cJSON_CreateNumber(value));
    metric_add_point(metric, day, value, 1, value, value, unit, one, NULL);
    cJSON_Delete(one);
}

void s3_storage_metrics_refresh(struct cloudwatch_region *r)
{
    cJSON_Delete(r->service_metrics);
    r->service_metrics = cJSON_CreateArray();
    double day = floor(cloudwatch_now() / SECONDS_PER_DAY) * SECONDS_PER_DAY;
    const struct sorted_map *registry = bucket_registry();
    for (const struct sorted_node *n = sorted_map_seek(registry, NULL, false); n;
         n = sorted_map_next(n)) {
        const struct bucket *b = sorted_node_value(n);
        if (strcmp(b->account, r->account) != 0 || strcmp(b->region, r->region) != 0)
            continue;
        double bytes = 0, objects = 0;
        for (const struct sorted_node *o = sorted_map_seek(b->objects, NULL, false); o;
             o = sorted_map_next(o)) {
            const struct object_key *key = sorted_node_value(o);
            for (const struct object_version *v = key->newest; v; v = v->older) {
                if (v->delete_marker || !v->body)
                    continue;
                bytes += (double)blob_length(v->body);
                objects++;
            }
        }
        if (objects == 0)
            continue;
        cJSON *size = storage_metric("BucketSizeBytes", "StandardStorage", b->name);
        add_value(size, day, bytes, "Bytes");
        cJSON_AddItemToArray(r->service_metrics, size);
        cJSON *count = storage_metric("NumberOfObjects", "AllStorageTypes", b->name);
        add_value(count, day, objects, "Count");
        cJSON_AddItemToArray(r->service_metrics, count);
    }
}
