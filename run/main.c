/* motoc-run: runs a command with every AWS API call of its whole process tree answered by one
 * motoc-server, started for the occasion on an address only this user can reach. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tls/aws_names.h"
#include "../tls/state_dir.h"
#include "exports.h"
#include "path_format.h"
#include "server.h"
#include "trust.h"

/* Exit statuses of motoc-run's own failures, as env(1) and timeout(1) use them. */
#define EXIT_OWN_FAILURE 125
#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

struct options {
    bool verbose;
    bool print_env;
    const char *log_file;
};

/* The AWS domains, a few to a line. */
static void print_domains(FILE *out)
{
    int column = 0;
    for (const char *const *d = aws_name_domains; *d; d++) {
        int width = (int)strlen(*d) + 3;
        if (column > 2 && column + width > 80) {
            fputs("\n", out);
            column = 0;
        }
        column += fprintf(out, "%s*.%s", column ? " " : "  ", *d);
    }
    fputs("\n", out);
}

static void usage(FILE *out)
{
    fputs("usage: motoc-run [options] [--] command [args...]\n"
          "       eval \"$(motoc-run --env)\"\n"
          "\n"
          "Runs command with every AWS API call of its process tree answered by a local\n"
          "motoc-server that lives as long as the command. No endpoint settings are needed;\n"
          "nothing is sent to AWS. AWS calls are those to names under the AWS domains:\n",
          out);
    print_domains(out);
    fputs("\n"
          "  -v, --verbose   log one line per request on stderr\n"
          "      --log FILE  append the server's log (one line per request) to FILE\n"
          "      --env       start a server in the background and print the exports that send\n"
          "                  a shell's commands to it (stop it with: kill $MOTOC_SERVER_PID);\n"
          "                  its log goes to --log FILE or nowhere\n"
          "  -h, --help      this text\n"
          "      --version   motoc-run's version\n"
          "\n"
          "Exit status: the command's; 128+N if it was killed by signal N; 125 if motoc-run\n"
          "itself failed, 126/127 if the command could not be run / found.\n"
          "\n"
          "Environment (read by motoc in every process):\n"
          "  MOTOC_DISABLE=1                 leave all traffic alone, as if motoc were not there\n"
          "  MOTOC_SERVICES=s3,sqs           answer only these services; others get an error\n"
          "  MOTOC_PASSTHROUGH_SERVICES=...  these services resolve and connect for real\n"
          "  MOTOC_PASSTHROUGH_HOSTS=...     these host names (or *.domain) do too\n"
          "  MOTOC_LOG=off|requests|debug    what motoc logs (default: errors only)\n"
          "  MOTOC_LOG_FILE=PATH             log there instead of stderr\n"
          "  MOTOC_ACCOUNT_ID, MOTOC_REGION  the default account id and region\n"
          "  MOTOC_STATE=DIR                 the server loads the state saved in DIR at start\n"
          "                                  and saves it there when it stops\n"
          "  MOTOC_STATE_DIR                 where motoc's CA lives (default\n"
          "                                  $XDG_STATE_HOME/motoc or ~/.local/state/motoc)\n"
          "  MOTOC_ENDPOINT                  set by motoc-run: the server's private address\n",
          out);
}

/* motoc-server sits next to motoc-run; libmotoc.so in the build tree's preload/, or installed
 * in the library directory. */
static int locate(char *server, char *preload, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    *strrchr(exe, '/') = '\0';
    if (path_format(server, size, "%s/motoc-server", exe) != 0 ||
        path_format(preload, size, "%s/preload/libmotoc.so", exe) != 0 ||
        (access(preload, R_OK) != 0 &&
         path_format(preload, size, "%s/libmotoc.so", MOTOC_LIBDIR) != 0) ||
        access(server, X_OK) != 0 || access(preload, R_OK) != 0) {
        fprintf(stderr, "motoc-run: cannot find %s or %s\n", server, preload);
        return -1;
    }
    return 0;
}

/* Fake credentials and a region, as moto sets them, only where the user has none. */
static void export_defaults(struct exports *ex)
{
    if (!getenv("AWS_ACCESS_KEY_ID") && !getenv("AWS_PROFILE")) {
        exports_set(ex, "AWS_ACCESS_KEY_ID", "testing");
        exports_set(ex, "AWS_SECRET_ACCESS_KEY", "testing");
    }
    if (!getenv("AWS_DEFAULT_REGION") && !getenv("AWS_REGION")) {
        const char *region = getenv("MOTOC_REGION");
        region = region && *region ? region : "us-east-1";
        exports_set(ex, "AWS_DEFAULT_REGION", region);
        exports_set(ex, "AWS_REGION", region);
    }
}

static void build_exports(struct exports *ex, const char *preload, const char *server_program,
                          const char *socket, bool verbose)
{
    const char *existing = getenv("LD_PRELOAD");
    if (existing && strstr(existing, preload))
        exports_set(ex, "LD_PRELOAD", existing);
    else if (existing && *existing)
        exports_setf(ex, "LD_PRELOAD", "%s:%s", preload, existing);
    else
        exports_set(ex, "LD_PRELOAD", preload);
    exports_setf(ex, "MOTOC_ENDPOINT", "unix:%s", socket);
    char state_dir[PATH_MAX - 16], ca_file[PATH_MAX], err[256];
    if (state_dir_path(state_dir, sizeof state_dir, err, sizeof err) == 0 &&
        trust_find_ca(server_program, state_dir, ca_file, sizeof ca_file, verbose) == 0)
        trust_export(state_dir, ca_file, ex, verbose);
    export_defaults(ex);
}

/* Waits for the command, passing on signals sent to motoc-run alone (a terminal's signals already
 * reached the command's whole process group). Returns the command's wait status. */
