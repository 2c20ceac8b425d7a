/* The partition of a region and the parsing of ARNs into their fields. */
#include "arn.h"

#include <stdio.h>
#include <string.h>

const char *partition_for_region(const char *region)
{
    if (!region)
        return "aws";
    if (strncmp(region, "cn-", 3) == 0)
        return "aws-cn";
    if (strncmp(region, "us-gov-", 7) == 0)
        return "aws-us-gov";
    if (strncmp(region, "us-isob-", 8) == 0)
        return "aws-iso-b";
    if (strncmp(region, "us-iso-", 7) == 0)
        return "aws-iso";
    return "aws";
}

static bool copy_field(const char **p, char *out, size_t size)
{
    const char *colon = strchr(*p, ':');
    if (!colon || (size_t)(colon - *p) >= size)
        return false;
    memcpy(out, *p, (size_t)(colon - *p));
    out[colon - *p] = '\0';
    *p = colon + 1;
    return true;
}

bool arn_parse(const char *text, struct arn *out)
{
    memset(out, 0, sizeof *out);
    if (!text || strncmp(text, "arn:", 4) != 0)
        return false;
    const char *p = text + 4;
    if (!copy_field(&p, out->partition, sizeof out->partition) || !out->partition[0] ||
        !copy_field(&p, out->service, sizeof out->service) || !out->service[0] ||
        !copy_field(&p, out->region, sizeof out->region) ||
        !copy_field(&p, out->account, sizeof out->account))
        return false;
    if (strlen(p) >= sizeof out->resource || !*p)
        return false;
    snprintf(out->resource, sizeof out->resource, "%s", p);
    return true;
}
