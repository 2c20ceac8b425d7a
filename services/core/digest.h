/* Digests as AWS prints them: lowercase hex (MD5OfMessageBody, ETags, content hashes). */
#ifndef MOTOC_DIGEST_H
#define MOTOC_DIGEST_H

#include <stddef.h>

/* n bytes as 2n lowercase hex digits + NUL. */
void hex_lower(const unsigned char *bytes, size_t n, char *out);
void md5_hex(const void *data, size_t len, char out[33]);
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
