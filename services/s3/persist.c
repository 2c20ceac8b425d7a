/* Saving S3's state as records and loading it back (core/persist.h).
 *
 * Per bucket, in name order:
 *   {"type":"bucket", name, account, region, created, versioning, …, "config": {…}}
 *   one {"type":"version", key, version_id, …, "body": …} per object version or delete marker:
 *       keys in listing order, each key's versions newest first
 *   one {"type":"upload", id, key, …} per multipart upload in progress, each followed by one
 *       {"type":"part", number, …, "body": …} per part received
 * Version, upload and part records belong to the bucket (and upload) record before them.
 *
 * A body is {"size": n, "data": base64} when its bytes are in memory (at most BLOB_MEMORY_MAX,
 * so a record stays small), or {"size": n, "file": name} when they are in a file: the file itself
 * is kept beside the records (w->file), never read. Bodies shared by several versions or parts
 * (copies) are kept once and shared again after loading. */
#include "persist.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/persist_record.h"
#include "../core/tags.h"
#include "blob.h"
#include "bucket.h"
#include "multipart.h"
#include "object.h"
#include "sorted_map.h"

#define FORMAT_VERSION 1

/* The names configurations are saved under, by enum bucket_config. */
static const char *const config_names[] = {
    [CONFIG_TAGGING] = "tagging",
    [CONFIG_POLICY] = "policy",
    [CONFIG_CORS] = "cors",
    [CONFIG_LIFECYCLE] = "lifecycle",
    [CONFIG_ENCRYPTION] = "encryption",
    [CONFIG_PUBLIC_ACCESS_BLOCK] = "public_access_block",
    [CONFIG_OWNERSHIP_CONTROLS] = "ownership_controls",
    [CONFIG_ACL] = "acl",
    [CONFIG_WEBSITE] = "website",
    [CONFIG_LOGGING] = "logging",
    [CONFIG_NOTIFICATION] = "notification",
    [CONFIG_OBJECT_LOCK] = "object_lock",
    [CONFIG_ACCELERATE] = "accelerate",
    [CONFIG_REQUEST_PAYMENT] = "request_payment",
    [CONFIG_REPLICATION] = "replication",
    [CONFIG_INVENTORY] = "inventory",
    [CONFIG_ANALYTICS] = "analytics",
    [CONFIG_METRICS] = "metrics",
    [CONFIG_INTELLIGENT_TIERING] = "intelligent_tiering",
};
_Static_assert(sizeof config_names / sizeof config_names[0] == CONFIG_COUNT,
               "every bucket configuration has a saved name");

static const char *const versioning_names[] = {
    [VERSIONING_NEVER] = "Never",
    [VERSIONING_ENABLED] = "Enabled",
    [VERSIONING_SUSPENDED] = "Suspended",
};

/* ---- saving ---- */

/* Names of the body files kept so far in this save (value: non-NULL marker). */
static struct sorted_map *saved_files;

/* Adds the "body" member for b; -1 when keeping its file or reading its bytes fails. */
static int save_body(struct state_writer *w, cJSON *rec, const struct blob *b)
{
    cJSON *body = cJSON_AddObjectToObject(rec, "body");
    record_add_u64(body, "size", blob_length(b));
    const char *path = blob_file_path(b);
    if (!path) {
        size_t len = (size_t)blob_length(b);
        char *bytes = xmalloc(len + 1);
        bool ok = blob_read(b, 0, bytes, len);
        struct buf text = BUF_INIT;
        if (ok)
            base64_encode(bytes, len, &text);
        free(bytes);
        cJSON_AddStringToObject(body, "data", text.data ? text.data : "");
        buf_free(&text);
        return ok ? 0 : -1;
    }
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    cJSON_AddStringToObject(body, "file", name);
    if (sorted_map_get(saved_files, name))
        return 0;
    sorted_map_put(saved_files, name, saved_files);
    return w->file(w, path, name);
}

