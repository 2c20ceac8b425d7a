/* Places writes and deletes in a key's version chain per the bucket's versioning state, and
 * finds current and named versions. */
#include "versioning.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"

static struct object_key *key_entry(struct bucket *b, const char *key, bool create)
{
    struct object_key *k = sorted_map_get(b->objects, key);
    if (!k && create) {
        k = xcalloc(1, sizeof *k);
        sorted_map_put(b->objects, key, k);
    }
    return k;
}

static void drop_null_version(struct object_key *k)
{
    struct object_version *null_version = object_key_find(k, "null");
    if (null_version) {
        object_key_unlink(k, null_version);
        object_version_free(null_version);
    }
}

static void push_version(struct bucket *b, const char *key, struct object_version *v)
{
    struct object_key *k = key_entry(b, key, true);
    if (b->versioning == VERSIONING_ENABLED) {
        object_version_id_new(v->version_id);
    } else {
        snprintf(v->version_id, sizeof v->version_id, "null");
        drop_null_version(k);
    }
    v->older = k->newest;
    k->newest = v;
}

void versioning_put(struct bucket *b, const char *key, struct object_version *v)
{
    push_version(b, key, v);
}

struct object_version *versioning_current(const struct bucket *b, const char *key)
{
    const struct object_key *k = sorted_map_get(b->objects, key);
    return k ? k->newest : NULL;
}

struct object_version *versioning_find(const struct bucket *b, const char *key, const char *id)
{
    return object_key_find(sorted_map_get(b->objects, key), id);
}

static void forget_key_if_empty(struct bucket *b, const char *key)
{
    struct object_key *k = sorted_map_get(b->objects, key);
    if (k && !k->newest)
        object_key_free(sorted_map_remove(b->objects, key));
}

void versioning_delete_current(struct bucket *b, const char *key, double now, const char *owner,
                               struct delete_outcome *out)
{
    memset(out, 0, sizeof *out);
    if (b->versioning == VERSIONING_NEVER) {
        object_key_free(sorted_map_remove(b->objects, key));
        return;
    }
    struct object_version *marker = object_version_new();
    marker->delete_marker = true;
    marker->last_modified = now;
    snprintf(marker->owner, sizeof marker->owner, "%s", owner);
    push_version(b, key, marker);
    out->delete_marker = true;
    snprintf(out->version_id, sizeof out->version_id, "%s", marker->version_id);
}

void versioning_delete_version(struct bucket *b, const char *key, struct object_version *v,
                               struct delete_outcome *out)
{
    memset(out, 0, sizeof *out);
    struct object_key *k = sorted_map_get(b->objects, key);
    out->delete_marker = v->delete_marker;
    snprintf(out->version_id, sizeof out->version_id, "%s", v->version_id);
    object_key_unlink(k, v);
    object_version_free(v);
    forget_key_if_empty(b, key);
}

bool version_id_is_well_formed(const char *id)
{
    if (strcmp(id, "null") == 0)
        return true;
    if (strlen(id) != VERSION_ID_LEN)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_'))
            return false;
    return true;
}
