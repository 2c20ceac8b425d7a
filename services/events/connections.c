/* Connections: CreateConnection, DescribeConnection, ListConnections, UpdateConnection,
 * DeleteConnection, DeauthorizeConnection. As in AWS, the credentials (passwords, API key values,
 * client secrets, secret header values) live in a Secrets Manager secret
 * "events!connection/<name>/<uuid>" owned by EventBridge, in snake_case; the connection keeps and
 * shows only the parts that are not secret. Basic and API key connections are AUTHORIZED at
 * once; OAuth ones too (motoc asks no authorization server for a token). */
#include "connections.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/json_array.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "../secretsmanager/service_secret.h"
#include "buses.h"
#include "ops.h"

static cJSON *connection_named(const struct events_region *r, const char *name)
{
    cJSON *conn;
    cJSON_ArrayForEach(conn, r->connections) {
        if (strcmp(param_string(conn, "Name"), name) == 0)
            return conn;
    }
    return NULL;
}

const cJSON *connection_from_arn(const char *arn_text)
{
    struct arn arn;
    if (!arn_text || !arn_parse(arn_text, &arn))
        return NULL;
    struct events_region *r = events_region_find(arn.account, arn.region);
    const cJSON *list = r ? r->connections : NULL;
    const cJSON *conn;
    cJSON_ArrayForEach(conn, list) {
        if (strcmp(param_string(conn, "ConnectionArn"), arn_text) == 0)
            return conn;
    }
    return NULL;
}

static cJSON *connection_for_call(struct call *c, const char *name)
{
    cJSON *conn = connection_named(events_state(c), name);
    if (!conn)
        call_fail_resource_not_found(c, "Connection '%s' does not exist.", name);
    return conn;
}

/* "ApiKeyName" -> "api_key_name", "ClientID" -> "client_id", "OAuthHttpParameters" ->
 * "oauth_http_parameters": how the connection's secret names AuthParameters' members. */
static void snake_case(const char *name, char *out, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; name[i] && n + 2 < size; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (isupper(ch) && i > 0 && !isupper((unsigned char)name[i - 1]))
            out[n++] = '_';
        out[n++] = (char)tolower(ch);
    }
    out[n] = '\0';
}

static cJSON *snake_copy(const cJSON *value)
{
    if (cJSON_IsArray(value)) {
        cJSON *list = cJSON_CreateArray();
        const cJSON *item;
        cJSON_ArrayForEach(item, value)
            cJSON_AddItemToArray(list, snake_copy(item));
        return list;
    }
    if (!cJSON_IsObject(value))
        return cJSON_Duplicate(value, 1);
    cJSON *obj = cJSON_CreateObject();
    const cJSON *member;
    cJSON_ArrayForEach(member, value) {
        char name[128];
        snake_case(member->string, name, sizeof name);
        cJSON_AddItemToObject(obj, name, snake_copy(member));
    }
    return obj;
}

/* Adds the snake_case members of obj to secret. */
static void merge_into(cJSON *secret, const cJSON *obj)
{
    const cJSON *member;
    cJSON_ArrayForEach(member, obj) {
        char name[128];
        snake_case(member->string, name, sizeof name);
        cJSON_DeleteItemFromObjectCaseSensitive(secret, name);
        cJSON_AddItemToObject(secret, name, snake_copy(member));
    }
}

/* The secret's value for AuthParameters. */
static char *secret_value(const cJSON *auth)
{
    cJSON *secret = cJSON_CreateObject();
    merge_into(secret, cJSON_GetObjectItemCaseSensitive(auth, "BasicAuthParameters"));
    merge_into(secret, cJSON_GetObjectItemCaseSensitive(auth, "ApiKeyAuthParameters"));
    const cJSON *oauth = cJSON_GetObjectItemCaseSensitive(auth, "OAuthParameters");
    if (oauth) {
        merge_into(secret, cJSON_GetObjectItemCaseSensitive(oauth, "ClientParameters"));
        const cJSON *member;
        cJSON_ArrayForEach(member, oauth) {
            if (strcmp(member->string, "ClientParameters") != 0) {
                char name[128];
                snake_case(member->string, name, sizeof name);
                cJSON_AddItemToObject(secret, name, snake_copy(member));
            }
        }
    }
    const cJSON *invocation = cJSON_GetObjectItemCaseSensitive(auth, "InvocationHttpParameters");
    if (invocation)
        cJSON_AddItemToObject(secret, "invocation_http_parameters", snake_copy(invocation));
    char *text = cJSON_PrintUnformatted(secret);
    cJSON_Delete(secret);
    return text;
}

/* Drops Value from the parameters IsValueSecret marks, in a list of {Key, Value, IsValueSecret}. */
static void hide_secret_values(cJSON *list)
{
    cJSON *p;
    cJSON_ArrayForEach(p, list) {
        if (param_true(p, "IsValueSecret"))
            cJSON_DeleteItemFromObjectCaseSensitive(p, "Value");
    }
}

