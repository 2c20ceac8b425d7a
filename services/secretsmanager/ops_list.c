/* ListSecrets and BatchGetSecretValue: the secrets of a region, filtered, sorted and paged. */
#include <stdlib.h>
#include <string.h>

#include "../core/paging.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "kms_key.h"
#include "list_filter.h"
#include "lookup.h"
#include "ops.h"

static struct filter_fields fields_of(const struct sm_secret *s)
{
    return (struct filter_fields){
        .name = s->name,
        .description = s->description,
        .tags = s->tags,
        .primary_region = s->primary_region,
        .owning_service = s->owning_service,
    };
}

static int check_filters(struct call *c, const cJSON *filters)
{
    char problem[256];
    if (list_filters_check(filters, problem, sizeof problem) != 0)
        return sm_invalid_parameter(c, "%s", problem);
    return 0;
}

static bool secret_listed(const struct sm_secret *s, const cJSON *filters, bool with_deleted)
{
    if (s->deleted && !with_deleted)
        return false;
    struct filter_fields fields = fields_of(s);
    return list_filters_match(filters, &fields);
}

/* The sort key SortBy names. */
static double sort_time(const struct sm_secret *s, const char *by)
{
    if (by && strcmp(by, "last-changed-date") == 0)
        return s->last_changed;
    if (by && strcmp(by, "last-accessed-date") == 0)
        return s->last_accessed;
    return s->created;
}

/* qsort's comparison takes no context, so the order of the ListSecrets being answered is
 * here; the event loop answers one call at a time. */
struct sort_context {
    const char *by;
    bool descending;
};
static struct sort_context sorting;

static int compare_secrets(const void *a, const void *b)
{
    const struct sm_secret *x = *(struct sm_secret *const *)a;
    const struct sm_secret *y = *(struct sm_secret *const *)b;
    int order;
    if (sorting.by && strcmp(sorting.by, "name") == 0) {
        order = strcmp(x->name, y->name);
    } else {
        double tx = sort_time(x, sorting.by), ty = sort_time(y, sorting.by);
        order = tx < ty ? -1 : tx > ty;
    }
    return sorting.descending ? -order : order;
}

OPERATION(secretsmanager_list_secrets)
{
    const cJSON *filters = cJSON_GetObjectItemCaseSensitive(in, "Filters");
    if (check_filters(c, filters) != 0)
        return -1;
    long size;
    if (page_size_read(in, "MaxResults", 1, 100, 100, &size) != 0)
        return sm_invalid_parameter(c, "MaxResults must be between 1 and 100.");
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return sm_invalid_parameter(c, "Invalid NextToken.");
    struct secretsmanager_region *r = sm_region(c);
    bool with_deleted = param_true(in, "IncludePlannedDeletion");
    struct sm_secret **listed = r->n_secrets ? malloc(r->n_secrets * sizeof *listed) : NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->n_secrets; i++)
        if (secret_listed(r->secrets[i], filters, with_deleted))
            listed[n++] = r->secrets[i];
    const char *order = param_string(in, "SortOrder");
    sorting = (struct sort_context){param_string(in, "SortBy"), order && !strcmp(order, "desc")};
    if (n > 1)
        qsort(listed, n, sizeof *listed, compare_secrets);
    cJSON *list = cJSON_AddArrayToObject(out, "SecretList");
    size_t end = (size_t)start + (size_t)size;
    for (size_t i = (size_t)start; i < n && i < end; i++) {
        cJSON *entry = cJSON_CreateObject();
        secret_describe(listed[i], entry, true);
        cJSON_AddItemToArray(list, entry);
    }
    if (end < n)
        page_token_add_index(out, "NextToken", end);
    free(listed);
    return 0;
}

static void add_error(cJSON *errors, const char *id, const char *code, const char *message)
{
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "SecretId", id);
    cJSON_AddStringToObject(entry, "ErrorCode", code);
    cJSON_AddStringToObject(entry, "Message", message);
    cJSON_AddItemToArray(errors, entry);
}

