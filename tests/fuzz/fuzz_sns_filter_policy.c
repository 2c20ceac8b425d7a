/* Fuzzes the SNS filter policy engine. Input: "<policy>\n---\n<message>"; the first byte's low
 * bit picks the scope. The policy is parsed and, when valid, matched against the message as a
 * JSON body and as message attributes derived from it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/sns/filter_policy.h"

/* Message attributes from a JSON object's members: strings, numbers and arrays. */
static cJSON *attributes_from(const cJSON *doc)
{
    cJSON *attributes = cJSON_CreateObject();
    const cJSON *m;
    cJSON_ArrayForEach(m, doc)
    {
        cJSON *a = cJSON_CreateObject();
        if (cJSON_IsNumber(m)) {
            char *text = cJSON_PrintUnformatted(m);
            cJSON_AddStringToObject(a, "DataType", "Number");
            cJSON_AddStringToObject(a, "StringValue", text ? text : "0");
            free(text);
        } else if (cJSON_IsArray(m)) {
            char *text = cJSON_PrintUnformatted(m);
            cJSON_AddStringToObject(a, "DataType", "String.Array");
            cJSON_AddStringToObject(a, "StringValue", text ? text : "[]");
            free(text);
        } else {
            cJSON_AddStringToObject(a, "DataType", "String");
            cJSON_AddStringToObject(a, "StringValue",
                                    cJSON_IsString(m) ? m->valuestring : "value");
        }
        cJSON_AddItemToObject(attributes, m->string ? m->string : "", a);
    }
    return attributes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 65536)
        return 0;
    enum filter_scope scope =
        (data[0] & 1) ? FILTER_SCOPE_MESSAGE_BODY : FILTER_SCOPE_MESSAGE_ATTRIBUTES;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *message = strstr(text, "\n---\n");
    if (message) {
        *message = '\0';
        message += 5;
    } else {
        message = "{}";
    }
    struct proto_error err = {0};
    cJSON *policy = filter_policy_parse(text, scope, &err);
    if (policy) {
        cJSON *doc = cJSON_Parse(message);
        cJSON *attributes = attributes_from(cJSON_IsObject(doc) ? doc : NULL);
        filter_policy_match(policy, scope, attributes, message);
        cJSON_Delete(attributes);
        cJSON_Delete(doc);
        cJSON_Delete(policy);
    }
    proto_error_clear(&err);
    free(text);
    return 0;
}
