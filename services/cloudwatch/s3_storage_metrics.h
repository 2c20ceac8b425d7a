/* cloudwatch: the daily storage metrics S3 publishes to the AWS/S3 namespace
 * (BucketSizeBytes and NumberOfObjects per bucket), derived from the buckets S3 holds. */
#ifndef MOTOC_CLOUDWATCH_S3_STORAGE_METRICS_H
#define MOTOC_CLOUDWATCH_S3_STORAGE_METRICS_H

#include "state.h"

/* Rebuilds r's service metrics from the buckets of its account and region as they are now. */
void s3_storage_metrics_refresh(struct cloudwatch_region *r);

#endif
