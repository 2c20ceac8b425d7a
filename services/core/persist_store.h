/* Saving every service's state into a directory and loading it back: the kit's side of the
 * persistence contract (persist.h is the services' side; the README's "Persistence" section
 * describes the layout and format). Runs on the thread that owns the services' state. */
#ifndef MOTOC_PERSIST_STORE_H
#define MOTOC_PERSIST_STORE_H

#include <stddef.h>

#include "backend.h"

#define PERSIST_LOADED 0
#define PERSIST_NOTHING_SAVED 1

/* Saves every backend's state into dir (created if needed) as a new generation that replaces
 * the previous save only once it is complete. 0, or -1 with err (the previous save stays). */
int persist_save_all(const char *dir, char *err, size_t size);
/* Replaces every backend's state with dir's save: PERSIST_LOADED, PERSIST_NOTHING_SAVED when
 * dir holds no save (the state is left as it is), or -1 with err naming the file and byte
 * offset of what is wrong; the state running before is then back as it was. */
int persist_load_all(const char *dir, char *err, size_t size);

/* The same over a NULL-terminated list of backends (for tests). */
int persist_save_backends(const struct service_backend *const *backends, const char *dir,
                          char *err, size_t size);
int persist_load_backends(const struct service_backend *const *backends, const char *dir,
                          char *err, size_t size);

/* The state directory the front end was given (--state, MOTOC_STATE), which the moto-api's
 * state/save and state/load use; NULL when none. */
void persist_set_dir(const char *dir);
const char *persist_dir(void);

#endif
