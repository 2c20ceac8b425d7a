/* S3's generated ids are usable where clients put them: on a command line (the AWS CLI reads a
 * leading '-' as an option) and in URLs. */
#include <ctype.h>
#include <string.h>

#include "../../services/s3/multipart.h"
#include "../../services/s3/object.h"
#include "check.h"

int main(void)
{
    int leading_punctuation = 0, dots = 0;
    for (int i = 0; i < 4000; i++) {
        char version[VERSION_ID_LEN + 1];
        object_version_id_new(version);
        leading_punctuation += !isalnum((unsigned char)version[0]);
        struct upload *u = upload_new("key", "123456789012", NULL);
        leading_punctuation += !isalnum((unsigned char)u->id[0]);
        dots += strchr(u->id, '.') != NULL;
        upload_free(u);
    }
    CHECK(leading_punctuation == 0, "%d ids start with punctuation", leading_punctuation);
    CHECK(dots == 0, "%d upload ids hold a '.'", dots);
    return test_summary("s3_ids");
}
