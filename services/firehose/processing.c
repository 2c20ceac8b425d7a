/* Record processors motoc runs (processing.h), in the order Firehose applies them whatever
 * order they are listed in: decompression, CloudWatch Logs message extraction, then the
 * delimiter. A record that cannot be decompressed or parsed passes on as it is. */
#include "processing.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <zlib.h>

#include "../../http/buf.h"

#include "../core/params.h"

#define MAX_DECOMPRESSED_BYTES (16u * 1024u * 1024u)

/* The processor of that type when the configuration is enabled, else NULL. */
static const cJSON *processor(const cJSON *destination, const char *type)
{
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(destination, "ProcessingConfiguration");
    if (!param_true(config, "Enabled"))
        return NULL;
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(config, "Processors")) {
        const char *t = param_string(p, "Type");
        if (t && strcmp(t, type) == 0)
            return p;
    }
    return NULL;
}

static const char *parameter(const cJSON *p, const char *name)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(p, "Parameters")) {
        const char *n = param_string(item, "ParameterName");
        if (n && strcmp(n, name) == 0)
            return param_string(item, "ParameterValue");
    }
    return NULL;
}

static bool gunzip(const void *data, size_t len, struct buf *out)
{
    z_stream zs = {0};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        return false;
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    int rc = Z_OK;
    while (rc == Z_OK && out->len < MAX_DECOMPRESSED_BYTES) {
        buf_reserve(out, 64 * 1024);
        zs.next_out = (Bytef *)out->data + out->len;
        zs.avail_out = 64 * 1024;
        rc = inflate(&zs, Z_NO_FLUSH);
        out->len = (size_t)((char *)zs.next_out - out->data);
        if (rc == Z_BUF_ERROR && zs.avail_in == 0)
            break;
    }
    inflateEnd(&zs);
    return rc == Z_STREAM_END;
}

/* The delimiter parameter with its escapes (\n, \t, \r, \\) read; a newline by default. */
static void append_delimiter(const char *text, struct buf *out)
{
    if (!text) {
        buf_puts(out, "\n");
        return;
    }
    for (const char *p = text; *p; p++) {
        if (*p != '\\' || !p[1]) {
            buf_append(out, p, 1);
            continue;
        }
        p++;
        char c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p;
        buf_append(out, &c, 1);
    }
}

static bool skip_space(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
        (*p)++;
    return **p != '\0';
}

/* A name in a query: letters, digits and '_', or a quoted string. */
static bool query_name(const char **p, char *out, size_t size)
{
    size_t n = 0;
    if (**p == '"') {
        (*p)++;
        while (**p && **p != '"' && n + 1 < size)
            out[n++] = *(*p)++;
        if (**p != '"')
            return false;
        (*p)++;
    } else {
        while ((isalnum((unsigned char)**p) || **p == '_') && n + 1 < size)
            out[n++] = *(*p)++;
    }
    out[n] = '\0';
    return n > 0;
}

/* The keys a MetadataExtractionQuery of the form {name: .path.to.field, ...} picks from a
 * JSON record, as JSON text; NULL when the record is not JSON, a field is missing or not a
 * string, number or boolean, or the query is not of that form. */
static char *extract_keys(const char *query, const char *data, size_t len)
{
    cJSON *doc = cJSON_ParseWithLength(data, len);
    cJSON *keys = cJSON_CreateObject();
    const char *p = query ? query : "";
    bool ok = doc && skip_space(&p) && *p++ == '{';
    while (ok) {
        char name[128], field[128];
        if (!skip_space(&p) || !query_name(&p, name, sizeof name) || !skip_space(&p) ||
            *p++ != ':' || !skip_space(&p) || *p != '.') {
            ok = false;
            break;
        }
        const cJSON *value = doc;
        while (ok && *p == '.') {
            p++;
            ok = query_name(&p, field, sizeof field);
            value = ok ? cJSON_GetObjectItemCaseSensitive(value, field) : NULL;
        }
        char number[64];
        if (cJSON_IsString(value))
            cJSON_AddStringToObject(keys, name, value->valuestring);
        else if (cJSON_IsNumber(value) && snprintf(number, sizeof number, "%.17g",
                                                   value->valuedouble) > 0)
            cJSON_AddStringToObject(keys, name, number);
        else if (cJSON_IsBool(value))
            cJSON_AddStringToObject(keys, name, cJSON_IsTrue(value) ? "true" : "false");
        else
            ok = false;
        if (!ok || !skip_space(&p))
            break;
        if (*p == '}')
            break;
        ok = *p++ == ',';
    }
    ok = ok && *p == '}';
    char *text = ok ? cJSON_PrintUnformatted(keys) : NULL;
    cJSON_Delete(keys);
    cJSON_Delete(doc);
    return text;
}

