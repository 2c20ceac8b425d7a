/* A CONNECT tunnel to a real host, for the programs that use motoc as their HTTPS proxy and still
 * need to reach non-AWS hosts: bytes are relayed both ways untouched, with backpressure, and each
 * side's end of stream is passed on to the other. */
#ifndef MOTOC_RELAY_H
#define MOTOC_RELAY_H

#include <stddef.h>
#include <stdint.h>

#include "loop.h"

struct relay;

/* Called once, when the tunnel is over; the caller then closes the client's connection. */
typedef void (*relay_finished_fn)(void *arg);

/* Takes over the client's watch (its events, not its fd) and answers the CONNECT itself: 200 once
 * the upstream connection is up, 502 if it cannot be made. early holds bytes the client sent after
 * its CONNECT request. Never finishes before returning. */
struct relay *relay_start(struct event_loop *loop, struct loop_watch *client, const char *host,
                          const char *port, const char *early, size_t early_len,
                          relay_finished_fn finished, void *finished_arg);
/* The client's epoll events, forwarded by the watch's owner. */
void relay_client_event(struct relay *r, uint32_t events);
/* Call about once a second: connect and resolve timeouts. */
void relay_tick(struct relay *r, uint64_t now_ms);
uint64_t relay_last_active(const struct relay *r);

/* Drops the upstream side at once; the client's fd stays the caller's to close. Idempotent. */
void relay_close(struct relay *r);
/* Frees the memory; pass it to loop_defer_free, as events may still arrive in this batch. */
void relay_free(struct relay *r);

#endif
