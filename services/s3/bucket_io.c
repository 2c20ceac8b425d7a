/* Object reads and writes on behalf of other services (bucket_io.h). */
#include "bucket_io.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "bucket.h"
#include "object.h"
#include "s3_call.h"
#include "versioning.h"

bool s3_io_bucket_exists(const char *bucket)
{
    return bucket && bucket_find(bucket) != NULL;
}

int s3_io_each_object(const char *bucket, const char *prefix,
                      bool (*visit)(void *ctx, const char *key, const struct blob *body), void *ctx)
{
    struct bucket *b = bucket ? bucket_find(bucket) : NULL;
    if (!b)
        return -1;
    size_t prefix_len = prefix ? strlen(prefix) : 0;
    for (const struct sorted_node *n = sorted_map_seek(b->objects, prefix, false); n;
         n = sorted_map_next(n)) {
        const char *key = sorted_node_key(n);
        if (prefix_len && strncmp(key, prefix, prefix_len) != 0)
            break;
        const struct object_key *k = sorted_node_value(n);
        if (!k->newest || k->newest->delete_marker || !k->newest->body)
            continue;
        if (!visit(ctx, key, k->newest->body))
            break;
    }
    return 0;
}

const struct blob *s3_io_get(const char *bucket, const char *key, const char *version_id)
{
    struct bucket *b = bucket ? bucket_find(bucket) : NULL;
    const struct object_key *k = b && key ? sorted_map_get(b->objects, key) : NULL;
    const struct object_version *v =
        !k ? NULL : version_id ? object_key_find(k, version_id) : k->newest;
    return v && !v->delete_marker ? v->body : NULL;
}

static bool md5_slice(void *ctx, const void *data, size_t len)
{
    return EVP_DigestUpdate(ctx, data, len) == 1;
}

static bool blob_md5(const struct blob *body, unsigned char md5[16])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int n = 0;
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 &&
              blob_each_slice(body, 0, blob_length(body), md5_slice, ctx) &&
              EVP_DigestFinal_ex(ctx, md5, &n) == 1 && n == 16;
    EVP_MD_CTX_free(ctx);
    return ok;
}

bool s3_io_put(const char *bucket, const char *key, struct blob *body, const char *account,
               unsigned char md5_out[16])
{
    struct bucket *b = bucket ? bucket_find(bucket) : NULL;
    unsigned char md5[16];
    if (!b || !body || !blob_md5(body, md5)) {
        blob_unref(body);
        return false;
    }
    struct object_version *v = object_version_new();
    v->last_modified = s3_now();
    v->body = body;
    snprintf(v->owner, sizeof v->owner, "%s", account);
    object_etag_from_md5(md5, v->etag, sizeof v->etag);
    versioning_put(b, key, v);
    if (md5_out)
        memcpy(md5_out, md5, sizeof md5);
    return true;
}
