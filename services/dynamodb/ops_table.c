/* Table lifecycle and settings: Create/Describe/List/Update/DeleteTable, time to live,
 * continuous backups, tags, endpoints and limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "ops.h"
#include "request.h"
#include "stream.h"
#include "table_sse.h"

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *resource)
{
    (void)resource;
    switch (problem) {
    case TAG_TOO_MANY:
        return error_fail(err, 400, "ValidationException",
                          "One or more parameter values were invalid: The number of tags "
                          "exceeds the limit of 50");
    case TAG_KEY_RESERVED:
        return error_fail(err, 400, "ValidationException",
                          "One or more parameter values were invalid: Tag key %s uses the "
                          "reserved prefix aws:",
                          tag);
    default:
        return error_fail(err, 400, "ValidationException",
                          "One or more parameter values were invalid: Invalid tag %s",
                          tag ? tag : "");
    }
}

static const struct tag_rules table_tag_rules = {
    .reserve_aws_prefix = true,
    .refuse = refuse_tag,
};

#define MAX_LSIS 5
#define MAX_GSIS 20

static enum av_type defined_type(const cJSON *defs, const char *name)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, defs)
    {
        const char *n = param_string(d, "AttributeName");
        if (n && strcmp(n, name) == 0)
            return av_type_from_name(param_string(d, "AttributeType"));
    }
    return AV_NONE;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "a, b, c": names (n of them), sorted as DynamoDB lists them in its messages. */
static void list_sorted(const char **names, size_t n, struct buf *out)
{
    qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s%s", i ? ", " : "", names[i]);
}

static void describe_names(const cJSON *defs, struct buf *out)
{
    size_t n = 0;
    const char **names = xcalloc((size_t)cJSON_GetArraySize(defs) + 1, sizeof *names);
    const cJSON *d;
    cJSON_ArrayForEach(d, defs)
    {
        const char *name = param_string(d, "AttributeName");
        if (name)
            names[n++] = name;
    }
    list_sorted(names, n, out);
    free(names);
}

/* A KeySchema parameter into k; index_name NULL for the table's own schema. */
static int parse_key_schema(struct call *c, const cJSON *schema, const cJSON *defs,
                            struct ddb_key_schema *k)
{
    memset(k, 0, sizeof *k);
    int n = cJSON_GetArraySize(schema);
    const cJSON *first = cJSON_GetArrayItem(schema, 0), *second = cJSON_GetArrayItem(schema, 1);
    if (n < 1 || n > 2) {
        /* DynamoDB shows the value as its Java objects print themselves. */
        struct buf shown = BUF_INIT;
        const cJSON *e;
        cJSON_ArrayForEach(e, schema)
        {
            const char *name = param_string(e, "AttributeName");
            const char *type = param_string(e, "KeyType");
            buf_printf(&shown, "%sKeySchemaElement(attributeName=%s, keyType=%s)",
                       shown.len ? ", " : "", name ? name : "null", type ? type : "null");
        }
        ddb_validation(c,
                       "1 validation error detected: Value '[%s]' at 'keySchema' failed to "
                       "satisfy constraint: Member must have length %s",
                       shown.data ? shown.data : "",
                       n < 1 ? "greater than or equal to 1" : "less than or equal to 2");
        buf_free(&shown);
        return -1;
    }
    if (strcmp(param_string(first, "KeyType"), "HASH") != 0)
        return ddb_validation(c, "Invalid KeySchema: The first KeySchemaElement is not a HASH key "
                                 "type");
    if (second && strcmp(param_string(second, "KeyType"), "RANGE") != 0)
        return ddb_validation(c,
                              "Invalid KeySchema: The second KeySchemaElement is not a RANGE key "
                              "type");
    const char *hash = param_string(first, "AttributeName");
    const char *range = second ? param_string(second, "AttributeName") : NULL;
    if (range && strcmp(hash, range) == 0)
        return ddb_validation(c,
                              "Both the Hash Key and the Range Key element in the KeySchema have "
                              "the same name");
    enum av_type ht = defined_type(defs, hash);
    enum av_type rt = range ? defined_type(defs, range) : AV_NONE;
    if (ht == AV_NONE || (range && rt == AV_NONE)) {
        struct buf names = BUF_INIT;
        describe_names(defs, &names);
        ddb_validation(c,
                       "One or more parameter values were invalid: Some index key attributes "
                       "are not defined in AttributeDefinitions. Keys: [%s%s%s], "
                       "AttributeDefinitions: [%s]",
                       hash, range ? ", " : "", range ? range : "", names.data ? names.data : "");
        buf_free(&names);
        return -1;
    }
    k->hash = xstrdup(hash);
    k->range = range ? xstrdup(range) : NULL;
    k->hash_type = ht;
    k->range_type = rt;
    return 0;
}

