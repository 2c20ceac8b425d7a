/* AWS API host names and the fake addresses the resolver hooks hand out for them.
 *
 * IPv4 fakes come from 240.0.0.0/8, a block of the class E range (RFC 1112 §4, "reserved" in
 * RFC 6890) that is assigned to nobody and forwarded by no internet router; 255.255.255.255, the
 * limited broadcast address at the top of class E, stays outside. IPv6 fakes come from 100::/64,
 * the discard-only prefix (RFC 6666): by definition nothing lives there. A fake address that
 * somehow escaped the connect hook would therefore reach no real host. */
#ifndef MOTOC_FAKE_HOSTS_H
#define MOTOC_FAKE_HOSTS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "../tls/aws_names.h"

/* AWS names are told by tls/aws_names.h (dns_name_normalize, then aws_name_matches), as the
 * server tells them. */

/* The fake addresses of a normalized AWS name: the same ones for the same name within a process.
 * -1 when memory ran out. */
int fake_addresses_for(const char *normalized, struct in_addr *v4, struct in6_addr *v6);

/* True for an IPv4, IPv6 or IPv4-mapped IPv6 address in the fake ranges (whether or not this
 * process handed it out). */
bool sockaddr_is_fake(const struct sockaddr *addr, socklen_t len);

/* The name a fake address was handed out for in this process, copied to out. */
bool fake_address_host(const struct sockaddr *addr, socklen_t len, char *out, size_t size);

/* pthread_atfork handlers: keep the table's lock consistent across fork. */
void fake_hosts_before_fork(void);
void fake_hosts_after_fork(void);

#endif
