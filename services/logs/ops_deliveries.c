/* Vended log deliveries: delivery sources (an AWS resource that sends logs of one type),
 * delivery destinations (a bucket, log group, Firehose stream or X-Ray) with their access
 * policies, and the deliveries pairing one source with one destination. motoc keeps and checks
 * the configuration; no service of its own emits vended logs. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "../core/tags.h"
#include "deliveries.h"
#include "group_tags.h"
#include "groups.h"
#include "ops.h"

/* The services AWS lets send vended logs, by the service part of their resource ARNs, and the
 * log types each may send (PutDeliverySource's documentation). */
static const struct log_source_service {
    const char *service;
    const char *log_types[6];
} log_source_services[] = {
    {"bedrock", {"APPLICATION_LOGS", "EVENT_LOGS"}},
    {"bedrock-agentcore", {"APPLICATION_LOGS", "USAGE_LOGS", "TRACES"}},
    {"cloudfront", {"ACCESS_LOGS"}},
    {"codewhisperer", {"EVENT_LOGS"}},
    {"ec2", {"EVENT_LOGS"}},
    {"eks", {"AUTO_MODE_BLOCK_STORAGE_LOGS", "AUTO_MODE_COMPUTE_LOGS", "AUTO_MODE_IPAM_LOGS",
             "AUTO_MODE_LOAD_BALANCING_LOGS"}},
    {"elasticloadbalancing", {"NLB_ACCESS_LOGS"}},
    {"entityresolution", {"WORKFLOW_LOGS"}},
    {"mediapackage", {"EGRESS_ACCESS_LOGS", "INGRESS_ACCESS_LOGS"}},
    {"mediapackagev2", {"EGRESS_ACCESS_LOGS", "INGRESS_ACCESS_LOGS"}},
    {"mediatailor", {"AD_DECISION_SERVER_LOGS", "MANIFEST_SERVICE_LOGS", "TRANSCODE_LOGS"}},
    {"network-firewall", {"ALERT_LOGS", "ALLOW_LOGS", "DENY_LOGS"}},
    {"pcs", {"PCS_SCHEDULER_LOGS", "PCS_JOBCOMP_LOGS", "PCS_SCHEDULER_AUDIT_LOGS"}},
    {"qbusiness", {"EVENT_LOGS", "SYNC_JOB_LOGS"}},
    {"quicksight", {"CHAT_LOGS", "FEEDBACK_LOGS"}},
    {"rtbfabric", {"APPLICATION_LOGS"}},
    {"securityhub", {"SECURITY_FINDING_LOGS"}},
    {"ses", {"APPLICATION_LOGS", "TRAFFIC_POLICY_DEBUG_LOGS"}},
    {"sso", {"ERROR_LOGS"}},
    {"workmail", {"ACCESS_CONTROL_LOGS", "AUTHENTICATION_LOGS",
                  "WORKMAIL_AVAILABILITY_PROVIDER_LOGS", "WORKMAIL_MAILBOX_ACCESS_LOGS",
                  "WORKMAIL_PERSONAL_ACCESS_TOKEN_LOGS"}},
};

static const struct log_source_service *log_source_service(const char *service)
{
    for (size_t i = 0; i < sizeof log_source_services / sizeof log_source_services[0]; i++)
        if (strcmp(log_source_services[i].service, service) == 0)
            return &log_source_services[i];
    return NULL;
}

static bool sends_log_type(const struct log_source_service *s, const char *log_type)
{
    for (size_t i = 0; i < sizeof s->log_types / sizeof s->log_types[0] && s->log_types[i]; i++)
        if (strcmp(s->log_types[i], log_type) == 0)
            return true;
    return false;
}

/* The destination type a resource ARN names: S3, CWL or FH; NULL for any other service. */
static const char *destination_type_of(const char *resource_arn)
{
    struct arn arn;
    if (!arn_parse(resource_arn, &arn))
        return NULL;
    if (strcmp(arn.service, "s3") == 0)
        return "S3";
    if (strcmp(arn.service, "logs") == 0 && strncmp(arn.resource, "log-group:", 10) == 0)
        return "CWL";
    if (strcmp(arn.service, "firehose") == 0 && strncmp(arn.resource, "deliverystream/", 15) == 0)
        return "FH";
    return NULL;
}