static char *index_arn(const struct ddb_table *t, const char *name)
{
    struct buf arn = BUF_INIT;
    buf_printf(&arn, "%s/index/%s", t->arn, name);
    return buf_take(&arn);
}

static int parse_projection(struct call *c, const cJSON *spec, struct ddb_index *idx)
{
    const cJSON *proj = cJSON_GetObjectItemCaseSensitive(spec, "Projection");
    const char *type = param_string(proj, "ProjectionType");
    const cJSON *non_key = cJSON_GetObjectItemCaseSensitive(proj, "NonKeyAttributes");
    if (!type)
        type = "ALL";
    if (strcmp(type, "INCLUDE") != 0 && non_key)
        return ddb_validation(c,
                              "One or more parameter values were invalid: ProjectionType is %s, "
                              "but NonKeyAttributes is specified",
                              type);
    idx->projection_type = xstrdup(type);
    idx->non_key_attributes = non_key ? cJSON_Duplicate(non_key, true) : NULL;
    return 0;
}

/* The WarmThroughput member of spec (a CreateTable or UpdateTable request, or a GSI) into w;
 * index names the GSI in errors (NULL for the table). 0, or -1 after failing the call. */
static int parse_warm(struct call *c, const cJSON *spec, bool on_demand, const char *index,
                      struct ddb_warm_throughput *w)
{
    const cJSON *warm = cJSON_GetObjectItemCaseSensitive(spec, "WarmThroughput");
    if (!warm)
        return 0;
    long long read = param_int(warm, "ReadUnitsPerSecond", 0);
    long long write = param_int(warm, "WriteUnitsPerSecond", 0);
    const char *too_low = NULL;
    if (on_demand && read && read < WARM_DEFAULT_READ)
        too_low = "ReadUnitsPerSecond";
    else if (on_demand && write && write < WARM_DEFAULT_WRITE)
        too_low = "WriteUnitsPerSecond";
    if (too_low)
        return ddb_validation(c,
                              "One or more parameter values were invalid: Requested %s for "
                              "WarmThroughput for %s%s is lower than initial throughput for "
                              "OnDemand",
                              too_low, index ? "index " : "table", index ? index : "");
    if (read)
        w->read = read;
    if (write)
        w->write = write;
    return 0;
}

static int parse_index(struct call *c, struct ddb_table *t, const cJSON *spec, const cJSON *defs,
                       bool global, bool on_demand, struct ddb_index *idx)
{
    memset(idx, 0, sizeof *idx);
    idx->global = global;
    const char *name = param_string(spec, "IndexName");
    idx->name = xstrdup(name);
    idx->arn = index_arn(t, name);
    if (parse_key_schema(c, cJSON_GetObjectItemCaseSensitive(spec, "KeySchema"), defs, &idx->key) ||
        parse_projection(c, spec, idx))
        return -1;
    if (!global && strcmp(idx->key.hash, t->key.hash) != 0)
        return ddb_validation(c,
                              "One or more parameter values were invalid: Index KeySchema does "
                              "not have the same leading hash key as table KeySchema for index: "
                              "%s. index hash key: %s, table hash key: %s",
                              name, idx->key.hash, t->key.hash);
    if (!global && !t->key.range)
        return ddb_validation(c, "One or more parameter values were invalid: Table KeySchema does "
                                 "not have a range key, which is required when specifying a "
                                 "LocalSecondaryIndex");
    const cJSON *tp = cJSON_GetObjectItemCaseSensitive(spec, "ProvisionedThroughput");
    if (global && !on_demand && !tp)
        return ddb_validation(c,
                              "One or more parameter values were invalid: ProvisionedThroughput "
                              "must be specified for index: %s",
                              name);
    if (global && on_demand && tp)
        return ddb_validation(c,
                              "One or more parameter values were invalid: ProvisionedThroughput "
                              "should not be specified for index: %s when BillingMode is "
                              "PAY_PER_REQUEST",
                              name);
    idx->rcu = param_int(tp, "ReadCapacityUnits", 0);
    idx->wcu = param_int(tp, "WriteCapacityUnits", 0);
    const cJSON *od = cJSON_GetObjectItemCaseSensitive(spec, "OnDemandThroughput");
    idx->on_demand = od ? cJSON_Duplicate(od, true) : NULL;
    idx->entries = oidx_new(4);
    return global ? parse_warm(c, spec, on_demand, name, &idx->warm) : 0;
}

