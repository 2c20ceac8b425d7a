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
    /* space-delimited: the shape */
    {"[ip, identity, user, time, request, status, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", true},
    {"[ip, identity, user, time, request, status]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", false},
    {"[ip, identity, user, time, request, status, bytes, extra]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", false},
    {"[ip, ...]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", true},
    {"[..., bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", true},
    {"[ip, ..., status, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", true},
    {"[a, b, ..., c, d, e, f, g, h, i]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", false},
    {"[...]", "anything at all", true},
    {"[]", "", true},
    {"[]", "x", false},
    {"[a, b]", "one  two", true},
    {"[a, b]", "\"one two\" three", true},
    {"[a = \"one two\", b]", "\"one two\" three", true},
    {"[a, b = two]", "[one two] two", true},
    /* space-delimited: conditions */
    {"[ip, identity, user = frank, ...]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", true},
    {"[ip, identity, user = bob, ...]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", false},
    {"[ip, identity, user != bob, ...]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", true},
    {"[..., status = 200, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", true},
    {"[..., status = 4*, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", false},
    {"[..., status = 4*, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 0", true},
    {"[..., status = 4* || status = 5*, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 0", true},
    {"[..., status = 4* || status = 5*, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", false},
    {"[..., status >= 400 && status < 500, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 0", true},
    {"[..., status >= 400 && status < 500, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", false},
    {"[..., status, bytes > 1000]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", true},
    {"[..., status, bytes > 1000]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 0", false},
    {"[..., status, bytes <= 0]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 0", true},
    {"[ip, identity, user, time, request = \"*html*\", status, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 0", true},
    {"[ip, identity, user, time, request = \"*html*\", status, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", false},
    {"[ip, identity, user, time = \"10/Oct/2000*\", ...]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", true},
    {"[ip = 127.0.0.*, ...]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", true},
    {"[ip = 10.*, ...]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", false},
    {"[level = ERROR && level != WARN, msg]", "ERROR boom", true},
    {"[level, msg > 5]", "INFO abc", false},
    /* space-delimited: malformed patterns match nothing */
    {"[a, b", "x y", false},
    {"[a, , b]", "x y", false},
    {"[..., ..., a]", "x y", false},
    {"[a = ]", "x", false},
    {"[a ~ 1]", "x", false},
    {"[a = \"open]", "x", false},
    {"[a] trailing", "x", false},
    {"[... = 1]", "x", false},
    /* %regex% */
    {"%ERR(OR)?%", "ERR x", true},
    {"%ERR(OR)?%", "WARN x", false},
    {"%^[0-9]+ ms$%", "120 ms", true},
    {"%^[0-9]+ ms$%", "slow 120 ms", false},
    {"{ $.code = %^5[0-9]{2}$% }", "{\"code\":\"503\"}", true},
    {"{ $.code = %^5[0-9]{2}$% }", "{\"code\":\"404\"}", false},
    /* regexes that would make the compiler blow up are refused: they match nothing */
    {"%a++%", "aaa", false},
    {"%((((((a))))))%", "a", false},
    {"%a{1000}%", "a", false},
    {"%a{2}b{2}c{2}%", "aabbcc", false},
    {"%a{2}b{2}%", "aabb", true},
    {"%\\++%", "a++", true},
    {"[..., status = %^4[0-9]+$%, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 0", true},
    {"[..., status = %^4[0-9]+$%, bytes]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534", false},
};

struct select_case {
    const char *pattern;
    const char *message;
    const char *selector;
    const char *want; /* NULL: nothing selected */
};

static const struct select_case selections[] = {
    {"{ $.a = 1 }", "{\"a\":1,\"latency\":12.5}", "$.latency", "12.5"},
    {"", "{\"user\":{\"name\":\"ann\"}}", "$.user.name", "ann"},
    {"", "{\"ok\":true}", "$.ok", "true"},
    {"", "{\"obj\":{}}", "$.obj", NULL},
    {"", "not json", "$.a", NULL},
    {"[ip, user, ..., status, bytes]", "10.0.0.1 ann x y 200 512", "$bytes", "512"},
    {"[ip, user, ..., status, bytes]", "10.0.0.1 ann x y 200 512", "$user", "ann"},
    {"[ip, user, ..., status, bytes]", "10.0.0.1 ann x y 200 512", "$missing", NULL},
    {"[ip, user, status = 5*]", "10.0.0.1 ann 200", "$user", NULL},
    {"ERROR", "ERROR x", "$x", NULL},
    {"", "x", "1", NULL},
};


static void test_selections(void)
{
    for (size_t i = 0; i < sizeof selections / sizeof selections[0]; i++) {
        const struct select_case *t = &selections[i];
        char out[64] = "";
        bool found = filter_pattern_select(t->pattern, t->message, t->selector, out, sizeof out);
        CHECK(found == (t->want != NULL), "%s selects %s in %s", t->pattern, t->selector,
              t->message);
        if (found && t->want)
            CHECK_STR(out, t->want, "%s in %s", t->selector, t->message);
    }
}

int main(void)
{
    test_selections();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct pattern_case *t = &cases[i];
        CHECK(filter_pattern_matches(t->pattern, t->message) == t->matches,
              "pattern '%s' on '%s' should %s", t->pattern ? t->pattern : "(none)", t->message,
              t->matches ? "match" : "not match");
    }
    CHECK(sizeof cases / sizeof cases[0] >= 100, "the table keeps at least 100 cases");
    return test_summary("logs_filter_pattern");
}
