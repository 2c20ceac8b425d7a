/* The per-user directory where motoc keeps what outlives a process (its CA). */
#ifndef MOTOC_STATE_DIR_H
#define MOTOC_STATE_DIR_H

#include <stddef.h>

/* The directory's path, not yet checked: $MOTOC_STATE_DIR if set, else $XDG_STATE_HOME/motoc,
 * else ~/.local/state/motoc. 0, or -1 with a reason in err. */
int state_dir_path(char *out, size_t out_len, char *err, size_t err_len);

/* Opens path as a directory, creating it (and missing parents) with mode 0700. Refuses a directory
 * owned by another user or writable by group or others, since whoever can write there could plant
 * a CA that motoc would then use. Returns the directory's fd, or -1 with a reason in err. */
int state_dir_open(const char *path, char *err, size_t err_len);

#endif
