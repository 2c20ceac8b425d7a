/* Whether interception is on right now, and opening a connection to the backend: the shared
 * server of MOTOC_ENDPOINT or the embedded core. */
#include "mode.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../http/log.h"
#include "config.h"
#include "core_api.h"
#include "real.h"

static atomic_int api_depth;

bool interception_active(void)
{
    const struct motoc_config *cfg = motoc_config();
    return !cfg->disabled && (cfg->always_on || atomic_load(&api_depth) > 0);
}

void interception_hold(void)
{
    atomic_fetch_add(&api_depth, 1);
}

int interception_release(void)
{
    int depth = atomic_load(&api_depth);
    while (depth > 0 && !atomic_compare_exchange_weak(&api_depth, &depth, depth - 1)) {
    }
    return depth > 0 ? depth - 1 : -1;
}

static int shared_server_open(const struct motoc_config *cfg)
{
    if (!cfg->endpoint_ok) {
        errno = ECONNREFUSED;
        return -1;
    }
    for (;;) {
        int fd = socket(cfg->endpoint.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            return -1;
        if (real_libc()->connect(fd, (const struct sockaddr *)&cfg->endpoint,
                                 cfg->endpoint_len) == 0)
            return fd;
        int saved = errno;
        close(fd);
        if (saved == EINTR)
            continue;
        log_msg(LOG_ERROR, "cannot reach the motoc server at %s (%s): the AWS connection fails",
                cfg->endpoint_text, strerror(saved));
        errno = saved;
        return -1;
    }
}

static int embedded_core_open(void)
{
    const struct motoc_core_api *core = core_api();
    if (!core) {
        errno = ECONNREFUSED;
        return -1;
    }
    return core->open();
}

int backend_open(void)
{
    const struct motoc_config *cfg = motoc_config();
    return cfg->shared ? shared_server_open(cfg) : embedded_core_open();
}

bool backend_has_state(void)
{
    const struct motoc_core_api *core = core_api_if_loaded();
    return motoc_config()->shared || (core && core->started());
}
