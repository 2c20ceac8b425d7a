/* The parts every IAM operation shares: ids, ARNs, checks, errors, documents, tags, pages. */
#include "entity.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "policy_document.h"

void iam_unique_id(const char *prefix, char out[22])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    uint8_t bytes[21];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
        memset(bytes, 7, sizeof bytes);
    size_t n = strlen(prefix) > 4 ? 4 : strlen(prefix);
    memcpy(out, prefix, n);
    for (size_t i = n; i < 21; i++)
        out[i] = alphabet[bytes[i - n] % 36];
    out[21] = '\0';
}

char *iam_arn(const struct iam_account *a, const char *type, const char *path, const char *name)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "arn:%s:iam::%s:%s%s%s", a->partition, a->account, type, path, name);
    return buf_take(&b);
}

const char *iam_path_param(struct call *c, const cJSON *in, const char *member)
{
    const char *path = param_string(in, member);
    if (!path)
        return "/";
    size_t len = strlen(path);
    bool valid = len >= 1 && len <= 512 && path[0] == '/' && path[len - 1] == '/';
    for (const char *p = path; valid && *p; p++)
        valid = *p >= 0x21 && *p <= 0x7e;
    if (!valid) {
        call_fail(c, 400, "ValidationError",
                  "The specified value for %c%s is invalid. It must begin and end with / and "
                  "contain only alphanumeric characters and/or / characters.",
                  tolower((unsigned char)member[0]), member + 1);
        return NULL;
    }
    return path;
}

int iam_check_name(struct call *c, const char *name, const char *member)
{
    for (const char *p = name ? name : ""; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_+=,.@-", *p))
            return call_fail(c, 400, "ValidationError",
                             "1 validation error detected: Value '%s' at '%s' failed to satisfy "
                             "constraint: Member must satisfy regular expression pattern: "
                             "[\\w+=,.@-]+",
                             name, member);
    return 0;
}

static int fail_with(struct call *c, int status, const char *code, const char *fmt, va_list ap)
{
    return call_vfail(c, status, code, fmt, ap);
}

int iam_fail_no_such_entity(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_with(c, 404, "NoSuchEntity", fmt, ap);
    va_end(ap);
    return -1;
}

int iam_fail_exists(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_with(c, 409, "EntityAlreadyExists", fmt, ap);
    va_end(ap);
    return -1;
}

int iam_fail_delete_conflict(struct call *c, const char *message)
{
    return call_fail(c, 409, "DeleteConflict", "%s", message);
}

int iam_fail_limit(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_with(c, 409, "LimitExceeded", fmt, ap);
    va_end(ap);
    return -1;
}

int iam_fail_validation(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_with(c, 400, "ValidationError", fmt, ap);
    va_end(ap);
    return -1;
}

cJSON *iam_entity_new(const struct iam_account *a, const char *type, const char *name_member,
                      const char *name, const char *id_member, const char *id_prefix,
                      const char *path)
{
    cJSON *e = cJSON_CreateObject();
    char id[22];
    iam_unique_id(id_prefix, id);
    cJSON_AddStringToObject(e, "Path", path);
    cJSON_AddStringToObject(e, name_member, name);
    cJSON_AddStringToObject(e, id_member, id);
    char *arn = iam_arn(a, type, path, name);
    cJSON_AddStringToObject(e, "Arn", arn);
    free(arn);
    result_add_timestamp(e, "CreateDate", (double)time(NULL));
    return e;
}

cJSON *iam_render(const cJSON *entity, const char *const *members)
{
    cJSON *out = cJSON_CreateObject();
    for (; *members; members++) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(entity, *members);
        if (m)
            cJSON_AddItemToObject(out, *members, cJSON_Duplicate(m, true));
    }
    return out;
}

const char *iam_string(const cJSON *entity, const char *member)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(entity, member);
    return cJSON_IsString(m) ? m->valuestring : NULL;
}

