/* cloudwatch: anomaly detectors (PutAnomalyDetector, DescribeAnomalyDetectors,
 * DeleteAnomalyDetector), for one metric and statistic or for a metric math expression. A new
 * detector reports PENDING_TRAINING, as AWS's does until it has weeks of data; motoc keeps the
 * definitions and does not train models. */
#include <stdbool.h>
#include <string.h>

#include "../core/paging.h"
#include "../core/params.h"
#include "metrics.h"
#include "ops.h"

#define DESCRIBE_PAGE_MAX 100

/* The detector the request names, in AWS's answer shape (the single-metric fields both at the
 * top and under SingleMetricAnomalyDetector); NULL after failing the call. */
static cJSON *detector_from_request(struct call *c, const cJSON *in)
{
    const cJSON *single = cJSON_GetObjectItemCaseSensitive(in, "SingleMetricAnomalyDetector");
    const cJSON *math = cJSON_GetObjectItemCaseSensitive(in, "MetricMathAnomalyDetector");
    bool legacy = param_string(in, "Namespace") || param_string(in, "MetricName") ||
                  param_string(in, "Stat");
    if ((single != NULL) + (math != NULL) + legacy > 1) {
        call_fail(c, 400, "InvalidParameterCombination",
                  "An anomaly detector is either a single metric (given once) or a metric math "
                  "expression.");
        return NULL;
    }
    cJSON *d = cJSON_CreateObject();
    if (math) {
        cJSON_AddItemToObject(d, "MetricMathAnomalyDetector", cJSON_Duplicate(math, 1));
        return d;
    }
    const cJSON *from = single ? single : in;
    static const char *const required[] = {"Namespace", "MetricName", "Stat"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (!param_string(from, required[i])) {
            cJSON_Delete(d);
            call_fail(c, 400, "MissingParameter", "The parameter %s is required.", required[i]);
            return NULL;
        }
    }
    cJSON *identity = cJSON_CreateObject();
    static const char *const members[] = {"AccountId", "Namespace", "MetricName", "Dimensions",
                                          "Stat"};
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(from, members[i]);
        if (value)
            cJSON_AddItemToObject(identity, members[i], cJSON_Duplicate(value, 1));
    }
    if (!cJSON_GetObjectItemCaseSensitive(identity, "Dimensions"))
        cJSON_AddArrayToObject(identity, "Dimensions");
    const cJSON *member;
    cJSON_ArrayForEach(member, identity) {
        if (strcmp(member->string, "AccountId") != 0)
            cJSON_AddItemToObject(d, member->string, cJSON_Duplicate(member, 1));
    }
    cJSON_AddItemToObject(d, "SingleMetricAnomalyDetector", identity);
    return d;
}

static bool same_detector(const cJSON *a, const cJSON *b)
{
    const cJSON *math_a = cJSON_GetObjectItemCaseSensitive(a, "MetricMathAnomalyDetector");
    const cJSON *math_b = cJSON_GetObjectItemCaseSensitive(b, "MetricMathAnomalyDetector");
    if (math_a || math_b)
        return math_a && math_b && cJSON_Compare(math_a, math_b, true);
    static const char *const keys[] = {"Namespace", "MetricName", "Stat"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(param_string(a, keys[i]), param_string(b, keys[i])) != 0)
            return false;
    return dimensions_equal(cJSON_GetObjectItemCaseSensitive(a, "Dimensions"),
                            cJSON_GetObjectItemCaseSensitive(b, "Dimensions"));
}

static cJSON *detector_find(struct cloudwatch_region *r, const cJSON *wanted)
{
    cJSON *d;
    cJSON_ArrayForEach(d, cloudwatch_list(r, "anomaly_detectors")) {
        if (same_detector(d, wanted))
            return d;
    }
    return NULL;
}

