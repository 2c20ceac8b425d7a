/* CloudWatch Logs filter patterns, case by case: a pattern, a message, and whether it matches. */
#include <stdbool.h>

#include "../../services/logs/filter_pattern.h"
#include "check.h"

struct pattern_case {
    const char *pattern;
    const char *message;
    bool matches;
};

static const struct pattern_case cases[] = {
    /* no pattern */
    {NULL, "anything", true},
    {"", "anything", true},
    {"   ", "anything", true},
    /* terms: each must appear, case-sensitive */
    {"ERROR", "ERROR disk full", true},
    {"ERROR", "error disk full", false},
    {"ERROR", "INFO ok", false},
    {"ERROR disk", "ERROR disk full", true},
    {"ERROR disk", "disk ERROR", true},
    {"ERROR memory", "ERROR disk full", false},
    {"full", "ERROR disk full", true},
    {"isk", "ERROR disk full", true},
    {"ERROR  disk", "ERROR disk", true},
    /* quoted phrases */
    {"\"disk full\"", "ERROR disk full", true},
    {"\"full disk\"", "ERROR disk full", false},
    {"\"ERROR\" \"full\"", "ERROR disk full", true},
    {"\"a b\" c", "c a b", true},
    {"\"a b\" c", "a c b", false},
    {"\"\"", "x", true},
    /* ? alternatives: any one */
    {"?ERROR ?WARN", "WARN low", true},
    {"?ERROR ?WARN", "ERROR x", true},
    {"?ERROR ?WARN", "INFO x", false},
    {"?ERROR", "ERROR", true},
    {"?\"disk full\" ?oops", "disk full", true},
    {"?\"disk full\" ?oops", "full disk", false},
    /* - exclusions */
    {"ERROR -disk", "ERROR memory", true},
    {"ERROR -disk", "ERROR disk", false},
    {"-DEBUG", "INFO x", true},
    {"-DEBUG", "DEBUG x", false},
    {"ERROR -\"disk full\"", "ERROR disk almost full", true},
    {"ERROR -\"disk full\"", "ERROR disk full", false},
    {"ERROR -a -b", "ERROR c", true},
    {"ERROR -a -b", "ERROR b", false},
    /* JSON: string equality */
    {"{ $.level = \"error\" }", "{\"level\":\"error\"}", true},
    {"{ $.level = \"error\" }", "{\"level\":\"info\"}", false},
    {"{ $.level = error }", "{\"level\":\"error\"}", true},
    {"{$.level=\"error\"}", "{\"level\":\"error\"}", true},
    {"{ $.level != \"error\" }", "{\"level\":\"info\"}", true},
    {"{ $.level != \"error\" }", "{\"level\":\"error\"}", false},
    {"{ $.level = \"error\" }", "{\"other\":1}", false},
    {"{ $.level = \"error\" }", "not json", false},
    {"{ $.level = \"error\" }", "[1,2]", false},
    {"{ $.user.name = \"ann\" }", "{\"user\":{\"name\":\"ann\"}}", true},
    {"{ $.user.name = \"ann\" }", "{\"user\":{\"name\":\"bob\"}}", false},
    {"{ $.user.name = \"ann\" }", "{\"user\":\"ann\"}", false},
    {"{ $.a.b.c = \"d\" }", "{\"a\":{\"b\":{\"c\":\"d\"}}}", true},
    /* JSON: wildcards */
    {"{ $.path = \"/api/*\" }", "{\"path\":\"/api/users\"}", true},
    {"{ $.path = \"/api/*\" }", "{\"path\":\"/web/users\"}", false},
    {"{ $.path = \"*users\" }", "{\"path\":\"/api/users\"}", true},
    {"{ $.path = \"*\" }", "{\"path\":\"\"}", true},
    {"{ $.path = \"/a*c*e\" }", "{\"path\":\"/abcde\"}", true},
    {"{ $.path = \"/a*c*e\" }", "{\"path\":\"/abcdf\"}", false},
    {"{ $.code = 4* }", "{\"code\":\"404\"}", true},
    {"{ $.code = 4* }", "{\"code\":\"504\"}", false},
    /* JSON: numbers */
    {"{ $.latency > 100 }", "{\"latency\":150}", true},
    {"{ $.latency > 100 }", "{\"latency\":100}", false},
    {"{ $.latency >= 100 }", "{\"latency\":100}", true},
    {"{ $.latency < 100 }", "{\"latency\":99.5}", true},
    {"{ $.latency <= 100 }", "{\"latency\":101}", false},
    {"{ $.latency = 100 }", "{\"latency\":100}", true},
    {"{ $.latency = 100 }", "{\"latency\":100.0}", true},
    {"{ $.latency != 100 }", "{\"latency\":5}", true},
    {"{ $.latency > 100 }", "{\"latency\":\"150\"}", false},
    {"{ $.latency > 100 }", "{}", false},
    {"{ $.delta < 0 }", "{\"delta\":-3}", true},
    {"{ $.delta > -5 }", "{\"delta\":-3}", true},
    {"{ $.ratio > 0.5 }", "{\"ratio\":0.75}", true},
    {"{ $.big > 1e3 }", "{\"big\":1001}", true},
    /* JSON: && and || with parentheses */
    {"{ $.a = \"x\" && $.b > 5 }", "{\"a\":\"x\",\"b\":6}", true},
    {"{ $.a = \"x\" && $.b > 5 }", "{\"a\":\"x\",\"b\":5}", false},
    {"{ $.a = \"x\" && $.b > 5 }", "{\"a\":\"y\",\"b\":6}", false},
    {"{ $.a = \"x\" || $.b > 5 }", "{\"a\":\"y\",\"b\":6}", true},
    {"{ $.a = \"x\" || $.b > 5 }", "{\"a\":\"y\",\"b\":1}", false},
    {"{ $.a = 1 || $.a = 2 || $.a = 3 }", "{\"a\":3}", true},
    {"{ ($.a = 1 || $.b = 2) && $.c = 3 }", "{\"b\":2,\"c\":3}", true},
    {"{ ($.a = 1 || $.b = 2) && $.c = 3 }", "{\"b\":2,\"c\":4}", false},
    {"{ $.a = 1 && ($.b = 2 || $.c = 3) }", "{\"a\":1,\"c\":3}", true},
    {"{ $.a = 1 && ($.b = 2 || $.c = 3) }", "{\"a\":2,\"c\":3}", false},
    {"{ (($.a = 1)) }", "{\"a\":1}", true},
    {"{ $.a = 1 || $.b = 1 && $.c = 1 }", "{\"a\":1}", true},
    /* JSON: IS NULL, IS TRUE, IS FALSE, NOT EXISTS */
    {"{ $.e IS NULL }", "{\"e\":null}", true},
    {"{ $.e IS NULL }", "{\"e\":0}", false},
    {"{ $.e IS NULL }", "{}", false},
    {"{ $.ok IS TRUE }", "{\"ok\":true}", true},
    {"{ $.ok IS TRUE }", "{\"ok\":false}", false},
    {"{ $.ok IS TRUE }", "{\"ok\":\"true\"}", false},
    {"{ $.ok IS FALSE }", "{\"ok\":false}", true},
    {"{ $.ok IS FALSE }", "{}", false},
    {"{ $.gone NOT EXISTS }", "{}", true},
    {"{ $.gone NOT EXISTS }", "{\"gone\":null}", false},
    {"{ $.gone NOT EXISTS && $.here = 1 }", "{\"here\":1}", true},
    {"{ $.ok = true }", "{\"ok\":true}", true},
    {"{ $.ok = false }", "{\"ok\":true}", false},
    /* JSON: arrays */
    {"{ $.list[0] = \"a\" }", "{\"list\":[\"a\",\"b\"]}", true},
    {"{ $.list[1] = \"a\" }", "{\"list\":[\"a\",\"b\"]}", false},
    {"{ $.list[5] = \"a\" }", "{\"list\":[\"a\"]}", false},
    {"{ $.list[1].id > 2 }", "{\"list\":[{\"id\":1},{\"id\":3}]}", true},
    {"{ $.m[0][1] = 9 }", "{\"m\":[[8,9]]}", true},
    {"{ $.list[0] = \"a\" }", "{\"list\":{\"0\":\"a\"}}", false},
    /* JSON: malformed patterns match nothing */
    {"{ $.a = }", "{\"a\":1}", false},
    {"{ a = 1 }", "{\"a\":1}", false},
    {"{ $.a = 1", "{\"a\":1}", false},
    {"{ $.a = 1 } extra", "{\"a\":1}", false},
    {"{ $.a ~ 1 }", "{\"a\":1}", false},
    {"{ ($.a = 1 }", "{\"a\":1}", false},
    {"{ $.a[x] = 1 }", "{\"a\":[1]}", false},
    {"{ $. = 1 }", "{\"a\":1}", false},
    {"{ $.a = \"open }", "{\"a\":1}", false},
    {"{}", "{}", false},
};

int main(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct pattern_case *t = &cases[i];
        CHECK(filter_pattern_matches(t->pattern, t->message) == t->matches,
              "pattern '%s' on '%s' should %s", t->pattern ? t->pattern : "(none)", t->message,
              t->matches ? "match" : "not match");
    }
    CHECK(sizeof cases / sizeof cases[0] >= 100, "the table keeps at least 100 cases");
    return test_summary("logs_filter_pattern");
}
