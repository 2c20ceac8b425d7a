/* Result trees written as XML elements, following the shapes: the writing half of xml_codec.h.
 * Element names follow the service models' conventions as botocore reads them (a flattened list
 * is named after its member's locationName), on which the SDKs agree for the real services. */
#include "xml_codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "codec_util.h"
#include "wire_text.h"

/* Result trees come from services, not clients, but a runaway tree must still not exhaust the
 * stack. */
#define MAX_WRITE_DEPTH 64

struct xml_out {
    xmlBufferPtr buffer;
    xmlTextWriterPtr writer;
};

struct xml_out *xml_out_new(void)
{
    struct xml_out *x = xmalloc(sizeof *x);
    x->buffer = xmlBufferCreate();
    x->writer = xmlNewTextWriterMemory(x->buffer, 0);
    if (!x->buffer || !x->writer)
        abort(); /* like xmalloc: nothing can be answered without memory */
    /* the default grows by a few bytes per write: large results would be copied over and over */
    xmlBufferSetAllocationScheme(x->buffer, XML_BUFFER_ALLOC_DOUBLEIT);
    xmlTextWriterStartDocument(x->writer, NULL, "UTF-8", NULL);
    return x;
}

void xml_out_start(struct xml_out *x, const char *name, const char *ns_uri, const char *ns_prefix)
{
    xmlTextWriterStartElement(x->writer, BAD_CAST name);
    if (!ns_uri)
        return;
    if (ns_prefix && *ns_prefix) {
        char attribute[256];
        snprintf(attribute, sizeof attribute, "xmlns:%s", ns_prefix);
        xmlTextWriterWriteAttribute(x->writer, BAD_CAST attribute, BAD_CAST ns_uri);
    } else {
        xmlTextWriterWriteAttribute(x->writer, BAD_CAST "xmlns", BAD_CAST ns_uri);
    }
}

void xml_out_end(struct xml_out *x)
{
    xmlTextWriterEndElement(x->writer);
}

void xml_out_text(struct xml_out *x, const char *name, const char *text)
{
    xmlTextWriterWriteElement(x->writer, BAD_CAST name, BAD_CAST(text ? text : ""));
}

void xml_out_finish(struct xml_out *x, struct http_response *resp, int status,
                    const char *content_type)
{
    xmlTextWriterEndDocument(x->writer);
    xmlFreeTextWriter(x->writer); /* flushes into the buffer */
    /* XML 1.0 has no U+0000: the character reference is the closest a client can be told. */
    struct buf body = BUF_INIT;
    wire_text_xml_out((const char *)xmlBufferContent(x->buffer),
                      (size_t)xmlBufferLength(x->buffer), &body);
    http_response_set_body(resp, status, content_type, body.data, body.len);
    buf_free(&body);
    xmlBufferFree(x->buffer);
    free(x);
}

/* ---------------------------------------------------------------------------------------------
 * Names and namespaces
 * ------------------------------------------------------------------------------------------- */

static bool is_flattened(const struct shape_ref *ref)
{
    return ref->flattened || ref->shape->flattened;
}

/* The element a structure member is written as. A flattened list repeats its items directly in
 * the parent, named after the list's member when that has a name of its own. */
static const char *member_element_name(const struct shape_ref *member)
{
    const struct shape *s = member->shape;
    if (s->type == SHAPE_LIST && is_flattened(member) && s->member.location_name)
        return s->member.location_name;
    /* queryName: a query wire name json must not see (SQS speaks both). */
    return member->location_name ? member->location_name
           : member->query_name  ? member->query_name
                                 : member->name;
}

bool xml_member_in_response_body(const struct shape_ref *member)
{
    return member->location != LOC_HEADER && member->location != LOC_HEADERS &&
           member->location != LOC_STATUS_CODE;
}

static void ref_namespace(const struct shape_ref *ref, const char **uri, const char **prefix)
{
    if (ref->xml_namespace_uri) {
        *uri = ref->xml_namespace_uri;
        *prefix = ref->xml_namespace_prefix;
    } else {
        *uri = ref->shape->xml_namespace_uri;
        *prefix = ref->shape->xml_namespace_prefix;
    }
}

static void start_ref_element(struct xml_out *x, const struct shape_ref *ref, const char *name)
{
    const char *uri, *prefix;
    ref_namespace(ref, &uri, &prefix);
    xml_out_start(x, name, uri, prefix);
}

/* ---------------------------------------------------------------------------------------------
 * Values
 * ------------------------------------------------------------------------------------------- */

/* The text of a scalar; false when the value has none (null, or a container). Values of an
 * unexpected JSON type are written as they are rather than dropped. Timestamps without a format
 * of their own take the location's. */