/* An entry as the API answers it: its public members and its tags as a map. */
static cJSON *present_with_tags(const cJSON *entry)
{
    cJSON *copy = json_public_copy(entry);
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(entry, "_tags");
    if (cJSON_GetArraySize(tags) > 0)
        cJSON_AddItemToObject(copy, "tags", tags_to_map(tags));
    return copy;
}

/* Reads the request's tags for a new entry into "_tags"; -1 after failing the call. */
static int add_request_tags(struct call *c, const cJSON *in, cJSON *entry, const char *name)
{
    const cJSON *tags_in = cJSON_GetObjectItemCaseSensitive(in, "tags");
    cJSON *tags = tags_in ? log_group_tags_from_request(c, tags_in, name) : cJSON_CreateArray();
    if (!tags)
        return -1;
    cJSON_AddItemToObject(entry, "_tags", tags);
    return 0;
}

static void set_string(cJSON *obj, const char *member, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, member);
    if (value)
        cJSON_AddStringToObject(obj, member, value);
}

static void set_copy(cJSON *obj, const cJSON *in, const char *member)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, member);
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(in, member);
    if (value)
        cJSON_AddItemToObject(obj, member, cJSON_Duplicate(value, 1));
}

static int fail_validation(struct call *c, const char *message)
{
    return call_fail(c, 400, "ValidationException", "%s", message);
}

static int fail_conflict(struct call *c, const char *message)
{
    return call_fail(c, 409, "ConflictException", "%s", message);
}

/* ---- delivery sources ---- */

static bool source_in_use(const struct logs_region *r, const char *name)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, r->deliveries) {
        if (strcmp(param_string(d, "deliverySourceName"), name) == 0)
            return true;
    }
    return false;
}

OPERATION(logs_put_delivery_source)
{
    struct logs_region *r = logs_state(c);
    const char *name = param_string(in, "name");
    const char *resource_arn = param_string(in, "resourceArn");
    const char *log_type = param_string(in, "logType");
    struct arn arn;
    const struct log_source_service *service =
        arn_parse(resource_arn, &arn) ? log_source_service(arn.service) : NULL;
    if (!service)
        return call_fail_resource_not_found(c, "The resource %s cannot send vended logs.",
                                            resource_arn);
    if (!sends_log_type(service, log_type))
        return fail_validation(c, "The log type is not supported by the resource's service.");
    cJSON *source = entry_named(r->delivery_sources, "name", name);
    if (source) {
        const cJSON *arns = cJSON_GetObjectItemCaseSensitive(source, "resourceArns");
        const char *current = cJSON_GetStringValue(cJSON_GetArrayItem(arns, 0));
        if (!current || strcmp(current, resource_arn) != 0)
            return fail_conflict(c, "A delivery source's resource ARN cannot be changed.");
        if (strcmp(param_string(source, "logType"), log_type) != 0 && source_in_use(r, name))
            return fail_conflict(c, "The log type of a delivery source used by a delivery "
                                    "cannot be changed.");
        set_string(source, "logType", log_type);
        set_copy(source, in, "deliverySourceConfiguration");
    } else {
        source = cJSON_CreateObject();
        if (add_request_tags(c, in, source, name) != 0) {
            cJSON_Delete(source);
            return -1;
        }
        cJSON_AddStringToObject(source, "name", name);
        char *own_arn = arn_build("logs", c->route->region, c->route->account,
                                  "delivery-source:%s", name);
        cJSON_AddStringToObject(source, "arn", own_arn);
        free(own_arn);
        cJSON *arns = cJSON_AddArrayToObject(source, "resourceArns");
        cJSON_AddItemToArray(arns, cJSON_CreateString(resource_arn));
        cJSON_AddStringToObject(source, "service", arn.service);
        cJSON_AddStringToObject(source, "logType", log_type);
        set_copy(source, in, "deliverySourceConfiguration");
        json_sorted_insert(r->delivery_sources, source, "name");
    }
    cJSON_AddItemToObject(out, "deliverySource", present_with_tags(source));
    return 0;
}

