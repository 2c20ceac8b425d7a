/* Configurations as answers, versions published from $LATEST, and the URL that hands a
 * function's package back (GetFunction's Code.Location). */
#include "function_config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../core/json_array.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "state.h"

/* Lambda hands packages out from a bucket of its own, https://awslambda-<region>-tasks.s3.
 * <region>.amazonaws.com/snapshots/<account>/<function>-<token>: that host routes here. */
#define DOWNLOAD_PREFIX "/snapshots/"
#define TOKEN_LENGTH 32

void lambda_configuration_answer(const cJSON *config, cJSON *out)
{
    cJSON *copy = json_public_copy(config);
    cJSON *item = copy ? copy->child : NULL;
    while (item) {
        cJSON *next = item->next;
        cJSON_AddItemToObject(out, item->string, cJSON_DetachItemViaPointer(copy, item));
        item = next;
    }
    cJSON_Delete(copy);
}

int lambda_policy_answer(struct call *c, const cJSON *statements, cJSON *out)
{
    if (cJSON_GetArraySize(statements) == 0)
        return call_fail(c, 404, "ResourceNotFoundException",
                         "The resource you requested does not exist.");
    cJSON *policy = cJSON_CreateObject();
    cJSON_AddStringToObject(policy, "Version", "2012-10-17");
    cJSON_AddStringToObject(policy, "Id", "default");
    cJSON_AddItemToObject(policy, "Statement", cJSON_Duplicate(statements, true));
    char *text = cJSON_PrintUnformatted(policy);
    cJSON_Delete(policy);
    cJSON_AddStringToObject(out, "Policy", text);
    free(text);
    return 0;
}

void lambda_qualify_latest_arn(cJSON *answer)
{
    const char *arn = param_string(answer, "FunctionArn");
    if (!arn)
        return;
    struct buf qualified = {0};
    buf_printf(&qualified, "%s:$LATEST", arn);
    cJSON_ReplaceItemInObjectCaseSensitive(answer, "FunctionArn", cJSON_CreateString(qualified.data));
    buf_free(&qualified);
}

const cJSON *lambda_publish(cJSON *function, const char *description)
{
    cJSON *latest = cJSON_GetObjectItemCaseSensitive(function, "_latest");
    cJSON *versions = cJSON_GetObjectItemCaseSensitive(function, "_versions");
    const char *published = param_string(function, "_published_revision");
    int n = cJSON_GetArraySize(versions);
    if (n > 0 && published && strcmp(published, param_string(latest, "RevisionId")) == 0 &&
        !description)
        return cJSON_GetArrayItem(versions, n - 1);
    const cJSON *next = cJSON_GetObjectItemCaseSensitive(function, "_next_version");
    int number = cJSON_IsNumber(next) ? (int)next->valuedouble : 1;
    cJSON *v = cJSON_Duplicate(latest, true);
    char text[16];
    snprintf(text, sizeof text, "%d", number);
    cJSON_ReplaceItemInObjectCaseSensitive(v, "Version", cJSON_CreateString(text));
    struct buf arn = {0};
    buf_printf(&arn, "%s:%d", param_string(latest, "FunctionArn"), number);
    cJSON_ReplaceItemInObjectCaseSensitive(v, "FunctionArn", cJSON_CreateString(arn.data));
    buf_free(&arn);
    if (description)
        cJSON_ReplaceItemInObjectCaseSensitive(v, "Description", cJSON_CreateString(description));
    cJSON_DeleteItemFromObjectCaseSensitive(v, "_download_token");
    const char *path = lambda_version_code_path(latest);
    char copy[PATH_MAX];
    if (path && lambda_code_share(path, copy, sizeof copy) == 0)
        cJSON_ReplaceItemInObjectCaseSensitive(v, "_code_file", cJSON_CreateString(copy));
    char id[37];
    uuid_new(id);
    cJSON_ReplaceItemInObjectCaseSensitive(v, "RevisionId", cJSON_CreateString(id));
    cJSON_AddItemToArray(versions, v);
    cJSON_DeleteItemFromObjectCaseSensitive(function, "_next_version");
    cJSON_AddNumberToObject(function, "_next_version", number + 1);
    cJSON_DeleteItemFromObjectCaseSensitive(function, "_published_revision");
    cJSON_AddStringToObject(function, "_published_revision", param_string(latest, "RevisionId"));
    return v;
}

char *lambda_code_location(struct call *c, const cJSON *config)
{
    const char *token = param_string(config, "_download_token");
    if (!token) {
        char id[37], hex[TOKEN_LENGTH + 1];
        uuid_new(id);
        size_t n = 0;
        for (const char *p = id; *p; p++)
            if (*p != '-')
                hex[n++] = *p;
        hex[n] = '\0';
        cJSON_AddStringToObject((cJSON *)config, "_download_token", hex);
        token = param_string(config, "_download_token");
    }
    const char *name = param_string(config, "FunctionName");
    if (!name)
        name = param_string(config, "LayerArn") ? "layer" : "package";
    struct buf url = {0};
    buf_printf(&url, "https://awslambda-%s-tasks.s3.%s.amazonaws.com" DOWNLOAD_PREFIX "%s/%s-%s",
               c->route->region, c->route->region, c->route->account, name, token);
    return buf_take(&url);
}

static int download(struct call *c)
{
    size_t len = strlen(c->http->path);
    const char *token = len > TOKEN_LENGTH ? c->http->path + len - TOKEN_LENGTH : "";
    const cJSON *config = lambda_config_by_download_token(token);
    const char *path = config ? lambda_version_code_path(config) : NULL;
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return call_fail(c, 404, "ResourceNotFoundException",
                         "The deployment package this URL named is gone.");
    }
    http_response_set_body_file(c->resp, fd, 0, (unsigned long long)st.st_size);
    c->resp->status = 200;
    http_headers_set(&c->resp->headers, "Content-Type", "application/zip");
    return 0;
}

const struct unmodeled_operation lambda_code_download = {"GetFunctionCode", download};

const struct unmodeled_operation *lambda_unmodeled_operation(const struct http_request *req)
{
    if (lambda_is_function_url_host(http_request_header(req, "Host")))
        return &lambda_function_url_call;
    const char *host = http_request_header(req, "Host");
    if (strcmp(req->method, "GET") == 0 && host && strncmp(host, "awslambda-", 10) == 0 &&
        strncmp(req->path, DOWNLOAD_PREFIX, strlen(DOWNLOAD_PREFIX)) == 0)
        return &lambda_code_download;
    return NULL;
}
