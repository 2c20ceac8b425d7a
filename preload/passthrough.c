/* Decides which AWS names go to the real AWS: MOTOC_PASSTHROUGH_HOSTS patterns and
 * MOTOC_PASSTHROUGH_SERVICES service names. */
#include "passthrough.h"

#include <pthread.h>
#include <string.h>

#include "config.h"
#include "core_api.h"
#include "fake_hosts.h"

static bool host_matches(const char *host, const char *pattern)
{
    if (strncmp(pattern, "*.", 2) != 0)
        return strcmp(host, pattern) == 0;
    size_t h = strlen(host), p = strlen(pattern + 1); /* ".domain" */
    return h > p && strcmp(host + h - p, pattern + 1) == 0;
}

/* Names that are no AWS service are reported once, when the core can tell. */
static void check_service_names(void)
{
    const struct motoc_core_api *core = core_api();
    const struct name_list *services = &motoc_config()->passthrough_services;
    for (size_t i = 0; core && i < services->count; i++)
        if (!core->service_exists(services->items[i]))
            config_complain("MOTOC_PASSTHROUGH_SERVICES: '%s' is not an AWS service name "
                            "(botocore's, e.g. s3, sqs); it matches nothing", services->items[i]);
}

static pthread_once_t services_checked = PTHREAD_ONCE_INIT;

static bool service_listed(const char *host, const struct name_list *services)
{
    pthread_once(&services_checked, check_service_names);
    const struct motoc_core_api *core = core_api();
    const char *service = core ? core->service_for_host(host) : NULL;
    for (size_t i = 0; service && i < services->count; i++)
        if (strcmp(services->items[i], service) == 0)
            return true;
    return false;
}

bool host_passes_through(const char *host)
{
    const struct motoc_config *cfg = motoc_config();
    if (cfg->passthrough_hosts.count == 0 && cfg->passthrough_services.count == 0)
        return false;
    for (size_t i = 0; i < cfg->passthrough_hosts.count; i++)
        if (host_matches(host, cfg->passthrough_hosts.items[i]))
            return true;
    return cfg->passthrough_services.count > 0 &&
           service_listed(host, &cfg->passthrough_services);
}
