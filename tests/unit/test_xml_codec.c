/* The XML-family codecs where the protocol vectors do not reach: hostile and malformed bodies,
 * S3's error envelope, attributes with a namespace prefix, botocore-style flattened names,
 * streaming payloads, the query dialects' naming and their limits. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../services/core/model.h"
#include "../../services/core/protocol.h"
#include "../../services/core/xml_codec.h"
#include "check.h"

/* Models are written with ' for " to keep them readable here. */
static struct service_model *model_from_text(const char *text)
{
    char *json = xstrdup(text);
    for (char *p = json; *p; p++)
        if (*p == '\'')
            *p = '"';
    cJSON *doc = cJSON_Parse(json);
    free(json);
    char err[256] = "";
    struct service_model *m = model_from_json(doc, err, sizeof err);
    cJSON_Delete(doc);
    if (!m)
        fprintf(stderr, "model: %s\n", err);
    return m;
}

static const char S3_MODEL[] =
    "{'metadata': {'protocol': 'rest-xml', 'endpointPrefix': 's3',"
    "  'xmlNamespace': 'http://s3.amazonaws.com/doc/2006-03-01/'},"
    " 'operations': {"
    "  'PutBucketAcl': {'http': {'method': 'PUT', 'requestUri': '/{Bucket}?acl'},"
    "    'input': {'shape': 'PutBucketAclRequest'}},"
    "  'GetBucketAcl': {'http': {'method': 'GET', 'requestUri': '/{Bucket}?acl'},"
    "    'input': {'shape': 'BucketRequest'}, 'output': {'shape': 'GetBucketAclOutput'}},"
    "  'PutObject': {'http': {'method': 'PUT', 'requestUri': '/{Bucket}/{Key+}'},"
    "    'input': {'shape': 'PutObjectRequest'}},"
    "  'GetObject': {'http': {'method': 'GET', 'requestUri': '/{Bucket}/{Key+}'},"
    "    'input': {'shape': 'PutObjectRequest'}, 'output': {'shape': 'GetObjectOutput'}},"
    "  'DeleteObjects': {'http': {'method': 'POST', 'requestUri': '/{Bucket}?delete'},"
    "    'input': {'shape': 'DeleteObjectsRequest'}, 'errors': [{'shape': 'NoSuchBucket'}]}},"
    " 'shapes': {"
    "  'String': {'type': 'string'}, 'Integer': {'type': 'integer'},"
    "  'Boolean': {'type': 'boolean'}, 'Blob': {'type': 'blob', 'streaming': true},"
    "  'BucketRequest': {'type': 'structure', 'members': {"
    "    'Bucket': {'shape': 'String', 'location': 'uri', 'locationName': 'Bucket'}}},"
    "  'PutBucketAclRequest': {'type': 'structure', 'payload': 'AccessControlPolicy', 'members': {"
    "    'Bucket': {'shape': 'String', 'location': 'uri', 'locationName': 'Bucket'},"
    "    'AccessControlPolicy': {'shape': 'AccessControlPolicy',"
    "      'locationName': 'AccessControlPolicy'}}},"
    "  'AccessControlPolicy': {'type': 'structure', 'members': {"
    "    'Grants': {'shape': 'Grants', 'locationName': 'AccessControlList'},"
    "    'Owner': {'shape': 'Owner'}}},"
    "  'GetBucketAclOutput': {'type': 'structure', 'locationName': 'AccessControlPolicy',"
    "    'members': {'Owner': {'shape': 'Owner'},"
    "    'Grants': {'shape': 'Grants', 'locationName': 'AccessControlList'}}},"
    "  'Owner': {'type': 'structure', 'members': {'ID': {'shape': 'String'}}},"
    "  'Grants': {'type': 'list', 'member': {'shape': 'Grant', 'locationName': 'Grant'}},"
    "  'Grant': {'type': 'structure', 'members': {'Grantee': {'shape': 'Grantee'},"
    "    'Permission': {'shape': 'String'}}},"
    "  'Grantee': {'type': 'structure', 'xmlNamespace': {'prefix': 'xsi',"
    "    'uri': 'http://www.w3.org/2001/XMLSchema-instance'}, 'members': {"
    "    'ID': {'shape': 'String'},"
    "    'Type': {'shape': 'String', 'locationName': 'xsi:type', 'xmlAttribute': true}}},"
    "  'PutObjectRequest': {'type': 'structure', 'payload': 'Body', 'members': {"
    "    'Bucket': {'shape': 'String', 'location': 'uri', 'locationName': 'Bucket'},"
    "    'Key': {'shape': 'String', 'location': 'uri', 'locationName': 'Key'},"
    "    'Body': {'shape': 'Blob'}}},"
    "  'GetObjectOutput': {'type': 'structure', 'payload': 'Body', 'members': {"
    "    'Body': {'shape': 'Blob'},"
    "    'ContentLength': {'shape': 'Integer', 'location': 'header',"
    "      'locationName': 'Content-Length'}}},"
    "  'DeleteObjectsRequest': {'type': 'structure', 'payload': 'Delete', 'members': {"
    "    'Bucket': {'shape': 'String', 'location': 'uri', 'locationName': 'Bucket'},"
    "    'Delete': {'shape': 'Delete', 'locationName': 'Delete'}}},"
    "  'Delete': {'type': 'structure', 'members': {"
    "    'Objects': {'shape': 'ObjectList', 'locationName': 'Object'},"
    "    'Quiet': {'shape': 'Boolean'}, 'MaxKeys': {'shape': 'Integer'}}},"
    "  'ObjectList': {'type': 'list', 'flattened': true, 'member': {'shape': 'ObjectId'}},"
    "  'ObjectId': {'type': 'structure', 'members': {'Key': {'shape': 'String'}}},"
    "  'NoSuchBucket': {'type': 'structure', 'exception': true, 'members': {"
    "    'BucketName': {'shape': 'String'},"
    "    'Region': {'shape': 'String', 'location': 'header',"
    "      'locationName': 'x-amz-bucket-region'}}}}}";

