/* Parses multipart/form-data bodies in place, in memory or spooled: each part's headers and
 * the offsets of its bytes. */
#include "multipart_form.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_BOUNDARY 70          /* RFC 2046 */
#define MAX_PART_HEADERS 16384   /* no browser sends more than a few hundred bytes */
#define SCAN_WINDOW (256u * 1024u)

struct multipart_form {
    const struct http_request *req;
    unsigned long long length;
    struct buf delimiter;    /* "\r\n--" boundary: what ends a part */
    unsigned long long next; /* where the next "--" boundary line starts */
    bool started, done;
    char *window;            /* scan buffer for spooled bodies */
};

/* ---- the body, in memory or in its spool file ---- */

static bool read_at(const struct multipart_form *f, unsigned long long offset, void *out,
                    size_t len)
{
    if (offset > f->length || len > f->length - offset)
        return false;
    if (len == 0)
        return true;
    if (f->req->body_fd < 0) {
        memcpy(out, f->req->body.data + offset, len);
        return true;
    }
    char *p = out;
    while (len > 0) {
        ssize_t n = pread(f->req->body_fd, p, len, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        offset += (unsigned long long)n;
        len -= (size_t)n;
    }
    return true;
}

enum found { FOUND, NOT_FOUND, READ_FAILED };

/* The first occurrence of needle at or after from. A spooled body is scanned in windows that
 * overlap by the needle's length, so memory stays bounded whatever the body's size. */
static enum found find(struct multipart_form *f, unsigned long long from, const char *needle,
                       size_t needle_len, unsigned long long *at)
{
    if (from > f->length)
        return NOT_FOUND;
    if (f->length - from < needle_len)
        return NOT_FOUND;
    if (f->req->body_fd < 0) {
        const char *base = f->req->body.data;
        const char *hit = memmem(base + from, (size_t)(f->length - from), needle, needle_len);
        if (!hit)
            return NOT_FOUND;
        *at = (unsigned long long)(hit - base);
        return FOUND;
    }
    if (!f->window)
        f->window = xmalloc(SCAN_WINDOW);
    while (f->length - from >= needle_len) {
        size_t want = f->length - from < SCAN_WINDOW ? (size_t)(f->length - from) : SCAN_WINDOW;
        if (!read_at(f, from, f->window, want))
            return READ_FAILED;
        const char *hit = memmem(f->window, want, needle, needle_len);
        if (hit) {
            *at = from + (unsigned long long)(hit - f->window);
            return FOUND;
        }
        if (want < SCAN_WINDOW)
            break;
        from += want - (needle_len - 1);
    }
    return NOT_FOUND;
}

/* ---- Content-Type and Content-Disposition parameters ---- */

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* A parameter value at p (a token or a quoted string) into out; returns what follows it. */
static const char *read_param_value(const char *p, struct buf *out)
{
    buf_reset(out);
    if (*p != '"') {
        size_t len = strcspn(p, ";");
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        buf_append(out, p, len);
        return p + len;
    }
    for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1])
            p++;
        buf_append(out, p, 1);
    }
    buf_append(out, "", 0);
    return *p == '"' ? p + 1 : p;
}

/* The parameter called name of a header value like `form-data; name="a"; filename="b"`. */
static bool header_param(const char *value, const char *name, struct buf *out)
{
    size_t name_len = strlen(name);
    const char *p = value;
    while (*p) {
        p = strchr(p, ';');
        if (!p)
            return false;
        p = skip_space(p + 1);
        size_t key_len = strcspn(p, "=; \t");
        const char *after = skip_space(p + key_len);
        if (*after != '=') {
            p = after;
            continue;
        }
        struct buf scratch = BUF_INIT;
        bool wanted = key_len == name_len && strncasecmp(p, name, name_len) == 0;
        p = read_param_value(skip_space(after + 1), wanted ? out : &scratch);
        buf_free(&scratch);
        if (wanted)
            return true;
    }
    return false;
}

bool multipart_form_boundary(const char *content_type, struct buf *out)
{
    static const char type[] = "multipart/form-data";
    if (!content_type || strncasecmp(content_type, type, sizeof type - 1) != 0)
        return false;
    const char *rest = skip_space(content_type + sizeof type - 1);
    if (*rest && *rest != ';')
        return false;
    buf_reset(out);
    return header_param(content_type, "boundary", out) && out->len > 0 &&
           out->len <= MAX_BOUNDARY;
}

/* ---- parts ---- */

struct multipart_form *multipart_form_open(const struct http_request *req, const char *boundary)
{
    size_t len = strlen(boundary);
    if (len == 0 || len > MAX_BOUNDARY)
        return NULL;
    struct multipart_form *f = xcalloc(1, sizeof *f);
    f->req = req;
    f->length = req->body_fd >= 0 ? req->body_length : req->body.len;
    buf_printf(&f->delimiter, "\r\n--%s", boundary);
    return f;
}

