/* What the protocol fuzz targets share: one model reaching every shape type, location and
 * trait the JSON-family codecs handle, and the round trip a decoded request goes through. */
#ifndef MOTOC_FUZZ_MODEL_H
#define MOTOC_FUZZ_MODEL_H

#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "../../http/message.h"
#include "../../services/core/model.h"
#include "../../services/core/protocol.h"

static const char fuzz_model_body[] =
    "\"operations\": {"
    " \"Everything\": {\"http\": {\"method\": \"POST\", "
    "\"requestUri\": \"/everything/{Id}?mode=full\"},"
    "   \"input\": {\"shape\": \"Everything\"}, \"output\": {\"shape\": \"Everything\"},"
    "   \"errors\": [{\"shape\": \"Failure\"}]},"
    " \"Upload\": {\"http\": {\"method\": \"PUT\", \"requestUri\": \"/upload/{Key+}\"},"
    "   \"input\": {\"shape\": \"Upload\"}, \"output\": {\"shape\": \"Upload\"}},"
    " \"Settings\": {\"http\": {\"method\": \"PUT\", \"requestUri\": \"/settings\"},"
    "   \"input\": {\"shape\": \"Settings\"}, \"output\": {\"shape\": \"Settings\"}},"
    " \"Text\": {\"http\": {\"method\": \"POST\", \"requestUri\": \"/text\"},"
    "   \"input\": {\"shape\": \"Text\"}, \"output\": {\"shape\": \"Text\"}},"
    " \"Stream\": {\"http\": {\"method\": \"POST\", \"requestUri\": \"/stream\"},"
    "   \"input\": {\"shape\": \"Stream\"}, \"output\": {\"shape\": \"Stream\"}},"
    " \"Nothing\": {\"http\": {\"method\": \"GET\", \"requestUri\": \"/\"}}},"
    "\"shapes\": {"
    " \"Everything\": {\"type\": \"structure\", \"members\": {"
    "  \"Id\": {\"shape\": \"Str\", \"location\": \"uri\", \"locationName\": \"Id\"},"
    "  \"Filters\": {\"shape\": \"StrList\", \"location\": \"querystring\", "
    "\"locationName\": \"filter\"},"
    "  \"Query\": {\"shape\": \"StrMap\", \"location\": \"querystring\"},"
    "  \"Since\": {\"shape\": \"Time\", \"location\": \"header\", \"locationName\": \"x-since\"},"
    "  \"Labels\": {\"shape\": \"StrList\", \"location\": \"header\", "
    "\"locationName\": \"x-labels\"},"
    "  \"Meta\": {\"shape\": \"StrMap\", \"location\": \"headers\", \"locationName\": \"x-meta-\"},"
    "  \"Attached\": {\"shape\": \"JsonText\", \"location\": \"header\", "
    "\"locationName\": \"x-json\"},"
    "  \"Status\": {\"shape\": \"Int\", \"location\": \"statusCode\"},"
    "  \"Name\": {\"shape\": \"Str\", \"locationName\": \"name\"},"
    "  \"Kind\": {\"shape\": \"Kind\"}, \"Count\": {\"shape\": \"Int\"}, "
    "\"Small\": {\"shape\": \"Byte\"},"
    "  \"Big\": {\"shape\": \"Long\"}, \"Huge\": {\"shape\": \"BigInt\"},"
    "  \"Ratio\": {\"shape\": \"Dbl\"}, \"Level\": {\"shape\": \"Flt\"}, "
    "\"Exact\": {\"shape\": \"BigDec\"},"
    "  \"Flag\": {\"shape\": \"Bool\"}, \"When\": {\"shape\": \"Time\"},"
    "  \"Iso\": {\"shape\": \"Time\", \"timestampFormat\": \"iso8601\"},"
    "  \"Http\": {\"shape\": \"HttpTime\"}, \"Epoch\": {\"shape\": \"EpochTime\"},"
    "  \"Data\": {\"shape\": \"Bytes\"}, \"Text\": {\"shape\": \"JsonText\"},"
    "  \"Items\": {\"shape\": \"ItemList\"}, \"Index\": {\"shape\": \"ItemMap\"},"
    "  \"Grid\": {\"shape\": \"Grid\"}, \"Nested\": {\"shape\": \"Everything\"},"
    "  \"Choice\": {\"shape\": \"Choice\"}, \"Doc\": {\"shape\": \"Doc\"}}},"
    " \"Failure\": {\"type\": \"structure\", \"exception\": true,"
    "  \"error\": {\"code\": \"Fuzz.Failure\", \"httpStatusCode\": 409, \"senderFault\": true},"
    "  \"members\": {\"Message\": {\"shape\": \"Str\"},"
    "   \"Detail\": {\"shape\": \"Str\", \"location\": \"header\", \"locationName\": \"x-detail\"},"
    "   \"Items\": {\"shape\": \"ItemList\"}}},"
    " \"Upload\": {\"type\": \"structure\", \"payload\": \"Body\", \"members\": {"
    "  \"Key\": {\"shape\": \"Str\", \"location\": \"uri\", \"locationName\": \"Key\"},"
    "  \"Type\": {\"shape\": \"Str\", \"location\": \"header\", "
    "\"locationName\": \"Content-Type\"},"
    "  \"Body\": {\"shape\": \"Bytes\"}}},"
    " \"Settings\": {\"type\": \"structure\", \"payload\": \"Config\", \"members\": {"
    "  \"Config\": {\"shape\": \"Everything\"}}},"
    " \"Text\": {\"type\": \"structure\", \"payload\": \"Body\", \"members\": {"
    "  \"Body\": {\"shape\": \"Kind\"}}},"
    " \"Stream\": {\"type\": \"structure\", \"payload\": \"Body\", \"members\": {"
    "  \"Body\": {\"shape\": \"Bytes\", \"streaming\": true},"
    "  \"Size\": {\"shape\": \"Long\", \"location\": \"header\", "
    "\"locationName\": \"Content-Length\"}}},"
    " \"Item\": {\"type\": \"structure\", \"members\": {"
    "  \"Key\": {\"shape\": \"Str\"}, \"Value\": {\"shape\": \"Doc\"}, "
    "\"Next\": {\"shape\": \"Item\"}}},"
    " \"Choice\": {\"type\": \"structure\", \"union\": true, \"members\": {"
    "  \"Word\": {\"shape\": \"Str\"}, \"Number\": {\"shape\": \"Int\"},"
    "  \"Item\": {\"shape\": \"Item\"}, \"Items\": {\"shape\": \"ItemList\"}}},"
    " \"Doc\": {\"type\": \"structure\", \"document\": true, \"members\": {}},"
    " \"ItemList\": {\"type\": \"list\", \"member\": {\"shape\": \"Item\"}},"
    " \"ItemMap\": {\"type\": \"map\", \"key\": {\"shape\": \"Str\"}, "
    "\"value\": {\"shape\": \"Item\"}},"
    " \"Grid\": {\"type\": \"list\", \"member\": {\"shape\": \"TimeMap\"}},"
    " \"TimeMap\": {\"type\": \"map\", \"key\": {\"shape\": \"Kind\"}, "
    "\"value\": {\"shape\": \"Time\"}},"
    " \"StrList\": {\"type\": \"list\", \"member\": {\"shape\": \"Str\"}},"
    " \"StrMap\": {\"type\": \"map\", \"key\": {\"shape\": \"Str\"}, "
    "\"value\": {\"shape\": \"Str\"}},"
    " \"Kind\": {\"type\": \"string\", \"enum\": [\"a\", \"b\"]},"
    " \"JsonText\": {\"type\": \"string\", \"jsonvalue\": true},"
    " \"HttpTime\": {\"type\": \"timestamp\", \"timestampFormat\": \"rfc822\"},"
    " \"EpochTime\": {\"type\": \"timestamp\", \"timestampFormat\": \"unixTimestamp\"},"
    " \"Str\": {\"type\": \"string\"}, \"Int\": {\"type\": \"integer\"}, "
    "\"Byte\": {\"type\": \"byte\"},"
    " \"Long\": {\"type\": \"long\"}, \"BigInt\": {\"type\": \"bigInteger\"},"
    " \"Dbl\": {\"type\": \"double\"}, \"Flt\": {\"type\": \"float\"},"
    " \"BigDec\": {\"type\": \"bigDecimal\"}, \"Bool\": {\"type\": \"boolean\"},"
    " \"Time\": {\"type\": \"timestamp\"}, \"Bytes\": {\"type\": \"blob\"}}}";

