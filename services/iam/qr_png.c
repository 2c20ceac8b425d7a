/* The QRCodePNG of a virtual MFA device: the otpauth:// URI drawn as a QR symbol (libqrencode
 * lays out the modules) in a one-bit greyscale PNG (zlib packs it), so that an authenticator app
 * or a QR decoder reads the same secret as Base32StringSeed carries. */
#include "qr_png.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>
#include <zlib.h>

enum {
    MODULE_PIXELS = 4, /* pixels per module side, as a phone camera reads comfortably */
    QUIET_MODULES = 4, /* the white margin the QR standard asks for around the symbol */
};

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

/* Rows of a one-bit image, each led by PNG's filter byte 0; a set bit is white. */
static uint8_t *draw_rows(const QRcode *code, uint32_t side, size_t row_bytes)
{
    uint8_t *raw = xmalloc(row_bytes * side);
    memset(raw, 0xff, row_bytes * side);
    for (uint32_t y = 0; y < side; y++) {
        uint8_t *row = raw + (size_t)y * row_bytes;
        row[0] = 0;
        int my = (int)(y / MODULE_PIXELS) - QUIET_MODULES;
        if (my < 0 || my >= code->width)
            continue;
        for (uint32_t x = 0; x < side; x++) {
            int mx = (int)(x / MODULE_PIXELS) - QUIET_MODULES;
            bool dark = mx >= 0 && mx < code->width && (code->data[my * code->width + mx] & 1);
            if (dark)
                row[1 + x / 8] &= (uint8_t) ~(0x80u >> (x % 8));
        }
    }
    return raw;
}

void qr_png_encode(const char *text, struct buf *out)
{
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return;
    uint32_t side = (uint32_t)(code->width + 2 * QUIET_MODULES) * MODULE_PIXELS;
    size_t row_bytes = 1 + (side + 7) / 8;
    uint8_t *raw = draw_rows(code, side, row_bytes);
    QRcode_free(code);
    uLongf packed_len = compressBound((uLong)(row_bytes * side));
    uint8_t *packed = xmalloc(packed_len);
    if (compress(packed, &packed_len, raw, (uLong)(row_bytes * side)) == Z_OK) {
        static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        buf_append(out, signature, sizeof signature);
        /* Width and height (big-endian), bit depth 1, greyscale, no interlace. */
        uint8_t header[13] = {0};
        for (int i = 0; i < 4; i++)
            header[i] = header[4 + i] = (uint8_t)(side >> (24 - 8 * i));
        header[8] = 1;
        put_chunk(out, "IHDR", header, sizeof header);
        put_chunk(out, "IDAT", packed, packed_len);
        put_chunk(out, "IEND", NULL, 0);
    }
    free(packed);
    free(raw);
}
