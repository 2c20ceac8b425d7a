/* The Lambda Runtime API an execution environment's runtime talks to, on a loopback port of its
 * own; the environment's other requests (its AWS calls, through the preload) go to the dispatch
 * core like any client's. */
#ifndef MOTOC_LAMBDA_RUNTIME_API_H
#define MOTOC_LAMBDA_RUNTIME_API_H

#include <stddef.h>

struct lambda_environment;

/* Listens on 127.0.0.1 for env; NULL with a reason in err. */
struct http_server *runtime_api_start(struct lambda_environment *env, char *err, size_t err_len);

#endif
