/* Naming the operation of any rest service's request from the generated routes: literal query
 * keys, literal segments over labels, greedy labels, trailing slashes, percent-encoding. */
#include <stdio.h>
#include <string.h>

#include "../../http/buf.h"
#include "../../services/core/model.h"
#include "../../services/core/protocol.h"
#include "../../services/core/rest_routes.h"
#include "check.h"

/* header: "name: value" or NULL */
static const char *name_with_header(const char *service, const char *method, const char *path,
                                    const char *query, const char *header)
{
    struct http_request req = {.path = (char *)path, .query = (char *)query, .body_fd = -1};
    snprintf(req.method, sizeof req.method, "%s", method);
    if (header) {
        const char *colon = strchr(header, ':');
        http_headers_addn(&req.headers, header, (size_t)(colon - header), colon + 2,
                          strlen(colon + 2));
    }
    const char *name = rest_route_operation(service_by_name(service), &req);
    http_headers_free(&req.headers);
    return name;
}

static const char *name_of(const char *service, const char *method, const char *path,
                           const char *query)
{
    return name_with_header(service, method, path, query, NULL);
}

#define EXPECT(service, method, path, query, want)                                              \
    CHECK_STR(name_of(service, method, path, query), want, "%s %s %s?%s", service, method, path, \
              query)

static void test_plain_routes(void)
{
    EXPECT("lambda", "GET", "/2015-03-31/functions/", "", "ListFunctions");
    EXPECT("lambda", "GET", "/2015-03-31/functions", "", "ListFunctions");
    EXPECT("lambda", "GET", "/2015-03-31/functions/my-fn", "", "GetFunction");
    EXPECT("lambda", "GET", "/2015-03-31/functions/my-fn/configuration", "",
           "GetFunctionConfiguration");
    EXPECT("lambda", "POST", "/2015-03-31/functions/my-fn/invocations", "", "Invoke");
    EXPECT("apigateway", "GET", "/restapis", "", "GetRestApis");
    EXPECT("eks", "GET", "/clusters", "maxResults=10", "ListClusters");
    EXPECT("route53", "GET", "/2013-04-01/hostedzone", "", "ListHostedZones");
    EXPECT("route53", "GET", "/2013-04-01/hostedzone/Z123", "", "GetHostedZone");
    CHECK(name_of("lambda", "PATCH", "/2015-03-31/functions/", "") == NULL, "no such method");
    CHECK(name_of("lambda", "GET", "/nowhere", "") == NULL, "no such path");
    CHECK(name_of("lambda", "GET", "/2015-03-31/functions//configuration", "") == NULL,
          "a label takes at least one character");
    CHECK(name_of("sqs", "POST", "/", "") == NULL, "json services have no routes");
    struct http_request req = {.method = "GET", .path = "/", .query = ""};
    CHECK(rest_route_operation(NULL, &req) == NULL, "no service");
}

static void test_literals_beat_labels(void)
{
    EXPECT("mediaconnect", "POST", "/v1/flows/start/arn1", "", "StartFlow");
    EXPECT("mediaconnect", "POST", "/v1/flows/arn1/outputs", "", "AddFlowOutputs");
    /* both fit; the first segment that differs is literal in StartFlow */
    EXPECT("mediaconnect", "POST", "/v1/flows/start/outputs", "", "StartFlow");
    EXPECT("bedrock-agent", "POST", "/flows/validate-definition", "", "ValidateFlowDefinition");
    EXPECT("bedrock-agent", "POST", "/flows/flow1/", "", "PrepareFlow");
    EXPECT("iotsitewise", "POST", "/computation-models/data-binding-usages", "",
           "ListComputationModelDataBindingUsages");
    EXPECT("iotsitewise", "POST", "/computation-models/m1", "", "UpdateComputationModel");
}

