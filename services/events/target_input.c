/* What a target receives for an event (target_input.h). InputTransformer fills <name>
 * placeholders the way EventBridge does: inside a quoted JSON string a value goes in as text
 * (escaped for JSON, strings without their quotes); elsewhere in a JSON template it goes in as
 * JSON; in a plain-text template strings go in bare. */
#include "target_input.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/params.h"

const cJSON *json_path_select(const cJSON *doc, const char *path)
{
    if (!path || path[0] != '$')
        return NULL;
    const char *p = path + 1;
    const cJSON *node = doc;
    while (*p && node) {
        if (*p == '.') {
            const char *start = ++p;
            while (*p && *p != '.' && *p != '[')
                p++;
            char name[256];
            size_t len = (size_t)(p - start);
            if (len == 0 || len >= sizeof name)
                return NULL;
            memcpy(name, start, len);
            name[len] = '\0';
            node = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, name) : NULL;
        } else if (*p == '[') {
            char *end;
            long index = strtol(p + 1, &end, 10);
            if (*end != ']' || index < 0)
                return NULL;
            p = end + 1;
            node = cJSON_IsArray(node) ? cJSON_GetArrayItem(node, (int)index) : NULL;
        } else {
            return NULL;
        }
    }
    return node;
}

/* Appends text escaped for the inside of a JSON string. */
static void append_escaped(struct buf *out, const char *text)
{
    cJSON *s = cJSON_CreateString(text);
    char *quoted = cJSON_PrintUnformatted(s);
    cJSON_Delete(s);
    if (quoted)
        buf_append(out, quoted + 1, strlen(quoted) - 2);
    cJSON_free(quoted);
}

static void append_value(struct buf *out, const cJSON *value, bool in_string, bool json)
{
    if (!value) {
        if (json && !in_string)
            buf_puts(out, "null");
        return;
    }
    if (cJSON_IsString(value)) {
        if (in_string)
            append_escaped(out, value->valuestring);
        else if (json) {
            buf_puts(out, "\"");
            append_escaped(out, value->valuestring);
            buf_puts(out, "\"");
        } else
            buf_puts(out, value->valuestring);
        return;
    }
    char *text = cJSON_PrintUnformatted(value);
    if (in_string)
        append_escaped(out, text);
    else
        buf_puts(out, text);
    cJSON_free(text);
}

/* The value a placeholder stands for; *owned is set when the caller must free it. */
static const cJSON *placeholder_value(const char *name, const cJSON *paths, const cJSON *event,
                                      const char *rule_arn, const char *rule_name, cJSON **owned)
{
    *owned = NULL;
    if (strcmp(name, "aws.events.rule-arn") == 0)
        return *owned = cJSON_CreateString(rule_arn);
    if (strcmp(name, "aws.events.rule-name") == 0)
        return *owned = cJSON_CreateString(rule_name);
    if (strcmp(name, "aws.events.event") == 0 || strcmp(name, "aws.events.event.json") == 0)
        return event;
    if (strcmp(name, "aws.events.event.ingestion-time") == 0)
        return cJSON_GetObjectItemCaseSensitive(event, "time");
    return json_path_select(event, param_string(paths, name));
}

static char *transform(const cJSON *transformer, const cJSON *event, const char *rule_arn,
                       const char *rule_name)
{
    const char *template = param_string(transformer, "InputTemplate");
    const cJSON *paths = cJSON_GetObjectItemCaseSensitive(transformer, "InputPathsMap");
    const char *first = template;
    while (isspace((unsigned char)*first))
        first++;
    bool json = *first == '{' || *first == '[' || *first == '"';
    struct buf out = BUF_INIT;
    bool in_string = false;
    for (const char *p = template; *p; p++) {
        if (*p == '<') {
            const char *close = strchr(p + 1, '>');
            size_t len = close ? (size_t)(close - p - 1) : 0;
            char name[256];
            if (close && len > 0 && len < sizeof name && !memchr(p + 1, '<', len)) {
                memcpy(name, p + 1, len);
                name[len] = '\0';
                bool known = strncmp(name, "aws.events.", 11) == 0 ||
                             cJSON_GetObjectItemCaseSensitive(paths, name);
                if (known) {
                    cJSON *owned;
                    const cJSON *value = placeholder_value(name, paths, event, rule_arn,
                                                           rule_name, &owned);
                    append_value(&out, value, in_string, json);
                    cJSON_Delete(owned);
                    p = close;
                    continue;
                }
            }
        }
        if (json && *p == '\\' && p[1]) {
            buf_append(&out, p, 2);
            p++;
            continue;
        }
        if (json && *p == '"')
            in_string = !in_string;
        buf_append(&out, p, 1);
    }
    return out.data ? out.data : strdup("");
}

char *target_input(const cJSON *target, const cJSON *event, const char *rule_arn,
                   const char *rule_name)
{
    const char *input = param_string(target, "Input");
    if (input)
        return strdup(input);
    const cJSON *transformer = cJSON_GetObjectItemCaseSensitive(target, "InputTransformer");
    if (transformer)
        return transform(transformer, event, rule_arn, rule_name);
    const char *path = param_string(target, "InputPath");
    const cJSON *selected = path ? json_path_select(event, path) : event;
    if (!selected)
        return NULL;
    return cJSON_PrintUnformatted(selected);
}
