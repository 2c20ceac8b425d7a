/* Fuzzes SSM's parsers. The first byte picks one: even, the input is a ParameterFilters list
 * (JSON) read for DescribeParameters and GetParametersByPath, and for the older Filters, then
 * matched against a sample parameter; odd, the input is a YAML document, converted to JSON
 * and back to YAML, and the YAML read again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/core/protocol.h"
#include "../../services/ssm/parameter_filters.h"
#include "../../services/ssm/yaml_json.h"

static const char SAMPLE[] =
    "{\"Name\":\"/app/db/url\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"red\"}],"
    "\"Versions\":[{\"Name\":\"/app/db/url\",\"Type\":\"SecureString\",\"KeyId\":\"k\","
    "\"Tier\":\"Standard\",\"DataType\":\"text\",\"Labels\":[\"live\"],\"Version\":1}]}";

static void fuzz_filters(const char *text)
{
    cJSON *list = cJSON_Parse(text);
    cJSON *parameter = cJSON_Parse(SAMPLE);
    struct parameter_filters *f = malloc(sizeof *f);
    const enum filter_context contexts[] = {FILTERS_FOR_DESCRIBE, FILTERS_FOR_PATH};
    for (size_t i = 0; i < 2; i++) {
        struct proto_error err = {0};
        if (parameter_filters_read(list, contexts[i], f, &err) == 0)
            parameter_filters_match(f, parameter);
        proto_error_clear(&err);
    }
    struct proto_error err = {0};
    if (parameter_filters_read_legacy(list, f, &err) == 0)
        parameter_filters_match(f, parameter);
    proto_error_clear(&err);
    const cJSON *value;
    cJSON_ArrayForEach(value, list)
        if (cJSON_IsString(value))
            parameter_under_path("/app/db/url", value->valuestring, value->valuestring[0] & 1);
    free(f);
    cJSON_Delete(parameter);
    cJSON_Delete(list);
}

static void fuzz_yaml(const char *text, size_t len)
{
    cJSON *json = yaml_to_json(text, len);
    if (!json)
        return;
    char *yaml = json_to_yaml(json);
    cJSON *again = yaml_to_json(yaml, strlen(yaml));
    cJSON_Delete(again);
    free(yaml);
    cJSON_Delete(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 65536)
        return 0;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    if (data[0] & 1)
        fuzz_yaml(text, size - 1);
    else
        fuzz_filters(text);
    free(text);
    return 0;
}
