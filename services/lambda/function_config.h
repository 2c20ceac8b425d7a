/* What the function operations share: configurations as answers, settings from requests,
 * packages, revisions, publishing versions, and the download URL of a package. */
#ifndef MOTOC_LAMBDA_FUNCTION_CONFIG_H
#define MOTOC_LAMBDA_FUNCTION_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "functions.h"

/* Lambda's LastModified: "2024-05-01T12:00:00.000+0000". */
void lambda_timestamp_now(char *out, size_t size);
/* A new RevisionId and LastModified for config. */
void lambda_new_revision(cJSON *config);
/* The public members of config, as every operation answers a FunctionConfiguration. */
void lambda_configuration_answer(const cJSON *config, cJSON *out);
/* A resource policy's statements as GetPolicy answers them ("Policy": its JSON text), or AWS's
 * ResourceNotFoundException when there are none. 0 or -1. */
int lambda_policy_answer(struct call *c, const cJSON *statements, cJSON *out);
/* Listings of versions name $LATEST by its qualified ARN ("…:function:NAME:$LATEST"). */
void lambda_qualify_latest_arn(cJSON *answer);
/* Applies the request's configuration members to config (CreateFunction and
 * UpdateFunctionConfiguration). 0, or -1 after failing the call. */
int lambda_apply_settings(struct call *c, const cJSON *in, cJSON *config, bool creating);
/* The function the request's FunctionName (and Qualifier) names; the parsed name in *name.
 * NULL after failing the call. */
cJSON *lambda_function_for_call(struct call *c, const cJSON *in, bool allow_qualifier,
                                struct lambda_name *name);
/* Stores the package a request names (ZipFile, S3Bucket/S3Key/S3ObjectVersion); 0 or -1. */
int lambda_package_from_request(struct call *c, const cJSON *in, char *path_out, size_t size);
/* Gives config the package file at path, with its CodeSha256 and CodeSize. */
void lambda_config_set_package(cJSON *config, const char *path);
/* Publishes $LATEST as the next version (or returns the newest version when nothing changed
 * since it was published). */
const cJSON *lambda_publish(cJSON *function, const char *description);
/* A URL that downloads config's package from motoc (owned by the caller). */
char *lambda_code_location(struct call *c, const cJSON *config);
/* GET of such a URL. */
extern const struct unmodeled_operation lambda_code_download;
/* A call of a function URL (its host is <url-id>.lambda-url.<region>.on.aws). */
extern const struct unmodeled_operation lambda_function_url_call;
bool lambda_is_function_url_host(const char *host);
/* The backend's unmodeled_operation: a package download, a function URL call, or NULL. */
const struct unmodeled_operation *lambda_unmodeled_operation(const struct http_request *req);

#endif