static bool key_uses(const struct ddb_key_schema *k, const char *name)
{
    return strcmp(k->hash, name) == 0 || (k->range && strcmp(k->range, name) == 0);
}

/* Adds the key's attributes to names (n so far) unless already there. */
static void add_key_names(const struct ddb_key_schema *k, const char **names, size_t *n)
{
    const char *key[2] = {k->hash, k->range};
    for (int i = 0; i < 2 && key[i]; i++) {
        size_t j = 0;
        while (j < *n && strcmp(names[j], key[i]) != 0)
            j++;
        if (j == *n)
            names[(*n)++] = key[i];
    }
}

static int check_definitions_used(struct call *c, const struct ddb_table *t, const cJSON *defs)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, defs)
    {
        const char *name = param_string(d, "AttributeName");
        bool used = key_uses(&t->key, name);
        for (int i = 0; !used && i < t->nindexes; i++)
            used = key_uses(&t->indexes[i].key, name);
        if (used)
            continue;
        if (t->nindexes == 0)
            return ddb_validation(c, "One or more parameter values were invalid: Number of "
                                     "attributes in KeySchema does not exactly match number of "
                                     "attributes defined in AttributeDefinitions");
        const char **keys = xcalloc(2 * ((size_t)t->nindexes + 1), sizeof *keys);
        size_t n = 0;
        add_key_names(&t->key, keys, &n);
        for (int i = 0; i < t->nindexes; i++)
            add_key_names(&t->indexes[i].key, keys, &n);
        struct buf defined = BUF_INIT, used_keys = BUF_INIT;
        describe_names(defs, &defined);
        list_sorted(keys, n, &used_keys);
        ddb_validation(c,
                       "One or more parameter values were invalid: Some AttributeDefinitions are "
                       "not used. AttributeDefinitions: [%s], keys used: [%s]",
                       defined.data, used_keys.data);
        buf_free(&defined);
        buf_free(&used_keys);
        free(keys);
        return -1;
    }
    return 0;
}

static int parse_indexes(struct call *c, struct ddb_table *t, const cJSON *in, const cJSON *defs,
                         bool on_demand)
{
    const cJSON *lsis = cJSON_GetObjectItemCaseSensitive(in, "LocalSecondaryIndexes");
    const cJSON *gsis = cJSON_GetObjectItemCaseSensitive(in, "GlobalSecondaryIndexes");
    if (cJSON_IsArray(lsis) && !lsis->child)
        return ddb_validation(c, "One or more parameter values were invalid: List of "
                                 "LocalSecondaryIndexes is empty");
    if (cJSON_IsArray(gsis) && !gsis->child)
        return ddb_validation(c, "One or more parameter values were invalid: List of "
                                 "GlobalSecondaryIndexes is empty");
    if (cJSON_GetArraySize(lsis) > MAX_LSIS)
        return ddb_validation(c,
                              "One or more parameter values were invalid: Number of "
                              "LocalSecondaryIndexes exceeds per-table limit of %d",
                              MAX_LSIS);
    if (cJSON_GetArraySize(gsis) > MAX_GSIS)
        return ddb_validation(c,
                              "One or more parameter values were invalid: GlobalSecondary Index "
                              "count exceeds the per-table limit of %d",
                              MAX_GSIS);
    int total = cJSON_GetArraySize(lsis) + cJSON_GetArraySize(gsis);
    t->indexes = xcalloc((size_t)total + 1, sizeof *t->indexes);
    const cJSON *lists[2] = {lsis, gsis};
    for (int g = 0; g < 2; g++) {
        const cJSON *spec;
        cJSON_ArrayForEach(spec, lists[g])
        {
            const char *name = param_string(spec, "IndexName");
            if (ddb_table_index(t, name))
                return ddb_validation(c,
                                      "One or more parameter values were invalid: Duplicate "
                                      "index name: %s",
                                      name);
            struct ddb_index *idx = &t->indexes[t->nindexes++];
            if (parse_index(c, t, spec, defs, g == 1, on_demand, idx))
                return -1;
        }
    }
    return 0;
}

