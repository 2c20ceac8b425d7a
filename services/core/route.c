/* Routing as moto's backend index does it, plus what clients pointed at motoc by endpoint URL
 * leave to go on: the host name (<prefix>.<region>.amazonaws.com, S3's many forms), the SigV4
 * credential scope, X-Amz-Target, the rpc-v2-cbor path and the query protocol's Action. */
#include "route.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/log.h"
#include "../../tls/aws_names.h"
#include "credentials.h"
#include "form.h"

struct span {
    const char *p;
    size_t len;
};

static bool span_is(struct span s, const char *text)
{
    return s.len == strlen(text) && (s.len == 0 || memcmp(s.p, text, s.len) == 0);
}

static void span_copy(struct span s, char *out, size_t out_size)
{
    size_t n = s.len < out_size - 1 ? s.len : out_size - 1;
    if (n > 0) /* an empty span may have no pointer at all */
        memcpy(out, s.p, n);
    out[n] = '\0';
}

static bool all_digits(struct span s)
{
    for (size_t i = 0; i < s.len; i++)
        if (!isdigit((unsigned char)s.p[i]))
            return false;
    return s.len > 0;
}

bool looks_like_region(const char *s, size_t len)
{
    /* two to four letters ("us", "eusc"), one or more "-word" groups, then "-digits" */
    size_t first = 0;
    while (first < len && first < 5 && islower((unsigned char)s[first]))
        first++;
    if (first < 2 || first > 4 || first == len || s[first] != '-')
        return false;
    size_t last_dash = len;
    while (last_dash > 0 && s[last_dash - 1] != '-')
        last_dash--;
    if (last_dash <= first + 2 || last_dash == len)
        return false;
    for (size_t i = last_dash; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    for (size_t i = first + 1; i < last_dash - 1; i++)
        if (!islower((unsigned char)s[i]) && !(s[i] == '-' && s[i - 1] != '-'))
            return false;
    return islower((unsigned char)s[last_dash - 2]);
}

static const char *env_or(const char *name, const char *fallback, bool (*valid)(const char *))
{
    const char *v = getenv(name);
    if (!v || !*v)
        return fallback;
    if (!valid(v)) {
        log_msg(LOG_WARN, "%s=%s is not valid; using %s", name, v, fallback);
        return fallback;
    }
    return v;
}

static bool valid_account(const char *v)
{
    struct span s = {v, strlen(v)};
    return s.len == 12 && all_digits(s);
}

static bool valid_region(const char *v)
{
    return strlen(v) < 32 && looks_like_region(v, strlen(v));
}

const char *default_account_id(void)
{
    static const char *account;
    if (!account)
        account = env_or("MOTOC_ACCOUNT_ID", DEFAULT_ACCOUNT_ID, valid_account);
    return account;
}

const char *default_region(void)
{
    static const char *region;
    if (!region)
        region = env_or("MOTOC_REGION", DEFAULT_REGION, valid_region);
    return region;
}

/* ---- the signature: access key, and the credential scope's region and service ---- */

struct signature {
    char access_key[128];
    struct span region;
    struct span service;
    struct buf storage; /* decoded X-Amz-Credential that region/service point into */
    bool sigv2;         /* only S3 still accepts Signature Version 2 */
};

/* "AKID/20240101/us-east-1/sts/aws4_request" (SigV4) or "AKID/20240101/s3/aws4_request"
 * (SigV4a, which carries no region). */
static void parse_credential(const char *cred, size_t len, struct signature *sig)
{
    struct span parts[5];
    size_t n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len && n < 5; i++) {
        if (i == len || cred[i] == '/' || cred[i] == ',' || cred[i] == ' ') {
            parts[n++] = (struct span){cred + start, i - start};
            if (i == len || cred[i] != '/')
                break;
            start = i + 1;
        }
    }
    if (n >= 1)
        span_copy(parts[0], sig->access_key, sizeof sig->access_key);
    if (n == 5) {
        sig->region = parts[2];
        sig->service = parts[3];
    } else if (n == 4) {
        sig->service = parts[2];
    }
}