struct record_output {
    const cJSON *delimiter;      /* AppendDelimiterToRecord, or NULL */
    const cJSON *partitioning;   /* MetadataExtraction under dynamic partitioning, or NULL */
    processed_record_fn emit;
    void *ctx;
};

static void emit_record(const char *data, size_t len, const struct record_output *o)
{
    char *partition = NULL;
    if (o->partitioning)
        partition = extract_keys(parameter(o->partitioning, "MetadataExtractionQuery"), data,
                                 len);
    const char *keys = o->partitioning ? (partition ? partition : "") : NULL;
    if (!o->delimiter) {
        o->emit(o->ctx, data, len, keys);
    } else {
        struct buf record = BUF_INIT;
        buf_append(&record, data, len);
        append_delimiter(parameter(o->delimiter, "Delimiter"), &record);
        o->emit(o->ctx, record.data, record.len, keys);
        buf_free(&record);
    }
    cJSON_free(partition);
}

/* Emits the messages of a CloudWatch Logs data message, one record each, and nothing for a
 * control message; false when the record is neither. */
static bool emit_messages(const struct buf *record, const struct record_output *o)
{
    cJSON *doc = cJSON_ParseWithLength(record->data ? record->data : "", record->len);
    const char *type = param_string(doc, "messageType");
    bool data_message = type && strcmp(type, "DATA_MESSAGE") == 0;
    if (data_message) {
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "logEvents")) {
            const char *message = param_string(e, "message");
            if (message)
                emit_record(message, strlen(message), o);
        }
    }
    bool known = data_message || (type && strcmp(type, "CONTROL_MESSAGE") == 0);
    cJSON_Delete(doc);
    return known;
}

void firehose_process_record(const cJSON *destination, const void *data, size_t len,
                             processed_record_fn emit, void *ctx)
{
    struct buf record = BUF_INIT;
    const cJSON *decompression = processor(destination, "Decompression");
    const char *format = decompression ? parameter(decompression, "CompressionFormat") : NULL;
    if (!decompression || (format && strcmp(format, "GZIP") != 0) ||
        !gunzip(data, len, &record)) {
        record.len = 0;
        buf_append(&record, data, len);
    }
    const cJSON *dynamic =
        cJSON_GetObjectItemCaseSensitive(destination, "DynamicPartitioningConfiguration");
    struct record_output o = {
        .delimiter = processor(destination, "AppendDelimiterToRecord"),
        .partitioning = param_true(dynamic, "Enabled")
                            ? processor(destination, "MetadataExtraction")
                            : NULL,
        .emit = emit,
        .ctx = ctx,
    };
    const cJSON *logs = processor(destination, "CloudWatchLogProcessing");
    const char *extraction = logs ? parameter(logs, "DataMessageExtraction") : NULL;
    if (!(extraction && strcmp(extraction, "true") == 0 && emit_messages(&record, &o)))
        emit_record(record.data ? record.data : "", record.len, &o);
    buf_free(&record);
}

const char *firehose_lambda_processor(const cJSON *destination)
{
    const cJSON *lambda = processor(destination, "Lambda");
    return lambda ? parameter(lambda, "LambdaArn") : NULL;
}
