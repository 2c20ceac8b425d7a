/* API destinations: CreateApiDestination, DescribeApiDestination, ListApiDestinations,
 * UpdateApiDestination, DeleteApiDestination, and sending an event to one: the target's input
 * goes to InvocationEndpoint (each '*' of it replaced by the next of the target's
 * PathParameterValues) with the connection's and the target's headers and query parameters and
 * the connection's credentials (API key header, or Basic authorization), through the HTTP client
 * of the event loop — which reaches local and private addresses only. */
#include "api_destinations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../http/http_client.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/json_array.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "../secretsmanager/service_secret.h"
#include "buses.h"
#include "connections.h"
#include "ops.h"

#define DEFAULT_RATE_LIMIT 300
#define MAX_HEADERS 32

/* Owner of the requests in flight, so that a reset abandons them. */
static const char requests_owner;

void api_destinations_abort(void)
{
    http_client_abort_owner(&requests_owner);
}

static cJSON *destination_named(const struct events_region *r, const char *name)
{
    cJSON *d;
    cJSON_ArrayForEach(d, r->api_destinations) {
        if (strcmp(param_string(d, "Name"), name) == 0)
            return d;
    }
    return NULL;
}

static cJSON *destination_for_call(struct call *c, const char *name)
{
    cJSON *d = destination_named(events_state(c), name);
    if (!d)
        call_fail_resource_not_found(c, "An api-destination '%s' does not exist.", name);
    return d;
}

static void set_member(cJSON *obj, const char *name, cJSON *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    cJSON_AddItemToObject(obj, name, value);
}

/* Fails the call when the connection arn names is missing. */
static int check_connection(struct call *c, const char *arn)
{
    if (connection_from_arn(arn))
        return 0;
    const char *slash = arn ? strchr(arn, '/') : NULL;
    char name[256] = "";
    if (slash) {
        snprintf(name, sizeof name, "%s", slash + 1);
        char *end = strchr(name, '/');
        if (end)
            *end = '\0';
    }
    return call_fail_resource_not_found(c, "Connection '%s' does not exist.",
                                        name[0] ? name : (arn ? arn : ""));
}

static void answer_summary(cJSON *out, const cJSON *d)
{
    cJSON_AddStringToObject(out, "ApiDestinationArn", param_string(d, "ApiDestinationArn"));
    cJSON_AddStringToObject(out, "ApiDestinationState", param_string(d, "ApiDestinationState"));
    result_add_timestamp(out, "CreationTime", param_number(d, "CreationTime", 0));
    result_add_timestamp(out, "LastModifiedTime", param_number(d, "LastModifiedTime", 0));
}

static const char *const settable[] = {"Description", "ConnectionArn", "InvocationEndpoint",
                                       "HttpMethod", "InvocationRateLimitPerSecond"};

OPERATION(events_create_api_destination)
{
    struct events_region *r = events_state(c);
    const char *name = param_string(in, "Name");
    if (destination_named(r, name))
        return call_fail(c, 400, "ResourceAlreadyExistsException",
                         "An api-destination '%s' already exists.", name);
    if (check_connection(c, param_string(in, "ConnectionArn")) != 0)
        return -1;
    cJSON *d = cJSON_CreateObject();
    char id[37];
    uuid_new(id);
    char *arn = arn_build("events", r->region, r->account, "api-destination/%s/%s", name, id);
    cJSON_AddStringToObject(d, "ApiDestinationArn", arn);
    free(arn);
    cJSON_AddStringToObject(d, "Name", name);
    cJSON_AddStringToObject(d, "ApiDestinationState", "ACTIVE");
    for (size_t i = 0; i < sizeof settable / sizeof settable[0]; i++) {
        cJSON *value = param_copy(in, settable[i]);
        if (value)
            cJSON_AddItemToObject(d, settable[i], value);
    }
    if (!cJSON_GetObjectItemCaseSensitive(d, "InvocationRateLimitPerSecond"))
        cJSON_AddNumberToObject(d, "InvocationRateLimitPerSecond", DEFAULT_RATE_LIMIT);
    double now = events_now();
    cJSON_AddNumberToObject(d, "CreationTime", now);
    cJSON_AddNumberToObject(d, "LastModifiedTime", now);
    json_sorted_insert(r->api_destinations, d, "Name");
    answer_summary(out, d);
    return 0;
}

