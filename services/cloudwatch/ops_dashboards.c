/* cloudwatch: dashboards (PutDashboard, GetDashboard, ListDashboards, DeleteDashboards). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "ops.h"
#include "resource_tags.h"

#define LIST_DASHBOARDS_PAGE 1000

static cJSON *dashboard_find(struct cloudwatch_region *r, const char *name)
{
    cJSON *d;
    cJSON_ArrayForEach(d, cloudwatch_list(r, "dashboards")) {
        if (strcmp(param_string(d, "DashboardName"), name) == 0)
            return d;
    }
    return NULL;
}

static int fail_invalid_body(struct call *c, const char *message)
{
    call_fail(c, 400, "InvalidParameterInput", "The input for the dashboard is invalid");
    cJSON *messages = cJSON_CreateArray();
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "DataPath", "/");
    cJSON_AddStringToObject(m, "Message", message);
    cJSON_AddItemToArray(messages, m);
    call_error_member(c, "DashboardValidationMessages", messages);
    return -1;
}

OPERATION(cloudwatch_put_dashboard)
{
    const char *name = param_string(in, "DashboardName");
    const char *body = param_string(in, "DashboardBody");
    cJSON *parsed = cJSON_Parse(body ? body : "");
    bool object = cJSON_IsObject(parsed);
    const cJSON *widgets = cJSON_GetObjectItemCaseSensitive(parsed, "widgets");
    bool widgets_ok = !widgets || cJSON_IsArray(widgets);
    cJSON_Delete(parsed);
    if (!object)
        return fail_invalid_body(c, "The field DashboardBody must be a valid JSON object");
    if (!widgets_ok)
        return fail_invalid_body(c, "Should be array");
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    char *arn = arn_build_global("cloudwatch", r->region, r->account, "dashboard/%s", name);
    int rc = resource_tags_add(c, r, arn, cJSON_GetObjectItemCaseSensitive(in, "Tags"));
    if (rc == 0) {
        cJSON *old = dashboard_find(r, name);
        if (old)
            cJSON_Delete(cJSON_DetachItemViaPointer(cloudwatch_list(r, "dashboards"), old));
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "DashboardName", name);
        cJSON_AddStringToObject(d, "DashboardArn", arn);
        cJSON_AddStringToObject(d, "DashboardBody", body);
        cJSON_AddNumberToObject(d, "LastModified", cloudwatch_now());
        cJSON_AddNumberToObject(d, "Size", (double)strlen(body));
        cJSON_AddItemToArray(cloudwatch_list(r, "dashboards"), d);
        cJSON_AddArrayToObject(out, "DashboardValidationMessages");
    }
    free(arn);
    return rc;
}

static int fail_no_dashboard(struct call *c, const char *name)
{
    return call_fail(c, 404, "ResourceNotFound", "Dashboard %s does not exist", name);
}

OPERATION(cloudwatch_get_dashboard)
{
    const char *name = param_string(in, "DashboardName");
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    const cJSON *d = dashboard_find(r, name);
    if (!d)
        return fail_no_dashboard(c, name);
    cJSON_AddStringToObject(out, "DashboardArn", param_string(d, "DashboardArn"));
    cJSON_AddStringToObject(out, "DashboardBody", param_string(d, "DashboardBody"));
    cJSON_AddStringToObject(out, "DashboardName", name);
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(param_string(*(const cJSON *const *)a, "DashboardName"),
                  param_string(*(const cJSON *const *)b, "DashboardName"));
}

OPERATION(cloudwatch_list_dashboards)
{
    const char *prefix = param_string(in, "DashboardNamePrefix");
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail_invalid_parameter_value(c, "Invalid NextToken");
    cJSON *entries = cJSON_AddArrayToObject(out, "DashboardEntries");
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    cJSON *all = cloudwatch_list(r, "dashboards");
    size_t n = (size_t)cJSON_GetArraySize(all), k = 0;
    const cJSON **sorted = xcalloc(n ? n : 1, sizeof *sorted);
    const cJSON *d;
    cJSON_ArrayForEach(d, all) {
        if (!prefix || strncmp(param_string(d, "DashboardName"), prefix, strlen(prefix)) == 0)
            sorted[k++] = d;
    }
    qsort(sorted, k, sizeof *sorted, compare_names);
    for (size_t i = (size_t)start; i < k; i++) {
        if (i - (size_t)start == LIST_DASHBOARDS_PAGE) {
            page_token_add_index(out, "NextToken", i);
            break;
        }
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "DashboardName", param_string(sorted[i], "DashboardName"));
        cJSON_AddStringToObject(e, "DashboardArn", param_string(sorted[i], "DashboardArn"));
        cJSON_AddNumberToObject(e, "LastModified", param_number(sorted[i], "LastModified", 0));
        cJSON_AddNumberToObject(e, "Size", param_number(sorted[i], "Size", 0));
        cJSON_AddItemToArray(entries, e);
    }
    free(sorted);
    return 0;
}

OPERATION(cloudwatch_delete_dashboards)
{
    (void)out;
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(in, "DashboardNames");
    if (cJSON_GetArraySize(names) == 0)
        return call_fail_invalid_parameter_value(c, "The parameter DashboardNames is required.");
    const cJSON *n;
    cJSON_ArrayForEach(n, names) {
        if (cJSON_IsString(n) && !dashboard_find(r, n->valuestring))
            return fail_no_dashboard(c, n->valuestring);
    }
    cJSON_ArrayForEach(n, names) {
        cJSON *d = dashboard_find(r, n->valuestring);
        if (!d)
            continue;
        resource_tags_drop(r, param_string(d, "DashboardArn"));
        cJSON_Delete(cJSON_DetachItemViaPointer(cloudwatch_list(r, "dashboards"), d));
    }
    return 0;
}
