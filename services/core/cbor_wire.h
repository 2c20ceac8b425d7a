/* CBOR (smithy-rpc-v2-cbor bodies and awsJson's CBOR form) in the form the JSON-family walker (json_codec.h) reads and
 * writes: bytes → cJSON wire values, and a wire_builder producing CBOR. */
#ifndef MOTOC_CBOR_WIRE_H
#define MOTOC_CBOR_WIRE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "json_codec.h"
#include "protocol.h"

/* One CBOR data item filling data..data+len, as cJSON: byte strings become raw nodes holding
 * their base64, NaN and the infinities the strings JSON uses for them, tags are dropped (tag 1
 * leaves its epoch seconds), undefined is null. -1 with *err (SerializationException) when the
 * bytes are not well-formed CBOR, nest deeper than WIRE_MAX_DEPTH, have a map key that is not
 * text, or continue after the item. */
int cbor_wire_read(const void *data, size_t len, cJSON **wire, struct proto_error *err);

/* Builds CBOR items: blobs as byte strings, timestamps as tag 1 epoch seconds. */
extern const struct wire_builder cbor_wire_builder;

/* The same for awsJson bodies sent as CBOR (WIRE_JSON_CBOR): jsonName keys, timestamps as tag 1
 * epoch milliseconds. */
extern const struct wire_builder cbor_json_wire_builder;

/* Appends the encoding of a value cbor_wire_builder built to out, and frees the value. */
void cbor_wire_write(struct wire_value *value, struct buf *out);

#endif
