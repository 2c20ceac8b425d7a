/* Walks a shape to turn JSON-family wire values into params trees and result trees back into
 * wire values, with AWS's type and value errors. */
#include "json_codec.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec_util.h"
#include "wire_text.h"

/* More than a bigInteger of any AWS API needs; bounds what a raw JSON number may hold. */
#define MAX_INTEGER_DIGITS 64

const char *json_codec_member_key(const struct shape_ref *member, enum wire_dialect dialect)
{
    /* smithy-rpc-v2-cbor ignores jsonName: its keys are always the member names. */
    if (dialect != WIRE_CBOR && member->location_name)
        return member->location_name;
    return member->name;
}

static bool is_special_float(const char *text)
{
    return strcmp(text, "NaN") == 0 || strcmp(text, "Infinity") == 0 ||
           strcmp(text, "-Infinity") == 0;
}

/* ---------------------------------------------------------------------------------------------
 * Decoding: wire → tree
 * ------------------------------------------------------------------------------------------- */

int json_codec_parse(const struct buf *body, cJSON **wire, struct proto_error *err)
{
    *wire = NULL;
    if (!body || body->len == 0)
        return 0;
    const char *end = NULL;
    struct buf text = BUF_INIT;
    if (wire_text_json_in(body->data, body->len, &text))
        *wire = cJSON_ParseWithLengthOpts(text.data, text.len, &end, false);
    bool trailing = false;
    for (const char *p = end; *wire && p < text.data + text.len && !trailing; p++)
        trailing = !isspace((unsigned char)*p);
    buf_free(&text);
    if (*wire && !trailing)
        return 0;
    cJSON_Delete(*wire);
    *wire = NULL;
    proto_error_set(err, 400, "SerializationException",
                    "The request body is not a valid JSON document");
    return -1;
}

static const char *wire_kind(const cJSON *v)
{
    if (cJSON_IsRaw(v))
        return "a byte string";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsArray(v))
        return "a list";
    if (cJSON_IsObject(v))
        return "an object";
    return "null";
}

/* A decoding in progress: how the wire speaks, how deep the walk is, where failures go. */
struct decoding {
    enum wire_dialect dialect;
    int depth;
    struct proto_error *err;
};

static cJSON *type_error(const struct shape_ref *ref, const cJSON *wire, const char *expected,
                         struct decoding *d)
{
    proto_error_set(d->err, 400, "SerializationException", "Value for '%s' must be %s, not %s",
                    ref->name ? ref->name : "", expected, wire_kind(wire));
    return NULL;
}

static cJSON *value_error(const struct shape_ref *ref, const char *problem, struct decoding *d)
{
    proto_error_set(d->err, 400, "SerializationException", "Invalid value for '%s': %s",
                    ref->name ? ref->name : "", problem);
    return NULL;
}

/* Containers count against the depth limit as they are entered; false once it is passed. */
static bool enter(struct decoding *d)
{
    if (++d->depth <= WIRE_MAX_DEPTH)
        return true;
    proto_error_set(d->err, 400, "SerializationException",
                    "The request nests values deeper than %d levels", WIRE_MAX_DEPTH);
    return false;
}

/* Documents are any JSON value; byte strings from CBOR become their base64 text. */
static cJSON *document_copy(const cJSON *wire, struct decoding *d)
{
    if (cJSON_IsRaw(wire))
        return cJSON_CreateString(wire->valuestring);
    if (!cJSON_IsArray(wire) && !cJSON_IsObject(wire))
        return cJSON_Duplicate(wire, false);
    if (!enter(d))
        return NULL;
    cJSON *out = cJSON_IsArray(wire) ? cJSON_CreateArray() : cJSON_CreateObject();
    const cJSON *child;
    cJSON_ArrayForEach(child, wire)
    {
        cJSON *copy = document_copy(child, d);
        if (!copy) {
            cJSON_Delete(out);
            return NULL;
        }
        if (cJSON_IsArray(out))
            cJSON_AddItemToArray(out, copy);
        else
            cJSON_AddItemToObject(out, child->string, copy);
    }
    d->depth--;
    return out;
}

static cJSON *decode_value(const struct shape_ref *ref, const cJSON *wire, struct decoding *d);

