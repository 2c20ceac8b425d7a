/* Event stream messages, framed as the SDKs' decoders check them. */
#include "event_stream.h"

#include <stdint.h>
#include <string.h>

#include <zlib.h>

#define HEADER_TYPE_STRING 7
/* Total length, headers length and the prelude's CRC. */
#define PRELUDE_BYTES 12
#define MESSAGE_CRC_BYTES 4

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static size_t header_bytes(const struct event_stream_header *h)
{
    return 1 + strlen(h->name) + 1 + 2 + strlen(h->value);
}

static void append_header(struct buf *out, const struct event_stream_header *h)
{
    size_t name_len = strlen(h->name), value_len = strlen(h->value);
    unsigned char byte = (unsigned char)name_len;
    buf_append(out, &byte, 1);
    buf_append(out, h->name, name_len);
    unsigned char type_and_length[3] = {HEADER_TYPE_STRING, (unsigned char)(value_len >> 8),
                                        (unsigned char)value_len};
    buf_append(out, type_and_length, sizeof type_and_length);
    buf_append(out, h->value, value_len);
}

static uint32_t crc_of(uLong crc, const char *data, size_t len)
{
    return (uint32_t)crc32_z(crc, (const Bytef *)data, len);
}

void event_stream_append_message(struct buf *out, const struct event_stream_header *headers,
                                 size_t n_headers, const void *payload, size_t payload_len)
{
    size_t headers_len = 0;
    for (size_t i = 0; i < n_headers; i++)
        headers_len += header_bytes(&headers[i]);
    size_t total = PRELUDE_BYTES + headers_len + payload_len + MESSAGE_CRC_BYTES;
    size_t start = out->len;
    buf_reserve(out, total);

    unsigned char prelude[PRELUDE_BYTES];
    put_u32(prelude, (uint32_t)total);
    put_u32(prelude + 4, (uint32_t)headers_len);
    put_u32(prelude + 8, crc_of(0, (const char *)prelude, 8));
    buf_append(out, prelude, sizeof prelude);
    for (size_t i = 0; i < n_headers; i++)
        append_header(out, &headers[i]);
    if (payload_len)
        buf_append(out, payload, payload_len);

    unsigned char crc[MESSAGE_CRC_BYTES];
    put_u32(crc, crc_of(0, out->data + start, out->len - start));
    buf_append(out, crc, sizeof crc);
}

static void append_typed(struct buf *out, const char *message_type, const char *type_header,
                         const char *type, const char *content_type, const void *payload,
                         size_t payload_len)
{
    struct event_stream_header headers[3] = {
        {":message-type", message_type},
        {type_header, type},
        {":content-type", content_type ? content_type : ""},
    };
    event_stream_append_message(out, headers, content_type ? 3 : 2, payload, payload_len);
}

void event_stream_append_event(struct buf *out, const char *event_type, const char *content_type,
                               const void *payload, size_t payload_len)
{
    append_typed(out, "event", ":event-type", event_type, content_type, payload, payload_len);
}

void event_stream_append_exception(struct buf *out, const char *exception_type,
                                   const char *content_type, const void *payload,
                                   size_t payload_len)
{
    append_typed(out, "exception", ":exception-type", exception_type, content_type, payload,
                 payload_len);
}
