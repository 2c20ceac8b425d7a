/* Delivery streams: CreateDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams,
 * DeleteDeliveryStream, UpdateDestination and server-side encryption. A stream keeps its
 * destination as DescribeDeliveryStream shows it: the request's configuration with its members
 * renamed as the description names them (S3Configuration becomes S3DestinationDescription …)
 * and AWS's defaults for the members a description always has. Secrets (passwords, access
 * keys, private keys) stay in the stored tree for delivery; the answer's shape leaves them out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/params.h"
#include "../core/tags.h"
#include "delivery.h"
#include "lookup.h"
#include "object_key.h"
#include "ops.h"

#define DESTINATION_ID "destinationId-000000000001"

/* Destination types: the request member that configures one on creation, the one that updates
 * it, and the member of DestinationDescription that shows it. */
struct destination_type {
    const char *configuration;
    const char *update;
    const char *description;
};

static const struct destination_type destination_types[] = {
    {"S3DestinationConfiguration", "S3DestinationUpdate", "S3DestinationDescription"},
    {"ExtendedS3DestinationConfiguration", "ExtendedS3DestinationUpdate",
     "ExtendedS3DestinationDescription"},
    {"RedshiftDestinationConfiguration", "RedshiftDestinationUpdate",
     "RedshiftDestinationDescription"},
    {"ElasticsearchDestinationConfiguration", "ElasticsearchDestinationUpdate",
     "ElasticsearchDestinationDescription"},
    {"AmazonopensearchserviceDestinationConfiguration",
     "AmazonopensearchserviceDestinationUpdate", "AmazonopensearchserviceDestinationDescription"},
    {"SplunkDestinationConfiguration", "SplunkDestinationUpdate", "SplunkDestinationDescription"},
    {"HttpEndpointDestinationConfiguration", "HttpEndpointDestinationUpdate",
     "HttpEndpointDestinationDescription"},
    {"AmazonOpenSearchServerlessDestinationConfiguration",
     "AmazonOpenSearchServerlessDestinationUpdate",
     "AmazonOpenSearchServerlessDestinationDescription"},
    {"SnowflakeDestinationConfiguration", "SnowflakeDestinationUpdate",
     "SnowflakeDestinationDescription"},
    {"IcebergDestinationConfiguration", "IcebergDestinationUpdate",
     "IcebergDestinationDescription"},
};
#define N_DESTINATION_TYPES (sizeof destination_types / sizeof *destination_types)

/* Members of configurations and updates that descriptions name differently. */
static const char *const renamed[][2] = {
    {"S3Configuration", "S3DestinationDescription"},
    {"S3Update", "S3DestinationDescription"},
    {"S3BackupConfiguration", "S3BackupDescription"},
    {"S3BackupUpdate", "S3BackupDescription"},
    {"VpcConfiguration", "VpcConfigurationDescription"},
};

static const char *description_name(const char *member)
{
    for (size_t i = 0; i < sizeof renamed / sizeof *renamed; i++)
        if (strcmp(renamed[i][0], member) == 0)
            return renamed[i][1];
    return member;
}

static bool is_s3_description(const char *name)
{
    return strcmp(name, "S3DestinationDescription") == 0 ||
           strcmp(name, "ExtendedS3DestinationDescription") == 0 ||
           strcmp(name, "S3BackupDescription") == 0;
}

/* Fills what AWS always shows of an S3 destination: buffering hints, compression and
 * encryption. */
static void add_s3_defaults(cJSON *s3)
{
    cJSON *hints = cJSON_GetObjectItemCaseSensitive(s3, "BufferingHints");
    if (!cJSON_IsObject(hints)) {
        cJSON_DeleteItemFromObjectCaseSensitive(s3, "BufferingHints");
        hints = cJSON_AddObjectToObject(s3, "BufferingHints");
    }
    if (!cJSON_GetObjectItemCaseSensitive(hints, "SizeInMBs"))
        cJSON_AddNumberToObject(hints, "SizeInMBs", 5);
    if (!cJSON_GetObjectItemCaseSensitive(hints, "IntervalInSeconds"))
        cJSON_AddNumberToObject(hints, "IntervalInSeconds", 300);
    if (!cJSON_GetObjectItemCaseSensitive(s3, "CompressionFormat"))
        cJSON_AddStringToObject(s3, "CompressionFormat", "UNCOMPRESSED");
    if (!cJSON_GetObjectItemCaseSensitive(s3, "EncryptionConfiguration")) {
        cJSON *encryption = cJSON_AddObjectToObject(s3, "EncryptionConfiguration");
        cJSON_AddStringToObject(encryption, "NoEncryptionConfig", "NoEncryption");
    }
}

