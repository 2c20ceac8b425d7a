/* Execution environments as processes: a directory per environment (the code under task/, layers
 * under opt/, its own tmp/), the runtime's process started in its own process group with Lambda's
 * variables, its output read by the event loop, its exit seen through a pidfd. */
#include "environment.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../http/server.h"
#include "../../tls/ca.h"
#include "../../tls/state_dir.h"
#include "../core/internal_call.h"
#include "../core/protocol.h"
#include "package.h"
#include "process_memory.h"
#include "runtime_api.h"
#include "runtime_clients.h"

extern char **environ;

static char root_dir[PATH_MAX];
/* Where the Java runtime client, compiled, is kept for every environment (under root_dir). */
#define JAVA_CLIENT_DIR "java-client"
static unsigned long env_counter;

static int make_root(char *err, size_t err_len)
{
    if (root_dir[0])
        return 0;
    const char *tmp = getenv("TMPDIR");
    snprintf(root_dir, sizeof root_dir, "%s/motoc-lambda-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(root_dir)) {
        snprintf(err, err_len, "cannot create a directory for execution environments: %s",
                 strerror(errno));
        root_dir[0] = '\0';
        return -1;
    }
    return 0;
}

const char *environment_root(void)
{
    return root_dir;
}

void environment_forget_root(void)
{
    root_dir[0] = '\0';
}

static bool find_in_path(const char *name, char *out, size_t size)
{
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/local/bin:/usr/bin:/bin"; *p;) {
        size_t len = strcspn(p, ":");
        if (len > 0 && (size_t)snprintf(out, size, "%.*s/%s", (int)len, p, name) < size &&
            access(out, X_OK) == 0)
            return true;
        p += len;
        if (*p == ':')
            p++;
    }
    return false;
}

/* libmotoc.so, which every function runs under: next to the object holding this code (the
 * preload's libmotoc-core.so, or motoc-server in the build tree), else in the library dir. */
static bool find_preload(char *out, size_t size)
{
    Dl_info info;
    char dir[PATH_MAX];
    /* The main program's name may be its bare argv[0]: /proc/self/exe names it whole. */
    ssize_t n;
    if (dladdr((void *)find_preload, &info) && info.dli_fname && strchr(info.dli_fname, '/') &&
        strcmp(info.dli_fname, "/proc/self/exe") != 0)
        snprintf(dir, sizeof dir, "%s", info.dli_fname);
    else if ((n = readlink("/proc/self/exe", dir, sizeof dir - 1)) > 0)
        dir[n] = '\0';
    else
        dir[0] = '\0';
    if (dir[0]) {
        char *slash = strrchr(dir, '/');
        if (slash) {
            *slash = '\0';
            static const char *const candidates[] = {"%s/libmotoc.so", "%s/preload/libmotoc.so"};
            for (size_t i = 0; i < 2; i++) {
                char path[PATH_MAX + 32];
                if ((size_t)snprintf(path, sizeof path, candidates[i], dir) < sizeof path &&
                    size >= PATH_MAX && realpath(path, out))
                    return true;
            }
        }
    }
#ifdef MOTOC_LIBDIR
    if ((size_t)snprintf(out, size, "%s/libmotoc.so", MOTOC_LIBDIR) < size &&
        access(out, R_OK) == 0)
        return true;
#endif
    return false;
}

struct env_vars {
    char *items[96];
    size_t n;
};

static void put_var(struct env_vars *v, const char *name, const char *value)
{
    if (!value || v->n + 1 >= sizeof v->items / sizeof *v->items)
        return;
    size_t len = strlen(name) + strlen(value) + 2;
    char *item = xmalloc(len);
    snprintf(item, len, "%s=%s", name, value);
    for (size_t i = 0; i < v->n; i++) {
        if (strncmp(v->items[i], item, strlen(name) + 1) == 0) {
            free(v->items[i]);
            v->items[i] = item;
            return;
        }
    }
    v->items[v->n++] = item;
}

