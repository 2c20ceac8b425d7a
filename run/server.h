/* The motoc-server a motoc-run tree shares, on a unix socket in a fresh 0700 directory: only
 * this user can reach it. */
#ifndef MOTOC_RUN_SERVER_H
#define MOTOC_RUN_SERVER_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

struct server_proc {
    pid_t pid;
    char dir[PATH_MAX];
    char socket[PATH_MAX];
};

struct server_options {
    const char *program; /* motoc-server's path */
    bool verbose;        /* -v: one log line per request */
    int log_fd;          /* the server's stderr; -1 keeps motoc-run's */
};

/* Starts the server and waits until it listens. The server gets its own process group (a
 * terminal's Ctrl-C is for the command, which may still call AWS while it winds down) and is
 * sent SIGTERM by the kernel if motoc-run dies without stopping it. -1 after a message. */
int server_start(struct server_proc *s, const struct server_options *opt);

/* True (and the server reaped) if pid was the server's and it has exited. */
bool server_reap_if(struct server_proc *s, pid_t pid, int status);

/* SIGTERM, SIGKILL after a grace period; removes the directory. Returns the server's wait
 * status, or -1 if it had already gone. */
int server_stop(struct server_proc *s);

#endif
