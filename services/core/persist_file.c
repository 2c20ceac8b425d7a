/* The line format of a save's files: writing them a record at a time and reading them back with
 * every line, the record count and the whole file checked. */
#include "persist_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "../../http/buf.h"

/* "xxxxxxxx K " before a line's JSON text: its CRC-32 in hex, then the kind of line. */
#define PREFIX_BYTES 11
#define KIND_HEADER 'H'
#define KIND_RECORD 'R'
#define KIND_TRAILER 'T'
#define FORMAT_NAME "motoc-state"
#define WRITE_BUFFER_BYTES (1u << 20)
#define READ_CHUNK_BYTES (64u << 10)

/* ---- writing ---- */

struct persist_file_writer {
    FILE *f;
    char *path;
    char *io_buffer;
    uLong file_crc;
    uint64_t records;
    int error; /* errno of the first failure, 0 while none */
};

static uLong line_crc(char kind, const char *text, size_t len)
{
    const char head[2] = {kind, ' '};
    uLong crc = crc32_z(0L, (const Bytef *)head, sizeof head);
    return crc32_z(crc, (const Bytef *)text, len);
}

static int write_line(struct persist_file_writer *w, char kind, const char *text, size_t len)
{
    if (w->error)
        return -1;
    char prefix[PREFIX_BYTES + 1];
    snprintf(prefix, sizeof prefix, "%08lx %c ", line_crc(kind, text, len) & 0xffffffffUL, kind);
    w->file_crc = crc32_z(w->file_crc, (const Bytef *)prefix, PREFIX_BYTES);
    w->file_crc = crc32_z(w->file_crc, (const Bytef *)text, len);
    w->file_crc = crc32_z(w->file_crc, (const Bytef *)"\n", 1);
    if (fwrite(prefix, 1, PREFIX_BYTES, w->f) != PREFIX_BYTES ||
        fwrite(text, 1, len, w->f) != len || fputc('\n', w->f) == EOF) {
        w->error = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

static int write_json_line(struct persist_file_writer *w, char kind, const cJSON *json)
{
    char *text = cJSON_PrintUnformatted(json);
    if (!text) {
        w->error = ENOMEM;
        return -1;
    }
    int rc = write_line(w, kind, text, strlen(text));
    free(text);
    return rc;
}

static void free_writer(struct persist_file_writer *w)
{
    if (w->f)
        fclose(w->f);
    free(w->io_buffer);
    free(w->path);
    free(w);
}

struct persist_file_writer *persist_file_create(const char *path, const char *service,
                                                int service_version, char *err, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        snprintf(err, size, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    struct persist_file_writer *w = xcalloc(1, sizeof *w);
    w->f = f;
    w->path = xstrdup(path);
    w->io_buffer = xmalloc(WRITE_BUFFER_BYTES);
    setvbuf(f, w->io_buffer, _IOFBF, WRITE_BUFFER_BYTES);
    w->file_crc = crc32_z(0L, Z_NULL, 0);
    cJSON *header = cJSON_CreateObject();
    cJSON_AddStringToObject(header, "format", FORMAT_NAME);
    cJSON_AddNumberToObject(header, "version", PERSIST_FORMAT_VERSION);
    cJSON_AddStringToObject(header, "service", service);
    cJSON_AddNumberToObject(header, "service_version", service_version);
    int rc = write_json_line(w, KIND_HEADER, header);
    cJSON_Delete(header);
    if (rc != 0) {
        snprintf(err, size, "%s: %s", path, strerror(w->error));
        free_writer(w);
        return NULL;
    }
    return w;
}

int persist_file_append(struct persist_file_writer *w, const cJSON *record)
{
    if (!cJSON_IsObject(record)) {
        if (!w->error)
            w->error = EINVAL;
        return -1;
    }
    if (write_json_line(w, KIND_RECORD, record) != 0)
        return -1;
    w->records++;
    return 0;
}

int persist_file_finish(struct persist_file_writer *w, uint64_t *records, char *err,
                        size_t size)
{
    char crc[9];
    snprintf(crc, sizeof crc, "%08lx", w->file_crc & 0xffffffffUL);
    cJSON *trailer = cJSON_CreateObject();
    cJSON_AddNumberToObject(trailer, "records", (double)w->records);
    cJSON_AddStringToObject(trailer, "crc32", crc);
    write_json_line(w, KIND_TRAILER, trailer);
    cJSON_Delete(trailer);
    if (!w->error && fflush(w->f) != 0)
        w->error = errno ? errno : EIO;
    int close_rc = fclose(w->f);
    w->f = NULL;
    if (!w->error && close_rc != 0)
        w->error = errno ? errno : EIO;
    int rc = 0;
    if (w->error) {
        snprintf(err, size, "%s: %s",
                 w->path, w->error == EINVAL ? "a record that is not a JSON object"
                                             : strerror(w->error));
        rc = -1;
    }
    if (records)
        *records = w->records;
    free_writer(w);
    return rc;
}

void persist_file_abandon(struct persist_file_writer *w)
{
    if (w)
        free_writer(w);
}

/* ---- reading ---- */

struct persist_file_reader {
    int fd;
    char *chunk;
    size_t chunk_pos, chunk_len;
    char *path;
    char *service;
    int service_version;
    struct buf line;      /* the current line, without its LF */
    bool have_line;
    uint64_t line_offset; /* where the current line starts */
    uint64_t next_offset; /* where the next line starts */
    uLong file_crc;       /* of every line before the current one */
    uint64_t records;
    uint64_t record_offset;
    cJSON *record;
    bool done;
};

static int refuse_at(const struct persist_file_reader *r, uint64_t offset, char *err,
                     size_t size, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int refuse_at(const struct persist_file_reader *r, uint64_t offset, char *err,
                     size_t size, const char *fmt, ...)
{
    int n = snprintf(err, size, "%s: byte %" PRIu64 ": ", r->path, offset);
    if (n >= 0 && (size_t)n < size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + n, size - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Refills r->chunk; 0 at the end of the file, -1 on a read error. */
static int fill_chunk(struct persist_file_reader *r)
{
    for (;;) {
        ssize_t n = read(r->fd, r->chunk, READ_CHUNK_BYTES);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        r->chunk_pos = 0;
        r->chunk_len = (size_t)n;
        return n > 0;
    }
}

/* Reads the next line into r->line. 1, 0 at the end of the file (between lines), -1 with err. */
static int read_line(struct persist_file_reader *r, char *err, size_t size)
{
    if (r->have_line)
        r->file_crc = crc32_z(r->file_crc, (const Bytef *)r->line.data, r->line.len + 1);
    r->have_line = false;
    buf_reset(&r->line);
    r->line_offset = r->next_offset;
    for (;;) {
        if (r->chunk_pos == r->chunk_len) {
            int got = fill_chunk(r);
            if (got < 0)
                return refuse_at(r, r->next_offset, err, size, "%s", strerror(errno));
            if (got == 0 && r->line.len == 0)
                return 0;
            if (got == 0)
                return refuse_at(r, r->next_offset, err, size,
                                 "the file ends in the middle of a line: it is truncated");
        }
        const char *start = r->chunk + r->chunk_pos;
        size_t avail = r->chunk_len - r->chunk_pos;
        const char *lf = memchr(start, '\n', avail);
        size_t take = lf ? (size_t)(lf - start) : avail;
        if (r->line.len + take > PERSIST_MAX_LINE_BYTES)
            return refuse_at(r, r->line_offset, err, size,
                             "a line longer than %u bytes: the file is corrupted",
                             PERSIST_MAX_LINE_BYTES);
        buf_append(&r->line, start, take);
        r->chunk_pos += take + (lf ? 1 : 0);
        r->next_offset += take + (lf ? 1 : 0);
        if (lf)
            break;
    }
    /* The LF belongs to the line for the file's checksum: kept after the text, not in len. */
    buf_reserve(&r->line, 1);
    r->line.data[r->line.len] = '\n';
    r->have_line = true;
    return 1;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Checks the current line's prefix and checksum; *kind and *json (parsed, the caller's) on
 * success. */
static int parse_line(struct persist_file_reader *r, char *kind, cJSON **json, char *err,
                      size_t size)
{
    const char *text = r->line.data;
    size_t len = r->line.len;
    uLong want = 0;
    bool well_formed = len > PREFIX_BYTES && text[8] == ' ' && text[10] == ' ';
    for (size_t i = 0; well_formed && i < 8; i++) {
        int d = hex_digit(text[i]);
        well_formed = d >= 0;
        want = want << 4 | (uLong)(d < 0 ? 0 : d);
    }
    if (!well_formed)
        return refuse_at(r, r->line_offset, err, size, "a malformed line: the file is corrupted");
    if (line_crc(text[9], text + PREFIX_BYTES, len - PREFIX_BYTES) != want)
        return refuse_at(r, r->line_offset, err, size,
                         "the line's checksum does not match: the file is corrupted");
    *kind = text[9];
    *json = cJSON_ParseWithLength(text + PREFIX_BYTES, len - PREFIX_BYTES);
    if (!cJSON_IsObject(*json)) {
        cJSON_Delete(*json);
        *json = NULL;
        return refuse_at(r, r->line_offset, err, size,
                         "a line that is not a JSON object: the file is corrupted");
    }
    return 0;
}

static int read_header(struct persist_file_reader *r, char *err, size_t size)
{
    int got = read_line(r, err, size);
    if (got < 0)
        return -1;
    if (got == 0)
        return refuse_at(r, 0, err, size, "the file is empty: it is truncated");
    char kind;
    cJSON *header;
    if (parse_line(r, &kind, &header, err, size) != 0)
        return -1;
    const char *format = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(header, "format"));
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(header, "version");
    const cJSON *service_version = cJSON_GetObjectItemCaseSensitive(header, "service_version");
    const char *service = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(header, "service"));
    int rc = 0;
    if (kind != KIND_HEADER || !format || strcmp(format, FORMAT_NAME) != 0 ||
        !cJSON_IsNumber(version) || !service || !cJSON_IsNumber(service_version)) {
        rc = refuse_at(r, 0, err, size, "not a motoc state file");
    } else if (version->valuedouble > PERSIST_FORMAT_VERSION) {
        rc = refuse_at(r, 0, err, size,
                       "saved by a newer motoc (state format version %.0f; this motoc reads "
                       "version %d and older)",
                       version->valuedouble, PERSIST_FORMAT_VERSION);
    } else {
        r->service = xstrdup(service);
        r->service_version = service_version->valuedouble > 1e9 ? 1000000000
                                                                : (int)service_version->valuedouble;
    }
    cJSON_Delete(header);
    return rc;
}

struct persist_file_reader *persist_file_open(const char *path, char *err, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, size, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct persist_file_reader *r = xcalloc(1, sizeof *r);
    r->fd = fd;
    r->chunk = xmalloc(READ_CHUNK_BYTES);
    r->path = xstrdup(path);
    r->file_crc = crc32_z(0L, Z_NULL, 0);
    if (read_header(r, err, size) != 0) {
        persist_file_close(r);
        return NULL;
    }
    return r;
}

const char *persist_file_service(const struct persist_file_reader *r)
{
    return r->service;
}

int persist_file_service_version(const struct persist_file_reader *r)
{
    return r->service_version;
}

const char *persist_file_path(const struct persist_file_reader *r)
{
    return r->path;
}

uint64_t persist_file_record_offset(const struct persist_file_reader *r)
{
    return r->record_offset;
}

static int check_trailer(struct persist_file_reader *r, const cJSON *trailer, char *err,
                         size_t size)
{
    const cJSON *count = cJSON_GetObjectItemCaseSensitive(trailer, "records");
    const char *crc = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(trailer, "crc32"));
    char want[9];
    snprintf(want, sizeof want, "%08lx", r->file_crc & 0xffffffffUL);
    if (!cJSON_IsNumber(count) || !crc)
        return refuse_at(r, r->line_offset, err, size, "a malformed trailer: the file is corrupted");
    if (count->valuedouble != (double)r->records)
        return refuse_at(r, r->line_offset, err, size,
                         "the trailer counts %.0f records but the file holds %" PRIu64
                         ": the file is corrupted",
                         count->valuedouble, r->records);
    if (strcmp(crc, want) != 0)
        return refuse_at(r, r->line_offset, err, size,
                         "the file's checksum does not match its trailer: the file is corrupted");
    return 0;
}

int persist_file_next(struct persist_file_reader *r, const cJSON **record, char *err,
                      size_t size)
{
    cJSON_Delete(r->record);
    r->record = NULL;
    if (r->done)
        return 0;
    int got = read_line(r, err, size);
    if (got < 0)
        return -1;
    if (got == 0)
        return refuse_at(r, r->line_offset, err, size,
                         "the file ends without its trailer: it is truncated");
    char kind;
    cJSON *json;
    if (parse_line(r, &kind, &json, err, size) != 0)
        return -1;
    if (kind == KIND_RECORD) {
        r->records++;
        r->record_offset = r->line_offset;
        r->record = json;
        *record = json;
        return 1;
    }
    if (kind != KIND_TRAILER) {
        cJSON_Delete(json);
        return refuse_at(r, r->line_offset, err, size, "a malformed line: the file is corrupted");
    }
    int rc = check_trailer(r, json, err, size);
    cJSON_Delete(json);
    if (rc != 0)
        return -1;
    uint64_t trailer_offset = r->line_offset;
    got = read_line(r, err, size);
    if (got < 0)
        return -1;
    if (got > 0)
        return refuse_at(r, r->line_offset, err, size,
                         "data after the trailer (at byte %" PRIu64 "): the file is corrupted",
                         trailer_offset);
    r->done = true;
    return 0;
}

void persist_file_close(struct persist_file_reader *r)
{
    if (!r)
        return;
    close(r->fd);
    free(r->chunk);
    cJSON_Delete(r->record);
    buf_free(&r->line);
    free(r->service);
    free(r->path);
    free(r);
}
