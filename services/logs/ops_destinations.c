/* Destinations (where subscription filters of other accounts deliver) and their access
 * policies, stored and listed. */
#include <stdlib.h>
#include <string.h>

#include "../core/arn.h"
#include "../core/params.h"
#include "group_tags.h"
#include "groups.h"
#include "ops.h"

OPERATION(logs_put_destination)
{
    struct logs_region *r = logs_state(c);
    const char *name = param_string(in, "destinationName");
    cJSON *d = entry_named(r->destinations, "destinationName", name);
    if (!d) {
        cJSON *tags = NULL;
        const cJSON *tags_in = cJSON_GetObjectItemCaseSensitive(in, "tags");
        if (tags_in && !(tags = log_group_tags_from_request(c, tags_in, name)))
            return -1;
        d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "destinationName", name);
        cJSON_AddStringToObject(d, "targetArn", param_string(in, "targetArn"));
        cJSON_AddStringToObject(d, "roleArn", param_string(in, "roleArn"));
        char *arn = arn_build("logs", c->route->region, c->route->account, "destination:%s",
                              name);
        cJSON_AddStringToObject(d, "arn", arn);
        free(arn);
        cJSON_AddNumberToObject(d, "creationTime", (double)logs_now_ms());
        cJSON_AddItemToObject(d, "_tags", tags ? tags : cJSON_CreateArray());
        json_sorted_insert(r->destinations, d, "destinationName");
    } else {
        cJSON_ReplaceItemInObjectCaseSensitive(d, "targetArn",
                                               cJSON_CreateString(param_string(in, "targetArn")));
        cJSON_ReplaceItemInObjectCaseSensitive(d, "roleArn",
                                               cJSON_CreateString(param_string(in, "roleArn")));
    }
    cJSON_AddItemToObject(out, "destination", json_public_copy(d));
    return 0;
}

OPERATION(logs_describe_destinations)
{
    struct logs_region *r = logs_state(c);
    const char *prefix = param_string(in, "DestinationNamePrefix");
    cJSON *list = cJSON_AddArrayToObject(out, "destinations");
    const cJSON *d;
    cJSON_ArrayForEach(d, r->destinations) {
        const char *name = param_string(d, "destinationName");
        if (!prefix || strncmp(name, prefix, strlen(prefix)) == 0)
            cJSON_AddItemToArray(list, json_public_copy(d));
    }
    return 0;
}

OPERATION(logs_delete_destination)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    if (!sorted_remove(r->destinations, "destinationName", param_string(in, "destinationName")))
        return call_fail_resource_not_found(c, "The specified destination does not exist.");
    return 0;
}

OPERATION(logs_put_destination_policy)
{
    (void)out;
    struct logs_region *r = logs_state(c);
    cJSON *d = entry_named(r->destinations, "destinationName", param_string(in, "destinationName"));
    if (!d)
        return call_fail_resource_not_found(c, "The specified destination does not exist.");
    cJSON_DeleteItemFromObjectCaseSensitive(d, "accessPolicy");
    cJSON_AddStringToObject(d, "accessPolicy", param_string(in, "accessPolicy"));
    return 0;
}