OPERATION(events_describe_api_destination)
{
    const cJSON *d = destination_for_call(c, param_string(in, "Name"));
    if (!d)
        return -1;
    const cJSON *member;
    cJSON_ArrayForEach(member, d)
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, 1));
    return 0;
}

OPERATION(events_list_api_destinations)
{
    long limit, start, seen = 0;
    if (events_read_page(c, in, &limit, &start) != 0)
        return -1;
    const char *prefix = param_string(in, "NamePrefix");
    const char *connection = param_string(in, "ConnectionArn");
    cJSON *list = cJSON_AddArrayToObject(out, "ApiDestinations");
    const cJSON *d;
    cJSON_ArrayForEach(d, events_state(c)->api_destinations) {
        const char *name = param_string(d, "Name");
        if ((prefix && strncmp(name, prefix, strlen(prefix)) != 0) ||
            (connection && strcmp(param_string(d, "ConnectionArn"), connection) != 0))
            continue;
        cJSON *entry = cJSON_Duplicate(d, 1);
        cJSON_DeleteItemFromObjectCaseSensitive(entry, "Description");
        if (!events_page_add(out, list, entry, &seen, start, limit))
            break;
    }
    return 0;
}

OPERATION(events_update_api_destination)
{
    cJSON *d = destination_for_call(c, param_string(in, "Name"));
    if (!d)
        return -1;
    const char *connection = param_string(in, "ConnectionArn");
    if (connection && check_connection(c, connection) != 0)
        return -1;
    for (size_t i = 0; i < sizeof settable / sizeof settable[0]; i++) {
        cJSON *value = param_copy(in, settable[i]);
        if (value)
            set_member(d, settable[i], value);
    }
    set_member(d, "LastModifiedTime", cJSON_CreateNumber(events_now()));
    answer_summary(out, d);
    return 0;
}

OPERATION(events_delete_api_destination)
{
    (void)out;
    cJSON *d = destination_for_call(c, param_string(in, "Name"));
    if (!d)
        return -1;
    cJSON_Delete(cJSON_DetachItemViaPointer(events_state(c)->api_destinations, d));
    return 0;
}

/* ---- invocation ---- */

static const cJSON *destination_from_arn(const char *arn_text)
{
    struct arn arn;
    if (!arn_parse(arn_text, &arn))
        return NULL;
    struct events_region *r = events_region_find(arn.account, arn.region);
    const cJSON *list = r ? r->api_destinations : NULL;
    const cJSON *d;
    cJSON_ArrayForEach(d, list) {
        if (strcmp(param_string(d, "ApiDestinationArn"), arn_text) == 0)
            return d;
    }
    return NULL;
}

/* The endpoint with its '*' replaced by the path parameter values, in order. */
static void fill_path(const char *endpoint, const cJSON *values, struct buf *url)
{
    const cJSON *next = values ? values->child : NULL;
    for (const char *p = endpoint; *p; p++) {
        if (*p == '*' && next) {
            if (cJSON_IsString(next))
                buf_puts(url, next->valuestring);
            next = next->next;
        } else {
            buf_append(url, p, 1);
        }
    }
}

static void add_query(struct buf *url, bool *first, const char *key, const char *value)
{
    buf_puts(url, *first && !strchr(url->data ? url->data : "", '?') ? "?" : "&");
    *first = false;
    percent_encode(key, strlen(key), false, url);
    buf_puts(url, "=");
    percent_encode(value, strlen(value), false, url);
}