OPERATION(logs_get_delivery_source)
{
    const cJSON *source = entry_named(logs_state(c)->delivery_sources, "name",
                                      param_string(in, "name"));
    if (!source)
        return call_fail_resource_not_found(c, "The specified delivery source does not exist.");
    cJSON_AddItemToObject(out, "deliverySource", present_with_tags(source));
    return 0;
}

OPERATION(logs_describe_delivery_sources)
{
    cJSON *list = cJSON_AddArrayToObject(out, "deliverySources");
    return logs_list_page(c, in, logs_state(c)->delivery_sources, "name", NULL, present_with_tags,
                          list, out, 50);
}

OPERATION(logs_delete_delivery_source)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    const char *name = param_string(in, "name");
    if (!entry_named(r->delivery_sources, "name", name))
        return call_fail_resource_not_found(c, "The specified delivery source does not exist.");
    if (source_in_use(r, name))
        return fail_conflict(c, "The delivery source is used by a delivery: delete the delivery "
                                "first.");
    sorted_remove(r->delivery_sources, "name", name);
    return 0;
}

/* ---- delivery destinations ---- */

static bool destination_in_use(const struct logs_region *r, const char *arn)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, r->deliveries) {
        if (strcmp(param_string(d, "deliveryDestinationArn"), arn) == 0)
            return true;
    }
    return false;
}

/* The type the request's destination is: from its resource ARN, or XRAY when it names none. */
static const char *requested_destination_type(struct call *c, const cJSON *in)
{
    const char *asked = param_string(in, "deliveryDestinationType");
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(in, "deliveryDestinationConfiguration");
    const char *resource_arn = param_string(config, "destinationResourceArn");
    if (!resource_arn) {
        if (asked && strcmp(asked, "XRAY") == 0)
            return asked;
        fail_validation(c, "A deliveryDestinationConfiguration is required unless the "
                           "deliveryDestinationType is XRAY.");
        return NULL;
    }
    const char *type = destination_type_of(resource_arn);
    if (!type) {
        fail_validation(c, "The destination resource must be an S3 bucket, a CloudWatch Logs log "
                           "group or a Firehose delivery stream.");
        return NULL;
    }
    if (asked && strcmp(asked, type) != 0) {
        fail_validation(c, "The deliveryDestinationType does not match the destination resource.");
        return NULL;
    }
    return type;
}

OPERATION(logs_put_delivery_destination)
{
    struct logs_region *r = logs_state(c);
    const char *name = param_string(in, "name");
    const char *type = requested_destination_type(c, in);
    if (!type)
        return -1;
    const char *format = param_string(in, "outputFormat");
    cJSON *dest = entry_named(r->delivery_destinations, "name", name);
    if (dest) {
        if (strcmp(param_string(dest, "deliveryDestinationType"), type) != 0)
            return fail_conflict(c, "A delivery destination's type cannot be changed.");
        const char *current = param_string(dest, "outputFormat");
        if (format && (!current || strcmp(current, format) != 0))
            return fail_validation(c, "A delivery destination's outputFormat cannot be changed.");
    } else {
        dest = cJSON_CreateObject();
        if (add_request_tags(c, in, dest, name) != 0) {
            cJSON_Delete(dest);
            return -1;
        }
        cJSON_AddStringToObject(dest, "name", name);
        char *arn = arn_build("logs", c->route->region, c->route->account,
                              "delivery-destination:%s", name);
        cJSON_AddStringToObject(dest, "arn", arn);
        free(arn);
        cJSON_AddStringToObject(dest, "deliveryDestinationType", type);
        set_string(dest, "outputFormat", format);
        json_sorted_insert(r->delivery_destinations, dest, "name");
    }
    set_copy(dest, in, "deliveryDestinationConfiguration");
    cJSON_AddItemToObject(out, "deliveryDestination", present_with_tags(dest));
    return 0;
}

