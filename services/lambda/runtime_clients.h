/* The runtime clients motoc ships for the runtimes it runs (services/lambda/runtimes/), embedded
 * at build time so a motoc binary needs no file beside it. */
#ifndef MOTOC_LAMBDA_RUNTIME_CLIENTS_H
#define MOTOC_LAMBDA_RUNTIME_CLIENTS_H

extern const char lambda_python_bootstrap[];
extern const char lambda_node_bootstrap[];
extern const char lambda_java_bootstrap[];

#endif