/* AuthParameters as DescribeConnection shows them: without passwords, key values, secrets. */
static cJSON *public_auth(const cJSON *auth)
{
    cJSON *copy = cJSON_Duplicate(auth, 1);
    cJSON_DeleteItemFromObjectCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(copy, "BasicAuthParameters"), "Password");
    cJSON_DeleteItemFromObjectCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(copy, "ApiKeyAuthParameters"), "ApiKeyValue");
    cJSON *oauth = cJSON_GetObjectItemCaseSensitive(copy, "OAuthParameters");
    cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(oauth,
                                                                             "ClientParameters"),
                                            "ClientSecret");
    const char *lists[] = {"HeaderParameters", "QueryStringParameters", "BodyParameters"};
    cJSON *holders[] = {cJSON_GetObjectItemCaseSensitive(copy, "InvocationHttpParameters"),
                        cJSON_GetObjectItemCaseSensitive(oauth, "OAuthHttpParameters")};
    for (size_t h = 0; h < 2; h++)
        for (size_t i = 0; i < 3; i++)
            hide_secret_values(cJSON_GetObjectItemCaseSensitive(holders[h], lists[i]));
    return copy;
}

/* Merges the members of update into base, recursively for objects (UpdateConnection sends only
 * what changes). */
static void merge_update(cJSON *base, const cJSON *update)
{
    const cJSON *member;
    cJSON_ArrayForEach(member, update) {
        cJSON *old = cJSON_GetObjectItemCaseSensitive(base, member->string);
        if (cJSON_IsObject(old) && cJSON_IsObject(member)) {
            merge_update(old, member);
            continue;
        }
        cJSON_DeleteItemFromObjectCaseSensitive(base, member->string);
        cJSON_AddItemToObject(base, member->string, cJSON_Duplicate(member, 1));
    }
}

static void set_string(cJSON *obj, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    if (value)
        cJSON_AddStringToObject(obj, name, value);
}

static void set_number(cJSON *obj, const char *name, double value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    cJSON_AddNumberToObject(obj, name, value);
}

/* What Create/Update/Delete/DeauthorizeConnection answer, with state as the connection's. */
static void answer_summary(cJSON *out, const cJSON *conn, const char *state)
{
    cJSON_AddStringToObject(out, "ConnectionArn", param_string(conn, "ConnectionArn"));
    cJSON_AddStringToObject(out, "ConnectionState", state);
    static const char *const times[] = {"CreationTime", "LastModifiedTime", "LastAuthorizedTime"};
    for (size_t i = 0; i < 3; i++)
        if (cJSON_GetObjectItemCaseSensitive(conn, times[i]))
            result_add_timestamp(out, times[i], param_number(conn, times[i], 0));
}

OPERATION(events_create_connection)
{
    struct events_region *r = events_state(c);
    const char *name = param_string(in, "Name");
    if (connection_named(r, name))
        return call_fail(c, 400, "ResourceAlreadyExistsException",
                         "Connection %s already exists.", name);
    const cJSON *auth = cJSON_GetObjectItemCaseSensitive(in, "AuthParameters");
    cJSON *conn = cJSON_CreateObject();
    char id[37];
    uuid_new(id);
    char *arn = arn_build("events", r->region, r->account, "connection/%s/%s", name, id);
    cJSON_AddStringToObject(conn, "ConnectionArn", arn);
    free(arn);
    cJSON_AddStringToObject(conn, "Name", name);
    set_string(conn, "Description", param_string(in, "Description"));
    cJSON_AddStringToObject(conn, "ConnectionState", "AUTHORIZED");
    cJSON_AddStringToObject(conn, "AuthorizationType", param_string(in, "AuthorizationType"));
    char secret_name[512];
    snprintf(secret_name, sizeof secret_name, "events!connection/%s/%s", name, id);
    char *value = secret_value(auth);
    char *secret_arn = service_secret_create(r->account, r->region, secret_name, "events", value);
    free(value);
    cJSON_AddStringToObject(conn, "SecretArn", secret_arn);
    free(secret_arn);
    cJSON_AddItemToObject(conn, "AuthParameters", public_auth(auth));
    set_string(conn, "KmsKeyIdentifier", param_string(in, "KmsKeyIdentifier"));
    double now = events_now();
    cJSON_AddNumberToObject(conn, "CreationTime", now);
    cJSON_AddNumberToObject(conn, "LastModifiedTime", now);
    cJSON_AddNumberToObject(conn, "LastAuthorizedTime", now);
    json_sorted_insert(r->connections, conn, "Name");
    answer_summary(out, conn, "AUTHORIZED");
    return 0;
}

