/* Starts, waits for and stops the private motoc-server a motoc-run tree shares, listening on
 * a unix socket in a fresh 0700 directory. */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "path_format.h"

#define READY_TIMEOUT_MS 10000
#define STOP_GRACE_MS 5000

/* $XDG_RUNTIME_DIR when it is a directory of ours (tmpfs, cleaned at logout), else $TMPDIR, else
 * /tmp; mkdtemp makes the directory 0700 either way. */
static int make_private_dir(char *out, size_t size)
{
    const char *bases[] = {getenv("XDG_RUNTIME_DIR"), getenv("TMPDIR"), "/tmp"};
    for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
        struct stat st;
        if (!bases[i] || bases[i][0] != '/' || stat(bases[i], &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (i == 0 && st.st_uid != getuid())
            continue;
        if (path_format(out, size, "%s/motoc-XXXXXX", bases[i]) == 0 && mkdtemp(out))
            return 0;
    }
    fprintf(stderr, "motoc-run: cannot create a private directory for the server: %s\n",
            strerror(errno));
    return -1;
}

static void exec_server(const struct server_proc *s, const struct server_options *opt,
                        pid_t parent, int ready_fd)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(1);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd >= 0)
        dup2(null_fd, STDIN_FILENO);
    dup2(ready_fd, STDOUT_FILENO);
    if (opt->log_fd >= 0)
        dup2(opt->log_fd, STDERR_FILENO);
    /* The tree's state lives in the one server: it loads and saves MOTOC_STATE's save. */
    const char *state = getenv("MOTOC_STATE");
    const char *argv[7] = {"motoc-server", "--unix", s->socket};
    size_t argc = 3;
    if (state && *state) {
        argv[argc++] = "--state";
        argv[argc++] = state;
    }
    if (opt->verbose)
        argv[argc++] = "-v";
    argv[argc] = NULL;
    execv(opt->program, (char *const *)argv);
    fprintf(stderr, "motoc-run: cannot run %s: %s\n", opt->program, strerror(errno));
    _exit(127);
}

/* The server prints one line once it listens. */
static int wait_until_listening(int fd)
{
    char line[PATH_MAX + 64];
    size_t got = 0;
    struct pollfd p = {fd, POLLIN, 0};
    while (got < sizeof line - 1 && !memchr(line, '\n', got)) {
        int n = poll(&p, 1, READY_TIMEOUT_MS);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        ssize_t r = read(fd, line + got, sizeof line - 1 - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    line[got] = '\0';
    return strstr(line, "listening on unix:") ? 0 : -1;
}

static void remove_dir(struct server_proc *s)
{
    unlink(s->socket);
    rmdir(s->dir);
}

int server_start(struct server_proc *s, const struct server_options *opt)
{
    s->pid = -1;
    if (make_private_dir(s->dir, sizeof s->dir) != 0)
        return -1;
    struct sockaddr_un sun;
    if (path_format(s->socket, sizeof sun.sun_path, "%s/server.sock", s->dir) != 0) {
        fprintf(stderr, "motoc-run: %s is too long for a unix socket path\n", s->dir);
        rmdir(s->dir);
        return -1;
    }
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        perror("motoc-run: pipe");
        rmdir(s->dir);
        return -1;
    }
    pid_t parent = getpid();
    s->pid = fork();
    if (s->pid == 0)
        exec_server(s, opt, parent, pipe_fds[1]);
    close(pipe_fds[1]);
    int rc = s->pid > 0 ? wait_until_listening(pipe_fds[0]) : -1;
    close(pipe_fds[0]);
    if (rc != 0) {
        fprintf(stderr, "motoc-run: motoc-server did not start\n");
        server_stop(s);
        return -1;
    }
    return 0;
}

bool server_reap_if(struct server_proc *s, pid_t pid, int status)
{
    if (s->pid <= 0 || pid != s->pid)
        return false;
    s->pid = -1;
    if (WIFSIGNALED(status))
        fprintf(stderr, "motoc-run: motoc-server was killed by signal %d; AWS calls now fail\n",
                WTERMSIG(status));
    else
        fprintf(stderr, "motoc-run: motoc-server exited with status %d; AWS calls now fail\n",
                WEXITSTATUS(status));
    return true;
}

static int wait_for_exit(pid_t pid, unsigned timeout_ms, int *status)
{
    struct timespec step = {0, 1000000}; /* 1 ms */
    for (unsigned waited = 0;; waited++) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            return 0;
        if (r < 0 && errno != EINTR)
            return -1;
        if (waited >= timeout_ms)
            return -1;
        nanosleep(&step, NULL);
    }
}

int server_stop(struct server_proc *s)
{
    int status = -1;
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        if (wait_for_exit(s->pid, STOP_GRACE_MS, &status) != 0) {
            fprintf(stderr, "motoc-run: motoc-server did not stop; killing it\n");
            kill(s->pid, SIGKILL);
            while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
        s->pid = -1;
    }
    remove_dir(s);
    return status;
}
