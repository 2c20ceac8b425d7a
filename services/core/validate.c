/* Checks a params tree against the input shape (required members, length and value bounds,
 * enums, patterns) and reports violations in AWS's validation message. */
#include "validate.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../http/buf.h"
#include "codec_util.h"
#include "input_pattern.h"

/* AWS lists at most this many violations, then stops. */
#define MAX_REPORTED 10
#define MAX_DEPTH 32

struct violations {
    int count;
    struct buf text;
    const struct pattern_text *pattern_texts;
};

static bool all_scalars(const cJSON *list)
{
    for (const cJSON *item = list->child; item; item = item->next)
        if (!cJSON_IsString(item) && !cJSON_IsNumber(item))
            return false;
    return true;
}

static void describe_value(const cJSON *v, struct buf *out)
{
    if (!v || cJSON_IsNull(v)) {
        buf_puts(out, "null");
    } else if (cJSON_IsString(v)) {
        buf_printf(out, "'%s'", v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        buf_puts(out, "'");
        number_format(v, SHAPE_DOUBLE, out);
        buf_puts(out, "'");
    } else if (cJSON_IsBool(v)) {
        buf_puts(out, cJSON_IsTrue(v) ? "'true'" : "'false'");
    } else if (cJSON_IsObject(v) && v->child && v->child->string) {
        /* A map, as AWS's Java services print one: {key=…, …}. */
        buf_puts(out, "'{");
        for (const cJSON *item = v->child; item; item = item->next)
            buf_printf(out, "%s%s=[...]", item == v->child ? "" : ", ", item->string);
        buf_puts(out, "}'");
    } else if (cJSON_IsArray(v) && all_scalars(v)) {
        /* A list of text or numbers, as Java prints one: [a, b]. */
        buf_puts(out, "'[");
        for (const cJSON *item = v->child; item; item = item->next) {
            if (item != v->child)
                buf_puts(out, ", ");
            if (cJSON_IsString(item))
                buf_puts(out, item->valuestring);
            else
                number_format(item, SHAPE_DOUBLE, out);
        }
        buf_puts(out, "]'");
    } else {
        buf_puts(out, "'[...]'");
    }
}

/* Stands for a value AWS does not repeat in its message: blobs and sensitive members are
 * reported "Value at 'plaintext' failed to satisfy constraint: …". */
static const cJSON withheld_value;

static void add_violation(struct violations *vs, const char *path, const cJSON *value,
                          const char *constraint)
{
    vs->count++;
    if (vs->count > MAX_REPORTED)
        return;
    if (vs->count > 1)
        buf_puts(&vs->text, "; ");
    buf_puts(&vs->text, "Value ");
    if (value != &withheld_value) {
        describe_value(value, &vs->text);
        buf_puts(&vs->text, " ");
    }
    buf_printf(&vs->text, "at '%s' failed to satisfy constraint: %s", path, constraint);
}

/* Member names appear in lowerCamel case in AWS's messages ("roleArn"). */
static void append_path(struct buf *path, const char *name)
{
    if (path->len)
        buf_puts(path, ".");
    char first = (char)tolower((unsigned char)name[0]);
    buf_append(path, &first, 1);
    buf_puts(path, name + 1);
}

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

static double value_size(const struct shape *s, const cJSON *v, bool *has_size)
{
    *has_size = true;
    switch (s->type) {
    case SHAPE_STRING:
        return cJSON_IsString(v) ? (double)utf8_length(v->valuestring) : 0;
    case SHAPE_BLOB: {
        if (!cJSON_IsString(v))
            return 0;
        size_t len = strlen(v->valuestring);
        size_t pad = len >= 2 && v->valuestring[len - 1] == '=' ? (v->valuestring[len - 2] == '=' ? 2 : 1) : 0;
        return (double)(len / 4 * 3 - pad);
    }
    case SHAPE_LIST:
    case SHAPE_MAP:
        return (double)cJSON_GetArraySize(v);
    default:
        *has_size = false;
        return 0;
    }
}

static bool is_numeric(enum shape_type t)
{
    return t == SHAPE_INTEGER || t == SHAPE_LONG || t == SHAPE_FLOAT || t == SHAPE_DOUBLE ||
           t == SHAPE_BIGINTEGER || t == SHAPE_BIGDECIMAL;
}

static void check_bounds(const struct shape *s, const cJSON *v, const char *path,
                         struct violations *vs)
{
    char constraint[128];
    bool has_size;
    double size = value_size(s, v, &has_size);
    if (has_size) {
        if (s->sensitive || s->type == SHAPE_BLOB)
            v = &withheld_value;
        if (s->has_min && size < s->min) {
            snprintf(constraint, sizeof constraint,
                     "Member must have length greater than or equal to %.0f", s->min);
            add_violation(vs, path, v, constraint);
        }
        if (s->has_max && size > s->max) {
            snprintf(constraint, sizeof constraint,
                     "Member must have length less than or equal to %.0f", s->max);
            add_violation(vs, path, v, constraint);
        }
        return;
    }
    if (is_numeric(s->type) && cJSON_IsNumber(v)) {
        if (s->has_min && v->valuedouble < s->min) {
            snprintf(constraint, sizeof constraint,
                     "Member must have value greater than or equal to %.15g", s->min);
            add_violation(vs, path, v, constraint);
        }
        if (s->has_max && v->valuedouble > s->max) {
            snprintf(constraint, sizeof constraint,
                     "Member must have value less than or equal to %.15g", s->max);
            add_violation(vs, path, v, constraint);
        }
    }
}

static void check_enum(const struct shape *s, const cJSON *v, const char *path,
                       struct violations *vs)
{
    if (!s->enum_values || !cJSON_IsString(v))
        return;
    for (const char **e = s->enum_values; *e; e++)
        if (strcmp(*e, v->valuestring) == 0)
            return;
    struct buf constraint = BUF_INIT;
    buf_puts(&constraint, "Member must satisfy enum value set: [");
    for (const char **e = s->enum_values; *e; e++)
        buf_printf(&constraint, "%s%s", e == s->enum_values ? "" : ", ", *e);
    buf_puts(&constraint, "]");
    add_violation(vs, path, v, constraint.data);
    buf_free(&constraint);
}

static bool breaks_pattern(const struct shape *s, const cJSON *v)
{
    return s->type == SHAPE_STRING && s->pattern && cJSON_IsString(v) &&
           !input_pattern_matches(s->pattern, v->valuestring, strlen(v->valuestring));
}

static void check_pattern(const struct shape *s, const cJSON *v, const char *path,
                          struct violations *vs)
{
    if (!breaks_pattern(s, v))
        return;
    const char *quoted = s->pattern;
    for (const struct pattern_text *t = vs->pattern_texts; t && t->model_pattern; t++)
        if (strcmp(t->model_pattern, s->pattern) == 0)
            quoted = t->quoted;
    struct buf constraint = BUF_INIT;
    buf_printf(&constraint, "Member must satisfy regular expression pattern: %s", quoted);
    add_violation(vs, path, s->sensitive ? &withheld_value : v, constraint.data);
    buf_free(&constraint);
}

static void check_value(const struct shape *s, const cJSON *v, struct buf *path, int depth,
                        struct violations *vs);
static void check_map_values(const struct shape *s, const cJSON *v, struct buf *path, int depth,
                             struct violations *vs);
static void check_list_members(const struct shape *s, const cJSON *v, struct buf *path,
                               int depth, struct violations *vs);

static void check_structure(const struct shape *s, const cJSON *v, struct buf *path, int depth,
                            struct violations *vs)
{
    for (size_t i = 0; i < s->n_members; i++) {
        const struct shape_ref *m = &s->members[i];
        const cJSON *child = cJSON_GetObjectItemCaseSensitive(v, m->name);
        size_t mark = path->len;
        append_path(path, m->name);
        if (!child || cJSON_IsNull(child)) {
            if (m->required && !m->idempotency_token)
                add_violation(vs, path->data, NULL, "Member must not be null");
        } else {
            check_value(m->shape, child, path, depth + 1, vs);
        }
        path->len = mark;
        if (path->data)
            path->data[mark] = '\0';
    }
}

static void check_value(const struct shape *s, const cJSON *v, struct buf *path, int depth,
                        struct violations *vs)
{
    if (depth > MAX_DEPTH)
        return;
    check_bounds(s, v, path->data ? path->data : "", vs);
    check_pattern(s, v, path->data ? path->data : "", vs);
    check_enum(s, v, path->data ? path->data : "", vs);
    if (s->type == SHAPE_STRUCTURE && cJSON_IsObject(v) && !s->document) {
        check_structure(s, v, path, depth, vs);
    } else if (s->type == SHAPE_LIST && cJSON_IsArray(v)) {
        check_list_members(s, v, path, depth, vs);
    } else if (s->type == SHAPE_MAP && cJSON_IsObject(v)) {
        check_map_values(s, v, path, depth, vs);
    }
}

/* Whether a list member or map value is out of its length bounds or its pattern. */
static bool out_of_bounds(const struct shape *s, const cJSON *v)
{
    bool has_size;
    double size = value_size(s, v, &has_size);
    return (has_size && ((s->has_min && size < s->min) || (s->has_max && size > s->max))) ||
           breaks_pattern(s, v);
}

/* "[Member must have length less than or equal to 25, Member must have length greater than or
 * equal to 1, Member must satisfy regular expression pattern: …]": every constraint of a list
 * member or map value, as AWS lists them. */
static void add_member_constraints(const struct shape *s, struct buf *constraint)
{
    const char *separator = "";
    buf_puts(constraint, "[");
    if (s->has_max) {
        buf_printf(constraint, "Member must have length less than or equal to %.0f", s->max);
        separator = ", ";
    }
    if (s->has_min) {
        buf_printf(constraint, "%sMember must have length greater than or equal to %.0f",
                   separator, s->min);
        separator = ", ";
    }
    if (s->pattern)
        buf_printf(constraint, "%sMember must satisfy regular expression pattern: %s", separator,
                   s->pattern);
    buf_puts(constraint, "]");
}

/* AWS reports list members or map values out of bounds once, at the list or map, listing the
 * member's constraints: "… at 'requestItems' failed to satisfy constraint: Map value must
 * satisfy constraint: [Member must have length less than or equal to 25, …]" — "Member must
 * satisfy constraint: […]" for a list. */
static void report_members_out_of_bounds(const struct shape *member, const char *lead,
                                         const cJSON *v, const char *path, struct violations *vs)
{
    struct buf constraint = BUF_INIT;
    buf_puts(&constraint, lead);
    add_member_constraints(member, &constraint);
    bool withheld = member->sensitive || member->type == SHAPE_BLOB;
    add_violation(vs, path, withheld ? &withheld_value : v, constraint.data);
    buf_free(&constraint);
}

static void check_list_members(const struct shape *s, const cJSON *v, struct buf *path,
                               int depth, struct violations *vs)
{
    const struct shape *member = s->member.shape;
    bool reported = false;
    int i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, v)
    {
        i++;
        if (out_of_bounds(member, item)) {
            if (!reported)
                report_members_out_of_bounds(member, "Member must satisfy constraint: ", v,
                                             path->data ? path->data : "", vs);
            reported = true;
            continue;
        }
        size_t mark = path->len;
        buf_printf(path, ".%d.member", i);
        check_value(member, item, path, depth + 1, vs);
        path->len = mark;
        path->data[mark] = '\0';
    }
}

