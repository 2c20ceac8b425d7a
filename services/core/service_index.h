/* What motoc knows about every AWS service, generated from the botocore models
 * (scripts/gen-service-index → service_index.gen.c). Used to route requests and to shape
 * errors in the protocol the service speaks. */
#ifndef MOTOC_SERVICE_INDEX_H
#define MOTOC_SERVICE_INDEX_H

#include <stdbool.h>
#include <stddef.h>

enum aws_protocol {
    PROTO_UNKNOWN = 0,
    PROTO_QUERY,
    PROTO_EC2,
    PROTO_JSON,
    PROTO_REST_JSON,
    PROTO_REST_XML,
    PROTO_RPC_V2_CBOR,
};

#define PROTO_BIT(p) (1u << (p))

struct service_info {
    const char *name;            /* botocore service name: "dynamodb", "s3", "elbv2" */
    const char *endpoint_prefix; /* host label(s) before the region: "dynamodb", "api.ecr" */
    const char *signing_name;    /* SigV4 credential-scope service: "dynamodb", "execute-api" */
    const char *target_prefix;   /* X-Amz-Target prefix ("DynamoDB_20120810"), NULL if none */
    const char *api_version;     /* "2012-08-10"; the query protocol's Version parameter */
    const char *json_version;    /* "1.0" / "1.1" for json services, NULL otherwise */
    const char *xml_namespace;   /* query/rest-xml error and response namespace, NULL if none */
    enum aws_protocol protocol;  /* the model's primary protocol */
    unsigned protocols;          /* PROTO_BIT set of every protocol the model lists */
    const char *global_region;   /* region a global endpoint (no region in host) signs for, or NULL */
    bool query_compatible;       /* awsQueryCompatible: json errors also carry the query code */
    const char *path_segments;   /* rest services: their requests' literal first path segments,
                                    space-separated ("2015-03-31"), NULL if none */
};

/* A sorted lookup key → service_index[index]. */
struct service_key {
    const char *key;
    unsigned short index;
};

/* A host name from botocore's endpoints.json that does not follow
 * "<endpoint prefix>.<region>.<dns suffix>". */
struct host_alias {
    const char *host;
    unsigned short index;
    const char *region;
};

extern const struct service_info service_index[];
extern const size_t service_index_count;
extern const struct service_key services_by_endpoint_prefix[];
extern const size_t services_by_endpoint_prefix_count;
extern const struct service_key services_by_signing_name[];
extern const size_t services_by_signing_name_count;
extern const struct service_key services_by_target_prefix[];
extern const size_t services_by_target_prefix_count;
extern const struct service_key services_by_unsigned_action[];
extern const size_t services_by_unsigned_action_count;
extern const struct host_alias service_host_aliases[];
extern const size_t service_host_aliases_count;

/* One service or several sharing a key (elb and elbv2 share "elasticloadbalancing"). */
struct service_matches {
    const struct service_info *items[16];
    size_t count;
};

const struct service_info *service_by_name(const char *name);
/* Every service with that endpoint prefix / signing name / X-Amz-Target prefix; the key is
 * len bytes (not NUL-terminated). */
void services_by_endpoint_prefix_n(const char *key, size_t len, struct service_matches *out);
void services_by_signing_name_n(const char *key, size_t len, struct service_matches *out);
const struct service_info *service_by_target_prefix_n(const char *key, size_t len);
/* The query service whose unsigned operation (AssumeRoleWithWebIdentity) has this name, or NULL. */
const struct service_info *service_by_unsigned_action(const char *action);
/* An exact host name of endpoints.json (lowercase, no port), or NULL. */
const struct host_alias *service_host_alias(const char *host);

/* True if the service's rest requests can start with this first path segment. */
bool service_claims_path_segment(const struct service_info *s, const char *segment, size_t len);

const char *aws_protocol_name(enum aws_protocol p);

#endif
