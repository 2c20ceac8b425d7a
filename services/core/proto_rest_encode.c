/* The HTTP bindings rest-json and rest-xml share, part three: encoding the response members that
 * travel outside the body — headers, prefix headers and the status code. */
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "codec_util.h"
#include "wire_text.h"
#include "protocol.h"
#include "rest_binding.h"

/* ---------------------------------------------------------------------------------------------
 * Encoding: tree values → header text
 * ------------------------------------------------------------------------------------------- */

static void json_value_to_header(const cJSON *value, struct buf *out)
{
    char *text = cJSON_PrintUnformatted(value);
    if (text) {
        struct buf json = BUF_INIT;
        wire_text_json_out(text, &json);
        base64_encode(json.data, json.len, out);
        buf_free(&json);
        free(text);
    }
}

static void timestamp_to_header(const struct shape_ref *ref, const cJSON *value, struct buf *out)
{
    if (cJSON_IsString(value)) {
        buf_puts(out, value->valuestring); /* already formatted by the service */
        return;
    }
    enum timestamp_format fmt = shape_ref_timestamp_format(ref);
    timestamp_format(cJSON_IsNumber(value) ? value->valuedouble : 0,
                     fmt != TS_DEFAULT ? fmt : TS_RFC822, out);
}

/* false when the value has no header form (null, an object where a scalar belongs). */
static bool scalar_to_header(const struct shape_ref *ref, const cJSON *value, struct buf *out)
{
    if (!value || cJSON_IsNull(value))
        return false;
    if (ref->shape->type == SHAPE_STRING && rest_ref_is_json_value(ref)) {
        json_value_to_header(value, out);
        return true;
    }
    if (ref->shape->type == SHAPE_TIMESTAMP) {
        timestamp_to_header(ref, value, out);
        return true;
    }
    if (cJSON_IsString(value)) {
        buf_puts(out, value->valuestring);
    } else if (cJSON_IsBool(value)) {
        buf_puts(out, cJSON_IsTrue(value) ? "true" : "false");
    } else if (cJSON_IsNumber(value)) {
        number_format(value, ref->shape->type, out);
    } else {
        return false;
    }
    return true;
}

/* Strings holding a comma or a quote are quoted so a list element stays one element. */
static void append_list_element(const struct shape_ref *item_ref, const char *text, struct buf *out)
{
    bool quote = item_ref->shape->type == SHAPE_STRING && strpbrk(text, ",\"") != NULL;
    if (!quote) {
        buf_puts(out, text);
        return;
    }
    buf_puts(out, "\"");
    for (const char *p = text; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_puts(out, "\\");
        buf_append(out, p, 1);
    }
    buf_puts(out, "\"");
}

static bool list_to_header(const struct shape_ref *ref, const cJSON *list, struct buf *out)
{
    if (!cJSON_IsArray(list))
        return false;
    const struct shape_ref *item_ref = &ref->shape->member;
    struct buf element = BUF_INIT;
    bool first = true;
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        buf_reset(&element);
        if (!scalar_to_header(item_ref, item, &element))
            continue;
        if (!first)
            buf_puts(out, ", ");
        append_list_element(item_ref, element.data ? element.data : "", out);
        first = false;
    }
    buf_free(&element);
    if (!out->data)
        buf_append(out, "", 0);
    return true;
}

static void encode_header_member(const struct shape_ref *member, const cJSON *value,
                                 struct http_response *resp)
{
    struct buf text = BUF_INIT;
    bool ok = member->shape->type == SHAPE_LIST ? list_to_header(member, value, &text)
                                                : scalar_to_header(member, value, &text);
    if (ok)
        http_headers_set(&resp->headers, rest_member_wire_name(member), text.data ? text.data : "");
    buf_free(&text);
}

static void encode_prefix_headers(const struct shape_ref *member, const cJSON *map,
                                  struct http_response *resp)
{
    if (!cJSON_IsObject(map))
        return;
    const char *prefix = member->location_name ? member->location_name : "";
    struct buf name = BUF_INIT, text = BUF_INIT;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, map)
    {
        buf_reset(&name);
        buf_reset(&text);
        if (!scalar_to_header(&member->shape->value, entry, &text))
            continue;
        buf_printf(&name, "%s%s", prefix, entry->string);
        http_headers_set(&resp->headers, name.data, text.data ? text.data : "");
    }
    buf_free(&name);
    buf_free(&text);
}

void rest_encode_bindings(const struct proto_call *call, const cJSON *result,
                          struct http_response *resp)
{
    if (!call->op)
        return;
    resp->status = call->op->response_code > 0 ? call->op->response_code : 200;
    const struct shape *output = call->op->output.shape;
    if (!output || output->type != SHAPE_STRUCTURE || !cJSON_IsObject(result))
        return;
    for (size_t i = 0; i < output->n_members; i++) {
        const struct shape_ref *member = &output->members[i];
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(result, member->name);
        if (!value)
            continue;
        switch (member->location) {
        case LOC_HEADER:
            encode_header_member(member, value, resp);
            break;
        case LOC_HEADERS:
            encode_prefix_headers(member, value, resp);
            break;
        case LOC_STATUS_CODE:
            if (cJSON_IsNumber(value) && value->valuedouble >= 100 && value->valuedouble < 600)
                resp->status = (int)value->valuedouble;
            break;
        case LOC_BODY:
        case LOC_URI:
        case LOC_QUERYSTRING:
            break;
        }
    }
}