static cJSON *destination_for_call(struct call *c, const char *name)
{
    cJSON *dest = entry_named(logs_state(c)->delivery_destinations, "name", name);
    if (!dest)
        call_fail_resource_not_found(c, "The specified delivery destination does not exist.");
    return dest;
}

OPERATION(logs_get_delivery_destination)
{
    const cJSON *dest = destination_for_call(c, param_string(in, "name"));
    if (!dest)
        return -1;
    cJSON_AddItemToObject(out, "deliveryDestination", present_with_tags(dest));
    return 0;
}

OPERATION(logs_describe_delivery_destinations)
{
    cJSON *list = cJSON_AddArrayToObject(out, "deliveryDestinations");
    return logs_list_page(c, in, logs_state(c)->delivery_destinations, "name", NULL,
                          present_with_tags, list, out, 50);
}

OPERATION(logs_delete_delivery_destination)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    const char *name = param_string(in, "name");
    const cJSON *dest = destination_for_call(c, name);
    if (!dest)
        return -1;
    if (destination_in_use(r, param_string(dest, "arn")))
        return fail_conflict(c, "The delivery destination is used by a delivery: delete the "
                                "delivery first.");
    sorted_remove(r->delivery_destinations, "name", name);
    return 0;
}

OPERATION(logs_put_delivery_destination_policy)
{
    cJSON *dest = destination_for_call(c, param_string(in, "deliveryDestinationName"));
    if (!dest)
        return -1;
    const char *policy = param_string(in, "deliveryDestinationPolicy");
    cJSON *parsed = cJSON_Parse(policy);
    bool is_object = cJSON_IsObject(parsed);
    cJSON_Delete(parsed);
    if (!is_object)
        return fail_validation(c, "The delivery destination policy is not a valid JSON policy "
                                  "document.");
    set_string(dest, "_policy", policy);
    cJSON *answer = cJSON_AddObjectToObject(out, "policy");
    cJSON_AddStringToObject(answer, "deliveryDestinationPolicy", policy);
    return 0;
}

OPERATION(logs_get_delivery_destination_policy)
{
    const cJSON *dest = destination_for_call(c, param_string(in, "deliveryDestinationName"));
    if (!dest)
        return -1;
    cJSON *answer = cJSON_AddObjectToObject(out, "policy");
    const char *policy = param_string(dest, "_policy");
    if (policy)
        cJSON_AddStringToObject(answer, "deliveryDestinationPolicy", policy);
    return 0;
}

OPERATION(logs_delete_delivery_destination_policy)
{
    (void)out;
    cJSON *dest = destination_for_call(c, param_string(in, "deliveryDestinationName"));
    if (!dest)
        return -1;
    if (!cJSON_GetObjectItemCaseSensitive(dest, "_policy"))
        return call_fail_resource_not_found(c, "The delivery destination has no policy.");
    cJSON_DeleteItemFromObjectCaseSensitive(dest, "_policy");
    return 0;
}

/* ---- deliveries ---- */

/* Checks recordFields, fieldDelimiter and s3DeliveryConfiguration against the destination
 * type and stores them on delivery; -1 after failing the call. */
static int set_delivery_configuration(struct call *c, const cJSON *in, cJSON *delivery)
{
    const cJSON *s3 = cJSON_GetObjectItemCaseSensitive(in, "s3DeliveryConfiguration");
    if (s3 && strcmp(param_string(delivery, "deliveryDestinationType"), "S3") != 0)
        return fail_validation(c, "s3DeliveryConfiguration applies only to deliveries to S3.");
    const char *suffix = param_string(s3, "suffixPath");
    if (suffix && suffix[0] == '/')
        return fail_validation(c, "The suffixPath must not start with '/'.");
    static const char *const members[] = {"recordFields", "fieldDelimiter",
                                          "s3DeliveryConfiguration"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        if (cJSON_GetObjectItemCaseSensitive(in, members[i]))
            set_copy(delivery, in, members[i]);
    return 0;
}

static const cJSON *destination_by_arn(const struct logs_region *r, const char *arn)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, r->delivery_destinations) {
        if (strcmp(param_string(d, "arn"), arn) == 0)
            return d;
    }
    return NULL;
}

