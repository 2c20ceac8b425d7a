/* multipart/form-data bodies (RFC 7578), as browsers post HTML forms: each part's name, file
 * name and type, and where its bytes lie in the request body, so that a large file is never
 * copied into memory. Reads the body in place, whether in memory or spooled to a file. */
#ifndef MOTOC_MULTIPART_FORM_H
#define MOTOC_MULTIPART_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "../../http/buf.h"
#include "../../http/message.h"

/* The boundary parameter of a Content-Type into out; false unless the type is
 * multipart/form-data with a usable boundary (1 to 70 characters). */
bool multipart_form_boundary(const char *content_type, struct buf *out);

struct multipart_part {
    struct buf name;         /* Content-Disposition's name, "" if absent */
    struct buf filename;     /* its filename, "" if absent */
    bool has_filename;
    struct buf content_type; /* the part's Content-Type, "" if absent */
    unsigned long long offset, length; /* the part's bytes within the request body */
};

enum multipart_step {
    MULTIPART_PART,      /* *part describes the next part */
    MULTIPART_END,       /* the closing delimiter was read */
    MULTIPART_MALFORMED, /* no delimiter where one must be, or a part's headers are unreadable */
    MULTIPART_IO_ERROR,  /* a spooled body could not be read */
};

struct multipart_form;

/* Reads req's body as a form with that boundary; req must outlive the reader. */
struct multipart_form *multipart_form_open(const struct http_request *req, const char *boundary);
void multipart_form_close(struct multipart_form *f);

/* The next part (fields of *part replaced; multipart_part_free it once done). */
enum multipart_step multipart_form_next(struct multipart_form *f, struct multipart_part *part);

/* Copies a part's bytes into out (replacing its contents), if there are at most max of them;
 * false if there are more or on I/O failure. */
bool multipart_form_read(const struct multipart_form *f, const struct multipart_part *part,
                         size_t max, struct buf *out);

void multipart_part_free(struct multipart_part *part);

#endif
