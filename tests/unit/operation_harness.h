/* Calls service operations directly, as the core would after decoding a request. */
#ifndef MOTOC_TEST_OPERATION_HARNESS_H
#define MOTOC_TEST_OPERATION_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../../services/core/backend.h"
#include "../../services/core/route.h"

static struct route harness_route = {.account = "123456789012", .region = "us-east-1"};
static struct proto_error harness_err;
static struct proto_call harness_proto = {.protocol = PROTO_JSON};

/* Runs the named operation of backend with params given as JSON; *out gets the result tree.
 * Returns the operation's return value; harness_err holds a failure. */
static int call_op(const struct service_backend *backend, const char *name, const char *json,
                   cJSON **out)
{
    proto_error_clear(&harness_err);
    operation_fn fn = backend_operation(backend, name);
    if (!fn) {
        fprintf(stderr, "no operation %s\n", name);
        return -2;
    }
    cJSON *in = cJSON_Parse(json);
    if (!in) {
        fprintf(stderr, "bad test JSON: %s\n", json);
        return -2;
    }
    cJSON *result = cJSON_CreateObject();
    struct call c = {&harness_route, NULL, NULL, NULL, "test-request", &harness_err,
                     &harness_proto, 0, false};
    int rc = fn(&c, in, result);
    cJSON_Delete(in);
    if (out)
        *out = result;
    else
        cJSON_Delete(result);
    return rc;
}

/* printf into a static buffer: a JSON parameter document with values spliced in. */
static const char *fmt_json(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt_json(const char *fmt, ...)
{
    static char text[16][8192];
    static int slot;
    char *buf = text[slot++ % 16];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof text[0], fmt, ap);
    va_end(ap);
    return buf;
}

static const char *str_at(const cJSON *tree, const char *path)
{
    const cJSON *node = tree;
    char key[128];
    while (*path && node) {
        size_t len = strcspn(path, ".");
        snprintf(key, sizeof key, "%.*s", (int)len, path);
        if (cJSON_IsArray(node))
            node = cJSON_GetArrayItem(node, atoi(key));
        else
            node = cJSON_GetObjectItemCaseSensitive(node, key);
        path += len + (path[len] == '.');
    }
    return cJSON_GetStringValue(node);
}

#endif