static int parse_billing(struct call *c, struct ddb_table *t, const cJSON *in)
{
    const char *mode = param_string(in, "BillingMode");
    const cJSON *tp = cJSON_GetObjectItemCaseSensitive(in, "ProvisionedThroughput");
    t->billing_mode = xstrdup(mode ? mode : "PROVISIONED");
    if (ddb_table_on_demand(t)) {
        if (tp)
            return ddb_validation(c, "One or more parameter values were invalid: Neither "
                                     "ReadCapacityUnits nor WriteCapacityUnits can be specified "
                                     "when BillingMode is PAY_PER_REQUEST");
        return 0;
    }
    if (!tp)
        return ddb_validation(c, "One or more parameter values were invalid: ReadCapacityUnits and "
                                 "WriteCapacityUnits must both be specified when BillingMode is "
                                 "PROVISIONED");
    t->rcu = param_int(tp, "ReadCapacityUnits", 0);
    t->wcu = param_int(tp, "WriteCapacityUnits", 0);
    return 0;
}

static int start_stream(struct call *c, struct ddb_table *t, const cJSON *spec)
{
    if (!spec || !param_bool(spec, "StreamEnabled", false))
        return 0;
    const char *view = param_string(spec, "StreamViewType");
    if (!view)
        return ddb_validation(c, "One or more parameter values were invalid: StreamViewType must "
                                 "be specified when StreamEnabled is true");
    ddb_stream_start(ddb_call_region(c), t, view);
    return 0;
}

/* Table names are 3-255 characters of [a-zA-Z0-9_.-]; the model allows ARNs in their place, so
 * this is checked here. */
static int check_table_name(struct call *c, const char *name)
{
    size_t len = strlen(name);
    if (len < 3)
        return ddb_validation(c,
                              "1 validation error detected: Value '%s' at 'tableName' failed to "
                              "satisfy constraint: Member must have length greater than or "
                              "equal to 3",
                              name);
    if (len > 255)
        return ddb_validation(c,
                              "1 validation error detected: Value '%s' at 'tableName' failed to "
                              "satisfy constraint: Member must have length less than or equal "
                              "to 255",
                              name);
    for (const char *p = name; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-';
        if (!ok)
            return ddb_validation(c,
                                  "1 validation error detected: Value '%s' at 'tableName' "
                                  "failed to satisfy constraint: Member must satisfy regular "
                                  "expression pattern: [a-zA-Z0-9_.-]+",
                                  name);
    }
    return 0;
}

struct ddb_table *ddb_table_from_request(struct call *c, const cJSON *in)
{
    struct ddb_region *r = ddb_call_region(c);
    const char *name = param_string(in, "TableName");
    if (check_table_name(c, name))
        return NULL;
    const cJSON *defs = cJSON_GetObjectItemCaseSensitive(in, "AttributeDefinitions");
    struct ddb_table *t = ddb_table_new();
    t->name = xstrdup(name);
    t->arn = arn_build("dynamodb", r->region, r->account, "table/%s", name);
    t->attribute_definitions = cJSON_Duplicate(defs, true);
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(in, "KeySchema");
    if (cJSON_GetArraySize(schema) <= 2 &&
        cJSON_GetArraySize(schema) > cJSON_GetArraySize(defs)) {
        ddb_validation(c, "Invalid KeySchema: Some index key attribute have no definition");
        goto fail;
    }
    if (parse_key_schema(c, schema, defs, &t->key) ||
        parse_billing(c, t, in) ||
        parse_indexes(c, t, in, defs, ddb_table_on_demand(t)) ||
        check_definitions_used(c, t, defs))
        goto fail;
    if (ddb_table_find(r, name)) {
        call_fail(c, 400, "ResourceInUseException", "Table already exists: %s", name);
        goto fail;
    }
    const cJSON *spec = cJSON_GetObjectItemCaseSensitive(in, "StreamSpecification");
    if (spec && param_bool(spec, "StreamEnabled", false) && !param_string(spec, "StreamViewType")) {
        ddb_validation(c, "One or more parameter values were invalid: StreamViewType must be "
                          "specified when StreamEnabled is true");
        goto fail;
    }
    if (ddb_sse_description(c, cJSON_GetObjectItemCaseSensitive(in, "SSESpecification"),
                            &t->sse) != 0)
        goto fail;
    const char *table_class = param_string(in, "TableClass");
    t->table_class = table_class ? xstrdup(table_class) : NULL;
    t->deletion_protection = param_bool(in, "DeletionProtectionEnabled", false);
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    if (tags) {
        cJSON_Delete(t->tags);
        if (!(t->tags = tags_from_request(tags, &table_tag_rules, NULL, c->err)))
            goto fail;
    }
    const cJSON *od = cJSON_GetObjectItemCaseSensitive(in, "OnDemandThroughput");
    t->on_demand = od ? cJSON_Duplicate(od, true) : NULL;
    const char *policy = param_string(in, "ResourcePolicy");
    if ((policy && ddb_policy_slot_create(c, &t->policy, policy) != 0) ||
        parse_warm(c, in, ddb_table_on_demand(t), NULL, &t->warm))
        goto fail;
    return t;
fail:
    ddb_table_free(t);
    return NULL;
}