static cJSON *version_record(const char *key, const struct object_version *v)
{
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "type", "version");
    cJSON_AddStringToObject(rec, "key", key);
    cJSON_AddStringToObject(rec, "version_id", v->version_id);
    cJSON_AddNumberToObject(rec, "last_modified", v->last_modified);
    cJSON_AddStringToObject(rec, "owner", v->owner);
    cJSON_AddBoolToObject(rec, "delete_marker", v->delete_marker);
    if (v->delete_marker)
        return rec;
    cJSON_AddStringToObject(rec, "etag", v->etag);
    cJSON_AddStringToObject(rec, "storage_class", v->storage_class);
    record_add_json(rec, "headers", v->headers);
    record_add_json(rec, "metadata", v->metadata);
    record_add_json(rec, "tags", v->tags);
    record_add_json(rec, "acl", v->acl);
    if (v->checksum_algorithm != CHECKSUM_NONE) {
        cJSON_AddStringToObject(rec, "checksum_algorithm", checksum_name(v->checksum_algorithm));
        cJSON_AddStringToObject(rec, "checksum", v->checksum);
        cJSON_AddBoolToObject(rec, "checksum_composite", v->checksum_composite);
    }
    if (v->n_parts > 0) {
        cJSON *parts = cJSON_AddArrayToObject(rec, "parts");
        for (int i = 0; i < v->n_parts; i++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddNumberToObject(p, "number", v->parts[i].number);
            record_add_u64(p, "offset", v->parts[i].offset);
            record_add_u64(p, "size", v->parts[i].size);
            cJSON_AddStringToObject(p, "checksum", v->parts[i].checksum);
            cJSON_AddItemToArray(parts, p);
        }
    }
    if (v->lock_mode[0]) {
        cJSON_AddStringToObject(rec, "lock_mode", v->lock_mode);
        cJSON_AddNumberToObject(rec, "lock_retain_until", v->lock_retain_until);
    }
    cJSON_AddBoolToObject(rec, "legal_hold", v->legal_hold);
    cJSON_AddBoolToObject(rec, "legal_hold_applied", v->legal_hold_applied);
    if (v->anonymous_writer)
        cJSON_AddBoolToObject(rec, "anonymous_writer", true);
    if (v->restore_expiry > 0)
        cJSON_AddNumberToObject(rec, "restore_expiry", v->restore_expiry);
    return rec;
}

/* Writes rec unless an earlier step of its making failed (rc); frees it either way. */
static int write_unless_failed(struct state_writer *w, cJSON *rec, int rc)
{
    if (rc == 0)
        return record_write(w, rec);
    cJSON_Delete(rec);
    return rc;
}

static int save_objects(struct state_writer *w, const struct bucket *b)
{
    for (const struct sorted_node *n = sorted_map_seek(b->objects, NULL, false); n;
         n = sorted_map_next(n)) {
        const struct object_key *k = sorted_node_value(n);
        for (const struct object_version *v = k->newest; v; v = v->older) {
            cJSON *rec = version_record(sorted_node_key(n), v);
            int rc = v->body ? save_body(w, rec, v->body) : 0;
            if (write_unless_failed(w, rec, rc) != 0)
                return -1;
        }
    }
    return 0;
}

static int save_part(struct state_writer *w, const struct part *p)
{
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "type", "part");
    cJSON_AddNumberToObject(rec, "number", p->number);
    cJSON_AddStringToObject(rec, "etag", p->etag);
    char md5[33];
    for (int i = 0; i < 16; i++)
        snprintf(md5 + 2 * i, 3, "%02x", p->md5[i]);
    cJSON_AddStringToObject(rec, "md5", md5);
    cJSON_AddNumberToObject(rec, "last_modified", p->last_modified);
    cJSON_AddStringToObject(rec, "checksum", p->checksum);
    record_add_u64(rec, "crc", p->crc);
    return write_unless_failed(w, rec, save_body(w, rec, p->body));
}

