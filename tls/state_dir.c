/* Finds and creates the per-user state directory ($XDG_STATE_HOME/motoc or
 * ~/.local/state/motoc) that holds the CA. */
#include "state_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *home_dir(void)
{
    const char *home = getenv("HOME");
    if (home && home[0] == '/')
        return home;
    struct passwd *pw = getpwuid(geteuid());
    return pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
}

int state_dir_path(char *out, size_t out_len, char *err, size_t err_len)
{
    const char *explicit_dir = getenv("MOTOC_STATE_DIR");
    const char *xdg = getenv("XDG_STATE_HOME");
    int n;
    if (explicit_dir && explicit_dir[0]) {
        n = snprintf(out, out_len, "%s", explicit_dir);
    } else if (xdg && xdg[0] == '/') {
        /* The XDG spec says to ignore a relative XDG_STATE_HOME. */
        n = snprintf(out, out_len, "%s/motoc", xdg);
    } else {
        const char *home = home_dir();
        if (!home) {
            snprintf(err, err_len, "no state directory: set MOTOC_STATE_DIR or HOME");
            return -1;
        }
        n = snprintf(out, out_len, "%s/.local/state/motoc", home);
    }
    if (n < 0 || (size_t)n >= out_len) {
        snprintf(err, err_len, "state directory path too long");
        return -1;
    }
    return 0;
}

/* mkdir -p with mode 0700 for every directory it creates. */
static int make_dirs(const char *path)
{
    char partial[PATH_MAX];
    size_t len = strlen(path);
    if (len >= sizeof partial) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(partial, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (partial[i] != '/' && partial[i] != '\0')
            continue;
        char saved = partial[i];
        partial[i] = '\0';
        if (mkdir(partial, 0700) != 0 && errno != EEXIST)
            return -1;
        partial[i] = saved;
    }
    return 0;
}

int state_dir_open(const char *path, char *err, size_t err_len)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && make_dirs(path) == 0)
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_len, "cannot open the state directory %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, err_len, "cannot stat the state directory %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (st.st_uid != geteuid()) {
        snprintf(err, err_len,
                 "refusing the state directory %s: it belongs to uid %u, not to this user (%u)",
                 path, (unsigned)st.st_uid, (unsigned)geteuid());
        close(fd);
        return -1;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(err, err_len,
                 "refusing the state directory %s: others can write to it (mode %03o); "
                 "chmod 700 it",
                 path, (unsigned)(st.st_mode & 0777));
        close(fd);
        return -1;
    }
    return fd;
}
