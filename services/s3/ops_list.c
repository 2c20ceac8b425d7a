/* Listing a bucket: ListObjects (v1), ListObjectsV2 and ListObjectVersions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/paging.h"
#include "../core/wire_text.h"
#include "listing.h"
#include "object.h"
#include "ops.h"
#include "s3_call.h"

#define DEFAULT_MAX_KEYS 1000

/* The url encoding-type: everything but unreserved characters and '/' escaped. */
static void add_text(cJSON *obj, const char *name, const char *text, bool url)
{
    if (!url) {
        cJSON_AddStringToObject(obj, name, text);
        return;
    }
    struct buf encoded = BUF_INIT;
    percent_encode(text, strlen(text), true, &encoded);
    cJSON_AddStringToObject(obj, name, encoded.data ? encoded.data : "");
    buf_free(&encoded);
}

static int read_max_keys(struct call *c, const cJSON *in, long *max_keys)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, "MaxKeys");
    *max_keys = DEFAULT_MAX_KEYS;
    if (!cJSON_IsNumber(v))
        return 0;
    if (v->valuedouble < 0) {
        char text[32];
        snprintf(text, sizeof text, "%.0f", v->valuedouble);
        return s3_fail_invalid_argument(c, "Argument maxKeys must be an integer between 0 and "
                                           "2147483647",
                                        "maxKeys", text);
    }
    *max_keys = v->valuedouble > DEFAULT_MAX_KEYS ? DEFAULT_MAX_KEYS : (long)v->valuedouble;
    return 0;
}

static int read_encoding(struct call *c, const cJSON *in, bool *url)
{
    const char *encoding = param_string(in, "EncodingType");
    *url = false;
    if (!encoding)
        return 0;
    if (strcmp(encoding, "url") != 0)
        return s3_fail_invalid_argument(c, "Invalid Encoding Method specified in Request",
                                        "encoding-type", encoding);
    *url = true;
    return 0;
}

static bool latest_is_object(const struct sorted_node *n, void *ctx)
{
    (void)ctx;
    const struct object_key *k = sorted_node_value(n);
    return k->newest && !k->newest->delete_marker;
}

static void add_checksum_algorithm(const struct object_version *v, cJSON *entry)
{
    if (v->checksum_algorithm == CHECKSUM_NONE)
        return;
    cJSON *list = cJSON_AddArrayToObject(entry, "ChecksumAlgorithm");
    cJSON_AddItemToArray(list, cJSON_CreateString(checksum_name(v->checksum_algorithm)));
    cJSON_AddStringToObject(entry, "ChecksumType",
                            v->checksum_composite ? "COMPOSITE" : "FULL_OBJECT");
}

static cJSON *object_entry(const char *key, const struct object_version *v, bool url,
                           bool owner)
{
    cJSON *entry = cJSON_CreateObject();
    add_text(entry, "Key", key, url);
    cJSON_AddNumberToObject(entry, "LastModified", v->last_modified);
    cJSON_AddStringToObject(entry, "ETag", v->etag);
    add_checksum_algorithm(v, entry);
    cJSON_AddNumberToObject(entry, "Size", (double)blob_length(v->body));
    cJSON_AddStringToObject(entry, "StorageClass", v->storage_class);
    if (owner)
        s3_add_owner(entry, "Owner", v->owner);
    return entry;
}

static void add_page(const struct listing_page *page, bool url, bool owner, cJSON *out)
{
    if (page->n_keys) {
        cJSON *contents = cJSON_AddArrayToObject(out, "Contents");
        for (size_t i = 0; i < page->n_keys; i++) {
            const struct object_key *k = sorted_node_value(page->keys[i]);
            cJSON_AddItemToArray(contents,
                                 object_entry(sorted_node_key(page->keys[i]), k->newest, url, owner));
        }
    }
    if (page->n_prefixes) {
        cJSON *prefixes = cJSON_AddArrayToObject(out, "CommonPrefixes");
        for (size_t i = 0; i < page->n_prefixes; i++) {
            cJSON *p = cJSON_CreateObject();
            add_text(p, "Prefix", page->prefixes[i], url);
            cJSON_AddItemToArray(prefixes, p);
        }
    }
}

