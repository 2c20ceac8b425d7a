/* Generations of a save directory: CURRENT, gen-N folders, the lock, atomic switching. */
#include "persist_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../http/buf.h"

#define CURRENT_FILE "CURRENT"
#define CURRENT_TEMP "CURRENT.tmp"
#define LOCK_FILE "lock"
#define GENERATION_PREFIX "gen-"

static char *join(const char *dir, const char *name)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s/%s", dir, name);
    return buf_take(&b);
}

/* The number of a generation's folder name ("gen-12"), or -1 for any other name. */
static long long generation_number(const char *name)
{
    size_t prefix = strlen(GENERATION_PREFIX);
    if (strncmp(name, GENERATION_PREFIX, prefix) != 0 || !name[prefix] ||
        strlen(name + prefix) > 18)
        return -1;
    long long n = 0;
    for (const char *p = name + prefix; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (*p - '0');
    }
    return n;
}

int save_dir_open(struct save_dir *d, const char *path, bool for_save, char *err, size_t size)
{
    d->path = NULL;
    d->lock_fd = -1;
    if (for_save && mkdir(path, 0700) != 0 && errno != EEXIST) {
        snprintf(err, size, "cannot create the state directory %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT && !for_save)
            return 0;
        snprintf(err, size, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, size, "%s: not a directory", path);
        return -1;
    }
    char *lock_path = join(path, LOCK_FILE);
    /* A load may find no lock file in a directory copied from elsewhere, or one it may not
     * write: it then reads without one. */
    int fd = open(lock_path, (for_save ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC, 0600);
    if (fd < 0 && for_save) {
        snprintf(err, size, "%s: %s", lock_path, strerror(errno));
        free(lock_path);
        return -1;
    }
    free(lock_path);
    if (fd >= 0) {
        while (flock(fd, for_save ? LOCK_EX : LOCK_SH) != 0 && errno == EINTR) {
        }
    }
    d->path = xstrdup(path);
    d->lock_fd = fd;
    return 1;
}

void save_dir_close(struct save_dir *d)
{
    if (d->lock_fd >= 0)
        close(d->lock_fd); /* drops the lock */
    d->lock_fd = -1;
    free(d->path);
    d->path = NULL;
}

/* CURRENT's generation name into name; 1, 0 without CURRENT, -1 with err. */
static int read_current(const struct save_dir *d, char *name, size_t name_size, char *err,
                        size_t size)
{
    char *path = join(d->path, CURRENT_FILE);
    FILE *f = fopen(path, "re");
    if (!f) {
        int rc = errno == ENOENT ? 0 : -1;
        if (rc < 0)
            snprintf(err, size, "%s: %s", path, strerror(errno));
        free(path);
        return rc;
    }
    char line[64] = "";
    bool read_ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    line[strcspn(line, "\n")] = '\0';
    int rc = 1;
    if (!read_ok || generation_number(line) < 0) {
        snprintf(err, size, "%s: byte 0: does not name a generation: the save is corrupted",
                 path);
        rc = -1;
    } else {
        snprintf(name, name_size, "%s", line);
    }
    free(path);
    return rc;
}

int save_dir_current(const struct save_dir *d, char **generation, char *err, size_t size)
{
    char name[64];
    int rc = read_current(d, name, sizeof name, err, size);
    if (rc <= 0)
        return rc;
    char *path = join(d->path, name);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, size, "%s/%s: byte 0: names %s, which is missing: the save is incomplete",
                 d->path, CURRENT_FILE, path);
        free(path);
        return -1;
    }
    *generation = path;
    return 1;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Removes every generation but keep (NULL: all) and a leftover CURRENT.tmp; *highest gets the
 * highest generation number seen. */
static void remove_generations_except(const struct save_dir *d, const char *keep,
                                      long long *highest)
{
    *highest = -1;
    DIR *dir = opendir(d->path);
    if (!dir)
        return;
    struct dirent *e;
    while ((e = readdir(dir))) {
        long long n = generation_number(e->d_name);
        if (n < 0)
            continue;
        if (n > *highest)
            *highest = n;
        if (keep && strcmp(e->d_name, keep) == 0)
            continue;
        char *path = join(d->path, e->d_name);
        remove_tree(path);
        free(path);
    }
    closedir(dir);
    char *temp = join(d->path, CURRENT_TEMP);
    unlink(temp);
    free(temp);
}

int save_dir_begin(struct save_dir *d, char **generation, char *err, size_t size)
{
    char current[64] = "";
    int rc = read_current(d, current, sizeof current, err, size);
    if (rc < 0)
        current[0] = '\0'; /* a damaged CURRENT: the new save replaces it */
    long long highest;
    remove_generations_except(d, rc > 0 ? current : NULL, &highest);
    struct buf path = BUF_INIT;
    buf_printf(&path, "%s/" GENERATION_PREFIX "%lld", d->path, highest + 1);
    if (mkdir(path.data, 0700) != 0) {
        snprintf(err, size, "cannot create %s: %s", path.data, strerror(errno));
        buf_free(&path);
        return -1;
    }
    *generation = buf_take(&path);
    return 0;
}

static int fsync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

/* Flushes everything the save wrote (its files, the ones linked into it, its folders) in one
 * call rather than a flush per file. */
static int sync_generation(const char *generation)
{
    int fd = open(generation, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = syncfs(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

static int write_current_temp(const char *path, const char *name)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    struct buf text = BUF_INIT;
    buf_printf(&text, "%s\n", name);
    int rc = write(fd, text.data, text.len) == (ssize_t)text.len && fsync(fd) == 0 ? 0 : -1;
    int saved = errno;
    buf_free(&text);
    close(fd);
    errno = saved;
    return rc;
}

int save_dir_commit(struct save_dir *d, const char *generation, char *err, size_t size)
{
    const char *name = strrchr(generation, '/') + 1;
    char *temp = join(d->path, CURRENT_TEMP);
    char *current = join(d->path, CURRENT_FILE);
    int rc = -1;
    if (sync_generation(generation) != 0)
        snprintf(err, size, "%s: %s", generation, strerror(errno));
    else if (write_current_temp(temp, name) != 0)
        snprintf(err, size, "%s: %s", temp, strerror(errno));
    else if (rename(temp, current) != 0)
        snprintf(err, size, "%s: %s", current, strerror(errno));
    else
        rc = 0;
    /* The rename is the switch: from here on the new generation is the save, and a failure to
     * flush the directory only leaves the switch less durable against a power cut. */
    if (rc == 0)
        fsync_path(d->path, O_RDONLY | O_DIRECTORY);
    if (rc != 0)
        unlink(temp);
    free(temp);
    free(current);
    if (rc == 0) {
        long long highest;
        remove_generations_except(d, name, &highest);
    }
    return rc;
}

void save_dir_discard(const char *generation)
{
    remove_tree(generation);
}
