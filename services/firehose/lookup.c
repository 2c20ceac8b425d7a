/* Lookups and errors shared by the Firehose operations (lookup.h). */
#include "lookup.h"

#include <stdarg.h>
#include <string.h>

#include "../core/params.h"
#include "../core/tags.h"
#include "delivery.h"

struct firehose_region *firehose_call_region(struct call *c)
{
    firehose_delivery_resume();
    return firehose_region_get(c->route->account, c->route->region);
}

struct firehose_stream *firehose_stream_for_call(struct call *c, const cJSON *in)
{
    const char *name = param_string(in, "DeliveryStreamName");
    struct firehose_stream *s = firehose_stream_find(firehose_call_region(c), name);
    if (!s)
        call_fail_resource_not_found(c, "Firehose %s under account %s not found.",
                                     name ? name : "", c->route->account);
    return s;
}

int firehose_fail_argument(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    call_vfail(c, 400, "InvalidArgumentException", fmt, ap);
    va_end(ap);
    return -1;
}

size_t firehose_stream_quota(const char *region)
{
    static const char *const large[] = {"us-east-1", "us-west-2", "eu-west-1"};
    static const char *const medium[] = {
        "us-east-2",      "us-west-1",      "us-gov-east-1", "us-gov-west-1", "ap-east-1",
        "ap-south-1",     "ap-northeast-1", "ap-northeast-2", "ap-southeast-1",
        "ap-southeast-2", "ca-central-1",   "eu-central-1",  "eu-west-2",     "eu-west-3",
        "eu-north-1",     "eu-south-1",     "me-south-1",    "sa-east-1",     "af-south-1"};
    for (size_t i = 0; i < sizeof large / sizeof *large; i++)
        if (strcmp(region, large[i]) == 0)
            return 5000;
    for (size_t i = 0; i < sizeof medium / sizeof *medium; i++)
        if (strcmp(region, medium[i]) == 0)
            return 2000;
    return 500;
}

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *resource)
{
    switch (problem) {
    case TAG_TOO_MANY:
        return error_fail(err, 400, "LimitExceededException",
                          "Firehose %s has more than the allowed 50 tags.", resource);
    case TAG_KEY_RESERVED:
        return error_fail(err, 400, "InvalidArgumentException",
                          "Tag keys starting with 'aws:' are reserved: %s", tag ? tag : "");
    default:
        return error_fail(err, 400, "InvalidArgumentException", "Tag %s is not valid.",
                          tag ? tag : "");
    }
}

const struct tag_rules firehose_tag_rules = {
    .check_characters = true,
    .reserve_aws_prefix = true,
    .refuse = refuse_tag,
};
