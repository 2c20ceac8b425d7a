/* One server-side TLS connection without any I/O: ciphertext in, plaintext out and back. The
 * socket layer (http/server.c) moves the bytes, so the event loop decides when to read and write
 * and nothing ever blocks. */
#ifndef MOTOC_TLS_SESSION_H
#define MOTOC_TLS_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "../http/buf.h"
#include "tls_context.h"

enum tls_io {
    TLS_IO_OK,         /* some bytes moved */
    TLS_IO_WANT_INPUT, /* nothing more until the peer sends more ciphertext */
    TLS_IO_CLOSED,     /* the peer sent close_notify */
    TLS_IO_FAILED,     /* protocol error; an alert for the peer may be in the output */
};

struct tls_session;

/* default_name (copied; may be NULL) names the certificate when the client's SNI does not. */
struct tls_session *tls_session_new(struct tls_context *ctx, const char *default_name);
void tls_session_free(struct tls_session *s);

/* Ciphertext received from the peer. */
void tls_session_feed(struct tls_session *s, const char *data, size_t len);
/* Decrypts what was fed into dst (advancing the handshake on the way); *got > 0 with TLS_IO_OK. */
enum tls_io tls_session_read(struct tls_session *s, char *dst, size_t cap, size_t *got);
/* Encrypts up to len bytes of plaintext; *taken says how many were. */
enum tls_io tls_session_write(struct tls_session *s, const char *data, size_t len, size_t *taken);
/* Queues close_notify (once; not before the handshake has finished). */
void tls_session_close(struct tls_session *s);

/* Ciphertext waiting for the peer; the caller consumes what it sent (buf_consume). */
struct buf *tls_session_output(struct tls_session *s);
bool tls_session_established(const struct tls_session *s);

#endif