static int decode_members(const struct shape *s, const cJSON *wire, member_filter include,
                          cJSON *out, struct decoding *d)
{
    if (!cJSON_IsObject(wire)) {
        struct shape_ref whole = {.name = s->name, .shape = (struct shape *)s};
        type_error(&whole, wire, "an object", d);
        return -1;
    }
    /* Keys the shape does not know are ignored, as AWS ignores them. */
    for (size_t i = 0; i < s->n_members; i++) {
        const struct shape_ref *member = &s->members[i];
        if (include && !include(member))
            continue;
        const cJSON *item =
            cJSON_GetObjectItemCaseSensitive(wire, json_codec_member_key(member, d->dialect));
        if (!item || cJSON_IsNull(item))
            continue;
        cJSON *value = decode_value(member, item, d);
        if (!value)
            return -1;
        cJSON_AddItemToObject(out, member->name, value);
    }
    return 0;
}

static cJSON *decode_structure(const struct shape_ref *ref, const cJSON *wire, struct decoding *d)
{
    if (!cJSON_IsObject(wire))
        return type_error(ref, wire, "an object", d);
    cJSON *out = cJSON_CreateObject();
    if (decode_members(ref->shape, wire, NULL, out, d) != 0) {
        cJSON_Delete(out);
        return NULL;
    }
    if (ref->shape->union_shape && cJSON_GetArraySize(out) > 1) {
        cJSON_Delete(out);
        return value_error(ref, "a union must have exactly one member set", d);
    }
    return out;
}

/* Nulls inside lists and maps are dropped: motoc's models know no sparse collections, and
 * services read collections as dense. */
static cJSON *decode_list(const struct shape_ref *ref, const cJSON *wire, struct decoding *d)
{
    if (!cJSON_IsArray(wire))
        return type_error(ref, wire, "a list", d);
    cJSON *out = cJSON_CreateArray();
    const cJSON *item;
    cJSON_ArrayForEach(item, wire)
    {
        if (cJSON_IsNull(item))
            continue;
        cJSON *value = decode_value(&ref->shape->member, item, d);
        if (!value) {
            cJSON_Delete(out);
            return NULL;
        }
        cJSON_AddItemToArray(out, value);
    }
    return out;
}

static cJSON *decode_map(const struct shape_ref *ref, const cJSON *wire, struct decoding *d)
{
    if (!cJSON_IsObject(wire))
        return type_error(ref, wire, "an object", d);
    cJSON *out = cJSON_CreateObject();
    const cJSON *entry;
    cJSON_ArrayForEach(entry, wire)
    {
        if (cJSON_IsNull(entry))
            continue;
        cJSON *value = decode_value(&ref->shape->value, entry, d);
        if (!value) {
            cJSON_Delete(out);
            return NULL;
        }
        cJSON_AddItemToObject(out, entry->string, value);
    }
    return out;
}

/* 2^63: longs stop short of it, and a double rounds the largest long up to it. */
#define LONG_LIMIT 9223372036854775808.0

static cJSON *decode_integer(const struct shape_ref *ref, const cJSON *wire, struct decoding *d)
{
    if (!cJSON_IsNumber(wire))
        return type_error(ref, wire, "an integer", d);
    double v = wire->valuedouble;
    if (!isfinite(v) || floor(v) != v)
        return value_error(ref, "not an integer", d);
    if ((ref->shape->type == SHAPE_INTEGER && (v < INT32_MIN || v > INT32_MAX)) ||
        (ref->shape->type == SHAPE_LONG && (v < -LONG_LIMIT || v > LONG_LIMIT)))
        return value_error(ref, "out of range", d);
    return cJSON_CreateNumber(v);
}

static cJSON *decode_real(const struct shape_ref *ref, const cJSON *wire, struct decoding *d)
{
    if (cJSON_IsNumber(wire))
        return cJSON_CreateNumber(wire->valuedouble);
    if (cJSON_IsString(wire) && is_special_float(wire->valuestring))
        return cJSON_CreateString(wire->valuestring);
    return type_error(ref, wire, "a number", d);
}

static cJSON *decode_timestamp(const struct shape_ref *ref, const cJSON *wire,
                               struct decoding *d)
{
    double epoch;
    if (cJSON_IsNumber(wire) && d->dialect == WIRE_JSON_CBOR)
        epoch = wire->valuedouble / 1000.0;
    else if (cJSON_IsNumber(wire))
        epoch = wire->valuedouble;
    else if (!cJSON_IsString(wire))
        return type_error(ref, wire, "a timestamp", d);
    else if (!timestamp_parse(wire->valuestring, shape_ref_timestamp_format(ref), &epoch))
        return value_error(ref, "not a timestamp", d);
    if (!timestamp_in_range(epoch))
        return value_error(ref, "a timestamp beyond the years 1 to 9999", d);
    return cJSON_CreateNumber(epoch);
}

