/* CBOR for smithy-rpc-v2-cbor and the CBOR form of awsJson: a bounded reader turning bytes into cJSON wire values, and the
 * wire_builder that writes CBOR. */
#include "cbor_wire.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cbor.h>

#include "codec_util.h"
#include "wire_text.h"

/* ---------------------------------------------------------------------------------------------
 * Reading: libcbor's streaming decoder reports one data item header at a time; the reader
 * assembles the cJSON tree itself, so nesting costs heap, not stack, and is bounded.
 * ------------------------------------------------------------------------------------------- */

/* An array or map still receiving entries. */
struct open_container {
    cJSON *node;     /* already attached to its parent */
    bool indefinite;
    uint64_t left;   /* definite: entries still to come (a map counts key + value as one) */
    char *key;       /* map: the key read, its value awaited */
};

struct cbor_reader {
    cJSON *root;
    bool complete;           /* the root item is whole */
    const char *failure;     /* the first malformation met */
    struct open_container *open;
    size_t depth, cap;
    bool in_chunks;          /* an indefinite-length string is being collected */
    bool chunks_are_bytes;
    struct buf chunks;
};

static void fail(struct cbor_reader *r, const char *why)
{
    if (!r->failure)
        r->failure = why;
}

/* Every callback but the string chunks and break starts a new item: refused when a failure is
 * already known, inside an indefinite string, or after the root item. */
static bool item_may_start(struct cbor_reader *r)
{
    if (r->in_chunks)
        fail(r, "an indefinite-length string may only contain strings of its own type");
    else if (r->complete)
        fail(r, "data continues after the CBOR item");
    return !r->failure;
}

/* An entry of the innermost definite container is complete: close every container it fills. */
static void entry_done(struct cbor_reader *r)
{
    for (;;) {
        if (r->depth == 0) {
            r->complete = true;
            return;
        }
        struct open_container *top = &r->open[r->depth - 1];
        if (top->indefinite || --top->left > 0)
            return;
        r->depth--;
    }
}

enum placement { PLACED, PLACED_AS_KEY, REFUSED };

/* Hangs value into the innermost container (or makes it the root); takes ownership. */
static enum placement place(struct cbor_reader *r, cJSON *value)
{
    if (r->depth == 0) {
        r->root = value;
        return PLACED;
    }
    struct open_container *top = &r->open[r->depth - 1];
    if (cJSON_IsArray(top->node)) {
        cJSON_AddItemToArray(top->node, value);
        return PLACED;
    }
    if (top->key) {
        cJSON_AddItemToObject(top->node, top->key, value);
        free(top->key);
        top->key = NULL;
        return PLACED;
    }
    bool text = cJSON_IsString(value);
    if (text)
        top->key = xstrdup(value->valuestring);
    else
        fail(r, "map keys must be text strings");
    cJSON_Delete(value);
    return text ? PLACED_AS_KEY : REFUSED;
}

static void add_scalar(struct cbor_reader *r, cJSON *value)
{
    if (place(r, value) == PLACED)
        entry_done(r);
}

static void open_container(struct cbor_reader *r, cJSON *node, bool indefinite, uint64_t entries)
{
    if (r->depth == WIRE_MAX_DEPTH) {
        fail(r, "the CBOR data nests too deeply");
        cJSON_Delete(node);
        return;
    }
    if (place(r, node) != PLACED)
        return;
    if (r->depth == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->open = xrealloc(r->open, r->cap * sizeof *r->open);
    }
    r->open[r->depth++] = (struct open_container){
        .node = node, .indefinite = indefinite, .left = entries};
    if (!indefinite && entries == 0) {
        r->depth--;
        entry_done(r);
    }
}

static void add_number(struct cbor_reader *r, double value)
{
    if (!item_may_start(r))
        return;
    if (isnan(value))
        add_scalar(r, cJSON_CreateString("NaN"));
    else if (isinf(value))
        add_scalar(r, cJSON_CreateString(value < 0 ? "-Infinity" : "Infinity"));
    else
        add_scalar(r, cJSON_CreateNumber(value));
}

static cJSON *byte_string_node(const void *data, size_t len)
{
    struct buf base64 = BUF_INIT;
    base64_encode(data, len, &base64);
    cJSON *node = cJSON_CreateRaw(base64.data);
    buf_free(&base64);
    return node;
}

/* NULL (and a failure) when the text string is not UTF-8, as RFC 8949 requires it to be. */
static cJSON *text_string_node(struct cbor_reader *r, const void *data, size_t len)
{
    if (!utf8_valid(data, len)) {
        fail(r, "a text string is not valid UTF-8");
        return NULL;
    }
    struct buf text = BUF_INIT;
    wire_text_append(&text, data, len);
    cJSON *node = cJSON_CreateString(text.data);
    buf_free(&text);
    return node;
}

