/* ARN and partition helpers shared by the services. */
#ifndef MOTOC_ARN_H
#define MOTOC_ARN_H

#include <stdbool.h>
#include <stddef.h>

/* "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b" for a region name. */
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

#endif
