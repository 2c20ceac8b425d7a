/* Giving a file's bytes a second name without reading them into memory: a hard link when both
 * names are on one filesystem, else a copy made by the kernel. For saves keeping S3 bodies and
 * loads taking them back. */
#ifndef MOTOC_LINK_OR_COPY_H
#define MOTOC_LINK_OR_COPY_H

/* Makes to (which must not exist) hold the bytes of from. 0, or -1 with errno. */
int link_or_copy(const char *from, const char *to);

#endif
