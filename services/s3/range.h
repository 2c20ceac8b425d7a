/* The Range header of a GET ("bytes=0-9", "bytes=5-", "bytes=-3") and the copy-source range of
 * UploadPartCopy, as S3 reads them. */
#ifndef MOTOC_S3_RANGE_H
#define MOTOC_S3_RANGE_H

#include <stdbool.h>
#include <stdint.h>

enum range_result {
    RANGE_NONE,          /* absent or not a single byte range: the whole object is sent */
    RANGE_OK,            /* *first..*last inclusive */
    RANGE_UNSATISFIABLE, /* 416 InvalidRange */
};

/* For an object of size bytes. */
enum range_result range_parse(const char *header, uint64_t size, uint64_t *first, uint64_t *last);

/* x-amz-copy-source-range: strictly "bytes=first-last" with first <= last; false otherwise. */
bool copy_range_parse(const char *header, uint64_t *first, uint64_t *last);

#endif