static void add_string(struct cbor_reader *r, const void *data, size_t len, bool bytes)
{
    cJSON *node = bytes ? byte_string_node(data, len) : text_string_node(r, data, len);
    if (node)
        add_scalar(r, node);
}

static void on_uint8(void *ctx, uint8_t v) { add_number(ctx, v); }
static void on_uint16(void *ctx, uint16_t v) { add_number(ctx, v); }
static void on_uint32(void *ctx, uint32_t v) { add_number(ctx, v); }
static void on_uint64(void *ctx, uint64_t v) { add_number(ctx, (double)v); }
/* CBOR negative integers carry -1 - n. */
static void on_negint8(void *ctx, uint8_t v) { add_number(ctx, -1.0 - v); }
static void on_negint16(void *ctx, uint16_t v) { add_number(ctx, -1.0 - v); }
static void on_negint32(void *ctx, uint32_t v) { add_number(ctx, -1.0 - v); }
static void on_negint64(void *ctx, uint64_t v) { add_number(ctx, -1.0 - (double)v); }
static void on_float(void *ctx, float v) { add_number(ctx, v); }
static void on_double(void *ctx, double v) { add_number(ctx, v); }

static void on_string(void *ctx, cbor_data data, size_t len, bool bytes)
{
    struct cbor_reader *r = ctx;
    if (r->in_chunks) {
        if (r->chunks_are_bytes != bytes)
            fail(r, "an indefinite-length string may only contain strings of its own type");
        else if (!bytes && !utf8_valid((const char *)data, len))
            /* RFC 8949: a chunk of a text string is UTF-8 by itself, never half a character */
            fail(r, "a text string is not valid UTF-8");
        else
            buf_append(&r->chunks, data, len);
        return;
    }
    if (item_may_start(r))
        add_string(r, data, len, bytes);
}

static void on_text(void *ctx, cbor_data data, size_t len) { on_string(ctx, data, len, false); }
static void on_bytes(void *ctx, cbor_data data, size_t len) { on_string(ctx, data, len, true); }

static void start_chunks(struct cbor_reader *r, bool bytes)
{
    if (!item_may_start(r))
        return;
    r->in_chunks = true;
    r->chunks_are_bytes = bytes;
    buf_reset(&r->chunks);
}

static void on_text_start(void *ctx) { start_chunks(ctx, false); }
static void on_bytes_start(void *ctx) { start_chunks(ctx, true); }

static void on_array(void *ctx, size_t n)
{
    if (item_may_start(ctx))
        open_container(ctx, cJSON_CreateArray(), false, n);
}

static void on_indef_array(void *ctx)
{
    if (item_may_start(ctx))
        open_container(ctx, cJSON_CreateArray(), true, 0);
}

static void on_map(void *ctx, size_t n)
{
    if (item_may_start(ctx))
        open_container(ctx, cJSON_CreateObject(), false, n);
}

static void on_indef_map(void *ctx)
{
    if (item_may_start(ctx))
        open_container(ctx, cJSON_CreateObject(), true, 0);
}

/* Tag 1 wraps the epoch seconds a timestamp is; the tagged item is read as it is. */
static void on_tag(void *ctx, uint64_t tag)
{
    (void)tag;
    item_may_start(ctx);
}

static void on_null(void *ctx)
{
    if (item_may_start(ctx))
        add_scalar(ctx, cJSON_CreateNull());
}

static void on_bool(void *ctx, bool v)
{
    if (item_may_start(ctx))
        add_scalar(ctx, cJSON_CreateBool(v));
}

static void on_break(void *ctx)
{
    struct cbor_reader *r = ctx;
    if (r->failure)
        return;
    if (r->in_chunks) {
        r->in_chunks = false;
        const char *data = r->chunks.data ? r->chunks.data : "";
        add_string(r, data, r->chunks.len, r->chunks_are_bytes);
        return;
    }
    if (r->depth == 0 || !r->open[r->depth - 1].indefinite) {
        fail(r, "a break outside an indefinite-length item");
        return;
    }
    if (r->open[r->depth - 1].key) {
        fail(r, "a map key without a value");
        return;
    }
    r->depth--;
    entry_done(r);
}

