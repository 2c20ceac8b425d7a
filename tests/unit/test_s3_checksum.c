/* S3 checksums against published check values ("123456789") and the CRC combination used for
 * full-object checksums of multipart uploads. */
#include <stdio.h>
#include <string.h>

#include "../../services/core/codec_util.h"
#include "../../services/s3/checksum.h"
#include "check.h"

static const char check_input[] = "123456789";

static void check_crc_values(void)
{
    CHECK(crc32c_update(0, check_input, 9) == 0xe3069283u, "crc32c %08x",
          crc32c_update(0, check_input, 9));
    CHECK(crc64nvme_update(0, check_input, 9) == 0xae8b14860a799888ull, "crc64nvme %016llx",
          (unsigned long long)crc64nvme_update(0, check_input, 9));
    /* Incremental updates equal one pass, at every split. */
    for (size_t cut = 0; cut <= 9; cut++) {
        CHECK(crc32c_update(crc32c_update(0, check_input, cut), check_input + cut, 9 - cut) ==
                  0xe3069283u,
              "crc32c split at %zu", cut);
        CHECK(crc64nvme_update(crc64nvme_update(0, check_input, cut), check_input + cut,
                               9 - cut) == 0xae8b14860a799888ull,
              "crc64 split at %zu", cut);
    }
}

static void check_combine(void)
{
    const char *a = "hello ", *b = "world, and a longer second half";
    size_t la = strlen(a), lb = strlen(b);
    char whole[128];
    snprintf(whole, sizeof whole, "%s%s", a, b);
    uint64_t want64 = crc64nvme_update(0, whole, la + lb);
    uint64_t got64 = crc_combine(CHECKSUM_CRC64NVME, crc64nvme_update(0, a, la),
                                 crc64nvme_update(0, b, lb), lb);
    CHECK(got64 == want64, "crc64 combine");
    uint32_t want32c = crc32c_update(0, whole, la + lb);
    uint64_t got32c = crc_combine(CHECKSUM_CRC32C, crc32c_update(0, a, la),
                                  crc32c_update(0, b, lb), lb);
    CHECK(got32c == want32c, "crc32c combine %08llx vs %08x", (unsigned long long)got32c,
          want32c);
    struct body_digest d;
    struct digest_result whole_r, ra, rb;
    body_digest_init(&d, 1u << CHECKSUM_CRC32);
    body_digest_update(&d, whole, la + lb);
    body_digest_final(&d, &whole_r);
    body_digest_init(&d, 1u << CHECKSUM_CRC32);
    body_digest_update(&d, a, la);
    body_digest_final(&d, &ra);
    body_digest_init(&d, 1u << CHECKSUM_CRC32);
    body_digest_update(&d, b, lb);
    body_digest_final(&d, &rb);
    uint64_t got32 = crc_combine(CHECKSUM_CRC32,
                                 checksum_crc_from_bytes(CHECKSUM_CRC32, ra.value[CHECKSUM_CRC32]),
                                 checksum_crc_from_bytes(CHECKSUM_CRC32, rb.value[CHECKSUM_CRC32]),
                                 lb);
    CHECK(got32 == checksum_crc_from_bytes(CHECKSUM_CRC32, whole_r.value[CHECKSUM_CRC32]),
          "crc32 combine");
}

static void check_digest_base64(enum checksum_algorithm a, const char *input, const char *want)
{
    struct body_digest d;
    struct digest_result r;
    body_digest_init(&d, 1u << a);
    body_digest_update(&d, input, strlen(input));
    body_digest_final(&d, &r);
    struct buf text = BUF_INIT;
    base64_encode(r.value[a], checksum_size(a), &text);
    CHECK_STR(text.data, want, "%s of '%s'", checksum_name(a), input);
    buf_free(&text);
}

int main(void)
{
    check_crc_values();
    check_combine();
    /* Values S3 answers for "hello world". */
    check_digest_base64(CHECKSUM_CRC32, "hello world", "DUoRhQ==");
    check_digest_base64(CHECKSUM_CRC32C, "hello world", "yZRlqg==");
    check_digest_base64(CHECKSUM_SHA1, "hello world", "Kq5sNclPz7QV2+lfQIuc6R7oRu0=");
    check_digest_base64(CHECKSUM_SHA256, "hello world",
                        "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=");
    check_digest_base64(CHECKSUM_CRC64NVME, "hello world", "jSnVw/bqjr4=");
    CHECK(checksum_from_name("crc32c") == CHECKSUM_CRC32C, "name lookup");
    CHECK(checksum_from_name("XXHASH3") == CHECKSUM_NONE, "unsupported name");
    return test_summary("s3_checksum");
}