/* Whether the secret's key lets its value be read; a refusal becomes an entry of errors. */
static bool value_readable(struct call *c, const struct sm_secret *s, const char *id,
                           cJSON *errors)
{
    struct proto_error refused = {0};
    if (kms_key_use(&refused, c->route->account, c->route->region, s->kms_key_id, KMS_KEY_DECRYPT,
                    NULL) == 0)
        return true;
    add_error(errors, id, refused.code, refused.message ? refused.message : "");
    proto_error_clear(&refused);
    return false;
}

static void batch_by_ids(struct call *c, struct secretsmanager_region *r, const cJSON *ids,
                         cJSON *values, cJSON *errors)
{
    const cJSON *id;
    cJSON_ArrayForEach(id, ids) {
        if (!cJSON_IsString(id))
            continue;
        struct sm_secret *s = region_secret_find(r, id->valuestring);
        struct sm_version *v = s ? secret_version_with_stage(s, SM_CURRENT) : NULL;
        if (!s) {
            add_error(errors, id->valuestring, "ResourceNotFoundException", SM_NOT_FOUND);
        } else if (s->deleted) {
            add_error(errors, id->valuestring, "InvalidRequestException",
                      "You tried to perform the operation on a secret that's currently marked "
                      "deleted.");
        } else if (!v) {
            add_error(errors, id->valuestring, "ResourceNotFoundException",
                      "Secrets Manager can't find the specified secret value for staging label: "
                      "AWSCURRENT");
        } else if (value_readable(c, s, id->valuestring, errors)) {
            cJSON *entry = cJSON_CreateObject();
            s->last_accessed = v->last_accessed = sm_now();
            secret_value_answer(s, v, entry);
            cJSON_AddItemToArray(values, entry);
        }
    }
}

OPERATION(secretsmanager_batch_get_secret_value)
{
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(in, "SecretIdList");
    const cJSON *filters = cJSON_GetObjectItemCaseSensitive(in, "Filters");
    if ((ids != NULL) == (filters != NULL))
        return sm_invalid_parameter(c, "Either 'SecretIdList' or 'Filters' must be provided, but "
                                       "not both.");
    if (!filters && cJSON_GetObjectItemCaseSensitive(in, "MaxResults"))
        return sm_invalid_parameter(c, "'Filters' not specified. 'Filters' must also be specified "
                                       "when 'MaxResults' is provided.");
    if (check_filters(c, filters) != 0)
        return -1;
    struct secretsmanager_region *r = sm_region(c);
    cJSON *values = cJSON_AddArrayToObject(out, "SecretValues");
    cJSON *errors = cJSON_AddArrayToObject(out, "Errors");
    if (ids) {
        batch_by_ids(c, r, ids, values, errors);
        return 0;
    }
    long size;
    if (page_size_read(in, "MaxResults", 1, 20, 20, &size) != 0)
        return sm_invalid_parameter(c, "MaxResults must be between 1 and 20.");
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return sm_invalid_parameter(c, "Invalid NextToken.");
    size_t matched = 0, end = (size_t)start + (size_t)size;
    for (size_t i = 0; i < r->n_secrets; i++) {
        struct sm_secret *s = r->secrets[i];
        if (!secret_listed(s, filters, false))
            continue;
        size_t position = matched++;
        if (position < (size_t)start || position >= end)
            continue;
        struct sm_version *v = secret_version_with_stage(s, SM_CURRENT);
        if (!v)
            return sm_not_found(c, "Secrets Manager can't find the specified secret value for "
                                   "staging label: AWSCURRENT");
        if (!value_readable(c, s, s->name, errors))
            continue;
        cJSON *entry = cJSON_CreateObject();
        s->last_accessed = v->last_accessed = sm_now();
        secret_value_answer(s, v, entry);
        cJSON_AddItemToArray(values, entry);
    }
    if (end < matched)
        page_token_add_index(out, "NextToken", end);
    return 0;
}
