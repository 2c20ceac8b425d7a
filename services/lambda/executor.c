/* Invocations through execution environments: a pool per function version and revision, a
 * queue per pool, environments started while calls wait and none is free, timeouts, the
 * START/END/REPORT lines Lambda writes, and the outcome handed back to Invoke. */
#include "executor.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../http/server.h"
#include "../core/protocol.h"
#include "../core/request_id.h"
#include "environment.h"
#include "process_memory.h"

/* Processes motoc keeps at once, all functions together; beyond it, idle environments of other
 * functions make room, or calls wait for one to come free. */
#define MAX_ENVIRONMENTS 32
/* Lambda's limit on what X-Amz-Log-Result carries. */
#define LOG_TAIL_BYTES 4096
/* An environment unused this long is shut down, as Lambda reclaims cold ones. */
#define IDLE_LIFETIME_MS (10u * 60 * 1000)
/* How often a running call's process is weighed; the kernel's high-water mark keeps the peaks
 * in between. */
#define MEMORY_CHECK_MS 50u

static struct lambda_pool *pools;
static unsigned live_environments;

bool lambda_execution_available(void)
{
    return loop_current() != NULL;
}

static char *copy(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static struct lambda_pool *pool_for(const struct lambda_run_spec *spec)
{
    struct buf key = {0};
    buf_printf(&key, "%s\n%s\n%s\n%s\n%s", spec->account, spec->region, spec->function_arn,
               spec->version, spec->revision ? spec->revision : "");
    for (struct lambda_pool *p = pools; p; p = p->next) {
        if (strcmp(p->key, key.data) == 0) {
            buf_free(&key);
            return p;
        }
    }
    struct lambda_pool *p = xcalloc(1, sizeof *p);
    p->key = buf_take(&key);
    p->account = copy(spec->account);
    p->region = copy(spec->region);
    p->function_name = copy(spec->function_name);
    p->function_arn = copy(spec->function_arn);
    p->version = copy(spec->version);
    p->runtime = copy(spec->runtime ? spec->runtime : "");
    p->handler = copy(spec->handler);
    p->code_path = copy(spec->code_path);
    p->role_arn = copy(spec->role_arn);
    p->log_group = copy(spec->log_group);
    p->n_layers = spec->n_layers;
    p->layer_paths = xcalloc(spec->n_layers + 1, sizeof *p->layer_paths);
    for (size_t i = 0; i < spec->n_layers; i++)
        p->layer_paths[i] = copy(spec->layer_paths[i]);
    p->variables = spec->variables ? cJSON_Duplicate(spec->variables, true) : NULL;
    p->memory_mb = spec->memory_mb > 0 ? spec->memory_mb : 128;
    p->timeout_s = spec->timeout_s > 0 ? spec->timeout_s : 3;
    p->next = pools;
    pools = p;
    return p;
}

static void log_line(struct lambda_environment *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void log_line(struct lambda_environment *env, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    executor_output_line(env, line, n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* A JVM is bounded by the heap it is given instead, which fails the way Java does in Lambda. */
static bool memory_watched(const struct lambda_pool *pool)
{
    return strncmp(pool->runtime, "java", 4) != 0;
}

/* In Lambda the kernel kills a function that passes its memory, and the call fails as the
 * runtime's exit ("signal: killed"): stop the process the same way and let its exit answer. */
static bool over_memory(struct lambda_environment *env)
{
    unsigned long peak = process_peak_memory_mb(env->pid);
    if (peak > env->peak_memory_mb)
        env->peak_memory_mb = peak;
    if (!memory_watched(env->pool) || peak <= process_memory_limit_mb(env->pool->memory_mb))
        return false;
    env->out_of_memory = true;
    kill(-env->pid, SIGKILL);
    return true;
}

static void check_memory(struct loop_timer *t)
{
    struct lambda_environment *env = (struct lambda_environment *)(
        (char *)t - offsetof(struct lambda_environment, memory_check));
    if (env->state == ENV_BUSY && env->current && !over_memory(env))
        loop_timer_start(loop_current(), &env->memory_check, MEMORY_CHECK_MS, check_memory);
}

/* REPORT's Max Memory Used: a process killed for its memory had reached the function's. */
static unsigned long max_memory_used_mb(struct lambda_environment *env)
{
    unsigned long peak = process_peak_memory_mb(env->pid);
    if (peak > env->peak_memory_mb)
        env->peak_memory_mb = peak;
    if (env->out_of_memory || env->peak_memory_mb > (unsigned long)env->pool->memory_mb)
        return (unsigned long)env->pool->memory_mb;
    return env->peak_memory_mb;
}

static void free_invocation(struct lambda_invocation *inv)
{
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_stop(loop, &inv->timeout);
    free(inv->payload);
    free(inv->client_context);
    buf_free(&inv->log);
    free(inv);
}

static void report(struct lambda_invocation *inv, const struct lambda_outcome *o)
{
    if (inv->done)
        inv->done(inv->done_arg, o);
    free_invocation(inv);
}

static void fail_service(struct lambda_invocation *inv, int status, const char *code,
                         const char *message)
{
    struct lambda_outcome o = {.error_code = code, .error_message = message,
                               .error_status = status, .request_id = inv->request_id};
    report(inv, &o);
}

/* The invocation's answer, with END and REPORT written first. */
static void finish_streamed(struct lambda_invocation *inv, const char *payload, size_t len,
                            const char *function_error, const struct lambda_stream *stream)
{
    struct lambda_environment *env = inv->env;
    double duration = (double)(loop_now_ms() - inv->started_ms);
    log_line(env, "END RequestId: %s", inv->request_id);
    char init[64] = "";
    if (env->init_ms >= 0) {
        snprintf(init, sizeof init, "\tInit Duration: %.2f ms", env->init_ms);
        env->init_ms = -1;
    }
    log_line(env, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %.0f ms\t"
                  "Memory Size: %d MB\tMax Memory Used: %lu MB%s\t",
             inv->request_id, duration, duration < 1 ? 1 : duration + 0.5, env->pool->memory_mb,
             max_memory_used_mb(env), init);
    loop_timer_stop(loop_current(), &env->memory_check);
    env->current = NULL;
    function_logs_flush(env);
    const char *tail = inv->log.data ? inv->log.data : "";
    if (inv->log.len > LOG_TAIL_BYTES)
        tail += inv->log.len - LOG_TAIL_BYTES;
    struct lambda_outcome o = {.payload = payload, .payload_len = len,
                               .function_error = function_error, .log_tail = tail,
                               .request_id = inv->request_id, .stream = stream};
    report(inv, &o);
}

static void finish(struct lambda_invocation *inv, const char *payload, size_t len,
                   const char *function_error)
{
    finish_streamed(inv, payload, len, function_error, NULL);
}

static void retire(struct lambda_environment *env)
{
    if (env->state != ENV_DEAD && live_environments > 0)
        live_environments--;
    environment_kill(env);
}

static void on_timeout(struct loop_timer *t)
{
    struct lambda_invocation *inv =
        (struct lambda_invocation *)((char *)t - offsetof(struct lambda_invocation, timeout));
    struct lambda_environment *env = inv->env;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    char message[256];
    snprintf(message, sizeof message, "%s %s Task timed out after %d.00 seconds", stamp,
             inv->request_id, env->pool->timeout_s);
    log_line(env, "%s", message);
    char payload[320];
    int n = snprintf(payload, sizeof payload, "{\"errorMessage\":\"%s\"}", message);
    retire(env);
    finish(inv, payload, (size_t)n, "Unhandled");
}

static void idle_expired(struct loop_timer *t)
{
    struct lambda_environment *env =
        (struct lambda_environment *)((char *)t - offsetof(struct lambda_environment, idle));
    if (env->state == ENV_WAITING)
        retire(env);
}

static void start(struct lambda_environment *env, struct lambda_invocation *inv)
{
    env->state = ENV_BUSY;
    env->current = inv;
    inv->env = env;
    inv->started_ms = loop_now_ms();
    loop_timer_stop(loop_current(), &env->idle);
    log_line(env, "START RequestId: %s Version: %s", inv->request_id, env->pool->version);
    loop_timer_start(loop_current(), &inv->timeout, (uint64_t)env->pool->timeout_s * 1000,
                     on_timeout);
    loop_timer_start(loop_current(), &env->memory_check, MEMORY_CHECK_MS, check_memory);
}

static struct lambda_invocation *pop(struct lambda_pool *pool)
{
    struct lambda_invocation *inv = pool->queue_head;
    if (inv) {
        pool->queue_head = inv->next;
        if (!pool->queue_head)
            pool->queue_tail = NULL;
        inv->next = NULL;
    }
    return inv;
}

/* Makes room for one more environment by retiring an idle one of any pool. */
static bool make_room(void)
{
    if (live_environments < MAX_ENVIRONMENTS)
        return true;
    for (struct lambda_pool *p = pools; p; p = p->next)
        for (struct lambda_environment *e = p->envs; e; e = e->next)
            if (e->state == ENV_WAITING) {
                retire(e);
                return true;
            }
    return false;
}

static void spawn_failed(struct lambda_invocation *inv, const struct spawn_failure *f)
{
    if (!f->function_error[0]) {
        fail_service(inv, 502, "InvalidRuntimeException", f->message);
        return;
    }
    struct buf payload = {0};
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "errorType", f->function_error);
    cJSON_AddStringToObject(doc, "errorMessage", f->message);
    char *text = cJSON_PrintUnformatted(doc);
    buf_puts(&payload, text);
    free(text);
    cJSON_Delete(doc);
    struct lambda_outcome o = {.payload = payload.data, .payload_len = payload.len,
                               .function_error = "Unhandled", .log_tail = "",
                               .request_id = inv->request_id};
    report(inv, &o);
    buf_free(&payload);
}

static void dispatch(struct lambda_pool *pool)
{
    while (pool->queue_head) {
        struct lambda_environment *waiting = NULL;
        unsigned starting = 0, queued = 0;
        for (struct lambda_environment *e = pool->envs; e; e = e->next) {
            if (e->state == ENV_WAITING && e->waiting_next && !waiting)
                waiting = e;
            starting += e->state == ENV_STARTING;
        }
        if (waiting) {
            struct lambda_invocation *inv = pop(pool);
            start(waiting, inv);
            environment_deliver(waiting, inv);
            continue;
        }
        for (struct lambda_invocation *i = pool->queue_head; i; i = i->next)
            queued++;
        if (starting >= queued || !make_room())
            return; /* the environments on their way, or the next one free, take them */
        struct spawn_failure f;
        if (environment_spawn(pool, &f)) {
            live_environments++;
            continue;
        }
        spawn_failed(pop(pool), &f);
    }
}

static void kick(struct loop_timer *t)
{
    struct lambda_pool *pool = (struct lambda_pool *)((char *)t - offsetof(struct lambda_pool, kick));
    dispatch(pool);
}

static void schedule_dispatch(struct lambda_pool *pool)
{
    if (!loop_timer_armed(&pool->kick))
        loop_timer_start(loop_current(), &pool->kick, 0, kick);
}

struct lambda_invocation *lambda_run(const struct lambda_run_spec *spec, const char *payload,
                                        size_t payload_len, const char *client_context,
                                        lambda_done_fn done, void *arg,
                                        struct proto_error *err)
{
    if (!lambda_execution_available()) {
        proto_error_set(err, 500, "ServiceException",
                        "motoc runs functions only while its event loop runs");
        return NULL;
    }
    struct lambda_pool *pool = pool_for(spec);
    struct lambda_invocation *inv = xcalloc(1, sizeof *inv);
    inv->pool = pool;
    if (spec->request_id)
        snprintf(inv->request_id, sizeof inv->request_id, "%s", spec->request_id);
    else
        uuid_new(inv->request_id);
    snprintf(inv->invoked_arn, sizeof inv->invoked_arn, "%s",
             spec->invoked_arn ? spec->invoked_arn : spec->function_arn);
    inv->payload = xmalloc(payload_len + 1);
    memcpy(inv->payload, payload, payload_len);
    inv->payload[payload_len] = '\0';
    inv->payload_len = payload_len;
    inv->client_context = copy(client_context);
    inv->done = done;
    inv->done_arg = arg;
    inv->queued_ms = loop_now_ms();
    if (pool->queue_tail)
        pool->queue_tail->next = inv;
    else
        pool->queue_head = inv;
    pool->queue_tail = inv;
    schedule_dispatch(pool);
    return inv;
}

unsigned lambda_in_flight(const char *function_arn)
{
    unsigned n = 0;
    for (const struct lambda_pool *p = pools; p; p = p->next) {
        if (strcmp(p->function_arn, function_arn) != 0)
            continue;
        for (const struct lambda_invocation *i = p->queue_head; i; i = i->next)
            n++;
        for (const struct lambda_environment *e = p->envs; e; e = e->next)
            n += e->current != NULL;
    }
    return n;
}

void lambda_invocation_abandon(struct lambda_invocation *inv)
{
    inv->done = NULL;
}

struct lambda_invocation *executor_next(struct lambda_environment *env)
{
    if (env->state == ENV_DEAD)
        return NULL;
    if (!env->initialized) {
        env->initialized = true;
        env->init_ms = (double)(loop_now_ms() - env->spawned_ms);
    }
    env->state = ENV_WAITING;
    struct lambda_invocation *inv = pop(env->pool);
    if (inv) {
        start(env, inv);
        return inv;
    }
    loop_timer_start(loop_current(), &env->idle, IDLE_LIFETIME_MS, idle_expired);
    return NULL;
}

/* The running call's answer, unless env runs no such call or its process is past its memory
 * (the kill that follows answers the call). */
static bool complete(struct lambda_environment *env, const char *request_id, const char *payload,
                     size_t len, const char *function_error, const struct lambda_stream *stream)
{
    struct lambda_invocation *inv = env->current;
    if (!inv || strcmp(inv->request_id, request_id) != 0)
        return false;
    if (!over_memory(env))
        finish_streamed(inv, payload ? payload : "", len, function_error, stream);
    return true;
}

bool executor_complete(struct lambda_environment *env, const char *request_id,
                       const char *payload, size_t len, bool failed)
{
    return complete(env, request_id, payload, len, failed ? "Unhandled" : NULL, NULL);
}

bool executor_complete_streamed(struct lambda_environment *env, const char *request_id,
                                const struct lambda_stream *stream, const char *error_doc,
                                size_t error_len)
{
    if (error_doc)
        return complete(env, request_id, error_doc, error_len, "Unhandled", stream);
    return complete(env, request_id, stream->bytes, stream->len, NULL, stream);
}

void executor_init_failed(struct lambda_environment *env, const char *payload, size_t len)
{
    struct lambda_pool *pool = env->pool;
    retire(env);
    struct lambda_invocation *inv = pop(pool);
    if (!inv)
        return;
    inv->env = env;
    inv->started_ms = loop_now_ms();
    log_line(env, "INIT_REPORT Init Duration: %.2f ms\tPhase: init\tStatus: error",
             (double)(loop_now_ms() - env->spawned_ms));
    function_logs_flush(env);
    const char *tail = inv->log.data ? inv->log.data : "";
    struct lambda_outcome o = {.payload = payload ? payload : "", .payload_len = len,
                               .function_error = "Unhandled", .log_tail = tail,
                               .request_id = inv->request_id};
    report(inv, &o);
}

static void unlink_environment(struct lambda_environment *env)
{
    struct lambda_environment **p = &env->pool->envs;
    while (*p && *p != env)
        p = &(*p)->next;
    if (*p)
        *p = env->next;
}

static void release(struct lambda_environment *env)
{
    unlink_environment(env);
    environment_release(env);
}

void executor_environment_exited(struct lambda_environment *env, int code, bool signaled)
{
    struct lambda_pool *pool = env->pool;
    bool was_dead = env->state == ENV_DEAD;
    retire(env);
    environment_drain_output(env);
    struct lambda_invocation *inv = env->current;
    if (!inv && !env->initialized && !was_dead)
        inv = pop(pool); /* the runtime died before asking for the call that started it */
    if (inv) {
        if (!inv->env) {
            inv->env = env;
            inv->started_ms = loop_now_ms();
        }
        char detail[64];
        if (signaled)
            snprintf(detail, sizeof detail, "signal: %s", code == 9 ? "killed" : strsignal(code));
        else
            snprintf(detail, sizeof detail, "exit status %d", code);
        char message[256];
        snprintf(message, sizeof message, "RequestId: %s Error: Runtime exited with error: %s",
                 inv->request_id, detail);
        log_line(env, "%s", message);
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "errorType", "Runtime.ExitError");
        cJSON_AddStringToObject(doc, "errorMessage", message);
        char *text = cJSON_PrintUnformatted(doc);
        cJSON_Delete(doc);
        if (env->current)
            finish(inv, text, strlen(text), "Unhandled");
        else {
            struct lambda_outcome o = {.payload = text, .payload_len = strlen(text),
                                       .function_error = "Unhandled",
                                       .log_tail = inv->log.data ? inv->log.data : "",
                                       .request_id = inv->request_id};
            report(inv, &o);
        }
        free(text);
    }
    function_logs_flush(env);
    release(env);
    if (pool->queue_head)
        schedule_dispatch(pool);
}

void executor_output_line(struct lambda_environment *env, const char *line, size_t len)
{
    function_logs_add(env, line, len);
    struct lambda_invocation *inv = env->current;
    if (!inv)
        return;
    buf_append(&inv->log, line, len);
    buf_append(&inv->log, "\n", 1);
    if (inv->log.len > 4 * LOG_TAIL_BYTES)
        buf_consume(&inv->log, inv->log.len - LOG_TAIL_BYTES);
}

static void free_pool(struct lambda_pool *p)
{
    struct event_loop *loop = loop_current();
    if (loop)
        loop_timer_stop(loop, &p->kick);
    free(p->key);
    free(p->account);
    free(p->region);
    free(p->function_name);
    free(p->function_arn);
    free(p->version);
    free(p->runtime);
    free(p->handler);
    free(p->code_path);
    free(p->role_arn);
    free(p->log_group);
    for (size_t i = 0; i < p->n_layers; i++)
        free(p->layer_paths[i]);
    free(p->layer_paths);
    cJSON_Delete(p->variables);
    free(p);
}

void lambda_executor_reset(void)
{
    while (pools) {
        struct lambda_pool *p = pools;
        pools = p->next;
        struct lambda_invocation *inv;
        while ((inv = pop(p)))
            fail_service(inv, 500, "ServiceException", "motoc's state was reset");
        while (p->envs) {
            struct lambda_environment *env = p->envs;
            retire(env);
            if (env->pid > 0)
                waitpid(env->pid, NULL, 0);
            if (env->current) {
                struct lambda_invocation *running = env->current;
                env->current = NULL;
                fail_service(running, 500, "ServiceException", "motoc's state was reset");
            }
            release(env);
        }
        free_pool(p);
    }
    live_environments = 0;
    if (environment_root()[0]) {
        environment_remove_dir(environment_root());
        environment_forget_root();
    }
}
