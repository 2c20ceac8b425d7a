/* Resolves, once, the real libc functions behind the hooks (the next definitions after
 * libmotoc's own). */
#include "real.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct real_libc real;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

/* glibc defines every one of these; a miss means the process is not what the preload can serve,
 * and carrying on would call through a null pointer later. */
static void *next_symbol(const char *name)
{
    void *sym = dlsym(RTLD_NEXT, name);
    if (!sym) {
        static const char prefix[] = "motoc: libc has no ";
        ssize_t r = write(STDERR_FILENO, prefix, sizeof prefix - 1);
        r = write(STDERR_FILENO, name, strlen(name));
        r = write(STDERR_FILENO, "; aborting\n", 11);
        (void)r;
        abort();
    }
    return sym;
}

#define LOOKUP(field) (*(void **)&real.field = next_symbol(#field))

static void look_up_real_symbols(void)
{
    LOOKUP(connect);
    LOOKUP(sendto);
    LOOKUP(sendmsg);
    LOOKUP(getaddrinfo);
    LOOKUP(gethostbyname);
    LOOKUP(gethostbyname2);
    LOOKUP(gethostbyname_r);
    LOOKUP(gethostbyname2_r);
    LOOKUP(getnameinfo);
    LOOKUP(getpeername);
    LOOKUP(getsockname);
    LOOKUP(getsockopt);
    LOOKUP(setsockopt);
}

const struct real_libc *real_libc(void)
{
    pthread_once(&real_once, look_up_real_symbols);
    return &real;
}
