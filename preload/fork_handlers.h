/* One set of pthread_atfork handlers for every lock and thread of the preload, installed the
 * first time the preload has state worth guarding (never in processes it leaves alone). */
#ifndef MOTOC_FORK_HANDLERS_H
#define MOTOC_FORK_HANDLERS_H

void fork_handlers_install(void);

#endif