static int save_uploads(struct state_writer *w, const struct bucket *b)
{
    for (const struct sorted_node *n = sorted_map_seek(b->uploads, NULL, false); n;
         n = sorted_map_next(n)) {
        const struct upload *u = sorted_node_value(n);
        cJSON *rec = cJSON_CreateObject();
        cJSON_AddStringToObject(rec, "type", "upload");
        cJSON_AddStringToObject(rec, "id", u->id);
        cJSON_AddStringToObject(rec, "key", u->key);
        cJSON_AddNumberToObject(rec, "initiated", u->initiated);
        cJSON_AddStringToObject(rec, "account", u->account);
        record_add_json(rec, "settings", u->settings);
        if (u->checksum_algorithm != CHECKSUM_NONE)
            cJSON_AddStringToObject(rec, "checksum_algorithm",
                                    checksum_name(u->checksum_algorithm));
        cJSON_AddBoolToObject(rec, "checksum_full_object", u->checksum_full_object);
        if (record_write(w, rec) != 0)
            return -1;
        for (int i = 0; i < u->n_parts; i++)
            if (save_part(w, &u->parts[i]) != 0)
                return -1;
    }
    return 0;
}

static int save_bucket(struct state_writer *w, const struct bucket *b)
{
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "type", "bucket");
    cJSON_AddStringToObject(rec, "name", b->name);
    cJSON_AddStringToObject(rec, "account", b->account);
    cJSON_AddStringToObject(rec, "region", b->region);
    cJSON_AddNumberToObject(rec, "created", b->created);
    cJSON_AddStringToObject(rec, "versioning", versioning_names[b->versioning]);
    cJSON_AddBoolToObject(rec, "mfa_delete", b->mfa_delete);
    cJSON_AddBoolToObject(rec, "object_lock_enabled", b->object_lock_enabled);
    cJSON_AddBoolToObject(rec, "encryption_configured", b->encryption_configured);
    cJSON *config = cJSON_AddObjectToObject(rec, "config");
    for (int i = 0; i < CONFIG_COUNT; i++)
        record_add_json(config, config_names[i], b->config[i]);
    record_add_json(rec, "completed_uploads", b->completed_uploads);
    if (record_write(w, rec) != 0)
        return -1;
    return save_objects(w, b) == 0 && save_uploads(w, b) == 0 ? 0 : -1;
}

static int s3_save(struct state_writer *w)
{
    saved_files = sorted_map_new();
    int rc = 0;
    for (const struct sorted_node *n = sorted_map_seek(bucket_registry(), NULL, false);
         n && rc == 0; n = sorted_map_next(n))
        rc = save_bucket(w, sorted_node_value(n));
    sorted_map_free(saved_files, NULL);
    saved_files = NULL;
    return rc;
}

/* ---- loading ---- */

/* What the records before this one set up. Valid within one load, which starts with a detach
 * and ends with an attach or discard. */
static struct {
    struct bucket *bucket;
    char *key;                     /* the key of the versions being loaded */
    struct object_version *oldest; /* its oldest version so far */
    struct upload *upload;
    struct sorted_map *files; /* body file name → the blob loaded from it (a reference) */
} loading;

static void unref_blob(void *blob)
{
    blob_unref(blob);
}

static void loading_forget(void)
{
    free(loading.key);
    sorted_map_free(loading.files, unref_blob);
    memset(&loading, 0, sizeof loading);
}

