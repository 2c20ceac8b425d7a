/* Whether AWS traffic is intercepted right now, and the backend it is sent to: the shared
 * server named by MOTOC_ENDPOINT, or else the core embedded in this process. */
#ifndef MOTOC_MODE_H
#define MOTOC_MODE_H

#include <stdbool.h>

/* Not disabled, and either loaded to intercept everything (LD_PRELOAD, MOTOC_ENDPOINT) or inside
 * a motoc_start()/motoc_stop() pair. */
bool interception_active(void);

/* The C API's nesting: hold on start, release on stop. release returns the depth left, or -1 if
 * nothing was held. */
void interception_hold(void);
int interception_release(void);

/* A new connection to the backend: connected, blocking, close-on-exec. -1 with errno when it
 * cannot be reached; never a connection anywhere else. */
int backend_open(void);

/* False only while an embedded core has not started: there is no state to reset yet. */
bool backend_has_state(void);

#endif
