/* Loads libmotoc-core.so from beside libmotoc.so, once and only when a process needs it, and
 * hands out its entry points (core_api.h). */
#include "core_api.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "../http/log.h"

static _Atomic(const struct motoc_core_api *) loaded;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

/* libmotoc-core.so sits next to libmotoc.so, in the build tree and once installed. */
static void load_core(void)
{
    Dl_info self;
    char path[PATH_MAX];
    if (!dladdr((void *)core_api, &self) || !self.dli_fname) {
        log_msg(LOG_ERROR, "cannot tell where libmotoc.so is, so cannot load its core");
        return;
    }
    const char *slash = strrchr(self.dli_fname, '/');
    int dir_len = slash ? (int)(slash - self.dli_fname) : 1;
    const char *dir = slash ? self.dli_fname : ".";
    if (snprintf(path, sizeof path, "%.*s/libmotoc-core.so", dir_len, dir) >= (int)sizeof path)
        return;
    /* RTLD_LOCAL: nothing of the core joins the application's symbol scope. */
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    motoc_core_api_fn entry = handle ? (motoc_core_api_fn)dlsym(handle, MOTOC_CORE_API_SYMBOL)
                                     : NULL;
    if (!entry) {
        log_msg(LOG_ERROR, "cannot load motoc's core: %s", dlerror());
        return;
    }
    atomic_store(&loaded, entry());
}

const struct motoc_core_api *core_api(void)
{
    pthread_once(&load_once, load_core);
    return atomic_load(&loaded);
}

const struct motoc_core_api *core_api_if_loaded(void)
{
    return atomic_load(&loaded);
}
