/* motoc's C API: a local AWS for tests, in the process that links libmotoc.so
 * (pkg-config --cflags --libs motoc).
 *
 * Between motoc_start() and the matching motoc_stop(), connections the process opens to AWS
 * names (under amazonaws.com, api.aws, amazonaws.com.cn and every other domain of botocore's
 * partitions and endpoints: `motoc-run --help` lists them) are answered by motoc instead of AWS;
 * nothing is sent to the network. Calls nest like moto's mock_aws: interception stays on while
 * any start is open, and the mock's state is reset when the outermost stop returns. Under
 * LD_PRELOAD or motoc-run, interception is on from the start and these calls only mark the
 * scopes whose state is reset. All functions are thread-safe. */
#ifndef MOTOC_H
#define MOTOC_H

#ifdef __cplusplus
extern "C" {
#endif

/* 0; -1 when motoc is disabled (MOTOC_DISABLE=1), in which case nothing is intercepted. */
int motoc_start(void);

/* 0; -1 without a matching motoc_start(), or when the state could not be reset. */
int motoc_stop(void);

/* Drops every service's state now (like POST /moto-api/reset). 0; -1 when motoc is disabled or
 * its backend could not be reached. */
int motoc_reset(void);

#ifdef __cplusplus
}
#endif

#endif
