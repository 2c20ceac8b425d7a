/* The aws-chunked decoder fed split at every byte: the decoded bytes and trailers never depend
 * on how the input arrives; malformed framing is refused. */
#include <stdlib.h>
#include <string.h>

#include "../../http/aws_chunked.h"
#include "check.h"

#define SIG "chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"

static const char signed_body[] = "5;" SIG "\r\nhello\r\n"
                                  "6;" SIG "\r\n world\r\n"
                                  "0;" SIG "\r\n\r\n";

static const char trailer_body[] = "b\r\nhello world\r\n"
                                   "0\r\n"
                                   "x-amz-checksum-crc32:DUoRhQ==\r\n"
                                   "\r\n";

/* The signed-trailer form, whose final empty line some SDKs leave out. */
static const char signed_trailer_body[] = "3;" SIG "\r\nabc\r\n"
                                          "0;" SIG "\r\n"
                                          "x-amz-checksum-sha256: ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0= \r\n"
                                          "x-amz-trailer-signature:abcdef\r\n";

struct decoded {
    struct buf bytes;
    int fail_after; /* emit fails once this many bytes were taken; -1 never */
};

static int collect(void *ctx, const char *data, size_t len)
{
    struct decoded *d = ctx;
    if (d->fail_after >= 0 && d->bytes.len + len > (size_t)d->fail_after)
        return -1;
    buf_append(&d->bytes, data, len);
    return 0;
}

/* Decodes input cut at the given positions; returns 0/-1 as feed+finish did. */
static int decode_pieces(const char *input, size_t len, const size_t *cuts, size_t n_cuts,
                         struct decoded *out, struct aws_chunked_decoder *dec)
{
    aws_chunked_init(dec);
    size_t at = 0;
    for (size_t i = 0; i <= n_cuts; i++) {
        size_t end = i < n_cuts ? cuts[i] : len;
        if (aws_chunked_feed(dec, input + at, end - at, collect, out) != 0)
            return -1;
        at = end;
    }
    return aws_chunked_finish(dec);
}

static void check_every_split(const char *name, const char *input, const char *want,
                              const char *trailer, const char *trailer_value)
{
    size_t len = strlen(input);
    for (size_t cut = 0; cut <= len; cut++) {
        struct decoded out = {BUF_INIT, -1};
        struct aws_chunked_decoder dec;
        int rc = decode_pieces(input, len, &cut, 1, &out, &dec);
        CHECK(rc == 0, "%s split at %zu: %s", name, cut, dec.error ? dec.error : "");
        CHECK(out.bytes.len == strlen(want) && memcmp(out.bytes.data, want, out.bytes.len) == 0,
              "%s split at %zu: decoded '%s'", name, cut, out.bytes.data ? out.bytes.data : "");
        CHECK(dec.decoded == strlen(want), "%s: decoded count", name);
        if (trailer)
            CHECK_STR(http_headers_get(&dec.trailers, trailer), trailer_value, "%s split at %zu",
                      name, cut);
        buf_free(&out.bytes);
        aws_chunked_free(&dec);
    }
    /* One byte at a time. */
    size_t *cuts = malloc(len * sizeof *cuts);
    for (size_t i = 1; i < len; i++)
        cuts[i - 1] = i;
    struct decoded out = {BUF_INIT, -1};
    struct aws_chunked_decoder dec;
    CHECK(decode_pieces(input, len, cuts, len - 1, &out, &dec) == 0, "%s bytewise", name);
    CHECK(out.bytes.len == strlen(want), "%s bytewise length", name);
    buf_free(&out.bytes);
    aws_chunked_free(&dec);
    free(cuts);
}

static void expect_failure(const char *name, const char *input)
{
    struct decoded out = {BUF_INIT, -1};
    struct aws_chunked_decoder dec;
    int rc = decode_pieces(input, strlen(input), NULL, 0, &out, &dec);
    CHECK(rc != 0 && dec.error != NULL, "%s is refused", name);
    buf_free(&out.bytes);
    aws_chunked_free(&dec);
}

static void test_detection(void)
{
    struct http_headers h = {0};
    CHECK(!request_is_aws_chunked(&h), "no headers");
    http_headers_add(&h, "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    CHECK(request_is_aws_chunked(&h), "payload hash alone");
    http_headers_free(&h);
    http_headers_add(&h, "Content-Encoding", "gzip,aws-chunked");
    CHECK(request_is_aws_chunked(&h), "content-encoding alone");
    http_headers_free(&h);
    http_headers_add(&h, "x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    CHECK(!request_is_aws_chunked(&h), "unsigned payload is plain");
    http_headers_free(&h);
}

int main(void)
{
    check_every_split("signed", signed_body, "hello world", NULL, NULL);
    check_every_split("trailer", trailer_body, "hello world", "x-amz-checksum-crc32", "DUoRhQ==");
    check_every_split("signed trailer", signed_trailer_body, "abc", "x-amz-checksum-sha256",
                      "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    expect_failure("truncated data", "5\r\nhel");
    expect_failure("no final chunk", "5\r\nhello\r\n");
    expect_failure("chunk longer than its size", "2\r\nhello\r\n0\r\n\r\n");
    expect_failure("non-hex size", "zz\r\nhello\r\n0\r\n\r\n");
    expect_failure("huge size", "fffffffffffffffffff\r\n");
    expect_failure("bad trailer", "0\r\nnot a header\r\n\r\n");
    expect_failure("data after the end", "0\r\n\r\nextra");
    {
        struct decoded out = {BUF_INIT, 3};
        struct aws_chunked_decoder dec;
        CHECK(decode_pieces(signed_body, strlen(signed_body), NULL, 0, &out, &dec) != 0,
              "a failing sink stops decoding");
        buf_free(&out.bytes);
        aws_chunked_free(&dec);
    }
    test_detection();
    return test_summary("aws_chunked");
}
