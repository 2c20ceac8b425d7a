/* YAML ↔ JSON with libyaml: the parser's event stream is folded into a cJSON tree (anchors
 * and aliases resolved by copying the anchored value), and a cJSON tree is emitted as events. */
#include "yaml_json.h"

#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "../../http/buf.h"

#define MAX_DEPTH 64
#define MAX_ANCHORS 256
#define MAX_NODES 1000000

struct anchor {
    char *name;
    cJSON *value; /* a copy */
};

struct reader {
    yaml_parser_t parser;
    struct anchor anchors[MAX_ANCHORS];
    size_t n_anchors;
    size_t nodes; /* bounds alias expansion */
};

static bool matches(const char *text, const char *pattern)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* A plain scalar's value, resolved as YAML 1.1's core types. */
static cJSON *plain_scalar(const char *text)
{
    if (!*text || strcmp(text, "~") == 0 || matches(text, "^(null|Null|NULL)$"))
        return cJSON_CreateNull();
    if (matches(text, "^(true|True|TRUE|yes|Yes|YES|on|On|ON)$"))
        return cJSON_CreateTrue();
    if (matches(text, "^(false|False|FALSE|no|No|NO|off|Off|OFF)$"))
        return cJSON_CreateFalse();
    if (matches(text, "^[-+]?(0|[1-9][0-9_]*)$") ||
        matches(text, "^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+][0-9]+)?$")) {
        char *clean = xstrdup(text);
        char *w = clean;
        for (const char *p = text; *p; p++)
            if (*p != '_')
                *w++ = *p;
        *w = '\0';
        errno = 0;
        double number = strtod(clean, NULL);
        free(clean);
        if (errno == 0 && isfinite(number) && strcmp(text, ".") != 0)
            return cJSON_CreateNumber(number);
    }
    return cJSON_CreateString(text);
}

static size_t node_count(const cJSON *value)
{
    size_t n = 1;
    const cJSON *item;
    cJSON_ArrayForEach(item, value)
        n += node_count(item);
    return n;
}

static void remember(struct reader *r, const yaml_char_t *anchor, const cJSON *value)
{
    if (!anchor || r->n_anchors == MAX_ANCHORS)
        return;
    r->nodes += node_count(value); /* the copy kept costs as much as the value */
    if (r->nodes > MAX_NODES)
        return;
    r->anchors[r->n_anchors].name = xstrdup((const char *)anchor);
    r->anchors[r->n_anchors].value = cJSON_Duplicate(value, true);
    r->n_anchors++;
}

static cJSON *read_node(struct reader *r, yaml_event_t *event, int depth);

/* Reads the items of a sequence or mapping whose start event has been read. */
static cJSON *read_collection(struct reader *r, bool mapping, int depth)
{
    cJSON *out = mapping ? cJSON_CreateObject() : cJSON_CreateArray();
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&r->parser, &event))
            break;
        if (event.type == (mapping ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT)) {
            yaml_event_delete(&event);
            return out;
        }
        cJSON *item = read_node(r, &event, depth + 1);
        if (!item)
            break;
        if (!mapping) {
            cJSON_AddItemToArray(out, item);
            continue;
        }
        char *key = cJSON_IsString(item) ? xstrdup(item->valuestring) : cJSON_PrintUnformatted(item);
        cJSON_Delete(item);
        if (!yaml_parser_parse(&r->parser, &event)) {
            free(key);
            break;
        }
        cJSON *value = read_node(r, &event, depth + 1);
        if (!value) {
            free(key);
            break;
        }
        cJSON_DeleteItemFromObjectCaseSensitive(out, key);
        cJSON_AddItemToObject(out, key, value);
        free(key);
    }
    cJSON_Delete(out);
    return NULL;
}

/* The value an event starts (the event is consumed), or NULL on an error. */
static cJSON *read_node(struct reader *r, yaml_event_t *event, int depth)
{
    cJSON *out = NULL;
    if (depth > MAX_DEPTH || ++r->nodes > MAX_NODES) {
        yaml_event_delete(event);
        return NULL;
    }
    switch (event->type) {
    case YAML_SCALAR_EVENT: {
        const char *text = (const char *)event->data.scalar.value;
        if (strlen(text) != event->data.scalar.length)
            break; /* U+0000 inside: not text JSON can carry here */
        out = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !event->data.scalar.tag
                  ? plain_scalar(text)
                  : cJSON_CreateString(text);
        remember(r, event->data.scalar.anchor, out);
        break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool mapping = event->type == YAML_MAPPING_START_EVENT;
        yaml_char_t *anchor = mapping ? event->data.mapping_start.anchor
                                      : event->data.sequence_start.anchor;
        char *name = anchor ? xstrdup((const char *)anchor) : NULL;
        yaml_event_delete(event);
        out = read_collection(r, mapping, depth);
        if (out)
            remember(r, (const yaml_char_t *)name, out);
        free(name);
        return out;
    }
    case YAML_ALIAS_EVENT:
        for (size_t i = 0; i < r->n_anchors && !out; i++) {
            if (strcmp(r->anchors[i].name, (const char *)event->data.alias.anchor) != 0)
                continue;
            /* Each alias copies its value: count the copies, so that nested aliases cannot
             * grow a small text into an enormous tree. */
            r->nodes += node_count(r->anchors[i].value);
            if (r->nodes <= MAX_NODES)
                out = cJSON_Duplicate(r->anchors[i].value, true);
        }
        break;
    default:
        break;
    }
    yaml_event_delete(event);
    return out;
}

