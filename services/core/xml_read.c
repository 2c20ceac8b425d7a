/* XML request bodies read into params trees, following the shapes: the reading half of
 * xml_codec.h. Elements are matched by local name (namespaces carry no meaning for the
 * members); unknown elements are ignored, as AWS services do. */
#include "xml_codec.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "codec_util.h"
#include "map_entries.h"

/* Deeper than any AWS shape nests; libxml2 has its own, larger, limit. */
#define MAX_READ_DEPTH 100

struct reader {
    bool malformed;
};

/* What S3 and the other rest-xml services answer for a body they cannot read. */
static void malformed_xml_error(struct proto_error *err)
{
    proto_error_set(err, 400, "MalformedXML",
                    "The XML you provided was not well-formed or did not validate against our "
                    "published schema");
}

/* ---------------------------------------------------------------------------------------------
 * Parsing, without DTDs
 * ------------------------------------------------------------------------------------------- */

/* A document type declaration is where entities (and with them XXE and entity expansion bombs)
 * come from; no AWS request has one, so the parse stops before its internal subset is read. */
static void reject_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr parser = ctx;
    parser->wellFormed = 0;
    xmlStopParser(parser);
}

static xmlDocPtr parse_without_dtd(const char *data, size_t len)
{
    if (len > INT_MAX)
        return NULL;
    xmlInitParser(); /* once per process; libxml2 wants it before use from any thread */
    xmlParserCtxtPtr parser = xmlNewParserCtxt();
    if (!parser)
        return NULL;
    parser->sax->internalSubset = reject_doctype;
    /* No NOENT (entity substitution), DTDLOAD or DTDATTR: nothing is fetched or expanded. */
    xmlDocPtr doc = xmlCtxtReadMemory(parser, data, (int)len, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc && (!parser->wellFormed || doc->intSubset || !xmlDocGetRootElement(doc))) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(parser);
    return doc;
}

/* ---------------------------------------------------------------------------------------------
 * Finding elements and attributes
 * ------------------------------------------------------------------------------------------- */

static bool is_element_named(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && name && strcmp((const char *)node->name, name) == 0;
}

static xmlNodePtr first_child_named(const xmlNode *parent, const char *name)
{
    for (xmlNodePtr child = parent->children; child; child = child->next)
        if (is_element_named(child, name))
            return child;
    return NULL;
}

/* "xsi:type" names the attribute "type" in the namespace bound to the prefix "xsi". */
static xmlAttrPtr find_attribute(const xmlNode *element, const char *wire_name)
{
    const char *colon = strchr(wire_name, ':');
    const char *local = colon ? colon + 1 : wire_name;
    size_t prefix_len = colon ? (size_t)(colon - wire_name) : 0;
    for (xmlAttrPtr a = element->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, local) != 0)
            continue;
        if (!colon)
            return a;
        const char *prefix = a->ns && a->ns->prefix ? (const char *)a->ns->prefix : "";
        if (strlen(prefix) == prefix_len && memcmp(prefix, wire_name, prefix_len) == 0)
            return a;
    }
    return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Scalars
 * ------------------------------------------------------------------------------------------- */

static char *trimmed(char *text)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t len = strlen(text);
    while (len > 0 && isspace((unsigned char)text[len - 1]))
        text[--len] = '\0';
    return text;
}

/* base64 in XML may be wrapped over several lines. */
static cJSON *blob_from_text(const char *text)
{
    struct buf compact = BUF_INIT, decoded = BUF_INIT;
    for (const char *p = text; *p; p++)
        if (!isspace((unsigned char)*p))
            buf_append(&compact, p, 1);
    if (!compact.data)
        buf_append(&compact, "", 0);
    cJSON *value = NULL;
    if (base64_decode(compact.data, compact.len, &decoded))
        value = cJSON_CreateString(compact.data);
    buf_free(&compact);
    buf_free(&decoded);
    return value;
}

/* NULL when the text does not fit the type (the reader is then marked malformed) or, for
 * anything but a string, when there is no text at all (treated as absent). */
