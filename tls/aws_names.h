/* The DNS names motoc answers for: the AWS API domains its CA is constrained to. This is the one
 * list of them; the preload's interception, the CONNECT relay, the certificates and routing all
 * ask here. */
#ifndef MOTOC_AWS_NAMES_H
#define MOTOC_AWS_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/* The permitted subtrees, NULL-terminated: every domain botocore's partitions, endpoints and
 * endpoint rules name ("amazonaws.com", "api.aws", "amazonaws.com.cn", "c2s.ic.gov", ...), none
 * under another. Generated into aws_domains.gen.c by scripts/gen-aws-domains. */
extern const char *const aws_name_domains[];

/* Longest DNS name (RFC 1035) plus the terminating NUL. */
#define DNS_NAME_SIZE 254

/* Writes host lower-cased and without a trailing dot to out, if it is a syntactically valid DNS
 * name (labels of letters, digits, '-' and '_', 1..63 bytes each, 253 in all); false otherwise. */
bool dns_name_normalize(const char *host, size_t len, char out[DNS_NAME_SIZE]);

/* True if a normalized name is one of the AWS domains or a name under one. */
bool aws_name_matches(const char *normalized);

/* The length of a lower-case name before ".<AWS domain>" ("sqs.us-east-1" of
 * "sqs.us-east-1.amazonaws.com"), or 0 if it is not a name under an AWS domain. */
size_t aws_name_subdomain_length(const char *name);

/* Where moto's control endpoints answer besides the /moto-api/ paths. */
#define MOTO_API_HOST "motoapi.amazonaws.com"

#endif