static void check_map_values(const struct shape *s, const cJSON *v, struct buf *path, int depth,
                             struct violations *vs)
{
    const struct shape *value_shape = s->value.shape;
    bool reported = false;
    const cJSON *item;
    cJSON_ArrayForEach(item, v)
    {
        if (!out_of_bounds(value_shape, item)) {
            check_value(value_shape, item, path, depth + 1, vs);
        } else if (!reported) {
            report_members_out_of_bounds(value_shape, "Map value must satisfy constraint: ", v,
                                         path->data ? path->data : "", vs);
            reported = true;
        }
    }
}

int validate_params(const struct shape_ref *input, const cJSON *params, const char *error_code,
                    struct proto_error *err)
{
    return validate_params_quoting(input, params, error_code, NULL, err);
}

int validate_params_quoting(const struct shape_ref *input, const cJSON *params,
                           const char *error_code, const struct pattern_text *texts,
                           struct proto_error *err)
{
    if (!input || !input->shape)
        return 0;
    struct violations vs = {0, BUF_INIT, texts};
    struct buf path = BUF_INIT;
    buf_puts(&path, "");
    cJSON *empty = params ? NULL : cJSON_CreateObject();
    check_value(input->shape, params ? params : empty, &path, 0, &vs);
    cJSON_Delete(empty);
    buf_free(&path);
    if (vs.count == 0) {
        buf_free(&vs.text);
        return 0;
    }
    proto_error_set(err, 400, error_code, "%d validation error%s detected: %s", vs.count,
                    vs.count == 1 ? "" : "s", vs.text.data);
    buf_free(&vs.text);
    return -1;
}