static bool scalar_text(const struct shape_ref *ref, const cJSON *value,
                        enum timestamp_format location_default, struct buf *out)
{
    if (cJSON_IsString(value)) {
        buf_puts(out, value->valuestring); /* strings, blobs (base64), preformatted values */
    } else if (cJSON_IsBool(value)) {
        buf_puts(out, cJSON_IsTrue(value) ? "true" : "false");
    } else if (cJSON_IsNumber(value) && ref->shape->type == SHAPE_TIMESTAMP) {
        enum timestamp_format fmt = shape_ref_timestamp_format(ref);
        timestamp_format(value->valuedouble, fmt != TS_DEFAULT ? fmt : location_default, out);
    } else if (cJSON_IsNumber(value)) {
        enum shape_type type = ref->shape->type;
        bool numeric = type != SHAPE_STRING && type != SHAPE_BLOB && type != SHAPE_BOOLEAN;
        number_format(value, numeric ? type : SHAPE_DOUBLE, out);
    } else {
        return false;
    }
    if (!out->data)
        buf_append(out, "", 0);
    return true;
}

static void write_value(struct xml_out *x, const struct shape_ref *ref, const char *name,
                        const cJSON *value, int depth);

static void write_scalar(struct xml_out *x, const struct shape_ref *ref, const char *name,
                         const cJSON *value)
{
    struct buf text = BUF_INIT;
    if (scalar_text(ref, value, TS_ISO8601, &text)) {
        start_ref_element(x, ref, name);
        xmlTextWriterWriteString(x->writer, BAD_CAST text.data);
        xml_out_end(x);
    }
    buf_free(&text);
}

static void write_list(struct xml_out *x, const struct shape_ref *ref, const char *name,
                       const cJSON *list, int depth)
{
    if (!cJSON_IsArray(list))
        return;
    const struct shape_ref *item_ref = &ref->shape->member;
    const cJSON *item;
    if (is_flattened(ref)) {
        cJSON_ArrayForEach(item, list)
            write_value(x, item_ref, name, item, depth + 1);
        return;
    }
    const char *item_name = item_ref->location_name ? item_ref->location_name : "member";
    start_ref_element(x, ref, name);
    cJSON_ArrayForEach(item, list)
        write_value(x, item_ref, item_name, item, depth + 1);
    xml_out_end(x);
}

static void write_map_entry(struct xml_out *x, const struct shape *map, const cJSON *entry,
                            int depth)
{
    const struct shape_ref *key = &map->key, *value = &map->value;
    const char *key_name = key->location_name ? key->location_name : "key";
    start_ref_element(x, key, key_name);
    xmlTextWriterWriteString(x->writer, BAD_CAST entry->string);
    xml_out_end(x);
    write_value(x, value, value->location_name ? value->location_name : "value", entry,
                depth + 1);
}

static void write_map(struct xml_out *x, const struct shape_ref *ref, const char *name,
                      const cJSON *map, int depth)
{
    if (!cJSON_IsObject(map))
        return;
    bool flattened = is_flattened(ref);
    if (!flattened)
        start_ref_element(x, ref, name);
    const cJSON *entry;
    cJSON_ArrayForEach(entry, map)
    {
        if (flattened)
            start_ref_element(x, ref, name);
        else
            xml_out_start(x, "entry", NULL, NULL);
        write_map_entry(x, ref->shape, entry, depth);
        xml_out_end(x);
    }
    if (!flattened)
        xml_out_end(x);
}

static void write_members(struct xml_out *x, const struct shape *s, const cJSON *value, int depth)
{
    struct buf text = BUF_INIT;
    /* Attributes belong to the element just opened, so they go before any child. */
    for (size_t i = 0; i < s->n_members; i++) {
        const struct shape_ref *m = &s->members[i];
        if (!m->xml_attribute || !xml_member_in_response_body(m))
            continue;
        buf_reset(&text);
        if (scalar_text(m, cJSON_GetObjectItemCaseSensitive(value, m->name), TS_ISO8601, &text))
            xmlTextWriterWriteAttribute(x->writer, BAD_CAST member_element_name(m),
                                        BAD_CAST text.data);
    }
    buf_free(&text);
    for (size_t i = 0; i < s->n_members; i++) {
        const struct shape_ref *m = &s->members[i];
        if (m->xml_attribute || !xml_member_in_response_body(m))
            continue;
        const cJSON *member_value = cJSON_GetObjectItemCaseSensitive(value, m->name);
        if (member_value)
            write_value(x, m, member_element_name(m), member_value, depth + 1);
    }
}

