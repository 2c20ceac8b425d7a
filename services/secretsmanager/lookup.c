/* Finding the secret an operation works on, and the checks and writes operations share. */
#include "lookup.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/backend.h"
#include "../core/params.h"
#include "../core/request_id.h"

static int fail_with(struct call *c, const char *code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static int fail_with(struct call *c, const char *code, const char *fmt, va_list ap)
{
    return call_vfail(c, 400, code, fmt, ap);
}

int sm_invalid_parameter(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_with(c, "InvalidParameterException", fmt, ap);
    va_end(ap);
    return rc;
}

int sm_invalid_request(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_with(c, "InvalidRequestException", fmt, ap);
    va_end(ap);
    return rc;
}

int sm_not_found(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fail_with(c, "ResourceNotFoundException", fmt, ap);
    va_end(ap);
    return rc;
}

/* A secret whose recovery window has ended is gone, as AWS deletes it then. */
static void drop_expired(struct secretsmanager_region *r)
{
    double now = sm_now();
    for (size_t i = 0; i < r->n_secrets;) {
        struct sm_secret *s = r->secrets[i];
        if (s->deleted && s->deletion_date && s->deletion_date <= now)
            region_secret_remove(r, s);
        else
            i++;
    }
}

struct secretsmanager_region *sm_region(struct call *c)
{
    struct secretsmanager_region *r =
        secretsmanager_region_get(c->route->account, c->route->region);
    drop_expired(r);
    return r;
}

struct sm_secret *secret_for_call(struct call *c, struct secretsmanager_region *r, const char *id)
{
    struct sm_secret *s = region_secret_find(r, id);
    if (!s)
        sm_not_found(c, SM_NOT_FOUND);
    return s;
}

struct sm_secret *live_secret_for_call(struct call *c, struct secretsmanager_region *r,
                                       const char *id)
{
    struct sm_secret *s = secret_for_call(c, r, id);
    if (s && s->deleted) {
        sm_invalid_request(c, SM_MARKED_FOR_DELETION);
        return NULL;
    }
    return s;
}

struct sm_secret *writable_secret_for_call(struct call *c, struct secretsmanager_region *r,
                                           const char *id)
{
    struct sm_secret *s = live_secret_for_call(c, r, id);
    if (s && s->primary_region) {
        sm_invalid_request(c, "Operation not permitted on a replica secret. Call must be made in "
                              "primary secret's region.");
        return NULL;
    }
    return s;
}

int sm_check_value(struct call *c, const cJSON *in)
{
    if (param_string(in, "SecretString") && param_string(in, "SecretBinary"))
        return sm_invalid_parameter(c, "You can't specify both a binary secret value and a string "
                                       "secret value in the same secret.");
    return 0;
}

int sm_check_token(struct call *c, const char *token)
{
    size_t len = token ? strlen(token) : 32;
    if (len < 32 || len > 64)
        return sm_invalid_parameter(c, "ClientRequestToken must be 32-64 characters long.");
    return 0;
}

struct sm_version *sm_put_value(struct call *c, struct sm_secret *s, const char *token,
                                const cJSON *in, const cJSON *stages)
{
    char fresh[37];
    if (!token) {
        uuid_new(fresh);
        token = fresh;
    }
    struct sm_version *existing = secret_version(s, token);
    if (existing && !version_has_value(existing)) {
        /* A rotation's new version, created empty, gets its value from the function. */
        version_fill(existing, in);
        const cJSON *stage;
        cJSON_ArrayForEach(stage, stages)
            if (cJSON_IsString(stage))
                secret_move_stage(s, stage->valuestring, existing);
        if (cJSON_GetArraySize(stages) == 0)
            secret_move_stage(s, SM_CURRENT, existing);
        s->last_changed = sm_now();
        return existing;
    }
    if (existing) {
        if (version_same_value(existing, in))
            return existing;
        call_fail(c, 400, "ResourceExistsException",
                  "You can't use ClientRequestToken %s because that value is already in use for a "
                  "version of secret %s.",
                  token, s->arn);
        return NULL;
    }
    return secret_add_version(s, token, in, stages);
}

/* The ARN of a replica: the primary's with the replica's region. */
static char *replica_arn(const struct sm_secret *primary, const char *region)
{
    struct arn parsed;
    if (!arn_parse(primary->arn, &parsed))
        return xstrdup(primary->arn);
    return arn_build_in_partition(parsed.partition, "secretsmanager", region, parsed.account, "%s",
                                  parsed.resource);
}

void sm_sync_replicas(struct call *c, const struct sm_secret *primary)
{
    const cJSON *replica;
    cJSON_ArrayForEach(replica, primary->replicas) {
        const char *region = param_string(replica, "Region");
        if (!region)
            continue;
        struct secretsmanager_region *there =
            secretsmanager_region_get(c->route->account, region);
        struct sm_secret *old = region_secret_by_name(there, primary->name);
        if (old && !old->primary_region)
            continue; /* a secret of that region's own stands there */
        struct sm_secret *copy = secret_copy(primary);
        free(copy->arn);
        copy->arn = replica_arn(primary, region);
        free(copy->primary_region);
        copy->primary_region = xstrdup(c->route->region);
        cJSON_Delete(copy->replicas);
        copy->replicas = NULL;
        free(copy->policy);
        copy->policy = primary->policy ? xstrdup(primary->policy) : NULL;
        const char *kms = param_string(replica, "KmsKeyId");
        free(copy->kms_key_id);
        copy->kms_key_id = kms ? xstrdup(kms) : NULL;
        if (old)
            region_secret_remove(there, old);
        region_secret_add(there, copy);
    }
}
