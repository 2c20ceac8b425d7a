/* The core embedded in the application: a background thread running motoc's server, started
 * by the first intercepted connection, parked while the process forks, stopped at exit. */
#include "embedded.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../http/log.h"
#include "../http/loop.h"
#include "../http/server.h"
#include "../services/core/dispatch.h"
#include "../services/core/persist_store.h"

/* Written to the inbox instead of a descriptor: park for a fork. */
#define PARK_REQUEST (-1)
/* How long a fork waits for the core's thread to reach a safe point; a fork never hangs on it. */
#define FORK_WAIT_MS 1000
#define EXIT_WAIT_MS 2000

/* Everything the core's thread owns. lock guards starting it and writing to the inbox. */
static struct {
    pthread_mutex_t lock;
    bool started;
    struct event_loop *loop;
    struct http_server *server;
    struct loop_watch inbox; /* read end of a pipe of descriptors to serve */
    int inbox_writer;
    pthread_t thread;
} core = {.lock = PTHREAD_MUTEX_INITIALIZER, .inbox = {.fd = -1}, .inbox_writer = -1};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool requested; /* a fork wants the core's thread parked */
    bool parked;
} park = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false};

/* MOTOC_STATE: the process whose core loaded the save is the one that saves at exit. A child
 * forked after that inherits the owner's pid, so it keeps its copy of the state without saving
 * it; a child forked before any load loads the save itself when its core starts. */
static struct {
    pid_t owner;
    bool refused; /* the save cannot be loaded: no core starts, so nothing is half-served */
} saved_state;

/* What before_fork achieved, for the handlers after it. */
static struct {
    bool core_locked;
    bool core_parked;
} fork_state;

static struct timespec deadline_in(unsigned ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

/* On the core's thread, between requests: wait here while a fork copies the process. */
static void park_for_fork(void)
{
    pthread_mutex_lock(&park.lock);
    if (park.requested) {
        park.parked = true;
        pthread_cond_broadcast(&park.cond);
        while (park.requested)
            pthread_cond_wait(&park.cond, &park.lock);
        park.parked = false;
    }
    pthread_mutex_unlock(&park.lock);
}

static void on_inbox(struct loop_watch *w, uint32_t events)
{
    (void)events;
    int fd;
    while (read(w->fd, &fd, sizeof fd) == (ssize_t)sizeof fd) {
        if (fd == PARK_REQUEST)
            park_for_fork();
        else
            http_server_adopt(core.server, fd);
    }
}

static void *run_core(void *arg)
{
    (void)arg;
    /* Named so that a look at the process's threads shows where its AWS calls are answered. */
    pthread_setname_np(pthread_self(), "motoc-core");
    loop_run(core.loop);
    return NULL;
}

/* Frees what the core owns; its thread must be gone (joined, or absent in a forked child). */
static void release_core(void)
{
    http_server_free(core.server);
    if (core.inbox.fd >= 0) {
        loop_watch_remove(core.loop, &core.inbox);
        close(core.inbox.fd);
    }
    if (core.inbox_writer >= 0)
        close(core.inbox_writer);
    loop_free(core.loop);
    core.server = NULL;
    core.loop = NULL;
    core.inbox.fd = core.inbox_writer = -1;
    core.started = false;
}

/* Called with core.lock held, before the core's thread exists. 0, or -1 when MOTOC_STATE names
 * a save that cannot be loaded. */
static int load_saved_state(void)
{
    const char *dir = getenv("MOTOC_STATE");
    if (!dir || !*dir || saved_state.owner)
        return 0;
    if (saved_state.refused)
        return -1;
    char err[1024];
    if (persist_load_all(dir, err, sizeof err) < 0) {
        log_msg(LOG_ERROR, "cannot load the state saved in %s (MOTOC_STATE): %s; AWS calls fail",
                dir, err);
        saved_state.refused = true;
        return -1;
    }
    persist_set_dir(dir);
    saved_state.owner = getpid();
    return 0;
}

/* At exit, once the core's thread is gone. */
static void save_state_at_exit(void)
{
    const char *dir = persist_dir();
    if (!dir || saved_state.owner != getpid())
        return;
    char err[1024];
    if (persist_save_all(dir, err, sizeof err) != 0)
        log_msg(LOG_ERROR, "cannot save the state in %s (MOTOC_STATE): %s", dir, err);
}

/* Runs before the libraries' destructors, so no request is being served while they tear down
 * what it might use. */
static void stop_core_at_exit(void)
{
    pthread_mutex_lock(&core.lock);
    if (!core.started) {
        pthread_mutex_unlock(&core.lock);
        return;
    }
    loop_stop(core.loop);
    struct timespec deadline = deadline_in(EXIT_WAIT_MS);
    if (pthread_timedjoin_np(core.thread, NULL, &deadline) == 0) {
        release_core();
        save_state_at_exit();
    } else if (persist_dir() && saved_state.owner == getpid()) {
        log_msg(LOG_ERROR, "the embedded motoc core did not stop; its state is not saved");
    }
    pthread_mutex_unlock(&core.lock);
}

static pthread_once_t exit_hook_once = PTHREAD_ONCE_INIT;

static void install_exit_hook(void)
{
    atexit(stop_core_at_exit);
}

static int start_thread(void)
{
    /* The application's signals are for its own threads. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&core.thread, NULL, run_core, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* Called with core.lock held. */
static int start_core(void)
{
    /* This copy of OpenSSL is motoc's own; its exit-time cleanup must not race the core. */
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
    struct http_server_config cfg = {.handler = core_handle_request};
    http_server_config_defaults(&cfg);
    char env_err[128];
    if (http_server_config_from_env(&cfg, env_err, sizeof env_err) != 0) {
        log_msg(LOG_ERROR, "%s; using the defaults", env_err);
        http_server_config_defaults(&cfg);
    }
    if (load_saved_state() != 0) {
        errno = ECONNREFUSED;
        return -1;
    }
    char err[256] = "";
    int pipe_fds[2] = {-1, -1};
    core.loop = loop_new();
    core.server = core.loop ? http_server_new(core.loop, &cfg, err, sizeof err) : NULL;
    if (core.server && pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) == 0) {
        core.inbox.fd = pipe_fds[0];
        core.inbox.cb = on_inbox;
        core.inbox_writer = pipe_fds[1];
        if (loop_watch_add(core.loop, &core.inbox, EPOLLIN) == 0) {
            int rc = start_thread();
            if (rc == 0) {
                core.started = true;
                pthread_once(&exit_hook_once, install_exit_hook);
                log_msg(LOG_DEBUG, "embedded motoc core started");
                return 0;
            }
            errno = rc;
        }
    }
    log_msg(LOG_ERROR, "cannot start the embedded motoc core: %s", err[0] ? err : strerror(errno));
    if (core.loop)
        release_core();
    return -1;
}

int embedded_open(void)
{
    pthread_mutex_lock(&core.lock);
    if (!core.started && start_core() != 0) {
        pthread_mutex_unlock(&core.lock);
        errno = ECONNREFUSED;
        return -1;
    }
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        int saved = errno;
        pthread_mutex_unlock(&core.lock);
        errno = saved;
        return -1;
    }
    /* A full inbox means the core is stuck: fail the connection rather than wait. */
    if (fcntl(pair[1], F_SETFL, O_NONBLOCK) != 0 ||
        write(core.inbox_writer, &pair[1], sizeof pair[1]) != (ssize_t)sizeof pair[1]) {
        pthread_mutex_unlock(&core.lock);
        close(pair[0]);
        close(pair[1]);
        errno = ECONNREFUSED;
        return -1;
    }
    pthread_mutex_unlock(&core.lock);
    return pair[0];
}