static void write_value(struct xml_out *x, const struct shape_ref *ref, const char *name,
                        const cJSON *value, int depth)
{
    if (depth > MAX_WRITE_DEPTH || !value || cJSON_IsNull(value))
        return;
    switch (ref->shape->type) {
    case SHAPE_STRUCTURE:
        if (!cJSON_IsObject(value))
            return;
        start_ref_element(x, ref, name);
        write_members(x, ref->shape, value, depth);
        xml_out_end(x);
        return;
    case SHAPE_LIST:
        write_list(x, ref, name, value, depth);
        return;
    case SHAPE_MAP:
        write_map(x, ref, name, value, depth);
        return;
    default:
        write_scalar(x, ref, name, value);
        return;
    }
}

void xml_out_members(struct xml_out *x, const struct shape *s, const cJSON *value)
{
    if (s && s->type == SHAPE_STRUCTURE && cJSON_IsObject(value))
        write_members(x, s, value, 0);
}

void xml_out_structure(struct xml_out *x, const struct shape_ref *ref, const char *default_ns,
                       const cJSON *value)
{
    const struct shape *s = ref->shape;
    const char *name = ref->location_name ? ref->location_name
                       : s->location_name ? s->location_name
                                          : s->name;
    const char *uri, *prefix;
    ref_namespace(ref, &uri, &prefix);
    if (!uri) {
        uri = default_ns;
        prefix = NULL;
    }
    xml_out_start(x, name, uri, prefix);
    xml_out_members(x, s, value);
    xml_out_end(x);
}

/* ---------------------------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------------------------- */

static const struct shape_ref *find_member(const struct shape *s, const char *name)
{
    for (size_t i = 0; s && s->type == SHAPE_STRUCTURE && i < s->n_members; i++)
        if (strcmp(s->members[i].name, name) == 0)
            return &s->members[i];
    return NULL;
}

/* A field the model does not describe: objects nest, arrays repeat the element, scalars are
 * text. */
static void write_untyped(struct xml_out *x, const char *name, const cJSON *value, int depth)
{
    if (depth > MAX_WRITE_DEPTH || cJSON_IsNull(value))
        return;
    const cJSON *child;
    if (cJSON_IsArray(value)) {
        cJSON_ArrayForEach(child, value)
            write_untyped(x, name, child, depth + 1);
        return;
    }
    if (cJSON_IsObject(value)) {
        xml_out_start(x, name, NULL, NULL);
        cJSON_ArrayForEach(child, value)
            write_untyped(x, child->string, child, depth + 1);
        xml_out_end(x);
        return;
    }
    struct shape text_shape = {.type = SHAPE_STRING};
    struct shape_ref text_ref = {.shape = &text_shape};
    write_scalar(x, &text_ref, name, value);
}

void xml_out_error_fields(struct xml_out *x, const struct shape *error_shape,
                          const cJSON *fields)
{
    const cJSON *field;
    cJSON_ArrayForEach(field, fields)
    {
        const struct shape_ref *member = find_member(error_shape, field->string);
        if (!member)
            write_untyped(x, field->string, field, 0);
        else if (xml_member_in_response_body(member))
            write_value(x, member, member_element_name(member), field, 0);
    }
}

const struct shape *xml_error_shape(const struct service_model *m, const struct operation *op,
                                    const char *code)
{
    for (struct shape **e = op ? op->errors : NULL; e && *e; e++)
        if (strcmp((*e)->name, code) == 0 || ((*e)->error_code && strcmp((*e)->error_code, code) == 0))
            return *e;
    const struct shape *s = model_shape(m, code);
    return s && s->type == SHAPE_STRUCTURE ? s : NULL;
}

void xml_error_headers(const struct shape *error_shape, const cJSON *fields,
                       struct http_response *resp)
{
    const cJSON *field;
    cJSON_ArrayForEach(field, fields)
    {
        const struct shape_ref *member = find_member(error_shape, field->string);
        struct buf text = BUF_INIT;
        if (member && member->location == LOC_HEADER &&
            scalar_text(member, field, TS_RFC822, &text))
            http_headers_set(&resp->headers, member->location_name ? member->location_name
                                                                   : member->name,
                             text.data);
        buf_free(&text);
    }
}

void xml_error_response(const struct proto_call *call, const struct proto_error *err,
                        const struct shape *error_shape, int status, struct http_response *resp)
{
    struct xml_out *x = xml_out_new();
    xml_out_start(x, "ErrorResponse", call->model ? call->model->xml_namespace : NULL, NULL);
    xml_out_start(x, "Error", NULL, NULL);
    xml_out_text(x, "Type", err->sender_fault ? "Sender" : "Receiver");
    xml_out_text(x, "Code", err->code);
    xml_out_text(x, "Message", err->message);
    xml_out_error_fields(x, error_shape, err->fields);
    xml_out_end(x);
    xml_out_text(x, "RequestId", call->request_id);
    xml_out_end(x);
    xml_out_finish(x, resp, status, "text/xml");
    if (call->request_id)
        http_headers_set(&resp->headers, "x-amzn-RequestId", call->request_id);
}
