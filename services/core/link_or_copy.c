/* Hard link, else copy_file_range, else sendfile: the bytes never pass through user memory. */
#include "link_or_copy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

/* Errors of link() that a copy gets around: another filesystem, one without hard links, a
 * file with too many links, a link the kernel's protected_hardlinks forbids. */
static bool copy_instead(int error)
{
    return error == EXDEV || error == EPERM || error == EMLINK || error == ENOTSUP ||
           error == EOPNOTSUPP || error == ENOSYS;
}

/* copy_file_range refuses some pairs of filesystems (older kernels, special files); sendfile
 * copies between any two. */
static bool try_sendfile(int error)
{
    return error == EXDEV || error == EINVAL || error == ENOSYS || error == EOPNOTSUPP ||
           error == ENOTSUP || error == EBADF;
}

static int copy_bytes(int in, int out, off_t size)
{
    bool use_sendfile = false;
    off_t done = 0;
    while (done < size) {
        size_t want = (size_t)(size - done);
        ssize_t n = use_sendfile ? sendfile(out, in, NULL, want)
                                 : copy_file_range(in, NULL, out, NULL, want, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && !use_sendfile && done == 0 && try_sendfile(errno)) {
            use_sendfile = true;
            continue;
        }
        if (n < 0)
            return -1;
        if (n == 0) /* the file shrank under us: keep what there was */
            break;
        done += n;
    }
    return 0;
}

static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    struct stat st;
    int out = -1;
    int rc = -1;
    if (fstat(in, &st) == 0 &&
        (out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) >= 0)
        rc = copy_bytes(in, out, st.st_size);
    int saved = errno;
    if (out >= 0 && close(out) != 0 && rc == 0) {
        saved = errno;
        rc = -1;
    }
    if (rc != 0 && out >= 0)
        unlink(to);
    close(in);
    errno = saved;
    return rc;
}

int link_or_copy(const char *from, const char *to)
{
    if (link(from, to) == 0)
        return 0;
    if (!copy_instead(errno))
        return -1;
    return copy_file(from, to);
}
