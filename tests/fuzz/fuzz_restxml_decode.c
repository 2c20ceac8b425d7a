/* Fuzz target: arbitrary bytes as the body of two rest-xml requests, one whose input members
 * live in the body and one with a structure payload, against a model exercising every shape
 * kind, attributes, flattening, renaming and recursion. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/message.h"
#include "../../services/core/model.h"
#include "../../services/core/protocol.h"

static const char MODEL[] =
    "{\"metadata\": {\"protocol\": \"rest-xml\", \"endpointPrefix\": \"s3\"},"
    " \"operations\": {"
    "  \"PutBody\": {\"http\": {\"method\": \"POST\", \"requestUri\": \"/{Id}/body\"},"
    "    \"input\": {\"shape\": \"Input\", \"locationName\": \"Input\"}},"
    "  \"PutPayload\": {\"http\": {\"method\": \"PUT\", \"requestUri\": \"/{Id}/payload\"},"
    "    \"input\": {\"shape\": \"PayloadInput\"}}},"
    " \"shapes\": {"
    "  \"String\": {\"type\": \"string\"}, \"Integer\": {\"type\": \"integer\"},"
    "  \"Long\": {\"type\": \"long\"}, \"Float\": {\"type\": \"float\"},"
    "  \"Boolean\": {\"type\": \"boolean\"}, \"Blob\": {\"type\": \"blob\"},"
    "  \"Time\": {\"type\": \"timestamp\"},"
    "  \"Date\": {\"type\": \"timestamp\", \"timestampFormat\": \"rfc822\"},"
    "  \"Input\": {\"type\": \"structure\", \"members\": {"
    "    \"Id\": {\"shape\": \"String\", \"location\": \"uri\", \"locationName\": \"Id\"},"
    "    \"Hdr\": {\"shape\": \"Integer\", \"location\": \"header\", \"locationName\": \"X-I\"},"
    "    \"S\": {\"shape\": \"String\"}, \"I\": {\"shape\": \"Integer\"},"
    "    \"L\": {\"shape\": \"Long\"}, \"F\": {\"shape\": \"Float\"},"
    "    \"B\": {\"shape\": \"Boolean\"}, \"Bl\": {\"shape\": \"Blob\"},"
    "    \"T\": {\"shape\": \"Time\"}, \"D\": {\"shape\": \"Date\", \"locationName\": \"Dt\"},"
    "    \"Attr\": {\"shape\": \"String\", \"xmlAttribute\": true, \"locationName\": \"x:a\"},"
    "    \"N\": {\"shape\": \"Node\"},"
    "    \"List\": {\"shape\": \"NodeList\"},"
    "    \"Flat\": {\"shape\": \"NamedList\", \"flattened\": true},"
    "    \"Map\": {\"shape\": \"NodeMap\"},"
    "    \"FlatMap\": {\"shape\": \"NamedMap\", \"flattened\": true, \"locationName\": \"FM\"}}},"
    "  \"PayloadInput\": {\"type\": \"structure\", \"payload\": \"Doc\", \"members\": {"
    "    \"Id\": {\"shape\": \"String\", \"location\": \"uri\", \"locationName\": \"Id\"},"
    "    \"Doc\": {\"shape\": \"Node\", \"locationName\": \"Doc\"}}},"
    "  \"Node\": {\"type\": \"structure\", \"members\": {"
    "    \"V\": {\"shape\": \"String\"}, \"C\": {\"shape\": \"Node\"},"
    "    \"Kind\": {\"shape\": \"Integer\", \"xmlAttribute\": true, \"locationName\": \"kind\"},"
    "    \"Kids\": {\"shape\": \"NodeList\"}, \"M\": {\"shape\": \"NodeMap\"}}},"
    "  \"NodeList\": {\"type\": \"list\", \"member\": {\"shape\": \"Node\"}},"
    "  \"NamedList\": {\"type\": \"list\", \"member\": {\"shape\": \"Time\", \"locationName\": \"At\"}},"
    "  \"NodeMap\": {\"type\": \"map\", \"key\": {\"shape\": \"String\"},"
    "    \"value\": {\"shape\": \"Node\"}},"
    "  \"NamedMap\": {\"type\": \"map\", \"key\": {\"shape\": \"String\", \"locationName\": \"K\"},"
    "    \"value\": {\"shape\": \"Blob\", \"locationName\": \"V\"}}}}";

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

static void decode_as(const struct service_model *m, const char *method, const char *path,
                      const uint8_t *data, size_t size)
{
    struct http_request req;
    http_request_init(&req);
    snprintf(req.method, sizeof req.method, "%s", method);
    req.target = xstrdup(path);
    req.path = xstrdup(path);
    req.query = xstrdup("");
    http_headers_add(&req.headers, "X-I", "7");
    buf_append(&req.body, data, size);
    struct proto_call call = {.model = m, .op = rest_match_operation(m, &req),
                              .protocol = PROTO_REST_XML, .request_id = "fuzz", .http = &req};
    if (!call.op)
        abort(); /* the model and the paths above disagree */
    cJSON *params = NULL;
    struct proto_error err = {0};
    proto_decode_request(&call, &params, &err);
    cJSON_Delete(params);
    proto_error_clear(&err);
    http_request_free(&req);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct service_model *m = fuzz_model();
    decode_as(m, "POST", "/id-1/body", data, size);
    decode_as(m, "PUT", "/id-1/payload", data, size);
    return 0;
}
