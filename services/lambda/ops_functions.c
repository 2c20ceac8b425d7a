/* Functions: CreateFunction, GetFunction(Configuration), ListFunctions, UpdateFunctionCode,
 * UpdateFunctionConfiguration, DeleteFunction. A function's $LATEST configuration is kept in the
 * FunctionConfiguration shape AWS answers, its package as a file beside it. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/digest.h"
#include "../core/internal_call.h"
#include "../core/json_array.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "../s3/bucket_io.h"
#include "code_signing.h"
#include "function_config.h"
#include "functions.h"
#include "ops.h"
#include "package.h"
#include "state.h"

/* Lambda's limit on a zip uploaded in the request itself. */
#define MAX_DIRECT_ZIP_BYTES 52428800u

void lambda_timestamp_now(char *out, size_t size)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, size, "%s.%03d+0000", date, (int)(ts.tv_nsec / 1000000) % 1000);
}

void lambda_new_revision(cJSON *config)
{
    char id[37];
    uuid_new(id);
    cJSON_DeleteItemFromObjectCaseSensitive(config, "RevisionId");
    cJSON_AddStringToObject(config, "RevisionId", id);
    char stamp[40];
    lambda_timestamp_now(stamp, sizeof stamp);
    cJSON_DeleteItemFromObjectCaseSensitive(config, "LastModified");
    cJSON_AddStringToObject(config, "LastModified", stamp);
}

static void set_string(cJSON *obj, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    if (value)
        cJSON_AddStringToObject(obj, name, value);
}

static void set_copy(cJSON *obj, const char *name, const cJSON *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
    if (value)
        cJSON_AddItemToObject(obj, name, cJSON_Duplicate(value, true));
}

/* The role must exist in IAM, as Lambda checks by assuming it. */
static int check_role(struct call *c, const char *role)
{
    struct arn arn;
    const char *slash = role ? strrchr(role, '/') : NULL;
    if (!role || !arn_parse(role, &arn) || strcmp(arn.service, "iam") != 0 || !slash ||
        strncmp(arn.resource, "role/", 5) != 0)
        return call_fail(c, 400, "ValidationException",
                         "1 validation error detected: Value '%s' at 'role' failed to satisfy "
                         "constraint: Member must satisfy regular expression pattern: "
                         "arn:(aws[a-zA-Z-]*)?:iam::(\\d{12}):role/?[a-zA-Z_0-9+=,.@\\-_/]+",
                         role ? role : "");
    if (strcmp(arn.account, c->route->account) != 0)
        return call_fail(c, 403, "AccessDeniedException", "Cross-account pass role is not allowed.");
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "RoleName", slash + 1);
    struct proto_error err = {0};
    int rc = internal_call("iam", "GetRole", arn.account, c->route->region, params, NULL, &err);
    proto_error_clear(&err);
    cJSON_Delete(params);
    if (rc != 0)
        return call_fail(c, 400, "InvalidParameterValueException",
                         "The role defined for the function cannot be assumed by Lambda.");
    return 0;
}

static bool write_slice(void *ctx, const void *data, size_t len)
{
    int fd = *(int *)ctx;
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static bool hash_slice(void *ctx, const void *data, size_t len)
{
    return EVP_DigestUpdate(ctx, data, len) == 1;
}

/* CodeSha256 (base64 of the SHA-256 of the zip) and CodeSize of the file at path. */
static int describe_package(const char *path, cJSON *config)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    char chunk[65536];
    ssize_t n;
    double size = 0;
    while ((n = read(fd, chunk, sizeof chunk)) > 0) {
        hash_slice(ctx, chunk, (size_t)n);
        size += (double)n;
    }
    close(fd);
    unsigned char digest[32];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, digest, &len);
    EVP_MD_CTX_free(ctx);
    struct buf b64 = {0};
    base64_encode(digest, len, &b64);
    set_string(config, "CodeSha256", b64.data);
    buf_free(&b64);
    cJSON_DeleteItemFromObjectCaseSensitive(config, "CodeSize");
    cJSON_AddNumberToObject(config, "CodeSize", size);
    return 0;
}

/* Stores the package a request names (ZipFile, or an object of motoc's S3) as a new file; its
 * path in path_out. */