static void read_signature(const struct http_request *req, struct signature *sig)
{
    const char *auth = http_request_header(req, "Authorization");
    if (auth) {
        const char *cred = strstr(auth, "Credential=");
        if (cred) {
            cred += strlen("Credential=");
            parse_credential(cred, strcspn(cred, ", "), sig);
            return;
        }
        if (strncmp(auth, "AWS ", 4) == 0) { /* SigV2: "AWS AKID:signature" */
            struct span key = {auth + 4, strcspn(auth + 4, ":")};
            span_copy(key, sig->access_key, sizeof sig->access_key);
            sig->sigv2 = true;
            return;
        }
    }
    /* Presigned URLs carry the signature in the query string. */
    if (form_find(req->query, strlen(req->query), "X-Amz-Credential", &sig->storage)) {
        parse_credential(sig->storage.data, sig->storage.len, sig);
        return;
    }
    struct buf key = BUF_INIT;
    if (form_find(req->query, strlen(req->query), "AWSAccessKeyId", &key)) {
        snprintf(sig->access_key, sizeof sig->access_key, "%s", key.data);
        /* A presigned SigV2 URL (boto3's default for S3 with an endpoint URL); the query
         * protocol's own SigV2 requests carry an Action instead. */
        sig->sigv2 = !form_find(req->query, strlen(req->query), "Action", &key);
    }
    buf_free(&key);
}

/* ---- the host name ---- */

#define MAX_LABELS 48

struct host_route {
    struct service_matches candidates;
    char region[32];
    char bucket[256];
    char host_account[16];
};

/* The host without port, lowercased, into out; false if there is none. */
static bool normalized_host(const struct http_request *req, char *out, size_t out_size)
{
    const char *host = http_request_header(req, "Host");
    if (!host || !*host)
        return false;
    size_t len = strlen(host);
    if (host[0] == '[') { /* [::1]:5000 */
        const char *close = strchr(host, ']');
        len = close ? (size_t)(close - host) + 1 : len;
    } else {
        const char *colon = strchr(host, ':');
        if (colon)
            len = (size_t)(colon - host);
    }
    while (len > 0 && host[len - 1] == '.')
        len--;
    if (len == 0 || len >= out_size)
        return false;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)tolower((unsigned char)host[i]);
    out[len] = '\0';
    return true;
}

static size_t split_labels(const char *name, size_t len, struct span *labels)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len && n < MAX_LABELS; i++) {
        if (i == len || name[i] == '.') {
            labels[n++] = (struct span){name + start, i - start};
            start = i + 1;
        }
    }
    return n;
}

/* labels[from..to) joined with dots (they are contiguous in the host). */
static struct span join_labels(const struct span *labels, size_t from, size_t to)
{
    if (from >= to)
        return (struct span){"", 0};
    return (struct span){labels[from].p,
                         (size_t)(labels[to - 1].p + labels[to - 1].len - labels[from].p)};
}

static void set_only(struct service_matches *m, const char *service)
{
    const struct service_info *s = service_by_name(service);
    m->count = s ? 1 : 0;
    m->items[0] = s;
}

static bool starts_with(struct span s, const char *prefix, struct span *rest)
{
    size_t n = strlen(prefix);
    if (s.len < n || memcmp(s.p, prefix, n) != 0)
        return false;
    *rest = (struct span){s.p + n, s.len - n};
    return true;
}

/* S3's endpoint label in its historic and current forms: "s3", "s3-fips", "s3-external-1",
 * "s3-us-west-2", "s3-website", "s3-website-us-east-1", "s3-accesspoint", "s3-control",
 * "s3-accelerate" (global: the signature tells the region). */
static bool route_s3_label(struct span label, const struct span *labels, size_t before,
                           struct host_route *hr)
{
    struct span rest;
    if (!starts_with(label, "s3", &rest))
        return false;
    struct span region = {"", 0};
    bool control = false;
    if (rest.len == 0 || span_is(rest, "-fips") || span_is(rest, "-website") ||
        span_is(rest, "-accesspoint") || span_is(rest, "-accesspoint-fips") ||
        span_is(rest, "-object-lambda") || span_is(rest, "-accelerate")) {
        /* plain forms */
    } else if (span_is(rest, "-external-1")) {
        region = (struct span){"us-east-1", 9};
    } else if (span_is(rest, "-control") || span_is(rest, "-control-fips")) {
        control = true;
    } else if (starts_with(rest, "-website-", &region) || starts_with(rest, "-website.", &region) ||
               starts_with(rest, "-", &region)) {
        if (!looks_like_region(region.p, region.len))
            return false;
    } else {
        return false;
    }
    if (region.len)
        span_copy(region, hr->region, sizeof hr->region);
    struct span prefix = join_labels(labels, 0, before);
    if (control) {
        set_only(&hr->candidates, "s3control");
        if (prefix.len == 12 && all_digits(prefix))
            span_copy(prefix, hr->host_account, sizeof hr->host_account);
    } else {
        set_only(&hr->candidates, "s3");
        span_copy(prefix, hr->bucket, sizeof hr->bucket);
    }
    return true;
}

