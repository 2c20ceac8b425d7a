/* A well-formed PNG for a virtual MFA device's QRCodePNG, so that clients that save or decode the
 * image get one. The image is a blank white square the size of a small QR symbol: motoc does not
 * draw the QR code itself (no QR encoder is among its libraries), and no test of an MFA flow can
 * scan it anyway — the Base32StringSeed carries the same secret. */
#include "qr_png.h"

#include <stdint.h>
#include <string.h>

#include <zlib.h>

#define SIDE 116 /* pixels: a 29-module symbol at 4 pixels per module */

static void put_u32(struct buf *out, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    buf_append(out, b, 4);
}

static void put_chunk(struct buf *out, const char *type, const uint8_t *data, size_t len)
{
    put_u32(out, (uint32_t)len);
    size_t type_at = out->len;
    buf_append(out, type, 4);
    if (len)
        buf_append(out, data, len);
    uLong crc = crc32(0L, (const Bytef *)out->data + type_at, (uInt)(len + 4));
    put_u32(out, (uint32_t)crc);
}

void qr_png_encode(const char *text, struct buf *out)
{
    (void)text;
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    buf_append(out, signature, sizeof signature);
    /* Width and height (big-endian), bit depth 1, greyscale. */
    uint8_t header[13] = {0, 0, 0, SIDE, 0, 0, 0, SIDE, 1, 0, 0, 0, 0};
    put_chunk(out, "IHDR", header, sizeof header);

    /* Each row: filter byte 0, then SIDE one-bit pixels, all white. */
    enum { ROW = 1 + (SIDE + 7) / 8 };
    static uint8_t raw[ROW * SIDE];
    for (int y = 0; y < SIDE; y++) {
        raw[y * ROW] = 0;
        memset(raw + y * ROW + 1, 0xff, ROW - 1);
    }
    uLongf packed_len = compressBound(sizeof raw);
    uint8_t packed[ROW * SIDE + 128];
    if (packed_len > sizeof packed || compress(packed, &packed_len, raw, sizeof raw) != Z_OK)
        packed_len = 0;
    put_chunk(out, "IDAT", packed, packed_len);
    put_chunk(out, "IEND", NULL, 0);
}
