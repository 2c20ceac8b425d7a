/* A save directory: its generations (one folder per complete save), the CURRENT file naming the
 * one to load, and a lock so that two processes never save into one directory at once. A save
 * writes a new generation and switches CURRENT to it with one rename, so a save killed at any
 * moment leaves the previous one whole. */
#ifndef MOTOC_PERSIST_DIR_H
#define MOTOC_PERSIST_DIR_H

#include <stdbool.h>
#include <stddef.h>

struct save_dir {
    char *path;
    int lock_fd;
};

/* Opens and locks the directory at path: for a save exclusively, creating it (mode 0700) if
 * needed; for a load shared. 1, 0 when there is no such directory (load only), -1 with err. */
int save_dir_open(struct save_dir *d, const char *path, bool for_save, char *err, size_t size);
/* Unlocks and frees. */
void save_dir_close(struct save_dir *d);

/* The path of the generation CURRENT names, in *generation (free() it). 1, 0 when nothing was
 * ever saved there, -1 with err. */
int save_dir_current(const struct save_dir *d, char **generation, char *err, size_t size);

/* Removes what interrupted saves left and creates a new, empty generation; its path in
 * *generation (free() it). 0, or -1 with err. */
int save_dir_begin(struct save_dir *d, char **generation, char *err, size_t size);
/* Makes the generation durable and current, then removes every other generation. 0, or -1
 * with err (the previous save is then still the current one). */
int save_dir_commit(struct save_dir *d, const char *generation, char *err, size_t size);
/* Removes a generation that is not going to be committed. */
void save_dir_discard(const char *generation);

#endif
