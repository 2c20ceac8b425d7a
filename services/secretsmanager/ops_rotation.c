/* RotateSecret and CancelRotateSecret.
 *
 * A rotation by Lambda function: AWS checks that it can invoke the function before it stores the
 * rotation configuration, and answers a function it cannot invoke (one that does not exist
 * among them) with AccessDeniedException, leaving the secret unchanged. It then adds the new
 * version, empty and labelled AWSPENDING, with the ClientRequestToken as its id, and runs the
 * function's steps in the background (rotation_run.h); with RotateImmediately false it runs only
 * testSecret, to check the configuration. A secret without a function gets
 * InvalidRequestException, unless another service manages it (OwningService): its configuration
 * is recorded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "../core/request_id.h"
#include "../lambda/invoke_function.h"
#include "lookup.h"
#include "ops.h"
#include "rotation_run.h"
#include "schedule.h"

/* Checks RotationRules. 0, or -1 after failing the call. */
static int check_rules(struct call *c, const cJSON *rules)
{
    if (!rules)
        return 0;
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(rules, "AutomaticallyAfterDays");
    const char *expression = param_string(rules, "ScheduleExpression");
    const char *duration = param_string(rules, "Duration");
    char problem[256];
    if (days && expression)
        return sm_invalid_parameter(c, "You cannot specify both rotation frequency and schedule "
                                       "expression together.");
    if (days && (!cJSON_IsNumber(days) || days->valuedouble < 1 || days->valuedouble > 1000))
        return sm_invalid_parameter(c, "RotationRules.AutomaticallyAfterDays must be within "
                                       "1-1000.");
    if (expression && schedule_check(expression, problem, sizeof problem) != 0)
        return sm_invalid_parameter(c, "%s", problem);
    if (duration && schedule_duration_check(duration, problem, sizeof problem) != 0)
        return sm_invalid_parameter(c, "%s", problem);
    return 0;
}

/* A rotation is under way while AWSPENDING labels a version that AWSCURRENT does not. */
static bool rotation_in_progress(struct sm_secret *s)
{
    struct sm_version *pending = secret_version_with_stage(s, SM_PENDING);
    return pending && !version_has_stage(pending, SM_CURRENT);
}

OPERATION(secretsmanager_rotate_secret)
{
    struct sm_secret *s = writable_secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(in, "RotationRules");
    if (check_rules(c, rules) != 0)
        return -1;
    if (rotation_in_progress(s))
        return sm_invalid_request(c, "A previous rotation isn't complete. That rotation will be "
                                     "reattempted.");
    const char *function = param_string(in, "RotationLambdaARN");
    if (!function)
        function = s->rotation_lambda_arn;
    if (!function && !s->owning_service)
        return sm_invalid_request(c, "No Lambda rotation function ARN is associated with this "
                                     "secret.");
    if (function && !lambda_function_exists(c->route->account, c->route->region, function))
        return call_fail(c, 400, "AccessDeniedException",
                         "Secrets Manager cannot invoke the specified Lambda function. Ensure that "
                         "the function policy grants access to the principal "
                         "secretsmanager.amazonaws.com.");
    const char *token = param_string(in, "ClientRequestToken");
    if (sm_check_token(c, token) != 0)
        return -1;
    char fresh[37];
    if (!token) {
        uuid_new(fresh);
        token = fresh;
    }
    if (function && secret_version(s, token))
        return call_fail(c, 400, "ResourceExistsException",
                         "You can't use ClientRequestToken %s because that value is already in "
                         "use for a version of secret %s.",
                         token, s->arn);
    if (rules) {
        cJSON_Delete(s->rotation_rules);
        s->rotation_rules = cJSON_Duplicate(rules, 1);
    }
    if (function && function != s->rotation_lambda_arn) {
        free(s->rotation_lambda_arn);
        s->rotation_lambda_arn = xstrdup(function);
    }
    s->rotation_enabled = true;
    double now = sm_now();
    s->next_rotation = schedule_next_rotation(s->rotation_rules,
                                              s->last_rotated ? s->last_rotated : now);
    s->last_changed = now;
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
    if (!function)
        return 0;
    cJSON_AddStringToObject(out, "VersionId", token);
    secret_add_empty_version(s, token, SM_PENDING);
    const cJSON *immediately = cJSON_GetObjectItemCaseSensitive(in, "RotateImmediately");
    struct rotation_request req = {.account = c->route->account, .region = c->route->region,
                                   .secret_arn = s->arn, .function = s->rotation_lambda_arn,
                                   .token = token, .test_only = cJSON_IsFalse(immediately)};
    struct proto_error err = {0};
    if (rotation_start(&req, &err) != 0) {
        /* The configuration stands, as after a failed step: AWSPENDING says it did not finish. */
        fprintf(stderr, "motoc: secretsmanager: cannot rotate %s: %s %s\n", s->arn, err.code,
                err.message ? err.message : "");
        proto_error_clear(&err);
    }
    return 0;
}

OPERATION(secretsmanager_cancel_rotate_secret)
{
    struct sm_secret *s = writable_secret_for_call(c, sm_region(c), param_string(in, "SecretId"));
    if (!s)
        return -1;
    if (!s->rotation_enabled && !s->rotation_lambda_arn)
        return sm_invalid_request(c, "You tried to enable rotation on a secret that doesn't "
                                     "already have a Lambda function ARN configured and you "
                                     "didn't include such an ARN as a parameter in this call.");
    s->rotation_enabled = false;
    s->next_rotation = 0;
    s->last_changed = sm_now();
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
    struct sm_version *pending = secret_version_with_stage(s, SM_PENDING);
    if (pending && !version_has_stage(pending, SM_CURRENT))
        cJSON_AddStringToObject(out, "VersionId", pending->id);
    return 0;
}
