/* The executor's insides, shared by its files: pools of execution environments per function
 * version, the processes, and the invocations on their way through them. */
#ifndef MOTOC_LAMBDA_ENVIRONMENT_H
#define MOTOC_LAMBDA_ENVIRONMENT_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../../http/buf.h"
#include "../../http/loop.h"
#include "../../http/message.h"
#include "executor.h"

struct lambda_pool;
struct lambda_environment;

struct lambda_invocation {
    struct lambda_invocation *next; /* in its pool's queue */
    struct lambda_pool *pool;
    struct lambda_environment *env; /* once handed to an environment */
    char request_id[37];
    char invoked_arn[320];          /* as the caller named the function */
    char *payload;
    size_t payload_len;
    char *client_context;
    lambda_done_fn done;            /* NULL once abandoned */
    void *done_arg;
    struct loop_timer timeout;
    uint64_t queued_ms, started_ms;
    struct buf log;                 /* this invocation's lines, for the log tail */
};

enum environment_state {
    ENV_STARTING, /* spawned, not yet asking for work */
    ENV_WAITING,  /* parked in /invocation/next */
    ENV_BUSY,     /* running an invocation, or between its answer and the next /next */
    ENV_DEAD,     /* killed or exited; freed once its process is reaped */
};

struct lambda_environment {
    struct lambda_environment *next; /* in its pool */
    struct lambda_pool *pool;
    enum environment_state state;
    pid_t pid;
    struct loop_watch exit_watch;   /* the process's pidfd */
    struct loop_watch output_watch; /* stdout and stderr, one pipe */
    struct http_server *runtime_api;
    struct http_deferral *waiting_next;
    struct loop_timer idle;         /* shuts a warm environment down after a while unused */
    struct loop_timer memory_check; /* looks at the process's memory while it runs a call */
    unsigned long peak_memory_mb;   /* the highest the process was seen at */
    bool out_of_memory;             /* stopped for passing the function's memory */
    struct lambda_invocation *current;
    char dir[PATH_MAX];
    char log_stream[128];
    bool initialized;               /* has asked for work once */
    uint64_t spawned_ms;
    double init_ms;
    struct buf partial_line;
    cJSON *log_events;              /* lines not yet written to CloudWatch Logs */
    size_t log_bytes;
    bool log_stream_created;
};

struct lambda_pool {
    struct lambda_pool *next;
    char *key;
    /* The spec, owned. */
    char *account, *region, *function_name, *function_arn, *version, *runtime, *handler;
    char *code_path, *role_arn, *log_group;
    char **layer_paths;
    size_t n_layers;
    cJSON *variables;
    int memory_mb, timeout_s;
    struct lambda_environment *envs;
    struct lambda_invocation *queue_head, *queue_tail;
    struct loop_timer kick;         /* dispatches the queue on the next loop turn */
};

/* ---- environment.c: processes ---- */
/* Why an environment could not start: motoc cannot run it (function_error empty: the caller gets
 * a service error), or the runtime itself would have failed to start (function_error names the
 * error type the function's caller sees, e.g. Runtime.InvalidEntrypoint). */
struct spawn_failure {
    char function_error[64];
    char message[512];
};
/* Starts a process for pool, in its own directory; NULL with *f filled when it cannot. */
struct lambda_environment *environment_spawn(struct lambda_pool *pool, struct spawn_failure *f);
/* Removes an environment's directory and everything in it (or the root of them all). */
void environment_remove_dir(const char *dir);
/* The directory holding every environment ("" before the first). */
const char *environment_root(void);
void environment_forget_root(void);
/* Kills the process (its whole process group); the environment is freed once reaped. */
void environment_kill(struct lambda_environment *env);
/* Reads what the process printed and has not been read yet. */
void environment_drain_output(struct lambda_environment *env);
/* Frees a reaped environment (its Runtime API endpoint, directory and memory), after the loop's
 * current batch of events. */
void environment_release(struct lambda_environment *env);
/* Hands inv to env, parked in /invocation/next. */
void environment_deliver(struct lambda_environment *env, struct lambda_invocation *inv);

/* ---- executor.c: called by environments ---- */
/* env asks for work: an invocation now, or NULL (then it waits for environment_deliver). */
struct lambda_invocation *executor_next(struct lambda_environment *env);
/* The function's answer or error document for request_id; false if env runs no such call. */
bool executor_complete(struct lambda_environment *env, const char *request_id,
                       const char *payload, size_t len, bool failed);
/* A streamed answer for request_id; error_doc is the error the runtime reported after it (its
 * trailer, decoded), NULL when it finished well. False if env runs no such call. */
bool executor_complete_streamed(struct lambda_environment *env, const char *request_id,
                                const struct lambda_stream *stream, const char *error_doc,
                                size_t error_len);
/* The runtime could not start: fail the call that started env with the error document. */
void executor_init_failed(struct lambda_environment *env, const char *payload, size_t len);
/* env's process is gone (status as waitid reports it). */
void executor_environment_exited(struct lambda_environment *env, int code, bool signaled);
/* A line env printed. */
void executor_output_line(struct lambda_environment *env, const char *line, size_t len);

/* ---- function_logs.c: CloudWatch Logs ---- */
void function_logs_stream_name(char *out, size_t size, const char *version);
void function_logs_add(struct lambda_environment *env, const char *line, size_t len);
void function_logs_flush(struct lambda_environment *env);

#endif
