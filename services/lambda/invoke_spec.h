/* From a function version's configuration to what the executor runs. */
#ifndef MOTOC_LAMBDA_INVOKE_SPEC_H
#define MOTOC_LAMBDA_INVOKE_SPEC_H

#include <cjson/cJSON.h>

#include "executor.h"

struct proto_error;

struct invoke_spec {
    struct lambda_run_spec run; /* its strings point into version or into the owned ones below */
    char *function_arn, *invoked_arn, *log_group;
    const char **layers;
};

/* Fills spec for version (as lambda_version_resolve returns it), called by the name and
 * qualifier the caller used. -1 with err set when motoc cannot run it (a container image). */
int invoke_spec_from_version(const char *account, const char *region, const cJSON *version,
                             const char *called_name, const char *qualifier,
                             struct invoke_spec *spec, struct proto_error *err);
void invoke_spec_clear(struct invoke_spec *spec);

#endif