static const struct cbor_callbacks reader_callbacks = {
    .uint8 = on_uint8,
    .uint16 = on_uint16,
    .uint32 = on_uint32,
    .uint64 = on_uint64,
    .negint8 = on_negint8,
    .negint16 = on_negint16,
    .negint32 = on_negint32,
    .negint64 = on_negint64,
    .byte_string = on_bytes,
    .byte_string_start = on_bytes_start,
    .string = on_text,
    .string_start = on_text_start,
    .array_start = on_array,
    .indef_array_start = on_indef_array,
    .map_start = on_map,
    .indef_map_start = on_indef_map,
    .tag = on_tag,
    .float2 = on_float,
    .float4 = on_float,
    .float8 = on_double,
    .undefined = on_null,
    .null = on_null,
    .boolean = on_bool,
    .indef_break = on_break,
};

int cbor_wire_read(const void *data, size_t len, cJSON **wire, struct proto_error *err)
{
    struct cbor_reader r = {0};
    const unsigned char *bytes = data;
    size_t offset = 0;
    while (!r.failure && offset < len) {
        struct cbor_decoder_result res =
            cbor_stream_decode(bytes + offset, len - offset, &reader_callbacks, &r);
        if (res.status == CBOR_DECODER_NEDATA)
            fail(&r, "the CBOR data ends in the middle of an item");
        else if (res.status != CBOR_DECODER_FINISHED || res.read == 0)
            fail(&r, "the body is not well-formed CBOR");
        offset += res.read;
    }
    if (!r.complete)
        fail(&r, "the CBOR data ends in the middle of an item");
    for (size_t i = 0; i < r.depth; i++)
        free(r.open[i].key);
    free(r.open);
    buf_free(&r.chunks);
    if (r.failure) {
        cJSON_Delete(r.root);
        *wire = NULL;
        proto_error_set(err, 400, "SerializationException", "%s", r.failure);
        return -1;
    }
    *wire = r.root;
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * Writing: libcbor items, serialized once complete
 * ------------------------------------------------------------------------------------------- */

static struct wire_value *wire_of(cbor_item_t *item)
{
    return (struct wire_value *)item;
}

static cbor_item_t *item_of(struct wire_value *value)
{
    return (cbor_item_t *)value;
}

/* Containers hold references of their own: ours is dropped once the entry is in. */
/* A text string item holding the real bytes of wire text (wire_text.h). */
static cbor_item_t *text_item(const char *text)
{
    struct buf bytes = BUF_INIT;
    wire_text_append_bytes(&bytes, text, strlen(text));
    cbor_item_t *item = cbor_build_stringn(bytes.data ? bytes.data : "", bytes.len);
    buf_free(&bytes);
    return item;
}

static void map_set(struct wire_value *object, const char *key, struct wire_value *value)
{
    cbor_item_t *k = text_item(key);
    cbor_item_t *v = item_of(value);
    if (k && v)
        cbor_map_add(item_of(object), (struct cbor_pair){.key = k, .value = v});
    if (k)
        cbor_decref(&k);
    if (v)
        cbor_decref(&v);
}

static void array_append(struct wire_value *array, struct wire_value *value)
{
    cbor_item_t *v = item_of(value);
    if (!v)
        return;
    cbor_array_push(item_of(array), v);
    cbor_decref(&v);
}

/* Definite lengths, as AWS sends them; a container may end up holding fewer entries than its
 * capacity, and is written with the count it holds. */
static struct wire_value *new_map(size_t capacity)
{
    return wire_of(cbor_new_definite_map(capacity ? capacity : 1));
}

static struct wire_value *new_array(size_t capacity)
{
    return wire_of(cbor_new_definite_array(capacity ? capacity : 1));
}

static struct wire_value *new_text(const char *text)
{
    return wire_of(text_item(text));
}

static struct wire_value *new_bytes(const char *base64)
{
    struct buf bytes = BUF_INIT;
    cbor_item_t *item = NULL;
    if (base64_decode(base64, strlen(base64), &bytes))
        item = cbor_build_bytestring((cbor_data)(bytes.data ? bytes.data : ""), bytes.len);
    buf_free(&bytes);
    return wire_of(item);
}

/* CBOR integers are a sign and a magnitude n: the value is n, or -1 - n when negative. They are
 * written in the fewest bytes that hold n. */
static cbor_item_t *integer_item(bool negative, uint64_t n)
{
    if (n <= UINT8_MAX)
        return negative ? cbor_build_negint8((uint8_t)n) : cbor_build_uint8((uint8_t)n);
    if (n <= UINT16_MAX)
        return negative ? cbor_build_negint16((uint16_t)n) : cbor_build_uint16((uint16_t)n);
    if (n <= UINT32_MAX)
        return negative ? cbor_build_negint32((uint32_t)n) : cbor_build_uint32((uint32_t)n);
    return negative ? cbor_build_negint64(n) : cbor_build_uint64(n);
}

/* 2^63: whole numbers below it in magnitude convert to 64-bit integers exactly. */
#define INTEGER_LIMIT 9223372036854775808.0

static bool fits_integer(double value)
{
    return isfinite(value) && floor(value) == value && fabs(value) < INTEGER_LIMIT;
}

static cbor_item_t *number_item(double value)
{
    if (!fits_integer(value))
        return cbor_build_float8(value);
    if (value < 0)
        return integer_item(true, (uint64_t)(-1.0 - value));
    return integer_item(false, (uint64_t)value);
}

/* Decimal text a double could not hold exactly (protocol.h); NULL when it exceeds 64 bits. */
static cbor_item_t *exact_integer_item(const char *digits)
{
    char *end;
    errno = 0;
    if (digits[0] == '-') {
        long long v = strtoll(digits, &end, 10);
        if (errno || *end)
            return NULL;
        return v < 0 ? integer_item(true, (uint64_t)(-1 - v)) : integer_item(false, 0);
    }
    unsigned long long v = strtoull(digits, &end, 10);
    return errno || *end ? NULL : integer_item(false, v);
}

static struct wire_value *new_integer(double value, const char *digits)
{
    cbor_item_t *exact = digits ? exact_integer_item(digits) : NULL;
    return wire_of(exact ? exact : number_item(value));
}

/* Floats go out single precision when that loses nothing, as the SDKs write them. */
static struct wire_value *new_float(double value, enum shape_type type)
{
    bool single = type == SHAPE_FLOAT &&
                  (!isfinite(value) || (fabs(value) <= FLT_MAX && (double)(float)value == value));
    return wire_of(single ? cbor_build_float4((float)value) : cbor_build_float8(value));
}

static struct wire_value *new_bool(bool value)
{
    return wire_of(cbor_build_bool(value));
}

static struct wire_value *new_timestamp(double epoch, enum timestamp_format format)
{
    (void)format;
    if (!isfinite(epoch))
        return NULL;
    cbor_item_t *seconds = number_item(epoch);
    if (!seconds)
        return NULL;
    cbor_item_t *tagged = cbor_build_tag(1, seconds);
    cbor_decref(&seconds);
    return wire_of(tagged);
}

/* The Java SDKs' CBOR form of awsJson writes and reads tag 1 over whole epoch milliseconds. */
static struct wire_value *new_timestamp_millis(double epoch, enum timestamp_format format)
{
    return isfinite(epoch) ? new_timestamp(round(epoch * 1000.0), format) : NULL;
}

static cbor_item_t *document_item(const cJSON *value)
{
    if (cJSON_IsString(value))
        return text_item(value->valuestring);
    if (cJSON_IsNumber(value))
        return number_item(value->valuedouble);
    if (cJSON_IsBool(value))
        return cbor_build_bool(cJSON_IsTrue(value));
    if (!cJSON_IsArray(value) && !cJSON_IsObject(value))
        return cbor_new_null();
    size_t n = (size_t)cJSON_GetArraySize(value);
    bool is_map = cJSON_IsObject(value);
    cbor_item_t *out = is_map ? item_of(new_map(n)) : item_of(new_array(n));
    const cJSON *child;
    cJSON_ArrayForEach(child, value)
    {
        struct wire_value *converted = wire_of(document_item(child));
        if (is_map)
            map_set(wire_of(out), child->string, converted);
        else
            array_append(wire_of(out), converted);
    }
    return out;
}

static struct wire_value *new_document(const cJSON *value)
{
    return wire_of(document_item(value));
}

static void discard_item(struct wire_value *value)
{
    cbor_item_t *item = item_of(value);
    if (item)
        cbor_decref(&item);
}

const struct wire_builder cbor_wire_builder = {
    .dialect = WIRE_CBOR,
    .object = new_map,
    .object_set = map_set,
    .array = new_array,
    .array_add = array_append,
    .string = new_text,
    .blob = new_bytes,
    .integer = new_integer,
    .real = new_float,
    .boolean = new_bool,
    .timestamp = new_timestamp,
    .document = new_document,
    .discard = discard_item,
};

const struct wire_builder cbor_json_wire_builder = {
    .dialect = WIRE_JSON_CBOR,
    .object = new_map,
    .object_set = map_set,
    .array = new_array,
    .array_add = array_append,
    .string = new_text,
    .blob = new_bytes,
    .integer = new_integer,
    .real = new_float,
    .boolean = new_bool,
    .timestamp = new_timestamp_millis,
    .document = new_document,
    .discard = discard_item,
};

void cbor_wire_write(struct wire_value *value, struct buf *out)
{
    cbor_item_t *item = item_of(value);
    if (!item)
        return;
    unsigned char *data = NULL;
    size_t size = 0;
    size_t len = cbor_serialize_alloc(item, &data, &size);
    buf_append(out, data, len);
    free(data);
    cbor_decref(&item);
}