static cJSON *scalar_from_text(struct reader *r, const struct shape_ref *ref, char *raw)
{
    if (ref->shape->type == SHAPE_STRING)
        return cJSON_CreateString(raw); /* whitespace is part of a string */
    char *text = trimmed(raw);
    if (!*text)
        return NULL;
    cJSON *value = NULL;
    double epoch;
    enum timestamp_format fmt;
    switch (ref->shape->type) {
    case SHAPE_BOOLEAN:
        if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0)
            value = cJSON_CreateBool(strcmp(text, "true") == 0);
        break;
    case SHAPE_TIMESTAMP:
        fmt = shape_ref_timestamp_format(ref);
        if (timestamp_parse(text, fmt != TS_DEFAULT ? fmt : TS_ISO8601, &epoch))
            value = cJSON_CreateNumber(epoch);
        break;
    case SHAPE_BLOB:
        value = blob_from_text(text);
        break;
    case SHAPE_INTEGER:
    case SHAPE_LONG:
    case SHAPE_FLOAT:
    case SHAPE_DOUBLE:
    case SHAPE_BIGINTEGER:
    case SHAPE_BIGDECIMAL:
        value = number_parse(text, ref->shape->type);
        break;
    case SHAPE_STRING:
    case SHAPE_STRUCTURE:
    case SHAPE_LIST:
    case SHAPE_MAP:
        break;
    }
    if (!value)
        r->malformed = true;
    return value;
}

static cJSON *scalar_from_node(struct reader *r, const struct shape_ref *ref, const xmlNode *node)
{
    xmlChar *content = xmlNodeGetContent(node);
    cJSON *value = scalar_from_text(r, ref, content ? (char *)content : (char *)"");
    xmlFree(content);
    return value;
}

/* ---------------------------------------------------------------------------------------------
 * Containers
 * ------------------------------------------------------------------------------------------- */

static cJSON *read_value(struct reader *r, const struct shape_ref *ref, const xmlNode *node,
                         int depth);

static void add_item(cJSON *list, cJSON *item)
{
    if (item)
        cJSON_AddItemToArray(list, item);
}

