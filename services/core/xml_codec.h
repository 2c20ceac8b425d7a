/* XML bodies walked by shape, for the query, ec2 and rest-xml codecs: a result tree written as
 * elements (lists, maps, flattening, attributes, namespaces, timestamps, blobs), and an XML
 * document read back into a params tree. The tree conventions are those of protocol.h. */
#ifndef MOTOC_XML_CODEC_H
#define MOTOC_XML_CODEC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/message.h"
#include "model.h"
#include "protocol.h"

/* ---- writing ---- */

/* A document being written into memory (XML declaration included). */
struct xml_out;

struct xml_out *xml_out_new(void);
/* Opens an element; ns_uri (may be NULL) is declared as the default namespace, or under
 * ns_prefix when one is given. */
void xml_out_start(struct xml_out *x, const char *name, const char *ns_uri, const char *ns_prefix);
void xml_out_end(struct xml_out *x);
/* <name>text</name>, text escaped. */
void xml_out_text(struct xml_out *x, const char *name, const char *text);
/* The response-body members of structure s present in value, inside the element just opened:
 * xmlAttribute members as its attributes, the others as child elements. */
void xml_out_members(struct xml_out *x, const struct shape *s, const cJSON *value);
/* An element for ref (named by the ref's locationName, else the shape's, else the shape name)
 * with its namespace (default_ns when the model gives none) and the members of value. For
 * rest-xml roots and payloads. */
void xml_out_structure(struct xml_out *x, const struct shape_ref *ref, const char *default_ns,
                       const cJSON *value);
/* The extra members of an error (err->fields) as child elements: typed by the error shape when
 * the model knows it, as plain text otherwise. Members bound to headers are left out. */
void xml_out_error_fields(struct xml_out *x, const struct shape *error_shape,
                          const cJSON *fields);
/* Ends the document and moves it into resp's body with that status and Content-Type; frees x. */
void xml_out_finish(struct xml_out *x, struct http_response *resp, int status,
                    const char *content_type);

/* Members a response carries in its body: all but those bound to headers or the status code
 * (a member bound to the URI or query string in a request has no such place in a response). */
bool xml_member_in_response_body(const struct shape_ref *member);

/* The shape of the error called code (an operation's error by shape name or error code, else
 * any shape of that name); NULL when the model does not know it. m and op may be NULL. */
const struct shape *xml_error_shape(const struct service_model *m, const struct operation *op,
                                    const char *code);
/* The query protocol's error envelope, which most rest-xml services (Route 53, CloudFront) answer
 * with too: <ErrorResponse xmlns=…><Error><Type/><Code/><Message/>…fields…</Error><RequestId/>
 * </ErrorResponse>, with x-amzn-RequestId. */
void xml_error_response(const struct proto_call *call, const struct proto_error *err,
                        const struct shape *error_shape, int status, struct http_response *resp);
/* Members of error_shape bound to headers, taken from fields into resp's headers. */
void xml_error_headers(const struct shape *error_shape, const cJSON *fields,
                       struct http_response *resp);

/* ---- reading ---- */

/* Reads an XML document (no network access, no DTD, no entity expansion) whose root element
 * holds the body members of structure s. 0 with *out an object (owned by the caller), or -1
 * with err set to MalformedXML when the document is not well-formed or a value does not fit
 * its member's type. */
int xml_read_document(const char *data, size_t len, const struct shape *s, cJSON **out,
                      struct proto_error *err);

#endif
