/* Runs a Logs Insights query: each event becomes a row of fields (@timestamp, @message,
 * @logStream, @log, and the members of a JSON message flattened as a.b and a.0), the commands
 * transform the rows in order, and the rows left become the {field, value} lists of the
 * results. */
#include "insights_eval.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"

/* Insights discovers at most this many fields in one JSON event. */
#define MAX_DISCOVERED_FIELDS 200

enum value_kind { V_NULL, V_NUM, V_STR, V_TIME, V_BOOL };

struct value {
    enum value_kind kind;
    double num;
    char *str; /* V_STR, owned */
};

struct field {
    char *name;
    struct value value;
};

struct row {
    struct field *fields;
    size_t count;
    const struct insights_event *event; /* NULL for the rows stats makes */
};

/* What an expression is evaluated against: one row, or the rows of one stats group. */
struct scope {
    const struct row *row;
    struct row *const *group;
    size_t group_count;
    bool grouped; /* aggregates read group */
};

static struct value null_value(void)
{
    return (struct value){V_NULL, 0, NULL};
}

static struct value number_value(double n)
{
    return (struct value){V_NUM, n, NULL};
}

static struct value bool_value(bool b)
{
    return (struct value){V_BOOL, b, NULL};
}

static struct value string_take(char *s)
{
    return (struct value){V_STR, 0, s};
}

static struct value string_value(const char *s)
{
    return string_take(xstrdup(s));
}

static struct value value_copy(const struct value *v)
{
    struct value copy = *v;
    if (v->kind == V_STR)
        copy.str = xstrdup(v->str);
    return copy;
}

static void value_free(struct value *v)
{
    free(v->str);
    *v = null_value();
}

/* Years 1 to 9999, which every timestamp shown stays within. */
#define EARLIEST_MS -62135596800000.0
#define LATEST_MS 253402300799999.0

void insights_format_time(double ms, char out[32])
{
    if (!(ms >= EARLIEST_MS))
        ms = EARLIEST_MS;
    if (ms > LATEST_MS)
        ms = LATEST_MS;
    time_t seconds = (time_t)floor(ms / 1000);
    int millis = (int)(ms - (double)seconds * 1000);
    struct tm tm = {0};
    gmtime_r(&seconds, &tm);
    char text[96];
    snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    snprintf(out, 32, "%.31s", text);
}

static void format_number(double n, char out[40])
{
    if (isfinite(n) && n == floor(n) && fabs(n) < 1e15) {
        snprintf(out, 40, "%.0f", n);
        return;
    }
    snprintf(out, 40, "%.15g", n);
    if (strtod(out, NULL) != n)
        snprintf(out, 40, "%.17g", n);
}

/* The value as results show it (a string the caller frees), or NULL for no value. */
static char *value_text(const struct value *v)
{
    char text[40];
    switch (v->kind) {
    case V_NULL:
        return NULL;
    case V_STR:
        return xstrdup(v->str);
    case V_TIME:
        insights_format_time(v->num, text);
        return xstrdup(text);
    case V_BOOL:
        return xstrdup(v->num ? "1" : "0");
    case V_NUM:
        format_number(v->num, text);
        return xstrdup(text);
    }
    return NULL;
}

static bool value_number(const struct value *v, double *out)
{
    if (v->kind == V_NUM || v->kind == V_TIME || v->kind == V_BOOL) {
        *out = v->num;
        return true;
    }
    if (v->kind != V_STR || !v->str[0])
        return false;
    char *end;
    *out = strtod(v->str, &end);
    while (isspace((unsigned char)*end))
        end++;
    return *end == '\0' && !isspace((unsigned char)v->str[0]) && isfinite(*out);
}

static bool truthy(const struct value *v)
{
    switch (v->kind) {
    case V_NULL:
        return false;
    case V_STR:
        return v->str[0] != '\0';
    default:
        return v->num != 0;
    }
}

/* ---- rows ---- */

static const struct value *row_get(const struct row *row, const char *name)
{
    for (size_t i = 0; i < row->count; i++)
        if (strcmp(row->fields[i].name, name) == 0)
            return &row->fields[i].value;
    return NULL;
}

/* Sets name to value (taking it), replacing a value the row has. */
static void row_set(struct row *row, const char *name, struct value value)
{
    for (size_t i = 0; i < row->count; i++)
        if (strcmp(row->fields[i].name, name) == 0) {
            value_free(&row->fields[i].value);
            row->fields[i].value = value;
            return;
        }
    row->fields = xrealloc(row->fields, (row->count + 1) * sizeof *row->fields);
    row->fields[row->count++] = (struct field){xstrdup(name), value};
}

static void row_free(struct row *row)
{
    for (size_t i = 0; i < row->count; i++) {
        free(row->fields[i].name);
        value_free(&row->fields[i].value);
    }
    free(row->fields);
    free(row);
}

