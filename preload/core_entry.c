/* libmotoc-core.so's side of core_api.h. */
#include "core_api.h"

#include <string.h>

#include "../http/log.h"
#include "../services/core/route.h"
#include "../services/core/service_index.h"
#include "../tls/ca.h"
#include "embedded.h"

static const char *service_for_host(const char *host)
{
    struct http_request req;
    http_request_init(&req);
    req.target = strdup("/");
    req.path = strdup("/");
    req.query = strdup("");
    const char *service = NULL;
    if (req.target && req.path && req.query) {
        strcpy(req.method, "GET");
        http_headers_add(&req.headers, "Host", host);
        struct route rt;
        route_request(&req, &rt);
        service = rt.service ? rt.service->name : NULL;
    }
    http_request_free(&req);
    return service;
}

static bool service_exists(const char *name)
{
    return service_by_name(name) != NULL;
}

static int ensure_ca(void)
{
    char err[512];
    struct ca *ca = ca_open(err, sizeof err);
    if (!ca) {
        log_msg(LOG_ERROR, "cannot create motoc's CA: %s", err);
        return -1;
    }
    ca_free(ca);
    return 0;
}

static const struct motoc_core_api api = {
    .open = embedded_open,
    .started = embedded_started,
    .before_fork = embedded_before_fork,
    .after_fork_in_parent = embedded_after_fork_in_parent,
    .after_fork_in_child = embedded_after_fork_in_child,
    .service_for_host = service_for_host,
    .service_exists = service_exists,
    .ensure_ca = ensure_ca,
};

__attribute__((visibility("default"))) const struct motoc_core_api *motoc_core_api(void);

const struct motoc_core_api *motoc_core_api(void)
{
    /* This library has its own copy of the logger: as quiet as the preload's unless asked. */
    log_set_level(LOG_ERROR);
    log_init_from_env();
    /* Read the defaults route.c caches now, so that later calls from the application's threads
     * only read them. */
    default_account_id();
    default_region();
    return &api;
}