static cJSON *decode_blob(const struct shape_ref *ref, const cJSON *wire, struct decoding *d)
{
    if (d->dialect != WIRE_JSON) {
        if (!cJSON_IsRaw(wire))
            return type_error(ref, wire, "a byte string", d);
        return cJSON_CreateString(wire->valuestring);
    }
    if (!cJSON_IsString(wire))
        return type_error(ref, wire, "a base64 string", d);
    struct buf bytes = BUF_INIT;
    bool ok = base64_decode(wire->valuestring, strlen(wire->valuestring), &bytes);
    buf_free(&bytes);
    if (!ok)
        return value_error(ref, "not valid base64", d);
    return cJSON_CreateString(wire->valuestring);
}

static cJSON *decode_container(const struct shape_ref *ref, const cJSON *wire,
                               struct decoding *d)
{
    if (!enter(d))
        return NULL;
    cJSON *out;
    if (ref->shape->type == SHAPE_STRUCTURE)
        out = decode_structure(ref, wire, d);
    else if (ref->shape->type == SHAPE_LIST)
        out = decode_list(ref, wire, d);
    else
        out = decode_map(ref, wire, d);
    d->depth--;
    return out;
}

static cJSON *decode_value(const struct shape_ref *ref, const cJSON *wire, struct decoding *d)
{
    const struct shape *s = ref->shape;
    if (s->document)
        return document_copy(wire, d);
    switch (s->type) {
    case SHAPE_STRUCTURE:
    case SHAPE_LIST:
    case SHAPE_MAP:
        return decode_container(ref, wire, d);
    case SHAPE_STRING:
        if (!cJSON_IsString(wire))
            return type_error(ref, wire, "a string", d);
        return cJSON_CreateString(wire->valuestring);
    case SHAPE_INTEGER:
    case SHAPE_LONG:
    case SHAPE_BIGINTEGER:
        return decode_integer(ref, wire, d);
    case SHAPE_FLOAT:
    case SHAPE_DOUBLE:
    case SHAPE_BIGDECIMAL:
        return decode_real(ref, wire, d);
    case SHAPE_BOOLEAN:
        if (!cJSON_IsBool(wire))
            return type_error(ref, wire, "a boolean", d);
        return cJSON_CreateBool(cJSON_IsTrue(wire));
    case SHAPE_TIMESTAMP:
        return decode_timestamp(ref, wire, d);
    case SHAPE_BLOB:
        return decode_blob(ref, wire, d);
    }
    return type_error(ref, wire, "a known type", d);
}

cJSON *json_codec_decode(const struct shape_ref *ref, const cJSON *wire, enum wire_dialect dialect,
                         struct proto_error *err)
{
    struct decoding d = {.dialect = dialect, .err = err};
    return decode_value(ref, wire, &d);
}

int json_codec_decode_members(const struct shape *s, const cJSON *wire, enum wire_dialect dialect,
                              member_filter include, cJSON *out, struct proto_error *err)
{
    struct decoding d = {.dialect = dialect, .err = err};
    return decode_members(s, wire, include, out, &d);
}

/* ---------------------------------------------------------------------------------------------
 * Encoding: tree → wire
 * ------------------------------------------------------------------------------------------- */

/* Tree values a service wrote loosely (numbers as text, dates as text) are read as what the
 * shape says; values that cannot be read are left out rather than sent malformed. */
static bool tree_number(const cJSON *tree, enum shape_type type, double *out)
{
    if (cJSON_IsNumber(tree)) {
        *out = tree->valuedouble;
        return true;
    }
    if (!cJSON_IsString(tree))
        return false;
    if (strcmp(tree->valuestring, "NaN") == 0) {
        *out = NAN;
        return true;
    }
    if (strcmp(tree->valuestring, "Infinity") == 0 || strcmp(tree->valuestring, "-Infinity") == 0) {
        *out = tree->valuestring[0] == '-' ? -INFINITY : INFINITY;
        return true;
    }
    cJSON *parsed = number_parse(tree->valuestring, type);
    bool ok = cJSON_IsNumber(parsed);
    if (ok)
        *out = parsed->valuedouble;
    cJSON_Delete(parsed);
    return ok;
}

