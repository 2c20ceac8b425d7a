/* multipart/form-data reading: boundaries from Content-Type, parts and their headers, bodies in
 * memory and spooled to a file (a delimiter across the scan windows included), and the forms
 * that are not well-formed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../../http/spool.h"
#include "../../services/core/multipart_form.h"
#include "check.h"

/* A request whose body is text, in memory or in a spool file. */
static void make_request(struct http_request *req, const char *body, size_t len, bool spooled)
{
    http_request_init(req);
    if (!spooled) {
        buf_append(&req->body, body, len);
        return;
    }
    req->body_fd = spool_file_new();
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(req->body_fd, body + done, len - done);
        if (n <= 0)
            abort();
        done += (size_t)n;
    }
    req->body_length = len;
}

/* Describes each part as "name|filename|type|value;" (value read back), then the end step. */
static void describe(const char *body, size_t len, const char *boundary, bool spooled,
                     struct buf *out)
{
    struct http_request req;
    make_request(&req, body, len, spooled);
    struct multipart_form *f = multipart_form_open(&req, boundary);
    struct multipart_part part = {0};
    struct buf value = BUF_INIT;
    enum multipart_step step;
    while ((step = multipart_form_next(f, &part)) == MULTIPART_PART) {
        if (!multipart_form_read(f, &part, 1u << 30, &value))
            abort();
        buf_printf(out, "%s|%s%s|%s|", part.name.data, part.has_filename ? "@" : "",
                   part.filename.data, part.content_type.data);
        buf_append(out, value.data, value.len);
        buf_puts(out, ";");
    }
    buf_puts(out, step == MULTIPART_END ? "END" : step == MULTIPART_MALFORMED ? "MALFORMED" : "IO");
    multipart_part_free(&part);
    buf_free(&value);
    multipart_form_close(f);
    http_request_free(&req);
}

static void check_form(const char *body, const char *boundary, const char *want)
{
    for (int spooled = 0; spooled <= 1; spooled++) {
        struct buf got = BUF_INIT;
        describe(body, strlen(body), boundary, spooled, &got);
        CHECK_STR(got.data, want, "%s body", spooled ? "spooled" : "in-memory");
        buf_free(&got);
    }
}

static void test_boundaries(void)
{
    struct buf b = BUF_INIT;
    CHECK(multipart_form_boundary("multipart/form-data; boundary=abc", &b), "plain");
    CHECK_STR(b.data, "abc", "plain boundary");
    CHECK(multipart_form_boundary("Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b;c\"", &b),
          "quoted");
    CHECK_STR(b.data, "a b;c", "quoted boundary");
    CHECK(!multipart_form_boundary("multipart/form-data", &b), "no boundary");
    CHECK(!multipart_form_boundary("multipart/form-data; boundary=", &b), "empty boundary");
    CHECK(!multipart_form_boundary("multipart/mixed; boundary=x", &b), "another type");
    CHECK(!multipart_form_boundary("multipart/form-datax; boundary=x", &b), "a longer type");
    CHECK(!multipart_form_boundary(NULL, &b), "no type");
    struct buf type = BUF_INIT;
    buf_puts(&type, "multipart/form-data; boundary=");
    for (int i = 0; i < 70; i++)
        buf_puts(&type, "x");
    CHECK(multipart_form_boundary(type.data, &b), "70 characters");
    buf_puts(&type, "x");
    CHECK(!multipart_form_boundary(type.data, &b), "71 characters");
    buf_free(&type);
    buf_free(&b);
}

static void test_parts(void)
{
    check_form("--B\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuploads/a\r\n"
               "--B\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a \\\"q\\\".txt\"\r\n"
               "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--B--\r\n",
               "B", "key|||uploads/a;file|@a \"q\".txt|text/plain|line1\r\nline2;END");
    /* a preamble, padding after a delimiter, an empty value, an epilogue */
    check_form("ignored preamble\r\n--B  \r\nContent-Disposition: form-data; name=empty\r\n\r\n"
               "\r\n--B\r\nContent-Disposition: form-data; name=\"x\"; filename=\"\"\r\n\r\n--B\r\n"
               "--B--epilogue",
               "B", "empty|||;x|@||--B;END");
    /* the boundary's text inside a value, not at a line start */
    check_form("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx--B y\r\n--B--", "B",
               "a|||x--B y;END");
}

static void test_malformed(void)
{
    check_form("", "B", "MALFORMED");
    check_form("no delimiter at all", "B", "MALFORMED");
    check_form("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", "B",
               "MALFORMED");
    check_form("--B\r\nContent-Disposition: form-data; name=\"a\"\r\nno blank line", "B",
               "MALFORMED");
    check_form("--Bjunk\r\n\r\nx\r\n--B--", "B", "MALFORMED");
    check_form("--B", "B", "MALFORMED");
    check_form("--B--", "B", "END");
    /* a part whose header block never ends within the limit */
    struct buf body = BUF_INIT;
    buf_puts(&body, "--B\r\nX-Long: ");
    for (int i = 0; i < 20000; i++)
        buf_puts(&body, "h");
    buf_puts(&body, "\r\n\r\nv\r\n--B--");
    check_form(body.data, "B", "MALFORMED");
    buf_free(&body);
}

/* A file larger than one scan window, with the closing delimiter straddling windows. */
static void test_large_spooled_file(void)
{
    for (size_t size = 256 * 1024 - 10; size <= 256 * 1024 + 10; size += 5) {
        struct buf body = BUF_INIT;
        buf_puts(&body, "--bnd\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\""
                        "\r\n\r\n");
        size_t start = body.len;
        for (size_t i = 0; i < size; i++)
            buf_append(&body, i % 97 == 0 ? "-" : "z", 1);
        buf_puts(&body, "\r\n--bnd--\r\n");
        struct http_request req;
        make_request(&req, body.data, body.len, true);
        struct multipart_form *f = multipart_form_open(&req, "bnd");
        struct multipart_part part = {0};
        CHECK(multipart_form_next(f, &part) == MULTIPART_PART, "part of %zu", size);
        CHECK(part.offset == start && part.length == size, "file of %zu at %llu, %llu long", size,
              part.offset, part.length);
        struct buf small = BUF_INIT;
        CHECK(!multipart_form_read(f, &part, 10, &small), "read refuses more than max");
        buf_free(&small);
        CHECK(multipart_form_next(f, &part) == MULTIPART_END, "end after %zu", size);
        multipart_part_free(&part);
        multipart_form_close(f);
        http_request_free(&req);
        buf_free(&body);
    }
}

int main(void)
{
    test_boundaries();
    test_parts();
    test_malformed();
    test_large_spooled_file();
    return test_summary("multipart_form");
}