int lambda_package_from_request(struct call *c, const cJSON *in, char *path_out, size_t size)
{
    const char *zip = param_string(in, "ZipFile");
    const char *bucket = param_string(in, "S3Bucket");
    if (zip) {
        struct buf bytes = {0};
        base64_decode(zip, strlen(zip), &bytes);
        if (bytes.len > MAX_DIRECT_ZIP_BYTES) {
            buf_free(&bytes);
            return call_fail(c, 413, "RequestEntityTooLargeException",
                             "Request must be smaller than 70167211 bytes for the CreateFunction "
                             "operation");
        }
        int rc = lambda_code_store(bytes.data ? bytes.data : "", bytes.len, path_out, size);
        buf_free(&bytes);
        if (rc != 0)
            return call_fail(c, 500, "ServiceException", "motoc cannot store the package");
    } else if (bucket) {
        const char *key = param_string(in, "S3Key");
        const struct blob *body = s3_io_get(bucket, key, param_string(in, "S3ObjectVersion"));
        if (!s3_io_bucket_exists(bucket))
            return call_fail(c, 400, "InvalidParameterValueException",
                             "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 "
                             "Error Message: The specified bucket does not exist");
        if (!body)
            return call_fail(c, 400, "InvalidParameterValueException",
                             "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error "
                             "Message: The specified key does not exist.");
        if (lambda_code_store("", 0, path_out, size) != 0)
            return call_fail(c, 500, "ServiceException", "motoc cannot store the package");
        int fd = open(path_out, O_WRONLY | O_CLOEXEC);
        bool ok = fd >= 0 && blob_each_slice(body, 0, blob_length(body), write_slice, &fd);
        if (fd >= 0)
            close(fd);
        if (!ok) {
            unlink(path_out);
            return call_fail(c, 500, "ServiceException", "motoc cannot store the package");
        }
    } else {
        return call_fail(c, 400, "InvalidParameterValueException",
                         "Please provide a source for function code.");
    }
    char err[256];
    if (lambda_package_check(path_out, err, sizeof err) != 0) {
        unlink(path_out);
        return call_fail(c, 400, "InvalidParameterValueException", "%s", err);
    }
    return 0;
}

/* Gives config the package at path (taken), releasing the one it had. */
void lambda_config_set_package(cJSON *config, const char *path)
{
    const char *old = lambda_version_code_path(config);
    if (old && strcmp(old, path) != 0)
        unlink(old);
    set_string(config, "_code_file", path);
    describe_package(path, config);
}

/* An image package as Lambda records it: ResolvedImageUri names the image by its digest, which
 * is also the code's CodeSha256. With no registry to ask, an image named by a tag takes the
 * digest of its URI: the same URI resolves alike, a new one changes the code's hash. */
static void set_image(cJSON *config, const char *uri)
{
    char digest[65];
    struct buf resolved = BUF_INIT;
    const char *at = strstr(uri, "@sha256:");
    if (at && strlen(at + 8) == 64) {
        memcpy(digest, at + 8, sizeof digest);
        buf_puts(&resolved, uri);
    } else {
        sha256_hex(uri, strlen(uri), digest);
        const char *slash = strrchr(uri, '/');
        const char *tag = strrchr(slash ? slash : uri, ':');
        int repo_len = (int)(tag ? (size_t)(tag - uri) : strlen(uri));
        buf_printf(&resolved, "%.*s@sha256:%s", repo_len, uri, digest);
    }
    cJSON *image = cJSON_GetObjectItemCaseSensitive(config, "_image");
    if (!image)
        image = cJSON_AddObjectToObject(config, "_image");
    set_string(image, "ImageUri", uri);
    set_string(image, "ResolvedImageUri", resolved.data);
    set_string(config, "CodeSha256", digest);
    cJSON_DeleteItemFromObjectCaseSensitive(config, "CodeSize");
    cJSON_AddNumberToObject(config, "CodeSize", 0);
    buf_free(&resolved);
}

static int int_in_range(struct call *c, const cJSON *in, const char *name, int min, int max,
                        const char *member)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(in, name);
    if (n && (!cJSON_IsNumber(n) || n->valuedouble < min || n->valuedouble > max))
        return call_fail(c, 400, "ValidationException",
                         "1 validation error detected: Value '%g' at '%s' failed to satisfy "
                         "constraint: Member must have value %s to %d",
                         cJSON_IsNumber(n) ? n->valuedouble : 0, member,
                         n->valuedouble < min ? "greater than or equal" : "less than or equal",
                         n->valuedouble < min ? min : max);
    return 0;
}