static void test_greedy_labels_and_query_keys(void)
{
    EXPECT("mediastore-data", "GET", "/", "", "ListItems");
    EXPECT("mediastore-data", "GET", "/a/b/c.txt", "", "GetObject");
    EXPECT("s3", "GET", "/", "", "ListBuckets");
    EXPECT("s3", "GET", "/bucket", "", "ListObjects");
    EXPECT("s3", "GET", "/bucket", "list-type=2&prefix=a", "ListObjectsV2");
    EXPECT("s3", "GET", "/bucket", "location", "GetBucketLocation");
    EXPECT("s3", "GET", "/bucket", "uploads", "ListMultipartUploads");
    EXPECT("s3", "POST", "/bucket/dir/key.txt", "uploads", "CreateMultipartUpload");
    EXPECT("s3", "GET", "/bucket/dir/key.txt", "", "GetObject");
    EXPECT("s3", "GET", "/bucket/dir/key.txt", "x-id=GetObject", "GetObject");
    EXPECT("s3", "GET", "/bucket/dir/key.txt", "uploadId=1", "ListParts");
    EXPECT("s3", "PUT", "/bucket/dir/key.txt", "partNumber=1&uploadId=1", "UploadPart");
    EXPECT("s3", "PUT", "/bucket/dir/key.txt", "", "PutObject");
    CHECK_STR(name_with_header("s3", "PUT", "/bucket/key", "", "x-amz-copy-source: /b/k"),
              "CopyObject", "told by a required header");
    CHECK_STR(name_with_header("s3", "PUT", "/bucket/key", "partNumber=2&uploadId=u",
                               "x-amz-copy-source: /b/k"),
              "UploadPartCopy", "required query members and header");
    EXPECT("s3", "GET", "/bucket/dir/key.txt", "tagging", "GetObjectTagging");
    EXPECT("s3", "GET", "/bucket/dir%2Fkey", "acl", "GetObjectAcl");
    EXPECT("s3", "PUT", "/bucket", "tagging", "PutBucketTagging");
}

static void test_percent_encoded_literals(void)
{
    EXPECT("lambda", "GET", "/2015-03-31/%66unctions/", "", "ListFunctions");
    char long_path[6000];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[0] = '/';
    long_path[sizeof long_path - 1] = '\0';
    CHECK(name_of("lambda", "GET", long_path, "") == NULL, "a long path fits nothing");
    EXPECT("mediastore-data", "GET", long_path, "", "GetObject");
}

/* A request for op as an SDK would send it: labels filled, the literal query and every required
 * query member and header present. */
static void request_for(const struct operation *op, struct http_request *req, struct buf *path,
                        struct buf *query)
{
    memset(req, 0, sizeof *req);
    req->body_fd = -1;
    snprintf(req->method, sizeof req->method, "%s", op->http_method);
    buf_reset(path);
    for (size_t i = 0; i < op->n_path_segments; i++) {
        const struct uri_segment *seg = &op->path_segments[i];
        buf_puts(path, !seg->is_label ? seg->text : seg->greedy ? "dir/key" : "label");
    }
    buf_reset(query);
    if (op->uri_query)
        buf_puts(query, op->uri_query);
    const struct shape *input = op->input.shape;
    for (size_t i = 0; input && input->type == SHAPE_STRUCTURE && i < input->n_members; i++) {
        const struct shape_ref *m = &input->members[i];
        const char *wire = m->location_name ? m->location_name : m->name;
        if (!m->required)
            continue;
        if (m->location == LOC_QUERYSTRING && m->shape->type != SHAPE_MAP)
            buf_printf(query, "%s%s=1", query->len ? "&" : "", wire);
        else if (m->location == LOC_HEADER)
            http_headers_add(&req->headers, wire, "1");
    }
    req->path = path->data ? path->data : "/";
    req->query = query->data ? query->data : "";
}

/* The routes name every operation of S3, the richest rest model, as its model's own matcher
 * does. */
static void test_agrees_with_the_model(void)
{
    const struct service_model *m = model_for_service("s3");
    CHECK(m != NULL, "s3 model");
    if (!m)
        return;
    struct buf path = BUF_INIT, query = BUF_INIT;
    for (size_t i = 0; i < m->n_operations; i++) {
        const struct operation *op = &m->operations[i];
        struct http_request req;
        request_for(op, &req, &path, &query);
        const struct operation *by_model = rest_match_operation(m, &req);
        const char *by_routes = rest_route_operation(service_by_name("s3"), &req);
        CHECK(by_model && by_routes && strcmp(by_model->name, by_routes) == 0,
              "%s %s?%s: model %s, routes %s", req.method, req.path, req.query,
              by_model ? by_model->name : "none", by_routes ? by_routes : "none");
        http_headers_free(&req.headers);
    }
    buf_free(&path);
    buf_free(&query);
}

int main(void)
{
    test_plain_routes();
    test_literals_beat_labels();
    test_greedy_labels_and_query_keys();
    test_percent_encoded_literals();
    test_agrees_with_the_model();
    return test_summary("rest_routes");
}
