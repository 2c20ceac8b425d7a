/* The preload is compiled with -fvisibility=hidden: only what is marked here is seen by the
 * programs it is loaded into (the hooks and the C API). */
#ifndef MOTOC_EXPORT_H
#define MOTOC_EXPORT_H

#define MOTOC_EXPORT __attribute__((visibility("default")))

#endif