OPERATION(cloudwatch_put_anomaly_detector)
{
    (void)out;
    cJSON *d = detector_from_request(c, in);
    if (!d)
        return -1;
    static const char *const settings[] = {"Configuration", "MetricCharacteristics"};
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        cJSON *value = param_copy(in, settings[i]);
        if (value)
            cJSON_AddItemToObject(d, settings[i], value);
    }
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    cJSON *old = detector_find(r, d);
    cJSON_AddStringToObject(d, "StateValue", old ? param_string(old, "StateValue")
                                                 : "PENDING_TRAINING");
    if (old)
        cJSON_ReplaceItemViaPointer(cloudwatch_list(r, "anomaly_detectors"), old, d);
    else
        cJSON_AddItemToArray(cloudwatch_list(r, "anomaly_detectors"), d);
    return 0;
}

static bool type_listed(const cJSON *types, const cJSON *d)
{
    if (cJSON_GetArraySize(types) == 0)
        return true;
    const char *type = cJSON_GetObjectItemCaseSensitive(d, "MetricMathAnomalyDetector")
                           ? "METRIC_MATH"
                           : "SINGLE_METRIC";
    const cJSON *t;
    cJSON_ArrayForEach(t, types) {
        if (cJSON_IsString(t) && strcmp(t->valuestring, type) == 0)
            return true;
    }
    return false;
}

/* Whether d passes DescribeAnomalyDetectors' filters: namespace, metric name, and dimensions
 * the detector's metric carries (each name and value). */
static bool detector_kept(const cJSON *d, const cJSON *in)
{
    if (!type_listed(cJSON_GetObjectItemCaseSensitive(in, "AnomalyDetectorTypes"), d))
        return false;
    static const char *const keys[] = {"Namespace", "MetricName"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *want = param_string(in, keys[i]);
        const char *have = param_string(d, keys[i]);
        if (want && (!have || strcmp(want, have) != 0))
            return false;
    }
    const cJSON *dim;
    cJSON_ArrayForEach(dim, cJSON_GetObjectItemCaseSensitive(in, "Dimensions")) {
        bool found = false;
        const cJSON *own;
        cJSON_ArrayForEach(own, cJSON_GetObjectItemCaseSensitive(d, "Dimensions")) {
            found = found || (strcmp(param_string(own, "Name"), param_string(dim, "Name")) == 0 &&
                              strcmp(param_string(own, "Value"), param_string(dim, "Value")) == 0);
        }
        if (!found)
            return false;
    }
    return true;
}

OPERATION(cloudwatch_describe_anomaly_detectors)
{
    long size;
    if (page_size_read(in, "MaxResults", 1, DESCRIBE_PAGE_MAX, DESCRIBE_PAGE_MAX, &size) != 0)
        return call_fail_invalid_parameter_value(
            c, "The value %ld for parameter MaxResults is invalid.", size);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail(c, 400, "InvalidNextToken", "The service couldn't process the token.");
    cJSON *list = cJSON_AddArrayToObject(out, "AnomalyDetectors");
    struct cloudwatch_region *r = cloudwatch_region_find(c->route->account, c->route->region);
    if (!r)
        return 0;
    long seen = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, cloudwatch_list(r, "anomaly_detectors")) {
        if (!detector_kept(d, in) || seen++ < start)
            continue;
        if (seen > start + size) {
            page_token_add_index(out, "NextToken", (size_t)(start + size));
            break;
        }
        cJSON_AddItemToArray(list, cJSON_Duplicate(d, 1));
    }
    return 0;
}

OPERATION(cloudwatch_delete_anomaly_detector)
{
    (void)out;
    cJSON *wanted = detector_from_request(c, in);
    if (!wanted)
        return -1;
    struct cloudwatch_region *r = cloudwatch_region_get(c->route->account, c->route->region);
    cJSON *d = detector_find(r, wanted);
    cJSON_Delete(wanted);
    if (!d)
        return call_fail(c, 404, "ResourceNotFoundException", "Anomaly detector not found.");
    cJSON_Delete(cJSON_DetachItemViaPointer(cloudwatch_list(r, "anomaly_detectors"), d));
    return 0;
}