/* Merges update (configuration or update members) into description, renaming members and
 * merging nested objects member by member, as UpdateDestination does. */
static void merge_into(cJSON *description, const cJSON *update)
{
    const cJSON *member;
    cJSON_ArrayForEach(member, update) {
        const char *name = description_name(member->string);
        cJSON *current = cJSON_GetObjectItemCaseSensitive(description, name);
        if (cJSON_IsObject(member) && cJSON_IsObject(current) &&
            strcmp(name, "EncryptionConfiguration") != 0) {
            merge_into(current, member);
        } else {
            cJSON *copy = cJSON_CreateObject();
            if (cJSON_IsObject(member))
                merge_into(copy, member);
            else {
                cJSON_Delete(copy);
                copy = cJSON_Duplicate(member, true);
            }
            if (current)
                cJSON_ReplaceItemInObjectCaseSensitive(description, name, copy);
            else
                cJSON_AddItemToObject(description, name, copy);
        }
    }
}

/* Adds the S3 defaults to every S3 description of a destination. */
static void complete_description(cJSON *member)
{
    if (is_s3_description(member->string))
        add_s3_defaults(member);
    cJSON *nested;
    cJSON_ArrayForEach(nested, member)
        if (cJSON_IsObject(nested) && nested->string && is_s3_description(nested->string))
            add_s3_defaults(nested);
}

/* The one destination type the request configures (suffix "Configuration" or "Update"), or
 * NULL after failing the call. */
static const struct destination_type *requested_destination(struct call *c, const cJSON *in,
                                                            bool update, const cJSON **config)
{
    const struct destination_type *found = NULL;
    int count = 0;
    for (size_t i = 0; i < N_DESTINATION_TYPES; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(
            in, update ? destination_types[i].update : destination_types[i].configuration);
        if (v) {
            found = &destination_types[i];
            *config = v;
            count++;
        }
    }
    if (count != 1) {
        firehose_fail_argument(c, "Exactly one destination configuration is supported for a "
                                  "Firehose");
        return NULL;
    }
    return found;
}

/* Checks the prefixes of an S3 description (and of the S3 descriptions it nests). */
static int check_prefixes(struct call *c, const cJSON *description)
{
    const cJSON *member;
    cJSON_ArrayForEach(member, description) {
        if (cJSON_IsObject(member) && member->string && is_s3_description(member->string) &&
            check_prefixes(c, member) != 0)
            return -1;
    }
    const char *prefix = param_string(description, "Prefix");
    const char *error_prefix = param_string(description, "ErrorOutputPrefix");
    const cJSON *dynamic =
        cJSON_GetObjectItemCaseSensitive(description, "DynamicPartitioningConfiguration");
    char why[256];
    if (!firehose_prefix_check(prefix, false, param_true(dynamic, "Enabled"), why, sizeof why) ||
        !firehose_prefix_check(error_prefix, true, false, why, sizeof why))
        return firehose_fail_argument(c, "%s", why);
    if (firehose_prefix_has_expressions(prefix) && (!error_prefix || !error_prefix[0]))
        return firehose_fail_argument(c, "ErrorOutputPrefix cannot be null or empty when Prefix "
                                         "contains expressions");
    return 0;
}

static int check_destination(struct call *c, cJSON *destination)
{
    return destination->child ? check_prefixes(c, destination->child) : 0;
}

/* ---- encryption ---- */