static void free_vars(struct env_vars *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->items[i]);
}

/* The role's temporary credentials, as Lambda hands them to a function. */
static void put_credentials(struct env_vars *v, const struct lambda_pool *pool)
{
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "RoleArn", pool->role_arn ? pool->role_arn : "");
    cJSON_AddStringToObject(params, "RoleSessionName", pool->function_name);
    cJSON *result = NULL;
    struct proto_error err = {0};
    if (internal_call("sts", "AssumeRole", pool->account, pool->region, params, &result, &err) ==
        0) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(result, "Credentials");
        put_var(v, "AWS_ACCESS_KEY_ID",
                cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "AccessKeyId")));
        put_var(v, "AWS_SECRET_ACCESS_KEY",
                cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "SecretAccessKey")));
        put_var(v, "AWS_SESSION_TOKEN",
                cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "SessionToken")));
    }
    proto_error_clear(&err);
    cJSON_Delete(result);
    cJSON_Delete(params);
}

static const char *runtime_family(const char *runtime)
{
    if (strncmp(runtime, "python", 6) == 0)
        return "python";
    if (strncmp(runtime, "nodejs", 6) == 0)
        return "nodejs";
    if (strncmp(runtime, "java", 4) == 0)
        return "java";
    if (strncmp(runtime, "provided", 8) == 0)
        return "provided";
    return NULL;
}

static int write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return -1;
    size_t len = strlen(text);
    ssize_t n = write(fd, text, len);
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

/* The program and arguments that start the runtime, and its client written out if motoc ships
 * one. */
static int runtime_command(const struct lambda_environment *env, char *program, size_t size,
                           char *script, size_t script_size, struct spawn_failure *f)
{
    char *err = f->message;
    size_t err_len = sizeof f->message;
    const struct lambda_pool *pool = env->pool;
    const char *family = runtime_family(pool->runtime);
    script[0] = '\0';
    if (family && strcmp(family, "python") == 0) {
        /* The machine's python3 stands in for every python3.x runtime (a versioned name on the
         * PATH may be a version manager's shim that does not run). */
        if (!find_in_path("python3", program, size)) {
            snprintf(err, err_len, "motoc cannot run %s: no python3 on this machine's PATH",
                     pool->runtime);
            return -1;
        }
        snprintf(script, script_size, "%s/runtime/bootstrap.py", env->dir);
        return write_file(script, lambda_python_bootstrap, 0644);
    }
    if (family && strcmp(family, "nodejs") == 0) {
        if (!find_in_path("node", program, size)) {
            snprintf(err, err_len, "motoc cannot run %s: no node on this machine's PATH",
                     pool->runtime);
            return -1;
        }
        snprintf(script, script_size, "%s/runtime/bootstrap.js", env->dir);
        return write_file(script, lambda_node_bootstrap, 0644);
    }
    if (family && strcmp(family, "java") == 0) {
        /* The machine's JDK runs the client from source (java Bootstrap.java). */
        if (!find_in_path("java", program, size)) {
            snprintf(err, err_len, "motoc cannot run %s: no java on this machine's PATH",
                     pool->runtime);
            return -1;
        }
        /* Compiled once per motoc (by the first environment, from its source), the client
         * starts seconds sooner than from source. */
        char compiled[PATH_MAX + 64];
        snprintf(compiled, sizeof compiled, "%s/%s/Bootstrap.class", root_dir, JAVA_CLIENT_DIR);
        if (access(compiled, R_OK) == 0) {
            snprintf(script, script_size, "%s/%s", root_dir, JAVA_CLIENT_DIR);
            return 0;
        }
        snprintf(script, script_size, "%s/runtime/Bootstrap.java", env->dir);
        return write_file(script, lambda_java_bootstrap, 0644);
    }
    if (family && strcmp(family, "provided") == 0) {
        static const char *const places[] = {"%s/task/bootstrap", "%s/opt/bootstrap"};
        for (size_t i = 0; i < 2; i++) {
            if ((size_t)snprintf(program, size, places[i], env->dir) < size &&
                access(program, X_OK) == 0)
                return 0;
        }
        snprintf(err, err_len, "Couldn't find valid bootstrap(s): [/var/task/bootstrap "
                               "/opt/bootstrap]");
        snprintf(f->function_error, sizeof f->function_error, "Runtime.InvalidEntrypoint");
        return -1;
    }
    snprintf(err, err_len, "motoc cannot run the %s runtime: it runs python, nodejs, java and "
                           "provided (custom runtime) functions without containers", pool->runtime);
    return -1;
}

