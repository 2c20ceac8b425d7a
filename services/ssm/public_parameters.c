/* The public parameters under /aws/service/global-infrastructure/, made on demand from the
 * generated region and service tables rather than stored in any account. */
#include "public_parameters.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "public_parameters_data.h"

#define ROOT "/aws/service/global-infrastructure"
/* When AWS last changed the published parameters does not matter to clients; a fixed date keeps
 * answers stable. 2019-04-01T00:00:00Z. */
#define PUBLISHED_EPOCH 1554076800.0

/* Stops the walk when it returns true. */
typedef bool (*visit_fn)(void *arg, const char *name, const char *value);

static bool visit(visit_fn fn, void *arg, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool visit(visit_fn fn, void *arg, const char *value, const char *fmt, ...)
{
    char name[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    return fn(arg, name, value);
}

/* Calls fn for every public parameter of the partition, in name order per kind. */
static void walk(const char *partition, visit_fn fn, void *arg)
{
    for (size_t i = 0; i < public_regions_count; i++) {
        const struct public_region *reg = &public_regions[i];
        if (strcmp(reg->partition, partition) != 0)
            continue;
        if (visit(fn, arg, reg->code, ROOT "/regions/%s", reg->code) ||
            visit(fn, arg, reg->domain, ROOT "/regions/%s/domain", reg->code) ||
            visit(fn, arg, reg->long_name, ROOT "/regions/%s/longName", reg->code) ||
            visit(fn, arg, reg->partition, ROOT "/regions/%s/partition", reg->code))
            return;
        for (size_t k = 0; k < public_service_regions_count; k++) {
            const struct public_service_region *sr = &public_service_regions[k];
            const char *service = public_services[sr->service].name;
            if (sr->region == i &&
                visit(fn, arg, service, ROOT "/regions/%s/services/%s", reg->code, service))
                return;
        }
    }
    for (size_t s = 0; s < public_services_count; s++) {
        const struct public_service *svc = &public_services[s];
        if (strcmp(svc->partition, partition) != 0)
            continue;
        if (visit(fn, arg, svc->name, ROOT "/services/%s", svc->name))
            return;
        for (size_t k = 0; k < public_service_regions_count; k++) {
            const struct public_service_region *sr = &public_service_regions[k];
            const char *region = public_regions[sr->region].code;
            if (sr->service == s &&
                visit(fn, arg, region, ROOT "/services/%s/regions/%s", svc->name, region))
                return;
        }
    }
}

static cJSON *version_new(const struct ssm_region *r, const char *name, const char *value)
{
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "Name", name);
    cJSON_AddStringToObject(v, "Type", "String");
    cJSON_AddStringToObject(v, "Value", value);
    cJSON_AddNumberToObject(v, "Version", 1);
    cJSON_AddNumberToObject(v, "LastModifiedDate", PUBLISHED_EPOCH);
    char *arn = arn_build("ssm", r->region, "", "parameter%s", name);
    cJSON_AddStringToObject(v, "ARN", arn);
    free(arn);
    cJSON_AddStringToObject(v, "DataType", "text");
    cJSON_AddArrayToObject(v, "Labels");
    cJSON_AddStringToObject(v, "Tier", "Standard");
    cJSON_AddArrayToObject(v, "Policies");
    return v;
}

struct lookup {
    const struct ssm_region *r;
    const char *name;
    cJSON *found;
};

static bool match_name(void *arg, const char *name, const char *value)
{
    struct lookup *l = arg;
    if (strcmp(name, l->name) != 0)
        return false;
    l->found = version_new(l->r, name, value);
    return true;
}

cJSON *public_parameter_new(const struct ssm_region *r, const char *name)
{
    if (strncmp(name, ROOT "/", strlen(ROOT) + 1) != 0)
        return NULL;
    struct lookup l = {r, name, NULL};
    walk(partition_for_region(r->region), match_name, &l);
    if (!l.found)
        return NULL;
    cJSON *parameter = cJSON_CreateObject();
    cJSON_AddStringToObject(parameter, "Name", name);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(parameter, "Versions"), l.found);
    return parameter;
}

struct listing {
    const struct ssm_region *r;
    const char *path;
    size_t path_len;
    bool recursive;
    size_t skip, limit, seen;
    bool more;
    cJSON *list;
};

static bool match_path(void *arg, const char *name, const char *value)
{
    struct listing *l = arg;
    if (strncmp(name, l->path, l->path_len) != 0 || name[l->path_len] != '/')
        return false;
    if (!l->recursive && strchr(name + l->path_len + 1, '/'))
        return false;
    if (l->seen++ < l->skip)
        return false;
    if (l->seen > l->skip + l->limit) {
        l->more = true;
        return true;
    }
    cJSON_AddItemToArray(l->list, version_new(l->r, name, value));
    return false;
}

bool public_parameters_under(const struct ssm_region *r, const char *path, bool recursive,
                             size_t skip, size_t limit, cJSON *list)
{
    size_t len = strlen(path);
    /* Only paths inside the published tree, or above it when recursive, hold any. */
    bool inside = strncmp(path, ROOT, strlen(ROOT)) == 0;
    bool above = recursive && strncmp(ROOT, path, len) == 0 && ROOT[len] == '/';
    if (!inside && !above)
        return false;
    struct listing l = {r, path, len, recursive, skip, limit, 0, false, list};
    walk(partition_for_region(r->region), match_path, &l);
    return l.more;
}
