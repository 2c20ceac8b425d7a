/* The C API (motoc.h). Resetting goes through the backend like any client's request to
 * motoapi.amazonaws.com, so it works the same for the embedded core, whose state only its own
 * thread may touch, and for a shared server. */
#include "motoc.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../http/log.h"
#include "../tls/aws_names.h"
#include "config.h"
#include "export.h"
#include "mode.h"

#define RESET_TIMEOUT_S 10

static int send_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads the status line of the answer; the connection closes after it. */
static int read_status(int fd)
{
    char head[64];
    size_t got = 0;
    while (got < sizeof head - 1) {
        ssize_t n = recv(fd, head + got, sizeof head - 1 - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    head[got] = '\0';
    return strncmp(head, "HTTP/1.1 200 ", 13) == 0 ? 0 : -1;
}

static int reset_state(void)
{
    if (!backend_has_state())
        return 0;
    int fd = backend_open();
    if (fd < 0)
        return -1;
    struct timeval timeout = {RESET_TIMEOUT_S, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    static const char request[] = "POST /moto-api/reset HTTP/1.1\r\n"
                                  "Host: " MOTO_API_HOST "\r\n"
                                  "Content-Length: 0\r\n"
                                  "Connection: close\r\n\r\n";
    int rc = send_all(fd, request, sizeof request - 1) == 0 ? read_status(fd) : -1;
    close(fd);
    if (rc != 0)
        log_msg(LOG_ERROR, "motoc could not reset its state");
    return rc;
}

MOTOC_EXPORT int motoc_start(void)
{
    if (motoc_config()->disabled)
        return -1;
    interception_hold();
    return 0;
}

MOTOC_EXPORT int motoc_stop(void)
{
    int left = interception_release();
    if (left < 0)
        return -1;
    return left == 0 ? reset_state() : 0;
}

MOTOC_EXPORT int motoc_reset(void)
{
    if (motoc_config()->disabled)
        return -1;
    return reset_state();
}
