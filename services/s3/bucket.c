/* The global bucket registry: creating, finding, deleting and resetting buckets. */
#include "bucket.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "multipart.h"
#include "object.h"

static struct sorted_map *registry;

static struct sorted_map *buckets(void)
{
    if (!registry)
        registry = sorted_map_new();
    return registry;
}

struct bucket *bucket_find(const char *name)
{
    return name ? sorted_map_get(buckets(), name) : NULL;
}

const struct sorted_map *bucket_registry(void)
{
    return buckets();
}

struct bucket *bucket_create(const char *name, const char *account, const char *region)
{
    struct bucket *b = xcalloc(1, sizeof *b);
    b->name = xstrdup(name);
    snprintf(b->account, sizeof b->account, "%s", account);
    snprintf(b->region, sizeof b->region, "%s", region);
    b->objects = sorted_map_new();
    b->uploads = sorted_map_new();
    sorted_map_put(buckets(), name, b);
    return b;
}

static void bucket_free(void *value)
{
    struct bucket *b = value;
    sorted_map_free(b->objects, object_key_free);
    sorted_map_free(b->uploads, upload_free);
    for (int i = 0; i < CONFIG_COUNT; i++)
        cJSON_Delete(b->config[i]);
    cJSON_Delete(b->completed_uploads);
    free(b->name);
    free(b);
}

void bucket_delete(struct bucket *b)
{
    sorted_map_remove(buckets(), b->name);
    bucket_free(b);
}

void buckets_reset(void)
{
    sorted_map_free(registry, bucket_free);
    registry = NULL;
}

void *buckets_detach(void)
{
    struct sorted_map *moved = buckets();
    registry = NULL;
    return moved;
}

void buckets_attach(void *detached)
{
    buckets_reset();
    registry = detached;
}

void buckets_discard(void *detached)
{
    sorted_map_free(detached, bucket_free);
}

void bucket_set_config(struct bucket *b, enum bucket_config which, cJSON *value)
{
    cJSON_Delete(b->config[which]);
    b->config[which] = value;
}

bool bucket_is_empty(const struct bucket *b)
{
    return sorted_map_count(b->objects) == 0;
}

static bool is_ipv4_address(const char *name)
{
    int parts = 0;
    const char *p = name;
    while (*p) {
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
        parts++;
        if (*p == '.')
            p++;
        else if (*p)
            return false;
    }
    return parts == 4;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool bucket_name_is_valid(const char *name)
{
    size_t len = strlen(name);
    if (len < 3 || len > 63)
        return false;
    for (const char *p = name; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '.' || *p == '-'))
            return false;
    if (!isalnum((unsigned char)name[0]) || !isalnum((unsigned char)name[len - 1]))
        return false;
    if (strstr(name, "..") || strstr(name, ".-") || strstr(name, "-."))
        return false;
    if (is_ipv4_address(name))
        return false;
    /* Reserved for access point aliases, S3 Express and object lambda. */
    if (starts_with(name, "xn--") || starts_with(name, "sthree-") ||
        starts_with(name, "amzn-s3-demo-") || ends_with(name, "-s3alias") ||
        ends_with(name, "--ol-s3") || ends_with(name, ".mrap") || ends_with(name, "--x-s3") ||
        ends_with(name, "--table-s3"))
        return false;
    return true;
}
