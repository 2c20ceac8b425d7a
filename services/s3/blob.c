/* Reference-counted object bodies: in memory when small, in spool files otherwise, removed
 * with their last reference or at exit. */
#include "blob.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../../http/log.h"
#include "../../http/spool.h"

#define COPY_SLICE (1u << 20)

/* A named file in the spool directory, on the list of those removed at exit. */
struct blob_file {
    struct blob_file *prev, *next;
    char path[];
};

/* Small bodies are most objects: their bytes follow the header in the same allocation. */
struct blob {
    uint64_t length;
    int refs;
    struct blob_file *file; /* NULL: the bytes are in data */
    char data[];
};

static size_t file_count;
static unsigned long long file_serial;
static struct blob_file *files;
static pid_t files_owner;

/* Object files are named: unlike the unnamed upload files they outlive the process unless
 * removed. Registered after the spool directory exists, so this runs before it is removed. */
static void remove_files_at_exit(void)
{
    if (getpid() != files_owner)
        return;
    for (struct blob_file *f = files; f; f = f->next)
        unlink(f->path);
}

static struct blob_file *track_file(const char *path)
{
    if (!files_owner) {
        files_owner = getpid();
        atexit(remove_files_at_exit);
    }
    size_t len = strlen(path);
    struct blob_file *f = xcalloc(1, sizeof *f + len + 1);
    memcpy(f->path, path, len + 1);
    f->next = files;
    if (files)
        files->prev = f;
    files = f;
    file_count++;
    return f;
}

static void untrack_file(struct blob_file *f)
{
    if (f->prev)
        f->prev->next = f->next;
    else
        files = f->next;
    if (f->next)
        f->next->prev = f->prev;
    file_count--;
    free(f);
}

const char *blob_file_path(const struct blob *b)
{
    return b->file ? b->file->path : NULL;
}

size_t blob_file_count(void)
{
    return file_count;
}

struct blob *blob_from_memory(const void *data, size_t len)
{
    struct blob *b = xmalloc(sizeof *b + len);
    b->refs = 1;
    b->length = len;
    b->file = NULL;
    if (len)
        memcpy(b->data, data, len);
    return b;
}

static char *new_file_path(void)
{
    const char *dir = spool_dir();
    if (!dir)
        return NULL;
    struct buf path = BUF_INIT;
    buf_printf(&path, "%s/object-%llu", dir, ++file_serial);
    return path.data;
}