/* The settings CreateFunction and UpdateFunctionConfiguration share. */
int lambda_apply_settings(struct call *c, const cJSON *in, cJSON *config, bool creating)
{
    if (int_in_range(c, in, "MemorySize", 128, 10240, "memorySize") != 0 ||
        int_in_range(c, in, "Timeout", 1, 900, "timeout") != 0)
        return -1;
    const char *role = param_string(in, "Role");
    if (role && check_role(c, role) != 0)
        return -1;
    const cJSON *env = cJSON_GetObjectItemCaseSensitive(in, "Environment");
    if (env) {
        char *text = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(env, "Variables"));
        size_t len = text ? strlen(text) : 0;
        free(text);
        if (len > 4096)
            return call_fail(c, 400, "InvalidParameterValueException",
                             "Lambda was unable to configure your environment variables because "
                             "the environment variables you have provided exceeded the 4KB limit. "
                             "String measured: %zu",
                             len);
        const cJSON *v;
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(env, "Variables")) {
            static const char *const reserved[] = {
                "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
                "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
                "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"};
            for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
                if (strcmp(v->string, reserved[i]) == 0)
                    return call_fail(c, 400, "InvalidParameterValueException",
                                     "Lambda was unable to configure your environment variables "
                                     "because the environment variables you have provided "
                                     "contains reserved keys that are currently not supported "
                                     "for modification. Reserved keys used in this request: %s",
                                     v->string);
        }
    }
    static const char *const strings[] = {"Role", "Handler", "Description", "Runtime",
                                          "KMSKeyArn"};
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
        if (cJSON_GetObjectItemCaseSensitive(in, strings[i]))
            set_string(config, strings[i], param_string(in, strings[i]));
    static const char *const numbers[] = {"Timeout", "MemorySize"};
    for (size_t i = 0; i < 2; i++) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(in, numbers[i]);
        if (n) {
            cJSON_DeleteItemFromObjectCaseSensitive(config, numbers[i]);
            cJSON_AddNumberToObject(config, numbers[i], n->valuedouble);
        }
    }
    if (env) {
        cJSON *copy = cJSON_CreateObject();
        const cJSON *vars = cJSON_GetObjectItemCaseSensitive(env, "Variables");
        cJSON_AddItemToObject(copy, "Variables",
                              vars ? cJSON_Duplicate(vars, true) : cJSON_CreateObject());
        cJSON_DeleteItemFromObjectCaseSensitive(config, "Environment");
        cJSON_AddItemToObject(config, "Environment", copy);
    }
    static const char *const objects[] = {"TracingConfig", "DeadLetterConfig", "EphemeralStorage",
                                          "FileSystemConfigs", "ImageConfig"};
    for (size_t i = 0; i < sizeof objects / sizeof *objects; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, objects[i]);
        if (v)
            set_copy(config, objects[i], v);
    }
    const cJSON *image = cJSON_GetObjectItemCaseSensitive(in, "ImageConfig");
    if (image) {
        cJSON *response = cJSON_CreateObject();
        cJSON_AddItemToObject(response, "ImageConfig", cJSON_Duplicate(image, true));
        cJSON_DeleteItemFromObjectCaseSensitive(config, "ImageConfigResponse");
        cJSON_AddItemToObject(config, "ImageConfigResponse", response);
        cJSON_DeleteItemFromObjectCaseSensitive(config, "ImageConfig");
    }
    const cJSON *vpc = cJSON_GetObjectItemCaseSensitive(in, "VpcConfig");
    if (vpc) {
        cJSON *copy = cJSON_Duplicate(vpc, true);
        if (!cJSON_GetObjectItemCaseSensitive(copy, "SubnetIds"))
            cJSON_AddArrayToObject(copy, "SubnetIds");
        if (!cJSON_GetObjectItemCaseSensitive(copy, "SecurityGroupIds"))
            cJSON_AddArrayToObject(copy, "SecurityGroupIds");
        if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(copy, "SubnetIds")) > 0)
            cJSON_AddStringToObject(copy, "VpcId", "vpc-123abc");
        cJSON_DeleteItemFromObjectCaseSensitive(config, "VpcConfig");
        cJSON_AddItemToObject(config, "VpcConfig", copy);
    }
    const cJSON *logging = cJSON_GetObjectItemCaseSensitive(in, "LoggingConfig");
    if (logging || creating) {
        cJSON *merged = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(config, "LoggingConfig"),
                                        true);
        if (!merged)
            merged = cJSON_CreateObject();
        const cJSON *item;
        cJSON_ArrayForEach(item, logging)
            set_copy(merged, item->string, item);
        if (!cJSON_GetObjectItemCaseSensitive(merged, "LogFormat"))
            cJSON_AddStringToObject(merged, "LogFormat", "Text");
        if (!cJSON_GetObjectItemCaseSensitive(merged, "LogGroup")) {
            char group[200];
            snprintf(group, sizeof group, "/aws/lambda/%s", param_string(config, "FunctionName"));
            cJSON_AddStringToObject(merged, "LogGroup", group);
        }
        cJSON_DeleteItemFromObjectCaseSensitive(config, "LoggingConfig");
        cJSON_AddItemToObject(config, "LoggingConfig", merged);
    }
    const cJSON *layers = cJSON_GetObjectItemCaseSensitive(in, "Layers");
    if (layers) {
        const cJSON *l;
        cJSON_ArrayForEach(l, layers) {
            if (!lambda_layer_version_by_arn(l->valuestring))
                return call_fail(c, 404, "ResourceNotFoundException",
                                 "One or more LayerVersion does not exist ['%s']", l->valuestring);
        }
        cJSON *list = cJSON_CreateArray();
        cJSON_ArrayForEach(l, layers) {
            cJSON *entry = cJSON_CreateObject();
            cJSON_AddStringToObject(entry, "Arn", l->valuestring);
            const cJSON *content = cJSON_GetObjectItemCaseSensitive(
                lambda_layer_version_by_arn(l->valuestring), "Content");
            cJSON_AddNumberToObject(entry, "CodeSize", param_number(content, "CodeSize", 0));
            cJSON_AddItemToArray(list, entry);
        }
        cJSON_DeleteItemFromObjectCaseSensitive(config, "Layers");
        cJSON_AddItemToObject(config, "Layers", list);
    }
    return 0;
}

