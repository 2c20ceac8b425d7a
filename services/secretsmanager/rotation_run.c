/* The steps of a rotation, each an invocation of the rotation function that waits for the one
 * before; the secret is looked up again after each step, since the function (or anyone) may have
 * changed or deleted it meanwhile. */
#include "rotation_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/protocol.h"
#include "../core/request_id.h"
#include "../lambda/invoke_function.h"
#include "schedule.h"
#include "secret.h"
#include "state.h"

static const char *const steps[] = {"createSecret", "setSecret", "testSecret", "finishSecret"};
enum { TEST_STEP = 2, STEP_COUNT = 4 };

struct rotation {
    struct rotation *next;
    char *account, *region, *secret_arn, *function, *token;
    char rotation_token[37];
    int step;
    bool test_only;
    struct lambda_invocation *inv;
};

static struct rotation *rotations;

static void rotation_free(struct rotation *r)
{
    for (struct rotation **p = &rotations; *p; p = &(*p)->next)
        if (*p == r) {
            *p = r->next;
            break;
        }
    free(r->account);
    free(r->region);
    free(r->secret_arn);
    free(r->function);
    free(r->token);
    free(r);
}

static struct sm_secret *rotated_secret(const struct rotation *r)
{
    struct secretsmanager_region *state = secretsmanager_region_find(r->account, r->region);
    struct sm_secret *s = state ? region_secret_find(state, r->secret_arn) : NULL;
    return s && !s->deleted ? s : NULL;
}

/* A test of the configuration leaves no trace: the AWSPENDING version it made goes, unless the
 * function gave it a value (then only the label goes). */
static void drop_test_version(const struct rotation *r)
{
    struct sm_secret *s = rotated_secret(r);
    struct sm_version *v = s ? secret_version(s, r->token) : NULL;
    if (!v)
        return;
    if (version_has_value(v))
        version_remove_stage(v, SM_PENDING);
    else
        secret_remove_version(s, v);
}

static void rotation_succeeded(const struct rotation *r)
{
    struct sm_secret *s = rotated_secret(r);
    if (!s)
        return;
    s->last_rotated = sm_now();
    s->next_rotation = schedule_next_rotation(s->rotation_rules, s->last_rotated);
}

/* AWS records a failed step in CloudTrail and retries the rotation later; motoc says which step
 * failed and why on its log and leaves the secret as the function left it. */
static void log_failure(const struct rotation *r, const struct lambda_outcome *o)
{
    const char *why = o->error_code ? o->error_message : "the function returned an error";
    fprintf(stderr, "motoc: secretsmanager: rotation of %s stopped at %s: %s%s%.*s\n",
            r->secret_arn, steps[r->step], why ? why : "", o->error_code ? "" : ": ",
            o->error_code ? 0 : (int)(o->payload_len > 512 ? 512 : o->payload_len),
            o->payload ? o->payload : "");
}

static int invoke_step(struct rotation *r, struct proto_error *err);

static void step_done(void *arg, const struct lambda_outcome *o)
{
    struct rotation *r = arg;
    r->inv = NULL;
    bool failed = o->error_code || o->function_error;
    if (failed)
        log_failure(r, o);
    if (failed || r->test_only) {
        if (r->test_only)
            drop_test_version(r);
        rotation_free(r);
        return;
    }
    if (r->step == STEP_COUNT - 1) {
        rotation_succeeded(r);
        rotation_free(r);
        return;
    }
    r->step++;
    struct proto_error err = {0};
    if (!rotated_secret(r) || invoke_step(r, &err) != 0) {
        struct lambda_outcome gone = {.error_code = err.code[0] ? err.code : "ResourceNotFound",
                                      .error_message = err.message ? err.message
                                                                   : "the secret is gone"};
        log_failure(r, &gone);
        proto_error_clear(&err);
        rotation_free(r);
    }
}

static int invoke_step(struct rotation *r, struct proto_error *err)
{
    cJSON *event = cJSON_CreateObject();
    cJSON_AddStringToObject(event, "Step", steps[r->step]);
    cJSON_AddStringToObject(event, "SecretId", r->secret_arn);
    cJSON_AddStringToObject(event, "ClientRequestToken", r->token);
    cJSON_AddStringToObject(event, "RotationToken", r->rotation_token);
    char *payload = cJSON_PrintUnformatted(event);
    cJSON_Delete(event);
    r->inv = lambda_invoke_function(r->account, r->region, r->function, NULL, payload,
                                    strlen(payload), step_done, r, err);
    free(payload);
    return r->inv ? 0 : -1;
}

int rotation_start(const struct rotation_request *req, struct proto_error *err)
{
    struct rotation *r = xcalloc(1, sizeof *r);
    r->account = xstrdup(req->account);
    r->region = xstrdup(req->region);
    r->secret_arn = xstrdup(req->secret_arn);
    r->function = xstrdup(req->function);
    r->token = xstrdup(req->token);
    uuid_new(r->rotation_token);
    r->test_only = req->test_only;
    r->step = req->test_only ? TEST_STEP : 0;
    r->next = rotations;
    rotations = r;
    if (invoke_step(r, err) != 0) {
        rotation_free(r);
        return -1;
    }
    return 0;
}

void rotation_reset(void)
{
    while (rotations) {
        if (rotations->inv)
            lambda_invocation_abandon(rotations->inv);
        rotation_free(rotations);
    }
}
