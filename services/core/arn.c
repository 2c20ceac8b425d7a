/* ARN building and parsing (arn.h). */
#include "arn.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../http/buf.h"

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
    if (strncmp(region, "us-isof-", 8) == 0)
        return "aws-iso-f";
    if (strncmp(region, "us-iso-", 7) == 0)
        return "aws-iso";
    if (strncmp(region, "eu-isoe-", 8) == 0)
        return "aws-iso-e";
    if (strncmp(region, "eusc-", 5) == 0)
        return "aws-eusc";
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

static char *vbuild(const char *partition, const char *service, const char *region,
                    const char *account, const char *resource_fmt, va_list ap)
{
    struct buf arn = BUF_INIT;
    buf_printf(&arn, "arn:%s:%s:%s:%s:", partition, service, region, account);
    buf_vprintf(&arn, resource_fmt, ap);
    return buf_take(&arn);
}

char *arn_build_in_partition(const char *partition, const char *service, const char *region,
                             const char *account, const char *resource_fmt, ...)
{
    va_list ap;
    va_start(ap, resource_fmt);
    char *arn = vbuild(partition, service, region, account, resource_fmt, ap);
    va_end(ap);
    return arn;
}

char *arn_build(const char *service, const char *region, const char *account,
                const char *resource_fmt, ...)
{
    va_list ap;
    va_start(ap, resource_fmt);
    char *arn = vbuild(partition_for_region(region), service, region, account, resource_fmt, ap);
    va_end(ap);
    return arn;
}

char *arn_build_global(const char *service, const char *region, const char *account,
                       const char *resource_fmt, ...)
{
    va_list ap;
    va_start(ap, resource_fmt);
    char *arn = vbuild(partition_for_region(region), service, "", account, resource_fmt, ap);
    va_end(ap);
    return arn;
}

bool arn_parse_resource(const char *text, const char *service, const char *type, struct arn *out,
                        const char **id)
{
    if (!arn_parse(text, out) || strcmp(out->service, service) != 0)
        return false;
    if (!type) {
        *id = out->resource;
        return true;
    }
    size_t n = strlen(type);
    if (strncmp(out->resource, type, n) != 0 ||
        (out->resource[n] != '/' && out->resource[n] != ':') || !out->resource[n + 1])
        return false;
    *id = out->resource + n + 1;
    return true;
}