struct headers {
    struct http_client_header list[MAX_HEADERS];
    size_t count;
};

static void add_header(struct headers *h, const char *name, const char *value)
{
    if (h->count < MAX_HEADERS && name && value)
        h->list[h->count++] = (struct http_client_header){name, value};
}

/* The connection's invocation parameters (from its secret, {key, value} lists): headers and
 * query parameters. */
static void add_connection_parameters(const cJSON *secret, struct headers *h, struct buf *url,
                                      bool *first)
{
    const cJSON *invocation = cJSON_GetObjectItemCaseSensitive(secret,
                                                               "invocation_http_parameters");
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(invocation, "header_parameters"))
        add_header(h, param_string(p, "key"), param_string(p, "value"));
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(invocation,
                                                           "query_string_parameters")) {
        const char *key = param_string(p, "key"), *value = param_string(p, "value");
        if (key && value)
            add_query(url, first, key, value);
    }
}

int api_destination_invoke(const char *arn, const cJSON *target, const char *input, char *reason,
                           size_t size)
{
    const cJSON *d = destination_from_arn(arn);
    if (!d) {
        snprintf(reason, size, "The API destination %s does not exist.", arn);
        return -1;
    }
    const cJSON *conn = connection_from_arn(param_string(d, "ConnectionArn"));
    if (!conn || strcmp(param_string(conn, "ConnectionState"), "AUTHORIZED") != 0) {
        snprintf(reason, size, "The connection of the API destination is not authorized.");
        return -1;
    }
    cJSON *secret = cJSON_Parse(service_secret_value(param_string(conn, "SecretArn")));
    const cJSON *http = cJSON_GetObjectItemCaseSensitive(target, "HttpParameters");
    struct buf url = BUF_INIT;
    fill_path(param_string(d, "InvocationEndpoint"),
              cJSON_GetObjectItemCaseSensitive(http, "PathParameterValues"), &url);
    bool first = true;
    struct headers h = {.count = 0};
    add_header(&h, "Content-Type", "application/json; charset=utf-8");
    add_header(&h, "User-Agent", "Amazon/EventBridge/ApiDestinations");
    add_connection_parameters(secret, &h, &url, &first);
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(http, "HeaderParameters"))
        if (cJSON_IsString(p))
            add_header(&h, p->string, p->valuestring);
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(http, "QueryStringParameters"))
        if (cJSON_IsString(p))
            add_query(&url, &first, p->string, p->valuestring);
    const char *type = param_string(conn, "AuthorizationType");
    struct buf basic = BUF_INIT;
    if (type && strcmp(type, "API_KEY") == 0) {
        add_header(&h, param_string(secret, "api_key_name"), param_string(secret, "api_key_value"));
    } else if (type && strcmp(type, "BASIC") == 0) {
        struct buf pair = BUF_INIT;
        const char *user = param_string(secret, "username");
        const char *password = param_string(secret, "password");
        buf_printf(&pair, "%s:%s", user ? user : "", password ? password : "");
        buf_puts(&basic, "Basic ");
        base64_encode(pair.data, pair.len, &basic);
        buf_free(&pair);
        add_header(&h, "Authorization", basic.data);
    }
    const char *method = param_string(d, "HttpMethod");
    bool with_body = strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
                     strcmp(method, "DELETE") != 0 && strcmp(method, "OPTIONS") != 0;
    struct http_client_request req = {
        .method = method,
        .url = url.data ? url.data : "",
        .headers = h.list,
        .header_count = h.count,
        .body = with_body ? input : NULL,
        .body_len = with_body ? strlen(input) : 0,
        .owner = &requests_owner,
    };
    bool started = http_client_start(&req);
    if (!started)
        snprintf(reason, size, "The endpoint %.200s cannot be reached.", url.data ? url.data : "");
    buf_free(&basic);
    buf_free(&url);
    cJSON_Delete(secret);
    return started ? 0 : -1;
}