/* "-123": how a tree carries an integer a double cannot hold exactly (protocol.h). */
static bool is_decimal_integer(const char *text)
{
    const char *p = text + (*text == '-');
    size_t digits = strspn(p, "0123456789");
    bool leading_zero = digits > 1 && p[0] == '0'; /* no JSON number */
    return digits > 0 && digits <= MAX_INTEGER_DIGITS && p[digits] == '\0' && !leading_zero;
}

static struct wire_value *encode_integer(const cJSON *tree, enum shape_type type,
                                         const struct wire_builder *b)
{
    if (cJSON_IsString(tree) && is_decimal_integer(tree->valuestring))
        return b->integer(strtod(tree->valuestring, NULL), tree->valuestring);
    double number;
    return tree_number(tree, type, &number) ? b->integer(number, NULL) : NULL;
}

static struct wire_value *encode_list(const struct shape_ref *ref, const cJSON *tree,
                                      const struct wire_builder *b)
{
    if (!cJSON_IsArray(tree))
        return NULL;
    struct wire_value *out = b->array((size_t)cJSON_GetArraySize(tree));
    const cJSON *item;
    cJSON_ArrayForEach(item, tree)
    {
        struct wire_value *value = json_codec_encode(&ref->shape->member, item, b);
        if (value)
            b->array_add(out, value);
    }
    return out;
}

static struct wire_value *encode_map(const struct shape_ref *ref, const cJSON *tree,
                                     const struct wire_builder *b)
{
    if (!cJSON_IsObject(tree))
        return NULL;
    struct wire_value *out = b->object((size_t)cJSON_GetArraySize(tree));
    const cJSON *entry;
    cJSON_ArrayForEach(entry, tree)
    {
        struct wire_value *value = json_codec_encode(&ref->shape->value, entry, b);
        if (value)
            b->object_set(out, entry->string, value);
    }
    return out;
}

/* A jsonvalue string travels as JSON text; a service may hand over the document itself. */
static struct wire_value *encode_string(const struct shape_ref *ref, const cJSON *tree,
                                        const struct wire_builder *b)
{
    if (cJSON_IsString(tree))
        return b->string(tree->valuestring);
    if (!ref->json_value && !ref->shape->json_value)
        return NULL;
    char *text = cJSON_PrintUnformatted(tree);
    struct wire_value *out = text ? b->string(text) : NULL;
    free(text);
    return out;
}

static struct wire_value *encode_timestamp(const struct shape_ref *ref, const cJSON *tree,
                                           const struct wire_builder *b)
{
    double epoch;
    if (cJSON_IsNumber(tree))
        epoch = tree->valuedouble;
    else if (!cJSON_IsString(tree) || !timestamp_parse(tree->valuestring, TS_DEFAULT, &epoch))
        return NULL;
    return b->timestamp(epoch, shape_ref_timestamp_format(ref));
}

struct wire_value *json_codec_encode(const struct shape_ref *ref, const cJSON *tree,
                                     const struct wire_builder *b)
{
    if (!tree || cJSON_IsNull(tree))
        return NULL;
    const struct shape *s = ref->shape;
    if (s->document)
        return b->document(tree);
    double number;
    switch (s->type) {
    case SHAPE_STRUCTURE:
        return json_codec_encode_members(s, tree, NULL, b);
    case SHAPE_LIST:
        return encode_list(ref, tree, b);
    case SHAPE_MAP:
        return encode_map(ref, tree, b);
    case SHAPE_STRING:
        return encode_string(ref, tree, b);
    case SHAPE_INTEGER:
    case SHAPE_LONG:
    case SHAPE_BIGINTEGER:
        return encode_integer(tree, s->type, b);
    case SHAPE_FLOAT:
    case SHAPE_DOUBLE:
    case SHAPE_BIGDECIMAL:
        return tree_number(tree, s->type, &number) ? b->real(number, s->type) : NULL;
    case SHAPE_BOOLEAN:
        return cJSON_IsBool(tree) ? b->boolean(cJSON_IsTrue(tree)) : NULL;
    case SHAPE_TIMESTAMP:
        return encode_timestamp(ref, tree, b);
    case SHAPE_BLOB:
        return cJSON_IsString(tree) ? b->blob(tree->valuestring) : NULL;
    }
    return NULL;
}

