/* Listing parameters: DescribeParameters (metadata, every filter) and GetParametersByPath
 * (values under a path, with the public parameters under /aws/service/). */
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "ops.h"
#include "parameter_filters.h"
#include "parameters.h"
#include "public_parameters.h"

#define DESCRIBE_DEFAULT_PAGE 10
#define DESCRIBE_MAX_PAGE 50
#define BY_PATH_DEFAULT_PAGE 10
#define BY_PATH_MAX_PAGE 10

/* The page start a NextToken names, or -1 after failing the call. */
static long page_start(struct call *c, const cJSON *in)
{
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        call_fail_validation(c, "The specified next token is not valid.");
    return start;
}

static cJSON *metadata(const struct ssm_region *r, const cJSON *parameter)
{
    cJSON *entry = cJSON_Duplicate(parameter_latest(parameter), true);
    cJSON_DeleteItemFromObjectCaseSensitive(entry, "Value");
    cJSON_DeleteItemFromObjectCaseSensitive(entry, "Labels");
    /* DescribeParameters names a parameter as it was created. */
    cJSON_ReplaceItemInObjectCaseSensitive(entry, "Name",
                                           cJSON_CreateString(member_string(parameter, "Name")));
    char *arn = parameter_arn(r, member_string(parameter, "Name"));
    cJSON_AddStringToObject(entry, "ARN", arn);
    free(arn);
    return entry;
}

OPERATION(ssm_describe_parameters)
{
    struct ssm_region *r = ssm_call_region(c);
    const cJSON *legacy = cJSON_GetObjectItemCaseSensitive(in, "Filters");
    const cJSON *filters = cJSON_GetObjectItemCaseSensitive(in, "ParameterFilters");
    if (legacy && filters)
        return call_fail_validation(c, "You can use either Filters or ParameterFilters in a "
                                       "single request.");
    struct parameter_filters *f = malloc(sizeof *f);
    int rc = legacy ? parameter_filters_read_legacy(legacy, f, c->err)
                    : parameter_filters_read(filters, FILTERS_FOR_DESCRIBE, f, c->err);
    long size;
    if (rc == 0 && page_size_read(in, "MaxResults", 1, DESCRIBE_MAX_PAGE, DESCRIBE_DEFAULT_PAGE,
                                  &size) != 0)
        rc = call_fail_validation(c, "1 validation error detected: Value '%ld' at 'maxResults' "
                                     "failed to satisfy constraint: Member must have value less "
                                     "than or equal to 50.", size);
    long start = rc == 0 ? page_start(c, in) : -1;
    if (start < 0) {
        free(f);
        return -1;
    }
    cJSON *list = cJSON_AddArrayToObject(out, "Parameters");
    /* Parameter Store pages through the parameters and filters each page: a full page ends
     * with a token whenever parameters remain, whether or not any of them match. */
    long matched = 0;
    const cJSON *parameter;
    cJSON_ArrayForEach(parameter, r->parameters) {
        if (matched == start + size) {
            page_token_add_index(out, "NextToken", (size_t)matched);
            break;
        }
        if (!parameter_filters_match(f, parameter))
            continue;
        if (matched++ >= start)
            cJSON_AddItemToArray(list, metadata(r, parameter));
    }
    free(f);
    return 0;
}

/* The page of parameters GetParametersByPath lists from start: the account's, then the public
 * ones (made only for the page, as there are thousands); *more when some remain after it. */
static cJSON *page_under(struct ssm_region *r, const char *path, bool recursive,
                         const struct parameter_filters *f, size_t start, size_t size,
                         bool *more)
{
    cJSON *versions = cJSON_CreateArray();
    size_t own = 0;
    *more = false;
    const cJSON *parameter;
    cJSON_ArrayForEach(parameter, r->parameters) {
        if (!parameter_under_path(member_string(parameter, "Name"), path, recursive) ||
            !parameter_filters_match(f, parameter))
            continue;
        if (own >= start && own < start + size)
            cJSON_AddItemReferenceToArray(versions, parameter_latest(parameter));
        else if (own >= start + size)
            *more = true;
        own++;
    }
    size_t taken = (size_t)cJSON_GetArraySize(versions);
    if (f->count == 0 && !*more && taken < size) {
        size_t len = strlen(path);
        char *trimmed = xstrndup(path, len > 1 && path[len - 1] == '/' ? len - 1 : len);
        *more = public_parameters_under(r, trimmed, recursive, start > own ? start - own : 0,
                                        size - taken, versions);
        free(trimmed);
    }
    return versions;
}

OPERATION(ssm_get_parameters_by_path)
{
    struct ssm_region *r = ssm_call_region(c);
    const char *path = param_string(in, "Path");
    if (path[0] != '/')
        return call_fail_validation(
            c, "The parameter doesn't meet the parameter name requirements. The parameter name "
               "must begin with a forward slash \"/\". It can't be prefixed with \"aws\" or "
               "\"ssm\" (case-insensitive). It must use only letters, numbers, or the following "
               "symbols: . (period), - (hyphen), _ (underscore). Special characters are not "
               "allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". "
               "Valid example: /get/parameters2-/by1./path0_.");
    long size;
    if (page_size_read(in, "MaxResults", 1, BY_PATH_MAX_PAGE, BY_PATH_DEFAULT_PAGE, &size) != 0)
        return call_fail_validation(c, "1 validation error detected: Value %ld at 'maxResults' "
                                       "failed to satisfy constraint: Member must have value "
                                       "less than or equal to 10", size);
    struct parameter_filters *f = malloc(sizeof *f);
    long start = -1;
    if (parameter_filters_read(cJSON_GetObjectItemCaseSensitive(in, "ParameterFilters"),
                               FILTERS_FOR_PATH, f, c->err) == 0)
        start = page_start(c, in);
    if (start < 0) {
        free(f);
        return -1;
    }
    bool more;
    cJSON *versions = page_under(r, path, param_true(in, "Recursive"), f, (size_t)start,
                                 (size_t)size, &more);
    free(f);
    bool decrypt = param_true(in, "WithDecryption");
    cJSON *list = cJSON_AddArrayToObject(out, "Parameters");
    int rc = 0;
    const cJSON *version;
    cJSON_ArrayForEach(version, versions) {
        cJSON *answer = parameter_answer(c, r, version, NULL, decrypt);
        if (!answer) {
            rc = -1;
            break;
        }
        cJSON_AddItemToArray(list, answer);
    }
    if (rc == 0 && more)
        page_token_add_index(out, "NextToken",
                             (size_t)start + (size_t)cJSON_GetArraySize(versions));
    cJSON_Delete(versions);
    return rc;
}