static void flatten_json(struct row *row, const cJSON *item, struct buf *path)
{
    if (row->count >= MAX_DISCOVERED_FIELDS)
        return;
    size_t len = path->len;
    if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
        int index = 0;
        const cJSON *child;
        cJSON_ArrayForEach(child, item) {
            if (len)
                buf_puts(path, ".");
            if (cJSON_IsObject(item))
                buf_puts(path, child->string);
            else
                buf_printf(path, "%d", index);
            index++;
            flatten_json(row, child, path);
            path->len = len;
            path->data[len] = '\0';
        }
        return;
    }
    /* a member named like a field Logs sets (@timestamp…) does not replace it */
    if (!len || row_get(row, path->data))
        return;
    if (cJSON_IsNumber(item))
        row_set(row, path->data, number_value(item->valuedouble));
    else if (cJSON_IsString(item))
        row_set(row, path->data, string_value(item->valuestring));
    else if (cJSON_IsBool(item))
        row_set(row, path->data, string_value(cJSON_IsTrue(item) ? "true" : "false"));
}

static struct row *row_from_event(const struct insights_event *e)
{
    struct row *row = xcalloc(1, sizeof *row);
    row->event = e;
    row_set(row, "@timestamp", (struct value){V_TIME, e->timestamp, NULL});
    row_set(row, "@message", string_value(e->message));
    row_set(row, "@logStream", string_value(e->stream));
    row_set(row, "@log", string_value(e->log));
    const char *m = e->message;
    while (isspace((unsigned char)*m))
        m++;
    if (*m == '{') {
        cJSON *json = cJSON_Parse(m);
        if (cJSON_IsObject(json)) {
            struct buf path = BUF_INIT;
            flatten_json(row, json, &path);
            buf_free(&path);
        }
        cJSON_Delete(json);
    }
    return row;
}

/* ---- expressions ---- */

static struct value eval(const struct insights_node *n, const struct scope *s);

static int compare_text(const char *a, const char *b)
{
    return strcmp(a, b);
}

/* Compares two present values: numerically when both are numbers, else as text. */
static int compare_values(const struct value *a, const struct value *b)
{
    double x, y;
    if (value_number(a, &x) && value_number(b, &y))
        return (x > y) - (x < y);
    char *ta = value_text(a), *tb = value_text(b);
    int c = compare_text(ta, tb);
    free(ta);
    free(tb);
    return c;
}

static bool like(const struct value *subject, const struct insights_node *pattern,
                 const struct scope *s)
{
    char *text = value_text(subject);
    bool match = false;
    if (pattern->kind == INSIGHTS_REGEX) {
        match = regexec(pattern->regex, text, 0, NULL, 0) == 0;
    } else {
        struct value p = eval(pattern, s);
        char *needle = value_text(&p);
        match = needle && strstr(text, needle) != NULL;
        free(needle);
        value_free(&p);
    }
    free(text);
    return match;
}

static bool in_list(const struct value *subject, const struct insights_node *list,
                    const struct scope *s)
{
    if (list->kind != INSIGHTS_LIST) {
        struct value v = eval(list, s);
        bool equal = v.kind != V_NULL && compare_values(subject, &v) == 0;
        value_free(&v);
        return equal;
    }
    for (size_t i = 0; i < list->arg_count; i++) {
        struct value v = eval(list->args[i], s);
        bool equal = v.kind != V_NULL && compare_values(subject, &v) == 0;
        value_free(&v);
        if (equal)
            return true;
    }
    return false;
}

static struct value arithmetic(int op, double x, double y)
{
    switch (op) {
    case INSIGHTS_ADD:
        return number_value(x + y);
    case INSIGHTS_SUB:
        return number_value(x - y);
    case INSIGHTS_MUL:
        return number_value(x * y);
    case INSIGHTS_DIV:
        return y == 0 ? null_value() : number_value(x / y);
    case INSIGHTS_MOD:
        return y == 0 ? null_value() : number_value(fmod(x, y));
    default:
        return number_value(pow(x, y));
    }
}

