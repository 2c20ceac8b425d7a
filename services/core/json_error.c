/* Builds JSON-family error bodies (__type, message, the error shape's members) and the
 * x-amzn-query-error header of awsQueryCompatible services. */
#include "json_error.h"

#include <ctype.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "../../http/buf.h"

static bool shape_answers_to(const struct shape *s, const char *code)
{
    return strcmp(s->name, code) == 0 || (s->error_code && strcmp(s->error_code, code) == 0);
}

const struct shape *json_error_shape(const struct proto_call *call,
                                     const struct proto_error *err)
{
    if (call->op)
        for (struct shape **e = call->op->errors; e && *e; e++)
            if (shape_answers_to(*e, err->code))
                return *e;
    const struct service_model *m = call->model;
    if (!m)
        return NULL;
    const struct shape *named = model_shape(m, err->code);
    if (named && named->is_exception)
        return named;
    /* Services may raise an error by its query code ("AWS.SimpleQueueService.NonExistentQueue"):
     * the shape that declares it is found by a scan, paid only when answering that error. */
    for (size_t i = 0; i < m->n_shapes; i++)
        if (m->shapes[i].is_exception && m->shapes[i].error_code &&
            strcmp(m->shapes[i].error_code, err->code) == 0)
            return &m->shapes[i];
    return NULL;
}

/* Error shapes spell their message member "message" or "Message"; the body uses theirs. */
static const struct shape_ref *message_member(const struct shape *shape)
{
    for (size_t i = 0; shape && i < shape->n_members; i++)
        if (strcasecmp(shape->members[i].name, "message") == 0)
            return &shape->members[i];
    return NULL;
}

static bool is_message_key(const char *key)
{
    return strcasecmp(key, "message") == 0;
}

/* Members other than the message, taken from err->fields. */
static void add_fields(const struct proto_error *err, const struct shape *shape,
                       const struct shape_ref *message, member_filter include,
                       const struct wire_builder *b, struct wire_value *body)
{
    if (!cJSON_IsObject(err->fields))
        return;
    if (!shape) {
        const cJSON *field;
        cJSON_ArrayForEach(field, err->fields)
        {
            if (is_message_key(field->string))
                continue;
            struct wire_value *value = b->document(field);
            if (value)
                b->object_set(body, field->string, value);
        }
        return;
    }
    for (size_t i = 0; i < shape->n_members; i++) {
        const struct shape_ref *member = &shape->members[i];
        if (member == message || (include && !include(member)))
            continue;
        const cJSON *field = cJSON_GetObjectItemCaseSensitive(err->fields, member->name);
        struct wire_value *value = json_codec_encode(member, field, b);
        if (value)
            b->object_set(body, json_codec_member_key(member, b->dialect), value);
    }
}

char *json_error_type(const struct proto_call *call, const struct proto_error *err,
                      const struct shape *shape)
{
    const char *name = shape ? shape->name : err->code;
    const struct service_model *m = call->model;
    struct buf type = BUF_INIT;
    if (m && m->query_compatible && m->service_id) {
        buf_puts(&type, "com.amazonaws.");
        for (const char *c = m->service_id; *c; c++)
            if (*c != ' ')
                buf_printf(&type, "%c", tolower((unsigned char)*c));
        buf_puts(&type, "#");
    }
    buf_puts(&type, name);
    return buf_take(&type);
}

struct wire_value *json_error_body(const struct proto_error *err, const char *type,
                                   const struct shape *shape, member_filter include,
                                   const struct wire_builder *b)
{
    size_t capacity = 2 + (size_t)cJSON_GetArraySize(err->fields);
    struct wire_value *body = b->object(capacity);
    b->object_set(body, "__type", b->string(type));
    const struct shape_ref *message = message_member(shape);
    if (err->message && err->message[0])
        b->object_set(body, message ? json_codec_member_key(message, b->dialect) : "message",
                      b->string(err->message));
    add_fields(err, shape, message, include, b, body);
    return body;
}

void json_error_headers(const struct proto_call *call, const struct proto_error *err,
                        const struct shape *shape, const char *type, struct http_response *resp)
{
    if (call->request_id)
        http_headers_set(&resp->headers, "x-amzn-RequestId", call->request_id);
    if (call->protocol != PROTO_RPC_V2_CBOR)
        http_headers_set(&resp->headers, "X-Amzn-ErrorType", type);
    if (!call->model || !call->model->query_compatible)
        return;
    const char *query_code = shape ? (shape->error_code ? shape->error_code : shape->name)
                                   : err->code;
    struct buf value = BUF_INIT;
    buf_printf(&value, "%s;%s", query_code, err->sender_fault ? "Sender" : "Receiver");
    http_headers_set(&resp->headers, "x-amzn-query-error", value.data);
    buf_free(&value);
}