static void new_delivery_id(char out[17])
{
    random_hex_upper(out, 16);
    for (int i = 0; i < 16; i++)
        out[i] = (char)tolower((unsigned char)out[i]);
    out[16] = '\0';
}

OPERATION(logs_create_delivery)
{
    struct logs_region *r = logs_state(c);
    const char *source_name = param_string(in, "deliverySourceName");
    const char *dest_arn = param_string(in, "deliveryDestinationArn");
    const cJSON *source = entry_named(r->delivery_sources, "name", source_name);
    if (!source)
        return call_fail_resource_not_found(c, "The specified delivery source does not exist.");
    const cJSON *dest = destination_by_arn(r, dest_arn);
    if (!dest)
        return call_fail_resource_not_found(c, "The specified delivery destination does not "
                                               "exist.");
    const cJSON *d;
    cJSON_ArrayForEach(d, r->deliveries) {
        if (strcmp(param_string(d, "deliverySourceName"), source_name) == 0 &&
            strcmp(param_string(d, "deliveryDestinationArn"), dest_arn) == 0)
            return fail_conflict(c, "A delivery from this source to this destination already "
                                    "exists.");
    }
    char id[17];
    new_delivery_id(id);
    cJSON *delivery = cJSON_CreateObject();
    cJSON_AddStringToObject(delivery, "id", id);
    char *arn = arn_build("logs", c->route->region, c->route->account, "delivery:%s", id);
    cJSON_AddStringToObject(delivery, "arn", arn);
    free(arn);
    cJSON_AddStringToObject(delivery, "deliverySourceName", source_name);
    cJSON_AddStringToObject(delivery, "deliveryDestinationArn", dest_arn);
    cJSON_AddStringToObject(delivery, "deliveryDestinationType",
                            param_string(dest, "deliveryDestinationType"));
    if (set_delivery_configuration(c, in, delivery) != 0 ||
        add_request_tags(c, in, delivery, id) != 0) {
        cJSON_Delete(delivery);
        return -1;
    }
    json_sorted_insert(r->deliveries, delivery, "id");
    cJSON_AddItemToObject(out, "delivery", present_with_tags(delivery));
    return 0;
}

static cJSON *delivery_for_call(struct call *c, const char *id)
{
    cJSON *delivery = entry_named(logs_state(c)->deliveries, "id", id);
    if (!delivery)
        call_fail_resource_not_found(c, "The specified delivery does not exist.");
    return delivery;
}

OPERATION(logs_get_delivery)
{
    const cJSON *delivery = delivery_for_call(c, param_string(in, "id"));
    if (!delivery)
        return -1;
    cJSON_AddItemToObject(out, "delivery", present_with_tags(delivery));
    return 0;
}

OPERATION(logs_describe_deliveries)
{
    cJSON *list = cJSON_AddArrayToObject(out, "deliveries");
    return logs_list_page(c, in, logs_state(c)->deliveries, "id", NULL, present_with_tags, list,
                          out, 50);
}

OPERATION(logs_update_delivery_configuration)
{
    (void)out;
    cJSON *delivery = delivery_for_call(c, param_string(in, "id"));
    return delivery ? set_delivery_configuration(c, in, delivery) : -1;
}

OPERATION(logs_delete_delivery)
{
    (void)out;
    const char *id = param_string(in, "id");
    if (!delivery_for_call(c, id))
        return -1;
    sorted_remove(logs_state(c)->deliveries, "id", id);
    return 0;
}

cJSON *delivery_tags_of(const struct logs_region *r, const char *resource)
{
    static const char *const prefixes[] = {"delivery-source:", "delivery-destination:",
                                           "delivery:"};
    static const char *const keys[] = {"name", "name", "id"};
    const cJSON *lists[] = {r->delivery_sources, r->delivery_destinations, r->deliveries};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t len = strlen(prefixes[i]);
        if (strncmp(resource, prefixes[i], len) == 0) {
            cJSON *owner = entry_named(lists[i], keys[i], resource + len);
            return owner ? cJSON_GetObjectItemCaseSensitive(owner, "_tags") : NULL;
        }
    }
    return NULL;
}
