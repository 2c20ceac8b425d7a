/* The digests S3 keeps of an object: the MD5 behind its ETag and the additional checksums
 * (CRC32, CRC32C, CRC64NVME, SHA1, SHA256), computed together in one pass over the bytes. */
#ifndef MOTOC_S3_CHECKSUM_H
#define MOTOC_S3_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

enum checksum_algorithm {
    CHECKSUM_CRC32,
    CHECKSUM_CRC32C,
    CHECKSUM_CRC64NVME,
    CHECKSUM_SHA1,
    CHECKSUM_SHA256,
    CHECKSUM_COUNT,
    CHECKSUM_NONE = -1,
};

#define CHECKSUM_MAX_BYTES 32

/* "CRC32" … as S3 names the algorithm. */
const char *checksum_name(enum checksum_algorithm a);
/* "ChecksumCRC32" …: the params/result member. */
const char *checksum_member(enum checksum_algorithm a);
/* "x-amz-checksum-crc32" … */
const char *checksum_header(enum checksum_algorithm a);
/* Case-insensitive; CHECKSUM_NONE if unknown. */
enum checksum_algorithm checksum_from_name(const char *name);
size_t checksum_size(enum checksum_algorithm a);
/* CRCs can be combined arithmetically (full-object checksums of multipart uploads). */
bool checksum_is_crc(enum checksum_algorithm a);

/* Raw CRC updates, each starting from 0 and returning the finished value, so that
 * crc(a ++ b) == update(crc(a), b). */
uint32_t crc32c_update(uint32_t crc, const void *data, size_t len);
uint64_t crc64nvme_update(uint64_t crc, const void *data, size_t len);
/* The CRC of a ++ b from crc(a), crc(b) and the length of b. */
uint64_t crc_combine(enum checksum_algorithm a, uint64_t crc_a, uint64_t crc_b,
                     uint64_t length_b);

/* A running digest of a body: MD5 always, the checksums in want (bit per algorithm). */
struct body_digest {
    EVP_MD_CTX *md5;
    EVP_MD_CTX *sha1;
    EVP_MD_CTX *sha256;
    uint32_t crc32, crc32c;
    uint64_t crc64;
    unsigned want;
};

struct digest_result {
    unsigned char md5[16];
    unsigned char value[CHECKSUM_COUNT][CHECKSUM_MAX_BYTES];
    unsigned have; /* bit per algorithm computed */
};

void body_digest_init(struct body_digest *d, unsigned want);
void body_digest_update(struct body_digest *d, const void *data, size_t len);
/* Finishes and frees the contexts. */
void body_digest_final(struct body_digest *d, struct digest_result *out);

/* The big-endian bytes of a CRC of that algorithm's width. */
void checksum_crc_bytes(enum checksum_algorithm a, uint64_t crc, unsigned char *out);
uint64_t checksum_crc_from_bytes(enum checksum_algorithm a, const unsigned char *bytes);

#endif
