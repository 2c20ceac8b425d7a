/* Where motoc keeps per-user files (its CA, trust bundles): $MOTOC_STATE_DIR, else
 * $XDG_STATE_HOME/motoc, else ~/.local/state/motoc. Shared by the preload and motoc-run. */
#ifndef MOTOC_STATE_DIR_H
#define MOTOC_STATE_DIR_H

#include <stddef.h>

/* Writes the directory (not created) to out; -1 if it cannot be told or does not fit. */
int motoc_state_dir(char *out, size_t size);

#endif