int ddb_create_table(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = ddb_table_from_request(c, in);
    if (!t)
        return -1;
    ddb_region_add_table(ddb_call_region(c), t);
    start_stream(c, t, cJSON_GetObjectItemCaseSensitive(in, "StreamSpecification"));
    cJSON_AddItemToObject(out, "TableDescription", ddb_table_describe(t));
    return 0;
}

static struct ddb_table *require_table_verbose(struct call *c, const char *name)
{
    struct ddb_table *t = ddb_table_lookup(ddb_call_region(c), name);
    if (!t)
        call_fail_resource_not_found(c, "Requested resource not found: Table: %s not found", name);
    return t;
}

int ddb_describe_table(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = require_table_verbose(c, param_string(in, "TableName"));
    if (!t)
        return -1;
    ddb_table_expire(t);
    cJSON_AddItemToObject(out, "Table", ddb_table_describe(t));
    return 0;
}

static const char *table_name_at(const void *tables, size_t i)
{
    return ((struct ddb_table *const *)tables)[i]->name;
}

int ddb_list_tables(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_region *r = ddb_call_region(c);
    struct page_range page = page_after_name(r->tables, r->ntables, table_name_at,
                                             param_string(in, "ExclusiveStartTableName"),
                                             (size_t)param_int(in, "Limit", 100));
    cJSON *names = cJSON_AddArrayToObject(out, "TableNames");
    for (size_t i = page.begin; i < page.end; i++)
        cJSON_AddItemToArray(names, cJSON_CreateString(r->tables[i]->name));
    if (page.more && page.end > page.begin)
        cJSON_AddStringToObject(out, "LastEvaluatedTableName", r->tables[page.end - 1]->name);
    return 0;
}

int ddb_delete_table(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_region *r = ddb_call_region(c);
    struct ddb_table *t = require_table_verbose(c, param_string(in, "TableName"));
    if (!t)
        return -1;
    if (t->deletion_protection)
        return ddb_validation(c, "Resource cannot be deleted as it is currently protected "
                                 "against deletion. Disable deletion protection first.");
    cJSON *d = ddb_table_describe(t);
    cJSON_ReplaceItemInObjectCaseSensitive(d, "TableStatus", cJSON_CreateString("DELETING"));
    cJSON_AddItemToObject(out, "TableDescription", d);
    if (t->stream)
        t->stream->enabled = false;
    ddb_region_remove_table(r, t);
    ddb_table_free(t);
    return 0;
}

/* ---- UpdateTable ---- */

static int update_throughput(struct call *c, struct ddb_table *t, const cJSON *in)
{
    const char *mode = param_string(in, "BillingMode");
    const cJSON *tp = cJSON_GetObjectItemCaseSensitive(in, "ProvisionedThroughput");
    if (mode && strcmp(mode, t->billing_mode) != 0) {
        if (strcmp(mode, "PROVISIONED") == 0 && !tp)
            return ddb_validation(c, "One or more parameter values were invalid: ReadCapacityUnits "
                                     "and WriteCapacityUnits must both be specified when "
                                     "BillingMode is PROVISIONED");
        free(t->billing_mode);
        t->billing_mode = xstrdup(mode);
        t->billing_mode_changed = ddb_now_seconds();
    }
    if (!tp)
        return 0;
    if (ddb_table_on_demand(t))
        return ddb_validation(c, "One or more parameter values were invalid: Neither "
                                 "ReadCapacityUnits nor WriteCapacityUnits can be specified when "
                                 "BillingMode is PAY_PER_REQUEST");
    long long rcu = param_int(tp, "ReadCapacityUnits", 0),
              wcu = param_int(tp, "WriteCapacityUnits", 0);
    if (rcu == t->rcu && wcu == t->wcu && !mode)
        return ddb_validation(c,
                              "The provisioned throughput for the table will not change. The "
                              "requested value equals the current value. Current "
                              "ReadCapacityUnits provisioned for the table: %lld. Requested "
                              "ReadCapacityUnits: %lld. Current WriteCapacityUnits provisioned "
                              "for the table: %lld. Requested WriteCapacityUnits: %lld. Refer "
                              "to the Amazon DynamoDB Developer Guide for current limits and "
                              "how to request higher limits.",
                              t->rcu, rcu, t->wcu, wcu);
    double now = ddb_now_seconds();
    if (rcu > t->rcu || wcu > t->wcu)
        t->last_increase = now;
    if (rcu < t->rcu || wcu < t->wcu) {
        t->last_decrease = now;
        t->decreases_today++;
    }
    t->rcu = rcu;
    t->wcu = wcu;
    return 0;
}