static struct value eval_binary(const struct insights_node *n, const struct scope *s)
{
    if (n->op == INSIGHTS_OR || n->op == INSIGHTS_AND) {
        struct value left = eval(n->args[0], s);
        bool l = truthy(&left);
        value_free(&left);
        if (n->op == INSIGHTS_OR ? l : !l)
            return bool_value(l);
        struct value right = eval(n->args[1], s);
        bool r = truthy(&right);
        value_free(&right);
        return bool_value(r);
    }
    struct value left = eval(n->args[0], s);
    struct value result = null_value();
    if (left.kind == V_NULL) {
        if (n->op == INSIGHTS_NOT_LIKE || n->op == INSIGHTS_NOT_IN)
            result = bool_value(true);
        else if (n->op <= INSIGHTS_NOT_IN)
            result = bool_value(false);
        return result;
    }
    switch (n->op) {
    case INSIGHTS_LIKE:
    case INSIGHTS_NOT_LIKE:
        result = bool_value(like(&left, n->args[1], s) == (n->op == INSIGHTS_LIKE));
        break;
    case INSIGHTS_IN:
    case INSIGHTS_NOT_IN:
        result = bool_value(in_list(&left, n->args[1], s) == (n->op == INSIGHTS_IN));
        break;
    default: {
        struct value right = eval(n->args[1], s);
        if (right.kind == V_NULL) {
            result = n->op <= INSIGHTS_GE ? bool_value(false) : null_value();
        } else if (n->op <= INSIGHTS_GE) {
            int c = compare_values(&left, &right);
            bool r = n->op == INSIGHTS_EQ   ? c == 0
                     : n->op == INSIGHTS_NE ? c != 0
                     : n->op == INSIGHTS_LT ? c < 0
                     : n->op == INSIGHTS_LE ? c <= 0
                     : n->op == INSIGHTS_GT ? c > 0
                                            : c >= 0;
            result = bool_value(r);
        } else {
            double x, y;
            if (value_number(&left, &x) && value_number(&right, &y))
                result = arithmetic(n->op, x, y);
        }
        value_free(&right);
    }
    }
    value_free(&left);
    return result;
}

/* ---- functions ---- */

static struct value arg_value(const struct insights_node *n, size_t i, const struct scope *s)
{
    return i < n->arg_count ? eval(n->args[i], s) : null_value();
}

static bool arg_number(const struct insights_node *n, size_t i, const struct scope *s,
                       double *out)
{
    struct value v = arg_value(n, i, s);
    bool ok = value_number(&v, out);
    value_free(&v);
    return ok;
}

/* The argument as text (caller frees), NULL when it has no value. */
static char *arg_text(const struct insights_node *n, size_t i, const struct scope *s)
{
    struct value v = arg_value(n, i, s);
    char *text = value_text(&v);
    value_free(&v);
    return text;
}

static struct value string_function(const char *name, const struct insights_node *n,
                                    const struct scope *s)
{
    char *text = arg_text(n, 0, s);
    if (!text)
        return null_value();
    if (strcmp(name, "strlen") == 0) {
        struct value v = number_value((double)strlen(text));
        free(text);
        return v;
    }
    if (strcmp(name, "toupper") == 0 || strcmp(name, "tolower") == 0) {
        for (char *c = text; *c; c++)
            *c = (char)(name[2] == 'u' ? toupper((unsigned char)*c) : tolower((unsigned char)*c));
        return string_take(text);
    }
    if (strcmp(name, "trim") == 0 || strcmp(name, "ltrim") == 0 || strcmp(name, "rtrim") == 0) {
        char *start = text;
        if (name[0] != 'r')
            while (isspace((unsigned char)*start))
                start++;
        size_t len = strlen(start);
        if (name[0] != 'l')
            while (len && isspace((unsigned char)start[len - 1]))
                len--;
        struct value v = string_take(xstrndup(start, len));
        free(text);
        return v;
    }
    if (strcmp(name, "strcontains") == 0) {
        char *part = arg_text(n, 1, s);
        struct value v = bool_value(part && strstr(text, part));
        free(part);
        free(text);
        return v;
    }
    if (strcmp(name, "substr") == 0) {
        double start = 0, len = -1;
        arg_number(n, 1, s, &start);
        if (n->arg_count > 2 && !arg_number(n, 2, s, &len))
            len = -1;
        size_t size = strlen(text);
        size_t from = start < 0 ? 0 : start > (double)size ? size : (size_t)start;
        size_t count = len < 0 || (double)from + len > (double)size ? size - from : (size_t)len;
        struct value v = string_take(xstrndup(text + from, count));
        free(text);
        return v;
    }
    if (strcmp(name, "replace") == 0) {
        char *find = arg_text(n, 1, s), *with = arg_text(n, 2, s);
        struct buf out = BUF_INIT;
        size_t find_len = find ? strlen(find) : 0;
        for (const char *p = text; *p;) {
            if (find_len && strncmp(p, find, find_len) == 0) {
                buf_puts(&out, with ? with : "");
                p += find_len;
            } else {
                buf_append(&out, p++, 1);
            }
        }
        free(find);
        free(with);
        free(text);
        return string_take(out.data ? buf_take(&out) : xstrdup(""));
    }
    if (strcmp(name, "isvalidip") == 0) {
        unsigned char addr[16];
        bool valid = inet_pton(AF_INET, text, addr) == 1 || inet_pton(AF_INET6, text, addr) == 1;
        free(text);
        return bool_value(valid);
    }
    /* tostring */
    return string_take(text);
}

