/* Reading, deleting and labelling parameters: GetParameter(s), GetParameterHistory,
 * DeleteParameter(s), LabelParameterVersion and UnlabelParameterVersion. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/paging.h"
#include "../core/params.h"
#include "ops.h"
#include "parameters.h"
#include "public_parameters.h"

static int fail_not_found(struct call *c, const char *name)
{
    return call_fail(c, 400, "ParameterNotFound", "Parameter %s not found.", name);
}

static int fail_version_not_found(struct call *c, const char *version, const char *name)
{
    return call_fail(c, 400, "ParameterVersionNotFound",
                     "Systems Manager could not find version %s of %s. Verify the version and "
                     "try again.",
                     version, name);
}

/* The answer for one name as GetParameter(s) read it; NULL after failing the call (quietly
 * for GetParameters, which lists the name as invalid instead). */
static cJSON *read_parameter(struct call *c, struct ssm_region *r, const char *text, bool decrypt)
{
    struct parameter_ref ref;
    if (!parameter_ref_parse(text, &ref)) {
        fail_not_found(c, text);
        return NULL;
    }
    cJSON *public_parameter = NULL;
    const cJSON *parameter = ssm_parameter_lookup(r, &ref);
    if (!parameter)
        parameter = public_parameter = public_parameter_new(r, ref.name);
    if (!parameter) {
        fail_not_found(c, text);
        return NULL;
    }
    const cJSON *version = parameter_latest(parameter);
    if (ref.has_selector) {
        bool is_version;
        version = parameter_select(parameter, ref.selector, &is_version);
        if (!version) {
            if (is_version)
                fail_version_not_found(c, ref.selector, ref.name);
            else
                fail_not_found(c, text);
            cJSON_Delete(public_parameter);
            return NULL;
        }
    }
    cJSON *answer = parameter_answer(c, r, version, ref.has_selector ? ref.selector : NULL,
                                     decrypt);
    cJSON_Delete(public_parameter);
    return answer;
}

OPERATION(ssm_get_parameter)
{
    cJSON *answer = read_parameter(c, ssm_call_region(c), param_string(in, "Name"),
                                   param_true(in, "WithDecryption"));
    if (!answer)
        return -1;
    cJSON_AddItemToObject(out, "Parameter", answer);
    return 0;
}

static bool listed(const cJSON *list, const char *text)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
        if (strcmp(item->valuestring, text) == 0)
            return true;
    return false;
}

OPERATION(ssm_get_parameters)
{
    struct ssm_region *r = ssm_call_region(c);
    bool decrypt = param_true(in, "WithDecryption");
    cJSON *found = cJSON_AddArrayToObject(out, "Parameters");
    cJSON *invalid = cJSON_AddArrayToObject(out, "InvalidParameters");
    cJSON *asked = cJSON_CreateArray();
    const cJSON *name;
    cJSON_ArrayForEach(name, cJSON_GetObjectItemCaseSensitive(in, "Names")) {
        if (listed(asked, name->valuestring))
            continue;
        cJSON_AddItemToArray(asked, cJSON_CreateString(name->valuestring));
        cJSON *answer = read_parameter(c, r, name->valuestring, decrypt);
        if (answer) {
            cJSON_AddItemToArray(found, answer);
            continue;
        }
        if (strcmp(c->err->code, "InvalidCiphertextException") == 0) {
            cJSON_Delete(asked);
            return -1;
        }
        cJSON_AddItemToArray(invalid, cJSON_CreateString(name->valuestring));
    }
    cJSON_Delete(asked);
    proto_error_clear(c->err);
    return 0;
}

OPERATION(ssm_get_parameter_history)
{
    struct ssm_region *r = ssm_call_region(c);
    const char *name = param_string(in, "Name");
    struct parameter_ref ref;
    const cJSON *parameter = parameter_ref_parse(name, &ref) && !ref.has_selector
                                 ? ssm_parameter_lookup(r, &ref)
                                 : NULL;
    if (!parameter)
        return fail_not_found(c, name);
    long size;
    if (page_size_read(in, "MaxResults", 1, 50, 50, &size) != 0)
        return call_fail_validation(c, "1 validation error detected: Value '%ld' at "
                                       "'maxResults' failed to satisfy constraint: Member must "
                                       "have value less than or equal to 50.", size);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail_validation(c, "The specified next token is not valid.");
    const cJSON *versions = cJSON_GetObjectItemCaseSensitive(parameter, "Versions");
    long count = cJSON_GetArraySize(versions);
    bool decrypt = param_true(in, "WithDecryption");
    cJSON *list = cJSON_AddArrayToObject(out, "Parameters");
    for (long i = start; i < count && i < start + size; i++) {
        const cJSON *version = cJSON_GetArrayItem(versions, (int)i);
        char *value = parameter_value(c, version, decrypt);
        if (!value)
            return -1;
        cJSON *entry = cJSON_Duplicate(version, true);
        cJSON_ReplaceItemInObjectCaseSensitive(entry, "Value", cJSON_CreateString(value));
        free(value);
        cJSON_AddItemToArray(list, entry);
    }
    if (start + size < count)
        page_token_add_index(out, "NextToken", (size_t)(start + size));
    return 0;
}

