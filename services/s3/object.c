/* Object keys and their versions: creating, finding and unlinking versions, version ids and
 * storage classes. */
#include "object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "../../http/buf.h"

static const char *const storage_classes[] = {
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE", "FSX_OPENZFS",
};

const char *object_storage_class(const char *name)
{
    for (size_t i = 0; name && i < sizeof storage_classes / sizeof storage_classes[0]; i++)
        if (strcmp(storage_classes[i], name) == 0)
            return storage_classes[i];
    return NULL;
}

bool object_storage_class_is_archive(const char *storage_class)
{
    return strcmp(storage_class, "GLACIER") == 0 || strcmp(storage_class, "DEEP_ARCHIVE") == 0;
}

bool object_is_readable(const struct object_version *v, double now)
{
    return !object_storage_class_is_archive(v->storage_class) || v->restore_expiry > now;
}

struct object_version *object_version_new(void)
{
    struct object_version *v = xcalloc(1, sizeof *v);
    v->checksum_algorithm = CHECKSUM_NONE;
    v->storage_class = storage_classes[0];
    return v;
}

void object_version_free(struct object_version *v)
{
    if (!v)
        return;
    blob_unref(v->body);
    cJSON_Delete(v->headers);
    cJSON_Delete(v->metadata);
    cJSON_Delete(v->tags);
    cJSON_Delete(v->acl);
    free(v->parts);
    free(v);
}

void object_key_free(void *key)
{
    struct object_key *k = key;
    if (!k)
        return;
    while (k->newest) {
        struct object_version *v = k->newest;
        k->newest = v->older;
        object_version_free(v);
    }
    free(k);
}

void object_version_id_new(char out[VERSION_ID_LEN + 1])
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
    unsigned char random[VERSION_ID_LEN];
    if (RAND_bytes(random, sizeof random) != 1)
        for (size_t i = 0; i < sizeof random; i++)
            random[i] = (unsigned char)rand();
    for (size_t i = 0; i < VERSION_ID_LEN; i++)
        out[i] = alphabet[random[i] & 63];
    /* Never a leading '.', '_' (nor '-' once an upload id maps '.' to it): a command line such as
     * the AWS CLI's would read "--upload-id -x…" as an option. */
    out[0] = alphabet[random[0] % 62];
    out[VERSION_ID_LEN] = '\0';
}

struct object_version *object_key_find(const struct object_key *k, const char *version_id)
{
    for (struct object_version *v = k ? k->newest : NULL; v; v = v->older)
        if (strcmp(v->version_id, version_id) == 0)
            return v;
    return NULL;
}

void object_key_unlink(struct object_key *k, struct object_version *v)
{
    for (struct object_version **p = &k->newest; *p; p = &(*p)->older) {
        if (*p == v) {
            *p = v->older;
            v->older = NULL;
            return;
        }
    }
}

int object_key_versions(const struct object_key *k)
{
    int n = 0;
    for (struct object_version *v = k ? k->newest : NULL; v; v = v->older)
        n++;
    return n;
}

void object_etag_from_md5(const unsigned char md5[16], char *out, size_t size)
{
    char hex[33];
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", md5[i]);
    snprintf(out, size, "\"%s\"", hex);
}
