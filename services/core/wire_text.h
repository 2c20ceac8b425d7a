/* How text from the wire keeps its every character in the params and result trees.
 *
 * The trees are cJSON, whose strings end at the first NUL byte, yet AWS text may hold U+0000
 * (DynamoDB strings and keys, S3 keys). So every decoder stores U+0000 as the two bytes C0 80
 * (modified UTF-8), which valid UTF-8 never contains, and every encoder turns them back into the
 * wire's own form: \u0000 in JSON, %00 in a URL, a NUL byte in CBOR, &#0; in XML. Decoders also
 * refuse text that is not valid UTF-8, so any string in a tree is valid UTF-8 with C0 80 as the
 * one exception. Services compare, measure and check such "wire text" with the helpers below and
 * never look for C0 80 themselves. Saved state is cJSON printed as is: C0 80 survives it. */
#ifndef MOTOC_WIRE_TEXT_H
#define MOTOC_WIRE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../http/buf.h"

/* U+0000 as it sits inside a tree string. */
#define WIRE_TEXT_NUL "\xC0\x80"

/* Whether the bytes are UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates). */
bool utf8_valid(const char *bytes, size_t len);

/* Appends bytes already checked as UTF-8 to out as wire text (NUL bytes become C0 80); out stays
 * NUL-terminated. */
void wire_text_append(struct buf *out, const char *bytes, size_t len);
/* Appends the real bytes of wire text (C0 80 back to a NUL byte). */
void wire_text_append_bytes(struct buf *out, const char *text, size_t len);

/* The character at text (U+0000 for C0 80) and the bytes it takes; 0 when the bytes there are
 * not UTF-8 (or text is at its end). */
size_t wire_text_next(const char *text, uint32_t *codepoint);
/* Bytes the text takes on the wire, in UTF-8: what AWS's size limits count. */
size_t wire_text_size(const char *text);
/* Characters in the text: what AWS's length limits count. */
size_t wire_text_chars(const char *text);
/* Orders two texts by their UTF-8 bytes on the wire, so U+0000 sorts first (strcmp's sign). */
int wire_text_compare(const char *a, const char *b);
/* Whether the text holds U+0000: for the services where AWS refuses it. */
bool wire_text_has_nul(const char *text);

/* A JSON document's bytes made ready for cJSON: false when they are not UTF-8 or hold a raw NUL
 * byte; otherwise out holds them with every \u0000 escape inside a string turned into C0 80. */
bool wire_text_json_in(const char *json, size_t len, struct buf *out);
/* Printed JSON with every C0 80 written back as the escape \u0000. */
void wire_text_json_out(const char *printed, struct buf *out);
/* Printed XML with every C0 80 written as the character reference &#0;. */
void wire_text_xml_out(const char *printed, size_t len, struct buf *out);

#endif
