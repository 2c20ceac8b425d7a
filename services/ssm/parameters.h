/* Parameter Store's parameters: names, the selectors that pick a version, and the parameter as
 * the read operations answer it. */
#ifndef MOTOC_SSM_PARAMETERS_H
#define MOTOC_SSM_PARAMETERS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "state.h"

#define SSM_MAX_VERSIONS 100
#define SSM_MAX_LABELS_PER_VERSION 10
#define SSM_MAX_HIERARCHY_LEVELS 15

/* The region state of the call's account and region. */
struct ssm_region *ssm_call_region(struct call *c);

/* Fails the call unless name may be created by PutParameter. */
int ssm_check_new_parameter_name(struct call *c, const char *name);

/* A name as given to a read (a name, "name:selector", or the parameter's ARN with either),
 * split into the parameter's name and the selector after ':' ("" when none); false when the
 * text holds more than one selector. */
struct parameter_ref {
    char name[2100];
    char selector[128];
    bool has_selector;
};
bool parameter_ref_parse(const char *text, struct parameter_ref *out);

/* The parameter a reference names, or NULL. */
cJSON *ssm_parameter_lookup(struct ssm_region *r, const struct parameter_ref *ref);

/* The newest version of a parameter. */
cJSON *parameter_latest(const cJSON *parameter);
/* The version a selector names (a version number or a label), or NULL; *is_version tells
 * which kind the selector was. */
cJSON *parameter_select(const cJSON *parameter, const char *selector, bool *is_version);
/* The version numbered n, or NULL. */
cJSON *parameter_version(const cJSON *parameter, long long n);

/* "arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>"; owned
 * by the caller. */
char *parameter_arn(const struct ssm_region *r, const char *name);

/* A version as a Parameter of GetParameter(s)/GetParametersByPath (ARN, Selector when given),
 * its SecureString value decrypted when decrypt is true; NULL after failing the call. */
cJSON *parameter_answer(struct call *c, const struct ssm_region *r, const cJSON *version,
                        const char *selector, bool decrypt);
/* The value to answer for version: as stored, or a SecureString decrypted. NULL after failing
 * the call; owned by the caller. */
char *parameter_value(struct call *c, const cJSON *version, bool decrypt);

#endif