static struct value math_function(const char *name, const struct insights_node *n,
                                  const struct scope *s)
{
    if (strcmp(name, "greatest") == 0 || strcmp(name, "least") == 0) {
        bool found = false;
        double best = 0;
        for (size_t i = 0; i < n->arg_count; i++) {
            double x;
            if (!arg_number(n, i, s, &x))
                continue;
            if (!found || (name[0] == 'g' ? x > best : x < best))
                best = x;
            found = true;
        }
        return found ? number_value(best) : null_value();
    }
    double x;
    if (!arg_number(n, 0, s, &x))
        return null_value();
    if (strcmp(name, "abs") == 0)
        return number_value(fabs(x));
    if (strcmp(name, "ceil") == 0)
        return number_value(ceil(x));
    if (strcmp(name, "floor") == 0)
        return number_value(floor(x));
    if (strcmp(name, "round") == 0)
        return number_value(round(x));
    if (strcmp(name, "sqrt") == 0)
        return x < 0 ? null_value() : number_value(sqrt(x));
    if (strcmp(name, "log") == 0)
        return x <= 0 ? null_value() : number_value(log(x));
    return number_value(x); /* tonumber */
}

static struct value time_function(const char *name, const struct insights_node *n,
                                  const struct scope *s)
{
    double t, period;
    if (strcmp(name, "bin") == 0) {
        const struct value *ts = s->row ? row_get(s->row, "@timestamp") : NULL;
        if (!ts || !arg_number(n, 0, s, &period) || period <= 0)
            return null_value();
        return (struct value){V_TIME, floor(ts->num / period) * period, NULL};
    }
    if (!arg_number(n, 0, s, &t))
        return null_value();
    if (strcmp(name, "frommillis") == 0)
        return (struct value){V_TIME, t, NULL};
    if (strcmp(name, "tomillis") == 0)
        return number_value(t);
    if (!arg_number(n, 1, s, &period) || period <= 0)
        return null_value();
    double floored = floor(t / period) * period;
    if (strcmp(name, "dateceil") == 0 && floored < t)
        floored += period;
    return (struct value){V_TIME, floored, NULL};
}

static struct value aggregate(const struct insights_node *n, const struct scope *s);

static struct value eval_call(const struct insights_node *n, const struct scope *s)
{
    const char *name = n->text;
    if (insights_is_aggregate(name))
        return s->grouped ? aggregate(n, s) : null_value();
    if (strcmp(name, "ispresent") == 0 || strcmp(name, "isempty") == 0 ||
        strcmp(name, "isblank") == 0) {
        struct value v = arg_value(n, 0, s);
        bool present = v.kind != V_NULL;
        char *text = value_text(&v);
        bool blank = true;
        for (const char *c = text ? text : ""; *c; c++)
            blank = blank && isspace((unsigned char)*c);
        bool result = name[2] == 'p'   ? present
                      : name[2] == 'e' ? !present || !text[0]
                                       : !present || blank;
        free(text);
        value_free(&v);
        return bool_value(result);
    }
    if (strcmp(name, "coalesce") == 0) {
        for (size_t i = 0; i < n->arg_count; i++) {
            struct value v = eval(n->args[i], s);
            if (v.kind != V_NULL)
                return v;
        }
        return null_value();
    }
    if (strcmp(name, "concat") == 0) {
        struct buf out = BUF_INIT;
        for (size_t i = 0; i < n->arg_count; i++) {
            char *text = arg_text(n, i, s);
            buf_puts(&out, text ? text : "");
            free(text);
        }
        return string_take(out.data ? buf_take(&out) : xstrdup(""));
    }
    if (strcmp(name, "bin") == 0 || strcmp(name, "datefloor") == 0 ||
        strcmp(name, "dateceil") == 0 || strcmp(name, "frommillis") == 0 ||
        strcmp(name, "tomillis") == 0)
        return time_function(name, n, s);
    if (strcmp(name, "abs") == 0 || strcmp(name, "ceil") == 0 || strcmp(name, "floor") == 0 ||
        strcmp(name, "round") == 0 || strcmp(name, "sqrt") == 0 || strcmp(name, "log") == 0 ||
        strcmp(name, "greatest") == 0 || strcmp(name, "least") == 0 ||
        strcmp(name, "tonumber") == 0)
        return math_function(name, n, s);
    return string_function(name, n, s);
}

