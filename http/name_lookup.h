/* getaddrinfo without blocking the event loop: each lookup runs on a short-lived helper thread and
 * signals an fd the loop watches. */
#ifndef MOTOC_NAME_LOOKUP_H
#define MOTOC_NAME_LOOKUP_H

#include <netdb.h>
#include <stdbool.h>

/* Lookups in flight at once; more are refused rather than queued behind a slow resolver. */
#define NAME_LOOKUP_MAX_IN_FLIGHT 32

struct name_lookup;

/* Starts resolving host:port for a TCP connection. NULL if no thread could be started or too
 * many lookups are in flight. */
struct name_lookup *name_lookup_start(const char *host, const char *port);
/* Becomes readable when the result is in. */
int name_lookup_fd(const struct name_lookup *l);
/* True once the result is in (the fd is then readable). */
bool name_lookup_done(const struct name_lookup *l);
/* Once done: the addresses (owned by the lookup), or NULL with *gai_error set. */
const struct addrinfo *name_lookup_result(const struct name_lookup *l, int *gai_error);
/* Safe while the lookup is still running: the helper thread then frees it when done. */
void name_lookup_free(struct name_lookup *l);

#endif