/* The model speaking protocol ("json", "rest-json", "smithy-rpc-v2-cbor"), built once. */
static inline struct service_model *fuzz_model(const char *protocol)
{
    struct buf text = BUF_INIT;
    buf_printf(&text,
               "{\"metadata\": {\"protocol\": \"%s\", \"jsonVersion\": \"1.1\", "
               "\"targetPrefix\": \"Fuzz\", \"awsQueryCompatible\": {}}, %s",
               protocol, fuzz_model_body);
    cJSON *doc = cJSON_Parse(text.data);
    buf_free(&text);
    char err[256] = "";
    struct service_model *m = model_from_json(doc, err, sizeof err);
    cJSON_Delete(doc);
    if (!m) {
        fprintf(stderr, "fuzz model: %s\n", err);
        abort();
    }
    return m;
}

/* What a service does with decoded params: answers them back as its result (the operations
 * output what they take), and as the fields of an error. */
static inline void fuzz_answer(const struct proto_call *call, const cJSON *params)
{
    struct http_response resp;
    http_response_init(&resp);
    proto_encode_result(call, params, &resp);
    http_response_free(&resp);

    struct proto_error err = {0};
    proto_error_set(&err, 409, "Fuzz.Failure", "decoded");
    err.fields = cJSON_Duplicate(params, true);
    http_response_init(&resp);
    proto_encode_error(call, &err, &resp);
    http_response_free(&resp);
    proto_error_clear(&err);
}

/* Decodes req as op and, when that succeeds, answers. */
static inline void fuzz_decode(const struct service_model *m, const struct operation *op,
                        const struct http_request *req)
{
    struct proto_call call = {
        .model = m, .op = op, .protocol = m->protocol, .request_id = "fuzz", .http = req,
    };
    cJSON *params = NULL;
    struct proto_error err = {0};
    if (proto_decode_request(&call, &params, &err) == 0)
        fuzz_answer(&call, params);
    cJSON_Delete(params);
    proto_error_clear(&err);
}

/* An rpc request (json, smithy-rpc-v2-cbor): the first byte picks the operation, the rest is
 * the body. */
static inline void fuzz_rpc_request(const struct service_model *m, const uint8_t *data, size_t size)
{
    if (size == 0)
        return;
    const struct operation *op = &m->operations[data[0] % m->n_operations];
    struct http_request req;
    http_request_init(&req);
    snprintf(req.method, sizeof req.method, "POST");
    req.target = xstrdup("/");
    req.path = xstrdup("/");
    req.query = xstrdup("");
    buf_append(&req.body, data + 1, size - 1);
    fuzz_decode(m, op, &req);
    http_request_free(&req);
}

#endif
