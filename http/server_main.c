/* motoc-server: the standalone front end, flag-compatible with moto_server. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../services/core/dispatch.h"
#include "../services/core/persist_store.h"
#include "../tls/ca.h"
#include "log.h"
#include "loop.h"
#include "server.h"

struct signal_watch {
    struct loop_watch watch;
    struct event_loop *loop;
};

static void on_signal(struct loop_watch *w, uint32_t events)
{
    (void)events;
    struct signal_watch *sw = (struct signal_watch *)w;
    struct signalfd_siginfo info;
    if (read(w->fd, &info, sizeof info) == (ssize_t)sizeof info)
        log_msg(LOG_INFO, "signal %u: shutting down", info.ssi_signo);
    loop_stop(sw->loop);
}

static void usage(FILE *out)
{
    fputs("usage: motoc-server [-H HOST] [-p PORT | --unix PATH] [-v] [--max-body-bytes N]\n"
          "                    [--idle-timeout S] [--header-timeout S] [--body-min-rate N]\n"
          "                    [--body-grace S] [--max-connections N] [--state DIR]\n"
          "       motoc-server --ca-path\n"
          "\n"
          "A local AWS: answers AWS API requests sent to HOST:PORT. The port speaks plain\n"
          "HTTP (aws --endpoint-url http://127.0.0.1:5000 ...), HTTPS with certificates\n"
          "from motoc's CA for the AWS names, and HTTP CONNECT for programs given\n"
          "HTTPS_PROXY=http://127.0.0.1:5000: tunnels to AWS hosts are answered by motoc,\n"
          "tunnels to other hosts are relayed to them.\n"
          "\n"
          "  -H, --host HOST         address to listen on (default 127.0.0.1)\n"
          "  -p, --port PORT         port (default 5000; 0 picks a free one and prints it)\n"
          "      --unix PATH         listen on a unix socket instead (who may connect is decided\n"
          "                          by the permissions of its directory)\n"
          "  -v, --verbose           log one line per request (method, host, service, operation,\n"
          "                          region, status, latency)\n"
          "      --max-body-bytes N  largest request body accepted (default 5 GiB); larger → 413\n"
          "      --idle-timeout S    close connections idle this long (default 60)\n"
          "      --header-timeout S  a request's head (request line and headers; for HTTPS\n"
          "                          also the TLS handshake) must arrive within S seconds of\n"
          "                          its first byte, else 408 (default 20; 0: no limit)\n"
          "      --body-min-rate N   after the grace period a request body must arrive at N\n"
          "                          bytes/s or more, averaged over 10 s, else 400\n"
          "                          RequestTimeout (default 500; 0: no minimum)\n"
          "      --body-grace S      seconds of a body before its rate is judged (default 10)\n"
          "      --max-connections N connections served at once (default 4096); a client\n"
          "                          beyond them is answered 503 ServiceUnavailable\n"
          "      --state DIR         load the state saved in DIR at start (a save that cannot be\n"
          "                          loaded is reported and the server does not start), save it\n"
          "                          there on SIGTERM/SIGINT and on POST /moto-api/state/save\n"
          "  -r, --reload            accepted for moto_server compatibility; ignored\n"
          "      --ca-path           create motoc's CA if needed, print the path of its\n"
          "                          certificate (ca.pem) and exit\n"
          "  -h, --help              this text\n"
          "\n"
          "Environment: MOTOC_ACCOUNT_ID, MOTOC_REGION, MOTOC_SERVICES, MOTOC_LOG, MOTOC_LOG_FILE,\n"
          "MOTOC_STATE_DIR (where the CA lives; default $XDG_STATE_HOME/motoc or\n"
          "~/.local/state/motoc); MOTOC_IDLE_TIMEOUT, MOTOC_HEADER_TIMEOUT, MOTOC_BODY_MIN_RATE,\n"
          "MOTOC_BODY_GRACE, MOTOC_MAX_CONNECTIONS set what the flags of the same names set\n"
          "(a flag wins)\n",
          out);
}

/* For tools that build trust bundles: the CA exists once this returns 0. */
static int show_ca_path(void)
{
    char err[512];
    struct ca *ca = ca_open(err, sizeof err);
    if (!ca) {
        fprintf(stderr, "motoc-server: %s\n", err);
        return 1;
    }
    printf("%s\n", ca_cert_path(ca));
    ca_free(ca);
    return fflush(stdout) == 0 ? 0 : 1;
}

static int parse_number(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v > max || s[0] == '-')
        return -1;
    *out = v;
    return 0;
}

/* Each connection is a descriptor: raises the soft limit as far as the hard one allows so the
 * cap, not the limit, decides who is served (and a client over it gets its 503). */
static void raise_descriptor_limit(unsigned max_connections)
{
    /* Over-cap clients being answered, the listener, the spool and state files. */
    rlim_t want = (rlim_t)max_connections + 512 + 64;
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= want)
        return;
    rlim_t target = lim.rlim_max != RLIM_INFINITY && lim.rlim_max < want ? lim.rlim_max : want;
    if (target > lim.rlim_cur) {
        lim.rlim_cur = target;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    if (target < want)
        log_msg(LOG_WARN,
                "the descriptor limit (%llu) is below --max-connections %u: beyond it, clients "
                "wait unanswered",
                (unsigned long long)target, max_connections);
}

static int load_state(const char *dir)
{
    char err[1024];
    if (persist_load_all(dir, err, sizeof err) < 0) {
        fprintf(stderr, "motoc-server: cannot load the state saved in %s: %s\n", dir, err);
        return -1;
    }
    /* A directory that cannot be made is better reported now than after a day's work. */
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "motoc-server: cannot create the state directory %s: %s\n", dir,
                strerror(errno));
        return -1;
    }
    persist_set_dir(dir);
    return 0;
}

