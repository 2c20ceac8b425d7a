/* Gzip streams written straight into a blob (blob_gzip.h). */
#include "blob_gzip.h"

#include <stdlib.h>

#include <zlib.h>

struct blob_gzip {
    z_stream zs;
    struct blob_builder *out;
};

struct blob_gzip *blob_gzip_new(void)
{
    struct blob_gzip *z = calloc(1, sizeof *z);
    if (!z)
        return NULL;
    /* 16 + window bits: a gzip header and trailer around the deflate stream. */
    if (deflateInit2(&z->zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        free(z);
        return NULL;
    }
    z->out = blob_builder_new();
    return z;
}

static bool pump(struct blob_gzip *z, const void *data, size_t len, int flush)
{
    unsigned char chunk[16384];
    z->zs.next_in = (unsigned char *)data;
    z->zs.avail_in = (uInt)len;
    do {
        z->zs.next_out = chunk;
        z->zs.avail_out = sizeof chunk;
        if (deflate(&z->zs, flush) == Z_STREAM_ERROR ||
            !blob_builder_append_bytes(z->out, chunk, sizeof chunk - z->zs.avail_out))
            return false;
    } while (z->zs.avail_out == 0);
    return true;
}

bool blob_gzip_write(struct blob_gzip *z, const void *data, size_t len)
{
    const unsigned char *p = data;
    /* avail_in is 32 bits wide: feed huge inputs in pieces. */
    while (len > 0) {
        size_t piece = len > (1u << 30) ? (1u << 30) : len;
        if (!pump(z, p, piece, Z_NO_FLUSH))
            return false;
        p += piece;
        len -= piece;
    }
    return true;
}

struct blob *blob_gzip_finish(struct blob_gzip *z)
{
    bool ok = pump(z, NULL, 0, Z_FINISH);
    deflateEnd(&z->zs);
    struct blob *b = NULL;
    if (ok)
        b = blob_builder_finish(z->out);
    else
        blob_builder_abandon(z->out);
    free(z);
    return b;
}

void blob_gzip_abandon(struct blob_gzip *z)
{
    deflateEnd(&z->zs);
    blob_builder_abandon(z->out);
    free(z);
}
