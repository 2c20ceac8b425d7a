/* Installs the preload's single set of pthread_atfork handlers, once, when it first holds
 * state that a fork must see consistent. */
#include "fork_handlers.h"

#include <pthread.h>

#include "core_api.h"
#include "fake_hosts.h"
#include "splice.h"

/* Locks are taken in one order (embedded core, then the tables) and released in reverse. The
 * core, once loaded, stays loaded, so the three handlers see the same answer. */
static void before_fork(void)
{
    const struct motoc_core_api *core = core_api_if_loaded();
    if (core)
        core->before_fork();
    fake_hosts_before_fork();
    splice_before_fork();
}

static void in_parent(void)
{
    splice_after_fork();
    fake_hosts_after_fork();
    const struct motoc_core_api *core = core_api_if_loaded();
    if (core)
        core->after_fork_in_parent();
}

static void in_child(void)
{
    splice_after_fork();
    fake_hosts_after_fork();
    const struct motoc_core_api *core = core_api_if_loaded();
    if (core)
        core->after_fork_in_child();
}

static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void install(void)
{
    pthread_atfork(before_fork, in_parent, in_child);
}

void fork_handlers_install(void)
{
    pthread_once(&installed, install);
}
