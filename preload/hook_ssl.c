/* Trust for programs that use the system's libssl.so.3 and pin their own CA bundle (Python's
 * load_verify_locations, curl --cacert): every new SSL_CTX also trusts motoc's CA.
 *
 * The hooks are exported under libssl's own symbol version, OPENSSL_3.0.0, so they bind exactly
 * the references made to OpenSSL 3's libssl; a program with an OpenSSL of its own inside (Node)
 * keeps calling that one, and libmotoc-core.so's hidden static copy is bound within itself. The
 * functions called on the application's context are its libssl's, found next to the real
 * SSL_CTX_new: motoc's own OpenSSL must never touch that context. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "../http/log.h"
#include "config.h"
#include "core_api.h"
#include "export.h"
#include "mode.h"

#define LIBSSL_VERSION "OPENSSL_3.0.0"

typedef void *(*ctx_new_fn)(const void *method);
typedef void *(*ctx_new_ex_fn)(void *libctx, const char *propq, const void *method);
typedef int (*load_verify_fn)(void *ctx, const char *file, const char *dir);
typedef void (*clear_errors_fn)(void);

struct libssl {
    ctx_new_fn ctx_new;
    ctx_new_ex_fn ctx_new_ex;
    load_verify_fn load_verify_locations;
    clear_errors_fn clear_errors;
};

static struct libssl libssl;
static pthread_mutex_t libssl_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool libssl_found;

/* The application's libssl: next in the global scope, or loaded later with RTLD_LOCAL (Python's
 * _ssl module), where only its soname finds it. */
static void *application_libssl(void)
{
    void *next = dlvsym(RTLD_NEXT, "SSL_CTX_new", LIBSSL_VERSION);
    Dl_info info;
    if (next && dladdr(next, &info) && info.dli_fname) {
        void *handle = dlopen(info.dli_fname, RTLD_NOLOAD | RTLD_LAZY);
        if (handle)
            return handle;
    }
    return dlopen("libssl.so.3", RTLD_NOLOAD | RTLD_LAZY);
}

static const struct libssl *find_libssl(void)
{
    if (atomic_load(&libssl_found))
        return &libssl;
    pthread_mutex_lock(&libssl_lock);
    void *handle = atomic_load(&libssl_found) ? NULL : application_libssl();
    if (handle) {
        /* Looked up through the handle so that libcrypto's ERR_clear_error is libssl's own. */
        *(void **)&libssl.ctx_new = dlvsym(handle, "SSL_CTX_new", LIBSSL_VERSION);
        *(void **)&libssl.ctx_new_ex = dlvsym(handle, "SSL_CTX_new_ex", LIBSSL_VERSION);
        *(void **)&libssl.load_verify_locations =
            dlvsym(handle, "SSL_CTX_load_verify_locations", LIBSSL_VERSION);
        *(void **)&libssl.clear_errors = dlvsym(handle, "ERR_clear_error", LIBSSL_VERSION);
        /* dlopen with RTLD_NOLOAD took a reference; the library stays loaded with it. */
        atomic_store(&libssl_found, libssl.ctx_new != NULL);
    }
    pthread_mutex_unlock(&libssl_lock);
    return &libssl;
}

/* The CA must exist before the application's first TLS context, which is built before the
 * first connection reaches the core. motoc-run makes it; an embedded core is asked to here. */
static bool ca_exists(const struct motoc_config *cfg)
{
    if (access(cfg->ca_file, R_OK) == 0)
        return true;
    const struct motoc_core_api *core = cfg->shared ? NULL : core_api();
    return core && core->ensure_ca() == 0 && access(cfg->ca_file, R_OK) == 0;
}

static void trust_motoc_ca(const struct libssl *ssl, void *ctx)
{
    if (!ctx || !ssl->load_verify_locations || !interception_active())
        return;
    const struct motoc_config *cfg = motoc_config();
    const char *ca = cfg->ca_file;
    if (!ca[0] || !ca_exists(cfg))
        return;
    if (ssl->load_verify_locations(ctx, ca, NULL) != 1) {
        /* The application must not find motoc's failure in its own error queue. */
        if (ssl->clear_errors)
            ssl->clear_errors();
        log_msg(LOG_WARN, "could not add motoc's CA %s to a TLS context", ca);
    }
}

MOTOC_EXPORT void *motoc_hook_SSL_CTX_new(const void *method);
MOTOC_EXPORT void *motoc_hook_SSL_CTX_new_ex(void *libctx, const char *propq, const void *method);
__asm__(".symver motoc_hook_SSL_CTX_new, SSL_CTX_new@" LIBSSL_VERSION);
__asm__(".symver motoc_hook_SSL_CTX_new_ex, SSL_CTX_new_ex@" LIBSSL_VERSION);

void *motoc_hook_SSL_CTX_new(const void *method)
{
    const struct libssl *ssl = find_libssl();
    if (!ssl->ctx_new)
        return NULL;
    void *ctx = ssl->ctx_new(method);
    trust_motoc_ca(ssl, ctx);
    return ctx;
}

void *motoc_hook_SSL_CTX_new_ex(void *libctx, const char *propq, const void *method)
{
    const struct libssl *ssl = find_libssl();
    if (!ssl->ctx_new_ex)
        return NULL;
    void *ctx = ssl->ctx_new_ex(libctx, propq, method);
    trust_motoc_ca(ssl, ctx);
    return ctx;
}
