#include "process_memory.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

unsigned long process_peak_memory_mb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "re");
    unsigned long kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %lu kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return (kb + 1023) / 1024;
}

const char *process_asan_runtime(void)
{
    void *asan_init = dlsym(RTLD_DEFAULT, "__asan_init");
    Dl_info asan;
    if (asan_init && dladdr(asan_init, &asan) && asan.dli_fname && strstr(asan.dli_fname, "asan"))
        return asan.dli_fname;
    return NULL;
}

unsigned long process_memory_limit_mb(int memory_mb)
{
    unsigned long limit = memory_mb > 0 ? (unsigned long)memory_mb : 128;
    return process_asan_runtime() ? 2 * limit + 128 : limit;
}
