/* Looks up a service's backend and the operations in its table, resets every backend, and
 * sets an operation's error (call_fail). */
#include "backend.h"

#include <string.h>

const struct service_backend *backend_for_service(const char *service)
{
    for (const struct service_backend *const *b = service_backends; *b; b++)
        if (strcmp((*b)->service, service) == 0)
            return *b;
    return NULL;
}

operation_fn backend_operation(const struct service_backend *b, const char *name)
{
    for (const struct operation_entry *e = b->operations; e && e->name; e++)
        if (strcmp(e->name, name) == 0)
            return e->fn;
    return NULL;
}

void backends_reset_all(void)
{
    for (const struct service_backend *const *b = service_backends; *b; b++)
        if ((*b)->reset)
            (*b)->reset();
}