static void merge_definitions(struct ddb_table *t, const cJSON *defs)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, defs)
    {
        if (defined_type(t->attribute_definitions, param_string(d, "AttributeName")) == AV_NONE)
            cJSON_AddItemToArray(t->attribute_definitions, cJSON_Duplicate(d, true));
    }
}

static int remove_index(struct call *c, struct ddb_table *t, const char *name)
{
    struct ddb_index *idx = ddb_table_index(t, name);
    if (!idx || !idx->global)
        return call_fail_resource_not_found(c, "Requested resource not found: Index: %s not found",
                                            name);
    ddb_index_free(idx);
    int i = (int)(idx - t->indexes);
    memmove(&t->indexes[i], &t->indexes[i + 1], (size_t)(t->nindexes - i - 1) * sizeof *idx);
    t->nindexes--;
    return 0;
}

static int update_indexes(struct call *c, struct ddb_table *t, const cJSON *in)
{
    const cJSON *updates = cJSON_GetObjectItemCaseSensitive(in, "GlobalSecondaryIndexUpdates");
    const cJSON *u;
    cJSON_ArrayForEach(u, updates)
    {
        const cJSON *create = cJSON_GetObjectItemCaseSensitive(u, "Create");
        const cJSON *del = cJSON_GetObjectItemCaseSensitive(u, "Delete");
        const cJSON *upd = cJSON_GetObjectItemCaseSensitive(u, "Update");
        if (create) {
            const char *name = param_string(create, "IndexName");
            if (ddb_table_index(t, name))
                return ddb_validation(c,
                                      "One or more parameter values were invalid: Index %s "
                                      "already exists",
                                      name);
            merge_definitions(t, cJSON_GetObjectItemCaseSensitive(in, "AttributeDefinitions"));
            struct ddb_index idx;
            if (parse_index(c, t, create, t->attribute_definitions, true,
                            ddb_table_on_demand(t), &idx)) {
                ddb_index_free(&idx);
                return -1;
            }
            t->indexes = xrealloc(t->indexes, (size_t)(t->nindexes + 1) * sizeof *t->indexes);
            t->indexes[t->nindexes] = idx;
            ddb_index_rebuild(t, &t->indexes[t->nindexes]);
            t->nindexes++;
        } else if (del) {
            if (remove_index(c, t, param_string(del, "IndexName")))
                return -1;
        } else if (upd) {
            const char *name = param_string(upd, "IndexName");
            struct ddb_index *idx = ddb_table_index(t, name);
            if (!idx)
                return call_fail_resource_not_found(
                    c, "Requested resource not found: Index: %s not found", name);
            const cJSON *tp = cJSON_GetObjectItemCaseSensitive(upd, "ProvisionedThroughput");
            idx->rcu = param_int(tp, "ReadCapacityUnits", idx->rcu);
            idx->wcu = param_int(tp, "WriteCapacityUnits", idx->wcu);
        }
    }
    return 0;
}

static int update_stream(struct call *c, struct ddb_table *t, const cJSON *spec)
{
    if (!spec)
        return 0;
    bool enable = param_bool(spec, "StreamEnabled", false);
    if (enable && t->stream && t->stream->enabled)
        return ddb_validation(c, "Table already has an enabled stream: TableName: %s", t->name);
    if (!enable && !(t->stream && t->stream->enabled))
        return ddb_validation(c, "Table already has no enabled stream: TableName: %s", t->name);
    if (!enable) {
        t->stream->enabled = false;
        return 0;
    }
    return start_stream(c, t, spec);
}

