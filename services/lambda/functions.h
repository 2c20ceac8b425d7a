/* Functions as callers name them (name, partial or full ARN, with or without a qualifier), their
 * versions and aliases, their deployment packages, and what Invoke needs of them. */
#ifndef MOTOC_LAMBDA_FUNCTIONS_H
#define MOTOC_LAMBDA_FUNCTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct proto_error;
struct lambda_region;

/* A function name as a caller wrote it. */
struct lambda_name {
    char name[141];
    char qualifier[130]; /* "" when none */
    char account[16];    /* the caller's unless an ARN names another */
    char region[32];
};

/* Parses "name", "name:qualifier", "ACCOUNT:function:name[:qualifier]" or
 * "arn:PARTITION:lambda:REGION:ACCOUNT:function:name[:qualifier]"; false when text is none of
 * them. */
bool lambda_name_parse(const char *text, const char *account, const char *region,
                       struct lambda_name *out);

/* The function named name in r, or NULL. */
cJSON *lambda_function_find(const struct lambda_region *r, const char *name);

/* Fails err with AWS's ResourceNotFoundException for the function (and qualifier, "" = none). */
int lambda_fail_function_not_found(struct proto_error *err, const char *account,
                                   const char *region, const char *name, const char *qualifier);

/* The configuration of one function version (the FunctionConfiguration shape
 * GetFunctionConfiguration answers, with private members prefixed "_"): function is a name, a
 * full or partial ARN, possibly carrying ":qualifier"; qualifier (may be NULL) is "$LATEST", a
 * version number or an alias name (an alias with a RoutingConfig picks one version by its
 * weights). NULL after setting err (when not NULL) as Invoke answers it. The object belongs to
 * the state. */
const cJSON *lambda_version_resolve(const char *account, const char *region, const char *function,
                                    const char *qualifier, struct proto_error *err);
/* Absolute path of the deployment package (zip) file of that version; NULL for PackageType
 * Image. */
const char *lambda_version_code_path(const cJSON *version);
/* Absolute path of the zip file of the layer version whose LayerVersionArn is arn; NULL if none. */
const char *lambda_layer_code_path(const char *arn);
/* The layer version (its private record) an ARN names, in any account and region; NULL if none. */
cJSON *lambda_layer_version_by_arn(const char *arn);
/* The FunctionEventInvokeConfig of the function (and qualifier), or NULL. */
const cJSON *lambda_event_invoke_config(const char *account, const char *region,
                                        const char *function, const char *qualifier);

/* Keeps len bytes of a zip as a new file of motoc's; its path in path_out. 0, or -1. */
int lambda_code_store(const void *data, size_t len, char *path_out, size_t size);
/* A second name for the package file at path (a published version keeps its own). 0, or -1. */
int lambda_code_share(const char *path, char *path_out, size_t size);
/* Removes the package files of every configuration of function. */
void lambda_function_forget_code(const cJSON *function);

#endif