bool embedded_started(void)
{
    pthread_mutex_lock(&core.lock);
    bool started = core.started;
    pthread_mutex_unlock(&core.lock);
    return started;
}

void embedded_before_fork(void)
{
    struct timespec deadline = deadline_in(FORK_WAIT_MS);
    fork_state.core_locked = pthread_mutex_timedlock(&core.lock, &deadline) == 0;
    fork_state.core_parked = false;
    if (!fork_state.core_locked || !core.started)
        return;
    pthread_mutex_lock(&park.lock);
    park.requested = true;
    int request = PARK_REQUEST;
    if (write(core.inbox_writer, &request, sizeof request) == (ssize_t)sizeof request) {
        while (!park.parked && pthread_cond_timedwait(&park.cond, &park.lock, &deadline) == 0) {
        }
    }
    fork_state.core_parked = park.parked;
    /* park.lock stays held across the fork: the child must not see it mid-change. */
}

void embedded_after_fork_in_parent(void)
{
    if (!fork_state.core_locked)
        return;
    if (core.started) {
        park.requested = false;
        pthread_cond_broadcast(&park.cond);
        pthread_mutex_unlock(&park.lock);
    }
    pthread_mutex_unlock(&core.lock);
}

void embedded_after_fork_in_child(void)
{
    pthread_mutex_init(&park.lock, NULL);
    pthread_cond_init(&park.cond, NULL);
    park.requested = park.parked = false;
    if (core.started) {
        /* The core's thread stayed in the parent. Its service state, copied at a safe point, is
         * this process's now; its descriptors are the parent's business. If it could not be
         * parked, the copy may be mid-change, so it is left untouched rather than freed. */
        if (fork_state.core_parked) {
            loop_forget_after_fork(core.loop);
            release_core();
        } else {
            core.started = false;
            core.loop = NULL;
            core.server = NULL;
            core.inbox.fd = core.inbox_writer = -1;
        }
    }
    if (fork_state.core_locked)
        pthread_mutex_unlock(&core.lock);
    else
        pthread_mutex_init(&core.lock, NULL);
}
