/* Answers moto's control endpoints: POST /moto-api/reset and GET /moto-api/data.json. */
#include "moto_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "backend.h"
#include "persist_store.h"
#include "wire_text.h"

static void respond_json(struct http_response *resp, int status, cJSON *body)
{
    char *text = cJSON_PrintUnformatted(body);
    struct buf json = BUF_INIT;
    wire_text_json_out(text, &json); /* state holds U+0000 as wire text (wire_text.h) */
    http_response_set_body(resp, status, "application/json", json.data, json.len);
    buf_free(&json);
    free(text);
    cJSON_Delete(body);
}

static cJSON *json_pair(const char *key, const char *value)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, key, value);
    return o;
}

static void reset(const struct http_request *req, struct http_response *resp)
{
    if (strcmp(req->method, "POST") != 0) {
        respond_json(resp, 400, json_pair("Error", "Need to POST to reset Moto"));
        return;
    }
    backends_reset_all();
    respond_json(resp, 200, json_pair("status", "ok"));
}

/* The state directory for state/save and state/load, or NULL after answering 400. */
static const char *state_dir_or_fail(const struct http_request *req, struct http_response *resp,
                                     const char *verb)
{
    if (strcmp(req->method, "POST") != 0) {
        char message[64];
        snprintf(message, sizeof message, "Need to POST to %s the state", verb);
        respond_json(resp, 400, json_pair("Error", message));
        return NULL;
    }
    const char *dir = persist_dir();
    if (!dir)
        respond_json(resp, 400, json_pair("Error", "No state directory: start motoc-server with "
                                                   "--state DIR, or set MOTOC_STATE"));
    return dir;
}

static void state_save(const struct http_request *req, struct http_response *resp)
{
    const char *dir = state_dir_or_fail(req, resp, "save");
    if (!dir)
        return;
    char err[1024];
    if (persist_save_all(dir, err, sizeof err) != 0) {
        respond_json(resp, 500, json_pair("Error", err));
        return;
    }
    respond_json(resp, 200, json_pair("status", "ok"));
}

static void state_load(const struct http_request *req, struct http_response *resp)
{
    const char *dir = state_dir_or_fail(req, resp, "load");
    if (!dir)
        return;
    char err[1024];
    int rc = persist_load_all(dir, err, sizeof err);
    if (rc == PERSIST_NOTHING_SAVED) {
        snprintf(err, sizeof err, "No state saved in %s", dir);
        respond_json(resp, 404, json_pair("Error", err));
        return;
    }
    if (rc != PERSIST_LOADED) {
        respond_json(resp, 400, json_pair("Error", err));
        return;
    }
    respond_json(resp, 200, json_pair("status", "ok"));
}

static void data_json(struct http_response *resp)
{
    cJSON *all = cJSON_CreateObject();
    for (const struct service_backend *const *b = service_backends; *b; b++) {
        cJSON *state = (*b)->state_json ? (*b)->state_json() : NULL;
        cJSON_AddItemToObject(all, (*b)->service, state ? state : cJSON_CreateObject());
    }
    respond_json(resp, 200, all);
}

void moto_api_handle(const struct http_request *req, struct http_response *resp)
{
    const char *path = req->path;
    if (strcmp(path, "/moto-api/reset") == 0) {
        reset(req, resp);
        return;
    }
    if (strcmp(path, "/moto-api/state/save") == 0) {
        state_save(req, resp);
        return;
    }
    if (strcmp(path, "/moto-api/state/load") == 0) {
        state_load(req, resp);
        return;
    }
    if (strcmp(path, "/moto-api/data.json") == 0) {
        data_json(resp);
        return;
    }
    respond_json(resp, 404, json_pair("Error", "Unknown moto-api path"));
}