/* The blob a saved body describes; NULL after refusing. */
static struct blob *load_body(struct state_reader *rd, const cJSON *rec, const char *what)
{
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(rec, "body");
    uint64_t size;
    if (!record_u64(body, "size", &size))
        return state_refuse(rd, "%s without a body size", what), NULL;
    const char *data = record_string(body, "data");
    if (data) {
        struct buf bytes = BUF_INIT;
        bool ok = base64_decode(data, strlen(data), &bytes) && bytes.len == size;
        struct blob *b = ok ? blob_from_memory(bytes.data, bytes.len) : NULL;
        buf_free(&bytes);
        if (!b)
            state_refuse(rd, "%s: its body data is not base64 of %llu bytes", what,
                         (unsigned long long)size);
        return b;
    }
    const char *name = record_string(body, "file");
    if (!name)
        return state_refuse(rd, "%s: its body has neither data nor file", what), NULL;
    if (!loading.files)
        loading.files = sorted_map_new();
    struct blob *shared = sorted_map_get(loading.files, name);
    if (shared)
        return blob_length(shared) == size
                   ? blob_ref(shared)
                   : (state_refuse(rd, "%s: body file %s is shared with another size", what,
                                   name),
                      NULL);
    const char *path = rd->file_path(rd, name);
    if (!path)
        return state_refuse(rd, "%s: body file %s is not in the save", what, name), NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || (uint64_t)st.st_size != size) {
        if (fd >= 0)
            close(fd);
        return state_refuse(rd, "%s: body file %s is missing or not %llu bytes long", what, name,
                            (unsigned long long)size),
               NULL;
    }
    struct blob *b = blob_from_fd(fd, 0, size);
    close(fd);
    if (!b)
        return state_refuse(rd, "%s: body file %s cannot be stored", what, name), NULL;
    sorted_map_put(loading.files, name, blob_ref(b));
    return b;
}

static int load_bucket(struct state_reader *rd, const cJSON *rec)
{
    const char *name = record_string(rec, "name"), *account = record_string(rec, "account"),
               *region = record_string(rec, "region");
    if (!name || !*name || !account || !*account || !region || !*region)
        return state_refuse(rd, "bucket record without a name, account and region");
    if (bucket_find(name))
        return state_refuse(rd, "bucket %s appears twice", name);
    const char *versioning = record_string(rec, "versioning");
    int state = VERSIONING_NEVER;
    for (int i = 0; versioning && i < 3; i++)
        if (strcmp(versioning, versioning_names[i]) == 0)
            state = i;
    if (versioning && strcmp(versioning, versioning_names[state]) != 0)
        return state_refuse(rd, "bucket %s with an unknown versioning state %s", name,
                            versioning);
    struct bucket *b = bucket_create(name, account, region);
    b->created = record_number(rec, "created", 0);
    b->versioning = (enum versioning_state)state;
    b->mfa_delete = record_bool(rec, "mfa_delete", false);
    b->object_lock_enabled = record_bool(rec, "object_lock_enabled", false);
    b->encryption_configured = record_bool(rec, "encryption_configured", false);
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(rec, "config");
    for (int i = 0; i < CONFIG_COUNT; i++) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(config, config_names[i]);
        if (c)
            bucket_set_config(b, (enum bucket_config)i, cJSON_Duplicate(c, true));
    }
    const cJSON *completed = cJSON_GetObjectItemCaseSensitive(rec, "completed_uploads");
    if (cJSON_IsObject(completed))
        b->completed_uploads = cJSON_Duplicate(completed, true);
    free(loading.key);
    loading.key = NULL;
    loading.bucket = b;
    loading.upload = NULL;
    return 0;
}

static int load_checksum_algorithm(struct state_reader *rd, const cJSON *rec, const char *what,
                                   enum checksum_algorithm *out)
{
    const char *name = record_string(rec, "checksum_algorithm");
    *out = name ? checksum_from_name(name) : CHECKSUM_NONE;
    if (name && *out == CHECKSUM_NONE)
        return state_refuse(rd, "%s with an unknown checksum algorithm %s", what, name);
    return 0;
}

static int load_version_parts(struct state_reader *rd, const cJSON *rec,
                              struct object_version *v, const char *what)
{
    const cJSON *parts = cJSON_GetObjectItemCaseSensitive(rec, "parts");
    if (!parts)
        return 0;
    int n = cJSON_GetArraySize(parts);
    v->parts = xcalloc((size_t)n + 1, sizeof *v->parts);
    const cJSON *p;
    cJSON_ArrayForEach(p, parts)
    {
        struct object_part *part = &v->parts[v->n_parts++];
        part->number = (int)record_number(p, "number", 0);
        if (!record_u64(p, "offset", &part->offset) || !record_u64(p, "size", &part->size) ||
            !record_text(p, "checksum", part->checksum, sizeof part->checksum))
            return state_refuse(rd, "%s: a part without offset, size or checksum", what);
    }
    return 0;
}

