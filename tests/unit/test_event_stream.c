/* Event stream framing: a message matches a known-good one byte for byte (the "one string
 * header" vector the SDKs' decoders are tested with, which botocore decodes), and events and
 * exceptions carry the headers SDKs dispatch on. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../../services/core/event_stream.h"
#include "check.h"

static uint32_t u32_at(const struct buf *b, size_t at)
{
    const unsigned char *p = (const unsigned char *)b->data + at;
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void test_known_message(void)
{
    static const unsigned char want[] = {
        0x00, 0x00, 0x00, 0x3d, 0x00, 0x00, 0x00, 0x20, 0x07, 0xfd, 0x83, 0x96, 0x0c, 0x63, 0x6f,
        0x6e, 0x74, 0x65, 0x6e, 0x74, 0x2d, 0x74, 0x79, 0x70, 0x65, 0x07, 0x00, 0x10, 0x61, 0x70,
        0x70, 0x6c, 0x69, 0x63, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x2f, 0x6a, 0x73, 0x6f, 0x6e, 0x7b,
        0x27, 0x66, 0x6f, 0x6f, 0x27, 0x3a, 0x27, 0x62, 0x61, 0x72, 0x27, 0x7d, 0x8d, 0x9c, 0x08,
        0xb1};
    struct event_stream_header h = {"content-type", "application/json"};
    struct buf out = BUF_INIT;
    event_stream_append_message(&out, &h, 1, "{'foo':'bar'}", 13);
    CHECK(out.len == sizeof want, "length %zu", out.len);
    CHECK(out.len == sizeof want && memcmp(out.data, want, sizeof want) == 0, "bytes differ");
    buf_free(&out);
}

static void test_empty_message(void)
{
    struct buf out = BUF_INIT;
    event_stream_append_message(&out, NULL, 0, NULL, 0);
    CHECK(out.len == 16, "prelude and message CRC only: %zu", out.len);
    CHECK(u32_at(&out, 0) == 16 && u32_at(&out, 4) == 0, "lengths");
    CHECK(u32_at(&out, 8) == (uint32_t)crc32(0, (const Bytef *)out.data, 8), "prelude CRC");
    CHECK(u32_at(&out, 12) == (uint32_t)crc32(0, (const Bytef *)out.data, 12), "message CRC");
    buf_free(&out);
}

/* The string header named name, or NULL, in the one message at the start of b. */
static char *header_value(const struct buf *b, const char *name)
{
    size_t at = 12, end = 12 + u32_at(b, 4);
    while (at < end) {
        size_t name_len = (unsigned char)b->data[at];
        const char *n = b->data + at + 1;
        size_t value_len = (size_t)(unsigned char)b->data[at + 2 + name_len] << 8 |
                           (unsigned char)b->data[at + 3 + name_len];
        const char *v = n + name_len + 3;
        if (strlen(name) == name_len && memcmp(n, name, name_len) == 0) {
            char *copy = malloc(value_len + 1);
            memcpy(copy, v, value_len);
            copy[value_len] = '\0';
            return copy;
        }
        at = (size_t)(v - b->data) + value_len;
    }
    return NULL;
}

static void check_header(const struct buf *b, const char *name, const char *want)
{
    char *got = header_value(b, name);
    CHECK_STR(got, want, "header %s", name);
    free(got);
}

static void test_event_and_exception(void)
{
    struct buf out = BUF_INIT;
    event_stream_append_event(&out, "PayloadChunk", "application/octet-stream", "abc", 3);
    check_header(&out, ":message-type", "event");
    check_header(&out, ":event-type", "PayloadChunk");
    check_header(&out, ":content-type", "application/octet-stream");
    uint32_t total = u32_at(&out, 0);
    CHECK(total == out.len, "one message: %u vs %zu", (unsigned)total, out.len);
    CHECK(memcmp(out.data + total - 7, "abc", 3) == 0, "payload before the CRC");
    CHECK(u32_at(&out, total - 4) == (uint32_t)crc32(0, (const Bytef *)out.data, total - 4),
          "message CRC");
    buf_reset(&out);

    event_stream_append_exception(&out, "ServiceException", NULL, "{}", 2);
    check_header(&out, ":message-type", "exception");
    check_header(&out, ":exception-type", "ServiceException");
    char *none = header_value(&out, ":content-type");
    CHECK(none == NULL, "no content type when none is given");
    free(none);
    size_t first = out.len;
    event_stream_append_event(&out, "End", NULL, NULL, 0);
    CHECK(u32_at(&out, first) == out.len - first, "messages follow each other");
    buf_free(&out);
}

int main(void)
{
    test_known_message();
    test_empty_message();
    test_event_and_exception();
    return test_summary("event_stream");
}
