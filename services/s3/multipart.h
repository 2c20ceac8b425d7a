/* Multipart uploads in progress: the settings given at creation and the parts received. */
#ifndef MOTOC_S3_MULTIPART_H
#define MOTOC_S3_MULTIPART_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "blob.h"
#include "checksum.h"
#include "object.h"

#define MAX_PART_NUMBER 10000
/* Every part but the last must be at least this large. */
#define MIN_PART_SIZE (5ull * 1024 * 1024)

struct part {
    int number;
    struct blob *body;
    char etag[ETAG_MAX];
    unsigned char md5[16];
    double last_modified;
    char checksum[CHECKSUM_MAX_BYTES * 2]; /* base64 of the upload's algorithm, "" if none */
    uint64_t crc;                          /* the same, as a number, for CRC algorithms */
};

struct upload {
    char id[96];
    char *key;
    double initiated;
    char account[16];
    cJSON *settings;   /* the CreateMultipartUpload params the object inherits */
    enum checksum_algorithm checksum_algorithm;
    bool checksum_full_object;
    struct part *parts; /* sorted by number */
    int n_parts, cap_parts;
};

struct upload *upload_new(const char *key, const char *account, cJSON *settings);
void upload_free(void *upload);
/* The part with that number, or NULL. */
struct part *upload_part(struct upload *u, int number);
/* Stores a part, replacing any earlier one of that number; takes body. */
struct part *upload_put_part(struct upload *u, int number, struct blob *body,
                             const unsigned char md5[16], double now);

#endif