/* Names AWS still answers on that no model's endpoint prefix explains. */
static const char *legacy_endpoint(struct span label)
{
    if (span_is(label, "queue"))
        return "sqs"; /* queue.amazonaws.com, us-west-2.queue.amazonaws.com */
    if (span_is(label, "ddb"))
        return "dynamodb"; /* <account>.ddb.<region>.amazonaws.com */
    return NULL;
}

static void route_host(const char *host, struct host_route *hr)
{
    const struct host_alias *alias = service_host_alias(host);
    if (alias) {
        hr->candidates.count = 1;
        hr->candidates.items[0] = &service_index[alias->index];
        snprintf(hr->region, sizeof hr->region, "%s", alias->region);
        return;
    }
    size_t name_len = aws_name_subdomain_length(host);
    if (name_len == 0)
        return;
    struct span labels[MAX_LABELS];
    size_t n = split_labels(host, name_len, labels);
    size_t end = n; /* labels[0..end) still to explain */

    /* Lambda's own package bucket: awslambda-<region>-tasks.s3.<region>.amazonaws.com */
    if (n == 3 && span_is(labels[1], "s3") && labels[0].len > 16 &&
        strncmp(labels[0].p, "awslambda-", 10) == 0 &&
        strncmp(labels[0].p + labels[0].len - 6, "-tasks", 6) == 0 &&
        looks_like_region(labels[2].p, labels[2].len)) {
        span_copy(labels[2], hr->region, sizeof hr->region);
        set_only(&hr->candidates, "lambda");
        return;
    }
    /* A Lambda function URL: <url-id>.lambda-url.<region>.on.aws */
    if (n == 3 && span_is(labels[1], "lambda-url") &&
        looks_like_region(labels[2].p, labels[2].len) &&
        strcmp(host + name_len, ".on.aws") == 0) {
        span_copy(labels[2], hr->region, sizeof hr->region);
        set_only(&hr->candidates, "lambda");
        return;
    }

    if (end >= 2 && span_is(labels[end - 1], "queue") &&
        looks_like_region(labels[end - 2].p, labels[end - 2].len)) {
        span_copy(labels[end - 2], hr->region, sizeof hr->region);
        set_only(&hr->candidates, "sqs");
        return;
    }
    if (end >= 2 && looks_like_region(labels[end - 1].p, labels[end - 1].len)) {
        span_copy(labels[end - 1], hr->region, sizeof hr->region);
        end--;
    }
    if (end >= 2 && span_is(labels[end - 1], "dualstack"))
        end--;
    if (end == 0)
        return;
    if (route_s3_label(labels[end - 1], labels, end - 1, hr))
        return;

    /* The longest run of labels ending at end that is an endpoint prefix ("api.ecr",
     * "streams.dynamodb", "sts"); labels before it are a host prefix (account id, "data-"). */
    for (size_t from = 0; from < end; from++) {
        struct span prefix = join_labels(labels, from, end);
        struct span bare;
        services_by_endpoint_prefix_n(prefix.p, prefix.len, &hr->candidates);
        if (!hr->candidates.count && prefix.len > 5 &&
            memcmp(prefix.p + prefix.len - 5, "-fips", 5) == 0) {
            bare = (struct span){prefix.p, prefix.len - 5};
            services_by_endpoint_prefix_n(bare.p, bare.len, &hr->candidates);
        }
        if (hr->candidates.count) {
            struct span before = join_labels(labels, 0, from);
            if (before.len == 12 && all_digits(before))
                span_copy(before, hr->host_account, sizeof hr->host_account);
            return;
        }
    }
    const char *legacy = legacy_endpoint(labels[end - 1]);
    if (legacy) {
        set_only(&hr->candidates, legacy);
        struct span before = join_labels(labels, 0, end - 1);
        if (before.len == 12 && all_digits(before))
            span_copy(before, hr->host_account, sizeof hr->host_account);
    }
}

/* ---- choosing among services that share a host or signing name ---- */

struct request_hints {
    struct span target_prefix;  /* X-Amz-Target before the dot */
    struct span target_op;      /* … and after */
    struct span cbor_service;   /* /service/<Svc>/operation/<Op> */
    struct span cbor_op;
    bool cbor;                  /* Smithy-Protocol: rpc-v2-cbor */
    bool json;                  /* Content-Type application/x-amz-json-*, or its CBOR form */
    struct buf action;          /* query protocol Action, "" if none */
    struct buf version;
    struct span first_segment;  /* first path segment */
};

