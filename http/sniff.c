/* Tells a new connection's protocol from its first bytes and parses a proxy client's CONNECT
 * request; no I/O. */
#include "sniff.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define TLS_HANDSHAKE_RECORD 0x16

static const char connect_prefix[] = "CONNECT ";

enum sniff_verdict sniff_protocol(const char *data, size_t len)
{
    if (len == 0)
        return SNIFF_NEED_MORE;
    if ((unsigned char)data[0] == TLS_HANDSHAKE_RECORD)
        return SNIFF_TLS;
    size_t prefix_len = sizeof connect_prefix - 1;
    size_t n = len < prefix_len ? len : prefix_len;
    if (memcmp(data, connect_prefix, n) != 0)
        return SNIFF_HTTP;
    return len < prefix_len ? SNIFF_NEED_MORE : SNIFF_CONNECT;
}

/* Offset just past the empty line that ends the head, or 0 if it has not arrived. Bare LF line
 * ends are accepted, as HTTP parsers commonly do. */
static size_t head_end(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (data[i] != '\n')
            continue;
        if (i + 1 < len && data[i + 1] == '\n')
            return i + 2;
        if (i + 2 < len && data[i + 1] == '\r' && data[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

static bool is_host_char(char c)
{
    return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_';
}

/* authority-form: host ":" port, the host an IPv6 literal in brackets or a name / IPv4 address. */
static bool parse_authority(const char *p, size_t len, struct connect_target *t)
{
    const char *host = p, *port;
    size_t host_len;
    if (len > 0 && p[0] == '[') {
        const char *close = memchr(p, ']', len);
        if (!close || close + 1 >= p + len || close[1] != ':')
            return false;
        host = p + 1;
        host_len = (size_t)(close - host);
        port = close + 2;
        for (size_t i = 0; i < host_len; i++)
            if (!isxdigit((unsigned char)host[i]) && host[i] != ':' && host[i] != '.')
                return false;
    } else {
        const char *colon = memchr(p, ':', len);
        if (!colon)
            return false;
        host_len = (size_t)(colon - p);
        port = colon + 1;
        for (size_t i = 0; i < host_len; i++)
            if (!is_host_char(host[i]))
                return false;
    }
    size_t port_len = (size_t)(p + len - port);
    if (host_len == 0 || host_len >= sizeof t->host || port_len == 0 || port_len > 5)
        return false;
    unsigned long port_number = 0;
    for (size_t i = 0; i < port_len; i++) {
        if (!isdigit((unsigned char)port[i]))
            return false;
        port_number = port_number * 10 + (unsigned long)(port[i] - '0');
    }
    if (port_number == 0 || port_number > 65535)
        return false;
    memcpy(t->host, host, host_len);
    t->host[host_len] = '\0';
    memcpy(t->port, port, port_len);
    t->port[port_len] = '\0';
    return true;
}

enum connect_parse connect_request_parse(const char *data, size_t len,
                                         struct connect_target *target, size_t *head_len)
{
    size_t end = head_end(data, len < CONNECT_HEAD_MAX ? len : CONNECT_HEAD_MAX);
    if (end == 0)
        return len >= CONNECT_HEAD_MAX ? CONNECT_TOO_LARGE : CONNECT_INCOMPLETE;
    size_t prefix_len = sizeof connect_prefix - 1;
    if (end < prefix_len || memcmp(data, connect_prefix, prefix_len) != 0)
        return CONNECT_MALFORMED;
    const char *line_end = memchr(data, '\n', end);
    size_t line_len = (size_t)(line_end - data);
    if (line_len > 0 && data[line_len - 1] == '\r')
        line_len--;
    const char *authority = data + prefix_len;
    const char *space = memchr(authority, ' ', line_len - prefix_len);
    if (!space)
        return CONNECT_MALFORMED;
    const char *version = space + 1;
    size_t version_len = (size_t)(data + line_len - version);
    if (version_len != 8 || memcmp(version, "HTTP/1.", 7) != 0 ||
        (version[7] != '0' && version[7] != '1'))
        return CONNECT_MALFORMED;
    if (!parse_authority(authority, (size_t)(space - authority), target))
        return CONNECT_MALFORMED;
    *head_len = end;
    return CONNECT_PARSED;
}