/* Fills v from rec; 0, or -1 after refusing (v then belongs to the caller, half-filled). */
static int load_version_fields(struct state_reader *rd, const cJSON *rec,
                               struct object_version *v, const char *what)
{
    v->last_modified = record_number(rec, "last_modified", 0);
    v->delete_marker = record_bool(rec, "delete_marker", false);
    if (!record_text(rec, "version_id", v->version_id, sizeof v->version_id) ||
        !v->version_id[0] || !record_text(rec, "owner", v->owner, sizeof v->owner))
        return state_refuse(rd, "%s without a version_id or owner", what);
    if (v->delete_marker)
        return 0;
    if (!record_text(rec, "etag", v->etag, sizeof v->etag))
        return state_refuse(rd, "%s without an etag", what);
    v->storage_class = object_storage_class(record_string(rec, "storage_class"));
    if (!v->storage_class)
        return state_refuse(rd, "%s without a known storage_class", what);
    v->headers = record_json(rec, "headers", cJSON_IsObject);
    v->metadata = record_json(rec, "metadata", cJSON_IsObject);
    v->tags = record_json(rec, "tags", tags_set_valid);
    v->acl = record_json(rec, "acl", cJSON_IsObject);
    if (load_checksum_algorithm(rd, rec, what, &v->checksum_algorithm) != 0)
        return -1;
    if (v->checksum_algorithm != CHECKSUM_NONE &&
        !record_text(rec, "checksum", v->checksum, sizeof v->checksum))
        return state_refuse(rd, "%s without its checksum", what);
    v->checksum_composite = record_bool(rec, "checksum_composite", false);
    if (load_version_parts(rd, rec, v, what) != 0)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(rec, "lock_mode") &&
        !record_text(rec, "lock_mode", v->lock_mode, sizeof v->lock_mode))
        return state_refuse(rd, "%s with a bad lock_mode", what);
    v->lock_retain_until = record_number(rec, "lock_retain_until", 0);
    v->legal_hold = record_bool(rec, "legal_hold", false);
    v->legal_hold_applied = record_bool(rec, "legal_hold_applied", v->legal_hold);
    v->restore_expiry = record_number(rec, "restore_expiry", 0);
    v->anonymous_writer = record_bool(rec, "anonymous_writer", false);
    v->body = load_body(rd, rec, what);
    return v->body ? 0 : -1;
}

static int load_version(struct state_reader *rd, const cJSON *rec)
{
    struct bucket *b = loading.bucket;
    if (!b)
        return state_refuse(rd, "version record before any bucket record");
    const char *key = record_string(rec, "key");
    if (!key)
        return state_refuse(rd, "version record in bucket %s without a key", b->name);
    char what[1200];
    snprintf(what, sizeof what, "version of %s/%s", b->name, key);
    struct object_version *v = object_version_new();
    if (load_version_fields(rd, rec, v, what) != 0) {
        object_version_free(v);
        return -1;
    }
    struct object_key *k;
    if (loading.key && strcmp(loading.key, key) == 0) {
        k = sorted_map_get(b->objects, key);
        if (object_key_find(k, v->version_id)) {
            object_version_free(v);
            return state_refuse(rd, "%s: version %s appears twice", what,
                                record_string(rec, "version_id"));
        }
        loading.oldest->older = v;
    } else {
        if (sorted_map_get(b->objects, key)) {
            object_version_free(v);
            return state_refuse(rd, "%s: the versions of a key must follow each other", what);
        }
        k = xcalloc(1, sizeof *k);
        k->newest = v;
        sorted_map_put(b->objects, key, k);
        free(loading.key);
        loading.key = xstrdup(key);
    }
    loading.oldest = v;
    return 0;
}