/* The function the request names, in the caller's account and region (or the ARN's), with no
 * qualifier unless allow_qualifier. NULL after failing the call. */
cJSON *lambda_function_for_call(struct call *c, const cJSON *in, bool allow_qualifier,
                                struct lambda_name *name)
{
    const char *text = param_string(in, "FunctionName");
    if (!lambda_name_parse(text, c->route->account, c->route->region, name)) {
        call_fail(c, 400, "ValidationException",
                  "1 validation error detected: Value '%s' at 'functionName' failed to satisfy "
                  "constraint: Member must satisfy regular expression pattern: "
                  "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?"
                  "(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?",
                  text ? text : "");
        return NULL;
    }
    const char *qualifier = param_string(in, "Qualifier");
    if (qualifier && name->qualifier[0] && strcmp(qualifier, name->qualifier) != 0) {
        call_fail(c, 400, "InvalidParameterValueException",
                  "The derived qualifier from the function name does not match the specified "
                  "qualifier.");
        return NULL;
    }
    if (qualifier)
        snprintf(name->qualifier, sizeof name->qualifier, "%s", qualifier);
    if (!allow_qualifier)
        name->qualifier[0] = '\0'; /* the operation acts on the function itself */
    cJSON *f = lambda_function_find(lambda_region_find(name->account, name->region), name->name);
    if (!f)
        lambda_fail_function_not_found(c->err, name->account, name->region, name->name,
                                       name->qualifier);
    return f;
}

