/* Answers moto's control endpoints: POST /moto-api/reset and GET /moto-api/data.json. */
#include "moto_api.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "backend.h"

static void respond_json(struct http_response *resp, int status, cJSON *body)
{
    char *text = cJSON_PrintUnformatted(body);
    http_response_set_body(resp, status, "application/json", text, strlen(text));
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
    if (strcmp(path, "/moto-api/data.json") == 0) {
        data_json(resp);
        return;
    }
    respond_json(resp, 404, json_pair("Error", "Unknown moto-api path"));
}
