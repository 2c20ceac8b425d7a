#include "aws_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cbor.h>
#include <cjson/cJSON.h>
#include <libxml/xmlwriter.h>

#include "request_id.h"

static const char *fault_type(int status)
{
    return status >= 500 ? "Receiver" : "Sender";
}

/* Runs build() against an in-memory XML writer and stores the document as the body. */
static void respond_xml(struct http_response *resp, int status,
                        void (*build)(xmlTextWriterPtr w, const void *arg), const void *arg)
{
    xmlBufferPtr xml = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(xml, 0);
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    build(w, arg);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    http_response_set_body(resp, status, "text/xml", xmlBufferContent(xml),
                           (size_t)xmlBufferLength(xml));
    xmlBufferFree(xml);
}

struct xml_error_args {
    const struct aws_error *err;
    const char *request_id;
    const char *ns;
    const char *host_id;
};

static void write_element(xmlTextWriterPtr w, const char *name, const char *text)
{
    xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST(text ? text : ""));
}

/* <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>: the query
 * protocol and most rest-xml services. */
static void build_error_response(xmlTextWriterPtr w, const void *arg)
{
    const struct xml_error_args *a = arg;
    xmlTextWriterStartElement(w, BAD_CAST "ErrorResponse");
    if (a->ns)
        xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST a->ns);
    xmlTextWriterStartElement(w, BAD_CAST "Error");
    write_element(w, "Type", fault_type(a->err->status));
    write_element(w, "Code", a->err->code);
    write_element(w, "Message", a->err->message);
    xmlTextWriterEndElement(w);
    write_element(w, "RequestId", a->request_id);
    xmlTextWriterEndElement(w);
}

/* EC2: <Response><Errors><Error>…</Error></Errors><RequestID/></Response>. */
static void build_ec2_error(xmlTextWriterPtr w, const void *arg)
{
    const struct xml_error_args *a = arg;
    xmlTextWriterStartElement(w, BAD_CAST "Response");
    xmlTextWriterStartElement(w, BAD_CAST "Errors");
    xmlTextWriterStartElement(w, BAD_CAST "Error");
    write_element(w, "Code", a->err->code);
    write_element(w, "Message", a->err->message);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    write_element(w, "RequestID", a->request_id);
    xmlTextWriterEndElement(w);
}

/* S3: a bare <Error> with RequestId and HostId. */
static void build_s3_error(xmlTextWriterPtr w, const void *arg)
{
    const struct xml_error_args *a = arg;
    xmlTextWriterStartElement(w, BAD_CAST "Error");
    write_element(w, "Code", a->err->code);
    write_element(w, "Message", a->err->message);
    write_element(w, "RequestId", a->request_id);
    write_element(w, "HostId", a->host_id);
    xmlTextWriterEndElement(w);
}

static void respond_json(struct http_response *resp, const struct aws_error *err,
                         const char *content_type, bool with_type)
{
    cJSON *body = cJSON_CreateObject();
    if (with_type)
        cJSON_AddStringToObject(body, "__type", err->code);
    cJSON_AddStringToObject(body, "message", err->message);
    char *text = cJSON_PrintUnformatted(body);
    http_response_set_body(resp, err->status, content_type, text, strlen(text));
    free(text);
    cJSON_Delete(body);
}

static void respond_cbor(struct http_response *resp, const struct aws_error *err)
{
    cbor_item_t *map = cbor_new_definite_map(2);
    cbor_map_add(map, (struct cbor_pair){cbor_move(cbor_build_string("__type")),
                                         cbor_move(cbor_build_string(err->code))});
    cbor_map_add(map, (struct cbor_pair){cbor_move(cbor_build_string("message")),
                                         cbor_move(cbor_build_string(err->message))});
    unsigned char *data = NULL;
    size_t size = 0;
    size_t len = cbor_serialize_alloc(map, &data, &size);
    http_response_set_body(resp, err->status, "application/cbor", data, len);
    http_headers_set(&resp->headers, "smithy-protocol", "rpc-v2-cbor");
    free(data);
    cbor_decref(&map);
}

static bool request_is_json(const struct http_request *req)
{
    const char *ct = http_request_header(req, "Content-Type");
    return ct && strstr(ct, "json") != NULL;
}

void aws_error_respond(struct http_response *resp, const struct route *rt,
                       const struct http_request *req, const char *request_id,
                       const struct aws_error *err)
{
    const struct service_info *svc = rt->service;
    struct xml_error_args xml = {err, request_id, svc ? svc->xml_namespace : NULL, NULL};
    enum aws_protocol proto = rt->protocol;
    if (proto == PROTO_UNKNOWN)
        proto = request_is_json(req) ? PROTO_JSON : PROTO_QUERY;
    http_headers_set(&resp->headers, "x-amzn-RequestId", request_id);

    switch (proto) {
    case PROTO_JSON: {
        char content_type[48];
        snprintf(content_type, sizeof content_type, "application/x-amz-json-%s",
                 svc && svc->json_version ? svc->json_version : "1.0");
        respond_json(resp, err, content_type, true);
        break;
    }
    case PROTO_REST_JSON:
        http_headers_set(&resp->headers, "x-amzn-ErrorType", err->code);
        respond_json(resp, err, "application/json", true);
        break;
    case PROTO_RPC_V2_CBOR:
        respond_cbor(resp, err);
        break;
    case PROTO_EC2:
        respond_xml(resp, err->status, build_ec2_error, &xml);
        break;
    case PROTO_REST_XML:
        if (svc && strcmp(svc->name, "s3") == 0) {
            char s3_id[17], host_id[57];
            random_hex_upper(s3_id, 16);
            random_hex_upper(host_id, 56);
            xml.request_id = s3_id;
            xml.host_id = host_id;
            http_headers_set(&resp->headers, "x-amz-request-id", s3_id);
            http_headers_set(&resp->headers, "x-amz-id-2", host_id);
            respond_xml(resp, err->status, build_s3_error, &xml);
            http_headers_set(&resp->headers, "Content-Type", "application/xml");
            break;
        }
        respond_xml(resp, err->status, build_error_response, &xml);
        break;
    case PROTO_QUERY:
    case PROTO_UNKNOWN:
        respond_xml(resp, err->status, build_error_response, &xml);
        break;
    }
}
