/* What a function's process weighs, as Lambda bounds and reports it. */
#ifndef MOTOC_LAMBDA_PROCESS_MEMORY_H
#define MOTOC_LAMBDA_PROCESS_MEMORY_H

#include <stdbool.h>
#include <sys/types.h>

/* The process's peak resident memory in MB (0 once it is gone): the kernel keeps the high-water
 * mark, so a peak between two looks is not missed. */
unsigned long process_peak_memory_mb(pid_t pid);

/* The ASan runtime motoc carries when built with it, for function processes to load first;
 * NULL in a regular build. */
const char *process_asan_runtime(void);

/* The resident memory past which a function of memory_mb is stopped. A function process of an
 * ASan build carries ASan's shadow memory and quarantine, which are motoc's, not the function's. */
unsigned long process_memory_limit_mb(int memory_mb);

#endif
