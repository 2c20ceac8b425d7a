/* x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, with an optional
 * "?versionId=…". */
#ifndef MOTOC_S3_COPY_SOURCE_H
#define MOTOC_S3_COPY_SOURCE_H

#include <stdbool.h>

struct copy_source {
    char *bucket;
    char *key;
    char *version_id; /* NULL when absent */
};

/* false when the header does not name a bucket and a key. */
bool copy_source_parse(const char *header, struct copy_source *out);
void copy_source_free(struct copy_source *s);

#endif