cJSON *yaml_to_json(const char *text, size_t len)
{
    struct reader *r = xcalloc(1, sizeof *r);
    yaml_parser_initialize(&r->parser);
    yaml_parser_set_input_string(&r->parser, (const unsigned char *)text, len);
    cJSON *out = NULL;
    yaml_event_t event;
    /* stream start, document start, the root node */
    for (int i = 0; i < 3 && !out; i++) {
        if (!yaml_parser_parse(&r->parser, &event))
            break;
        if (event.type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&event);
            break;
        }
        if (event.type == YAML_STREAM_START_EVENT || event.type == YAML_DOCUMENT_START_EVENT) {
            yaml_event_delete(&event);
            continue;
        }
        out = read_node(r, &event, 0);
        break;
    }
    yaml_parser_delete(&r->parser);
    for (size_t i = 0; i < r->n_anchors; i++) {
        free(r->anchors[i].name);
        cJSON_Delete(r->anchors[i].value);
    }
    free(r);
    return out;
}

/* ---- emitting ---- */

static int write_to_buf(void *data, unsigned char *bytes, size_t size)
{
    buf_append(data, bytes, size);
    return 1;
}

static bool emit_scalar(yaml_emitter_t *e, const char *text, yaml_scalar_style_t style)
{
    yaml_event_t event;
    yaml_scalar_event_initialize(&event, NULL, NULL, (yaml_char_t *)text, (int)strlen(text), 1,
                                 1, style);
    return yaml_emitter_emit(e, &event);
}

/* Keys stay plain unless a reader would take them for something other than text. */
static yaml_scalar_style_t key_style(const char *key)
{
    cJSON *read = plain_scalar(key);
    bool text = cJSON_IsString(read);
    cJSON_Delete(read);
    return text ? YAML_ANY_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
}

static bool emit_value(yaml_emitter_t *e, const cJSON *value)
{
    yaml_event_t event;
    if (cJSON_IsObject(value) || cJSON_IsArray(value)) {
        bool mapping = cJSON_IsObject(value);
        if (mapping)
            yaml_mapping_start_event_initialize(&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
        else
            yaml_sequence_start_event_initialize(&event, NULL, NULL, 1,
                                                 YAML_BLOCK_SEQUENCE_STYLE);
        if (!yaml_emitter_emit(e, &event))
            return false;
        const cJSON *item;
        cJSON_ArrayForEach(item, value) {
            if (mapping && !emit_scalar(e, item->string, key_style(item->string)))
                return false;
            if (!emit_value(e, item))
                return false;
        }
        if (mapping)
            yaml_mapping_end_event_initialize(&event);
        else
            yaml_sequence_end_event_initialize(&event);
        return yaml_emitter_emit(e, &event);
    }
    if (cJSON_IsString(value))
        return emit_scalar(e, value->valuestring, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    if (cJSON_IsBool(value))
        return emit_scalar(e, cJSON_IsTrue(value) ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
    if (cJSON_IsNumber(value)) {
        char *text = cJSON_PrintUnformatted(value);
        bool ok = emit_scalar(e, text, YAML_PLAIN_SCALAR_STYLE);
        free(text);
        return ok;
    }
    return emit_scalar(e, "null", YAML_PLAIN_SCALAR_STYLE);
}

char *json_to_yaml(const cJSON *value)
{
    struct buf out = BUF_INIT;
    yaml_emitter_t e;
    yaml_event_t event;
    yaml_emitter_initialize(&e);
    yaml_emitter_set_output(&e, write_to_buf, &out);
    yaml_emitter_set_unicode(&e, 1);
    yaml_emitter_set_width(&e, -1);
    yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
    bool ok = yaml_emitter_emit(&e, &event);
    yaml_document_start_event_initialize(&event, NULL, NULL, NULL, 1);
    ok = ok && yaml_emitter_emit(&e, &event) && emit_value(&e, value);
    yaml_document_end_event_initialize(&event, 1);
    ok = ok && yaml_emitter_emit(&e, &event);
    yaml_stream_end_event_initialize(&event);
    ok = ok && yaml_emitter_emit(&e, &event);
    yaml_emitter_delete(&e);
    if (!ok) {
        buf_free(&out);
        return xstrdup("");
    }
    buf_append(&out, "", 1);
    char *text = buf_take(&out);
    return text;
}
