/* The front ends' entry points to saving and loading: every backend, the configured directory,
 * and how long each took (in the log). */
#include "persist_store.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../../http/buf.h"
#include "../../http/log.h"

static char *configured_dir;

void persist_set_dir(const char *dir)
{
    free(configured_dir);
    configured_dir = NULL;
    if (!dir || !*dir)
        return;
    /* Made absolute now: a program with an embedded core may change directory before it exits
     * and saves. */
    char *cwd = dir[0] != '/' ? getcwd(NULL, 0) : NULL;
    struct buf path = BUF_INIT;
    if (cwd)
        buf_printf(&path, "%s/", cwd);
    buf_puts(&path, dir);
    free(cwd);
    configured_dir = buf_take(&path);
}

const char *persist_dir(void)
{
    return configured_dir;
}

static double elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) * 1e3 +
           (double)(now.tv_nsec - since->tv_nsec) / 1e6;
}

int persist_save_all(const char *dir, char *err, size_t size)
{
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    int rc = persist_save_backends(service_backends, dir, err, size);
    if (rc == 0)
        log_msg(LOG_INFO, "state saved to %s in %.1f ms", dir, elapsed_ms(&started));
    return rc;
}

int persist_load_all(const char *dir, char *err, size_t size)
{
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    int rc = persist_load_backends(service_backends, dir, err, size);
    if (rc == PERSIST_LOADED)
        log_msg(LOG_INFO, "state loaded from %s in %.1f ms", dir, elapsed_ms(&started));
    return rc;
}
