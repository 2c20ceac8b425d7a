/* The HTTP session fed byte streams split at every position: the answers must not depend on how
 * the bytes arrive. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../http/session.h"
#include "check.h"

static const struct http_limits small_limits = {4096, 1000};

/* Echoes what was parsed so the output proves it. */
static void echo_handler(void *ctx, struct http_request *req, struct http_response *resp)
{
    (void)ctx;
    struct buf body = BUF_INIT;
    const char *host = http_request_header(req, "host");
    buf_printf(&body, "%s %s q=%s host=%s len=%zu body=", req->method, req->path, req->query,
               host ? host : "-", req->body.len);
    buf_append(&body, req->body.data, req->body.len);
    http_response_set_body(resp, 200, "text/plain", body.data, body.len);
    buf_free(&body);
}

struct feed_result {
    char *output;
    int closing;
};

/* Feeds input in pieces cut at the given positions (ascending, within input). */
static struct feed_result feed_pieces(const char *input, size_t len, const size_t *cuts,
                                      size_t n_cuts, int send_eof)
{
    struct http_session *s = http_session_new(&small_limits, echo_handler, NULL);
    size_t at = 0;
    for (size_t i = 0; i <= n_cuts; i++) {
        size_t end = i < n_cuts ? cuts[i] : len;
        http_session_feed(s, input + at, end - at);
        at = end;
    }
    if (send_eof)
        http_session_eof(s);
    struct buf *out = http_session_output(s);
    struct feed_result r = {xstrndup(out->data ? out->data : "", out->len),
                            http_session_closing(s)};
    http_session_free(s);
    return r;
}

static struct feed_result feed_whole(const char *input)
{
    return feed_pieces(input, strlen(input), NULL, 0, 0);
}

/* Every single cut, and one byte at a time, gives the same output as the whole feed. */
static void check_split_invariance(const char *name, const char *input)
{
    size_t len = strlen(input);
    struct feed_result whole = feed_whole(input);
    for (size_t cut = 1; cut < len; cut++) {
        struct feed_result r = feed_pieces(input, len, &cut, 1, 0);
        CHECK(strcmp(r.output, whole.output) == 0 && r.closing == whole.closing,
              "%s: split at %zu differs:\n%s\n--- vs whole ---\n%s", name, cut, r.output,
              whole.output);
        free(r.output);
    }
    size_t *cuts = malloc(len * sizeof *cuts);
    for (size_t i = 1; i < len; i++)
        cuts[i - 1] = i;
    struct feed_result bytewise = feed_pieces(input, len, cuts, len ? len - 1 : 0, 0);
    CHECK(strcmp(bytewise.output, whole.output) == 0, "%s: byte-at-a-time differs", name);
    free(bytewise.output);
    free(cuts);
    free(whole.output);
}