static int save_state(const char *dir)
{
    char err[1024];
    if (persist_save_all(dir, err, sizeof err) != 0) {
        fprintf(stderr, "motoc-server: cannot save the state in %s: %s\n", dir, err);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"host", required_argument, NULL, 'H'},
        {"port", required_argument, NULL, 'p'},
        {"verbose", no_argument, NULL, 'v'},
        {"reload", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {"max-body-bytes", required_argument, NULL, 'B'},
        {"idle-timeout", required_argument, NULL, 'T'},
        {"ca-path", no_argument, NULL, 'C'},
        {"unix", required_argument, NULL, 'U'},
        {"state", required_argument, NULL, 'S'},
        {"header-timeout", required_argument, NULL, 'E'},
        {"body-min-rate", required_argument, NULL, 'R'},
        {"body-grace", required_argument, NULL, 'G'},
        {"max-connections", required_argument, NULL, 'M'},
        {NULL, 0, NULL, 0},
    };
    struct http_server_config cfg = {.host = "127.0.0.1", .port = 5000,
                                     .handler = core_handle_request};
    http_server_config_defaults(&cfg);
    log_init_from_env();
    char env_err[128];
    if (http_server_config_from_env(&cfg, env_err, sizeof env_err) != 0) {
        fprintf(stderr, "motoc-server: %s\n", env_err);
        return 2;
    }
    bool print_ca_path = false;
    const char *state_dir = NULL;
    unsigned long long n;
    int opt;
    while ((opt = getopt_long(argc, argv, "H:p:vrh", options, NULL)) != -1) {
        switch (opt) {
        case 'H':
            cfg.host = optarg;
            break;
        case 'p':
            if (parse_number(optarg, 65535, &n) != 0) {
                fprintf(stderr, "motoc-server: invalid port '%s'\n", optarg);
                return 2;
            }
            cfg.port = (int)n;
            break;
        case 'v':
            log_set_level(LOG_INFO);
            break;
        case 'r':
            break;
        case 'U':
            cfg.unix_path = optarg;
            break;
        case 'B':
            if (parse_number(optarg, ~0ull, &n) != 0) {
                fprintf(stderr, "motoc-server: invalid --max-body-bytes '%s'\n", optarg);
                return 2;
            }
            cfg.limits.max_body_bytes = n;
            break;
        case 'T':
            if (parse_number(optarg, 86400, &n) != 0 || n == 0) {
                fprintf(stderr, "motoc-server: invalid --idle-timeout '%s'\n", optarg);
                return 2;
            }
            cfg.idle_timeout_ms = (unsigned)n * 1000u;
            break;
        case 'E':
        case 'G':
            if (parse_number(optarg, 86400, &n) != 0) {
                fprintf(stderr, "motoc-server: invalid --%s '%s'\n",
                        opt == 'E' ? "header-timeout" : "body-grace", optarg);
                return 2;
            }
            *(opt == 'E' ? &cfg.header_timeout_ms : &cfg.body_grace_ms) = (unsigned)n * 1000u;
            break;
        case 'R':
            if (parse_number(optarg, 1ull << 30, &n) != 0) {
                fprintf(stderr, "motoc-server: invalid --body-min-rate '%s'\n", optarg);
                return 2;
            }
            cfg.body_min_rate = (unsigned)n;
            break;
        case 'M':
            if (parse_number(optarg, 1ull << 20, &n) != 0 || n == 0) {
                fprintf(stderr, "motoc-server: invalid --max-connections '%s'\n", optarg);
                return 2;
            }
            cfg.max_connections = (unsigned)n;
            break;
        case 'C':
            print_ca_path = true;
            break;
        case 'S':
            if (!*optarg) {
                fprintf(stderr, "motoc-server: --state needs a directory\n");
                return 2;
            }
            state_dir = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    /* moto_server takes an optional service name; motoc serves every service on one port. */
    if (optind < argc - 1) {
        usage(stderr);
        return 2;
    }
    if (print_ca_path)
        return show_ca_path();
    /* Before listening: a save that cannot be loaded must not be half-served. */
    if (state_dir && load_state(state_dir) != 0)
        return 1;

    raise_descriptor_limit(cfg.max_connections);

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct event_loop *loop = loop_new();
    if (!loop)
        return 1;
    struct signal_watch sig = {{signalfd(-1, &stop_signals, SFD_NONBLOCK | SFD_CLOEXEC), on_signal},
                               loop};
    if (sig.watch.fd < 0 || loop_watch_add(loop, &sig.watch, EPOLLIN) != 0) {
        fprintf(stderr, "motoc-server: cannot watch signals: %s\n", strerror(errno));
        loop_free(loop);
        return 1;
    }
    char err[256];
    struct http_server *server = http_server_new(loop, &cfg, err, sizeof err);
    if (!server) {
        fprintf(stderr, "motoc-server: %s\n", err);
        close(sig.watch.fd);
        loop_free(loop);
        return 1;
    }
    if (cfg.unix_path) {
        printf("motoc-server listening on unix:%s\n", cfg.unix_path);
    } else {
        bool ipv6 = strchr(cfg.host, ':') != NULL;
        printf("motoc-server listening on http://%s%s%s:%d\n", ipv6 ? "[" : "", cfg.host,
               ipv6 ? "]" : "", http_server_port(server));
    }
    fflush(stdout);

    loop_run(loop);

    http_server_free(server);
    int status = state_dir && save_state(state_dir) != 0 ? 1 : 0;
    loop_watch_remove(loop, &sig.watch);
    close(sig.watch.fd);
    loop_free(loop);
    return status;
}
