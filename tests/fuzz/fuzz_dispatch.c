/* Whole requests through the dispatch core, as a careless or hostile client sends them: bytes
 * parsed by the HTTP session, routed, decoded, validated and run by the real services, several
 * requests per input so that one can act on what another created; every service's state is
 * reset after each input. Lambda is answered here instead: its calls start function processes.
 * Every answer must be a complete HTTP response with a status an AWS service sends for a
 * client's mistake or success, never an internal failure. Its seeds, requests as botocore
 * serializes them, are written by scripts/gen-fuzz-dispatch-corpus. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/log.h"
#include "../../http/session.h"
#include "../../services/core/backend.h"
#include "../../services/core/dispatch.h"
#include "../../services/core/route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct http_limits limits = {64 * 1024, 1024 * 1024};

static void handle(void *ctx, struct http_request *req, struct http_response *resp)
{
    (void)ctx;
    struct route rt;
    route_request(req, &rt);
    if (rt.service && strcmp(rt.service->name, "lambda") == 0) {
        http_response_set_body(resp, 404, "text/plain", "", 0);
        return;
    }
    core_handle_request(NULL, req, resp);
    if (resp->deferral)
        return;
    /* 500 is an internal failure: whatever a client sends, AWS says what was wrong with it. */
    if (resp->status < 200 || resp->status > 599 || resp->status == 500)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A warning per unsupported request would be most of the run's time and output. */
    log_set_level(LOG_ERROR);
    struct http_session *s = http_session_new(&limits, handle, NULL);
    http_session_feed(s, (const char *)data, size);
    http_session_eof(s);
    struct buf *out = http_session_output(s);
    if (out->len && strncmp(out->data, "HTTP/1.1 ", out->len < 9 ? out->len : 9) != 0)
        abort();
    http_session_free(s);
    backends_reset_all();
    return 0;
}