const char *first_missing_member(const struct shape_ref *input, const cJSON *params)
{
    if (!input || !input->shape || input->shape->type != SHAPE_STRUCTURE)
        return NULL;
    for (size_t i = 0; i < input->shape->n_members; i++) {
        const struct shape_ref *m = &input->shape->members[i];
        if (m->required && !cJSON_GetObjectItemCaseSensitive(params, m->name))
            return m->name;
    }
    return NULL;
}

const char *validation_error_code(enum aws_protocol protocol)
{
    switch (protocol) {
    case PROTO_QUERY:
        return "ValidationError";
    case PROTO_EC2:
        return "InvalidParameterValue";
    case PROTO_REST_XML:
        return "InvalidArgument";
    default:
        return "ValidationException";
    }
}

static bool operation_lists_error(const struct operation *op, const char *code)
{
    for (struct shape **e = op->errors; e && *e; e++) {
        const char *name = (*e)->error_code ? (*e)->error_code : (*e)->name;
        if (strcmp(name, code) == 0)
            return true;
    }
    return false;
}

const char *operation_validation_error_code(const struct operation *op, const char *service_code,
                                            enum aws_protocol protocol)
{
    if (!service_code)
        return validation_error_code(protocol);
    if (!operation_lists_error(op, service_code) && operation_lists_error(op, "ValidationException"))
        return "ValidationException";
    return service_code;
}