static void build_vars(struct env_vars *v, const struct lambda_environment *env, int port,
                       const char *preload)
{
    const struct lambda_pool *pool = env->pool;
    char text[2 * PATH_MAX + 64];
    const char *path = getenv("PATH");
    snprintf(text, sizeof text, "%s/opt/bin:%s", env->dir,
             path ? path : "/usr/local/bin:/usr/bin:/bin");
    put_var(v, "PATH", text);
    put_var(v, "LANG", "en_US.UTF-8");
    put_var(v, "TZ", ":UTC");
    snprintf(text, sizeof text, "%s/task", env->dir);
    put_var(v, "LAMBDA_TASK_ROOT", text);
    snprintf(text, sizeof text, "%s/runtime", env->dir);
    put_var(v, "LAMBDA_RUNTIME_DIR", text);
    snprintf(text, sizeof text, "%s/tmp", env->dir);
    put_var(v, "TMPDIR", text);
    put_var(v, "_HANDLER", pool->handler ? pool->handler : "");
    put_var(v, "AWS_REGION", pool->region);
    put_var(v, "AWS_DEFAULT_REGION", pool->region);
    snprintf(text, sizeof text, "AWS_Lambda_%s", pool->runtime);
    put_var(v, "AWS_EXECUTION_ENV", text);
    put_var(v, "AWS_LAMBDA_FUNCTION_NAME", pool->function_name);
    put_var(v, "AWS_LAMBDA_FUNCTION_VERSION", pool->version);
    snprintf(text, sizeof text, "%d", pool->memory_mb);
    put_var(v, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", text);
    put_var(v, "AWS_LAMBDA_LOG_GROUP_NAME", pool->log_group);
    put_var(v, "AWS_LAMBDA_LOG_STREAM_NAME", env->log_stream);
    put_var(v, "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    snprintf(text, sizeof text, "127.0.0.1:%d", port);
    put_var(v, "AWS_LAMBDA_RUNTIME_API", text);
    put_var(v, "AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
    const char *family = runtime_family(pool->runtime);
    if (family && strcmp(family, "python") == 0) {
        snprintf(text, sizeof text, "%s/opt/python", env->dir);
        put_var(v, "PYTHONPATH", text);
        put_var(v, "PYTHONUNBUFFERED", "1");
    } else if (family && strcmp(family, "nodejs") == 0) {
        snprintf(text, sizeof text, "%s/opt/nodejs/node_modules:%s/opt/nodejs", env->dir,
                 env->dir);
        put_var(v, "NODE_PATH", text);
    } else if (family && strcmp(family, "java") == 0) {
        /* A client started from source compiles itself there for the next environments. */
        snprintf(text, sizeof text, "%s/%s", root_dir, JAVA_CLIENT_DIR);
        put_var(v, "MOTOC_JAVA_CLIENT_DIR", text);
    }
    snprintf(text, sizeof text, "%s/opt/lib", env->dir);
    put_var(v, "LD_LIBRARY_PATH", text);
    put_credentials(v, pool);
    /* The function's own variables; Lambda refuses reserved names when they are set. */
    const cJSON *item;
    cJSON_ArrayForEach(item, pool->variables) {
        if (cJSON_IsString(item))
            put_var(v, item->string, item->valuestring);
    }
    /* motoc's capture: every AWS call of the function comes back here. A motoc built with
     * AddressSanitizer has an instrumented libmotoc.so, which needs the ASan runtime loaded
     * first. */
    const char *asan = process_asan_runtime();
    if (asan) {
        snprintf(text, sizeof text, "%s:%s", asan, preload);
        put_var(v, "LD_PRELOAD", text);
        put_var(v, "ASAN_OPTIONS", "verify_asan_link_order=0:detect_leaks=0");
    } else {
        put_var(v, "LD_PRELOAD", preload);
    }
    snprintf(text, sizeof text, "http://127.0.0.1:%d", port);
    put_var(v, "MOTOC_ENDPOINT", text);
    char state[PATH_MAX], err[128];
    if (state_dir_path(state, sizeof state, err, sizeof err) == 0) {
        put_var(v, "MOTOC_STATE_DIR", state);
        snprintf(text, sizeof text, "%s/" CA_CERT_FILE, state);
        put_var(v, "NODE_EXTRA_CA_CERTS", text);
    }
    static const char *const passed_on[] = {"MOTOC_LOG", "MOTOC_REGION", "MOTOC_ACCOUNT_ID"};
    for (size_t i = 0; i < sizeof passed_on / sizeof *passed_on; i++)
        put_var(v, passed_on[i], getenv(passed_on[i]));
}

static int make_dirs(struct lambda_environment *env, char *err, size_t err_len)
{
    static const char *const subdirs[] = {"", "/task", "/opt", "/tmp", "/runtime"};
    for (size_t i = 0; i < sizeof subdirs / sizeof *subdirs; i++) {
        char path[PATH_MAX + 16];
        snprintf(path, sizeof path, "%s%s", env->dir, subdirs[i]);
        if (mkdir(path, 0700) != 0) {
            snprintf(err, err_len, "cannot create %.300s: %s", path, strerror(errno));
            return -1;
        }
    }
    return 0;
}

static int unpack(struct lambda_environment *env, char *err, size_t err_len)
{
    const struct lambda_pool *pool = env->pool;
    unsigned long long total = 0;
    char dir[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%s/opt", env->dir);
    for (size_t i = 0; i < pool->n_layers; i++)
        if (pool->layer_paths[i] &&
            lambda_package_extract(pool->layer_paths[i], dir, &total, err, err_len) != 0)
            return -1;
    snprintf(dir, sizeof dir, "%s/task", env->dir);
    return pool->code_path ? lambda_package_extract(pool->code_path, dir, &total, err, err_len)
                           : 0;
}

static void on_exit_event(struct loop_watch *w, uint32_t events)
{
    (void)events;
    struct lambda_environment *env =
        (struct lambda_environment *)((char *)w - offsetof(struct lambda_environment, exit_watch));
    siginfo_t info;
    memset(&info, 0, sizeof info);
    int rc = waitid(P_PID, (id_t)env->pid, &info, WEXITED | WNOHANG);
    if (rc == 0 && info.si_pid == 0)
        return; /* not yet */
    if (rc != 0) /* reaped by someone else (an application's wait(-1)) */
        info.si_code = CLD_EXITED, info.si_status = 0;
    loop_watch_remove(loop_current(), w);
    close(w->fd);
    w->fd = -1;
    executor_environment_exited(env, info.si_status, info.si_code != CLD_EXITED);
}

static void read_output(struct lambda_environment *env, uint32_t events)
{
    struct loop_watch *w = &env->output_watch;
    if (w->fd < 0)
        return;
    char chunk[8192];
    for (;;) {
        ssize_t n = read(w->fd, chunk, sizeof chunk);
        if (n > 0) {
            buf_append(&env->partial_line, chunk, (size_t)n);
            char *start = env->partial_line.data;
            char *end = start + env->partial_line.len;
            char *nl;
            while ((nl = memchr(start, '\n', (size_t)(end - start)))) {
                executor_output_line(env, start, (size_t)(nl - start));
                start = nl + 1;
            }
            /* A line longer than Lambda's 256 KB event is cut, never held without bound. */
            if (end - start > 262144) {
                executor_output_line(env, start, (size_t)(end - start));
                start = end;
            }
            buf_consume(&env->partial_line, (size_t)(start - env->partial_line.data));
            continue;
        }
        if (n < 0 && (errno == EINTR))
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && !(events & EPOLLHUP))
            return;
        break;
    }
    if (env->partial_line.len)
        executor_output_line(env, env->partial_line.data, env->partial_line.len);
    buf_reset(&env->partial_line);
    loop_watch_remove(loop_current(), w);
    close(w->fd);
    w->fd = -1;
}

static void on_output(struct loop_watch *w, uint32_t events)
{
    read_output((struct lambda_environment *)((char *)w - offsetof(struct lambda_environment,
                                                                   output_watch)),
                events);
}

void environment_drain_output(struct lambda_environment *env)
{
    read_output(env, EPOLLHUP);
}

static pid_t start_process(struct lambda_environment *env, const char *program,
                           const char *script, char **envp, int output_fd, char *err,
                           size_t err_len)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    char task[PATH_MAX + 8];
    snprintf(task, sizeof task, "%s/task", env->dir);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, output_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, output_fd, 2);
    posix_spawn_file_actions_addchdir_np(&actions, task);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigfillset(&defaults);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                        POSIX_SPAWN_SETSIGDEF);
    /* The JVM starts fastest with its first compiler tier alone and gives the heap 85% of the
     * function's memory, as Lambda runs it: a function that fills its heap meets Java's own
     * OutOfMemoryError. (Lambda's metaspace cap is left out: compiling motoc's runtime client
     * from source needs more than a 128 MB function would get.) */
    static const char *const jvm_options[] = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                                              "-Xshare:auto", "-XX:+UseSerialGC"};
    char heap[48];
    snprintf(heap, sizeof heap, "-XX:MaxHeapSize=%ldk",
             (long)env->pool->memory_mb * 1024 * 85 / 100);
    const char *family = runtime_family(env->pool->runtime);
    char *argv[16];
    size_t argc = 0;
    argv[argc++] = (char *)program;
    bool java = family && strcmp(family, "java") == 0;
    if (java) {
        for (size_t i = 0; i < sizeof jvm_options / sizeof *jvm_options; i++)
            argv[argc++] = (char *)jvm_options[i];
        argv[argc++] = heap;
    }
    size_t script_len = strlen(script);
    if (java && (script_len < 5 || strcmp(script + script_len - 5, ".java") != 0)) {
        argv[argc++] = "-cp"; /* the compiled client's directory */
        argv[argc++] = (char *)script;
        argv[argc++] = "Bootstrap";
    } else if (script[0]) {
        argv[argc++] = (char *)script;
    }
    argv[argc] = NULL;
    pid_t pid = -1;
    int rc = posix_spawn(&pid, program, &actions, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        snprintf(err, err_len, "cannot start %.300s: %s", program, strerror(rc));
        return -1;
    }
    return pid;
}