static bool is_form_body(const struct http_request *req)
{
    const char *ct = http_request_header(req, "Content-Type");
    return ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

static void take_action_or_version(void *ctx, const char *name, const char *value)
{
    struct request_hints *h = ctx;
    struct buf *into = strcmp(name, "Action") == 0    ? &h->action
                       : strcmp(name, "Version") == 0 ? &h->version
                                                       : NULL;
    if (into && !into->len)
        buf_puts(into, value);
}

/* One pass over a query string or form body for both parameters (bodies can be large). */
static void read_action_and_version(const char *data, size_t len, struct request_hints *h)
{
    form_each(data, len, true, take_action_or_version, h);
}

static void read_hints(const struct http_request *req, struct request_hints *h)
{
    const char *target = http_request_header(req, "X-Amz-Target");
    if (target) {
        const char *dot = strrchr(target, '.');
        if (dot) {
            h->target_prefix = (struct span){target, (size_t)(dot - target)};
            h->target_op = (struct span){dot + 1, strlen(dot + 1)};
        }
    }
    const char *smithy = http_request_header(req, "Smithy-Protocol");
    h->cbor = smithy && strcasecmp(smithy, "rpc-v2-cbor") == 0;
    const char *op = strncmp(req->path, "/service/", 9) == 0 ? strstr(req->path, "/operation/")
                                                              : NULL;
    if (op) {
        h->cbor_service = (struct span){req->path + 9, (size_t)(op - (req->path + 9))};
        op += strlen("/operation/");
        h->cbor_op = (struct span){op, strcspn(op, "/")};
        /* Clients that omit the header are still understood by their path. */
        h->cbor = true;
    }
    const char *ct = http_request_header(req, "Content-Type");
    h->json = ct && (strncasecmp(ct, "application/x-amz-json", 22) == 0 ||
                     strncasecmp(ct, "application/x-amz-cbor", 22) == 0);

    read_action_and_version(req->query, strlen(req->query), h);
    if (is_form_body(req) && (!h->action.len || !h->version.len))
        read_action_and_version(req->body.data ? req->body.data : "", req->body.len, h);

    const char *seg = req->path[0] == '/' ? req->path + 1 : req->path;
    h->first_segment = (struct span){seg, strcspn(seg, "/?")};
}

/* What a browser sends unsigned and without any service hint: a CORS preflight (OPTIONS) or an
 * HTML form upload (POST multipart/form-data). S3 is the one AWS API that answers those. */
static bool is_browser_request(const struct http_request *req)
{
    if (strcmp(req->method, "OPTIONS") == 0)
        return true;
    const char *ct = http_request_header(req, "Content-Type");
    return strcmp(req->method, "POST") == 0 && ct &&
           strncasecmp(ct, "multipart/form-data", strlen("multipart/form-data")) == 0;
}

/* moto_server takes a request with no signature and no mark of another service for S3's: a
 * path-style call sent to an endpoint URL (PUT /bucket/key, whatever its Content-Type: curl's
 * --data says form). A form POST without an Action is a query call missing its Action, not
 * S3's; an AWS host name that names no service stays unknown. */
static bool is_unsigned_s3_request(const struct http_request *req, const struct signature *sig,
                                   const struct request_hints *h, const char *host)
{
    if (sig->access_key[0] || h->action.len || h->target_prefix.len || h->cbor || h->json)
        return false;
    if (host && aws_name_subdomain_length(host) > 0)
        return false;
    return strcmp(req->method, "POST") != 0 || !is_form_body(req);
}

static bool speaks(const struct service_info *s, enum aws_protocol p)
{
    return (s->protocols & PROTO_BIT(p)) != 0;
}

/* How well a candidate fits the request's own hints; the highest wins, ties by list order. */
static int fit(const struct service_info *s, const struct request_hints *h, struct span key)
{
    int score = 0;
    if (h->action.len && (speaks(s, PROTO_QUERY) || speaks(s, PROTO_EC2) || s->query_compatible)) {
        score += 8;
        if (h->version.len && s->api_version && strcmp(s->api_version, h->version.data) == 0)
            score += 16;
    }
    if (h->first_segment.len &&
        service_claims_path_segment(s, h->first_segment.p, h->first_segment.len))
        score += 32;
    else if (!s->path_segments && (s->protocol == PROTO_REST_JSON || s->protocol == PROTO_REST_XML))
        score += 2; /* a rest service whose paths start with a label (S3) takes the rest */
    if (span_is(key, s->name))
        score += 4;
    return score;
}

static const struct service_info *choose(const struct service_matches *m,
                                         const struct request_hints *h, struct span key)
{
    const struct service_info *best = NULL;
    int best_score = -1;
    for (size_t i = 0; i < m->count; i++) {
        int score = fit(m->items[i], h, key);
        if (score > best_score) {
            best = m->items[i];
            best_score = score;
        }
    }
    return best;
}

static enum aws_protocol request_protocol(const struct service_info *s,
                                          const struct request_hints *h)
{
    if (h->cbor && speaks(s, PROTO_RPC_V2_CBOR))
        return PROTO_RPC_V2_CBOR;
    if ((h->target_prefix.len || h->json) && speaks(s, PROTO_JSON))
        return PROTO_JSON;
    /* awsQueryCompatible services (SQS) still accept the query protocol of older clients. */
    if (h->action.len && (speaks(s, PROTO_QUERY) || s->query_compatible))
        return PROTO_QUERY;
    return s->protocol;
}

static void set_operation(struct route *out, const struct request_hints *h)
{
    struct span op = {"", 0};
    switch (out->protocol) {
    case PROTO_JSON:
        op = h->target_op;
        break;
    case PROTO_RPC_V2_CBOR:
        op = h->cbor_op;
        break;
    case PROTO_QUERY:
    case PROTO_EC2:
        op = (struct span){h->action.data ? h->action.data : "", h->action.len};
        break;
    default:
        break;
    }
    span_copy(op, out->operation, sizeof out->operation);
}

static void set_region_and_account(struct route *out, const struct host_route *hr,
                                   const struct signature *sig)
{
    if (hr->region[0])
        snprintf(out->region, sizeof out->region, "%s", hr->region);
    else if (sig->region.len && sig->region.len < sizeof out->region)
        span_copy(sig->region, out->region, sizeof out->region);
    else if (out->service && out->service->global_region)
        snprintf(out->region, sizeof out->region, "%s", out->service->global_region);
    else
        snprintf(out->region, sizeof out->region, "%s", default_region());

    snprintf(out->access_key, sizeof out->access_key, "%s", sig->access_key);
    const struct issued_identity *identity = credentials_lookup(sig->access_key);
    snprintf(out->account, sizeof out->account, "%s",
             identity ? identity->account : default_account_id());
}

void route_request(const struct http_request *req, struct route *out)
{
    memset(out, 0, sizeof *out);
    char host[512];
    bool has_host = normalized_host(req, host, sizeof host);
    if (strncmp(req->path, "/moto-api/", 10) == 0 ||
        (has_host && strcmp(host, MOTO_API_HOST) == 0)) {
        out->moto_api = true;
        snprintf(out->region, sizeof out->region, "%s", default_region());
        snprintf(out->account, sizeof out->account, "%s", default_account_id());
        return;
    }

    struct signature sig = {.storage = BUF_INIT};
    read_signature(req, &sig);
    struct request_hints hints = {.action = BUF_INIT, .version = BUF_INIT};
    read_hints(req, &hints);
    struct host_route hr = {0};
    if (has_host)
        route_host(host, &hr);

    struct span key = {"", 0};
    const struct service_info *svc = NULL;
    if (hints.target_prefix.len)
        svc = service_by_target_prefix_n(hints.target_prefix.p, hints.target_prefix.len);
    if (!svc && hints.cbor_service.len)
        svc = service_by_target_prefix_n(hints.cbor_service.p, hints.cbor_service.len);
    if (!svc && hr.candidates.count) {
        key = (struct span){hr.candidates.items[0]->endpoint_prefix,
                            strlen(hr.candidates.items[0]->endpoint_prefix)};
        svc = choose(&hr.candidates, &hints, key);
    }
    if (!svc && sig.service.len) {
        struct service_matches by_scope;
        services_by_signing_name_n(sig.service.p, sig.service.len, &by_scope);
        svc = choose(&by_scope, &hints, sig.service);
    }
    /* Unsigned calls sent to an endpoint URL carry nothing but their Action. */
    if (!svc && hints.action.len)
        svc = service_by_unsigned_action(hints.action.data);
    if (!svc && sig.sigv2 && !hints.action.len)
        svc = service_by_name("s3");
    if (!svc && !sig.access_key[0] && !hints.action.len && is_browser_request(req))
        svc = service_by_name("s3");
    if (!svc && is_unsigned_s3_request(req, &sig, &hints, has_host ? host : NULL))
        svc = service_by_name("s3");

    out->service = svc;
    if (svc) {
        out->protocol = request_protocol(svc, &hints);
        set_operation(out, &hints);
    }
    snprintf(out->bucket, sizeof out->bucket, "%s", hr.bucket);
    snprintf(out->host_account, sizeof out->host_account, "%s", hr.host_account);
    set_region_and_account(out, &hr, &sig);

    buf_free(&sig.storage);
    buf_free(&hints.action);
    buf_free(&hints.version);
}