OPERATION(lambda_create_function)
{
    struct lambda_name name;
    const char *text = param_string(in, "FunctionName");
    if (!lambda_name_parse(text, c->route->account, c->route->region, &name) ||
        name.qualifier[0])
        return call_fail(c, 400, "ValidationException",
                         "1 validation error detected: Value '%s' at 'functionName' failed to "
                         "satisfy constraint: Member must satisfy regular expression pattern: "
                         "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?"
                         "(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)",
                         text ? text : "");
    struct lambda_region *r = lambda_region_get(name.account, name.region);
    if (lambda_function_find(r, name.name))
        return call_fail(c, 409, "ResourceConflictException", "Function already exist: %s",
                         name.name);
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(in, "Code");
    const char *package_type = param_string(in, "PackageType");
    if (!package_type) /* an image's URI alone says what the package is */
        package_type = param_string(code, "ImageUri") && !param_string(code, "ZipFile") &&
                               !param_string(code, "S3Bucket")
                           ? "Image"
                           : "Zip";
    bool zip = strcmp(package_type, "Zip") == 0;
    if (zip && (!param_string(in, "Runtime") || !param_string(in, "Handler")))
        return call_fail(c, 400, "InvalidParameterValueException",
                         "Runtime and Handler are mandatory parameters for functions created "
                         "with deployment packages.");
    if (!zip && !param_string(code, "ImageUri"))
        return call_fail(c, 400, "InvalidParameterValueException",
                         "Please provide ImageUri when PackageType is Image.");
    const char *signing = param_string(in, "CodeSigningConfigArn");
    if (signing && !lambda_code_signing_config_for_function(c, signing))
        return -1;
    cJSON *config = cJSON_CreateObject();
    cJSON_AddStringToObject(config, "FunctionName", name.name);
    char *arn = arn_build("lambda", name.region, name.account, "function:%s", name.name);
    cJSON_AddStringToObject(config, "FunctionArn", arn);
    free(arn);
    cJSON_AddStringToObject(config, "Description", "");
    cJSON_AddNumberToObject(config, "Timeout", 3);
    cJSON_AddNumberToObject(config, "MemorySize", 128);
    cJSON_AddStringToObject(config, "Version", "$LATEST");
    cJSON *tracing = cJSON_AddObjectToObject(config, "TracingConfig");
    cJSON_AddStringToObject(tracing, "Mode", "PassThrough");
    cJSON_AddStringToObject(config, "PackageType", package_type);
    cJSON *architectures = cJSON_GetObjectItemCaseSensitive(in, "Architectures");
    cJSON_AddItemToObject(config, "Architectures",
                          architectures ? cJSON_Duplicate(architectures, true)
                                        : cJSON_CreateStringArray((const char *[]){"x86_64"}, 1));
    cJSON_AddObjectToObject(config, "EphemeralStorage");
    cJSON_AddNumberToObject(cJSON_GetObjectItemCaseSensitive(config, "EphemeralStorage"), "Size",
                            512);
    cJSON *snap = cJSON_AddObjectToObject(config, "SnapStart");
    cJSON_AddStringToObject(snap, "ApplyOn", "None");
    cJSON_AddStringToObject(snap, "OptimizationStatus", "Off");
    if (lambda_apply_settings(c, in, config, true) != 0) {
        cJSON_Delete(config);
        return -1;
    }
    if (zip) {
        char path[PATH_MAX];
        if (lambda_package_from_request(c, code, path, sizeof path) != 0) {
            cJSON_Delete(config);
            return -1;
        }
        lambda_config_set_package(config, path);
    } else {
        set_image(config, param_string(code, "ImageUri"));
    }
    lambda_new_revision(config);
    cJSON_AddStringToObject(config, "State", "Active");
    cJSON_AddStringToObject(config, "LastUpdateStatus", "Successful");
    cJSON *function = cJSON_CreateObject();
    cJSON_AddStringToObject(function, "FunctionName", name.name);
    cJSON_AddItemToObject(function, "_latest", config);
    cJSON_AddArrayToObject(function, "_versions");
    cJSON_AddArrayToObject(function, "_aliases");
    cJSON_AddObjectToObject(function, "_policy");
    cJSON_AddNumberToObject(function, "_next_version", 1);
    if (signing)
        cJSON_AddStringToObject(function, "_code_signing_config", signing);
    cJSON *tags = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    cJSON_AddItemToObject(function, "_tags",
                          tags ? cJSON_Duplicate(tags, true) : cJSON_CreateObject());
    json_sorted_insert(r->functions, function, "FunctionName");
    const cJSON *answer_source = config;
    if (param_true(in, "Publish"))
        answer_source = lambda_publish(function, param_string(in, "Description"));
    lambda_configuration_answer(answer_source, out);
    /* Even when it published a version, CreateFunction names the function itself. */
    cJSON_ReplaceItemInObjectCaseSensitive(out, "FunctionArn",
                                           cJSON_CreateString(param_string(config, "FunctionArn")));
    /* Lambda answers while the function is still being created. */
    set_string(out, "State", "Pending");
    set_string(out, "StateReason", "The function is being created.");
    set_string(out, "StateReasonCode", "Creating");
    cJSON_DeleteItemFromObjectCaseSensitive(out, "LastUpdateStatus");
    return 0;
}

