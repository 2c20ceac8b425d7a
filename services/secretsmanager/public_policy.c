/* Telling a public resource policy (public_policy.h). */
#include "public_policy.h"

#include <string.h>

#include <cjson/cJSON.h>

static bool names_everyone(const cJSON *principal)
{
    if (cJSON_IsString(principal))
        return strcmp(principal->valuestring, "*") == 0;
    if (cJSON_IsArray(principal)) {
        const cJSON *item;
        cJSON_ArrayForEach(item, principal)
            if (names_everyone(item))
                return true;
        return false;
    }
    if (cJSON_IsObject(principal))
        return names_everyone(cJSON_GetObjectItemCaseSensitive(principal, "AWS"));
    return false;
}

static bool statement_is_public(const cJSON *statement)
{
    const cJSON *effect = cJSON_GetObjectItemCaseSensitive(statement, "Effect");
    if (!cJSON_IsString(effect) || strcmp(effect->valuestring, "Allow") != 0)
        return false;
    if (cJSON_GetObjectItemCaseSensitive(statement, "Condition"))
        return false;
    return names_everyone(cJSON_GetObjectItemCaseSensitive(statement, "Principal"));
}

bool policy_is_public(const char *text)
{
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    const cJSON *statements = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
    bool public = false;
    if (cJSON_IsObject(statements)) {
        public = statement_is_public(statements);
    } else {
        const cJSON *statement;
        cJSON_ArrayForEach(statement, statements)
            public = public || statement_is_public(statement);
    }
    cJSON_Delete(doc);
    return public;
}