static int count_occurrences(const char *haystack, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static const char pipelined[] =
    "GET /a?x=1 HTTP/1.1\r\nHost: h1\r\n\r\n"
    "POST /b HTTP/1.1\r\nHost: h2\r\nContent-Length: 5\r\n\r\nhello"
    "DELETE /c HTTP/1.1\r\nHost: h3\r\n\r\n";

static const char chunked[] =
    "PUT /chunky HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
    "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n"
    "GET /after HTTP/1.1\r\nHost: h\r\n\r\n";

static const char expect_continue[] =
    "PUT /k HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc";

static const char head_request[] = "HEAD /obj HTTP/1.1\r\nHost: h\r\n\r\n";

static const char http10[] = "GET /old HTTP/1.0\r\n\r\nGET /ignored HTTP/1.0\r\n\r\n";

static const char conn_close[] =
    "GET /one HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /two HTTP/1.1\r\nHost: h\r\n\r\n";

static const char garbage[] = "\x01\x02GARBAGE \xff\xfe\r\n\r\n";

static const char bad_length[] = "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n";

static const char smuggling[] = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n";

/* Two bytes after a chunk's data that are not CRLF: a loose parser would skip them. */
static const char chunk_without_crlf[] = "PUT /b/k HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
                                         "chunked\r\n\r\n3\r\nabcXY0\r\n\r\n";
static const char bare_cr_in_head[] = "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n";
static const char raw_utf8_target[] = "GET /caf\xc3\xa9 HTTP/1.1\r\nHost: h\r\n\r\n";
static const char space_in_header_name[] = "GET / HTTP/1.1\r\nHost: h\r\nX Y: z\r\n\r\n";
/* HTTP/0.9: a request line without a version, with or without anything after it. */
static const char http09_line[] = "GET /\r\n";
static const char http09_bare_lf[] = "GET /index.html\n";
static const char http09_then_more[] = "GET /?a=1\r\nHost: h\r\n\r\n";
static const char http09_spelled_out[] = "GET / HTTP/0.9\r\nHost: h\r\n\r\n";
static const char ok_then_http09[] = "GET /fine HTTP/1.1\r\nHost: h\r\n\r\nGET /\r\n";

static const char ok_then_garbage[] = "GET /fine HTTP/1.1\r\nHost: h\r\n\r\nNOT HTTP AT ALL\r\n\r\n";

static const char body_too_large[] =
    "PUT /big HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n";

static const char continue_too_large[] =
    "PUT /big HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n";

static void test_pipelined(void)
{
    struct feed_result r = feed_whole(pipelined);
    CHECK(count_occurrences(r.output, "HTTP/1.1 200 OK") == 3, "three answers:\n%s", r.output);
    const char *a = strstr(r.output, "GET /a q=x=1 host=h1 len=0 body=");
    const char *b = strstr(r.output, "POST /b q= host=h2 len=5 body=hello");
    const char *c = strstr(r.output, "DELETE /c q= host=h3 len=0");
    CHECK(a && b && c && a < b && b < c, "answers in request order:\n%s", r.output);
    CHECK(!r.closing, "keep-alive stays open");
    free(r.output);
    check_split_invariance("pipelined", pipelined);
}

static void test_chunked(void)
{
    struct feed_result r = feed_whole(chunked);
    CHECK(strstr(r.output, "PUT /chunky q= host=h len=9 body=Wikipedia") != NULL, "%s", r.output);
    CHECK(strstr(r.output, "GET /after") != NULL, "request after a chunked one: %s", r.output);
    free(r.output);
    check_split_invariance("chunked", chunked);
}

static void test_expect_continue(void)
{
    struct feed_result r = feed_whole(expect_continue);
    CHECK(strncmp(r.output, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n", 42) == 0,
          "100 Continue first:\n%s", r.output);
    CHECK(strstr(r.output, "len=3 body=abc") != NULL, "%s", r.output);
    free(r.output);
    check_split_invariance("expect-continue", expect_continue);

    /* The client must not be invited to send a body that will be refused. */
    r = feed_whole(continue_too_large);
    CHECK(strncmp(r.output, "HTTP/1.1 413 ", 13) == 0, "413 without 100:\n%s", r.output);
    CHECK(r.closing, "413 closes");
    free(r.output);
}

static void test_head(void)
{
    struct feed_result r = feed_whole(head_request);
    const char *end_of_headers = strstr(r.output, "\r\n\r\n");
    CHECK(end_of_headers && end_of_headers[4] == '\0', "HEAD answer has no body:\n%s", r.output);
    CHECK(strstr(r.output, "Content-Length: 31\r\n") != NULL,
          "HEAD announces the GET length:\n%s", r.output);
    free(r.output);
    check_split_invariance("head", head_request);
}

static void test_connection_close(void)
{
    struct feed_result r = feed_whole(http10);
    CHECK(count_occurrences(r.output, "HTTP/1.1 200") == 1, "HTTP/1.0 gets one answer:\n%s",
          r.output);
    CHECK(strstr(r.output, "Connection: close") != NULL && r.closing, "%s", r.output);
    free(r.output);
    check_split_invariance("http10", http10);

    r = feed_whole(conn_close);
    CHECK(count_occurrences(r.output, "HTTP/1.1 200") == 1 && strstr(r.output, "/one") &&
              !strstr(r.output, "/two"),
          "nothing after Connection: close:\n%s", r.output);
    free(r.output);
    check_split_invariance("connection-close", conn_close);
}

static void expect_error(const char *name, const char *input, const char *status_line)
{
    struct feed_result r = feed_whole(input);
    CHECK(strstr(r.output, status_line) != NULL, "%s: want %s, got:\n%s", name, status_line,
          r.output);
    CHECK(r.closing, "%s: an error closes the connection", name);
    free(r.output);
    check_split_invariance(name, input);
}

static void test_malformed(void)
{
    expect_error("garbage", garbage, "HTTP/1.1 400 Bad Request");
    expect_error("bad-length", bad_length, "HTTP/1.1 400 Bad Request");
    expect_error("smuggling", smuggling, "HTTP/1.1 400 Bad Request");
    expect_error("body-too-large", body_too_large, "HTTP/1.1 413 Payload Too Large");
    expect_error("chunk-without-crlf", chunk_without_crlf, "HTTP/1.1 400 Bad Request");
    expect_error("bare-cr-in-head", bare_cr_in_head, "HTTP/1.1 400 Bad Request");
    expect_error("raw-utf8-target", raw_utf8_target, "HTTP/1.1 400 Bad Request");
    expect_error("space-in-header-name", space_in_header_name, "HTTP/1.1 400 Bad Request");
    const char *http09[] = {http09_line, http09_bare_lf, http09_then_more, http09_spelled_out};
    for (size_t i = 0; i < sizeof http09 / sizeof http09[0]; i++) {
        expect_error("http/0.9", http09[i], "HTTP/1.1 400 Bad Request");
        struct feed_result r = feed_whole(http09[i]);
        CHECK(strstr(r.output, "<Code>BadRequest</Code><Message>HTTP/0.9 requests are not "
                               "supported; send HTTP/1.1.</Message>") != NULL,
              "HTTP/0.9 is named:\n%s", r.output);
        free(r.output);
    }
    struct feed_result r09 = feed_whole(ok_then_http09);
    CHECK(strstr(r09.output, "HTTP/1.1 200 OK") != NULL && strstr(r09.output, "HTTP/0.9") &&
              r09.closing,
          "a keep-alive request, then HTTP/0.9 on the same connection:\n%s", r09.output);
    free(r09.output);
    check_split_invariance("ok-then-http09", ok_then_http09);

    struct feed_result r = feed_whole(ok_then_garbage);
    const char *ok = strstr(r.output, "HTTP/1.1 200 OK");
    const char *bad = strstr(r.output, "HTTP/1.1 400 Bad Request");
    CHECK(ok && bad && ok < bad, "good request answered before the 400:\n%s", r.output);
    free(r.output);
    check_split_invariance("ok-then-garbage", ok_then_garbage);
}

/* before, then 5000 times filler, then after: a head past the 4096-byte limit. */
static void expect_head_too_large(const char *name, const char *before, char filler,
                                  const char *after)
{
    struct buf input = BUF_INIT;
    buf_puts(&input, before);
    for (int i = 0; i < 5000; i++)
        buf_append(&input, &filler, 1);
    buf_puts(&input, after);
    expect_error(name, input.data, "HTTP/1.1 431 Request Header Fields Too Large");
    buf_free(&input);
}

static void test_limits(void)
{
    expect_head_too_large("header-too-large", "GET / HTTP/1.1\r\nHost: h\r\nX-Big: ", 'a',
                          "\r\n\r\n");
    /* A bad byte past the limit: the size is judged first, wherever the reads end. */
    expect_head_too_large("target-too-large-then-bad-byte", "GET /", 'p',
                          "\x01 HTTP/1.1\r\nHost: h\r\n\r\n");
    expect_head_too_large("trailer-name-too-large-then-bad-byte",
                          "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "1\r\nz\r\n0\r\nX-",
                          't', "\x01: v\r\n\r\n");

    struct buf chunks = BUF_INIT;
    buf_puts(&chunks, "PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 5; i++) {
        buf_puts(&chunks, "100\r\n");
        for (int j = 0; j < 256; j++)
            buf_puts(&chunks, "z");
        buf_puts(&chunks, "\r\n");
    }
    buf_puts(&chunks, "0\r\n\r\n");
    expect_error("chunked-too-large", chunks.data, "HTTP/1.1 413 Payload Too Large");
    buf_free(&chunks);
}

static void test_half_sent_request(void)
{
    const char partial[] = "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc";
    struct feed_result r = feed_pieces(partial, strlen(partial), NULL, 0, 1);
    CHECK(r.output[0] == '\0', "no answer to a request cut short: %s", r.output);
    CHECK(r.closing, "EOF closes");
    free(r.output);
}

/* ---- deferred answers ---- */

struct deferring {
    struct http_deferral *pending;
    int notified;
    int cancelled;
};

static void count_cancel(void *arg)
{
    ((struct deferring *)arg)->cancelled++;
}

static void count_notify(void *ctx)
{
    ((struct deferring *)ctx)->notified++;
}

/* Answers "/wait" later; everything else at once. */
static void deferring_handler(void *ctx, struct http_request *req, struct http_response *resp)
{
    struct deferring *d = ctx;
    if (strcmp(req->path, "/wait") == 0) {
        d->pending = http_defer(resp, count_cancel, d);
        return;
    }
    echo_handler(NULL, req, resp);
}

static const char wait_then_next[] = "GET /wait HTTP/1.1\r\nHost: h\r\n\r\n"
                                     "GET /next HTTP/1.1\r\nHost: h\r\n\r\n";

static void test_deferred_answer_keeps_order(void)
{
    size_t len = strlen(wait_then_next);
    for (size_t cut = 1; cut <= len; cut++) {
        struct deferring d = {0};
        struct http_session *s = http_session_new(&small_limits, deferring_handler, &d);
        http_session_set_output_notify(s, count_notify, &d);
        http_session_feed(s, wait_then_next, cut);
        if (cut < len && http_session_accepts_input(s))
            http_session_feed(s, wait_then_next + cut, len - cut);
        CHECK(d.pending != NULL, "cut %zu: /wait deferred", cut);
        CHECK(http_session_output(s)->len == 0, "cut %zu: nothing answered yet", cut);
        CHECK(!http_session_accepts_input(s), "cut %zu: input held back while waiting", cut);
        if (!d.pending) {
            http_session_free(s);
            continue;
        }
        http_response_set_body(http_deferral_response(d.pending), 200, "text/plain", "late", 4);
        http_deferral_finish(d.pending);
        if (cut < len && !strstr(http_session_output(s)->data, "GET /next"))
            http_session_feed(s, wait_then_next + cut, len - cut);
        const char *out = http_session_output(s)->data;
        const char *late = strstr(out, "\r\n\r\nlate");
        const char *next = strstr(out, "GET /next");
        CHECK(late && next && late < next, "cut %zu: answers in request order:\n%s", cut, out);
        CHECK(d.notified == 1, "cut %zu: owner notified once", cut);
        CHECK(d.cancelled == 0, "cut %zu: not cancelled", cut);
        http_session_free(s);
    }
}

static void test_deferred_answer_cancelled_on_close(void)
{
    struct deferring d = {0};
    struct http_session *s = http_session_new(&small_limits, deferring_handler, &d);
    http_session_feed(s, wait_then_next, strlen(wait_then_next));
    http_session_free(s);
    CHECK(d.cancelled == 1, "closing the connection cancels the deferred answer");
}

/* ---- chunk boundaries: a streaming Lambda runtime's writes ---- */

static void chunk_ends_handler(void *ctx, struct http_request *req, struct http_response *resp)
{
    (void)ctx;
    struct buf body = BUF_INIT;
    const char *trailer = http_request_header(req, "X-Trailer");
    buf_puts(&body, "ends=");
    for (size_t i = 0; i < req->n_chunk_ends; i++)
        buf_printf(&body, "%llu,", req->chunk_ends[i]);
    buf_printf(&body, " trailer=%s;", trailer ? trailer : "-");
    http_response_set_body(resp, 200, "text/plain", body.data, body.len);
    buf_free(&body);
}

static void test_chunk_boundaries(void)
{
    size_t len = strlen(chunked);
    for (size_t cut = 1; cut < len; cut++) {
        struct http_session *s = http_session_new(&small_limits, chunk_ends_handler, NULL);
        http_session_feed(s, chunked, cut);
        http_session_feed(s, chunked + cut, len - cut);
        const char *out = http_session_output(s)->data ? http_session_output(s)->data : "";
        CHECK(strstr(out, "ends=4,9, trailer=t;"), "cut at %zu: %s", cut, out);
        CHECK(strstr(out, "ends= trailer=-;"), "the next request has none, cut at %zu: %s", cut,
              out);
        http_session_free(s);
    }
}

/* ---- aws-chunked bodies, spooled bodies, file-backed responses ---- */

static void describe_body_handler(void *ctx, struct http_request *req, struct http_response *resp)
{
    (void)ctx;
    struct buf body = BUF_INIT;
    const char *crc = http_request_header(req, "x-amz-checksum-crc32");
    const char *encoding = http_request_header(req, "Content-Encoding");
    buf_printf(&body, "len=%llu fd=%s crc=%s enc=%s body=", req->body_length,
               req->body_fd >= 0 ? "yes" : "no", crc ? crc : "-", encoding ? encoding : "-");
    if (req->body_fd < 0)
        buf_append(&body, req->body.data, req->body.len);
    http_response_set_body(resp, 200, "text/plain", body.data, body.len);
    buf_free(&body);
}

static const char aws_chunked_put[] =
    "PUT /bucket/key HTTP/1.1\r\nHost: h\r\nContent-Encoding: gzip, aws-chunked\r\n"
    "x-amz-decoded-content-length: 11\r\nx-amz-trailer: x-amz-checksum-crc32\r\n"
    "Content-Length: 52\r\n\r\n"
    "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
    "GET /after HTTP/1.1\r\nHost: h\r\n\r\n";

static void test_aws_chunked_request(void)
{
    const size_t len = strlen(aws_chunked_put);
    struct http_session *s = http_session_new(&small_limits, describe_body_handler, NULL);
    http_session_feed(s, aws_chunked_put, len);
    const char *out = http_session_output(s)->data ? http_session_output(s)->data : "";
    CHECK(strstr(out, "len=11 fd=no crc=DUoRhQ== enc=gzip body=hello world"),
          "decoded body, trailer as header, aws-chunked stripped:\n%s", out);
    CHECK(strstr(out, "len=0"), "the next request is parsed:\n%s", out);
    http_session_free(s);

    struct http_session *bad = http_session_new(&small_limits, describe_body_handler, NULL);
    static const char wrong_length[] =
        "PUT /k HTTP/1.1\r\nHost: h\r\nx-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\n"
        "x-amz-decoded-content-length: 12\r\nContent-Length: 21\r\n\r\nb\r\nhello world\r\n0\r\n\r\n";
    http_session_feed(bad, wrong_length, strlen(wrong_length));
    out = http_session_output(bad)->data ? http_session_output(bad)->data : "";
    CHECK(strstr(out, "HTTP/1.1 400 ") && strstr(out, "IncompleteBody"),
          "a decoded length that disagrees is refused:\n%s", out);
    http_session_free(bad);
}

static void test_large_body_is_spooled(void)
{
    static const struct http_limits big = {4096, 64ull << 20};
    const size_t body_len = 3u * 1024 * 1024 + 7;
    struct buf input = BUF_INIT;
    buf_printf(&input, "PUT /big HTTP/1.1\r\nHost: h\r\nContent-Length: %zu\r\n\r\n", body_len);
    for (size_t i = 0; i < body_len; i++)
        buf_append(&input, &"0123456789abcdef"[i % 16], 1);
    struct http_session *s = http_session_new(&big, describe_body_handler, NULL);
    /* In network-sized pieces. */
    for (size_t at = 0; at < input.len; at += 65536)
        http_session_feed(s, input.data + at, input.len - at < 65536 ? input.len - at : 65536);
    const char *out = http_session_output(s)->data ? http_session_output(s)->data : "";
    char want[64];
    snprintf(want, sizeof want, "len=%zu fd=yes", body_len);
    CHECK(strstr(out, want), "a large body lives in a spool file:\n%.200s", out);
    http_session_free(s);
    buf_free(&input);
}

static int file_body_fd = -1;

static void file_handler(void *ctx, struct http_request *req, struct http_response *resp)
{
    (void)ctx;
    if (strcmp(req->path, "/file") == 0) {
        http_response_set_body_file(resp, dup(file_body_fd), 5, 600000);
        return;
    }
    echo_handler(NULL, req, resp);
}

static void test_file_backed_response(void)
{
    FILE *tmp = tmpfile();
    for (int i = 0; i < 700000; i++)
        fputc('a' + i % 26, tmp);
    fflush(tmp);
    file_body_fd = fileno(tmp);
    static const char two[] = "GET /file HTTP/1.1\r\nHost: h\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n";
    struct http_session *s = http_session_new(&small_limits, file_handler, NULL);
    http_session_feed(s, two, strlen(two));
    CHECK(!http_session_accepts_input(s), "input held while the file is sent");
    struct buf all = BUF_INIT;
    size_t peak = 0;
    for (int rounds = 0; rounds < 1000; rounds++) {
        struct buf *out = http_session_output(s);
        if (out->len == 0)
            break;
        if (out->cap > peak)
            peak = out->cap;
        buf_append(&all, out->data, out->len);
        buf_consume(out, out->len);
    }
    const char *header_end = strstr(all.data, "\r\n\r\n");
    CHECK(header_end && strstr(all.data, "Content-Length: 600000\r\n"), "length announced");
    if (header_end) {
        const char *body = header_end + 4;
        bool bytes_ok = true;
        for (int i = 0; i < 600000 && bytes_ok; i++)
            bytes_ok = body[i] == 'a' + (i + 5) % 26;
        CHECK(bytes_ok, "file bytes from the offset, in order");
        CHECK(strstr(body + 600000, "GET /next") != NULL, "the pipelined request answered after");
    }
    CHECK(peak < 1024 * 1024, "output buffer stays a slice (%zu)", peak);
    buf_free(&all);
    http_session_free(s);
    fclose(tmp);
}

int main(void)
{
    test_pipelined();
    test_chunked();
    test_chunk_boundaries();
    test_expect_continue();
    test_head();
    test_connection_close();
    test_malformed();
    test_limits();
    test_half_sent_request();
    test_deferred_answer_keeps_order();
    test_deferred_answer_cancelled_on_close();
    test_aws_chunked_request();
    test_large_body_is_spooled();
    test_file_backed_response();
    return test_summary("test_http_session");
}
