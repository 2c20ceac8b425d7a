/* cloudwatch: metric streams and Contributor Insights rules, stored and listed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "ops.h"
#include "resource_tags.h"

#define LIST_PAGE_DEFAULT 100
#define LIST_PAGE_MAX 500

static cJSON *named(struct cloudwatch_region *r, const char *list, const char *name)
{
    cJSON *e;
    cJSON_ArrayForEach(e, cloudwatch_list(r, list)) {
        if (strcmp(param_string(e, "Name"), name) == 0)
            return e;
    }
    return NULL;
}

static struct cloudwatch_region *region_of(struct call *c)
{
    return cloudwatch_region_get(c->route->account, c->route->region);
}

static void set_member_string(cJSON *o, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(o, name);
    cJSON_AddStringToObject(o, name, value);
}

/* ---- metric streams ---- */

OPERATION(cloudwatch_put_metric_stream)
{
    static const char *const members[] = {"IncludeFilters", "ExcludeFilters", "FirehoseArn",
                                          "RoleArn", "OutputFormat", "StatisticsConfigurations",
                                          "IncludeLinkedAccountsMetrics"};
    if (cJSON_GetObjectItemCaseSensitive(in, "IncludeFilters") &&
        cJSON_GetObjectItemCaseSensitive(in, "ExcludeFilters"))
        return call_fail(c, 400, "InvalidParameterCombination",
                         "You cannot include both IncludeFilters and ExcludeFilters.");
    struct cloudwatch_region *r = region_of(c);
    const char *name = param_string(in, "Name");
    char *arn = arn_build("cloudwatch", r->region, r->account, "metric-stream/%s", name);
    if (resource_tags_add(c, r, arn, cJSON_GetObjectItemCaseSensitive(in, "Tags")) != 0) {
        free(arn);
        return -1;
    }
    double now = cloudwatch_now();
    cJSON *old = named(r, "metric_streams", name);
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "Arn", arn);
    cJSON_AddStringToObject(s, "Name", name);
    for (size_t i = 0; i < sizeof members / sizeof *members; i++) {
        cJSON *v = param_copy(in, members[i]);
        if (v)
            cJSON_AddItemToObject(s, members[i], v);
    }
    cJSON_AddStringToObject(s, "State", old ? param_string(old, "State") : "running");
    cJSON_AddNumberToObject(s, "CreationDate", old ? param_number(old, "CreationDate", now) : now);
    cJSON_AddNumberToObject(s, "LastUpdateDate", now);
    if (old)
        cJSON_Delete(cJSON_DetachItemViaPointer(cloudwatch_list(r, "metric_streams"), old));
    cJSON_AddItemToArray(cloudwatch_list(r, "metric_streams"), s);
    cJSON_AddStringToObject(out, "Arn", arn);
    free(arn);
    return 0;
}

OPERATION(cloudwatch_get_metric_stream)
{
    const char *name = param_string(in, "Name");
    const cJSON *s = named(region_of(c), "metric_streams", name);
    if (!s)
        return call_fail(c, 404, "ResourceNotFoundException",
                         "The metric stream %s does not exist.", name);
    const cJSON *m;
    cJSON_ArrayForEach(m, s)
        cJSON_AddItemToObject(out, m->string, cJSON_Duplicate(m, true));
    return 0;
}

OPERATION(cloudwatch_list_metric_streams)
{
    long size;
    if (page_size_read(in, "MaxResults", 1, LIST_PAGE_MAX, LIST_PAGE_DEFAULT, &size) != 0)
        return call_fail_invalid_parameter_value(
            c, "The value %ld for parameter MaxResults is invalid.", size);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail(c, 400, "InvalidNextToken", "The service couldn't process the token.");
    cJSON *entries = cJSON_AddArrayToObject(out, "Entries");
    cJSON *all = cloudwatch_list(region_of(c), "metric_streams");
    long n = cJSON_GetArraySize(all);
    for (long i = start; i < n; i++) {
        if (i - start == size) {
            page_token_add_index(out, "NextToken", (size_t)i);
            break;
        }
        const cJSON *s = cJSON_GetArrayItem(all, (int)i);
        cJSON *e = cJSON_CreateObject();
        static const char *const members[] = {"Arn", "Name", "FirehoseArn", "State",
                                              "OutputFormat"};
        for (size_t k = 0; k < sizeof members / sizeof *members; k++) {
            cJSON *v = param_copy(s, members[k]);
            if (v)
                cJSON_AddItemToObject(e, members[k], v);
        }
        cJSON_AddNumberToObject(e, "CreationDate", param_number(s, "CreationDate", 0));
        cJSON_AddNumberToObject(e, "LastUpdateDate", param_number(s, "LastUpdateDate", 0));
        cJSON_AddItemToArray(entries, e);
    }
    return 0;
}

OPERATION(cloudwatch_delete_metric_stream)
{
    (void)out;
    struct cloudwatch_region *r = region_of(c);
    cJSON *s = named(r, "metric_streams", param_string(in, "Name"));
    if (s) {
        resource_tags_drop(r, param_string(s, "Arn"));
        cJSON_Delete(cJSON_DetachItemViaPointer(cloudwatch_list(r, "metric_streams"), s));
    }
    return 0;
}

