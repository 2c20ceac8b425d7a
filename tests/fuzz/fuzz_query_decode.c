/* Fuzz target: arbitrary bytes as the form body (and, split at the first newline, the query
 * string) of a query and an ec2 request, decoded against a model exercising every shape kind,
 * flattening, renaming and recursion. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/message.h"
#include "../../services/core/model.h"
#include "../../services/core/protocol.h"

static const char MODEL[] =
    "{\"metadata\": {\"protocol\": \"query\", \"apiVersion\": \"2020-01-08\"},"
    " \"operations\": {\"Op\": {\"input\": {\"shape\": \"Input\"}}},"
    " \"shapes\": {"
    "  \"String\": {\"type\": \"string\"}, \"Integer\": {\"type\": \"integer\"},"
    "  \"Long\": {\"type\": \"long\"}, \"Double\": {\"type\": \"double\"},"
    "  \"Boolean\": {\"type\": \"boolean\"}, \"Blob\": {\"type\": \"blob\"},"
    "  \"Time\": {\"type\": \"timestamp\"},"
    "  \"Epoch\": {\"type\": \"timestamp\", \"timestampFormat\": \"unixTimestamp\"},"
    "  \"Input\": {\"type\": \"structure\", \"members\": {"
    "    \"S\": {\"shape\": \"String\"}, \"I\": {\"shape\": \"Integer\"},"
    "    \"L\": {\"shape\": \"Long\"}, \"D\": {\"shape\": \"Double\"},"
    "    \"B\": {\"shape\": \"Boolean\"}, \"Bl\": {\"shape\": \"Blob\"},"
    "    \"T\": {\"shape\": \"Time\"}, \"E\": {\"shape\": \"Epoch\"},"
    "    \"N\": {\"shape\": \"Node\", \"locationName\": \"n\", \"queryName\": \"Q\"},"
    "    \"List\": {\"shape\": \"NodeList\"},"
    "    \"Flat\": {\"shape\": \"StringList\", \"flattened\": true},"
    "    \"Named\": {\"shape\": \"NamedList\"},"
    "    \"Map\": {\"shape\": \"NodeMap\"},"
    "    \"FlatMap\": {\"shape\": \"NamedMap\", \"flattened\": true, \"locationName\": \"FM\"}}},"
    "  \"Node\": {\"type\": \"structure\", \"members\": {"
    "    \"V\": {\"shape\": \"String\"}, \"C\": {\"shape\": \"Node\"},"
    "    \"Kids\": {\"shape\": \"NodeList\"}, \"M\": {\"shape\": \"NodeMap\"}}},"
    "  \"NodeList\": {\"type\": \"list\", \"member\": {\"shape\": \"Node\"}},"
    "  \"StringList\": {\"type\": \"list\", \"member\": {\"shape\": \"String\"}},"
    "  \"NamedList\": {\"type\": \"list\", \"flattened\": true,"
    "    \"member\": {\"shape\": \"Integer\", \"locationName\": \"Item\"}},"
    "  \"NodeMap\": {\"type\": \"map\", \"key\": {\"shape\": \"String\"},"
    "    \"value\": {\"shape\": \"Node\"}},"
    "  \"NamedMap\": {\"type\": \"map\", \"key\": {\"shape\": \"String\", \"locationName\": \"K\"},"
    "    \"value\": {\"shape\": \"StringList\", \"locationName\": \"V\"}}}}";

static const struct service_model *fuzz_model(void)
{
    static struct service_model *model;
    if (!model) {
        cJSON *doc = cJSON_Parse(MODEL);
        char err[256];
        model = model_from_json(doc, err, sizeof err);
        cJSON_Delete(doc);
        if (!model)
            abort();
    }
    return model;
}

static void decode_as(const struct service_model *m, enum aws_protocol protocol,
                      const struct http_request *req)
{
    struct proto_call call = {.model = m, .op = model_operation(m, "Op"), .protocol = protocol,
                              .request_id = "fuzz", .http = req};
    cJSON *params = NULL;
    struct proto_error err = {0};
    proto_decode_request(&call, &params, &err);
    cJSON_Delete(params);
    proto_error_clear(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct service_model *m = fuzz_model();
    const char *text = (const char *)data;
    const char *newline = memchr(text, '\n', size);
    size_t query_len = newline ? (size_t)(newline - text) : 0;
    size_t body_start = newline ? query_len + 1 : 0;

    struct http_request req;
    http_request_init(&req);
    memcpy(req.method, "POST", 5);
    req.target = xstrdup("/");
    req.path = xstrdup("/");
    req.query = xstrndup(text, query_len);
    buf_append(&req.body, text + body_start, size - body_start);
    decode_as(m, PROTO_QUERY, &req);
    decode_as(m, PROTO_EC2, &req);
    http_request_free(&req);
    return 0;
}
