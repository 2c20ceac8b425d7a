/* Symmetric ciphertext blobs: header, canonical encryption context, AES-256-GCM. */
#include "ciphertext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOB_FORMAT 1

struct blob_header {
    char key_id[40];
    uint32_t material;
    size_t len; /* bytes of header before the IV */
};

static bool header_read(const unsigned char *blob, size_t len, struct blob_header *h)
{
    if (len < 2 || blob[0] != BLOB_FORMAT)
        return false;
    size_t id_len = blob[1];
    if (id_len == 0 || id_len >= sizeof h->key_id ||
        len < 2 + id_len + 4 + AES_GCM_IV_BYTES + AES_GCM_TAG_BYTES)
        return false;
    memcpy(h->key_id, blob + 2, id_len);
    h->key_id[id_len] = '\0';
    const unsigned char *m = blob + 2 + id_len;
    h->material = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
    h->len = 2 + id_len + 4;
    return key_id_valid(h->key_id);
}

static int compare_members(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    return strcmp(x->string, y->string);
}

static void put_length_prefixed(struct buf *out, const char *text)
{
    size_t n = strlen(text);
    unsigned char len[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
                            (unsigned char)(n >> 8), (unsigned char)n};
    buf_append(out, len, sizeof len);
    buf_append(out, text, n);
}

/* The context's pairs sorted by key, each length-prefixed: the same bytes whatever order the
 * caller listed them in. */
static void context_append(struct buf *aad, const cJSON *context)
{
    size_t n = (size_t)cJSON_GetArraySize(context);
    if (!cJSON_IsObject(context) || n == 0)
        return;
    const cJSON **members = xcalloc(n, sizeof *members);
    size_t i = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, context)
        members[i++] = m;
    qsort(members, n, sizeof *members, compare_members);
    for (i = 0; i < n; i++) {
        put_length_prefixed(aad, members[i]->string);
        put_length_prefixed(aad, cJSON_IsString(members[i]) ? members[i]->valuestring : "");
    }
    free(members);
}

enum crypto_result ciphertext_seal(const struct kms_key *k, const cJSON *context,
                                   const void *plaintext, size_t len, struct buf *blob)
{
    const struct key_material *m = key_current_material(k);
    if (!m || m->bytes.len != SYMMETRIC_KEY_BYTES)
        return CRYPTO_FAILED;
    uint32_t index = (uint32_t)(k->n_materials - 1);
    size_t id_len = strlen(k->id);
    unsigned char header[2 + 40 + 4];
    header[0] = BLOB_FORMAT;
    header[1] = (unsigned char)id_len;
    memcpy(header + 2, k->id, id_len);
    unsigned char *at = header + 2 + id_len;
    at[0] = (unsigned char)(index >> 24);
    at[1] = (unsigned char)(index >> 16);
    at[2] = (unsigned char)(index >> 8);
    at[3] = (unsigned char)index;
    size_t header_len = 2 + id_len + 4;

    struct buf aad = BUF_INIT, iv = BUF_INIT, sealed = BUF_INIT;
    buf_append(&aad, header, header_len);
    context_append(&aad, context);
    unsigned char tag[AES_GCM_TAG_BYTES];
    enum crypto_result rc = CRYPTO_FAILED;
    if (crypto_random(AES_GCM_IV_BYTES, &iv))
        rc = crypto_aes_gcm_seal((const unsigned char *)m->bytes.data,
                                 (const unsigned char *)iv.data, aad.data, aad.len, plaintext,
                                 len, &sealed, tag);
    if (rc == CRYPTO_OK) {
        buf_append(blob, header, header_len);
        buf_append(blob, iv.data, AES_GCM_IV_BYTES);
        buf_append(blob, tag, sizeof tag);
        buf_append(blob, sealed.data ? sealed.data : "", sealed.len);
    }
    buf_free(&aad);
    buf_free(&iv);
    buf_free(&sealed);
    return rc;
}

bool ciphertext_key_id(const void *blob, size_t len, char id[40])
{
    struct blob_header h;
    if (!header_read(blob, len, &h))
        return false;
    memcpy(id, h.key_id, sizeof h.key_id);
    return true;
}

enum crypto_result ciphertext_open(const struct kms_key *k, const cJSON *context,
                                   const void *blob, size_t len, struct buf *plaintext)
{
    const unsigned char *bytes = blob;
    struct blob_header h;
    if (!header_read(bytes, len, &h) || strcmp(h.key_id, k->id) != 0 ||
        h.material >= k->n_materials)
        return CRYPTO_INVALID;
    const struct key_material *m = &k->materials[h.material];
    if (m->bytes.len != SYMMETRIC_KEY_BYTES)
        return CRYPTO_INVALID;
    struct buf aad = BUF_INIT;
    buf_append(&aad, bytes, h.len);
    context_append(&aad, context);
    const unsigned char *iv = bytes + h.len;
    const unsigned char *tag = iv + AES_GCM_IV_BYTES;
    const unsigned char *sealed = tag + AES_GCM_TAG_BYTES;
    enum crypto_result rc = crypto_aes_gcm_open(
        (const unsigned char *)m->bytes.data, iv, aad.data, aad.len, sealed,
        len - (size_t)(sealed - bytes), tag, plaintext);
    buf_free(&aad);
    return rc;
}
