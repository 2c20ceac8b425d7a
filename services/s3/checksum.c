/* The object checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) with MD5, their names and
 * headers, computed together in one pass. */
#include "checksum.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

#include <isa-l/crc.h>
#include <zlib.h>

/* CRC-64/NVME: polynomial 0xad93d23594c93659 (reflected 0x9a6c9329ac4bc9b5), initial value and
 * final xor all ones, input and output reflected. Check value for "123456789":
 * 0xae8b14860a799888. Debian's ISA-L (2.30) predates its crc64 for this polynomial, so it is
 * computed here with slicing-by-8 tables. */
#define CRC64NVME_POLY_REFLECTED 0x9a6c9329ac4bc9b5ull
/* CRC-32C (Castagnoli), reflected polynomial, for combining (ISA-L computes it). */
#define CRC32C_POLY_REFLECTED 0x82f63b78ull
#define CRC32_POLY_REFLECTED 0xedb88320ull

static const struct {
    const char *name, *member, *header;
    size_t size;
} algorithms[CHECKSUM_COUNT] = {
    [CHECKSUM_CRC32] = {"CRC32", "ChecksumCRC32", "x-amz-checksum-crc32", 4},
    [CHECKSUM_CRC32C] = {"CRC32C", "ChecksumCRC32C", "x-amz-checksum-crc32c", 4},
    [CHECKSUM_CRC64NVME] = {"CRC64NVME", "ChecksumCRC64NVME", "x-amz-checksum-crc64nvme", 8},
    [CHECKSUM_SHA1] = {"SHA1", "ChecksumSHA1", "x-amz-checksum-sha1", 20},
    [CHECKSUM_SHA256] = {"SHA256", "ChecksumSHA256", "x-amz-checksum-sha256", 32},
};

const char *checksum_name(enum checksum_algorithm a)
{
    return algorithms[a].name;
}

const char *checksum_member(enum checksum_algorithm a)
{
    return algorithms[a].member;
}

const char *checksum_header(enum checksum_algorithm a)
{
    return algorithms[a].header;
}

size_t checksum_size(enum checksum_algorithm a)
{
    return algorithms[a].size;
}

enum checksum_algorithm checksum_from_name(const char *name)
{
    for (int a = 0; name && a < CHECKSUM_COUNT; a++)
        if (strcasecmp(name, algorithms[a].name) == 0)
            return (enum checksum_algorithm)a;
    return CHECKSUM_NONE;
}

bool checksum_is_crc(enum checksum_algorithm a)
{
    return a == CHECKSUM_CRC32 || a == CHECKSUM_CRC32C || a == CHECKSUM_CRC64NVME;
}

/* ---- CRC32C: ISA-L, which uses the CPU's crc32 instruction where there is one ---- */

uint32_t crc32c_update(uint32_t crc, const void *data, size_t len)
{
    /* ISA-L works on the register value (no final inversion) and takes int lengths. */
    uint32_t reg = ~crc;
    const unsigned char *p = data;
    while (len > 0) {
        int n = len > (1u << 30) ? (1 << 30) : (int)len;
        reg = crc32_iscsi((unsigned char *)p, n, reg);
        p += n;
        len -= (size_t)n;
    }
    return ~reg;
}

/* ---- CRC64NVME: slicing-by-8 ---- */

static uint64_t crc64_table[8][256];
static pthread_once_t crc64_once = PTHREAD_ONCE_INIT;

static void crc64_make_tables(void)
{
    for (unsigned n = 0; n < 256; n++) {
        uint64_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ CRC64NVME_POLY_REFLECTED : c >> 1;
        crc64_table[0][n] = c;
    }
    for (unsigned n = 0; n < 256; n++)
        for (int t = 1; t < 8; t++)
            crc64_table[t][n] =
                (crc64_table[t - 1][n] >> 8) ^ crc64_table[0][crc64_table[t - 1][n] & 0xff];
}