OPERATION(lambda_get_function_configuration)
{
    struct lambda_name name;
    if (!lambda_function_for_call(c, in, true, &name))
        return -1;
    const cJSON *v = lambda_version_resolve(name.account, name.region, name.name,
                                            name.qualifier, c->err);
    if (!v)
        return -1;
    lambda_configuration_answer(v, out);
    return 0;
}

OPERATION(lambda_get_function)
{
    struct lambda_name name;
    cJSON *f = lambda_function_for_call(c, in, true, &name);
    if (!f)
        return -1;
    const cJSON *v = lambda_version_resolve(name.account, name.region, name.name,
                                            name.qualifier, c->err);
    if (!v)
        return -1;
    cJSON *config = cJSON_AddObjectToObject(out, "Configuration");
    lambda_configuration_answer(v, config);
    cJSON *code = cJSON_AddObjectToObject(out, "Code");
    const cJSON *image = cJSON_GetObjectItemCaseSensitive(v, "_image");
    if (image) {
        cJSON_AddStringToObject(code, "RepositoryType", "ECR");
        cJSON_AddStringToObject(code, "ImageUri", param_string(image, "ImageUri"));
        const char *resolved = param_string(image, "ResolvedImageUri");
        cJSON_AddStringToObject(code, "ResolvedImageUri",
                                resolved ? resolved : param_string(image, "ImageUri"));
    } else {
        cJSON_AddStringToObject(code, "RepositoryType", "S3");
        char *location = lambda_code_location(c, v);
        cJSON_AddStringToObject(code, "Location", location);
        free(location);
    }
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(f, "_tags");
    if (cJSON_GetArraySize(tags) > 0)
        cJSON_AddItemToObject(out, "Tags", cJSON_Duplicate(tags, true));
    const cJSON *reserved = cJSON_GetObjectItemCaseSensitive(f, "_concurrency");
    if (cJSON_IsNumber(reserved)) {
        cJSON *concurrency = cJSON_AddObjectToObject(out, "Concurrency");
        cJSON_AddNumberToObject(concurrency, "ReservedConcurrentExecutions",
                                reserved->valuedouble);
    }
    return 0;
}

OPERATION(lambda_list_functions)
{
    struct lambda_region *r = lambda_region_find(c->route->account, c->route->region);
    long size = 50;
    if (page_size_read(in, "MaxItems", 1, 10000, 50, &size) != 0)
        return call_fail(c, 400, "InvalidParameterValueException",
                         "MaxItems must be between 1 and 10000");
    const char *marker = param_string(in, "Marker");
    long start = marker ? page_token_index(marker) : 0;
    if (start < 0)
        return call_fail(c, 400, "InvalidParameterValueException", "Invalid marker: %s", marker);
    bool all = param_string(in, "FunctionVersion") &&
               strcmp(param_string(in, "FunctionVersion"), "ALL") == 0;
    cJSON *list = cJSON_AddArrayToObject(out, "Functions");
    long index = 0, listed = 0;
    const cJSON *f;
    cJSON *functions = r ? r->functions : NULL;
    cJSON_ArrayForEach(f, functions) {
        const cJSON *configs[2] = {cJSON_GetObjectItemCaseSensitive(f, "_latest"), NULL};
        const cJSON *versions = cJSON_GetObjectItemCaseSensitive(f, "_versions");
        for (int pass = 0; pass < (all ? 2 : 1); pass++) {
            const cJSON *v = pass == 0 ? configs[0] : versions ? versions->child : NULL;
            for (; v; v = pass == 0 ? NULL : v->next) {
                if (index++ < start)
                    continue;
                if (listed == size) {
                    page_token_add_index(out, "NextMarker", (size_t)index - 1);
                    return 0;
                }
                cJSON *answer = cJSON_CreateObject();
                lambda_configuration_answer(v, answer);
                if (all && pass == 0)
                    lambda_qualify_latest_arn(answer);
                cJSON_AddItemToArray(list, answer);
                listed++;
            }
        }
    }
    return 0;
}

