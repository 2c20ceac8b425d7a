/* application/x-www-form-urlencoded and query strings: the query protocol's wire format and
 * the place routing finds Action and Version. */
#ifndef MOTOC_FORM_H
#define MOTOC_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "../../http/buf.h"

/* Percent-decoding of a URI component ('+' stays '+'), and of a form value ('+' → space), into
 * wire text (wire_text.h: %00 becomes C0 80). Bad escapes are kept literally. false when the
 * decoded bytes are not UTF-8 (out still receives them). */
bool percent_decode(const char *text, size_t len, bool plus_is_space, struct buf *out);

/* Iterates a query string or form body: calls fn(name, value) with both decoded as wire text.
 * false when some name or value was not UTF-8. */
bool form_each(const char *data, size_t len, bool plus_is_space,
               void (*fn)(void *ctx, const char *name, const char *value), void *ctx);

/* The decoded value of the first parameter called name (compared after decoding) into value;
 * false if there is none. */
bool form_find(const char *data, size_t len, const char *name, struct buf *value);

#endif