struct lambda_environment *environment_spawn(struct lambda_pool *pool, struct spawn_failure *f)
{
    char *err = f->message;
    size_t err_len = sizeof f->message;
    f->function_error[0] = '\0';
    if (make_root(err, err_len) != 0)
        return NULL;
    char preload[PATH_MAX];
    if (!find_preload(preload, sizeof preload)) {
        /* Without it the function's AWS calls would leave the machine. */
        snprintf(err, err_len, "motoc cannot find libmotoc.so to run functions under");
        return NULL;
    }
    struct ca *ca = ca_open(err, err_len); /* its certificate must exist before Node starts */
    ca_free(ca);
    struct lambda_environment *env = xcalloc(1, sizeof *env);
    env->pool = pool;
    env->state = ENV_STARTING;
    env->exit_watch.fd = env->output_watch.fd = -1;
    env->spawned_ms = loop_now_ms();
    if ((size_t)snprintf(env->dir, sizeof env->dir, "%s/env-%lu", root_dir, ++env_counter) >=
        sizeof env->dir) {
        snprintf(err, err_len, "the directory for execution environments has too long a path");
        free(env);
        return NULL;
    }
    function_logs_stream_name(env->log_stream, sizeof env->log_stream, pool->version);
    char program[PATH_MAX], script[PATH_MAX + 32];
    int pipe_fds[2] = {-1, -1};
    if (make_dirs(env, err, err_len) != 0 || unpack(env, err, err_len) != 0 ||
        runtime_command(env, program, sizeof program, script, sizeof script, f) != 0 ||
        !(env->runtime_api = runtime_api_start(env, err, err_len)) ||
        pipe2(pipe_fds, O_CLOEXEC) != 0) {
        http_server_free(env->runtime_api);
        environment_remove_dir(env->dir);
        free(env);
        return NULL;
    }
    fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
    struct env_vars vars = {0};
    build_vars(&vars, env, http_server_port(env->runtime_api), preload);
    vars.items[vars.n] = NULL;
    env->pid = start_process(env, program, script, vars.items, pipe_fds[1], err, err_len);
    free_vars(&vars);
    close(pipe_fds[1]);
    if (env->pid < 0) {
        close(pipe_fds[0]);
        http_server_free(env->runtime_api);
        environment_remove_dir(env->dir);
        free(env);
        return NULL;
    }
    env->exit_watch.fd = (int)syscall(SYS_pidfd_open, env->pid, 0);
    env->exit_watch.cb = on_exit_event;
    env->output_watch.fd = pipe_fds[0];
    env->output_watch.cb = on_output;
    loop_watch_add(loop_current(), &env->output_watch, EPOLLIN | EPOLLRDHUP);
    if (env->exit_watch.fd >= 0)
        loop_watch_add(loop_current(), &env->exit_watch, EPOLLIN);
    env->next = pool->envs;
    pool->envs = env;
    return env;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path); /* what cannot be removed is left; the rest goes on */
    return 0;
}

