/* One server-side TLS connection over memory BIOs: ciphertext fed in, plaintext read and
 * written, ciphertext collected for the socket layer. */
#include "tls_session.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "../http/log.h"
#include "aws_names.h"

struct tls_session {
    SSL *ssl;
    BIO *from_peer; /* owned by ssl */
    BIO *to_peer;   /* owned by ssl */
    struct buf out;
    char default_name[DNS_NAME_SIZE];
    bool failed;
    bool close_queued;
};

struct tls_session *tls_session_new(struct tls_context *ctx, const char *default_name)
{
    struct tls_session *s = xcalloc(1, sizeof *s);
    if (default_name)
        snprintf(s->default_name, sizeof s->default_name, "%s", default_name);
    s->ssl = tls_context_new_ssl(ctx, default_name ? s->default_name : NULL);
    s->from_peer = BIO_new(BIO_s_mem());
    s->to_peer = BIO_new(BIO_s_mem());
    if (!s->ssl || !s->from_peer || !s->to_peer) {
        BIO_free(s->from_peer);
        BIO_free(s->to_peer);
        SSL_free(s->ssl);
        free(s);
        ERR_clear_error();
        return NULL;
    }
    /* An empty input BIO means "wait for more", not end of stream. */
    BIO_set_mem_eof_return(s->from_peer, -1);
    SSL_set_bio(s->ssl, s->from_peer, s->to_peer);
    return s;
}

void tls_session_free(struct tls_session *s)
{
    if (!s)
        return;
    SSL_free(s->ssl);
    buf_free(&s->out);
    free(s);
}

static void collect_output(struct tls_session *s)
{
    size_t pending;
    while ((pending = BIO_ctrl_pending(s->to_peer)) > 0) {
        if (pending > INT_MAX)
            pending = INT_MAX;
        buf_reserve(&s->out, pending);
        int n = BIO_read(s->to_peer, s->out.data + s->out.len, (int)pending);
        if (n <= 0)
            break;
        s->out.len += (size_t)n;
        s->out.data[s->out.len] = '\0';
    }
}

static void log_failure(struct tls_session *s)
{
    unsigned long code = ERR_peek_last_error();
    char reason[256] = "unexpected error";
    if (code)
        ERR_error_string_n(code, reason, sizeof reason);
    const char *sni = SSL_get_servername(s->ssl, TLSEXT_NAMETYPE_host_name);
    log_msg(LOG_INFO, "TLS %s failed%s%.253s%s: %s",
            SSL_is_init_finished(s->ssl) ? "connection" : "handshake", sni ? " (SNI " : "",
            sni ? sni : "", sni ? ")" : "", reason);
}

static enum tls_io outcome(struct tls_session *s, int rc)
{
    switch (SSL_get_error(s->ssl, rc)) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        return TLS_IO_WANT_INPUT;
    case SSL_ERROR_ZERO_RETURN:
        return TLS_IO_CLOSED;
    default:
        log_failure(s);
        ERR_clear_error();
        s->failed = true;
        return TLS_IO_FAILED;
    }
}

void tls_session_feed(struct tls_session *s, const char *data, size_t len)
{
    while (len > 0 && !s->failed) {
        int chunk = len > INT_MAX ? INT_MAX : (int)len;
        int n = BIO_write(s->from_peer, data, chunk);
        if (n <= 0) {
            s->failed = true;
            return;
        }
        data += n;
        len -= (size_t)n;
    }
}

enum tls_io tls_session_read(struct tls_session *s, char *dst, size_t cap, size_t *got)
{
    *got = 0;
    if (s->failed)
        return TLS_IO_FAILED;
    /* OpenSSL's error queue is per thread: a stale entry would be taken for this call's. */
    ERR_clear_error();
    int rc = SSL_read_ex(s->ssl, dst, cap, got);
    /* Reading can produce output too: handshake messages, alerts, session tickets, a key update. */
    collect_output(s);
    return rc == 1 ? TLS_IO_OK : outcome(s, rc);
}

enum tls_io tls_session_write(struct tls_session *s, const char *data, size_t len, size_t *taken)
{
    *taken = 0;
    if (s->failed)
        return TLS_IO_FAILED;
    if (len == 0)
        return TLS_IO_OK;
    ERR_clear_error();
    int rc = SSL_write_ex(s->ssl, data, len, taken);
    collect_output(s);
    return rc == 1 ? TLS_IO_OK : outcome(s, rc);
}

void tls_session_close(struct tls_session *s)
{
    if (s->failed || s->close_queued || !SSL_is_init_finished(s->ssl))
        return;
    s->close_queued = true;
    ERR_clear_error();
    SSL_shutdown(s->ssl);
    ERR_clear_error();
    collect_output(s);
}

struct buf *tls_session_output(struct tls_session *s)
{
    return &s->out;
}

bool tls_session_established(const struct tls_session *s)
{
    return SSL_is_init_finished(s->ssl);
}
