/* What the connection deadlines rely on: the session tells a request's head from its body and
 * one request from the next, answers a timed-out request with RequestTimeout, and the limits'
 * environment overrides are read or refused whole. */
#include <stdlib.h>
#include <string.h>

#include "../../http/server.h"
#include "../../http/session.h"
#include "check.h"

static const struct http_limits limits = {4096, 1u << 20};

static void ok_handler(void *ctx, struct http_request *req, struct http_response *resp)
{
    (void)ctx;
    (void)req;
    http_response_set_body(resp, 200, "text/plain", "ok", 2);
}

static void feed(struct http_session *s, const char *text)
{
    http_session_feed(s, text, strlen(text));
}

static void test_phases_of_one_request(void)
{
    struct http_session *s = http_session_new(&limits, ok_handler, NULL);
    CHECK(http_session_requests_begun(s) == 0, "nothing begun yet");
    CHECK(!http_session_mid_request(s), "idle at first");
    feed(s, "PU");
    CHECK(http_session_requests_begun(s) == 1, "the first byte begins a request");
    CHECK(http_session_mid_request(s) && !http_session_reading_body(s), "in the head");
    feed(s, "T /b/k HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab");
    CHECK(http_session_reading_body(s), "headers complete, body under way");
    CHECK(http_session_requests_begun(s) == 1, "still the same request");
    feed(s, "cd");
    CHECK(!http_session_mid_request(s) && !http_session_reading_body(s), "answered");
    feed(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /");
    CHECK(http_session_requests_begun(s) == 3, "two more begun in one feed: %lu",
          http_session_requests_begun(s));
    CHECK(http_session_mid_request(s) && !http_session_reading_body(s), "third head pending");
    http_session_free(s);
}

static void test_time_out_answers_and_closes(void)
{
    struct http_session *s = http_session_new(&limits, ok_handler, NULL);
    feed(s, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaa");
    http_session_time_out(s, 408, "too slow");
    struct buf *out = http_session_output(s);
    CHECK(out->len > 0 && strncmp(out->data, "HTTP/1.1 408 ", 13) == 0, "408 first: %.*s",
          (int)out->len, out->data);
    CHECK(out->data && strstr(out->data, "<Code>RequestTimeout</Code>"), "AWS code in the body");
    CHECK(out->data && strstr(out->data, "Connection: close"), "the connection ends");
    CHECK(http_session_closing(s), "closing");
    CHECK(!http_session_mid_request(s), "the request is abandoned");
    size_t len = out->len;
    feed(s, "bbb\r\n\r\n");
    CHECK(http_session_output(s)->len == len, "later input is ignored");
    http_session_free(s);
}

static void test_environment_overrides(void)
{
    struct http_server_config cfg;
    http_server_config_defaults(&cfg);
    CHECK(cfg.header_timeout_ms == 20000 && cfg.body_min_rate == 500 &&
              cfg.body_grace_ms == 10000 && cfg.max_connections == 4096 &&
              cfg.idle_timeout_ms == 60000,
          "documented defaults");
    char err[128] = "";
    setenv("MOTOC_HEADER_TIMEOUT", "7", 1);
    setenv("MOTOC_BODY_MIN_RATE", "0", 1);
    setenv("MOTOC_MAX_CONNECTIONS", "100", 1);
    CHECK(http_server_config_from_env(&cfg, err, sizeof err) == 0, "valid: %s", err);
    CHECK(cfg.header_timeout_ms == 7000, "seconds scaled: %u", cfg.header_timeout_ms);
    CHECK(cfg.body_min_rate == 0, "0 disables the minimum rate");
    CHECK(cfg.max_connections == 100, "cap read");
    CHECK(cfg.body_grace_ms == 10000, "unset keeps the default");
    setenv("MOTOC_MAX_CONNECTIONS", "0", 1);
    CHECK(http_server_config_from_env(&cfg, err, sizeof err) == -1, "a cap of 0 is refused");
    CHECK(strstr(err, "MOTOC_MAX_CONNECTIONS") != NULL, "the variable is named: %s", err);
    setenv("MOTOC_MAX_CONNECTIONS", "12x", 1);
    CHECK(http_server_config_from_env(&cfg, err, sizeof err) == -1, "junk is refused");
    setenv("MOTOC_MAX_CONNECTIONS", "-5", 1);
    CHECK(http_server_config_from_env(&cfg, err, sizeof err) == -1, "negative is refused");
    unsetenv("MOTOC_MAX_CONNECTIONS");
    unsetenv("MOTOC_BODY_MIN_RATE");
    unsetenv("MOTOC_HEADER_TIMEOUT");
}

int main(void)
{
    test_phases_of_one_request();
    test_time_out_answers_and_closes();
    test_environment_overrides();
    return test_summary("test_request_progress");
}