OPERATION(events_describe_connection)
{
    const cJSON *conn = connection_for_call(c, param_string(in, "Name"));
    if (!conn)
        return -1;
    const cJSON *member;
    cJSON_ArrayForEach(member, conn)
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, 1));
    return 0;
}

OPERATION(events_list_connections)
{
    long limit, start, seen = 0;
    if (events_read_page(c, in, &limit, &start) != 0)
        return -1;
    const char *prefix = param_string(in, "NamePrefix");
    const char *state = param_string(in, "ConnectionState");
    cJSON *list = cJSON_AddArrayToObject(out, "Connections");
    const cJSON *conn;
    cJSON_ArrayForEach(conn, events_state(c)->connections) {
        const char *name = param_string(conn, "Name");
        if ((prefix && strncmp(name, prefix, strlen(prefix)) != 0) ||
            (state && strcmp(param_string(conn, "ConnectionState"), state) != 0))
            continue;
        cJSON *entry = cJSON_Duplicate(conn, 1);
        static const char *const detail_only[] = {"Description", "SecretArn", "AuthParameters",
                                                  "KmsKeyIdentifier"};
        for (size_t i = 0; i < 4; i++)
            cJSON_DeleteItemFromObjectCaseSensitive(entry, detail_only[i]);
        if (!events_page_add(out, list, entry, &seen, start, limit))
            break;
    }
    return 0;
}

OPERATION(events_update_connection)
{
    cJSON *conn = connection_for_call(c, param_string(in, "Name"));
    if (!conn)
        return -1;
    const char *description = param_string(in, "Description");
    if (description)
        set_string(conn, "Description", description);
    const char *type = param_string(in, "AuthorizationType");
    if (type)
        set_string(conn, "AuthorizationType", type);
    const cJSON *auth = cJSON_GetObjectItemCaseSensitive(in, "AuthParameters");
    double now = events_now();
    if (auth) {
        /* the secret holds the whole of the credentials: merge the update into them */
        const char *secret_arn = param_string(conn, "SecretArn");
        cJSON *full = cJSON_Parse(service_secret_value(secret_arn));
        char *changes = secret_value(auth);
        cJSON *changes_doc = cJSON_Parse(changes);
        free(changes);
        if (!cJSON_IsObject(full)) {
            cJSON_Delete(full);
            full = cJSON_CreateObject();
        }
        merge_update(full, changes_doc);
        cJSON_Delete(changes_doc);
        char *text = cJSON_PrintUnformatted(full);
        cJSON_Delete(full);
        service_secret_update(secret_arn, text);
        free(text);
        cJSON *shown = cJSON_GetObjectItemCaseSensitive(conn, "AuthParameters");
        cJSON *public = public_auth(auth);
        if (shown)
            merge_update(shown, public);
        else
            cJSON_AddItemToObject(conn, "AuthParameters", cJSON_Duplicate(public, 1));
        cJSON_Delete(public);
        set_string(conn, "ConnectionState", "AUTHORIZED");
        set_number(conn, "LastAuthorizedTime", now);
    }
    set_number(conn, "LastModifiedTime", now);
    answer_summary(out, conn, param_string(conn, "ConnectionState"));
    return 0;
}

OPERATION(events_delete_connection)
{
    struct events_region *r = events_state(c);
    cJSON *conn = connection_for_call(c, param_string(in, "Name"));
    if (!conn)
        return -1;
    /* AWS answers with the state the connection had before the deletion */
    answer_summary(out, conn, param_string(conn, "ConnectionState"));
    service_secret_delete(param_string(conn, "SecretArn"));
    cJSON_Delete(cJSON_DetachItemViaPointer(r->connections, conn));
    return 0;
}

OPERATION(events_deauthorize_connection)
{
    cJSON *conn = connection_for_call(c, param_string(in, "Name"));
    if (!conn)
        return -1;
    /* the credentials are dropped; the connection keeps its kind and public parameters */
    const char *secret_arn = param_string(conn, "SecretArn");
    cJSON *full = cJSON_Parse(service_secret_value(secret_arn));
    cJSON *kept = cJSON_CreateObject();
    cJSON *invocation = cJSON_DetachItemFromObjectCaseSensitive(full, "invocation_http_parameters");
    if (invocation)
        cJSON_AddItemToObject(kept, "invocation_http_parameters", invocation);
    cJSON_Delete(full);
    char *text = cJSON_PrintUnformatted(kept);
    cJSON_Delete(kept);
    service_secret_update(secret_arn, text);
    free(text);
    set_string(conn, "ConnectionState", "DEAUTHORIZED");
    cJSON_DeleteItemFromObjectCaseSensitive(conn, "LastAuthorizedTime");
    set_number(conn, "LastModifiedTime", events_now());
    answer_summary(out, conn, "DEAUTHORIZING");
    return 0;
}
