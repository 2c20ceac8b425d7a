/* Fuzzes Firehose's S3 prefix expressions (check and expansion) and its record processors
 * (metadata extraction queries, delimiters, decompression, log message extraction). Input:
 * "<text>\n---\n<record>": text serves as the prefix, the query and the delimiter. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "../../services/firehose/object_key.h"
#include "../../services/firehose/processing.h"

static const char *prefix;

static void expand_for(void *ctx, const void *data, size_t len, const char *partition)
{
    (void)ctx;
    (void)data;
    (void)len;
    cJSON *keys = partition && partition[0] ? cJSON_Parse(partition) : NULL;
    struct buf out = BUF_INIT;
    firehose_prefix_expand(prefix, 1709622489.5, NULL, keys, &out);
    buf_free(&out);
    cJSON_Delete(keys);
}

static cJSON *processor(cJSON *list, const char *type, const char *name, const char *value)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "Type", type);
    cJSON *parameters = cJSON_AddArrayToObject(p, "Parameters");
    cJSON *parameter = cJSON_CreateObject();
    cJSON_AddStringToObject(parameter, "ParameterName", name);
    cJSON_AddStringToObject(parameter, "ParameterValue", value);
    cJSON_AddItemToArray(parameters, parameter);
    cJSON_AddItemToArray(list, p);
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char *split = strstr(text, "\n---\n");
    const char *record = "{\"customer\": {\"id\": \"c-1\"}, \"n\": 3}";
    size_t record_len = strlen(record);
    if (split) {
        *split = '\0';
        record = split + 5;
        record_len = size - (size_t)(record - text);
    }
    prefix = text;
    char why[256];
    bool valid = firehose_prefix_check(text, false, true, why, sizeof why);
    (void)firehose_prefix_check(text, true, false, why, sizeof why);

    cJSON *d = cJSON_CreateObject();
    cJSON_AddTrueToObject(cJSON_AddObjectToObject(d, "DynamicPartitioningConfiguration"),
                          "Enabled");
    cJSON *config = cJSON_AddObjectToObject(d, "ProcessingConfiguration");
    cJSON_AddTrueToObject(config, "Enabled");
    cJSON *list = cJSON_AddArrayToObject(config, "Processors");
    processor(list, "MetadataExtraction", "MetadataExtractionQuery", text);
    processor(list, "Decompression", "CompressionFormat", "GZIP");
    processor(list, "CloudWatchLogProcessing", "DataMessageExtraction", "true");
    processor(list, "AppendDelimiterToRecord", "Delimiter", text);
    if (!valid)
        prefix = NULL; /* expansion takes checked prefixes only */
    firehose_process_record(d, record, record_len, expand_for, NULL);
    cJSON_Delete(d);
    free(text);
    return 0;
}
