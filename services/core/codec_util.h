/* Value conversions every protocol codec needs: base64, timestamps, numbers, percent-encoding. */
#ifndef MOTOC_CODEC_UTIL_H
#define MOTOC_CODEC_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "form.h"
#include "model.h"

/* base64 (standard alphabet, padded). decode: false on invalid input; out receives the bytes. */
void base64_encode(const void *data, size_t len, struct buf *out);
bool base64_decode(const char *text, size_t len, struct buf *out);
/* The JSON document a base64 text carries, or NULL when either layer is invalid. */
cJSON *json_from_base64(const char *text);

/* Timestamps as epoch seconds (fractional). Parsing accepts every format AWS SDKs send for the
 * given one (ISO 8601 with or without fraction/offset, RFC 822/HTTP-date, epoch seconds);
 * TS_DEFAULT tries them all. false if unparseable. */
bool timestamp_parse(const char *text, enum timestamp_format fmt, double *epoch);
/* Whether epoch is a date AWS can express: years 1 through 9999. Parsing refuses others;
 * formatting clamps them into that range. */
bool timestamp_in_range(double epoch);
/* Formats as AWS does: ISO8601 "2014-04-29T18:30:38Z" (".123Z" when fractional), RFC822
 * "Tue, 29 Apr 2014 18:30:38 GMT", UNIX "1398796238" / "1398796238.123". */
void timestamp_format(double epoch, enum timestamp_format fmt, struct buf *out);

/* Numbers as text the way the SDKs write them: integers without a fraction, doubles in the
 * shortest form that reads back the same ("1.1"), and NaN/Infinity/-Infinity. Reads a cJSON
 * number or one of those strings. */
void number_format(const cJSON *value, enum shape_type type, struct buf *out);
/* Parses text for a number shape into a cJSON value (number, or "NaN"/"Infinity"/"-Infinity"
 * strings for floats); NULL if not a number of that type. */
cJSON *number_parse(const char *text, enum shape_type type);
/* A scalar member's value from its text in a query string, form, URI label or header: numbers as
 * above, true/false in any case, timestamps in the ref's format (else default_format, the
 * location's), blobs as validated base64. NULL when the text does not fit the type. */
cJSON *scalar_from_wire_text(const struct shape_ref *ref, const char *text,
                             enum timestamp_format default_format);

/* RFC 3986 encoding of everything but unreserved characters (and '/' when keep_slash), of wire
 * text: its U+0000 becomes %00. */
void percent_encode(const char *text, size_t len, bool keep_slash, struct buf *out);

#endif