static int encryption_from_input(struct call *c, const cJSON *input, cJSON **out)
{
    const char *key_type = param_string(input, "KeyType");
    const char *key_arn = param_string(input, "KeyARN");
    if (key_type && strcmp(key_type, "CUSTOMER_MANAGED_CMK") == 0 && !key_arn)
        return firehose_fail_argument(c, "KeyARN must be provided when KeyType is "
                                         "CUSTOMER_MANAGED_CMK.");
    if (key_type && strcmp(key_type, "AWS_OWNED_CMK") == 0 && key_arn)
        return firehose_fail_argument(c, "KeyARN must not be provided when KeyType is "
                                         "AWS_OWNED_CMK.");
    cJSON *e = cJSON_CreateObject();
    if (key_arn)
        cJSON_AddStringToObject(e, "KeyARN", key_arn);
    cJSON_AddStringToObject(e, "KeyType", key_type ? key_type : "AWS_OWNED_CMK");
    cJSON_AddStringToObject(e, "Status", "ENABLED");
    *out = e;
    return 0;
}

static cJSON *encryption_disabled(void)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "Status", "DISABLED");
    return e;
}

/* ---- operations ---- */

OPERATION(firehose_create_delivery_stream)
{
    const char *name = param_string(in, "DeliveryStreamName");
    struct firehose_region *r = firehose_call_region(c);
    if (firehose_stream_find(r, name))
        return call_fail(c, 400, "ResourceInUseException",
                         "Firehose %s under accountId %s already exists", name,
                         c->route->account);
    const char *type = param_string(in, "DeliveryStreamType");
    if (!type)
        type = "DirectPut";
    const cJSON *kinesis_source = cJSON_GetObjectItemCaseSensitive(in,
                                                                   "KinesisStreamSourceConfiguration");
    if (kinesis_source && strcmp(type, "KinesisStreamAsSource") != 0)
        return firehose_fail_argument(c, "KinesisSourceStreamConfig is only applicable for "
                                         "KinesisStreamAsSource stream type.");
    const cJSON *encryption_input =
        cJSON_GetObjectItemCaseSensitive(in, "DeliveryStreamEncryptionConfigurationInput");
    if (encryption_input && strcmp(type, "DirectPut") != 0)
        return firehose_fail_argument(c, "Server-side encryption is only supported for delivery "
                                         "streams of type DirectPut.");
    const cJSON *config = NULL;
    const struct destination_type *dt = requested_destination(c, in, false, &config);
    if (!dt)
        return -1;
    if (r->n_streams >= firehose_stream_quota(r->region))
        return call_fail(c, 400, "LimitExceededException",
                         "You have already consumed your firehose quota of %zu hoses. Firehose "
                         "names: %s", firehose_stream_quota(r->region), name);
    cJSON *destination = cJSON_CreateObject();
    cJSON *description = cJSON_AddObjectToObject(destination, dt->description);
    merge_into(description, config);
    complete_description(description);
    if (check_destination(c, destination) != 0) {
        cJSON_Delete(destination);
        return -1;
    }
    cJSON *encryption = NULL;
    if (encryption_input && encryption_from_input(c, encryption_input, &encryption) != 0) {
        cJSON_Delete(destination);
        return -1;
    }
    cJSON *tags = NULL;
    const cJSON *requested_tags = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    if (requested_tags &&
        !(tags = tags_from_request(requested_tags, &firehose_tag_rules, name, c->err))) {
        cJSON_Delete(destination);
        cJSON_Delete(encryption);
        return -1;
    }
    struct firehose_stream *s = firehose_stream_add(r, name);
    snprintf(s->type, sizeof s->type, "%s", type);
    s->created = s->updated = firehose_now();
    s->destination = destination;
    s->encryption = encryption ? encryption : encryption_disabled();
    if (tags) {
        cJSON_Delete(s->tags);
        s->tags = tags;
    }
    if (kinesis_source) {
        s->source = cJSON_CreateObject();
        cJSON *k = cJSON_AddObjectToObject(s->source, "KinesisStreamSourceDescription");
        merge_into(k, kinesis_source);
        result_add_timestamp(k, "DeliveryStartTimestamp", s->created);
    }
    const cJSON *direct = cJSON_GetObjectItemCaseSensitive(in, "DirectPutSourceConfiguration");
    if (direct) {
        s->source = cJSON_CreateObject();
        merge_into(cJSON_AddObjectToObject(s->source, "DirectPutSourceDescription"), direct);
    }
    cJSON_AddStringToObject(out, "DeliveryStreamARN", s->arn);
    return 0;
}