static struct value eval(const struct insights_node *n, const struct scope *s)
{
    switch (n->kind) {
    case INSIGHTS_FIELD: {
        const struct value *v = s->row ? row_get(s->row, n->text) : NULL;
        /* asked for by name only, as it is not among the fields a row shows by default */
        if (!v && s->row && s->row->event && s->row->event->ingestion_time > 0 &&
            strcmp(n->text, "@ingestionTime") == 0)
            return (struct value){V_TIME, s->row->event->ingestion_time, NULL};
        if (!v && s->group_count)
            v = row_get(s->group[0], n->text);
        return v ? value_copy(v) : null_value();
    }
    case INSIGHTS_STRING:
        return string_value(n->text);
    case INSIGHTS_NUMBER:
    case INSIGHTS_DURATION:
        return number_value(n->number);
    case INSIGHTS_UNARY: {
        struct value v = eval(n->args[0], s);
        double x;
        struct value result = n->op == '!'                 ? bool_value(!truthy(&v))
                              : value_number(&v, &x) ? number_value(-x)
                                                           : null_value();
        value_free(&v);
        return result;
    }
    case INSIGHTS_BINARY:
        return eval_binary(n, s);
    case INSIGHTS_CALL:
        return eval_call(n, s);
    default:
        return null_value();
    }
}

