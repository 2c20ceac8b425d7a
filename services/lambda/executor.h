/* Running functions without containers: each execution environment is a local process that
 * speaks the Lambda Runtime API to motoc and calls AWS through motoc's preload, so what it does
 * lands in the same state as its caller's calls. Environments are reused while warm, several run
 * for concurrent calls, and a timeout or a reset kills them. */
#ifndef MOTOC_LAMBDA_EXECUTOR_H
#define MOTOC_LAMBDA_EXECUTOR_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct proto_error;

/* What an environment runs; copied by lambda_invoke. */
struct lambda_run_spec {
    const char *account, *region;
    const char *function_name;
    const char *function_arn;  /* unqualified */
    const char *invoked_arn;   /* as the caller named it (qualified for a version or alias) */
    const char *request_id;    /* NULL = a new one (an event's retries keep theirs) */
    const char *version;       /* "$LATEST", "3" */
    const char *revision;      /* environments of another revision are not reused */
    const char *runtime;       /* "python3.12", "nodejs20.x", "provided.al2023" */
    const char *handler;
    const char *code_path;     /* the deployment package (zip) */
    const char *const *layer_paths; /* zips, in the function's order */
    size_t n_layers;
    const cJSON *variables;    /* Environment.Variables; NULL = none */
    const char *role_arn;
    const char *log_group;     /* "/aws/lambda/NAME" unless LoggingConfig names another */
    int memory_mb;
    int timeout_s;
};

/* An answer the function streamed (Lambda-Runtime-Function-Response-Mode: streaming): its bytes,
 * where each of the function's writes ended in them, and the content type the runtime gave. */
struct lambda_stream {
    const char *bytes;
    size_t len;
    const unsigned long long *chunk_ends; /* n_chunks ascending offsets, the last one len */
    size_t n_chunks;
    const char *content_type;
};

/* How an invocation ended. When error_code is set the function did not run (or motoc could not
 * run it): the caller answers that AWS error. Otherwise payload is the function's answer, or its
 * error document when function_error is set ("Unhandled"). */
struct lambda_outcome {
    const char *error_code;
    const char *error_message;
    int error_status;
    const char *payload;
    size_t payload_len;
    const char *function_error;
    const char *log_tail;      /* the invocation's log lines (at most the last 4 KB) */
    const char *request_id;
    /* Set when the function streamed its answer: payload is then the bytes it streamed (or its
     * error document when it failed on the way, function_error set) and stream the bytes as
     * written. NULL for an answer given at once. */
    const struct lambda_stream *stream;
};

typedef void (*lambda_done_fn)(void *arg, const struct lambda_outcome *outcome);

struct lambda_invocation;

/* Whether functions can run here (a running event loop; unit tests of the control plane have
 * none). */
bool lambda_execution_available(void);

/* Queues an invocation of spec with payload (JSON text) for the next free environment, starting
 * one if the pool may grow; done is called once, from the event loop, never from within this
 * call. client_context is the JSON the runtime passes on (may be NULL). Returns NULL with err
 * set when it cannot even be queued. */
struct lambda_invocation *lambda_run(const struct lambda_run_spec *spec, const char *payload,
                                        size_t payload_len, const char *client_context,
                                        lambda_done_fn done, void *arg,
                                        struct proto_error *err);

/* Invocations of the function (its unqualified ARN, any version) queued or running. */
unsigned lambda_in_flight(const char *function_arn);

/* The caller no longer waits: the function runs on, done is never called. */
void lambda_invocation_abandon(struct lambda_invocation *inv);

/* Kills every environment and forgets every invocation (state reset, shutdown). */
void lambda_executor_reset(void);

#endif
