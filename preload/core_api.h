/* The boundary between libmotoc.so, which every preloaded process loads and which needs nothing
 * but libc, and libmotoc-core.so, the whole motoc core with its libraries, which libmotoc.so
 * loads (RTLD_LOCAL) only when a process needs it: to start an embedded core, or to tell which
 * service a host belongs to for MOTOC_PASSTHROUGH_SERVICES. */
#ifndef MOTOC_CORE_API_H
#define MOTOC_CORE_API_H

#include <stdbool.h>

struct motoc_core_api {
    /* embedded.h */
    int (*open)(void);
    bool (*started)(void);
    void (*before_fork)(void);
    void (*after_fork_in_parent)(void);
    void (*after_fork_in_child)(void);
    /* The botocore name of the service motoc routes this host's requests to, or NULL. */
    const char *(*service_for_host)(const char *host);
    bool (*service_exists)(const char *name);
    /* Creates motoc's CA in the state directory if it is not there yet; 0 once it exists. */
    int (*ensure_ca)(void);
};

/* libmotoc-core.so's one export, looked up by name. */
#define MOTOC_CORE_API_SYMBOL "motoc_core_api"
typedef const struct motoc_core_api *(*motoc_core_api_fn)(void);

/* The core, loaded on the first call; NULL (reported once) if it cannot be loaded. */
const struct motoc_core_api *core_api(void);
/* The core if it is already loaded, else NULL; never loads it (for fork handlers). */
const struct motoc_core_api *core_api_if_loaded(void);

#endif
