/* Secrets owned by other services (service_secret.h). */
#include "service_secret.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/request_id.h"
#include "secret.h"
#include "state.h"

static void add_value(struct sm_secret *s, const char *value)
{
    char version[37];
    uuid_new(version);
    cJSON *in = cJSON_CreateObject();
    cJSON_AddStringToObject(in, "SecretString", value);
    secret_add_version(s, version, in, NULL);
    cJSON_Delete(in);
}

char *service_secret_create(const char *account, const char *region, const char *name,
                            const char *owning_service, const char *value)
{
    struct secretsmanager_region *r = secretsmanager_region_get(account, region);
    char suffix[7];
    secret_arn_suffix(suffix);
    char *arn = arn_build("secretsmanager", region, account, "secret:%s-%s", name, suffix);
    struct sm_secret *s = secret_new(name, arn);
    s->owning_service = xstrdup(owning_service);
    s->tags = cJSON_CreateArray();
    cJSON *tag = cJSON_CreateObject();
    cJSON_AddStringToObject(tag, "Key", "aws:secretsmanager:owningService");
    cJSON_AddStringToObject(tag, "Value", owning_service);
    cJSON_AddItemToArray(s->tags, tag);
    add_value(s, value);
    region_secret_add(r, s);
    return arn;
}

static struct sm_secret *secret_of(const char *arn_text, struct secretsmanager_region **region)
{
    struct arn arn;
    if (!arn_parse(arn_text, &arn))
        return NULL;
    *region = secretsmanager_region_find(arn.account, arn.region);
    return *region ? region_secret_find(*region, arn_text) : NULL;
}

void service_secret_update(const char *arn, const char *value)
{
    struct secretsmanager_region *r;
    struct sm_secret *s = secret_of(arn, &r);
    if (s)
        add_value(s, value);
}

const char *service_secret_value(const char *arn)
{
    struct secretsmanager_region *r;
    struct sm_secret *s = secret_of(arn, &r);
    const struct sm_version *v = s ? secret_version_with_stage(s, SM_CURRENT) : NULL;
    return v ? v->string : NULL;
}

void service_secret_delete(const char *arn)
{
    struct secretsmanager_region *r;
    struct sm_secret *s = secret_of(arn, &r);
    if (s)
        region_secret_remove(r, s);
}