static int set_stream_state(struct call *c, const cJSON *in, const char *state)
{
    struct cloudwatch_region *r = region_of(c);
    const cJSON *n;
    cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(in, "Names")) {
        cJSON *s = cJSON_IsString(n) ? named(r, "metric_streams", n->valuestring) : NULL;
        if (s)
            set_member_string(s, "State", state);
    }
    return 0;
}

OPERATION(cloudwatch_start_metric_streams)
{
    (void)out;
    return set_stream_state(c, in, "running");
}

OPERATION(cloudwatch_stop_metric_streams)
{
    (void)out;
    return set_stream_state(c, in, "stopped");
}

/* ---- Contributor Insights rules ---- */

OPERATION(cloudwatch_put_insight_rule)
{
    (void)out;
    struct cloudwatch_region *r = region_of(c);
    const char *name = param_string(in, "RuleName");
    const char *definition = param_string(in, "RuleDefinition");
    cJSON *parsed = cJSON_Parse(definition ? definition : "");
    bool valid = cJSON_IsObject(parsed);
    cJSON_Delete(parsed);
    if (!valid)
        return call_fail(c, 400, "InvalidParameterValue",
                         "The rule definition is not valid JSON.");
    char *arn = arn_build("cloudwatch", r->region, r->account, "insight-rule/%s", name);
    int rc = resource_tags_add(c, r, arn, cJSON_GetObjectItemCaseSensitive(in, "Tags"));
    free(arn);
    if (rc != 0)
        return -1;
    cJSON *old = named(r, "insight_rules", name);
    if (old)
        cJSON_Delete(cJSON_DetachItemViaPointer(cloudwatch_list(r, "insight_rules"), old));
    cJSON *rule = cJSON_CreateObject();
    cJSON_AddStringToObject(rule, "Name", name);
    const char *state = param_string(in, "RuleState");
    cJSON_AddStringToObject(rule, "State", state ? state : "ENABLED");
    cJSON_AddStringToObject(rule, "Schema", "CloudWatchLogRule/1");
    cJSON_AddStringToObject(rule, "Definition", definition);
    cJSON_AddBoolToObject(rule, "ManagedRule", false);
    cJSON_AddBoolToObject(rule, "ApplyOnTransformedLogs",
                          param_bool(in, "ApplyOnTransformedLogs", false));
    cJSON_AddItemToArray(cloudwatch_list(r, "insight_rules"), rule);
    return 0;
}

OPERATION(cloudwatch_describe_insight_rules)
{
    long size;
    if (page_size_read(in, "MaxResults", 1, LIST_PAGE_MAX, LIST_PAGE_DEFAULT, &size) != 0)
        return call_fail_invalid_parameter_value(
            c, "The value %ld for parameter MaxResults is invalid.", size);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail(c, 400, "InvalidNextToken", "The service couldn't process the token.");
    cJSON *rules = cJSON_AddArrayToObject(out, "InsightRules");
    cJSON *all = cloudwatch_list(region_of(c), "insight_rules");
    long n = cJSON_GetArraySize(all);
    for (long i = start; i < n; i++) {
        if (i - start == size) {
            page_token_add_index(out, "NextToken", (size_t)i);
            break;
        }
        cJSON_AddItemToArray(rules, cJSON_Duplicate(cJSON_GetArrayItem(all, (int)i), true));
    }
    return 0;
}

/* Applies change to each named rule; names without a rule are reported as failures. */
static int for_each_rule(struct call *c, const cJSON *in, cJSON *out, const char *state)
{
    struct cloudwatch_region *r = region_of(c);
    cJSON *failures = cJSON_AddArrayToObject(out, "Failures");
    const cJSON *n;
    cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(in, "RuleNames")) {
        if (!cJSON_IsString(n))
            continue;
        cJSON *rule = named(r, "insight_rules", n->valuestring);
        if (!rule) {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "FailureResource", n->valuestring);
            cJSON_AddStringToObject(f, "ExceptionType", "ResourceNotFoundException");
            cJSON_AddStringToObject(f, "FailureCode", "404");
            cJSON_AddStringToObject(f, "FailureDescription", "The rule does not exist.");
            cJSON_AddItemToArray(failures, f);
        } else if (state) {
            set_member_string(rule, "State", state);
        } else {
            char *arn = arn_build("cloudwatch", r->region, r->account, "insight-rule/%s",
                                  n->valuestring);
            resource_tags_drop(r, arn);
            free(arn);
            cJSON_Delete(cJSON_DetachItemViaPointer(cloudwatch_list(r, "insight_rules"), rule));
        }
    }
    return 0;
}

OPERATION(cloudwatch_delete_insight_rules)
{
    return for_each_rule(c, in, out, NULL);
}

OPERATION(cloudwatch_enable_insight_rules)
{
    return for_each_rule(c, in, out, "ENABLED");
}

OPERATION(cloudwatch_disable_insight_rules)
{
    return for_each_rule(c, in, out, "DISABLED");
}
