/* SMS settings, opt-outs and the SMS sandbox: stored, as nothing is really sent. */
#include <ctype.h>
#include <string.h>

#include "../core/params.h"
#include "errors.h"
#include "ops.h"
#include "state.h"

static struct sns_region *region_of(const struct call *c)
{
    return sns_region_get(c->route->account, c->route->region);
}

static bool is_e164(const char *text)
{
    if (!text || text[0] != '+')
        return false;
    size_t n = strlen(text + 1);
    if (n < 2 || n > 15 || text[1] == '0')
        return false;
    for (const char *p = text + 1; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    return true;
}

static int index_of_number(const cJSON *list, const char *number, const char *member)
{
    int i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        const char *v = member ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, member))
                               : cJSON_GetStringValue(item);
        if (v && strcmp(v, number) == 0)
            return i;
        i++;
    }
    return -1;
}

int sns_set_sms_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_region *r = region_of(c);
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(in, "attributes"))
    {
        if (!cJSON_IsString(a))
            continue;
        cJSON_DeleteItemFromObjectCaseSensitive(r->sms_attributes, a->string);
        cJSON_AddStringToObject(r->sms_attributes, a->string, a->valuestring);
    }
    return 0;
}

int sns_get_sms_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    struct sns_region *r = region_of(c);
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(in, "attributes");
    if (cJSON_GetArraySize(names) == 0) {
        cJSON_AddItemToObject(out, "attributes", cJSON_Duplicate(r->sms_attributes, true));
        return 0;
    }
    cJSON *selected = cJSON_AddObjectToObject(out, "attributes");
    const cJSON *n;
    cJSON_ArrayForEach(n, names)
    {
        const cJSON *v = cJSON_IsString(n) ? cJSON_GetObjectItemCaseSensitive(r->sms_attributes,
                                                                             n->valuestring)
                                           : NULL;
        if (v)
            cJSON_AddItemToObject(selected, n->valuestring, cJSON_Duplicate(v, false));
    }
    return 0;
}

int sns_check_if_phone_number_is_opted_out(struct call *c, const cJSON *in, cJSON *out)
{
    const char *number = param_string(in, "phoneNumber");
    if (!is_e164(number))
        return fail_invalid_parameter(c, "PhoneNumber Reason: input incorrectly formatted");
    cJSON_AddBoolToObject(out, "isOptedOut", index_of_number(region_of(c)->opted_out, number, NULL) >= 0);
    return 0;
}

int sns_list_phone_numbers_opted_out(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    cJSON_AddItemToObject(out, "phoneNumbers", cJSON_Duplicate(region_of(c)->opted_out, true));
    return 0;
}

int sns_opt_in_phone_number(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    const char *number = param_string(in, "phoneNumber");
    if (!is_e164(number))
        return fail_invalid_parameter(c, "PhoneNumber Reason: input incorrectly formatted");
    struct sns_region *r = region_of(c);
    int i = index_of_number(r->opted_out, number, NULL);
    if (i >= 0)
        cJSON_DeleteItemFromArray(r->opted_out, i);
    return 0;
}

int sns_create_sms_sandbox_phone_number(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    const char *number = param_string(in, "PhoneNumber");
    if (!is_e164(number))
        return fail_invalid_parameter(c, "PhoneNumber");
    struct sns_region *r = region_of(c);
    if (index_of_number(r->sandbox_numbers, number, "PhoneNumber") < 0) {
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "PhoneNumber", number);
        cJSON_AddStringToObject(entry, "Status", "Pending");
        cJSON_AddItemToArray(r->sandbox_numbers, entry);
    }
    return 0;
}

int sns_delete_sms_sandbox_phone_number(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_region *r = region_of(c);
    int i = index_of_number(r->sandbox_numbers, param_string(in, "PhoneNumber") ? param_string(in, "PhoneNumber") : "", "PhoneNumber");
    if (i < 0)
        return call_fail(c, 404, "ResourceNotFound", "Resource does not exist");
    cJSON_DeleteItemFromArray(r->sandbox_numbers, i);
    return 0;
}

int sns_verify_sms_sandbox_phone_number(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sns_region *r = region_of(c);
    const char *number = param_string(in, "PhoneNumber");
    int i = index_of_number(r->sandbox_numbers, number ? number : "", "PhoneNumber");
    if (i < 0)
        return call_fail(c, 404, "ResourceNotFound", "Resource does not exist");
    cJSON *entry = cJSON_GetArrayItem(r->sandbox_numbers, i);
    cJSON_ReplaceItemInObjectCaseSensitive(entry, "Status", cJSON_CreateString("Verified"));
    return 0;
}

int sns_list_sms_sandbox_phone_numbers(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    cJSON_AddItemToObject(out, "PhoneNumbers", cJSON_Duplicate(region_of(c)->sandbox_numbers, true));
    return 0;
}

int sns_get_sms_sandbox_account_status(struct call *c, const cJSON *in, cJSON *out)
{
    (void)c;
    (void)in;
    cJSON_AddBoolToObject(out, "IsInSandbox", false);
    return 0;
}

int sns_list_origination_numbers(struct call *c, const cJSON *in, cJSON *out)
{
    (void)c;
    (void)in;
    cJSON_AddArrayToObject(out, "PhoneNumbers");
    return 0;
}
