/* Kinesis streaming destinations: EnableKinesisStreamingDestination and its siblings. A
 * destination is ACTIVE as soon as it is enabled (the answer says ENABLING, as DynamoDB's does
 * while it starts replicating), and the table's writes reach the stream from then on
 * (kinesis_destination.c). */
#include <ctype.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/call_error.h"
#include "../core/internal_call.h"
#include "../core/params.h"
#include "ops.h"
#include "request.h"

#define DEFAULT_PRECISION "MILLISECOND"

static const char *destination_field(const cJSON *dest, const char *name)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(dest, name));
}

static cJSON *find_destination(const struct ddb_table *t, const char *stream_arn)
{
    cJSON *dest;
    cJSON_ArrayForEach(dest, t->kinesis_destinations)
    {
        const char *arn = destination_field(dest, "StreamArn");
        if (arn && strcmp(arn, stream_arn) == 0)
            return dest;
    }
    return NULL;
}

static bool destination_active(const cJSON *dest)
{
    const char *status = dest ? destination_field(dest, "DestinationStatus") : NULL;
    return status && strcmp(status, "ACTIVE") == 0;
}

static void set_field(cJSON *dest, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(dest, name);
    cJSON_AddStringToObject(dest, name, value);
}

/* The Kinesis data stream the ARN names must exist, in the account and region the ARN says. */
static int require_stream(struct call *c, const char *stream_arn)
{
    struct arn arn;
    const char *name;
    if (!arn_parse_resource(stream_arn, "kinesis", "stream", &arn, &name))
        return ddb_validation(c, "Invalid StreamArn: %s", stream_arn);
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "StreamARN", stream_arn);
    struct proto_error err = {0};
    int rc = internal_call("kinesis", "DescribeStreamSummary", arn.account, arn.region, params,
                           NULL, &err);
    proto_error_clear(&err);
    cJSON_Delete(params);
    if (rc != 0)
        return call_fail_resource_not_found(c, "Requested resource not found: Stream: %s not "
                                               "found",
                                            stream_arn);
    return 0;
}

/* What every answer of the three changing operations names; configuration (the member echoing
 * the precision asked for) is NULL for DisableKinesisStreamingDestination. */
static void answer_destination(cJSON *out, const struct ddb_table *t, const char *stream_arn,
                               const char *status, const char *configuration,
                               const char *precision)
{
    cJSON_AddStringToObject(out, "TableName", t->name);
    cJSON_AddStringToObject(out, "StreamArn", stream_arn);
    cJSON_AddStringToObject(out, "DestinationStatus", status);
    if (configuration) {
        cJSON *config = cJSON_AddObjectToObject(out, configuration);
        cJSON_AddStringToObject(config, "ApproximateCreationDateTimePrecision", precision);
    }
}

/* DynamoDB's refusal when the destinations are not in the state an operation ("Enable") needs
 * (required: "ACTIVE"). */
static int invalid_state(struct call *c, const char *operation, const char *required)
{
    char lower[16], upper[16];
    size_t i = 0;
    for (; operation[i] && i < sizeof lower - 1; i++) {
        lower[i] = (char)tolower((unsigned char)operation[i]);
        upper[i] = (char)toupper((unsigned char)operation[i]);
    }
    lower[i] = upper[i] = '\0';
    return ddb_validation(c,
                          "Table is not in a valid state to %s Kinesis Streaming Destination:"
                          "%sKinesisStreamingDestination must be %s to perform %s operation.",
                          lower, operation, required, upper);
}

/* The ACTIVE destination of t for stream_arn; NULL after refusing operation ("Disable"). */
static cJSON *require_active_destination(struct call *c, const struct ddb_table *t,
                                         const char *stream_arn, const char *operation)
{
    cJSON *entry = find_destination(t, stream_arn);
    if (!destination_active(entry)) {
        invalid_state(c, operation, "ACTIVE");
        return NULL;
    }
    return entry;
}

static const char *requested_precision(const cJSON *in, const char *configuration)
{
    return param_string(cJSON_GetObjectItemCaseSensitive(in, configuration),
                        "ApproximateCreationDateTimePrecision");
}

int ddb_enable_kinesis_streaming_destination(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = ddb_require_table(c, in);
    if (!t)
        return -1;
    const char *stream_arn = param_string(in, "StreamArn");
    if (require_stream(c, stream_arn) != 0)
        return -1;
    /* A table replicates to one stream at a time. */
    const cJSON *dest;
    cJSON_ArrayForEach(dest, t->kinesis_destinations)
    {
        if (destination_active(dest))
            return invalid_state(c, "Enable", "DISABLED or ENABLE_FAILED");
    }
    const char *precision = requested_precision(in, "EnableKinesisStreamingConfiguration");
    if (!precision)
        precision = DEFAULT_PRECISION;
    if (!t->kinesis_destinations)
        t->kinesis_destinations = cJSON_CreateArray();
    cJSON *entry = find_destination(t, stream_arn);
    if (!entry) {
        entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "StreamArn", stream_arn);
        cJSON_AddItemToArray(t->kinesis_destinations, entry);
    }
    set_field(entry, "DestinationStatus", "ACTIVE");
    set_field(entry, "ApproximateCreationDateTimePrecision", precision);
    answer_destination(out, t, stream_arn, "ENABLING", "EnableKinesisStreamingConfiguration",
                       precision);
    return 0;
}

int ddb_disable_kinesis_streaming_destination(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = ddb_require_table(c, in);
    if (!t)
        return -1;
    const char *stream_arn = param_string(in, "StreamArn");
    if (require_stream(c, stream_arn) != 0)
        return -1;
    cJSON *entry = require_active_destination(c, t, stream_arn, "Disable");
    if (!entry)
        return -1;
    set_field(entry, "DestinationStatus", "DISABLED");
    answer_destination(out, t, stream_arn, "DISABLING", NULL, NULL);
    return 0;
}

int ddb_update_kinesis_streaming_destination(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = ddb_require_table(c, in);
    if (!t)
        return -1;
    const char *stream_arn = param_string(in, "StreamArn");
    cJSON *entry = require_active_destination(c, t, stream_arn, "Update");
    if (!entry)
        return -1;
    const char *precision = requested_precision(in, "UpdateKinesisStreamingConfiguration");
    if (!precision)
        return ddb_validation(c, "UpdateKinesisStreamingConfiguration must name an "
                                 "ApproximateCreationDateTimePrecision");
    set_field(entry, "ApproximateCreationDateTimePrecision", precision);
    answer_destination(out, t, stream_arn, "UPDATING", "UpdateKinesisStreamingConfiguration",
                       precision);
    return 0;
}

int ddb_describe_kinesis_streaming_destination(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = ddb_require_table(c, in);
    if (!t)
        return -1;
    cJSON_AddStringToObject(out, "TableName", t->name);
    cJSON_AddItemToObject(out, "KinesisDataStreamDestinations",
                          t->kinesis_destinations ? cJSON_Duplicate(t->kinesis_destinations, true)
                                                  : cJSON_CreateArray());
    return 0;
}
