/* Object bodies: immutable, shared by reference (a copy of an object shares its bytes). Small
 * ones live in memory; larger ones are named files in the spool directory (never in RAM), which
 * the last reference removes. */
#ifndef MOTOC_S3_BLOB_H
#define MOTOC_S3_BLOB_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "../../http/message.h"

struct blob;

/* Bodies up to this size stay in memory. */
#define BLOB_MEMORY_MAX (256u * 1024u)

struct blob *blob_from_memory(const void *data, size_t len);
/* Takes over the bytes [offset, offset + length) of fd: without copying when they are the
 * whole file and the file system allows (the file gets a name in the spool directory). fd stays
 * the caller's. NULL on I/O failure. */
struct blob *blob_from_fd(int fd, uint64_t offset, uint64_t length);
struct blob *blob_ref(struct blob *b);
void blob_unref(struct blob *b);
uint64_t blob_length(const struct blob *b);

/* Reads len bytes at offset into out; false on I/O failure. */
bool blob_read(const struct blob *b, uint64_t offset, void *out, size_t len);
/* Calls fn for the bytes [offset, offset + len) in slices; false on I/O failure or when fn
 * returns false. */
bool blob_each_slice(const struct blob *b, uint64_t offset, uint64_t len,
                     bool (*fn)(void *ctx, const void *data, size_t len), void *ctx);
/* Makes bytes [offset, offset + len) the response body (file-backed ones are streamed). */
bool blob_respond(const struct blob *b, uint64_t offset, uint64_t len, struct http_response *resp);

/* Builds a blob from pieces of others (multipart completion, part copies). */
struct blob_builder;
struct blob_builder *blob_builder_new(void);
bool blob_builder_append(struct blob_builder *w, const struct blob *src, uint64_t offset,
                         uint64_t len);
bool blob_builder_append_bytes(struct blob_builder *w, const void *data, size_t len);
/* The finished blob (NULL after an I/O failure); frees the builder. */
struct blob *blob_builder_finish(struct blob_builder *w);
void blob_builder_abandon(struct blob_builder *w);

/* The file holding b's bytes, or NULL when they are in memory (saving keeps the file itself,
 * never reading it). */
const char *blob_file_path(const struct blob *b);

/* Named files currently held (for tests and state). */
size_t blob_file_count(void);

#endif