uint64_t crc64nvme_update(uint64_t crc, const void *data, size_t len)
{
    pthread_once(&crc64_once, crc64_make_tables);
    const unsigned char *p = data;
    uint64_t c = ~crc;
    while (len >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        word = __builtin_bswap64(word);
#endif
        c ^= word;
        c = crc64_table[7][c & 0xff] ^ crc64_table[6][(c >> 8) & 0xff] ^
            crc64_table[5][(c >> 16) & 0xff] ^ crc64_table[4][(c >> 24) & 0xff] ^
            crc64_table[3][(c >> 32) & 0xff] ^ crc64_table[2][(c >> 40) & 0xff] ^
            crc64_table[1][(c >> 48) & 0xff] ^ crc64_table[0][c >> 56];
        p += 8;
        len -= 8;
    }
    while (len--)
        c = crc64_table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

/* ---- combining: multiplication modulo the polynomial, in the reflected representation where
 * the top bit of the register is x^0 (as zlib's crc32_combine works) ---- */

static uint64_t multiply_mod(uint64_t a, uint64_t b, uint64_t poly, int width)
{
    uint64_t top = 1ull << (width - 1);
    uint64_t product = 0;
    for (uint64_t m = top; m; m >>= 1) {
        if (a & m)
            product ^= b;
        b = b & 1 ? (b >> 1) ^ poly : b >> 1;
    }
    return product;
}

/* x^(8 * bytes) modulo the polynomial. */
static uint64_t x_pow_bytes(uint64_t bytes, uint64_t poly, int width)
{
    uint64_t result = 1ull << (width - 1); /* x^0 */
    uint64_t square = 1ull << (width - 2); /* x^1 */
    for (uint64_t e = bytes * 8; e; e >>= 1) {
        if (e & 1)
            result = multiply_mod(result, square, poly, width);
        square = multiply_mod(square, square, poly, width);
    }
    return result;
}

uint64_t crc_combine(enum checksum_algorithm a, uint64_t crc_a, uint64_t crc_b,
                     uint64_t length_b)
{
    uint64_t poly = a == CHECKSUM_CRC64NVME ? CRC64NVME_POLY_REFLECTED
                    : a == CHECKSUM_CRC32C  ? CRC32C_POLY_REFLECTED
                                            : CRC32_POLY_REFLECTED;
    int width = a == CHECKSUM_CRC64NVME ? 64 : 32;
    return multiply_mod(x_pow_bytes(length_b, poly, width), crc_a, poly, width) ^ crc_b;
}

/* ---- the running digest ---- */

static EVP_MD_CTX *digest_new(const EVP_MD *md)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, md, NULL);
    return ctx;
}

void body_digest_init(struct body_digest *d, unsigned want)
{
    memset(d, 0, sizeof *d);
    d->want = want;
    d->md5 = digest_new(EVP_md5());
    if (want & (1u << CHECKSUM_SHA1))
        d->sha1 = digest_new(EVP_sha1());
    if (want & (1u << CHECKSUM_SHA256))
        d->sha256 = digest_new(EVP_sha256());
}

void body_digest_update(struct body_digest *d, const void *data, size_t len)
{
    EVP_DigestUpdate(d->md5, data, len);
    if (d->sha1)
        EVP_DigestUpdate(d->sha1, data, len);
    if (d->sha256)
        EVP_DigestUpdate(d->sha256, data, len);
    if (d->want & (1u << CHECKSUM_CRC32)) {
        const unsigned char *p = data;
        size_t left = len;
        while (left > 0) {
            uInt n = left > (1u << 30) ? (1u << 30) : (uInt)left;
            d->crc32 = (uint32_t)crc32(d->crc32, p, n);
            p += n;
            left -= n;
        }
    }
    if (d->want & (1u << CHECKSUM_CRC32C))
        d->crc32c = crc32c_update(d->crc32c, data, len);
    if (d->want & (1u << CHECKSUM_CRC64NVME))
        d->crc64 = crc64nvme_update(d->crc64, data, len);
}

static void digest_finish(EVP_MD_CTX *ctx, unsigned char *out)
{
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, out, &n);
    EVP_MD_CTX_free(ctx);
}

void checksum_crc_bytes(enum checksum_algorithm a, uint64_t crc, unsigned char *out)
{
    size_t n = checksum_size(a);
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)(crc >> (8 * (n - 1 - i)));
}

uint64_t checksum_crc_from_bytes(enum checksum_algorithm a, const unsigned char *bytes)
{
    uint64_t crc = 0;
    for (size_t i = 0; i < checksum_size(a); i++)
        crc = crc << 8 | bytes[i];
    return crc;
}

void body_digest_final(struct body_digest *d, struct digest_result *out)
{
    memset(out, 0, sizeof *out);
    digest_finish(d->md5, out->md5);
    if (d->sha1)
        digest_finish(d->sha1, out->value[CHECKSUM_SHA1]);
    if (d->sha256)
        digest_finish(d->sha256, out->value[CHECKSUM_SHA256]);
    if (d->want & (1u << CHECKSUM_CRC32))
        checksum_crc_bytes(CHECKSUM_CRC32, d->crc32, out->value[CHECKSUM_CRC32]);
    if (d->want & (1u << CHECKSUM_CRC32C))
        checksum_crc_bytes(CHECKSUM_CRC32C, d->crc32c, out->value[CHECKSUM_CRC32C]);
    if (d->want & (1u << CHECKSUM_CRC64NVME))
        checksum_crc_bytes(CHECKSUM_CRC64NVME, d->crc64, out->value[CHECKSUM_CRC64NVME]);
    out->have = d->want;
    memset(d, 0, sizeof *d);
}