void environment_remove_dir(const char *dir)
{
    if (dir[0])
        nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void environment_kill(struct lambda_environment *env)
{
    if (env->state == ENV_DEAD)
        return;
    env->state = ENV_DEAD;
    if (env->pid > 0)
        kill(-env->pid, SIGKILL);
}

static void free_runtime_api(void *server)
{
    http_server_free(server);
}

static void free_environment(void *ptr)
{
    struct lambda_environment *env = ptr;
    buf_free(&env->partial_line);
    cJSON_Delete(env->log_events);
    free(env);
}

void environment_release(struct lambda_environment *env)
{
    struct event_loop *loop = loop_current();
    if (env->output_watch.fd >= 0) {
        if (loop)
            loop_watch_remove(loop, &env->output_watch);
        close(env->output_watch.fd);
        env->output_watch.fd = -1;
    }
    if (env->exit_watch.fd >= 0) {
        if (loop)
            loop_watch_remove(loop, &env->exit_watch);
        close(env->exit_watch.fd);
        env->exit_watch.fd = -1;
    }
    environment_remove_dir(env->dir);
    if (loop) {
        loop_timer_stop(loop, &env->idle);
        loop_timer_stop(loop, &env->memory_check);
        /* Events of this batch may still name the endpoint's listener or the environment. */
        loop_defer_free(loop, free_runtime_api, env->runtime_api);
        loop_defer_free(loop, free_environment, env);
    } else {
        http_server_free(env->runtime_api);
        free_environment(env);
    }
}
