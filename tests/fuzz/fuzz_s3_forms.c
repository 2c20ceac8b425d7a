/* What S3 reads from browsers: a multipart/form-data body (in memory and from a file, which must
 * read the same), the policy document of a form upload, CORS rules matched against a request,
 * and the whole form upload through the dispatch core. Input: the first line is the boundary,
 * the rest the body; the fields named "policy" (base64 JSON), "cors" (a CORSConfiguration tree
 * as JSON), "origin", "method" and "headers" drive the policy and CORS checks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../../services/core/backend.h"
#include "../../services/core/dispatch.h"
#include "../../services/core/multipart_form.h"
#include "../../services/s3/cors.h"
#include "../../services/s3/post_policy.h"

/* Reads every part; returns a digest of what was read so both body places can be compared. */
static void read_form(const struct http_request *req, const char *boundary, struct buf *seen,
                      struct post_form *form)
{
    struct multipart_form *f = multipart_form_open(req, boundary);
    if (!f)
        return;
    struct multipart_part part = {0};
    struct buf value = BUF_INIT;
    enum multipart_step step;
    while ((step = multipart_form_next(f, &part)) == MULTIPART_PART) {
        if (part.offset + part.length > (req->body_fd >= 0 ? req->body_length : req->body.len))
            abort();
        bool read = multipart_form_read(f, &part, 4096, &value);
        buf_printf(seen, "%s|%s|%llu|%llu|%d;", part.name.data, part.filename.data, part.offset,
                   part.length, read);
        if (read && form)
            post_form_add(form, part.name.data, value.data ? value.data : "");
    }
    buf_printf(seen, "%d", (int)step);
    multipart_part_free(&part);
    buf_free(&value);
    multipart_form_close(f);
}

static void check_policy_and_cors(struct post_form *form)
{
    form->bucket = "bucket";
    form->file_size = 1234;
    const char *policy = post_form_get(form, "policy");
    if (policy) {
        struct proto_error err = {0};
        struct call c = {0};
        c.err = &err;
        int rc = post_policy_check(&c, policy, form);
        if (rc != 0 && (err.status < 400 || !err.code[0]))
            abort();
        proto_error_clear(&err);
    }
    const char *cors = post_form_get(form, "cors");
    cJSON *config = cors ? cJSON_Parse(cors) : NULL;
    struct cors_request r = {post_form_get(form, "origin"), post_form_get(form, "method"),
                             post_form_get(form, "headers")};
    const cJSON *rule = cors_first_match(config, &r);
    if (rule) {
        struct http_headers h = {0};
        cors_set_headers(&h, rule, &r);
        if (!http_headers_get(&h, "Access-Control-Allow-Origin"))
            abort();
        http_headers_free(&h);
    }
    cJSON_Delete(config);
}

/* To the bucket's own host name: S3's, whatever the request. */
static int send_request(const char *method, const char *content_type, const char *body,
                        size_t len)
{
    struct http_request req;
    struct http_response resp;
    http_request_init(&req);
    http_response_init(&resp);
    snprintf(req.method, sizeof req.method, "%s", method);
    req.target = xstrdup("/");
    req.path = xstrdup("/");
    req.query = xstrdup("");
    http_headers_add(&req.headers, "Host", "fuzz-bucket.s3.amazonaws.com");
    if (content_type)
        http_headers_add(&req.headers, "Content-Type", content_type);
    http_headers_add(&req.headers, "Origin", "https://www.example.com");
    buf_append(&req.body, body, len);
    core_handle_request(NULL, &req, &resp);
    int status = resp.status;
    http_response_free(&resp);
    http_request_free(&req);
    return status;
}

/* The form posted to a bucket, as a browser would; every answer is one S3 gives. */
static void post_through_core(const char *boundary, const char *body, size_t len)
{
    if (send_request("PUT", NULL, "", 0) != 200)
        abort();
    struct buf content_type = BUF_INIT;
    buf_printf(&content_type, "multipart/form-data; boundary=\"%s\"", boundary);
    int status = send_request("POST", content_type.data, body, len);
    if (status < 200 || status >= 600 || status == 404)
        abort();
    buf_free(&content_type);
    backends_reset_all();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl)
        return 0;
    char *boundary = xstrndup((const char *)data, (size_t)(nl - data));
    const char *body = (const char *)nl + 1;
    size_t len = size - (size_t)(nl + 1 - data);

    struct http_request in_memory;
    http_request_init(&in_memory);
    buf_append(&in_memory.body, body, len);
    struct buf seen_memory = BUF_INIT, seen_file = BUF_INIT;
    struct post_form form = {0};
    read_form(&in_memory, boundary, &seen_memory, &form);
    check_policy_and_cors(&form);
    post_form_free(&form);

    struct http_request spooled;
    http_request_init(&spooled);
    spooled.body_fd = memfd_create("fuzz-body", MFD_CLOEXEC);
    if (spooled.body_fd >= 0 && write(spooled.body_fd, body, len) == (ssize_t)len) {
        spooled.body_length = len;
        read_form(&spooled, boundary, &seen_file, NULL);
        if (strcmp(seen_memory.data ? seen_memory.data : "", seen_file.data ? seen_file.data : ""))
            abort();
    }
    http_request_free(&spooled);
    http_request_free(&in_memory);
    if (!strpbrk(boundary, "\"\\\r\n"))
        post_through_core(boundary, body, len);
    buf_free(&seen_memory);
    buf_free(&seen_file);
    free(boundary);
    return 0;
}
