#include "state_dir.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int fits(int n, size_t size)
{
    return n > 0 && (size_t)n < size ? 0 : -1;
}

int motoc_state_dir(char *out, size_t size)
{
    const char *dir = getenv("MOTOC_STATE_DIR");
    if (dir && *dir)
        return fits(snprintf(out, size, "%s", dir), size);
    /* The XDG spec says relative values are invalid and must be ignored. */
    const char *xdg = getenv("XDG_STATE_HOME");
    if (xdg && xdg[0] == '/')
        return fits(snprintf(out, size, "%s/motoc", xdg), size);
    const char *home = getenv("HOME");
    if (!home || !*home) {
        struct passwd pw, *found = NULL;
        char buf[4096];
        if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &found) != 0 || !found)
            return -1;
        return fits(snprintf(out, size, "%s/.local/state/motoc", found->pw_dir), size);
    }
    return fits(snprintf(out, size, "%s/.local/state/motoc", home), size);
}
