/* Whatever a client sends in place of a TLS handshake: fed in two pieces, read after each. The CA
 * lives in a throwaway state directory, removed at exit. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tls/tls_context.h"
#include "../../tls/tls_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tls_context *ctx;
static char state_dir[64];

static void clean_up(void)
{
    tls_context_free(ctx);
    char path[128];
    snprintf(path, sizeof path, "%s/ca.pem", state_dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/ca.key", state_dir);
    unlink(path);
    rmdir(state_dir);
}

static void set_up(void)
{
    snprintf(state_dir, sizeof state_dir, "/tmp/motoc-fuzz-tls-XXXXXX");
    char err[512];
    if (!mkdtemp(state_dir) || setenv("MOTOC_STATE_DIR", state_dir, 1) != 0 ||
        !(ctx = tls_context_new(err, sizeof err))) {
        fprintf(stderr, "fuzz_tls_session: cannot set up TLS (%s)\n", err);
        abort();
    }
    atexit(clean_up);
}

static void read_all(struct tls_session *s)
{
    char plain[4096];
    size_t got;
    while (tls_session_read(s, plain, sizeof plain, &got) == TLS_IO_OK) {
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx)
        set_up();
    /* The first byte picks where the input is cut and whether the connection has a default name
     * (as inside a CONNECT tunnel). */
    size_t cut = size ? data[0] % (size + 1) : 0;
    struct tls_session *s = tls_session_new(ctx, size && data[0] & 1 ? "sts.amazonaws.com" : NULL);
    tls_session_feed(s, (const char *)data, cut);
    read_all(s);
    tls_session_feed(s, (const char *)data + cut, size - cut);
    read_all(s);
    size_t taken;
    tls_session_write(s, "x", 1, &taken);
    tls_session_close(s);
    tls_session_free(s);
    return 0;
}
