/* The services motoc emulates, as the core sees them: an operation table (one function per
 * operation, Redis-style) and state that can be reset and exported. */
#ifndef MOTOC_BACKEND_H
#define MOTOC_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../../http/message.h"
#include "call_error.h"
#include "persist.h"
#include "protocol.h"
#include "route.h"

struct pattern_text;

/* What an operation sees of its call. */
struct call {
    const struct route *route;         /* account, region, access key */
    const struct http_request *http;   /* for streaming bodies and raw headers */
    struct http_response *resp;        /* for streaming result bodies */
    const struct operation *op;
    const char *request_id;
    struct proto_error *err;
    const struct proto_call *proto;    /* how to encode the answer (used by call_defer) */
    uint64_t started_ms;
    bool in_process;                   /* another service's call (internal_call.h): no client
                                          connection, so it cannot be deferred */
};

/* An operation: reads the validated params tree, fills the result tree (an empty object on
 * entry). Returns 0, -1 after call_fail, or CALL_DEFERRED after call_defer. */
typedef int (*operation_fn)(struct call *c, const cJSON *in, cJSON *out);

struct operation_entry {
    const char *name; /* the model's operation name */
    operation_fn fn;  /* operation_not_yet_implemented until the operation is written */
};

/* A service lists its operations once, as an X-macro of rows OP(ModelName, function), sorted by
 * name (strcmp order) without duplicates; the function is the service's prefix and the name in
 * snake_case (sqs_send_message for SendMessage, s3_list_objects_v2 for ListObjectsV2):
 *
 *     #define SQS_OPERATIONS(OP) \
 *         OP(AddPermission, sqs_add_permission) \
 *         OP(CancelMessageMoveTask, sqs_cancel_message_move_task)
 *
 * The service's ops.h declares the functions with SQS_OPERATIONS(OPERATION_DECLARE); its
 * backend builds the table and hands it to the core:
 *
 *     static const struct operation_entry sqs_operations[] = {SQS_OPERATIONS(OPERATION_ENTRY)};
 *     const struct service_backend sqs_backend = {..., OPERATION_TABLE(sqs_operations), ...};
 *
 * The core looks operations up by binary search. tests/unit/test_backends.c checks every table's
 * order and names against the service's model, tests/integration/test_new_service.py the
 * function names. */
#define OPERATION(fn) int fn(struct call *c, const cJSON *in, cJSON *out)
#define OPERATION_DECLARE(name, fn) OPERATION(fn);
#define OPERATION_ENTRY(name, fn) {#name, fn},
#define OPERATION_TABLE(table) \
    .operations = (table), .n_operations = sizeof(table) / sizeof((table)[0])

/* The function of a listed operation that is not written yet: the core answers it 404
 * NotYetImplemented naming the operation, exactly as an operation missing from the table. */
OPERATION(operation_not_yet_implemented);

/* A request the service's model describes no operation for that the service answers all the
 * same (S3: CORS preflight requests, HTML form uploads). The answer starts as the protocol's
 * empty success, which fn completes in c->resp (status, headers, body); fn fails like an
 * operation, with call_fail. c->op is NULL, and the call cannot be deferred. */
struct unmodeled_operation {
    const char *name; /* for the log, e.g. "PostObject" */
    int (*fn)(struct call *c);
};

/* How a service reports parameters its model rejects. */
enum input_validation {
    VALIDATE_MODEL = 0,          /* "1 validation error detected: Value null at 'roleArn' …" */
    VALIDATE_MISSING_PARAMETER,  /* MissingParameter: "The request must contain the parameter X."
                                    for an absent required member, the model's rules otherwise */
    VALIDATE_IN_SERVICE,         /* the service checks its inputs itself (S3's own error codes) */
};

/* A call as answered: what was asked and the answer as it leaves. */
struct answered_call {
    const struct http_request *req;
    const struct route *route;
    const char *operation;          /* the model's operation name, or the unmodeled one's */
    const char *request_id;
    const struct http_response *resp;
    uint64_t started_ms;            /* loop_now_ms() when the request arrived */
};

struct service_backend {
    const char *service;                   /* service_index name, e.g. "sts" */
    enum input_validation validation;
    /* The code of model validation errors when the service departs from its protocol's usual one
     * (CloudWatch Logs answers them as InvalidParameterException); NULL = the protocol's. */
    const char *validation_error_code;
    /* Where the service's validation message quotes a pattern otherwise than its published model
     * writes it: {model's pattern, AWS's text} pairs, ended by {NULL, NULL}; NULL = none. */
    const struct pattern_text *pattern_texts;
    const struct operation_entry *operations; /* sorted by name (strcmp); OPERATION_TABLE */
    size_t n_operations;
    void (*reset)(void);                   /* drops every account's and region's state */
    cJSON *(*state_json)(void);            /* state for /moto-api/data.json; NULL = empty */
    /* Called on every encoded answer (result or error) before it is sent, e.g. for a checksum
     * header over the body; NULL = nothing to add. */
    void (*finish_response)(struct http_response *resp);
    /* Called once per answered call of the service (S3 keeps a bucket's server access log from
     * it); NULL = nothing to record. */
    void (*call_answered)(const struct answered_call *a);
    /* The unmodeled operation req asks for, or NULL; asked only when no operation of the
     * model matches req. NULL = the service has none. */
    const struct unmodeled_operation *(*unmodeled_operation)(const struct http_request *req);
    /* How the service saves and loads its whole state (persist.h); every backend has one. */
    const struct service_persistence *persistence;
};

/* ---- operations that answer later (long polling) ----
 * call_defer() keeps the call open: the operation returns CALL_DEFERRED and answers later, from
 * any loop event, with pending_call_answer() or pending_call_fail(). If the client goes away first,
 * on_cancel(arg) is called and the pending call is gone: the service must forget it. */
#define CALL_DEFERRED 1
struct pending_call;
/* Whether c may be deferred (a running event loop and a client waiting on a connection). */
bool call_can_defer(const struct call *c);
struct pending_call *call_defer(struct call *c, void (*on_cancel)(void *arg), void *arg);
/* Encodes result (ownership taken) as the answer; p is gone afterwards. */
void pending_call_answer(struct pending_call *p, cJSON *result);
/* The same for an operation whose output streams (an event stream, a blob): body is the
 * answer's body, its bytes taken (body is left empty). */
void pending_call_answer_with_body(struct pending_call *p, cJSON *result, struct buf *body);
void pending_call_fail(struct pending_call *p, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* NULL-terminated; services/backends.c lists every implemented service. */
extern const struct service_backend *const service_backends[];

const struct service_backend *backend_for_service(const char *service);
/* The function implementing the operation, or NULL when the backend has none written. */
operation_fn backend_operation(const struct service_backend *b, const char *name);
void backends_reset_all(void);

#endif
