/* Lookups in the generated service index (service_index.gen.c). */
#include "service_index.h"

#include <string.h>

/* strcmp of a NUL-terminated key against len bytes. */
static int compare_key(const char *key, const char *s, size_t len)
{
    int c = strncmp(key, s, len);
    if (c != 0)
        return c;
    return key[len] == '\0' ? 0 : 1;
}

/* The first row whose key equals s[0..len), or count if none. */
static size_t lower_bound(const struct service_key *rows, size_t count, const char *s, size_t len)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare_key(rows[mid].key, s, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < count && compare_key(rows[lo].key, s, len) == 0 ? lo : count;
}

static void collect(const struct service_key *rows, size_t count, const char *s, size_t len,
                    struct service_matches *out)
{
    out->count = 0;
    for (size_t i = lower_bound(rows, count, s, len);
         i < count && compare_key(rows[i].key, s, len) == 0; i++) {
        if (out->count < sizeof out->items / sizeof out->items[0])
            out->items[out->count++] = &service_index[rows[i].index];
    }
}

const struct service_info *service_by_name(const char *name)
{
    size_t lo = 0, hi = service_index_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(service_index[mid].name, name);
        if (c == 0)
            return &service_index[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void services_by_endpoint_prefix_n(const char *key, size_t len, struct service_matches *out)
{
    collect(services_by_endpoint_prefix, services_by_endpoint_prefix_count, key, len, out);
}

void services_by_signing_name_n(const char *key, size_t len, struct service_matches *out)
{
    collect(services_by_signing_name, services_by_signing_name_count, key, len, out);
}

const struct service_info *service_by_target_prefix_n(const char *key, size_t len)
{
    size_t i = lower_bound(services_by_target_prefix, services_by_target_prefix_count, key, len);
    return i < services_by_target_prefix_count ? &service_index[services_by_target_prefix[i].index]
                                               : NULL;
}

const struct service_info *service_by_unsigned_action(const char *action)
{
    size_t i = lower_bound(services_by_unsigned_action, services_by_unsigned_action_count, action,
                           strlen(action));
    return i < services_by_unsigned_action_count
               ? &service_index[services_by_unsigned_action[i].index]
               : NULL;
}

const struct host_alias *service_host_alias(const char *host)
{
    size_t lo = 0, hi = service_host_aliases_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(service_host_aliases[mid].host, host);
        if (c == 0)
            return &service_host_aliases[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool service_claims_path_segment(const struct service_info *s, const char *segment, size_t len)
{
    if (!s->path_segments || len == 0)
        return false;
    for (const char *p = s->path_segments; *p;) {
        const char *end = strchr(p, ' ');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && memcmp(p, segment, len) == 0)
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

const char *aws_protocol_name(enum aws_protocol p)
{
    switch (p) {
    case PROTO_QUERY: return "query";
    case PROTO_EC2: return "ec2";
    case PROTO_JSON: return "json";
    case PROTO_REST_JSON: return "rest-json";
    case PROTO_REST_XML: return "rest-xml";
    case PROTO_RPC_V2_CBOR: return "smithy-rpc-v2-cbor";
    case PROTO_UNKNOWN: break;
    }
    return "unknown";
}