cJSON *iam_array(cJSON *entity, const char *member)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(entity, member);
    return cJSON_IsArray(m) ? m : cJSON_AddArrayToObject(entity, member);
}

cJSON *iam_object(cJSON *entity, const char *member)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(entity, member);
    return cJSON_IsObject(m) ? m : cJSON_AddObjectToObject(entity, member);
}

bool iam_strings_contain(const cJSON *strings, const char *text)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, strings) {
        if (cJSON_IsString(s) && strcmp(s->valuestring, text) == 0)
            return true;
    }
    return false;
}

bool iam_strings_remove(cJSON *strings, const char *text)
{
    int i = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, strings) {
        if (cJSON_IsString(s) && strcmp(s->valuestring, text) == 0) {
            cJSON_DeleteItemFromArray(strings, i);
            return true;
        }
        i++;
    }
    return false;
}

/* ---- policy documents ---- */

int iam_check_policy_document(struct call *c, const char *text, bool trust_policy)
{
    char message[1400];
    if (policy_document_problem(text, trust_policy ? TRUST_POLICY : IDENTITY_POLICY, message,
                                sizeof message))
        return call_fail(c, 400, "MalformedPolicyDocument", "%s", message);
    return 0;
}

void iam_add_document(cJSON *out, const char *member, const char *text)
{
    struct buf encoded = BUF_INIT;
    percent_encode(text, strlen(text), false, &encoded);
    cJSON_AddStringToObject(out, member, encoded.data ? encoded.data : "");
    buf_free(&encoded);
}

/* ---- tags ---- */

static int refuse_tag(struct proto_error *err, enum tag_problem problem, const char *tag,
                      const char *resource)
{
    (void)resource;
    const char *shown = tag ? tag : "";
    switch (problem) {
    case TAG_TOO_MANY:
        return error_fail(err, 409, "LimitExceeded",
                          "The number of tags has reached the maximum limit.");
    case TAG_KEY_REPEATED:
        return error_fail(err, 400, "InvalidInput",
                          "Duplicate tag keys found. Please note that Tag keys are case "
                          "insensitive.");
    case TAG_VALUE_INVALID:
        return error_fail(err, 400, "ValidationError",
                          "1 validation error detected: Value '%s' at 'tags.X.member.value' "
                          "failed to satisfy constraint: Member must have length less than or "
                          "equal to 256.",
                          shown);
    case TAG_KEY_INVALID:
        if (strlen(shown) > TAG_KEY_MAX_CHARS)
            return error_fail(err, 400, "ValidationError",
                              "1 validation error detected: Value '%s' at 'tags.X.member.key' "
                              "failed to satisfy constraint: Member must have length less than "
                              "or equal to 128.",
                              shown);
        return error_fail(err, 400, "ValidationError",
                          "1 validation error detected: Value '%s' at 'tags.X.member.key' "
                          "failed to satisfy constraint: Member must satisfy regular expression "
                          "pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
                          shown);
    default:
        return error_fail(err, 400, "InvalidInput",
                          "User-defined tag keys can't start with 'aws:'.");
    }
}

/* IAM tag keys ignore case: a request naming one key twice in any case is refused. */
static int refuse_keys_repeated_in_any_case(struct proto_error *err, const cJSON *tags)
{
    const cJSON *a, *b;
    cJSON_ArrayForEach(a, tags) {
        const char *key = iam_string(a, "Key");
        for (b = a->next; key && b; b = b->next) {
            const char *other = iam_string(b, "Key");
            if (other && strcasecmp(key, other) == 0)
                return refuse_tag(err, TAG_KEY_REPEATED, key, "");
        }
    }
    return 0;
}

static const struct tag_rules iam_tag_rules = {
    .check_characters = true,
    .reserve_aws_prefix = true,
    .refuse_repeated_keys = true,
    .refuse = refuse_tag,
};

