/* Code signing configurations: which signing profiles may sign a function's code and what
 * Lambda does with an unsigned or untrusted package (CodeSigningPolicies). Kept per account and
 * region (lambda_region.code_signing_configs, CodeSigningConfig shapes); a function names the
 * one it uses as "_code_signing_config". motoc stores them and checks they exist; it verifies no
 * signatures. */
#ifndef MOTOC_LAMBDA_CODE_SIGNING_H
#define MOTOC_LAMBDA_CODE_SIGNING_H

#include <cjson/cJSON.h>

struct call;

/* The configuration whose ARN is arn (in the account and region the ARN names), or NULL after
 * failing the call with CodeSigningConfigNotFoundException. */
const cJSON *lambda_code_signing_config_for_function(struct call *c, const char *arn);

#endif
