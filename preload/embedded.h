/* The embedded core: motoc's HTTP server and services running in a background thread of the
 * application, started by the first intercepted connection. State belongs to the process; a child
 * made by fork() keeps a copy of it as it was at the fork and starts its own core when it first
 * needs one. */
#ifndef MOTOC_EMBEDDED_H
#define MOTOC_EMBEDDED_H

#include <stdbool.h>

/* A new connection to the core, started if needed: one end of a socketpair whose other end the
 * core serves. -1 with errno on failure. */
int embedded_open(void);
bool embedded_started(void);

/* pthread_atfork handlers: park the core's thread so the child copies consistent state. */
void embedded_before_fork(void);
void embedded_after_fork_in_parent(void);
void embedded_after_fork_in_child(void);

#endif
