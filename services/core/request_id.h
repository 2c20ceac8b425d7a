#ifndef MOTOC_REQUEST_ID_H
#define MOTOC_REQUEST_ID_H

#include <stddef.h>

/* A fresh random (version 4) UUID: request ids, message ids, stream ids … as AWS prints them. */
void uuid_new(char out[37]);
/* Random uppercase hex, as S3's x-amz-request-id (16 chars) uses. */
void random_hex_upper(char *out, size_t n_chars);

#endif
