/* RotateSecret and CancelRotateSecret.
 *
 * A rotation by Lambda function needs Secrets Manager to invoke that function, which motoc
 * cannot: it emulates no Lambda yet. AWS checks that it may invoke the function before it
 * stores a rotation configuration (and invokes it whether or not RotateImmediately is set:
 * testSecret when false), and answers a function it cannot invoke with AccessDeniedException,
 * leaving the secret unchanged; motoc answers every Lambda rotation so. A secret without a
 * function gets AWS's InvalidRequestException. Only a secret managed by another service
 * (OwningService) rotates without a function: its configuration is recorded. */
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"
#include "lookup.h"
#include "ops.h"
#include "schedule.h"

#define DAY_SECONDS 86400.0

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

static double next_rotation(const cJSON *rules, double from)
{
    const char *expression = param_string(rules, "ScheduleExpression");
    if (expression)
        return schedule_next(expression, from);
    long long days = param_int(rules, "AutomaticallyAfterDays", 0);
    return days > 0 ? from + (double)days * DAY_SECONDS : 0;
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
    if (function)
        return call_fail(c, 400, "AccessDeniedException",
                         "Secrets Manager cannot invoke the specified Lambda function. Ensure that "
                         "the function policy grants access to the principal "
                         "secretsmanager.amazonaws.com.");
    if (!s->owning_service)
        return sm_invalid_request(c, "No Lambda rotation function ARN is associated with this "
                                     "secret.");
    if (rules) {
        cJSON_Delete(s->rotation_rules);
        s->rotation_rules = cJSON_Duplicate(rules, 1);
    }
    s->rotation_enabled = true;
    double now = sm_now();
    s->next_rotation = next_rotation(s->rotation_rules, s->last_rotated ? s->last_rotated : now);
    s->last_changed = now;
    cJSON_AddStringToObject(out, "ARN", s->arn);
    cJSON_AddStringToObject(out, "Name", s->name);
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
