/* Reads a FunctionConfiguration into a run spec: code and layer packages, variables, limits, the
 * log group, and the ARN the caller invoked. */
#include "invoke_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "functions.h"

static int int_member(const cJSON *obj, const char *name, int fallback)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsNumber(n) ? (int)n->valuedouble : fallback;
}

/* The FunctionArn without a version or alias suffix. */
static char *unqualified_arn(const char *arn)
{
    char *copy = xstrdup(arn ? arn : "");
    int colons = 0;
    for (char *p = copy; *p; p++)
        if (*p == ':' && ++colons == 7) {
            *p = '\0';
            break;
        }
    return copy;
}

/* A qualifier carried in the called name ("fn:prod", "arn:…:function:fn:3"). */
static const char *name_qualifier(const char *name)
{
    if (!name)
        return NULL;
    int colons = 0;
    for (const char *p = name; *p; p++)
        colons += *p == ':';
    const char *last = strrchr(name, ':');
    bool arn = strncmp(name, "arn:", 4) == 0;
    if (!last || (arn && colons < 7) || (!arn && colons != 1 && colons != 3))
        return NULL;
    return last + 1;
}

int invoke_spec_from_version(const char *account, const char *region, const cJSON *version,
                             const char *called_name, const char *qualifier,
                             struct invoke_spec *spec, struct proto_error *err)
{
    memset(spec, 0, sizeof *spec);
    const char *name = param_string(version, "FunctionName");
    const char *package_type = param_string(version, "PackageType");
    if (package_type && strcmp(package_type, "Image") == 0) {
        proto_error_set(err, 502, "InvalidRuntimeException",
                        "motoc cannot invoke %s: it is a container image (PackageType Image), "
                        "and motoc runs python, nodejs and provided runtimes from zip packages "
                        "without containers",
                        name ? name : "the function");
        return -1;
    }
    struct lambda_run_spec *run = &spec->run;
    run->account = account;
    run->region = region;
    run->function_name = name;
    spec->function_arn = unqualified_arn(param_string(version, "FunctionArn"));
    run->function_arn = spec->function_arn;
    if (!qualifier)
        qualifier = name_qualifier(called_name);
    struct buf invoked = {0};
    buf_puts(&invoked, spec->function_arn);
    if (qualifier)
        buf_printf(&invoked, ":%s", qualifier);
    spec->invoked_arn = buf_take(&invoked);
    run->invoked_arn = spec->invoked_arn;
    run->version = param_string(version, "Version");
    run->version = run->version ? run->version : "$LATEST";
    run->revision = param_string(version, "CodeSha256");
    const char *revision = param_string(version, "RevisionId");
    if (revision)
        run->revision = revision;
    run->runtime = param_string(version, "Runtime");
    run->handler = param_string(version, "Handler");
    run->code_path = lambda_version_code_path(version);
    run->role_arn = param_string(version, "Role");
    run->memory_mb = int_member(version, "MemorySize", 128);
    run->timeout_s = int_member(version, "Timeout", 3);
    run->variables = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(version, "Environment"), "Variables");
    const char *group = param_string(cJSON_GetObjectItemCaseSensitive(version, "LoggingConfig"),
                                     "LogGroup");
    struct buf log_group = {0};
    if (group)
        buf_puts(&log_group, group);
    else
        buf_printf(&log_group, "/aws/lambda/%s", name ? name : "");
    spec->log_group = buf_take(&log_group);
    run->log_group = spec->log_group;
    const cJSON *layers = cJSON_GetObjectItemCaseSensitive(version, "Layers");
    int n = cJSON_GetArraySize(layers);
    spec->layers = xcalloc((size_t)n + 1, sizeof *spec->layers);
    const cJSON *layer;
    cJSON_ArrayForEach(layer, layers) {
        const char *path = lambda_layer_code_path(param_string(layer, "Arn"));
        if (path)
            spec->layers[run->n_layers++] = path;
    }
    run->layer_paths = spec->layers;
    return 0;
}

void invoke_spec_clear(struct invoke_spec *spec)
{
    free(spec->function_arn);
    free(spec->invoked_arn);
    free(spec->log_group);
    free(spec->layers);
    memset(spec, 0, sizeof *spec);
}