int ddb_update_table(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = require_table_verbose(c, param_string(in, "TableName"));
    if (!t)
        return -1;
    static const char *const UPDATABLE[] = {"ProvisionedThroughput",
                                            "BillingMode",
                                            "StreamSpecification",
                                            "GlobalSecondaryIndexUpdates",
                                            "SSESpecification",
                                            "ReplicaUpdates",
                                            "DeletionProtectionEnabled",
                                            "TableClass",
                                            "OnDemandThroughput",
                                            "WarmThroughput",
                                            NULL};
    bool any = false;
    for (const char *const *u = UPDATABLE; *u; u++)
        any = any || cJSON_GetObjectItemCaseSensitive(in, *u);
    if (!any)
        return ddb_validation(c, "At least one of ProvisionedThroughput, BillingMode, "
                                 "UpdateStreamEnabled, GlobalSecondaryIndexUpdates, "
                                 "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
                                 "ReplicaTransitRoleArn, MultiRegionConsistency, "
                                 "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput "
                                 "or TableClass is required");
    const cJSON *sse = cJSON_GetObjectItemCaseSensitive(in, "SSESpecification");
    cJSON *sse_description = NULL;
    if (sse && ddb_sse_description(c, sse, &sse_description) != 0)
        return -1;
    if (parse_warm(c, in, ddb_table_on_demand(t), NULL, &t->warm) ||
        update_throughput(c, t, in) || update_indexes(c, t, in) ||
        update_stream(c, t, cJSON_GetObjectItemCaseSensitive(in, "StreamSpecification"))) {
        cJSON_Delete(sse_description);
        return -1;
    }
    if (sse) {
        cJSON_Delete(t->sse);
        t->sse = sse_description;
    }
    const cJSON *dp = cJSON_GetObjectItemCaseSensitive(in, "DeletionProtectionEnabled");
    if (cJSON_IsBool(dp))
        t->deletion_protection = cJSON_IsTrue(dp);
    const char *table_class = param_string(in, "TableClass");
    if (table_class) {
        free(t->table_class);
        t->table_class = xstrdup(table_class);
    }
    cJSON_AddItemToObject(out, "TableDescription", ddb_table_describe(t));
    return 0;
}

/* ---- time to live ---- */

int ddb_update_time_to_live(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = require_table_verbose(c, param_string(in, "TableName"));
    if (!t)
        return -1;
    const cJSON *spec = cJSON_GetObjectItemCaseSensitive(in, "TimeToLiveSpecification");
    bool enable = param_bool(spec, "Enabled", false);
    const char *attr = param_string(spec, "AttributeName");
    if (enable && t->ttl_attribute && attr && strcmp(attr, t->ttl_attribute) != 0)
        return ddb_validation(c, "TimeToLive is active on a different AttributeName: current "
                                 "AttributeName is %s",
                              t->ttl_attribute);
    if (enable && t->ttl_attribute)
        return ddb_validation(c, "TimeToLive is already enabled");
    if (!enable && !t->ttl_attribute)
        return ddb_validation(c, "TimeToLive is already disabled");
    ddb_table_set_ttl(t, enable ? attr : NULL);
    cJSON_AddItemToObject(out, "TimeToLiveSpecification", cJSON_Duplicate(spec, true));
    return 0;
}

int ddb_describe_time_to_live(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = require_table_verbose(c, param_string(in, "TableName"));
    if (!t)
        return -1;
    cJSON *d = cJSON_AddObjectToObject(out, "TimeToLiveDescription");
    cJSON_AddStringToObject(d, "TimeToLiveStatus", t->ttl_attribute ? "ENABLED" : "DISABLED");
    if (t->ttl_attribute)
        cJSON_AddStringToObject(d, "AttributeName", t->ttl_attribute);
    return 0;
}

/* ---- continuous backups ---- */

static void continuous_backups(const struct ddb_table *t, cJSON *out)
{
    cJSON *d = cJSON_AddObjectToObject(out, "ContinuousBackupsDescription");
    cJSON_AddStringToObject(d, "ContinuousBackupsStatus", "ENABLED");
    cJSON *p = cJSON_AddObjectToObject(d, "PointInTimeRecoveryDescription");
    cJSON_AddStringToObject(p, "PointInTimeRecoveryStatus",
                            t->pitr_enabled ? "ENABLED" : "DISABLED");
    if (t->pitr_enabled) {
        double now = ddb_now_seconds();
        cJSON_AddNumberToObject(p, "RecoveryPeriodInDays", t->pitr_days);
        cJSON_AddNumberToObject(p, "EarliestRestorableDateTime", ddb_pitr_earliest(t, now));
        cJSON_AddNumberToObject(p, "LatestRestorableDateTime", now);
    }
}

