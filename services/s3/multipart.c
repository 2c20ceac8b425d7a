/* Multipart uploads in progress: creation settings and the parts received, kept by number. */
#include "multipart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "../../http/buf.h"
#include "object.h"

struct upload *upload_new(const char *key, const char *account, cJSON *settings)
{
    struct upload *u = xcalloc(1, sizeof *u);
    /* Upload ids are long opaque URL-safe strings in S3; two version-id-sized draws do. */
    char a[VERSION_ID_LEN + 1], b[VERSION_ID_LEN + 1];
    object_version_id_new(a);
    object_version_id_new(b);
    snprintf(u->id, sizeof u->id, "%s%s", a, b);
    for (char *p = u->id; *p; p++)
        if (*p == '.')
            *p = '-';
    u->key = xstrdup(key);
    snprintf(u->account, sizeof u->account, "%s", account);
    u->settings = settings;
    u->checksum_algorithm = CHECKSUM_NONE;
    return u;
}

void upload_free(void *upload)
{
    struct upload *u = upload;
    if (!u)
        return;
    for (int i = 0; i < u->n_parts; i++)
        blob_unref(u->parts[i].body);
    free(u->parts);
    free(u->key);
    cJSON_Delete(u->settings);
    free(u);
}

static int find_index(const struct upload *u, int number, bool *found)
{
    int lo = 0, hi = u->n_parts;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (u->parts[mid].number < number)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < u->n_parts && u->parts[lo].number == number;
    return lo;
}

struct part *upload_part(struct upload *u, int number)
{
    bool found;
    int i = find_index(u, number, &found);
    return found ? &u->parts[i] : NULL;
}

struct part *upload_put_part(struct upload *u, int number, struct blob *body,
                             const unsigned char md5[16], double now)
{
    bool found;
    int i = find_index(u, number, &found);
    if (found) {
        blob_unref(u->parts[i].body);
    } else {
        if (u->n_parts == u->cap_parts) {
            u->cap_parts = u->cap_parts ? u->cap_parts * 2 : 8;
            u->parts = xrealloc(u->parts, (size_t)u->cap_parts * sizeof *u->parts);
        }
        memmove(&u->parts[i + 1], &u->parts[i], (size_t)(u->n_parts - i) * sizeof *u->parts);
        u->n_parts++;
    }
    struct part *p = &u->parts[i];
    memset(p, 0, sizeof *p);
    p->number = number;
    p->body = body;
    memcpy(p->md5, md5, 16);
    object_etag_from_md5(md5, p->etag, sizeof p->etag);
    p->last_modified = now;
    return p;
}