static int supervise(pid_t child, struct server_proc *server, const sigset_t *handled)
{
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(handled, &info);
        if (sig < 0)
            continue;
        if (sig != SIGCHLD) {
            if (info.si_code == SI_USER || info.si_code == SI_QUEUE)
                kill(child, sig);
            continue;
        }
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            if (pid == child)
                return status;
            server_reap_if(server, pid, status);
        }
    }
}

static void exec_command(char **argv, const struct exports *ex, const sigset_t *original_mask)
{
    sigprocmask(SIG_SETMASK, original_mask, NULL);
    if (exports_apply(ex) != 0) {
        perror("motoc-run: setenv");
        _exit(EXIT_OWN_FAILURE);
    }
    execvp(argv[0], argv);
    int saved = errno;
    fprintf(stderr, "motoc-run: %s: %s\n", argv[0], strerror(saved));
    _exit(saved == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

static int run_command(char **argv, const struct server_options *sopt, const char *preload,
                       const sigset_t *handled, const sigset_t *original_mask, bool verbose)
{
    struct server_proc server;
    if (server_start(&server, sopt) != 0)
        return EXIT_OWN_FAILURE;
    struct exports ex = {0};
    build_exports(&ex, preload, sopt->program, server.socket, verbose);
    pid_t child = fork();
    if (child == 0)
        exec_command(argv, &ex, original_mask);
    exports_free(&ex);
    int status = 0;
    if (child < 0)
        perror("motoc-run: fork");
    else
        status = supervise(child, &server, handled);
    server_stop(&server);
    if (child < 0)
        return EXIT_OWN_FAILURE;
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* --env: a supervisor process, in a session of its own, keeps the server until it is sent a
 * signal, then stops it and removes its directory. It holds none of the caller's descriptors, so
 * $(motoc-run --env) returns at once; the server logs to --log's file or nowhere. */
static void supervise_in_background(const struct server_options *sopt, const sigset_t *handled,
                                    int report_fd)
{
    setsid();
    int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    dup2(sopt->log_fd >= 0 ? sopt->log_fd : null_fd, STDERR_FILENO);
    struct server_proc server;
    bool started = server_start(&server, sopt) == 0;
    const char *report = started ? server.socket : "";
    ssize_t w = write(report_fd, report, strlen(report));
    (void)w;
    close(report_fd);
    if (!started)
        _exit(EXIT_OWN_FAILURE);
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(handled, &info);
        int status;
        if (sig == SIGCHLD && waitpid(server.pid, &status, WNOHANG) == server.pid) {
            server_reap_if(&server, server.pid, status);
            break;
        }
        if (sig > 0 && sig != SIGCHLD)
            break;
    }
    server_stop(&server);
    _exit(0);
}

static int print_env(const struct server_options *sopt, const char *preload,
                     const sigset_t *handled, bool verbose)
{
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        perror("motoc-run: pipe");
        return EXIT_OWN_FAILURE;
    }
    fflush(stdout);
    pid_t supervisor = fork();
    if (supervisor == 0) {
        close(pipe_fds[0]);
        supervise_in_background(sopt, handled, pipe_fds[1]);
    }
    close(pipe_fds[1]);
    char socket[PATH_MAX] = "";
    ssize_t n = supervisor > 0 ? read(pipe_fds[0], socket, sizeof socket - 1) : -1;
    close(pipe_fds[0]);
    if (n <= 0)
        return EXIT_OWN_FAILURE;
    socket[n] = '\0';
    struct exports ex = {0};
    build_exports(&ex, preload, sopt->program, socket, verbose);
    exports_setf(&ex, "MOTOC_SERVER_PID", "%ld", (long)supervisor);
    exports_print(&ex, stdout);
    puts("# stop the server with: kill $MOTOC_SERVER_PID");
    exports_free(&ex);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"verbose", no_argument, NULL, 'v'}, {"log", required_argument, NULL, 'l'},
        {"env", no_argument, NULL, 'e'},     {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'}, {NULL, 0, NULL, 0},
    };
    struct options opt = {0};
    int c;
    /* '+': the command's own options are not motoc-run's. */
    while ((c = getopt_long(argc, argv, "+vh", long_options, NULL)) != -1) {
        switch (c) {
        case 'v':
            opt.verbose = true;
            break;
        case 'l':
            opt.log_file = optarg;
            break;
        case 'e':
            opt.print_env = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("motoc-run %s\n", MOTOC_VERSION);
            return 0;
        default:
            usage(stderr);
            return EXIT_OWN_FAILURE;
        }
    }
    if (!opt.print_env && optind >= argc) {
        usage(stderr);
        return EXIT_OWN_FAILURE;
    }

    char server_program[PATH_MAX], preload[PATH_MAX];
    if (locate(server_program, preload, sizeof preload) != 0)
        return EXIT_OWN_FAILURE;
    struct server_options sopt = {server_program, opt.verbose || opt.log_file, -1};
    if (opt.log_file) {
        sopt.log_fd = open(opt.log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (sopt.log_fd < 0) {
            fprintf(stderr, "motoc-run: %s: %s\n", opt.log_file, strerror(errno));
            return EXIT_OWN_FAILURE;
        }
    }

    /* Signals are taken synchronously (sigwaitinfo) from here on; children get the old mask. */
    sigset_t handled, original_mask;
    sigemptyset(&handled);
    int signals[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
        sigaddset(&handled, signals[i]);
    sigprocmask(SIG_BLOCK, &handled, &original_mask);

    if (opt.print_env)
        return print_env(&sopt, preload, &handled, opt.verbose);
    return run_command(argv + optind, &sopt, preload, &handled, &original_mask, opt.verbose);
}