static struct ddb_table *require_table_for_backups(struct call *c, const cJSON *in)
{
    const char *name = param_string(in, "TableName");
    struct ddb_table *t = ddb_table_lookup(ddb_call_region(c), name);
    if (!t)
        call_fail(c, 400, "TableNotFoundException", "Table not found: %s", name);
    return t;
}

int ddb_describe_continuous_backups(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = require_table_for_backups(c, in);
    if (!t)
        return -1;
    continuous_backups(t, out);
    return 0;
}

int ddb_update_continuous_backups(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = require_table_for_backups(c, in);
    if (!t)
        return -1;
    const cJSON *spec = cJSON_GetObjectItemCaseSensitive(in, "PointInTimeRecoverySpecification");
    bool enable = param_bool(spec, "PointInTimeRecoveryEnabled", false);
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(spec, "RecoveryPeriodInDays");
    if (days && !enable)
        return ddb_validation(c, "Invalid Request: Cannot specify RecoveryPeriodInDays when "
                                 "disabling point-in-time recovery.");
    if (days && (!cJSON_IsNumber(days) || days->valuedouble < 1 || days->valuedouble > 35))
        return ddb_validation(c,
                              "1 validation error detected: Value '%g' at "
                              "'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to "
                              "satisfy constraint: Member must have value %s",
                              cJSON_IsNumber(days) ? days->valuedouble : 0.0,
                              cJSON_IsNumber(days) && days->valuedouble > 35
                                  ? "less than or equal to 35"
                                  : "greater than or equal to 1");
    if (enable && !t->pitr_enabled) {
        t->pitr_since = ddb_now_seconds();
        t->pitr_days = PITR_DEFAULT_DAYS;
    }
    if (days)
        t->pitr_days = (int)days->valuedouble;
    t->pitr_enabled = enable;
    continuous_backups(t, out);
    return 0;
}

/* ---- tags ---- */

static struct ddb_table *table_for_arn(struct call *c, const char *arn)
{
    struct arn parsed;
    const char *name;
    struct ddb_table *t = arn_parse_resource(arn, "dynamodb", "table", &parsed, &name)
                              ? ddb_table_lookup(ddb_call_region(c), arn)
                              : NULL;
    if (!t)
        call_fail_resource_not_found(c, "Requested resource not found: ResourcArn: %s not found",
                                     arn ? arn : "");
    return t;
}

int ddb_tag_resource(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct ddb_table *t = table_for_arn(c, param_string(in, "ResourceArn"));
    if (!t)
        return -1;
    return tags_merge(t->tags, cJSON_GetObjectItemCaseSensitive(in, "Tags"), &table_tag_rules, NULL,
                      c->err);
}

int ddb_untag_resource(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct ddb_table *t = table_for_arn(c, param_string(in, "ResourceArn"));
    if (!t)
        return -1;
    tags_remove(t->tags, cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

int ddb_list_tags_of_resource(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_table *t = table_for_arn(c, param_string(in, "ResourceArn"));
    if (!t)
        return -1;
    cJSON_AddItemToObject(out, "Tags", tags_to_list(t->tags));
    return 0;
}

/* ---- endpoints and limits ---- */

int ddb_describe_endpoints(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    cJSON *list = cJSON_AddArrayToObject(out, "Endpoints");
    cJSON *e = cJSON_CreateObject();
    struct buf address = BUF_INIT;
    buf_printf(&address, "dynamodb.%s.amazonaws.com", c->route->region);
    cJSON_AddStringToObject(e, "Address", address.data);
    buf_free(&address);
    cJSON_AddNumberToObject(e, "CachePeriodInMinutes", 1440);
    cJSON_AddItemToArray(list, e);
    return 0;
}

int ddb_describe_limits(struct call *c, const cJSON *in, cJSON *out)
{
    (void)c;
    (void)in;
    cJSON_AddNumberToObject(out, "AccountMaxReadCapacityUnits", 80000);
    cJSON_AddNumberToObject(out, "AccountMaxWriteCapacityUnits", 80000);
    cJSON_AddNumberToObject(out, "TableMaxReadCapacityUnits", 40000);
    cJSON_AddNumberToObject(out, "TableMaxWriteCapacityUnits", 40000);
    return 0;
}
