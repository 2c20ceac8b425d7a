/* Finds motoc's CA and builds the CA bundles and Java trust store motoc-run points clients at,
 * cached in the state directory and rebuilt when an input changes. */
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "path_format.h"

#define SYSTEM_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
#define JAVA_STORE_PASSWORD "changeit"

static void exec_quietly(const char *const argv[], int stdout_fd)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDIN_FILENO);
    dup2(stdout_fd >= 0 ? stdout_fd : null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
    execvp(argv[0], (char *const *)argv);
    _exit(127);
}

static void read_all(int fd, char *out, size_t size)
{
    size_t got = 0;
    while (got < size - 1) {
        ssize_t n = read(fd, out + got, size - 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    out[got] = '\0';
}

/* Runs argv with its output discarded, or its stdout read into out; its exit status, or -1. */
static int run_program(const char *const argv[], char *out, size_t out_size)
{
    int pipe_fds[2] = {-1, -1};
    if (out && pipe2(pipe_fds, O_CLOEXEC) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0)
        exec_quietly(argv, pipe_fds[1]);
    if (out) {
        close(pipe_fds[1]);
        if (pid > 0)
            read_all(pipe_fds[0], out, out_size);
        close(pipe_fds[0]);
    }
    int status;
    if (pid < 0)
        return -1;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int trust_find_ca(const char *server_program, const char *state_dir, char *ca_file, size_t size,
                  bool verbose)
{
    if (path_format(ca_file, size, "%s/ca.pem", state_dir) != 0)
        return -1;
    if (access(ca_file, R_OK) == 0)
        return 0;
    char printed[PATH_MAX + 2];
    const char *argv[] = {server_program, "--ca-path", NULL};
    if (run_program(argv, printed, sizeof printed) != 0) {
        if (verbose)
            fprintf(stderr, "motoc-run: this motoc-server makes no CA (no TLS): clients get no "
                            "trust settings\n");
        return -1;
    }
    printed[strcspn(printed, "\n")] = '\0';
    if (path_format(ca_file, size, "%s", printed) != 0 || access(ca_file, R_OK) != 0)
        return -1;
    return 0;
}

static bool newer_than(const struct stat *a, const struct stat *b)
{
    return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
           (a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec > b->st_mtim.tv_nsec);
}

/* The cache is fresh if it exists and no input changed after it was written. */
static bool cache_fresh(const char *cache, const char *const inputs[], size_t n_inputs)
{
    struct stat c, in;
    if (stat(cache, &c) != 0)
        return false;
    for (size_t i = 0; i < n_inputs; i++)
        if (stat(inputs[i], &in) != 0 || !newer_than(&c, &in))
            return false;
    return true;
}

static int append_file(FILE *out, const char *path)
{
    FILE *in = fopen(path, "re");
    if (!in)
        return -1;
    char buf[16384];
    size_t n;
    int last = '\n';
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        fwrite(buf, 1, n, out);
        last = buf[n - 1];
    }
    int rc = ferror(in) ? -1 : 0;
    fclose(in);
    if (last != '\n')
        fputc('\n', out);
    return rc;
}

/* Writes to a temporary name and renames, so a concurrent motoc-run never reads half a file. */
static int write_bundle(const char *path, const char *base, const char *ca)
{
    char tmp[PATH_MAX];
    if (path_format(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) != 0)
        return -1;
    FILE *out = fopen(tmp, "we");
    if (!out)
        return -1;
    int rc = append_file(out, base) | append_file(out, ca);
    if (fclose(out) != 0 || rc != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static uint32_t path_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

/* base + motoc's CA, cached as trust/bundle-<hash of base's path>.pem. */
static int bundle_with_ca(const char *trust_dir, const char *base, const char *ca, char *out,
                          size_t size)
{
    if (path_format(out, size, "%s/bundle-%08x.pem", trust_dir, path_hash(base)) != 0)
        return -1;
    const char *inputs[] = {base, ca};
    if (cache_fresh(out, inputs, 2))
        return 0;
    return write_bundle(out, base, ca);
}

static int make_dir(const char *path)
{
    return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

static void export_bundles(const char *trust_dir, const char *ca, struct exports *out)
{
    static const char *const vars[] = {"AWS_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE",
                                       "CURL_CA_BUNDLE"};
    char bundle[PATH_MAX];
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *user = getenv(vars[i]);
        const char *base = user && *user && access(user, R_OK) == 0 ? user : SYSTEM_BUNDLE;
        if (bundle_with_ca(trust_dir, base, ca, bundle, sizeof bundle) == 0)
            exports_set(out, vars[i], bundle);
        else
            fprintf(stderr, "motoc-run: cannot write a CA bundle for %s in %s: %s\n", vars[i],
                    trust_dir, strerror(errno));
    }
    /* Node adds these to its own store, so motoc's CA alone is enough. */
    const char *node = getenv("NODE_EXTRA_CA_CERTS");
    if (node && *node && access(node, R_OK) == 0) {
        if (bundle_with_ca(trust_dir, node, ca, bundle, sizeof bundle) == 0)
            exports_set(out, "NODE_EXTRA_CA_CERTS", bundle);
    } else {
        exports_set(out, "NODE_EXTRA_CA_CERTS", ca);
    }
}

/* keytool on PATH (or in $JAVA_HOME/bin) and the JDK's cacerts next to it. */
static bool find_java(char *keytool, char *cacerts, size_t size)
{
    const char *java_home = getenv("JAVA_HOME");
    if (java_home && *java_home) {
        if (path_format(keytool, size, "%s/bin/keytool", java_home) == 0 &&
            path_format(cacerts, size, "%s/lib/security/cacerts", java_home) == 0 &&
            access(keytool, X_OK) == 0 && access(cacerts, R_OK) == 0)
            return true;
    }
    const char *path = getenv("PATH");
    while (path && *path) {
        size_t len = strcspn(path, ":");
        char candidate[PATH_MAX], real[PATH_MAX];
        if (len && path_format(candidate, sizeof candidate, "%.*s/keytool", (int)len, path) == 0 &&
            access(candidate, X_OK) == 0 && realpath(candidate, real) &&
            path_format(keytool, size, "%s", real) == 0) {
            /* <jdk>/bin/keytool → <jdk>/lib/security/cacerts */
            *strrchr(real, '/') = '\0';
            char *bin = strrchr(real, '/');
            if (bin)
                *bin = '\0';
            return path_format(cacerts, size, "%s/lib/security/cacerts", real) == 0 &&
                   access(cacerts, R_OK) == 0;
        }
        path += len;
        path += *path == ':';
    }
    return false;
}

static int build_java_store(const char *keytool, const char *cacerts, const char *ca,
                            const char *store)
{
    char tmp[PATH_MAX];
    if (path_format(tmp, sizeof tmp, "%s.%ld.tmp", store, (long)getpid()) != 0)
        return -1;
    unlink(tmp);
    const char *copy_jdk[] = {keytool, "-importkeystore", "-noprompt", "-srckeystore", cacerts,
                              "-srcstorepass", JAVA_STORE_PASSWORD, "-destkeystore", tmp,
                              "-deststoretype", "PKCS12", "-deststorepass", JAVA_STORE_PASSWORD,
                              NULL};
    const char *add_ca[] = {keytool, "-importcert", "-noprompt", "-alias", "motoc-ca", "-file", ca,
                            "-keystore", tmp, "-storetype", "PKCS12", "-storepass",
                            JAVA_STORE_PASSWORD, NULL};
    if (run_program(copy_jdk, NULL, 0) != 0 || run_program(add_ca, NULL, 0) != 0 ||
        rename(tmp, store) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static void export_java(const char *trust_dir, const char *ca, struct exports *out, bool verbose)
{
    char keytool[PATH_MAX], cacerts[PATH_MAX], store[PATH_MAX];
    if (!find_java(keytool, cacerts, sizeof keytool) ||
        path_format(store, sizeof store, "%s/java-cacerts.p12", trust_dir) != 0)
        return;
    const char *inputs[] = {cacerts, ca};
    if (!cache_fresh(store, inputs, 2)) {
        if (verbose)
            fprintf(stderr, "motoc-run: building a Java trust store in %s\n", store);
        if (build_java_store(keytool, cacerts, ca, store) != 0) {
            fprintf(stderr, "motoc-run: keytool could not build %s; Java gets no motoc CA\n",
                    store);
            return;
        }
    }
    const char *existing = getenv("JAVA_TOOL_OPTIONS");
    exports_setf(out, "JAVA_TOOL_OPTIONS",
                 "%s%s-Djavax.net.ssl.trustStore=%s -Djavax.net.ssl.trustStorePassword=%s "
                 "-Djavax.net.ssl.trustStoreType=PKCS12",
                 existing ? existing : "", existing && *existing ? " " : "", store,
                 JAVA_STORE_PASSWORD);
}

void trust_export(const char *state_dir, const char *ca_file, struct exports *out, bool verbose)
{
    char trust_dir[PATH_MAX];
    if (path_format(trust_dir, sizeof trust_dir, "%s/trust", state_dir) != 0 ||
        make_dir(state_dir) != 0 || make_dir(trust_dir) != 0) {
        fprintf(stderr, "motoc-run: cannot create %s: %s; clients get no trust settings\n",
                trust_dir, strerror(errno));
        return;
    }
    export_bundles(trust_dir, ca_file, out);
    export_java(trust_dir, ca_file, out, verbose);
}