OPERATION(firehose_describe_delivery_stream)
{
    struct firehose_stream *s = firehose_stream_for_call(c, in);
    if (!s)
        return -1;
    cJSON *d = cJSON_AddObjectToObject(out, "DeliveryStreamDescription");
    cJSON_AddStringToObject(d, "DeliveryStreamName", s->name);
    cJSON_AddStringToObject(d, "DeliveryStreamARN", s->arn);
    cJSON_AddStringToObject(d, "DeliveryStreamStatus", "ACTIVE");
    if (s->encryption)
        cJSON_AddItemToObject(d, "DeliveryStreamEncryptionConfiguration",
                              cJSON_Duplicate(s->encryption, true));
    cJSON_AddStringToObject(d, "DeliveryStreamType", s->type);
    char version[24];
    snprintf(version, sizeof version, "%lu", s->version);
    cJSON_AddStringToObject(d, "VersionId", version);
    result_add_timestamp(d, "CreateTimestamp", s->created);
    result_add_timestamp(d, "LastUpdateTimestamp", s->updated);
    if (s->source)
        cJSON_AddItemToObject(d, "Source", cJSON_Duplicate(s->source, true));
    cJSON *destinations = cJSON_AddArrayToObject(d, "Destinations");
    const char *after = param_string(in, "ExclusiveStartDestinationId");
    if (!after || strcmp(after, DESTINATION_ID) < 0) {
        cJSON *entry = cJSON_Duplicate(s->destination, true);
        cJSON_AddStringToObject(entry, "DestinationId", DESTINATION_ID);
        /* An ExtendedS3 destination is an S3 destination too, and shows as both. */
        const cJSON *extended =
            cJSON_GetObjectItemCaseSensitive(entry, "ExtendedS3DestinationDescription");
        if (extended) {
            static const char *const common[] = {
                "RoleARN", "BucketARN", "Prefix", "ErrorOutputPrefix", "BufferingHints",
                "CompressionFormat", "EncryptionConfiguration", "CloudWatchLoggingOptions"};
            cJSON *plain = cJSON_AddObjectToObject(entry, "S3DestinationDescription");
            for (size_t i = 0; i < sizeof common / sizeof *common; i++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(extended, common[i]);
                if (v)
                    cJSON_AddItemToObject(plain, common[i], cJSON_Duplicate(v, true));
            }
        }
        cJSON_AddItemToArray(destinations, entry);
    }
    cJSON_AddBoolToObject(d, "HasMoreDestinations", false);
    return 0;
}

OPERATION(firehose_list_delivery_streams)
{
    struct firehose_region *r = firehose_call_region(c);
    long long limit = param_int(in, "Limit", 10);
    const char *type = param_string(in, "DeliveryStreamType");
    const char *after = param_string(in, "ExclusiveStartDeliveryStreamName");
    cJSON *names = cJSON_AddArrayToObject(out, "DeliveryStreamNames");
    bool more = false;
    long long listed = 0;
    for (size_t i = 0; i < r->n_streams; i++) {
        const struct firehose_stream *s = r->streams[i];
        if ((type && strcmp(s->type, type) != 0) || (after && strcmp(s->name, after) <= 0))
            continue;
        if (listed == limit) {
            more = true;
            break;
        }
        cJSON_AddItemToArray(names, cJSON_CreateString(s->name));
        listed++;
    }
    cJSON_AddBoolToObject(out, "HasMoreDeliveryStreams", more);
    return 0;
}

OPERATION(firehose_delete_delivery_stream)
{
    (void)out;
    struct firehose_stream *s = firehose_stream_for_call(c, in);
    if (!s)
        return -1;
    firehose_stream_remove(s->owner, s);
    return 0;
}