static const char QUEUE_MODEL[] =
    "{'metadata': {'protocol': 'query', 'endpointPrefix': 'queue', 'apiVersion': '2012-11-05',"
    "  'xmlNamespace': 'http://queue.amazonaws.com/doc/2012-11-05/'},"
    " 'operations': {"
    "  'ReceiveMessage': {'input': {'shape': 'ReceiveMessageRequest'},"
    "    'output': {'shape': 'ReceiveMessageResult', 'resultWrapper': 'ReceiveMessageResult'}},"
    "  'Nest': {'input': {'shape': 'Node'}},"
    "  'DescribeThings': {'input': {'shape': 'DescribeThingsRequest'}}},"
    " 'shapes': {"
    "  'String': {'type': 'string'}, 'Integer': {'type': 'integer'},"
    "  'ReceiveMessageRequest': {'type': 'structure', 'members': {"
    "    'QueueUrl': {'shape': 'String'},"
    "    'AttributeNames': {'shape': 'AttributeNameList'},"
    "    'MaxNumberOfMessages': {'shape': 'Integer'},"
    "    'Attributes': {'shape': 'AttributeMap', 'locationName': 'Attribute'},"
    "    'Labels': {'shape': 'StringList'}}},"
    "  'AttributeNameList': {'type': 'list', 'flattened': true,"
    "    'member': {'shape': 'String', 'locationName': 'AttributeName'}},"
    "  'AttributeMap': {'type': 'map', 'flattened': true,"
    "    'key': {'shape': 'String', 'locationName': 'Name'},"
    "    'value': {'shape': 'String', 'locationName': 'Value'}},"
    "  'StringList': {'type': 'list', 'member': {'shape': 'String'}},"
    "  'ReceiveMessageResult': {'type': 'structure', 'members': {"
    "    'Messages': {'shape': 'MessageList'}}},"
    "  'MessageList': {'type': 'list', 'flattened': true,"
    "    'member': {'shape': 'Message', 'locationName': 'Message'}},"
    "  'Message': {'type': 'structure', 'members': {'Body': {'shape': 'String'}}},"
    "  'Node': {'type': 'structure', 'members': {'Child': {'shape': 'Node'},"
    "    'Value': {'shape': 'String'}}},"
    "  'DescribeThingsRequest': {'type': 'structure', 'members': {"
    "    'Filters': {'shape': 'FilterList', 'locationName': 'Filter'},"
    "    'DryRun': {'shape': 'String', 'locationName': 'dryRun'},"
    "    'MaxResults': {'shape': 'Integer', 'queryName': 'MaxItems'}}},"
    "  'FilterList': {'type': 'list', 'member': {'shape': 'Filter', 'locationName': 'Filter'}},"
    "  'Filter': {'type': 'structure', 'members': {'Name': {'shape': 'String'},"
    "    'Values': {'shape': 'StringList', 'locationName': 'Value'}}}}}";