static bool copy_range(int from, uint64_t offset, int to, uint64_t len)
{
    loff_t in_off = (loff_t)offset;
    while (len > 0) {
        ssize_t n = copy_file_range(from, &in_off, to, NULL, len > (1u << 30) ? (1u << 30) : len,
                                    0);
        if (n > 0) {
            len -= (uint64_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || (errno != EXDEV && errno != ENOSYS && errno != EOPNOTSUPP &&
                       errno != EINVAL))
            return false;
        /* No in-kernel copy here: plain reads and writes. */
        char *slice = xmalloc(COPY_SLICE);
        bool ok = true;
        while (ok && len > 0) {
            size_t want = len < COPY_SLICE ? (size_t)len : COPY_SLICE;
            ssize_t r = pread(from, slice, want, in_off);
            ok = r > 0;
            for (ssize_t done = 0; ok && done < r;) {
                ssize_t w = write(to, slice + done, (size_t)(r - done));
                ok = w > 0;
                done += w > 0 ? w : 0;
            }
            if (ok) {
                in_off += r;
                len -= (uint64_t)r;
            }
        }
        free(slice);
        return ok;
    }
    return true;
}

/* Gives fd's file a name without copying (linkat through /proc works for O_TMPFILE files);
 * where that fails, or only part of the file is wanted, copies the bytes into a new named
 * file. */
static bool name_file(int fd, uint64_t offset, uint64_t length, const char *path)
{
    char proc_path[64];
    snprintf(proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
    struct stat st;
    if (offset == 0 && fstat(fd, &st) == 0 && (uint64_t)st.st_size == length &&
        linkat(AT_FDCWD, proc_path, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
        return true;
    int out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0)
        return false;
    bool ok = copy_range(fd, offset, out, length);
    close(out);
    if (!ok)
        unlink(path);
    return ok;
}

struct blob *blob_from_fd(int fd, uint64_t offset, uint64_t length)
{
    char *path = new_file_path();
    if (!path || !name_file(fd, offset, length, path)) {
        log_msg(LOG_ERROR, "cannot store an object body in the spool directory: %s",
                strerror(errno));
        free(path);
        return NULL;
    }
    struct blob *b = xcalloc(1, sizeof *b);
    b->refs = 1;
    b->length = length;
    b->file = track_file(path);
    free(path);
    return b;
}

struct blob *blob_ref(struct blob *b)
{
    if (b)
        b->refs++;
    return b;
}

void blob_unref(struct blob *b)
{
    if (!b || --b->refs > 0)
        return;
    if (b->file) {
        unlink(b->file->path);
        untrack_file(b->file);
    }
    free(b);
}

uint64_t blob_length(const struct blob *b)
{
    return b->length;
}

bool blob_each_slice(const struct blob *b, uint64_t offset, uint64_t len,
                     bool (*fn)(void *ctx, const void *data, size_t len), void *ctx)
{
    if (offset > b->length || len > b->length - offset)
        return false;
    if (!b->file)
        return len == 0 || fn(ctx, b->data + offset, (size_t)len);
    int fd = open(b->file->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char *slice = xmalloc(COPY_SLICE);
    bool ok = true;
    while (ok && len > 0) {
        size_t want = len < COPY_SLICE ? (size_t)len : COPY_SLICE;
        ssize_t n = pread(fd, slice, want, (off_t)offset);
        ok = n > 0 && fn(ctx, slice, (size_t)n);
        if (ok) {
            offset += (uint64_t)n;
            len -= (uint64_t)n;
        }
    }
    free(slice);
    close(fd);
    return ok;
}

struct read_target {
    char *out;
};

static bool copy_out(void *ctx, const void *data, size_t len)
{
    struct read_target *t = ctx;
    memcpy(t->out, data, len);
    t->out += len;
    return true;
}

bool blob_read(const struct blob *b, uint64_t offset, void *out, size_t len)
{
    struct read_target t = {out};
    return blob_each_slice(b, offset, len, copy_out, &t);
}

bool blob_respond(const struct blob *b, uint64_t offset, uint64_t len, struct http_response *resp)
{
    if (offset > b->length || len > b->length - offset)
        return false;
    if (!b->file) {
        buf_reset(&resp->body);
        buf_append(&resp->body, b->data + offset, (size_t)len);
        return true;
    }
    int fd = open(b->file->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    http_response_set_body_file(resp, fd, offset, len);
    return true;
}

/* ---- building ---- */

struct blob_builder {
    struct buf memory;
    int fd; /* unnamed spool file once the bytes outgrow memory, else -1 */
    uint64_t length;
    bool failed;
};

struct blob_builder *blob_builder_new(void)
{
    struct blob_builder *w = xcalloc(1, sizeof *w);
    w->fd = -1;
    return w;
}

static bool write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* Moves what is in memory to a spool file once the total would outgrow memory. */
static bool builder_reserve(struct blob_builder *w, uint64_t more)
{
    if (w->failed)
        return false;
    if (w->fd >= 0 || w->length + more <= BLOB_MEMORY_MAX)
        return true;
    w->fd = spool_file_new();
    if (w->fd < 0 || !write_all(w->fd, w->memory.data, w->memory.len)) {
        w->failed = true;
        return false;
    }
    buf_free(&w->memory);
    return true;
}

bool blob_builder_append_bytes(struct blob_builder *w, const void *data, size_t len)
{
    if (!builder_reserve(w, len))
        return false;
    if (w->fd >= 0 && !write_all(w->fd, data, len))
        return !(w->failed = true);
    if (w->fd < 0)
        buf_append(&w->memory, data, len);
    w->length += len;
    return true;
}

static bool append_slice(void *ctx, const void *data, size_t len)
{
    return blob_builder_append_bytes(ctx, data, len);
}

bool blob_builder_append(struct blob_builder *w, const struct blob *src, uint64_t offset,
                         uint64_t len)
{
    if (!builder_reserve(w, len))
        return false;
    if (w->fd >= 0 && src->file) {
        int from = open(src->file->path, O_RDONLY | O_CLOEXEC);
        bool ok = from >= 0 && copy_range(from, offset, w->fd, len);
        if (from >= 0)
            close(from);
        if (!ok)
            return !(w->failed = true);
        w->length += len;
        return true;
    }
    return blob_each_slice(src, offset, len, append_slice, w) || !(w->failed = true);
}

struct blob *blob_builder_finish(struct blob_builder *w)
{
    struct blob *b = NULL;
    if (!w->failed)
        b = w->fd >= 0 ? blob_from_fd(w->fd, 0, w->length)
                       : blob_from_memory(w->memory.data, w->memory.len);
    blob_builder_abandon(w);
    return b;
}

void blob_builder_abandon(struct blob_builder *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    buf_free(&w->memory);
    free(w);
}
