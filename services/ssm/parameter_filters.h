/* The ParameterFilters of DescribeParameters and GetParametersByPath (and DescribeParameters'
 * older Filters): read and checked as Parameter Store checks them, then matched against
 * parameters. */
#ifndef MOTOC_SSM_PARAMETER_FILTERS_H
#define MOTOC_SSM_PARAMETER_FILTERS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct proto_error;

enum filter_option { FILTER_EQUALS, FILTER_BEGINS_WITH, FILTER_CONTAINS, FILTER_ONE_LEVEL,
                     FILTER_RECURSIVE };

enum filter_context { FILTERS_FOR_DESCRIBE, FILTERS_FOR_PATH };

#define MAX_PARAMETER_FILTERS 64

struct parameter_filter {
    const char *key;       /* borrowed from the request */
    enum filter_option option;
    const cJSON *values;   /* borrowed: an array of strings, or NULL */
};

struct parameter_filters {
    struct parameter_filter items[MAX_PARAMETER_FILTERS];
    size_t count;
};

/* Reads a ParameterFilters list (NULL: none) for the context; 0, or -1 with err set to
 * Parameter Store's error. The filters borrow from list. */
int parameter_filters_read(const cJSON *list, enum filter_context context,
                           struct parameter_filters *out, struct proto_error *err);

/* Reads DescribeParameters' older Filters list (Name, Type, KeyId; Name matches as a prefix). */
int parameter_filters_read_legacy(const cJSON *list, struct parameter_filters *out,
                                  struct proto_error *err);

/* Whether a parameter ({"Name", "Versions", "Tags"}) passes every filter. */
bool parameter_filters_match(const struct parameter_filters *f, const cJSON *parameter);

/* Whether name lies right under path ("/a" holds "/a/b"; "/" holds "b" and "/b"), or anywhere
 * under it when recursive. */
bool parameter_under_path(const char *name, const char *path, bool recursive);

#endif