int iam_tags_add(struct call *c, cJSON *entity, const cJSON *in)
{
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(in, "Tags");
    if (!tags)
        return 0;
    if (refuse_keys_repeated_in_any_case(c->err, tags) != 0)
        return -1;
    return tags_merge(iam_array(entity, "Tags"), tags, &iam_tag_rules, "", c->err);
}

void iam_add_tags_if_any(const cJSON *entity, cJSON *out)
{
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(entity, "Tags");
    if (cJSON_GetArraySize(tags) > 0)
        cJSON_AddItemToObject(out, "Tags", cJSON_Duplicate(tags, true));
}

int iam_tag_entity(struct call *c, cJSON *entity, const cJSON *in)
{
    return iam_tags_add(c, entity, in);
}

int iam_untag_entity(struct call *c, cJSON *entity, const cJSON *in)
{
    (void)c;
    tags_remove(iam_array(entity, "Tags"), cJSON_GetObjectItemCaseSensitive(in, "TagKeys"));
    return 0;
}

static cJSON *render_tag(const cJSON *tag, void *arg)
{
    (void)arg;
    return cJSON_Duplicate(tag, true);
}

int iam_list_entity_tags(struct call *c, const cJSON *entity, const cJSON *in, cJSON *out)
{
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(entity, "Tags");
    cJSON *empty = cJSON_CreateArray();
    int rc = iam_list_page(c, in, out, "Tags", tags ? tags : empty, NULL, render_tag, NULL);
    cJSON_Delete(empty);
    return rc;
}

/* ---- pages ---- */

int iam_page_begin(struct call *c, const cJSON *in, struct iam_page *page)
{
    *page = (struct iam_page){.size = 100};
    if (page_size_read(in, "MaxItems", 1, 1000, 100, &page->size) != 0)
        return iam_fail_validation(c,
                                   "1 validation error detected: Value '%ld' at 'maxItems' failed "
                                   "to satisfy constraint: Member must have value between 1 and "
                                   "1000",
                                   page->size);
    const char *prefix = param_string(in, "PathPrefix");
    if (prefix && prefix[0] != '/')
        return iam_fail_validation(c, "The specified value for pathPrefix is invalid. It must "
                                      "begin with the / character and contain only alphanumeric "
                                      "characters and/or / characters.");
    page->start = page_token_index(param_string(in, "Marker"));
    if (page->start < 0)
        return iam_fail_validation(c, "Invalid Marker.");
    return 0;
}

bool iam_page_take(struct iam_page *page)
{
    if (page->seen++ < page->start)
        return false;
    if (page->listed == page->size) {
        page->truncated = true;
        return false;
    }
    page->listed++;
    return true;
}

void iam_page_end(const struct iam_page *page, cJSON *out)
{
    cJSON_AddBoolToObject(out, "IsTruncated", page->truncated);
    if (page->truncated)
        page_token_add_index(out, "Marker", (size_t)(page->start + page->listed));
}

int iam_list_page(struct call *c, const cJSON *in, cJSON *out, const char *member,
                  const cJSON *list, bool (*keep)(const cJSON *entity, void *arg),
                  cJSON *(*render)(const cJSON *entity, void *arg), void *arg)
{
    struct iam_page page;
    if (iam_page_begin(c, in, &page) != 0)
        return -1;
    cJSON *items = cJSON_AddArrayToObject(out, member);
    const cJSON *entity;
    cJSON_ArrayForEach(entity, list) {
        if (keep && !keep(entity, arg))
            continue;
        if (iam_page_take(&page))
            cJSON_AddItemToArray(items, render(entity, arg));
        else if (page.truncated)
            break;
    }
    iam_page_end(&page, out);
    return 0;
}

bool iam_path_matches(const cJSON *entity, const char *prefix)
{
    const char *path = iam_string(entity, "Path");
    return !prefix || (path && strncmp(path, prefix, strlen(prefix)) == 0);
}
