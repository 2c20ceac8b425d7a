/* The shape walker of the JSON family (json and its CBOR form, rest-json, smithy-rpc-v2-cbor): wire values ⇄ the
 * params/result trees of protocol.h, following a shape.
 *
 * Wire values come in as cJSON: JSON bodies as cJSON parses them, CBOR bodies read into the same
 * form by cbor_wire.h. They go out through a wire_builder, so that CBOR can say what JSON cannot
 * (byte strings, tagged timestamps, binary floats) while the walk itself is written once. */
#ifndef MOTOC_JSON_CODEC_H
#define MOTOC_JSON_CODEC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "../../http/message.h"
#include "model.h"
#include "protocol.h"

/* Values nested deeper are refused as malformed: far beyond any AWS shape, and shallow enough
 * that walking them recursively stays cheap on any thread's stack. */
#define WIRE_MAX_DEPTH 128

enum wire_dialect {
    /* keys are locationName (botocore's jsonName) or the member name; blobs are base64 text;
     * timestamps follow the member's timestampFormat (epoch seconds by default) */
    WIRE_JSON,
    /* keys are member names; blobs are byte strings, read as cJSON raw nodes holding their
     * base64; timestamps are epoch seconds */
    WIRE_CBOR,
    /* awsJson bodies in CBOR (Content-Type application/x-amz-cbor-1.1, how the Java SDKs talk to
     * Kinesis): keys as WIRE_JSON, blobs as WIRE_CBOR, timestamps epoch milliseconds */
    WIRE_JSON_CBOR,
};

/* The key a member travels under in a wire object of that dialect. */
const char *json_codec_member_key(const struct shape_ref *member, enum wire_dialect dialect);

/* Which members of a structure a walk covers (rest-json: those in the body); NULL means all. */
typedef bool (*member_filter)(const struct shape_ref *member);

/* --- decoding: wire → tree. Failures are the SerializationException (400) AWS answers. --- */

/* The body as JSON: *wire NULL for an empty body. -1 with *err when it is not JSON. */
int json_codec_parse(const struct buf *body, cJSON **wire, struct proto_error *err);

/* The value of ref from its wire form; NULL with *err when it does not fit the shape. */
cJSON *json_codec_decode(const struct shape_ref *ref, const cJSON *wire, enum wire_dialect dialect,
                         struct proto_error *err);

/* The members of structure s (those include admits) found in the wire object, added to out. */
int json_codec_decode_members(const struct shape *s, const cJSON *wire, enum wire_dialect dialect,
                              member_filter include, cJSON *out, struct proto_error *err);

/* --- encoding: tree → wire --- */

/* A wire value under construction: a cJSON node or a cbor item, depending on the builder. */
struct wire_value;

/* Constructors return NULL when the value has no wire form (then it is left out). object_set
 * and array_add take ownership of value. */
struct wire_builder {
    enum wire_dialect dialect;
    struct wire_value *(*object)(size_t capacity);
    void (*object_set)(struct wire_value *object, const char *key, struct wire_value *value);
    struct wire_value *(*array)(size_t capacity);
    void (*array_add)(struct wire_value *array, struct wire_value *value);
    struct wire_value *(*string)(const char *text);
    struct wire_value *(*blob)(const char *base64);
    /* digits: the exact decimal text when the tree gave one (see protocol.h), else NULL */
    struct wire_value *(*integer)(double value, const char *digits);
    /* value may be NaN or infinite */
    struct wire_value *(*real)(double value, enum shape_type type);
    struct wire_value *(*boolean)(bool value);
    struct wire_value *(*timestamp)(double epoch, enum timestamp_format format);
    struct wire_value *(*document)(const cJSON *value);
    void (*discard)(struct wire_value *value);
};

/* Builds cJSON nodes: a struct wire_value * from it is a cJSON *. */
extern const struct wire_builder json_wire_builder;

/* The wire form of a tree value of ref; NULL when it has none. */
struct wire_value *json_codec_encode(const struct shape_ref *ref, const cJSON *tree,
                                     const struct wire_builder *b);

/* A wire object of the members of structure s (those include admits) present in tree. */
struct wire_value *json_codec_encode_members(const struct shape *s, const cJSON *tree,
                                             member_filter include, const struct wire_builder *b);

/* Puts a JSON value built by json_wire_builder into resp's body (and frees it). */
void json_codec_set_body(struct http_response *resp, struct wire_value *value,
                         const char *content_type);

#endif