void multipart_form_close(struct multipart_form *f)
{
    if (!f)
        return;
    buf_free(&f->delimiter);
    free(f->window);
    free(f);
}

void multipart_part_free(struct multipart_part *part)
{
    buf_free(&part->name);
    buf_free(&part->filename);
    buf_free(&part->content_type);
}

/* The first boundary line may open the body or follow a preamble. */
static enum multipart_step find_first_boundary(struct multipart_form *f)
{
    const char *dash_boundary = f->delimiter.data + 2;
    size_t len = f->delimiter.len - 2;
    char head[MAX_BOUNDARY + 2];
    if (f->length >= len && read_at(f, 0, head, len) && memcmp(head, dash_boundary, len) == 0) {
        f->next = 0;
        return MULTIPART_PART;
    }
    unsigned long long at;
    switch (find(f, 0, f->delimiter.data, f->delimiter.len, &at)) {
    case FOUND:
        f->next = at + 2;
        return MULTIPART_PART;
    case NOT_FOUND:
        return MULTIPART_MALFORMED;
    case READ_FAILED:
        break;
    }
    return MULTIPART_IO_ERROR;
}

static void parse_header_line(const char *line, size_t len, struct multipart_part *part)
{
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return;
    size_t name_len = (size_t)(colon - line);
    char *value = xstrndup(colon + 1, len - name_len - 1);
    const char *v = skip_space(value);
    if (name_len == 19 && strncasecmp(line, "Content-Disposition", 19) == 0) {
        header_param(v, "name", &part->name);
        part->has_filename = header_param(v, "filename", &part->filename);
    } else if (name_len == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
        buf_reset(&part->content_type);
        buf_puts(&part->content_type, v);
    }
    free(value);
}

/* The part headers starting at offset; sets where the part's bytes begin. */
static enum multipart_step read_part_headers(struct multipart_form *f, unsigned long long offset,
                                             struct multipart_part *part,
                                             unsigned long long *content)
{
    size_t avail = f->length - offset < MAX_PART_HEADERS ? (size_t)(f->length - offset)
                                                         : MAX_PART_HEADERS;
    char *block = xmalloc(avail + 1);
    if (!read_at(f, offset, block, avail)) {
        free(block);
        return MULTIPART_IO_ERROR;
    }
    block[avail] = '\0';
    enum multipart_step step = MULTIPART_MALFORMED;
    size_t pos = 0;
    while (pos + 2 <= avail) {
        const char *eol = memmem(block + pos, avail - pos, "\r\n", 2);
        if (!eol)
            break;
        size_t len = (size_t)(eol - (block + pos));
        if (len == 0) { /* the blank line ending the headers */
            *content = offset + pos + 2;
            step = MULTIPART_PART;
            break;
        }
        parse_header_line(block + pos, len, part);
        pos += len + 2;
    }
    free(block);
    return step;
}

enum multipart_step multipart_form_next(struct multipart_form *f, struct multipart_part *part)
{
    multipart_part_free(part);
    memset(part, 0, sizeof *part);
    buf_append(&part->name, "", 0);
    buf_append(&part->filename, "", 0);
    buf_append(&part->content_type, "", 0);
    if (f->done)
        return MULTIPART_END;
    if (!f->started) {
        f->started = true;
        enum multipart_step first = find_first_boundary(f);
        if (first != MULTIPART_PART)
            return first;
    }
    /* At f->next: "--" boundary, then "--" for the end, or optional blanks and CRLF. */
    unsigned long long p = f->next + (f->delimiter.len - 2);
    char c[2];
    if (!read_at(f, p, c, 2))
        return MULTIPART_MALFORMED;
    if (c[0] == '-' && c[1] == '-') {
        f->done = true;
        return MULTIPART_END;
    }
    while (c[0] == ' ' || c[0] == '\t') {
        if (!read_at(f, ++p, c, 2))
            return MULTIPART_MALFORMED;
    }
    if (c[0] != '\r' || c[1] != '\n')
        return MULTIPART_MALFORMED;
    unsigned long long content;
    enum multipart_step step = read_part_headers(f, p + 2, part, &content);
    if (step != MULTIPART_PART)
        return step;
    unsigned long long end;
    switch (find(f, content, f->delimiter.data, f->delimiter.len, &end)) {
    case FOUND:
        break;
    case NOT_FOUND:
        return MULTIPART_MALFORMED;
    case READ_FAILED:
        return MULTIPART_IO_ERROR;
    }
    part->offset = content;
    part->length = end - content;
    f->next = end + 2;
    return MULTIPART_PART;
}

bool multipart_form_read(const struct multipart_form *f, const struct multipart_part *part,
                         size_t max, struct buf *out)
{
    buf_reset(out);
    if (part->length > max)
        return false;
    buf_reserve(out, (size_t)part->length + 1);
    if (!read_at(f, part->offset, out->data, (size_t)part->length))
        return false;
    out->len = (size_t)part->length;
    out->data[out->len] = '\0';
    return true;
}