/* The description an update of type dt turns the current one into: merged when the type stays
 * (S3 and ExtendedS3 count as one), replaced otherwise. NULL after failing the call. */
static cJSON *updated_destination(struct call *c, const struct firehose_stream *s,
                                  const struct destination_type *dt, const cJSON *update)
{
    const cJSON *current = s->destination->child;
    const char *current_type = current ? current->string : "";
    bool to_http = strcmp(dt->description, "HttpEndpointDestinationDescription") == 0;
    bool from_http = strcmp(current_type, "HttpEndpointDestinationDescription") == 0;
    if (to_http != from_http) {
        firehose_fail_argument(c, "Changing the destination type to or from HttpEndpoint is not "
                                  "supported at this time.");
        return NULL;
    }
    bool current_s3 = is_s3_description(current_type);
    bool update_s3 = is_s3_description(dt->description);
    cJSON *destination = cJSON_CreateObject();
    const char *kept_type = dt->description;
    if (current_s3 && update_s3 && strcmp(current_type, "ExtendedS3DestinationDescription") == 0)
        kept_type = current_type; /* plain S3 updates of an ExtendedS3 destination keep it */
    cJSON *description = cJSON_AddObjectToObject(destination, kept_type);
    if (strcmp(current_type, dt->description) == 0 || (current_s3 && update_s3))
        merge_into(description, current);
    merge_into(description, update);
    complete_description(description);
    return destination;
}

OPERATION(firehose_update_destination)
{
    (void)out;
    const char *name = param_string(in, "DeliveryStreamName");
    struct firehose_stream *s = firehose_stream_find(firehose_call_region(c), name);
    if (!s)
        return call_fail_resource_not_found(c, "Firehose %s under accountId %s not found.", name,
                                            c->route->account);
    const cJSON *update = NULL;
    const struct destination_type *dt = requested_destination(c, in, true, &update);
    if (!dt)
        return -1;
    const char *version = param_string(in, "CurrentDeliveryStreamVersionId");
    char current[24];
    snprintf(current, sizeof current, "%lu", s->version);
    if (!version || strcmp(version, current) != 0)
        return call_fail(c, 400, "ConcurrentModificationException",
                         "Cannot update firehose: %s since the current version id: %s and "
                         "specified version id: %s do not match", s->name, current,
                         version ? version : "");
    const char *id = param_string(in, "DestinationId");
    if (!id || strcmp(id, DESTINATION_ID) != 0)
        return firehose_fail_argument(c, "Destination Id %s not found", id ? id : "");
    cJSON *destination = updated_destination(c, s, dt, update);
    if (!destination)
        return -1;
    if (check_destination(c, destination) != 0) {
        cJSON_Delete(destination);
        return -1;
    }
    /* Records buffered under the old destination go out under it. */
    firehose_delivery_flush(s);
    cJSON_Delete(s->destination);
    s->destination = destination;
    s->version++;
    s->updated = firehose_now();
    return 0;
}

OPERATION(firehose_start_delivery_stream_encryption)
{
    (void)out;
    struct firehose_stream *s = firehose_stream_for_call(c, in);
    if (!s)
        return -1;
    if (strcmp(s->type, "DirectPut") != 0)
        return firehose_fail_argument(c, "Server-side encryption is only supported for delivery "
                                         "streams of type DirectPut.");
    cJSON *encryption;
    const cJSON *input =
        cJSON_GetObjectItemCaseSensitive(in, "DeliveryStreamEncryptionConfigurationInput");
    if (encryption_from_input(c, input, &encryption) != 0)
        return -1;
    cJSON_Delete(s->encryption);
    s->encryption = encryption ? encryption : encryption_disabled();
    return 0;
}

OPERATION(firehose_stop_delivery_stream_encryption)
{
    (void)out;
    struct firehose_stream *s = firehose_stream_for_call(c, in);
    if (!s)
        return -1;
    if (strcmp(s->type, "DirectPut") != 0)
        return firehose_fail_argument(c, "Server-side encryption is only supported for delivery "
                                         "streams of type DirectPut.");
    cJSON_Delete(s->encryption);
    s->encryption = encryption_disabled();
    return 0;
}
