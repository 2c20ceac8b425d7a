/* Fuzzes the IAM policy evaluator. Input: "<policy>\n---\n<context>", the context a JSON object
 * of condition key -> string or array of strings. The policy is evaluated as identity policy,
 * boundary and resource policy for a few actions and resources. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/iam/policy_eval.h"

#define MAX_KEYS 16
#define MAX_VALUES 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 65536)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *separator = strstr(text, "\n---\n");
    cJSON *context_doc = NULL;
    if (separator) {
        *separator = '\0';
        context_doc = cJSON_Parse(separator + 5);
    }
    cJSON *policy = cJSON_Parse(text);
    struct eval_context_entry context[MAX_KEYS];
    const char *values[MAX_KEYS][MAX_VALUES];
    size_t count = 0;
    const cJSON *key;
    cJSON_ArrayForEach(key, context_doc)
    {
        if (count == MAX_KEYS || !key->string)
            break;
        size_t n = 0;
        if (cJSON_IsString(key)) {
            values[count][n++] = key->valuestring;
        } else {
            const cJSON *v;
            cJSON_ArrayForEach(v, key)
                if (cJSON_IsString(v) && n < MAX_VALUES)
                    values[count][n++] = v->valuestring;
        }
        context[count] = (struct eval_context_entry){key->string, values[count], n};
        count++;
    }
    if (policy) {
        const cJSON *list[1] = {policy};
        struct eval_policies policies = {list, 1, list, 1, policy};
        static const char *const actions[] = {"s3:GetObject", "iam:CreateUser", "sqs:*"};
        static const char *const resources[] = {"*", "arn:aws:s3:::bucket/key"};
        for (size_t i = 0; i < 3; i++)
            for (size_t j = 0; j < 2; j++) {
                struct eval_request request = {actions[i], resources[j],
                                               "arn:aws:iam::123456789012:user/alice", context,
                                               count, (i + j) % 2 == 1};
                struct eval_result result;
                policy_evaluate(&policies, &request, &result);
            }
    }
    cJSON_Delete(policy);
    cJSON_Delete(context_doc);
    free(text);
    return 0;
}
