/* The registry of service backends: finding a service and its operations, and reset. */
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
    size_t lo = 0, hi = b->n_operations;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->operations[mid].name, name);
        if (c == 0)
            return b->operations[mid].fn == operation_not_yet_implemented
                       ? NULL
                       : b->operations[mid].fn;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Reached only when an operation is called directly (the dispatch never runs it). */
int operation_not_yet_implemented(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    (void)out;
    return call_fail(c, 404, "NotYetImplemented",
                     "The %s operation %s is not yet implemented by motoc",
                     c->route->service ? c->route->service->name : "?", c->op ? c->op->name : "?");
}

void backends_reset_all(void)
{
    for (const struct service_backend *const *b = service_backends; *b; b++)
        if ((*b)->reset)
            (*b)->reset();
}
