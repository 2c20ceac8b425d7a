/* What a new connection speaks, told from its first bytes, and the CONNECT request of a client
 * that uses motoc as an HTTP proxy. No I/O. */
#ifndef MOTOC_SNIFF_H
#define MOTOC_SNIFF_H

#include <stddef.h>

enum sniff_verdict {
    SNIFF_NEED_MORE, /* too few bytes to tell */
    SNIFF_TLS,       /* a TLS handshake record */
    SNIFF_CONNECT,   /* an HTTP CONNECT request */
    SNIFF_HTTP,      /* anything else: plain HTTP (garbage gets HTTP's 400) */
};

enum sniff_verdict sniff_protocol(const char *data, size_t len);

/* A CONNECT request's head (request line and headers) may not be longer than this. */
#define CONNECT_HEAD_MAX 8192

struct connect_target {
    char host[256]; /* a name or an IP address, without the brackets of an IPv6 literal */
    char port[6];
};

enum connect_parse {
    CONNECT_INCOMPLETE, /* the head has not ended yet */
    CONNECT_PARSED,     /* target filled in; *head_len bytes belong to the request */
    CONNECT_MALFORMED,
    CONNECT_TOO_LARGE,
};

/* Parses "CONNECT host:port HTTP/1.x" and skips the headers up to the empty line. */
enum connect_parse connect_request_parse(const char *data, size_t len,
                                         struct connect_target *target, size_t *head_len);

#endif
