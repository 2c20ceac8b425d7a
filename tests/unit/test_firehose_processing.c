/* Firehose's record processors: records pass untouched without an enabled configuration,
 * gzip is undone, CloudWatch Logs envelopes become one record per message (control messages
 * none), delimiters are appended with their escapes read, and a record that is not what a
 * processor expects passes as it came. */
#include <string.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "../../services/core/content_encoding.h"
#include "../../services/firehose/processing.h"
#include "check.h"

struct emitted {
    int count;
    struct buf all; /* every record, each followed by '|' */
};

static void collect(void *ctx, const void *data, size_t len, const char *partition)
{
    struct emitted *e = ctx;
    e->count++;
    buf_append(&e->all, data, len);
    if (partition)
        buf_printf(&e->all, "@%s", partition);
    buf_append(&e->all, "|", 1);
}

/* Runs the destination (JSON text) on the record; the records that came out. */
static const char *run(const char *destination, const void *data, size_t len, int *count)
{
    static char text[1024];
    cJSON *d = cJSON_Parse(destination);
    struct emitted e = {0};
    firehose_process_record(d, data, len, collect, &e);
    snprintf(text, sizeof text, "%.*s", (int)e.all.len, e.all.data ? e.all.data : "");
    *count = e.count;
    buf_free(&e.all);
    cJSON_Delete(d);
    return text;
}

#define DELIMITED(value)                                                                        \
    "{\"ProcessingConfiguration\": {\"Enabled\": true, \"Processors\": [{\"Type\": "            \
    "\"AppendDelimiterToRecord\", \"Parameters\": [{\"ParameterName\": \"Delimiter\", "         \
    "\"ParameterValue\": \"" value "\"}]}]}}"

#define LOGS                                                                                    \
    "{\"ProcessingConfiguration\": {\"Enabled\": true, \"Processors\": ["                       \
    "{\"Type\": \"AppendDelimiterToRecord\"},"                                                  \
    "{\"Type\": \"CloudWatchLogProcessing\", \"Parameters\": [{\"ParameterName\": "            \
    "\"DataMessageExtraction\", \"ParameterValue\": \"true\"}]},"                               \
    "{\"Type\": \"Decompression\", \"Parameters\": [{\"ParameterName\": "                      \
    "\"CompressionFormat\", \"ParameterValue\": \"GZIP\"}]}]}}"

int main(void)
{
    int count;
    CHECK_STR(run("{}", "abc", 3, &count), "abc|", "no configuration: as it is");
    CHECK(count == 1, "one record");
    CHECK_STR(run("{\"ProcessingConfiguration\": {\"Enabled\": false, \"Processors\": "
                  "[{\"Type\": \"AppendDelimiterToRecord\"}]}}", "abc", 3, &count),
              "abc|", "a disabled configuration runs nothing");
    CHECK_STR(run(DELIMITED("\\\\n"), "abc", 3, &count), "abc\n|", "an escaped newline");
    CHECK_STR(run(DELIMITED("\\\\t;"), "abc", 3, &count), "abc\t;|", "escapes and text");
    CHECK_STR(run("{\"ProcessingConfiguration\": {\"Enabled\": true, \"Processors\": "
                  "[{\"Type\": \"AppendDelimiterToRecord\"}]}}", "abc", 3, &count),
              "abc\n|", "a newline by default");

    const char *envelope = "{\"messageType\": \"DATA_MESSAGE\", \"logEvents\": ["
                           "{\"id\": \"1\", \"timestamp\": 1, \"message\": \"one\"},"
                           "{\"id\": \"2\", \"timestamp\": 2, \"message\": \"two\"}]}";
    struct buf gz = BUF_INIT;
    CHECK(gzip_encode(envelope, strlen(envelope), &gz), "gzipped");
    CHECK_STR(run(LOGS, gz.data, gz.len, &count), "one\n|two\n|",
              "a gzipped envelope becomes its messages");
    CHECK(count == 2, "one record per log event");
    buf_free(&gz);

    const char *control = "{\"messageType\": \"CONTROL_MESSAGE\", \"logEvents\": []}";
    CHECK(gzip_encode(control, strlen(control), &gz), "gzipped");
    run(LOGS, gz.data, gz.len, &count);
    CHECK(count == 0, "control messages are dropped");
    buf_free(&gz);

    CHECK_STR(run(LOGS, "plain text", 10, &count), "plain text\n|",
              "neither gzip nor an envelope: passed on, delimited");

#define PARTITIONED(query, enabled)                                                             \
    "{\"DynamicPartitioningConfiguration\": {\"Enabled\": " enabled "},"                        \
    "\"ProcessingConfiguration\": {\"Enabled\": true, \"Processors\": [{\"Type\": "            \
    "\"MetadataExtraction\", \"Parameters\": [{\"ParameterName\": "                           \
    "\"MetadataExtractionQuery\", \"ParameterValue\": \"" query "\"}]}]}}"
    const char *order = "{\"customer\": {\"id\": \"c-7\"}, \"total\": 12.5, \"paid\": true}";
    CHECK_STR(run(PARTITIONED("{customer: .customer.id, total: .total, \\\"is paid\\\": .paid}",
                              "true"), order, strlen(order), &count),
              "{\"customer\": {\"id\": \"c-7\"}, \"total\": 12.5, \"paid\": true}"
              "@{\"customer\":\"c-7\",\"total\":\"12.5\",\"is paid\":\"true\"}|",
              "keys from nested paths, numbers and booleans as text");
    CHECK_STR(run(PARTITIONED("{customer: .nobody}", "true"), order, strlen(order), &count),
              "{\"customer\": {\"id\": \"c-7\"}, \"total\": 12.5, \"paid\": true}@|",
              "a missing field fails the record's partitioning");
    CHECK_STR(run(PARTITIONED("{customer: .customer.id}", "true"), "not json", 8, &count),
              "not json@|", "so does a record that is not JSON");
    CHECK_STR(run(PARTITIONED("{customer: .customer.id}", "false"), "x", 1, &count), "x|",
              "no partitions without dynamic partitioning");
    return test_summary("firehose_processing");
}