struct wire_value *json_codec_encode_members(const struct shape *s, const cJSON *tree,
                                             member_filter include, const struct wire_builder *b)
{
    if (!cJSON_IsObject(tree))
        return NULL;
    /* Every member written is a distinct key of tree: its size bounds the count. */
    struct wire_value *out = b->object((size_t)cJSON_GetArraySize(tree));
    for (size_t i = 0; i < s->n_members; i++) {
        const struct shape_ref *member = &s->members[i];
        if (include && !include(member))
            continue;
        struct wire_value *value =
            json_codec_encode(member, cJSON_GetObjectItemCaseSensitive(tree, member->name), b);
        if (value)
            b->object_set(out, json_codec_member_key(member, b->dialect), value);
    }
    return out;
}

/* ---------------------------------------------------------------------------------------------
 * The JSON builder
 * ------------------------------------------------------------------------------------------- */

static struct wire_value *wire_of(cJSON *node)
{
    return (struct wire_value *)node;
}

static cJSON *json_of(struct wire_value *value)
{
    return (cJSON *)value;
}

static struct wire_value *json_object(size_t capacity)
{
    (void)capacity;
    return wire_of(cJSON_CreateObject());
}

static void json_object_set(struct wire_value *object, const char *key, struct wire_value *value)
{
    cJSON_AddItemToObject(json_of(object), key, json_of(value));
}

static struct wire_value *json_array(size_t capacity)
{
    (void)capacity;
    return wire_of(cJSON_CreateArray());
}

static void json_array_add(struct wire_value *array, struct wire_value *value)
{
    cJSON_AddItemToArray(json_of(array), json_of(value));
}

static struct wire_value *json_string(const char *text)
{
    return wire_of(cJSON_CreateString(text));
}

/* The tree already holds blobs as base64, the form JSON carries them in. */
static struct wire_value *json_blob(const char *base64)
{
    return wire_of(cJSON_CreateString(base64));
}

static struct wire_value *json_integer(double value, const char *digits)
{
    if (digits)
        return wire_of(cJSON_CreateRaw(digits)); /* checked to be a plain integer literal */
    return isfinite(value) ? wire_of(cJSON_CreateNumber(value)) : NULL;
}

/* JSON has no NaN or infinities: AWS sends them as strings. */
static struct wire_value *json_real(double value, enum shape_type type)
{
    (void)type;
    if (isnan(value))
        return wire_of(cJSON_CreateString("NaN"));
    if (isinf(value))
        return wire_of(cJSON_CreateString(value < 0 ? "-Infinity" : "Infinity"));
    return wire_of(cJSON_CreateNumber(value));
}

static struct wire_value *json_boolean(bool value)
{
    return wire_of(cJSON_CreateBool(value));
}

/* Epoch seconds unless the member asks for a date string. */
static struct wire_value *json_timestamp(double epoch, enum timestamp_format format)
{
    if (!isfinite(epoch))
        return NULL;
    if (format != TS_ISO8601 && format != TS_RFC822)
        return wire_of(cJSON_CreateNumber(epoch));
    struct buf text = BUF_INIT;
    timestamp_format(epoch, format, &text);
    cJSON *out = cJSON_CreateString(text.data);
    buf_free(&text);
    return wire_of(out);
}

static struct wire_value *json_document(const cJSON *value)
{
    return wire_of(cJSON_Duplicate(value, true));
}

static void json_discard(struct wire_value *value)
{
    cJSON_Delete(json_of(value));
}

const struct wire_builder json_wire_builder = {
    .dialect = WIRE_JSON,
    .object = json_object,
    .object_set = json_object_set,
    .array = json_array,
    .array_add = json_array_add,
    .string = json_string,
    .blob = json_blob,
    .integer = json_integer,
    .real = json_real,
    .boolean = json_boolean,
    .timestamp = json_timestamp,
    .document = json_document,
    .discard = json_discard,
};

void json_codec_set_body(struct http_response *resp, struct wire_value *value,
                         const char *content_type)
{
    char *text = value ? cJSON_PrintUnformatted(json_of(value)) : NULL;
    struct buf out = BUF_INIT;
    wire_text_json_out(text ? text : "{}", &out);
    http_response_set_body(resp, resp->status, content_type, out.data, out.len);
    buf_free(&out);
    free(text);
    json_discard(value);
}
