/* ARNs, as every service builds and reads them: the partition follows the region (aws-cn for
 * cn-*, aws-us-gov for us-gov-* ...), global services (IAM, STS, S3) leave the region empty, and
 * a service checks an ARN names its own resource type before looking it up. */
#ifndef MOTOC_ARN_H
#define MOTOC_ARN_H

#include <stdbool.h>
#include <stddef.h>

/* "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f" or "aws-eusc"
 * for a region name, as partitions.json's region patterns assign them. */
const char *partition_for_region(const char *region);

struct arn {
    char partition[32];
    char service[64];
    char region[32];
    char account[16];
    char resource[1024]; /* everything after the fifth ':' */
};

/* Splits "arn:partition:service:region:account:resource"; false if it is not one. */
bool arn_parse(const char *text, struct arn *out);

/* "arn:<partition>:service:region:account:<resource>" with the partition of region; resource is
 * a printf format. Owned by the caller. */
char *arn_build(const char *service, const char *region, const char *account,
                const char *resource_fmt, ...) __attribute__((format(printf, 4, 5)));
/* For global services (IAM, STS, S3): region only picks the partition, the ARN's region field
 * stays empty (pass "" as account for S3's). */
char *arn_build_global(const char *service, const char *region, const char *account,
                       const char *resource_fmt, ...) __attribute__((format(printf, 4, 5)));
/* With the partition given, e.g. one read from another ARN. */
char *arn_build_in_partition(const char *partition, const char *service, const char *region,
                             const char *account, const char *resource_fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Parses text and checks that it names service and, when type is not NULL, a resource of that
 * type ("table" matches "table/orders" and "table:orders"). On success *id points into
 * out->resource after the type and its separator (the whole resource when type is NULL). */
bool arn_parse_resource(const char *text, const char *service, const char *type, struct arn *out,
                        const char **id);

#endif
