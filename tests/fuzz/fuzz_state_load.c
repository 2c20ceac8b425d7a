/* Fuzzes loading a save: the file reader (checksums, header, trailer) and the services' record
 * loaders behind it. Input: one byte, then the content. The byte's low seven bits, modulo the
 * number of services below, pick the service (new services go at the end, so that seeds keep
 * their meaning); with its high bit set the content is the service's .records file as it is
 * (the reader's turn), else each line of it is one record's JSON, which the target writes into
 * a well-formed file (the loaders' turn: checksums would stop nearly every mutation before them).
 * A load either succeeds or is refused; either way the state is reset for the next input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../../services/core/persist_file.h"
#include "../../services/core/persist_store.h"

static const char *const services[] = {"sts", "sqs", "sns",            "dynamodb", "s3",
                                       "iam", "kms", "secretsmanager", "ssm",      "cloudwatch",
                                       "logs", "events", "kinesis", "lambda", "firehose",
                                       "scheduler"};
#define SERVICE_COUNT (sizeof services / sizeof *services)

static char dir[256];

static const struct service_backend *backend_named(const char *name)
{
    for (const struct service_backend *const *b = service_backends; *b; b++)
        if (strcmp((*b)->service, name) == 0)
            return *b;
    return NULL;
}

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size)
        fwrite(data, 1, size, f);
    fclose(f);
}

static void remove_save(void)
{
    char path[512];
    for (size_t i = 0; i < SERVICE_COUNT; i++) {
        snprintf(path, sizeof path, "%s/gen-1/%s.records", dir, services[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/gen-1/manifest.records", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/CURRENT", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/gen-1", dir);
    rmdir(path);
    rmdir(dir);
}

/* A save whose manifest lists the one service; its records file is written per input. */
static void make_save(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/motoc-fuzz-state-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    char path[512];
    snprintf(path, sizeof path, "%s/gen-1", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/CURRENT", dir);
    write_file(path, "gen-1\n", 6);
    atexit(remove_save);
}

static void write_manifest(const char *service)
{
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/gen-1/manifest.records", dir);
    unlink(path);
    struct persist_file_writer *w = persist_file_create(path, "manifest", 1, err, sizeof err);
    if (!w)
        abort();
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "service", service);
    char file[64];
    snprintf(file, sizeof file, "%s.records", service);
    cJSON_AddStringToObject(entry, "file", file);
    persist_file_append(w, entry);
    cJSON_Delete(entry);
    if (persist_file_finish(w, NULL, err, sizeof err) != 0)
        abort();
}

/* Each line a record, through the real writer: well-formed whatever the JSON says. */
static void write_records(const char *path, const char *service, int version,
                          const uint8_t *data, size_t size)
{
    char err[256];
    unlink(path);
    struct persist_file_writer *w = persist_file_create(path, service, version, err, sizeof err);
    if (!w)
        abort();
    const uint8_t *end = data + size;
    while (data < end) {
        const uint8_t *lf = memchr(data, '\n', (size_t)(end - data));
        size_t len = lf ? (size_t)(lf - data) : (size_t)(end - data);
        cJSON *record = cJSON_ParseWithLength((const char *)data, len);
        if (cJSON_IsObject(record))
            persist_file_append(w, record);
        cJSON_Delete(record);
        data += len + (lf ? 1 : 0);
    }
    persist_file_finish(w, NULL, err, sizeof err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > (1u << 20))
        return 0;
    if (!dir[0])
        make_save();
    const char *service = services[(data[0] & 0x7f) % SERVICE_COUNT];
    const struct service_backend *b = backend_named(service);
    if (!b || !b->persistence)
        return 0;
    write_manifest(service);
    char path[512], err[1024];
    snprintf(path, sizeof path, "%s/gen-1/%s.records", dir, service);
    if (data[0] & 0x80)
        write_file(path, data + 1, size - 1);
    else
        write_records(path, service, b->persistence->format_version, data + 1, size - 1);
    const struct service_backend *const one[] = {b, NULL};
    persist_load_backends(one, dir, err, sizeof err);
    b->reset();
    return 0;
}
