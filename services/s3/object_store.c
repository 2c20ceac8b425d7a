/* Turns a request body into object bytes: digested once, verified against Content-MD5 and
 * x-amz-checksum-*, then kept as a blob. */
#include "object_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/digest.h"
#include "object.h"
#include "s3_call.h"

#define READ_SLICE (1u << 20)

void checksum_to_base64(enum checksum_algorithm a, const unsigned char *raw, char *out,
                        size_t size)
{
    struct buf text = BUF_INIT;
    base64_encode(raw, checksum_size(a), &text);
    snprintf(out, size, "%s", text.data ? text.data : "");
    buf_free(&text);
}

static int fail_unsupported_algorithm(struct call *c)
{
    return s3_fail_invalid_request(
        c, "Checksum algorithm provided is unsupported. Please try again with any of the valid "
           "types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
}

int object_store_requested_checksum(struct call *c, const cJSON *in,
                                    enum checksum_algorithm *algorithm)
{
    *algorithm = CHECKSUM_NONE;
    const char *named = param_string(in, "ChecksumAlgorithm");
    if (named) {
        *algorithm = checksum_from_name(named);
        return *algorithm == CHECKSUM_NONE ? fail_unsupported_algorithm(c) : 0;
    }
    int found = 0;
    for (int a = 0; a < CHECKSUM_COUNT; a++) {
        if (param_string(in, checksum_member((enum checksum_algorithm)a))) {
            *algorithm = (enum checksum_algorithm)a;
            found++;
        }
    }
    if (found > 1)
        return s3_fail_invalid_request(c, "Expecting a single x-amz-checksum- header. Multiple "
                                          "checksum Types are not allowed.");
    return 0;
}

/* Content-MD5 as 16 raw bytes; -1 after InvalidDigest. 0 with *present false if absent. */
static int read_content_md5(struct call *c, const cJSON *in, unsigned char md5[16],
                            bool *present)
{
    const char *text = param_string(in, "ContentMD5");
    *present = text != NULL;
    if (!text)
        return 0;
    struct buf raw = BUF_INIT;
    bool ok = base64_decode(text, strlen(text), &raw) && raw.len == 16;
    if (ok)
        memcpy(md5, raw.data, 16);
    buf_free(&raw);
    if (ok)
        return 0;
    call_fail(c, 400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
    call_error_field(c, "Content-MD5", text);
    return -1;
}

/* The x-amz-checksum-* value sent for algorithm; -1 after InvalidRequest when malformed. */
static int read_expected_checksum(struct call *c, const cJSON *in, enum checksum_algorithm a,
                                  unsigned char *raw, bool *present)
{
    const char *text = param_string(in, checksum_member(a));
    *present = text != NULL;
    if (!text)
        return 0;
    struct buf bytes = BUF_INIT;
    bool ok = base64_decode(text, strlen(text), &bytes) && bytes.len == checksum_size(a);
    if (ok)
        memcpy(raw, bytes.data, bytes.len);
    buf_free(&bytes);
    if (ok)
        return 0;
    char message[128];
    snprintf(message, sizeof message, "Value for %s header is invalid.", checksum_header(a));
    return s3_fail_invalid_request(c, message);
}

static bool digest_request_body(const struct http_request *req, uint64_t offset,
                                uint64_t length, struct body_digest *d)
{
    if (req->body_fd < 0) {
        if (length)
            body_digest_update(d, req->body.data + offset, (size_t)length);
        return true;
    }
    char *slice = xmalloc(READ_SLICE);
    uint64_t end = offset + length;
    bool ok = true;
    while (ok && offset < end) {
        uint64_t left = end - offset;
        ssize_t n = pread(req->body_fd, slice, left < READ_SLICE ? (size_t)left : READ_SLICE,
                          (off_t)offset);
        ok = n > 0;
        if (ok) {
            body_digest_update(d, slice, (size_t)n);
            offset += (uint64_t)n;
        }
    }
    free(slice);
    return ok;
}

static struct blob *blob_of_request(const struct http_request *req, uint64_t offset,
                                    uint64_t length)
{
    if (req->body_fd >= 0 && length > BLOB_MEMORY_MAX)
        return blob_from_fd(req->body_fd, offset, length);
    if (req->body_fd >= 0) { /* a small file field of a large form */
        char *bytes = xmalloc(length ? (size_t)length : 1);
        bool ok = pread(req->body_fd, bytes, (size_t)length, (off_t)offset) == (ssize_t)length;
        struct blob *b = ok ? blob_from_memory(bytes, (size_t)length) : NULL;
        free(bytes);
        return b;
    }
    const char *bytes = length ? req->body.data + offset : "";
    if (length <= BLOB_MEMORY_MAX)
        return blob_from_memory(bytes, (size_t)length);
    struct blob_builder *w = blob_builder_new();
    blob_builder_append_bytes(w, bytes, (size_t)length);
    return blob_builder_finish(w);
}

static int fail_bad_md5(struct call *c, const unsigned char expected[16],
                        const unsigned char got[16])
{
    char hex[33];
    hex_lower(expected, 16, hex);
    struct buf calculated = BUF_INIT;
    base64_encode(got, 16, &calculated);
    call_fail(c, 400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
    call_error_field(c, "ExpectedDigest", hex);
    call_error_field(c, "CalculatedDigest", calculated.data);
    buf_free(&calculated);
    return -1;
}

static int fail_bad_checksum(struct call *c, enum checksum_algorithm a)
{
    char message[128];
    snprintf(message, sizeof message, "The %s you specified did not match the calculated checksum.",
             checksum_name(a));
    return call_fail(c, 400, "BadDigest", "%s", message);
}

int object_store_take_body(struct call *c, const cJSON *in, enum checksum_algorithm fallback,
                           struct stored_body *out)
{
    const struct http_request *req = c->http;
    uint64_t length = req->body_fd >= 0 ? req->body_length : req->body.len;
    return object_store_take_range(c, in, fallback, 0, length, out);
}

int object_store_take_range(struct call *c, const cJSON *in, enum checksum_algorithm fallback,
                            uint64_t offset, uint64_t length, struct stored_body *out)
{
    memset(out, 0, sizeof *out);
    out->algorithm = CHECKSUM_NONE;
    enum checksum_algorithm algorithm;
    if (object_store_requested_checksum(c, in, &algorithm) != 0)
        return -1;
    unsigned char expected_md5[16], expected[CHECKSUM_MAX_BYTES];
    bool md5_sent = false, checksum_sent = false;
    if (read_content_md5(c, in, expected_md5, &md5_sent) != 0)
        return -1;
    if (algorithm != CHECKSUM_NONE &&
        read_expected_checksum(c, in, algorithm, expected, &checksum_sent) != 0)
        return -1;
    if (algorithm != CHECKSUM_NONE && !checksum_sent && param_string(in, "ChecksumAlgorithm"))
        return s3_fail_invalid_request(
            c, "x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or "
               "x-amz-trailer headers were found.");
    if (algorithm == CHECKSUM_NONE)
        algorithm = fallback;

    struct body_digest d;
    body_digest_init(&d, algorithm != CHECKSUM_NONE ? 1u << algorithm : 0);
    bool read_ok = digest_request_body(c->http, offset, length, &d);
    struct digest_result result;
    body_digest_final(&d, &result);
    if (!read_ok)
        return call_fail(c, 500, "InternalError",
                         "We encountered an internal error. Please try again.");
    if (md5_sent && memcmp(expected_md5, result.md5, 16) != 0)
        return fail_bad_md5(c, expected_md5, result.md5);
    if (checksum_sent && memcmp(expected, result.value[algorithm], checksum_size(algorithm)) != 0)
        return fail_bad_checksum(c, algorithm);

    out->blob = blob_of_request(c->http, offset, length);
    if (!out->blob)
        return call_fail(c, 500, "InternalError",
                         "We encountered an internal error. Please try again.");
    memcpy(out->md5, result.md5, 16);
    object_etag_from_md5(result.md5, out->etag, sizeof out->etag);
    out->algorithm = algorithm;
    if (algorithm != CHECKSUM_NONE) {
        checksum_to_base64(algorithm, result.value[algorithm], out->checksum,
                           sizeof out->checksum);
        if (checksum_is_crc(algorithm))
            out->crc = checksum_crc_from_bytes(algorithm, result.value[algorithm]);
    }
    return 0;
}