/* ---------------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------------- */

static void make_request(struct http_request *req, const char *method, const char *target,
                         const char *body)
{
    http_request_init(req);
    snprintf(req->method, sizeof req->method, "%s", method);
    req->target = xstrdup(target);
    const char *q = strchr(target, '?');
    req->path = q ? xstrndup(target, (size_t)(q - target)) : xstrdup(target);
    req->query = xstrdup(q ? q + 1 : "");
    if (body)
        buf_append(&req->body, body, strlen(body));
}

/* Decodes a request against the named operation (rest ones routed by method and path). */
static int decode(const struct service_model *m, const char *op_name, enum aws_protocol protocol,
                  struct http_request *req, cJSON **params, struct proto_error *err)
{
    const struct operation *op = op_name ? model_operation(m, op_name)
                                         : rest_match_operation(m, req);
    struct proto_call call = {.model = m, .op = op, .protocol = protocol,
                              .request_id = "req-1", .http = req};
    return proto_decode_request(&call, params, err);
}

static char *printed(const cJSON *v)
{
    return v ? cJSON_PrintUnformatted(v) : xstrdup("(null)");
}

#define CHECK_JSON(tree, want, what)                                                              \
    do {                                                                                          \
        char *got__ = printed(tree);                                                              \
        CHECK_STR(got__, want, "%s", what);                                                       \
        free(got__);                                                                              \
    } while (0)

static bool all_upper_hex(const char *s, size_t len)
{
    if (!s || strlen(s) != len)
        return false;
    for (; *s; s++)
        if (!isxdigit((unsigned char)*s) || islower((unsigned char)*s))
            return false;
    return true;
}

/* ---------------------------------------------------------------------------------------------
 * rest-xml requests
 * ------------------------------------------------------------------------------------------- */

static void test_prefixed_attribute_is_read(const struct service_model *s3)
{
    struct http_request req;
    make_request(&req, "PUT", "/b?acl",
                 "<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                 "<Owner><ID>o</ID></Owner><AccessControlList><Grant>"
                 "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                 "xsi:type=\"CanonicalUser\"><ID>abc</ID></Grantee>"
                 "<Permission>READ</Permission></Grant></AccessControlList>"
                 "</AccessControlPolicy>");
    cJSON *params = NULL;
    struct proto_error err = {0};
    CHECK(decode(s3, NULL, PROTO_REST_XML, &req, &params, &err) == 0, "decoded: %s", err.message);
    CHECK_JSON(params,
               "{\"AccessControlPolicy\":{\"Grants\":[{\"Grantee\":{\"ID\":\"abc\",\"Type\":"
               "\"CanonicalUser\"},\"Permission\":\"READ\"}],\"Owner\":{\"ID\":\"o\"}},"
               "\"Bucket\":\"b\"}",
               "payload structure with an xsi:type attribute");
    cJSON_Delete(params);
    proto_error_clear(&err);
    http_request_free(&req);
}