/* Members both versions echo. */
static void add_echo(const struct bucket *b, const cJSON *in, long max_keys, bool url, cJSON *out)
{
    cJSON_AddStringToObject(out, "Name", b->name);
    const char *prefix = param_string(in, "Prefix");
    add_text(out, "Prefix", prefix ? prefix : "", url);
    const char *delimiter = param_string(in, "Delimiter");
    if (delimiter)
        add_text(out, "Delimiter", delimiter, url);
    cJSON_AddNumberToObject(out, "MaxKeys", (double)max_keys);
    if (url)
        cJSON_AddStringToObject(out, "EncodingType", "url");
}

OPERATION(s3_list_objects)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    long max_keys;
    bool url;
    if (!b || read_max_keys(c, in, &max_keys) != 0 || read_encoding(c, in, &url) != 0)
        return -1;
    const char *marker = param_string(in, "Marker");
    struct listing_query q = {
        .prefix = param_string(in, "Prefix"),
        .delimiter = param_string(in, "Delimiter"),
        .after = marker && *marker ? marker : NULL,
        .max_keys = max_keys,
        .visible = latest_is_object,
    };
    struct listing_page page;
    listing_run(b->objects, &q, &page);
    cJSON_AddBoolToObject(out, "IsTruncated", page.truncated);
    add_text(out, "Marker", marker ? marker : "", url);
    if (page.truncated && q.delimiter && *q.delimiter && page.last)
        add_text(out, "NextMarker", page.last, url);
    add_page(&page, url, true, out);
    add_echo(b, in, max_keys, url, out);
    listing_page_free(&page);
    return 0;
}

OPERATION(s3_list_objects_v2)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    long max_keys;
    bool url;
    if (!b || read_max_keys(c, in, &max_keys) != 0 || read_encoding(c, in, &url) != 0)
        return -1;
    const char *token = param_string(in, "ContinuationToken");
    const char *start_after = param_string(in, "StartAfter");
    char *after = token && *token ? page_token_name(token) : NULL;
    if (token && !after)
        return s3_fail_invalid_argument(c, "The continuation token provided is incorrect",
                                        "continuation-token", token);
    struct listing_query q = {
        .prefix = param_string(in, "Prefix"),
        .delimiter = param_string(in, "Delimiter"),
        .after = token                         ? after
                 : start_after && *start_after ? start_after
                                               : NULL,
        .max_keys = max_keys,
        .visible = latest_is_object,
    };
    struct listing_page page;
    listing_run(b->objects, &q, &page);
    cJSON_AddBoolToObject(out, "IsTruncated", page.truncated);
    add_page(&page, url, param_true(in, "FetchOwner"), out);
    add_echo(b, in, max_keys, url, out);
    cJSON_AddNumberToObject(out, "KeyCount", (double)(page.n_keys + page.n_prefixes));
    if (token)
        cJSON_AddStringToObject(out, "ContinuationToken", token);
    if (page.truncated && page.last)
        page_token_add_name(out, "NextContinuationToken", page.last);
    /* A continuation token overrides StartAfter, and S3 then leaves it out of the answer. */
    if (start_after && !token)
        add_text(out, "StartAfter", start_after, url);
    listing_page_free(&page);
    free(after);
    return 0;
}

/* ---- versions: entries are (key, version) pairs, newest version first within a key ---- */

struct version_walk {
    const struct listing_query *q;
    const char *version_marker; /* within q->after's key: list versions older than this */
    bool url;
    long count;
    bool truncated;
    cJSON *versions, *markers, *prefixes;
    const char *next_key;
    const char *next_version;
    char *next_prefix;
};

static void add_version_entry(struct version_walk *w, const char *key,
                              const struct object_version *v, bool latest)
{
    cJSON *entry = cJSON_CreateObject();
    if (v->delete_marker) {
        s3_add_owner(entry, "Owner", v->owner);
        add_text(entry, "Key", key, w->url);
        cJSON_AddStringToObject(entry, "VersionId", v->version_id);
        cJSON_AddBoolToObject(entry, "IsLatest", latest);
        cJSON_AddNumberToObject(entry, "LastModified", v->last_modified);
        cJSON_AddItemToArray(w->markers, entry);
        return;
    }
    cJSON_AddStringToObject(entry, "ETag", v->etag);
    add_checksum_algorithm(v, entry);
    cJSON_AddNumberToObject(entry, "Size", (double)blob_length(v->body));
    cJSON_AddStringToObject(entry, "StorageClass", v->storage_class);
    add_text(entry, "Key", key, w->url);
    cJSON_AddStringToObject(entry, "VersionId", v->version_id);
    cJSON_AddBoolToObject(entry, "IsLatest", latest);
    cJSON_AddNumberToObject(entry, "LastModified", v->last_modified);
    s3_add_owner(entry, "Owner", v->owner);
    cJSON_AddItemToArray(w->versions, entry);
}