OPERATION(ssm_delete_parameter)
{
    (void)out;
    const char *name = param_string(in, "Name");
    if (!ssm_parameter_delete(ssm_call_region(c), name))
        return fail_not_found(c, name);
    return 0;
}

OPERATION(ssm_delete_parameters)
{
    struct ssm_region *r = ssm_call_region(c);
    cJSON *deleted = cJSON_AddArrayToObject(out, "DeletedParameters");
    cJSON *invalid = cJSON_AddArrayToObject(out, "InvalidParameters");
    const cJSON *name;
    cJSON_ArrayForEach(name, cJSON_GetObjectItemCaseSensitive(in, "Names"))
        cJSON_AddItemToArray(ssm_parameter_delete(r, name->valuestring) ? deleted : invalid,
                             cJSON_CreateString(name->valuestring));
    return 0;
}

/* ---- labels ---- */

static bool label_valid(const char *label)
{
    if (strncasecmp(label, "aws", 3) == 0 || strncasecmp(label, "ssm", 3) == 0 ||
        isdigit((unsigned char)label[0]))
        return false;
    for (const char *p = label; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && *p != '-')
            return false;
    return true;
}

static cJSON *version_labels(const cJSON *version)
{
    return cJSON_GetObjectItemCaseSensitive(version, "Labels");
}

static void remove_label(cJSON *labels, const char *label)
{
    int i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, labels) {
        if (strcmp(item->valuestring, label) == 0) {
            cJSON_DeleteItemFromArray(labels, i);
            return;
        }
        i++;
    }
}

/* The parameter and version a label call names; NULL after failing the call. */
static cJSON *labelled_version(struct call *c, const cJSON *in, cJSON **parameter_out)
{
    const char *name = param_string(in, "Name");
    struct parameter_ref ref;
    cJSON *parameter = parameter_ref_parse(name, &ref) && !ref.has_selector
                           ? ssm_parameter_lookup(ssm_call_region(c), &ref)
                           : NULL;
    if (!parameter) {
        fail_not_found(c, name);
        return NULL;
    }
    *parameter_out = parameter;
    const cJSON *number = cJSON_GetObjectItemCaseSensitive(in, "ParameterVersion");
    if (!number)
        return parameter_latest(parameter);
    cJSON *version = parameter_version(parameter, (long long)cJSON_GetNumberValue(number));
    if (!version) {
        char text[32];
        snprintf(text, sizeof text, "%lld", (long long)cJSON_GetNumberValue(number));
        fail_version_not_found(c, text, name);
    }
    return version;
}

OPERATION(ssm_label_parameter_version)
{
    cJSON *parameter;
    cJSON *version = labelled_version(c, in, &parameter);
    if (!version)
        return -1;
    cJSON *labels = version_labels(version);
    const cJSON *asked = cJSON_GetObjectItemCaseSensitive(in, "Labels");
    cJSON *invalid = cJSON_AddArrayToObject(out, "InvalidLabels");
    int added = 0;
    const cJSON *label;
    cJSON_ArrayForEach(label, asked) {
        if (!label_valid(label->valuestring))
            cJSON_AddItemToArray(invalid, cJSON_CreateString(label->valuestring));
        else if (!listed(labels, label->valuestring))
            added++;
    }
    if (cJSON_GetArraySize(labels) + added > SSM_MAX_LABELS_PER_VERSION)
        return call_fail(c, 400, "ParameterVersionLabelLimitExceeded",
                         "A parameter version can have maximum 10 labels.Move one or more "
                         "labels to another version and try again.");
    cJSON_ArrayForEach(label, asked) {
        if (!label_valid(label->valuestring) || listed(labels, label->valuestring))
            continue;
        cJSON *other;
        cJSON_ArrayForEach(other, cJSON_GetObjectItemCaseSensitive(parameter, "Versions"))
            remove_label(version_labels(other), label->valuestring);
        cJSON_AddItemToArray(labels, cJSON_CreateString(label->valuestring));
    }
    cJSON_AddItemToObject(out, "ParameterVersion",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(version, "Version"),
                                          true));
    return 0;
}

OPERATION(ssm_unlabel_parameter_version)
{
    cJSON *parameter;
    cJSON *version = labelled_version(c, in, &parameter);
    if (!version)
        return -1;
    cJSON *labels = version_labels(version);
    cJSON *removed = cJSON_AddArrayToObject(out, "RemovedLabels");
    cJSON *invalid = cJSON_AddArrayToObject(out, "InvalidLabels");
    const cJSON *label;
    cJSON_ArrayForEach(label, cJSON_GetObjectItemCaseSensitive(in, "Labels")) {
        if (listed(labels, label->valuestring)) {
            remove_label(labels, label->valuestring);
            cJSON_AddItemToArray(removed, cJSON_CreateString(label->valuestring));
        } else if (!listed(invalid, label->valuestring)) {
            cJSON_AddItemToArray(invalid, cJSON_CreateString(label->valuestring));
        }
    }
    return 0;
}