static int load_upload(struct state_reader *rd, const cJSON *rec)
{
    struct bucket *b = loading.bucket;
    if (!b)
        return state_refuse(rd, "upload record before any bucket record");
    const char *id = record_string(rec, "id"), *key = record_string(rec, "key"),
               *account = record_string(rec, "account");
    struct upload probe;
    if (!id || !key || !account || strlen(id) >= sizeof probe.id ||
        strlen(account) >= sizeof probe.account)
        return state_refuse(rd, "upload record in bucket %s without an id, key or account",
                            b->name);
    if (sorted_map_get(b->uploads, id))
        return state_refuse(rd, "upload %s appears twice", id);
    enum checksum_algorithm algorithm;
    if (load_checksum_algorithm(rd, rec, "upload", &algorithm) != 0)
        return -1;
    cJSON *settings = record_json(rec, "settings", cJSON_IsObject);
    struct upload *u = upload_new(key, account, settings ? settings : cJSON_CreateObject());
    snprintf(u->id, sizeof u->id, "%s", id);
    u->initiated = record_number(rec, "initiated", 0);
    u->checksum_algorithm = algorithm;
    u->checksum_full_object = record_bool(rec, "checksum_full_object", false);
    sorted_map_put(b->uploads, id, u);
    loading.upload = u;
    return 0;
}

static bool md5_from_hex(const char *hex, unsigned char md5[16])
{
    if (!hex || strlen(hex) != 32)
        return false;
    for (int i = 0; i < 16; i++) {
        unsigned byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
            return false;
        md5[i] = (unsigned char)byte;
    }
    return true;
}

static int load_part(struct state_reader *rd, const cJSON *rec)
{
    struct upload *u = loading.upload;
    if (!u)
        return state_refuse(rd, "part record before any upload record");
    int number = (int)record_number(rec, "number", 0);
    unsigned char md5[16];
    struct part fields;
    if (number < 1 || number > MAX_PART_NUMBER || !md5_from_hex(record_string(rec, "md5"), md5) ||
        !record_text(rec, "etag", fields.etag, sizeof fields.etag) ||
        !record_text(rec, "checksum", fields.checksum, sizeof fields.checksum) ||
        !record_u64(rec, "crc", &fields.crc))
        return state_refuse(rd, "part of upload %s without a number, md5, etag, checksum or crc",
                            u->id);
    if (upload_part(u, number))
        return state_refuse(rd, "part %d of upload %s appears twice", number, u->id);
    char what[160];
    snprintf(what, sizeof what, "part %d of upload %s", number, u->id);
    struct blob *body = load_body(rd, rec, what);
    if (!body)
        return -1;
    struct part *p = upload_put_part(u, number, body, md5, record_number(rec, "last_modified", 0));
    memcpy(p->etag, fields.etag, sizeof p->etag);
    memcpy(p->checksum, fields.checksum, sizeof p->checksum);
    p->crc = fields.crc;
    return 0;
}

static int s3_load(struct state_reader *rd, const cJSON *rec, int version)
{
    (void)version; /* only one format so far */
    const char *type = record_string(rec, "type");
    if (!type)
        return state_refuse(rd, "record without a type");
    if (strcmp(type, "version") == 0)
        return load_version(rd, rec);
    if (strcmp(type, "bucket") == 0)
        return load_bucket(rd, rec);
    if (strcmp(type, "upload") == 0)
        return load_upload(rd, rec);
    if (strcmp(type, "part") == 0)
        return load_part(rd, rec);
    return state_refuse(rd, "unknown record type %s", type);
}

static void *s3_detach(void)
{
    loading_forget();
    return buckets_detach();
}

static void s3_attach(void *detached)
{
    loading_forget();
    buckets_attach(detached);
}

static void s3_discard(void *detached)
{
    loading_forget();
    buckets_discard(detached);
}

const struct service_persistence s3_persistence = {
    .format_version = FORMAT_VERSION,
    .save = s3_save,
    .load = s3_load,
    .detach = s3_detach,
    .attach = s3_attach,
    .discard = s3_discard,
};
