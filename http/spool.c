/* motoc's private spool directory for large bodies, and the unnamed files in it. */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

static char dir_path[4096];
static pid_t dir_owner;
static pthread_once_t dir_once = PTHREAD_ONCE_INIT;

static void remove_dir(void)
{
    /* Services remove their own named files on reset and exit; only the empty directory is
     * left to remove here. */
    if (dir_path[0] && getpid() == dir_owner) /* not from a forked child's exit */
        rmdir(dir_path);
}

static void create_dir(void)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    snprintf(dir_path, sizeof dir_path, "%s/motoc-%d-XXXXXX", base, (int)getpid());
    if (!mkdtemp(dir_path)) {
        log_msg(LOG_ERROR, "cannot create a spool directory in %s", base);
        dir_path[0] = '\0';
        return;
    }
    dir_owner = getpid();
    atexit(remove_dir);
}

const char *spool_dir(void)
{
    pthread_once(&dir_once, create_dir);
    return dir_path[0] ? dir_path : NULL;
}

int spool_file_new(void)
{
    const char *dir = spool_dir();
    if (!dir) {
        errno = ENOENT;
        return -1;
    }
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
        return fd;
    /* Filesystems without O_TMPFILE: a named file, unlinked at once. */
    char path[4200];
    snprintf(path, sizeof path, "%s/body-XXXXXX", dir);
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    return fd;
}