OPERATION(lambda_delete_function)
{
    (void)out;
    struct lambda_name name;
    cJSON *f = lambda_function_for_call(c, in, true, &name);
    if (!f)
        return -1;
    struct lambda_region *r = lambda_region_find(name.account, name.region);
    if (name.qualifier[0] && strcmp(name.qualifier, "$LATEST") != 0) {
        cJSON *versions = cJSON_GetObjectItemCaseSensitive(f, "_versions");
        int i = 0;
        cJSON *v;
        cJSON_ArrayForEach(v, versions) {
            if (strcmp(param_string(v, "Version"), name.qualifier) == 0) {
                const char *path = lambda_version_code_path(v);
                if (path)
                    unlink(path);
                cJSON_DeleteItemFromArray(versions, i);
                return 0;
            }
            i++;
        }
        return lambda_fail_function_not_found(c->err, name.account, name.region, name.name,
                                              name.qualifier);
    }
    lambda_function_forget_code(f);
    cJSON_DetachItemViaPointer(r->functions, f);
    cJSON_Delete(f);
    return 0;
}

static int check_revision(struct call *c, const cJSON *in, const cJSON *config)
{
    const char *expected = param_string(in, "RevisionId");
    if (expected && strcmp(expected, param_string(config, "RevisionId")) != 0)
        return call_fail(c, 412, "PreconditionFailedException",
                         "The Revision Id provided does not match the latest Revision Id. Call "
                         "the GetFunction/GetAlias API to retrieve the latest Revision Id");
    return 0;
}

OPERATION(lambda_update_function_code)
{
    struct lambda_name name;
    cJSON *f = lambda_function_for_call(c, in, false, &name);
    if (!f)
        return -1;
    cJSON *config = cJSON_GetObjectItemCaseSensitive(f, "_latest");
    if (check_revision(c, in, config) != 0)
        return -1;
    const char *image = param_string(in, "ImageUri");
    if (image) {
        if (!cJSON_GetObjectItemCaseSensitive(config, "_image"))
            return call_fail(c, 400, "InvalidParameterValueException",
                             "Please don't provide ImageUri when updating a function with "
                             "packageType Zip.");
        if (param_true(in, "DryRun")) {
            cJSON *probe = cJSON_Duplicate(config, true);
            set_image(probe, image);
            lambda_configuration_answer(probe, out);
            cJSON_Delete(probe);
            return 0;
        }
        set_image(config, image);
    } else {
        if (cJSON_GetObjectItemCaseSensitive(config, "_image"))
            return call_fail(c, 400, "InvalidParameterValueException",
                             "Please provide ImageUri when updating a function with packageType "
                             "Image.");
        char path[PATH_MAX];
        if (lambda_package_from_request(c, in, path, sizeof path) != 0)
            return -1;
        if (param_true(in, "DryRun")) {
            cJSON *probe = cJSON_Duplicate(config, true);
            describe_package(path, probe);
            unlink(path);
            lambda_configuration_answer(probe, out);
            cJSON_Delete(probe);
            return 0;
        }
        lambda_config_set_package(config, path);
    }
    if (param_true(in, "DryRun")) {
        lambda_configuration_answer(config, out);
        return 0;
    }
    const cJSON *architectures = cJSON_GetObjectItemCaseSensitive(in, "Architectures");
    if (architectures)
        set_copy(config, "Architectures", architectures);
    lambda_new_revision(config);
    const cJSON *answer = config;
    if (param_true(in, "Publish"))
        answer = lambda_publish(f, NULL);
    lambda_configuration_answer(answer, out);
    return 0;
}

OPERATION(lambda_update_function_configuration)
{
    struct lambda_name name;
    cJSON *f = lambda_function_for_call(c, in, false, &name);
    if (!f)
        return -1;
    cJSON *config = cJSON_GetObjectItemCaseSensitive(f, "_latest");
    if (check_revision(c, in, config) != 0)
        return -1;
    cJSON *updated = cJSON_Duplicate(config, true);
    if (lambda_apply_settings(c, in, updated, false) != 0) {
        cJSON_Delete(updated);
        return -1;
    }
    lambda_new_revision(updated);
    cJSON_ReplaceItemInObjectCaseSensitive(f, "_latest", updated);
    lambda_configuration_answer(updated, out);
    set_string(out, "LastUpdateStatus", "InProgress");
    set_string(out, "LastUpdateStatusReason", "The function is being created.");
    set_string(out, "LastUpdateStatusReasonCode", "Creating");
    return 0;
}