/* A wrapped list: every element child is an item, whatever the member's name. */
static cJSON *read_list(struct reader *r, const struct shape_ref *ref, const xmlNode *node,
                        int depth)
{
    cJSON *list = cJSON_CreateArray();
    for (xmlNodePtr child = node->children; child && !r->malformed; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
            add_item(list, read_value(r, &ref->shape->member, child, depth + 1));
    return list;
}

/* One entry (<entry> or a flattened map's element) holding a key and a value element. */
static void read_map_entry(struct reader *r, const struct shape *map, const xmlNode *entry,
                           struct map_entries *out, int depth)
{
    const char *key_name = map->key.location_name ? map->key.location_name : "key";
    const char *value_name = map->value.location_name ? map->value.location_name : "value";
    xmlNodePtr key_node = first_child_named(entry, key_name);
    xmlNodePtr value_node = first_child_named(entry, value_name);
    if (!key_node || !value_node)
        return;
    xmlChar *key = xmlNodeGetContent(key_node);
    cJSON *value = read_value(r, &map->value, value_node, depth + 1);
    if (value && key)
        map_entries_add(out, (const char *)key, value);
    else
        cJSON_Delete(value);
    xmlFree(key);
}

static cJSON *read_map(struct reader *r, const struct shape_ref *ref, const xmlNode *node,
                       int depth)
{
    struct map_entries entries = MAP_ENTRIES_INIT;
    for (xmlNodePtr child = node->children; child && !r->malformed; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
            read_map_entry(r, ref->shape, child, &entries, depth);
    return map_entries_build(&entries);
}

static cJSON *read_structure(struct reader *r, const struct shape *s, const xmlNode *element,
                             int depth);

static cJSON *read_value(struct reader *r, const struct shape_ref *ref, const xmlNode *node,
                         int depth)
{
    if (depth > MAX_READ_DEPTH) {
        r->malformed = true;
        return NULL;
    }
    switch (ref->shape->type) {
    case SHAPE_STRUCTURE:
        return read_structure(r, ref->shape, node, depth);
    case SHAPE_LIST:
        return read_list(r, ref, node, depth);
    case SHAPE_MAP:
        return read_map(r, ref, node, depth);
    default:
        return scalar_from_node(r, ref, node);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Structures
 * ------------------------------------------------------------------------------------------- */

static bool is_flattened(const struct shape_ref *ref)
{
    return ref->flattened || ref->shape->flattened;
}

static const char *wire_name(const struct shape_ref *member)
{
    return member->location_name ? member->location_name : member->name;
}

/* Flattened list items are named after the structure member (Smithy's rule) or, in botocore's
 * models, after the list's member when it has a name; clients of either kind are understood. */
static bool is_flattened_item(const struct shape_ref *member, const xmlNode *node)
{
    const char *member_name = member->shape->member.location_name;
    return is_element_named(node, wire_name(member)) || is_element_named(node, member_name);
}

static cJSON *read_flattened_list(struct reader *r, const struct shape_ref *member,
                                  const xmlNode *element, int depth)
{
    cJSON *list = NULL;
    for (xmlNodePtr child = element->children; child && !r->malformed; child = child->next) {
        if (!is_flattened_item(member, child))
            continue;
        if (!list)
            list = cJSON_CreateArray();
        add_item(list, read_value(r, &member->shape->member, child, depth + 1));
    }
    return list;
}

static cJSON *read_flattened_map(struct reader *r, const struct shape_ref *member,
                                 const xmlNode *element, int depth)
{
    struct map_entries entries = MAP_ENTRIES_INIT;
    bool found = false;
    for (xmlNodePtr child = element->children; child && !r->malformed; child = child->next) {
        if (!is_element_named(child, wire_name(member)))
            continue;
        found = true;
        read_map_entry(r, member->shape, child, &entries, depth);
    }
    cJSON *map = map_entries_build(&entries);
    if (!found) {
        cJSON_Delete(map);
        map = NULL;
    }
    return map;
}

static cJSON *read_attribute(struct reader *r, const struct shape_ref *member,
                             const xmlNode *element)
{
    xmlAttrPtr attribute = find_attribute(element, wire_name(member));
    if (!attribute)
        return NULL;
    xmlChar *text = xmlNodeListGetString(element->doc, attribute->children, 1);
    cJSON *value = scalar_from_text(r, member, text ? (char *)text : (char *)"");
    xmlFree(text);
    return value;
}

static cJSON *read_member(struct reader *r, const struct shape_ref *member, const xmlNode *element,
                          int depth)
{
    if (member->xml_attribute)
        return read_attribute(r, member, element);
    enum shape_type type = member->shape->type;
    if (type == SHAPE_LIST && is_flattened(member))
        return read_flattened_list(r, member, element, depth);
    if (type == SHAPE_MAP && is_flattened(member))
        return read_flattened_map(r, member, element, depth);
    xmlNodePtr child = first_child_named(element, wire_name(member));
    return child ? read_value(r, member, child, depth + 1) : NULL;
}

static cJSON *read_structure(struct reader *r, const struct shape *s, const xmlNode *element,
                             int depth)
{
    cJSON *object = cJSON_CreateObject();
    for (size_t i = 0; i < s->n_members && !r->malformed; i++) {
        const struct shape_ref *member = &s->members[i];
        if (member->location != LOC_BODY)
            continue;
        cJSON *value = read_member(r, member, element, depth);
        if (value)
            cJSON_AddItemToObject(object, member->name, value);
    }
    return object;
}

int xml_read_document(const char *data, size_t len, const struct shape *s, cJSON **out,
                      struct proto_error *err)
{
    *out = NULL;
    xmlDocPtr doc = parse_without_dtd(data, len);
    if (!doc) {
        malformed_xml_error(err);
        return -1;
    }
    struct reader r = {0};
    cJSON *object = read_structure(&r, s, xmlDocGetRootElement(doc), 0);
    xmlFreeDoc(doc);
    if (r.malformed) {
        cJSON_Delete(object);
        malformed_xml_error(err);
        return -1;
    }
    *out = object;
    return 0;
}
