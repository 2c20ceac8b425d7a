/* Record processors motoc runs (processing.h), in the order Firehose applies them whatever
 * order they are listed in: decompression, CloudWatch Logs message extraction, then the
 * delimiter. A record that cannot be decompressed or parsed passes on as it is. */
#include "processing.h"

#include <stdint.h>
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

static void emit_with_delimiter(const char *data, size_t len, const cJSON *delimiter,
                                void (*emit)(void *ctx, const void *data, size_t len), void *ctx)
{
    if (!delimiter) {
        emit(ctx, data, len);
        return;
    }
    struct buf record = BUF_INIT;
    buf_append(&record, data, len);
    append_delimiter(parameter(delimiter, "Delimiter"), &record);
    emit(ctx, record.data, record.len);
    buf_free(&record);
}

/* Emits the messages of a CloudWatch Logs data message, one record each, and nothing for a
 * control message; false when the record is neither. */
static bool emit_messages(const struct buf *record, const cJSON *delimiter,
                          void (*emit)(void *ctx, const void *data, size_t len), void *ctx)
{
    cJSON *doc = cJSON_ParseWithLength(record->data ? record->data : "", record->len);
    const char *type = param_string(doc, "messageType");
    bool data_message = type && strcmp(type, "DATA_MESSAGE") == 0;
    if (data_message) {
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "logEvents")) {
            const char *message = param_string(e, "message");
            if (message)
                emit_with_delimiter(message, strlen(message), delimiter, emit, ctx);
        }
    }
    bool known = data_message || (type && strcmp(type, "CONTROL_MESSAGE") == 0);
    cJSON_Delete(doc);
    return known;
}

void firehose_process_record(const cJSON *destination, const void *data, size_t len,
                             void (*emit)(void *ctx, const void *data, size_t len), void *ctx)
{
    struct buf record = BUF_INIT;
    const cJSON *decompression = processor(destination, "Decompression");
    const char *format = decompression ? parameter(decompression, "CompressionFormat") : NULL;
    if (!decompression || (format && strcmp(format, "GZIP") != 0) ||
        !gunzip(data, len, &record)) {
        record.len = 0;
        buf_append(&record, data, len);
    }
    const cJSON *delimiter = processor(destination, "AppendDelimiterToRecord");
    const cJSON *logs = processor(destination, "CloudWatchLogProcessing");
    const char *extraction = logs ? parameter(logs, "DataMessageExtraction") : NULL;
    if (!(extraction && strcmp(extraction, "true") == 0 &&
          emit_messages(&record, delimiter, emit, ctx)))
        emit_with_delimiter(record.data ? record.data : "", record.len, delimiter, emit, ctx);
    buf_free(&record);
}
