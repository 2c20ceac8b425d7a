/* Large bodies live in files, not in memory: motoc's private spool directory (0700, under
 * $TMPDIR or /tmp, removed when the process exits) and unnamed files in it that vanish with
 * their last descriptor — so a client that disconnects mid-upload leaves nothing behind. */
#ifndef MOTOC_SPOOL_H
#define MOTOC_SPOOL_H

/* The directory, created on first use; NULL if it cannot be. */
const char *spool_dir(void);
/* A new unnamed read-write file in the spool directory, or -1 (errno set). */
int spool_file_new(void);

#endif