/* ---- stats ---- */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int compare_texts(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct value aggregate(const struct insights_node *n, const struct scope *s)
{
    const char *name = n->text;
    bool star = n->arg_count == 0 || n->args[0]->kind == INSIGHTS_STAR;
    if (strcmp(name, "count") == 0 && star)
        return number_value((double)s->group_count);
    if (n->arg_count == 0)
        return null_value();
    bool time_kind = false;
    size_t present = 0, numbers = 0;
    double *values = xcalloc(s->group_count ? s->group_count : 1, sizeof *values);
    struct value best = null_value();
    double best_time = 0;
    char **texts = xcalloc(s->group_count ? s->group_count : 1, sizeof *texts);
    for (size_t i = 0; i < s->group_count; i++) {
        struct scope one = {s->group[i], NULL, 0, false};
        struct value v = eval(n->args[0], &one);
        if (v.kind == V_NULL)
            continue;
        present++;
        time_kind = time_kind || v.kind == V_TIME;
        double x;
        if (value_number(&v, &x))
            values[numbers++] = x;
        if (strcmp(name, "count_distinct") == 0)
            texts[present - 1] = value_text(&v);
        const struct value *ts = row_get(s->group[i], "@timestamp");
        double t = ts ? ts->num : 0;
        bool earlier = strcmp(name, "earliest") == 0 && (best.kind == V_NULL || t < best_time);
        bool later = strcmp(name, "latest") == 0 && (best.kind == V_NULL || t > best_time);
        if (earlier || later) {
            value_free(&best);
            best = v;
            best_time = t;
        } else {
            value_free(&v);
        }
    }
    struct value result = null_value();
    double sum = 0;
    for (size_t i = 0; i < numbers; i++)
        sum += values[i];
    if (strcmp(name, "count") == 0) {
        result = number_value((double)present);
    } else if (strcmp(name, "count_distinct") == 0) {
        qsort(texts, present, sizeof *texts, compare_texts);
        size_t distinct = 0;
        for (size_t i = 0; i < present; i++)
            distinct += i == 0 || strcmp(texts[i], texts[i - 1]) != 0;
        result = number_value((double)distinct);
    } else if (strcmp(name, "earliest") == 0 || strcmp(name, "latest") == 0) {
        result = best;
        best = null_value();
    } else if (numbers == 0) {
        result = null_value();
    } else if (strcmp(name, "sum") == 0) {
        result = number_value(sum);
    } else if (strcmp(name, "avg") == 0) {
        result = number_value(sum / (double)numbers);
    } else if (strcmp(name, "min") == 0 || strcmp(name, "max") == 0) {
        double m = values[0];
        for (size_t i = 1; i < numbers; i++)
            m = name[1] == 'i' ? fmin(m, values[i]) : fmax(m, values[i]);
        result = (struct value){time_kind ? V_TIME : V_NUM, m, NULL};
    } else if (strcmp(name, "stddev") == 0) {
        double mean = sum / (double)numbers, squares = 0;
        for (size_t i = 0; i < numbers; i++)
            squares += (values[i] - mean) * (values[i] - mean);
        result = numbers < 2 ? number_value(0)
                             : number_value(sqrt(squares / (double)(numbers - 1)));
    } else { /* pct */
        double percent = 50;
        struct scope group_scope = {NULL, NULL, 0, false};
        arg_number(n, 1, &group_scope, &percent);
        qsort(values, numbers, sizeof *values, compare_doubles);
        double rank = ceil(percent / 100 * (double)numbers);
        size_t at = rank < 1 ? 0 : rank > (double)numbers ? numbers - 1 : (size_t)rank - 1;
        result = number_value(values[at]);
    }
    value_free(&best);
    for (size_t i = 0; i < present; i++)
        free(texts[i]);
    free(texts);
    free(values);
    return result;
}

struct rows {
    struct row **items;
    size_t count;
};

static void rows_add(struct rows *rows, struct row *row)
{
    rows->items = xrealloc(rows->items, (rows->count + 1) * sizeof *rows->items);
    rows->items[rows->count++] = row;
}

struct group {
    char *key;
    struct rows members;
};

static void run_stats(const struct insights_command *cmd, struct rows *rows)
{
    struct group *groups = NULL;
    size_t group_count = 0;
    for (size_t i = 0; i < rows->count; i++) {
        struct buf key = BUF_INIT;
        struct scope s = {rows->items[i], NULL, 0, false};
        for (size_t g = 0; g < cmd->group_count; g++) {
            struct value v = eval(cmd->groups[g].expr, &s);
            char *text = value_text(&v);
            buf_printf(&key, "%c%s", text ? '+' : '-', text ? text : "");
            buf_append(&key, "\x1f", 1);
            free(text);
            value_free(&v);
        }
        char *k = key.data ? buf_take(&key) : xstrdup("");
        size_t at = 0;
        while (at < group_count && strcmp(groups[at].key, k) != 0)
            at++;
        if (at == group_count) {
            groups = xrealloc(groups, (group_count + 1) * sizeof *groups);
            groups[group_count++] = (struct group){k, {NULL, 0}};
        } else {
            free(k);
        }
        rows_add(&groups[at].members, rows->items[i]);
    }
    if (group_count == 0 && cmd->group_count == 0) {
        groups = xcalloc(1, sizeof *groups);
        groups[group_count++] = (struct group){xstrdup(""), {NULL, 0}};
    }
    struct rows out = {NULL, 0};
    for (size_t g = 0; g < group_count; g++) {
        struct row *row = xcalloc(1, sizeof *row);
        struct rows *members = &groups[g].members;
        if (members->count) {
            struct scope first = {members->items[0], NULL, 0, false};
            for (size_t i = 0; i < cmd->group_count; i++) {
                struct value v = eval(cmd->groups[i].expr, &first);
                row_set(row, cmd->groups[i].name, v);
            }
        }
        struct scope group_scope = {NULL, members->items, members->count, true};
        for (size_t i = 0; i < cmd->item_count; i++)
            row_set(row, cmd->items[i].name, eval(cmd->items[i].expr, &group_scope));
        rows_add(&out, row);
        free(groups[g].key);
        free(members->items);
    }
    free(groups);
    for (size_t i = 0; i < rows->count; i++)
        row_free(rows->items[i]);
    free(rows->items);
    *rows = out;
}

/* ---- sort ---- */

/* Natural order of two texts: runs of digits by length then value, the rest by code point. */
static int natural_compare(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return (*a != '\0') - (*b != '\0');
}

/* Ascending sort order: text before numbers, numbers by value; missing values last. */
static int sort_compare(const struct value *a, const struct value *b)
{
    if (a->kind == V_NULL || b->kind == V_NULL)
        return (a->kind == V_NULL) - (b->kind == V_NULL);
    double x, y;
    bool na = value_number(a, &x), nb = value_number(b, &y);
    if (na && nb)
        return (x > y) - (x < y);
    if (na != nb)
        return na ? 1 : -1;
    char *ta = value_text(a), *tb = value_text(b);
    int c = natural_compare(ta, tb);
    free(ta);
    free(tb);
    return c;
}

struct sort_entry {
    struct row *row;
    struct value *keys;
    size_t index;
};

static const struct insights_command *sorting;

static int compare_entries(const void *pa, const void *pb)
{
    const struct sort_entry *a = pa, *b = pb;
    for (size_t i = 0; i < sorting->item_count; i++) {
        bool a_null = a->keys[i].kind == V_NULL, b_null = b->keys[i].kind == V_NULL;
        int c = sort_compare(&a->keys[i], &b->keys[i]);
        if (c && !a_null && !b_null && sorting->items[i].descending)
            c = -c;
        if (c)
            return c;
    }
    return (a->index > b->index) - (a->index < b->index);
}

static void run_sort(const struct insights_command *cmd, struct rows *rows)
{
    struct sort_entry *entries = xcalloc(rows->count ? rows->count : 1, sizeof *entries);
    for (size_t i = 0; i < rows->count; i++) {
        entries[i].row = rows->items[i];
        entries[i].index = i;
        entries[i].keys = xcalloc(cmd->item_count, sizeof *entries[i].keys);
        struct scope s = {rows->items[i], NULL, 0, false};
        for (size_t k = 0; k < cmd->item_count; k++)
            entries[i].keys[k] = eval(cmd->items[k].expr, &s);
    }
    sorting = cmd;
    qsort(entries, rows->count, sizeof *entries, compare_entries);
    sorting = NULL;
    for (size_t i = 0; i < rows->count; i++) {
        rows->items[i] = entries[i].row;
        for (size_t k = 0; k < cmd->item_count; k++)
            value_free(&entries[i].keys[k]);
        free(entries[i].keys);
    }
    free(entries);
}

/* ---- parse ---- */

/* Matches glob ('*' takes the shortest text that lets the rest match, the last one the rest of
 * the line) anywhere in text; each '*' match goes to the next name. */
static void parse_glob(const struct insights_command *cmd, struct row *row, const char *text)
{
    size_t stars = cmd->name_count;
    char **captures = xcalloc(stars ? stars : 1, sizeof *captures);
    const char *glob = cmd->glob;
    size_t lead = strcspn(glob, "*");
    const char *p = NULL;
    for (const char *at = text; *at || lead == 0; at++) {
        if (strncmp(at, glob, lead) == 0) {
            p = at + lead;
            break;
        }
        if (!*at)
            break;
    }
    bool ok = p != NULL;
    const char *g = glob + lead;
    for (size_t i = 0; ok && i < stars; i++) {
        g++; /* the '*' */
        size_t literal = strcspn(g, "*");
        const char *end;
        if (literal == 0 && g[0] == '\0') {
            end = p + strlen(p);
        } else if (literal == 0) {
            end = p;
        } else {
            char *needle = xstrndup(g, literal);
            end = strstr(p, needle);
            free(needle);
        }
        if (!end) {
            ok = false;
            break;
        }
        captures[i] = xstrndup(p, (size_t)(end - p));
        p = end + literal;
        g += literal;
    }
    for (size_t i = 0; i < stars; i++) {
        if (ok)
            row_set(row, cmd->names[i], string_take(captures[i]));
        else
            free(captures[i]);
    }
    free(captures);
}

static void parse_regex(const struct insights_command *cmd, struct row *row, const char *text)
{
    size_t n = cmd->name_count + 1;
    regmatch_t *m = xcalloc(n, sizeof *m);
    if (regexec(cmd->regex, text, n, m, 0) == 0) {
        for (size_t i = 0; i < cmd->name_count; i++)
            if (cmd->names[i] && m[i + 1].rm_so >= 0)
                row_set(row, cmd->names[i],
                        string_take(xstrndup(text + m[i + 1].rm_so,
                                             (size_t)(m[i + 1].rm_eo - m[i + 1].rm_so))));
    }
    free(m);
}

static void run_parse(const struct insights_command *cmd, struct row *row)
{
    struct scope s = {row, NULL, 0, false};
    struct value v = eval(cmd->source, &s);
    char *text = value_text(&v);
    value_free(&v);
    if (!text)
        return;
    if (cmd->glob)
        parse_glob(cmd, row, text);
    else
        parse_regex(cmd, row, text);
    free(text);
}

/* ---- the pipeline ---- */

struct names {
    char **items;
    size_t count;
};

static void names_add(struct names *names, const char *name)
{
    for (size_t i = 0; i < names->count; i++)
        if (strcmp(names->items[i], name) == 0)
            return;
    names->items = xrealloc(names->items, (names->count + 1) * sizeof *names->items);
    names->items[names->count++] = xstrdup(name);
}

static void names_clear(struct names *names)
{
    for (size_t i = 0; i < names->count; i++)
        free(names->items[i]);
    free(names->items);
    names->items = NULL;
    names->count = 0;
}

static void keep_rows(struct rows *rows, bool (*keep)(const struct insights_command *, struct row *,
                                                      void *),
                      const struct insights_command *cmd, void *data)
{
    size_t kept = 0;
    for (size_t i = 0; i < rows->count; i++) {
        if (keep(cmd, rows->items[i], data))
            rows->items[kept++] = rows->items[i];
        else
            row_free(rows->items[i]);
    }
    rows->count = kept;
}

static bool passes_filter(const struct insights_command *cmd, struct row *row, void *data)
{
    (void)data;
    struct scope s = {row, NULL, 0, false};
    struct value v = eval(cmd->condition, &s);
    bool keep = truthy(&v);
    value_free(&v);
    return keep;
}

/* dedup keeps the first row of each combination of values (data: the keys seen so far). */
static bool first_of_kind(const struct insights_command *cmd, struct row *row, void *data)
{
    struct names *seen = data;
    struct buf key = BUF_INIT;
    struct scope s = {row, NULL, 0, false};
    for (size_t i = 0; i < cmd->item_count; i++) {
        struct value v = eval(cmd->items[i].expr, &s);
        char *text = value_text(&v);
        buf_printf(&key, "%c%s\x1f", text ? '+' : '-', text ? text : "");
        free(text);
        value_free(&v);
    }
    char *k = key.data ? buf_take(&key) : xstrdup("");
    size_t before = seen->count;
    names_add(seen, k);
    free(k);
    return seen->count > before;
}

static int newest_first(const void *pa, const void *pb)
{
    const struct insights_event *a = *(const struct insights_event *const *)pa;
    const struct insights_event *b = *(const struct insights_event *const *)pb;
    return (a->timestamp < b->timestamp) - (a->timestamp > b->timestamp);
}

static void set_fields(const struct insights_command *cmd, struct row *row)
{
    struct scope s = {row, NULL, 0, false};
    for (size_t i = 0; i < cmd->item_count; i++) {
        const struct insights_node *e = cmd->items[i].expr;
        /* a field listed under its own name is already there */
        if (e->kind == INSIGHTS_FIELD && strcmp(e->text, cmd->items[i].name) == 0 &&
            row_get(row, e->text))
            continue;
        row_set(row, cmd->items[i].name, eval(e, &s));
    }
}

cJSON *insights_query_run(const struct insights_query *q, const struct insights_event *events,
                          size_t count, long limit, struct insights_statistics *stats)
{
    const struct insights_event **order = xcalloc(count ? count : 1, sizeof *order);
    for (size_t i = 0; i < count; i++)
        order[i] = &events[i];
    qsort(order, count, sizeof *order, newest_first);
    struct rows rows = {NULL, 0};
    stats->records_scanned = (double)count;
    stats->bytes_scanned = 0;
    for (size_t i = 0; i < count; i++) {
        rows_add(&rows, row_from_event(order[i]));
        stats->bytes_scanned += (double)strlen(order[i]->message);
    }
    free(order);
    stats->records_matched = (double)count;
    struct names shown = {NULL, 0};
    bool chosen = false, aggregated = false;
    for (size_t c = 0; c < q->command_count; c++) {
        const struct insights_command *cmd = &q->commands[c];
        switch (cmd->kind) {
        case INSIGHTS_FILTER:
            keep_rows(&rows, passes_filter, cmd, NULL);
            if (!aggregated)
                stats->records_matched = (double)rows.count;
            break;
        case INSIGHTS_FIELDS:
            for (size_t i = 0; i < rows.count; i++)
                set_fields(cmd, rows.items[i]);
            for (size_t i = 0; i < cmd->item_count; i++)
                names_add(&shown, cmd->items[i].name);
            chosen = true;
            break;
        case INSIGHTS_DISPLAY:
            for (size_t i = 0; i < rows.count; i++)
                set_fields(cmd, rows.items[i]);
            names_clear(&shown);
            for (size_t i = 0; i < cmd->item_count; i++)
                names_add(&shown, cmd->items[i].name);
            chosen = true;
            break;
        case INSIGHTS_PARSE:
            for (size_t i = 0; i < rows.count; i++)
                run_parse(cmd, rows.items[i]);
            break;
        case INSIGHTS_STATS:
            run_stats(cmd, &rows);
            aggregated = true;
            names_clear(&shown);
            for (size_t i = 0; i < cmd->group_count; i++)
                names_add(&shown, cmd->groups[i].name);
            for (size_t i = 0; i < cmd->item_count; i++)
                names_add(&shown, cmd->items[i].name);
            chosen = true;
            break;
        case INSIGHTS_SORT:
            run_sort(cmd, &rows);
            break;
        case INSIGHTS_LIMIT:
            while (rows.count > (size_t)cmd->limit)
                row_free(rows.items[--rows.count]);
            break;
        case INSIGHTS_DEDUP: {
            struct names seen = {NULL, 0};
            keep_rows(&rows, first_of_kind, cmd, &seen);
            names_clear(&seen);
            break;
        }
        }
    }
    cJSON *results = cJSON_CreateArray();
    for (size_t i = 0; i < rows.count && (long)i < limit; i++) {
        const struct row *row = rows.items[i];
        cJSON *list = cJSON_CreateArray();
        size_t n = chosen ? shown.count : row->count;
        for (size_t f = 0; f < n; f++) {
            const char *name = chosen ? shown.items[f] : row->fields[f].name;
            const struct value *v = row_get(row, name);
            char *text = v ? value_text(v) : NULL;
            if (!text)
                continue;
            cJSON *pair = cJSON_CreateObject();
            cJSON_AddStringToObject(pair, "field", name);
            cJSON_AddStringToObject(pair, "value", text);
            cJSON_AddItemToArray(list, pair);
            free(text);
        }
        if (row->event && row->event->ptr) {
            cJSON *pair = cJSON_CreateObject();
            cJSON_AddStringToObject(pair, "field", "@ptr");
            cJSON_AddStringToObject(pair, "value", row->event->ptr);
            cJSON_AddItemToArray(list, pair);
        }
        cJSON_AddItemToArray(results, list);
    }
    for (size_t i = 0; i < rows.count; i++)
        row_free(rows.items[i]);
    free(rows.items);
    names_clear(&shown);
    return results;
}