static void expect_malformed(const struct service_model *s3, const char *body, const char *what)
{
    struct http_request req;
    make_request(&req, "POST", "/b?delete", body);
    cJSON *params = NULL;
    struct proto_error err = {0};
    clock_t started = clock();
    int rc = decode(s3, NULL, PROTO_REST_XML, &req, &params, &err);
    double seconds = (double)(clock() - started) / CLOCKS_PER_SEC;
    CHECK(rc == -1 && params == NULL, "%s: rejected", what);
    CHECK(err.status == 400, "%s: status %d", what, err.status);
    CHECK_STR(err.code, "MalformedXML", "%s", what);
    CHECK_STR(err.message,
              "The XML you provided was not well-formed or did not validate against our "
              "published schema",
              "%s", what);
    CHECK(seconds < 1.0, "%s: took %.2fs", what, seconds);
    cJSON_Delete(params);
    proto_error_clear(&err);
    http_request_free(&req);
}

static void test_hostile_and_malformed_bodies(const struct service_model *s3)
{
    expect_malformed(s3, "<Delete><Object><Key>k</Key></Object>", "unclosed element");
    expect_malformed(s3, "<Delete></Delet>", "mismatched tag");
    expect_malformed(s3, "not xml at all", "plain text");
    expect_malformed(s3, "<Delete/><Delete/>", "two roots");
    expect_malformed(s3, "<Delete><MaxKeys>ten</MaxKeys></Delete>", "integer that is not one");
    expect_malformed(s3, "<Delete><Quiet>yes</Quiet></Delete>", "boolean that is not one");
    expect_malformed(s3,
                     "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM "
                     "\"file:///etc/passwd\">]><Delete><Object><Key>&x;</Key></Object></Delete>",
                     "external entity (XXE)");
    expect_malformed(s3,
                     "<!DOCTYPE d SYSTEM \"http://127.0.0.1:9/evil.dtd\"><Delete/>",
                     "external DTD");
    struct buf bomb = BUF_INIT;
    buf_puts(&bomb, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a0 \"lol\">");
    for (int i = 1; i < 10; i++)
        buf_printf(&bomb, "<!ENTITY a%d \"&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;\">",
                   i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    buf_puts(&bomb, "]><Delete><Object><Key>&a9;</Key></Object></Delete>");
    expect_malformed(s3, bomb.data, "entity expansion bomb");
    buf_free(&bomb);
    struct buf deep = BUF_INIT;
    for (int i = 0; i < 5000; i++)
        buf_puts(&deep, "<Delete>");
    for (int i = 0; i < 5000; i++)
        buf_puts(&deep, "</Delete>");
    expect_malformed(s3, deep.data, "nesting deeper than the parser allows");
    buf_free(&deep);
}

static void test_flattened_and_lenient_bodies(const struct service_model *s3)
{
    struct http_request req;
    make_request(&req, "POST", "/b?delete",
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Delete><Object><Key>a</Key>"
                 "</Object><Unknown>x</Unknown><Object><Key><![CDATA[b<&>]]></Key></Object>"
                 "<Quiet> true </Quiet><MaxKeys>\n3\n</MaxKeys></Delete>");
    cJSON *params = NULL;
    struct proto_error err = {0};
    CHECK(decode(s3, NULL, PROTO_REST_XML, &req, &params, &err) == 0, "decoded: %s", err.message);
    CHECK_JSON(params,
               "{\"Delete\":{\"Objects\":[{\"Key\":\"a\"},{\"Key\":\"b<&>\"}],\"Quiet\":true,"
               "\"MaxKeys\":3},\"Bucket\":\"b\"}",
               "flattened list, CDATA, unknown element, padded scalars");
    cJSON_Delete(params);
    http_request_free(&req);

    make_request(&req, "POST", "/b?delete", " \r\n ");
    CHECK(decode(s3, NULL, PROTO_REST_XML, &req, &params, &err) == 0, "blank body accepted");
    CHECK_JSON(params, "{\"Bucket\":\"b\"}", "blank body has no members");
    cJSON_Delete(params);
    proto_error_clear(&err);
    http_request_free(&req);
}

static void test_repeated_map_keys(void)
{
    struct service_model *m = model_from_text(
        "{'metadata': {'protocol': 'rest-xml'}, 'operations': {'Put': {'http': {'method': 'PUT',"
        " 'requestUri': '/'}, 'input': {'shape': 'In'}}}, 'shapes': {"
        " 'In': {'type': 'structure', 'members': {'Map': {'shape': 'Map'},"
        "   'Flat': {'shape': 'Map', 'flattened': true}}},"
        " 'Map': {'type': 'map', 'key': {'shape': 'S'}, 'value': {'shape': 'S'}},"
        " 'S': {'type': 'string'}}}");
    struct http_request req;
    make_request(&req, "PUT", "/",
                 "<In><Map><entry><key>z</key><value>1</value></entry><entry><key>a</key>"
                 "<value>2</value></entry><entry><key>z</key><value>3</value></entry>"
                 "<entry><value>no key</value></entry></Map>"
                 "<Flat><key>k</key><value>1</value></Flat><Flat><key>k</key><value>2</value>"
                 "</Flat></In>");
    cJSON *params = NULL;
    struct proto_error err = {0};
    CHECK(m && decode(m, "Put", PROTO_REST_XML, &req, &params, &err) == 0, "decoded");
    CHECK_JSON(params, "{\"Map\":{\"z\":\"1\",\"a\":\"2\"},\"Flat\":{\"k\":\"1\"}}",
               "document order, the first of a repeated key kept");
    cJSON_Delete(params);
    proto_error_clear(&err);
    http_request_free(&req);
    model_free(m);
}

static void test_streaming_payload_stays_in_body(const struct service_model *s3)
{
    struct http_request req;
    make_request(&req, "PUT", "/b/dir/key.txt", "<not>parsed</not>");
    cJSON *params = NULL;
    struct proto_error err = {0};
    CHECK(decode(s3, "PutObject", PROTO_REST_XML, &req, &params, &err) == 0, "decoded");
    CHECK_JSON(params, "{\"Bucket\":\"b\",\"Key\":\"dir/key.txt\"}", "no Body in the tree");
    cJSON_Delete(params);
    proto_error_clear(&err);
    http_request_free(&req);

    struct http_response resp;
    http_response_init(&resp);
    buf_puts(&resp.body, "object bytes");
    struct proto_call call = {.model = s3, .op = model_operation(s3, "GetObject"),
                              .protocol = PROTO_REST_XML, .request_id = "r"};
    cJSON *result = cJSON_Parse("{\"ContentLength\": 12}");
    proto_encode_result(&call, result, &resp);
    CHECK(resp.status == 200, "status %d", resp.status);
    CHECK_STR(resp.body.data, "object bytes", "the service's bytes are left alone");
    CHECK_STR(http_headers_get(&resp.headers, "Content-Length"), "12", "header member");
    cJSON_Delete(result);
    http_response_free(&resp);
}

/* ---------------------------------------------------------------------------------------------
 * rest-xml responses
 * ------------------------------------------------------------------------------------------- */

static void test_result_round_trips(const struct service_model *s3)
{
    const struct operation *op = model_operation(s3, "GetBucketAcl");
    struct proto_call call = {.model = s3, .op = op, .protocol = PROTO_REST_XML,
                              .request_id = "r"};
    cJSON *result = cJSON_Parse(
        "{\"Owner\": {\"ID\": \"<me> & \\\"you\\\"\\r\\n\"}, \"Grants\": [{\"Grantee\": "
        "{\"ID\": \"abc\", \"Type\": \"CanonicalUser\"}, \"Permission\": \"FULL_CONTROL\"}]}");
    struct http_response resp;
    http_response_init(&resp);
    proto_encode_result(&call, result, &resp);
    const char *body = resp.body.data ? resp.body.data : "";
    CHECK(strstr(body, "<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"),
          "root named by the shape, namespace from the metadata: %s", body);
    CHECK(strstr(body, "<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                       "xsi:type=\"CanonicalUser\"><ID>abc</ID></Grantee>"),
          "prefixed namespace and attribute: %s", body);
    CHECK_STR(http_headers_get(&resp.headers, "Content-Type"), "application/xml", "type");

    cJSON *back = NULL;
    struct proto_error err = {0};
    CHECK(xml_read_document(resp.body.data, resp.body.len, op->output.shape, &back, &err) == 0,
          "our own output reads back");
    CHECK(cJSON_Compare(back, result, true), "round trip keeps every value");
    proto_error_clear(&err);
    cJSON_Delete(back);
    cJSON_Delete(result);
    http_response_free(&resp);
}

static void test_s3_error(const struct service_model *s3)
{
    struct proto_call call = {.model = s3, .op = model_operation(s3, "DeleteObjects"),
                              .protocol = PROTO_REST_XML, .request_id = "uuid-1"};
    struct proto_error err = {0};
    proto_error_set(&err, 404, "NoSuchBucket", "The specified bucket does not exist");
    err.fields = cJSON_Parse("{\"BucketName\": \"b&b\", \"Region\": \"eu-west-1\"}");
    struct http_response resp;
    http_response_init(&resp);
    proto_encode_error(&call, &err, &resp);
    CHECK(resp.status == 404, "status %d", resp.status);
    const char *id = http_headers_get(&resp.headers, "x-amz-request-id");
    CHECK(all_upper_hex(id, 16), "x-amz-request-id is 16 uppercase hex: %s", id ? id : "");
    CHECK(http_headers_get(&resp.headers, "x-amz-id-2") != NULL, "x-amz-id-2");
    CHECK_STR(http_headers_get(&resp.headers, "Content-Type"), "application/xml", "type");
    CHECK_STR(http_headers_get(&resp.headers, "x-amz-bucket-region"), "eu-west-1",
              "error member bound to a header");
    char expected[256];
    snprintf(expected, sizeof expected,
             "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist"
             "</Message><BucketName>b&amp;b</BucketName><RequestId>%s</RequestId><HostId>",
             id ? id : "");
    CHECK(strstr(resp.body.data ? resp.body.data : "", expected), "body: %s", resp.body.data);
    proto_error_clear(&err);
    http_response_free(&resp);
}

static void test_other_rest_xml_error(void)
{
    struct service_model *m = model_from_text(
        "{'metadata': {'protocol': 'rest-xml', 'endpointPrefix': 'route53',"
        " 'xmlNamespace': 'https://route53.amazonaws.com/doc/2013-04-01/'},"
        " 'operations': {}, 'shapes': {}}");
    struct proto_call call = {.model = m, .protocol = PROTO_REST_XML, .request_id = "id-9"};
    struct proto_error err = {0};
    proto_error_set(&err, 500, "InternalFailure", "boom");
    struct http_response resp;
    http_response_init(&resp);
    proto_encode_error(&call, &err, &resp);
    CHECK(resp.status == 500, "status");
    CHECK(strstr(resp.body.data ? resp.body.data : "",
                 "<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Error>"
                 "<Type>Receiver</Type><Code>InternalFailure</Code><Message>boom</Message>"
                 "</Error><RequestId>id-9</RequestId></ErrorResponse>"),
          "body: %s", resp.body.data);
    CHECK_STR(http_headers_get(&resp.headers, "x-amzn-RequestId"), "id-9", "request id header");
    proto_error_clear(&err);
    http_response_free(&resp);
    model_free(m);
}

/* ---------------------------------------------------------------------------------------------
 * query and ec2
 * ------------------------------------------------------------------------------------------- */

static void expect_query(const struct service_model *m, enum aws_protocol protocol,
                         const char *op, const char *body, const char *want, const char *what)
{
    struct http_request req;
    make_request(&req, "POST", "/", body);
    cJSON *params = NULL;
    struct proto_error err = {0};
    int rc = decode(m, op, protocol, &req, &params, &err);
    CHECK(rc == 0, "%s: %s", what, err.message);
    CHECK_JSON(params, want, what);
    cJSON_Delete(params);
    proto_error_clear(&err);
    http_request_free(&req);
}

static void test_query_names(const struct service_model *m)
{
    expect_query(m, PROTO_QUERY, "ReceiveMessage",
                 "Action=ReceiveMessage&Version=2012-11-05&QueueUrl=http%3A%2F%2Fq%2F1"
                 "&AttributeName.1=All&AttributeName.2=Policy&Attribute.1.Name=a"
                 "&Attribute.1.Value=x+y&Labels.member.3=c&Labels.member.1=a"
                 "&Labels.member.1=ignored&Unknown.member.1=z",
                 "{\"QueueUrl\":\"http://q/1\",\"AttributeNames\":[\"All\",\"Policy\"],"
                 "\"Attributes\":{\"a\":\"x y\"},\"Labels\":[\"a\",\"c\"]}",
                 "botocore flattened names, form decoding, sparse and repeated indexes");
    expect_query(m, PROTO_QUERY, "ReceiveMessage",
                 "Attribute.3.Name=b&Attribute.3.Value=3&Attribute.1.Name=b&Attribute.1.Value=1"
                 "&Attribute.2.Name=a&Attribute.2.Value=2&Attribute.4.Value=no-name",
                 "{\"Attributes\":{\"b\":\"1\",\"a\":\"2\"}}",
                 "map entries in index order, the first of a repeated key kept");
    expect_query(m, PROTO_QUERY, "ReceiveMessage", "AttributeNames.1=All",
                 "{\"AttributeNames\":[\"All\"]}", "flattened list under the member's name");
    expect_query(m, PROTO_QUERY, "ReceiveMessage", "Labels=", "{\"Labels\":[]}", "empty list");
    expect_query(m, PROTO_QUERY, "ReceiveMessage", "Labels.member.0=a&Labels.member.x=b"
                 "&Labels.member.99999999999999999999=c&Labels.member.=d",
                 "{}", "indexes that are not positive numbers are ignored");
    expect_query(m, PROTO_EC2, "DescribeThings",
                 "Filter.1.Name=state&Filter.1.Value.1=on&Filter.1.Value.2=off&DryRun=x"
                 "&MaxItems=5&MaxResults=7",
                 "{\"Filters\":[{\"Name\":\"state\",\"Values\":[\"on\",\"off\"]}],"
                 "\"DryRun\":\"x\",\"MaxResults\":5}",
                 "ec2: flattened lists, capitalised locationName, queryName");
}

static void test_query_limits(const struct service_model *m)
{
    struct buf body = BUF_INIT;
    for (int i = 0; i < 20000; i++)
        buf_puts(&body, "Child.");
    buf_puts(&body, "Value=deep&Child.Value=shallow");
    struct http_request req;
    make_request(&req, "POST", "/", body.data);
    cJSON *params = NULL;
    struct proto_error err = {0};
    CHECK(decode(m, "Nest", PROTO_QUERY, &req, &params, &err) == 0, "deep names decode");
    CHECK_JSON(cJSON_GetObjectItem(params, "Child"), "{\"Value\":\"shallow\"}",
               "recursion stops at a depth no shape reaches");
    cJSON_Delete(params);
    http_request_free(&req);
    buf_free(&body);

    make_request(&req, "POST", "/", "MaxNumberOfMessages=ten");
    CHECK(decode(m, "ReceiveMessage", PROTO_QUERY, &req, &params, &err) == -1, "bad integer");
    CHECK(err.status == 400 && params == NULL, "status %d", err.status);
    CHECK_STR(err.code, "InvalidParameterValue", "code");
    CHECK(strstr(err.message, "MaxNumberOfMessages") != NULL, "names the parameter: %s",
          err.message);
    proto_error_clear(&err);
    http_request_free(&req);
}

static void test_query_envelopes(const struct service_model *m)
{
    struct proto_call call = {.model = m, .op = model_operation(m, "ReceiveMessage"),
                              .protocol = PROTO_QUERY, .request_id = "rid"};
    cJSON *result = cJSON_Parse("{\"Messages\": [{\"Body\": \"a\"}, {\"Body\": \"b\"}]}");
    struct http_response resp;
    http_response_init(&resp);
    proto_encode_result(&call, result, &resp);
    CHECK(strstr(resp.body.data ? resp.body.data : "",
                 "<ReceiveMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                 "<ReceiveMessageResult><Message><Body>a</Body></Message><Message><Body>b</Body>"
                 "</Message></ReceiveMessageResult><ResponseMetadata><RequestId>rid</RequestId>"
                 "</ResponseMetadata></ReceiveMessageResponse>"),
          "flattened list named by its member: %s", resp.body.data);
    cJSON_Delete(result);
    http_response_free(&resp);

    struct proto_error err = {0};
    proto_error_set(&err, 400, "QueueDoesNotExist", "no such queue");
    http_response_init(&resp);
    proto_encode_error(&call, &err, &resp);
    CHECK(resp.status == 400, "status");
    CHECK(strstr(resp.body.data ? resp.body.data : "",
                 "<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error>"
                 "<Type>Sender</Type><Code>QueueDoesNotExist</Code><Message>no such queue"
                 "</Message></Error><RequestId>rid</RequestId></ErrorResponse>"),
          "query error: %s", resp.body.data);
    CHECK_STR(http_headers_get(&resp.headers, "Content-Type"), "text/xml", "type");
    CHECK_STR(http_headers_get(&resp.headers, "x-amzn-RequestId"), "rid", "request id header");
    http_response_free(&resp);

    call.protocol = PROTO_EC2;
    err.fields = cJSON_Parse("{\"Detail\": {\"Reason\": \"r\"}}");
    http_response_init(&resp);
    proto_encode_error(&call, &err, &resp);
    CHECK(strstr(resp.body.data ? resp.body.data : "",
                 "<Response><Errors><Error><Code>QueueDoesNotExist</Code><Message>no such queue"
                 "</Message><Detail><Reason>r</Reason></Detail></Error></Errors>"
                 "<RequestID>rid</RequestID></Response>"),
          "ec2 error with an undescribed field: %s", resp.body.data);
    proto_error_clear(&err);
    http_response_free(&resp);
}

int main(void)
{
    struct service_model *s3 = model_from_text(S3_MODEL);
    struct service_model *queue = model_from_text(QUEUE_MODEL);
    CHECK(s3 && queue, "test models load");
    if (!s3 || !queue)
        return test_summary("test_xml_codec");
    test_prefixed_attribute_is_read(s3);
    test_hostile_and_malformed_bodies(s3);
    test_flattened_and_lenient_bodies(s3);
    test_repeated_map_keys();
    test_streaming_payload_stays_in_body(s3);
    test_result_round_trips(s3);
    test_s3_error(s3);
    test_other_rest_xml_error();
    test_query_names(queue);
    test_query_limits(queue);
    test_query_envelopes(queue);
    model_free(s3);
    model_free(queue);
    return test_summary("test_xml_codec");
}
