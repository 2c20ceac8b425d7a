/* Documents: reading their content, describing their versions and converting between
 * JSON and YAML. */
#include "documents.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "yaml_json.h"

cJSON *document_find(struct ssm_region *r, const char *name)
{
    cJSON *document;
    cJSON_ArrayForEach(document, r->documents)
        if (name && strcmp(member_string(document, "Name"), name) == 0)
            return document;
    return NULL;
}

cJSON *document_content_parse(const char *content, const char *format)
{
    cJSON *parsed = NULL;
    if (strcmp(format, "JSON") == 0)
        parsed = cJSON_Parse(content);
    else if (strcmp(format, "YAML") == 0)
        parsed = yaml_to_json(content, strlen(content));
    else
        return cJSON_CreateObject();
    if (!cJSON_IsObject(parsed)) {
        cJSON_Delete(parsed);
        return NULL;
    }
    return parsed;
}

/* A compact JSON rendering with a space after each ',' and ':' (the form Systems Manager shows
 * list and map defaults in). */
static void render_json(struct buf *out, const cJSON *value)
{
    const cJSON *item;
    if (cJSON_IsArray(value) || cJSON_IsObject(value)) {
        bool object = cJSON_IsObject(value);
        buf_puts(out, object ? "{" : "[");
        cJSON_ArrayForEach(item, value) {
            if (item != value->child)
                buf_puts(out, ", ");
            if (object) {
                cJSON *key = cJSON_CreateString(item->string);
                char *text = cJSON_PrintUnformatted(key);
                buf_printf(out, "%s: ", text);
                free(text);
                cJSON_Delete(key);
            }
            render_json(out, item);
        }
        buf_puts(out, object ? "}" : "]");
        return;
    }
    char *text = cJSON_PrintUnformatted(value);
    buf_puts(out, text);
    free(text);
}

/* A parameter's default value as DescribeDocument shows it: text as it is, numbers and
 * booleans as words, lists and maps as JSON. */
static char *default_value_text(const cJSON *value)
{
    struct buf out = BUF_INIT;
    if (cJSON_IsString(value))
        buf_puts(&out, value->valuestring);
    else if (cJSON_IsBool(value))
        buf_puts(&out, cJSON_IsTrue(value) ? "True" : "False");
    else if (cJSON_IsNumber(value) && value->valuedouble == floor(value->valuedouble) &&
             fabs(value->valuedouble) < 1e15)
        buf_printf(&out, "%lld", (long long)value->valuedouble);
    else
        render_json(&out, value);
    buf_append(&out, "", 1);
    return buf_take(&out);
}

static void add_platforms_of(cJSON *platforms, const char *action)
{
    static const char *const all[] = {"Windows", "Linux", "MacOS", NULL};
    static const char *const unix_like[] = {"Linux", "MacOS", NULL};
    static const char *const windows[] = {"Windows", NULL};
    const char *const *names = all;
    if (action && strcmp(action, "aws:runShellScript") == 0)
        names = unix_like;
    else if (action && strcmp(action, "aws:runPowerShellScript") == 0)
        names = windows;
    for (; *names; names++) {
        bool present = false;
        const cJSON *p;
        cJSON_ArrayForEach(p, platforms)
            present = present || strcmp(p->valuestring, *names) == 0;
        if (!present)
            cJSON_AddItemToArray(platforms, cJSON_CreateString(*names));
    }
}

static cJSON *platform_types(const cJSON *content)
{
    cJSON *platforms = cJSON_CreateArray();
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(content, "mainSteps");
    const cJSON *step;
    cJSON_ArrayForEach(step, steps)
        add_platforms_of(platforms, member_string(step, "action"));
    const cJSON *runtime = cJSON_GetObjectItemCaseSensitive(content, "runtimeConfig");
    cJSON_ArrayForEach(step, runtime)
        add_platforms_of(platforms, step->string);
    if (cJSON_GetArraySize(platforms) == 0)
        add_platforms_of(platforms, NULL);
    return platforms;
}

void document_version_describe(cJSON *version, const cJSON *content)
{
    const char *description = member_string(content, "description");
    if (description)
        cJSON_AddStringToObject(version, "Description", description);
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(content, "schemaVersion");
    if (cJSON_IsString(schema))
        cJSON_AddStringToObject(version, "SchemaVersion", schema->valuestring);
    else if (cJSON_IsNumber(schema)) {
        char text[32];
        snprintf(text, sizeof text, "%g", schema->valuedouble);
        cJSON_AddStringToObject(version, "SchemaVersion", text);
    }
    cJSON *parameters = cJSON_AddArrayToObject(version, "Parameters");
    const cJSON *declared;
    cJSON_ArrayForEach(declared, cJSON_GetObjectItemCaseSensitive(content, "parameters")) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "Name", declared->string);
        const char *type = member_string(declared, "type");
        if (type)
            cJSON_AddStringToObject(p, "Type", type);
        const char *text = member_string(declared, "description");
        if (text)
            cJSON_AddStringToObject(p, "Description", text);
        const cJSON *fallback = cJSON_GetObjectItemCaseSensitive(declared, "default");
        if (fallback && !cJSON_IsNull(fallback)) {
            char *value = default_value_text(fallback);
            cJSON_AddStringToObject(p, "DefaultValue", value);
            free(value);
        }
        cJSON_AddItemToArray(parameters, p);
    }
    cJSON_AddItemToObject(version, "PlatformTypes", platform_types(content));
}

cJSON *document_version_find(const cJSON *document, const char *number, const char *name)
{
    const char *wanted = number;
    if (!number && !name)
        wanted = member_string(document, "DefaultVersion");
    else if (number && strcmp(number, "$LATEST") == 0)
        wanted = member_string(document, "LatestVersion");
    else if (number && strcmp(number, "$DEFAULT") == 0)
        wanted = member_string(document, "DefaultVersion");
    cJSON *version;
    cJSON_ArrayForEach(version, cJSON_GetObjectItemCaseSensitive(document, "Versions")) {
        const char *its_name = member_string(version, "VersionName");
        if (wanted && strcmp(member_string(version, "DocumentVersion"), wanted) != 0)
            continue;
        if (name && (!its_name || strcmp(its_name, name) != 0))
            continue;
        return version;
    }
    return NULL;
}

cJSON *document_description(const cJSON *document, const cJSON *version)
{
    cJSON *out = cJSON_Duplicate(version, true);
    cJSON_DeleteItemFromObjectCaseSensitive(out, "Content");
    static const char *const shared[] = {"Owner", "LatestVersion", "DefaultVersion", "Tags",
                                         NULL};
    for (const char *const *name = shared; *name; name++) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(document, *name);
        if (item)
            cJSON_AddItemToObject(out, *name, cJSON_Duplicate(item, true));
    }
    const cJSON *default_version =
        document_version_find(document, member_string(document, "DefaultVersion"), NULL);
    const char *default_name = member_string(default_version, "VersionName");
    if (default_name)
        cJSON_AddStringToObject(out, "DefaultVersionName", default_name);
    return out;
}

char *document_content_as(const cJSON *version, const char *format)
{
    const char *own = member_string(version, "DocumentFormat");
    const char *content = member_string(version, "Content");
    if (!format || strcmp(format, own) == 0)
        return xstrdup(content);
    cJSON *parsed = document_content_parse(content, own);
    char *out = NULL;
    if (parsed && strcmp(format, "JSON") == 0)
        out = cJSON_Print(parsed);
    else if (parsed && strcmp(format, "YAML") == 0)
        out = json_to_yaml(parsed);
    cJSON_Delete(parsed);
    return out;
}