/* Adds a key's versions (after the marker when this is the marker's key); false when the page
 * filled up first. */
static bool walk_key(struct version_walk *w, const char *key, const struct object_key *k)
{
    const struct object_version *v = k->newest;
    bool latest = true;
    if (w->version_marker && w->q->after && strcmp(key, w->q->after) == 0) {
        while (v && strcmp(v->version_id, w->version_marker) != 0)
            v = v->older, latest = false;
        if (v)
            v = v->older, latest = false;
    }
    for (; v; v = v->older, latest = false) {
        if (w->count >= w->q->max_keys) {
            w->truncated = true;
            return false;
        }
        add_version_entry(w, key, v, latest);
        w->count++;
        w->next_key = key;
        w->next_version = v->version_id;
    }
    return true;
}

static void walk_versions(const struct bucket *b, struct version_walk *w)
{
    const struct listing_query *q = w->q;
    const char *prefix = q->prefix ? q->prefix : "";
    /* With a version marker the marker's key itself still has versions to list. */
    const struct sorted_node *n =
        q->after ? sorted_map_seek(b->objects, q->after, !w->version_marker)
                 : sorted_map_seek(b->objects, prefix, false);
    if (q->after && wire_text_compare(q->after, prefix) < 0)
        n = sorted_map_seek(b->objects, prefix, false);
    while (n && strncmp(sorted_node_key(n), prefix, strlen(prefix)) == 0) {
        const char *key = sorted_node_key(n);
        char *common = listing_common_prefix(key, prefix, q->delimiter);
        if (common) {
            bool seen = q->after && strncmp(q->after, common, strlen(common)) == 0;
            if (!seen) {
                if (w->count >= q->max_keys) {
                    w->truncated = true;
                    free(common);
                    return;
                }
                cJSON *p = cJSON_CreateObject();
                add_text(p, "Prefix", common, w->url);
                cJSON_AddItemToArray(w->prefixes, p);
                w->count++;
                free(w->next_prefix);
                w->next_prefix = xstrdup(common);
                w->next_key = w->next_prefix;
                w->next_version = NULL;
            }
            char *next = listing_prefix_successor(common);
            free(common);
            if (!next)
                return;
            n = sorted_map_seek(b->objects, next, false);
            free(next);
            continue;
        }
        if (!walk_key(w, key, sorted_node_value(n)))
            return;
        n = sorted_map_next(n);
    }
}

OPERATION(s3_list_object_versions)
{
    struct bucket *b = s3_bucket_for_call(c, in);
    long max_keys;
    bool url;
    if (!b || read_max_keys(c, in, &max_keys) != 0 || read_encoding(c, in, &url) != 0)
        return -1;
    const char *key_marker = param_string(in, "KeyMarker");
    const char *version_marker = param_string(in, "VersionIdMarker");
    if (version_marker && (!key_marker || !*key_marker))
        return s3_fail_invalid_argument(c, "A version-id marker cannot be specified without a "
                                           "key marker.",
                                        "version-id-marker", version_marker);
    struct listing_query q = {
        .prefix = param_string(in, "Prefix"),
        .delimiter = param_string(in, "Delimiter"),
        .after = key_marker && *key_marker ? key_marker : NULL,
        .max_keys = max_keys,
    };
    struct version_walk w = {
        .q = &q,
        .version_marker = version_marker && *version_marker ? version_marker : NULL,
        .url = url,
        .versions = cJSON_CreateArray(),
        .markers = cJSON_CreateArray(),
        .prefixes = cJSON_CreateArray(),
    };
    walk_versions(b, &w);
    cJSON_AddBoolToObject(out, "IsTruncated", w.truncated);
    add_text(out, "KeyMarker", key_marker ? key_marker : "", url);
    cJSON_AddStringToObject(out, "VersionIdMarker", version_marker ? version_marker : "");
    if (w.truncated && w.next_key) {
        add_text(out, "NextKeyMarker", w.next_key, url);
        if (w.next_version)
            cJSON_AddStringToObject(out, "NextVersionIdMarker", w.next_version);
    }
    cJSON_AddItemToObject(out, "Versions", w.versions);
    cJSON_AddItemToObject(out, "DeleteMarkers", w.markers);
    cJSON_AddItemToObject(out, "CommonPrefixes", w.prefixes);
    add_echo(b, in, max_keys, url, out);
    free(w.next_prefix);
    return 0;
}
