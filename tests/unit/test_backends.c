/* Every backend keeps the contract of backend.h: its operation table sorted by name without
 * duplicates (the core looks operations up by binary search), each name an operation of the
 * service's model, every operation found by that lookup; and its persistence saves what it
 * loads back (persist.h). */
#include <string.h>

#include "../../services/core/backend.h"
#include "../../services/core/model.h"
#include "check.h"
#include "persistence_check.h"

static void check_table(const struct service_backend *b)
{
    const struct service_model *m = model_for_service(b->service);
    CHECK(m != NULL, "%s has an embedded model", b->service);
    CHECK(b->n_operations > 0, "%s lists operations", b->service);
    for (size_t i = 0; i < b->n_operations; i++) {
        const struct operation_entry *e = &b->operations[i];
        CHECK(e->name && e->fn, "%s row %zu has a name and a function", b->service, i);
        if (!e->name || !e->fn)
            continue;
        if (i > 0)
            CHECK(strcmp(b->operations[i - 1].name, e->name) < 0,
                  "%s: %s comes after %s (sorted, no duplicates)", b->service, e->name,
                  b->operations[i - 1].name);
        CHECK(!m || model_operation(m, e->name), "%s: %s is an operation of the model",
              b->service, e->name);
        operation_fn found = backend_operation(b, e->name);
        CHECK(found == (e->fn == operation_not_yet_implemented ? NULL : e->fn),
              "%s: lookup of %s finds its function", b->service, e->name);
    }
    CHECK(backend_operation(b, "") == NULL, "%s: no empty name", b->service);
    CHECK(backend_operation(b, "NoSuchOperationAnywhere") == NULL, "%s: unknown name",
          b->service);
}

static void check_backend_names(void)
{
    size_t n = 0;
    for (const struct service_backend *const *b = service_backends; *b; b++, n++) {
        CHECK(backend_for_service((*b)->service) == *b, "%s found by name", (*b)->service);
        for (const struct service_backend *const *o = service_backends; o < b; o++)
            CHECK(strcmp((*o)->service, (*b)->service) != 0, "%s listed once", (*b)->service);
    }
    CHECK(n >= 6, "every service is listed (%zu)", n);
    CHECK(backend_for_service("no-such-service") == NULL, "unknown service");
}

int main(void)
{
    for (const struct service_backend *const *b = service_backends; *b; b++) {
        check_table(*b);
        check_persistence_round_trip(*b);
    }
    check_backend_names();
    return test_summary("backends");
}
