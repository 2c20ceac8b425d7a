/* EventBridge event patterns, case by case: a pattern, whether one event matches it; and
 * patterns EventBridge refuses. */
#include <stdbool.h>
#include <stdlib.h>

#include "../../services/events/event_pattern.h"
#include "check.h"

/* One event every case runs against: scalars of each type, arrays of scalars and of objects,
 * nesting, addresses. */
static const char *const event_text = "{\"source\": \"com.shop\", \"detail-type\": \"Order Placed\", \"account\": \"123456789012\", \"region\": \"us-east-1\", \"resources\": [\"arn:aws:s3:::bucket-a\", \"arn:aws:s3:::logs\"], \"detail\": {\"state\": \"running\", \"count\": 5, \"price\": 10.5, \"flag\": true, \"nothing\": null, \"name\": \"Alice\", \"ip\": \"10.0.1.25\", \"ip6\": \"2001:db8::7\", \"path\": \"/img/cat.png\", \"tags\": [\"red\", \"blue\"], \"items\": [{\"sku\": \"A1\", \"qty\": 2}, {\"sku\": \"B2\", \"qty\": 0}], \"nested\": {\"deep\": {\"value\": \"x\"}}, \"empty\": \"\", \"zero\": 0, \"neg\": -3}}";

struct pattern_case {
    const char *pattern;
    bool matches;
};

static const struct pattern_case cases[] = {
    {"{\"source\": [\"com.shop\"]}", true},
    {"{\"source\": [\"com.other\"]}", false},
    {"{\"source\": [\"com.other\", \"com.shop\"]}", true},
    {"{\"detail-type\": [\"Order Placed\"]}", true},
    {"{\"detail-type\": [\"order placed\"]}", false},
    {"{\"missing\": [\"x\"]}", false},
    {"{\"detail\": {\"count\": [5]}}", true},
    {"{\"detail\": {\"count\": [5.0]}}", true},
    {"{\"detail\": {\"count\": [\"5\"]}}", false},
    {"{\"detail\": {\"price\": [10.5]}}", true},
    {"{\"detail\": {\"flag\": [true]}}", true},
    {"{\"detail\": {\"flag\": [false]}}", false},
    {"{\"detail\": {\"nothing\": [null]}}", true},
    {"{\"detail\": {\"name\": [null]}}", false},
    {"{\"detail\": {\"empty\": [\"\"]}}", true},
    {"{\"detail\": {\"name\": [\"\"]}}", false},
    {"{\"detail\": {\"zero\": [0]}}", true},
    {"{\"detail\": {\"neg\": [-3]}}", true},
    {"{\"source\": [\"com.shop\"], \"detail\": {\"state\": [\"running\"]}}", true},
    {"{\"source\": [\"com.shop\"], \"detail\": {\"state\": [\"stopped\"]}}", false},
    {"{\"resources\": [\"arn:aws:s3:::logs\"]}", true},
    {"{\"resources\": [\"arn:aws:s3:::nope\"]}", false},
    {"{\"detail\": {\"tags\": [\"blue\"]}}", true},
    {"{\"detail\": {\"tags\": [\"green\"]}}", false},
    {"{\"detail\": {\"items\": {\"sku\": [\"B2\"]}}}", true},
    {"{\"detail\": {\"items\": {\"sku\": [\"C3\"]}}}", false},
    {"{\"detail\": {\"items\": {\"sku\": [\"A1\"], \"qty\": [2]}}}", true},
    {"{\"detail\": {\"items\": {\"sku\": [\"A1\"], \"qty\": [0]}}}", false},
    {"{\"detail\": {\"nested\": {\"deep\": {\"value\": [\"x\"]}}}}", true},
    {"{\"detail\": {\"nested\": {\"deep\": {\"value\": [\"y\"]}}}}", false},
    {"{\"detail\": {\"nested\": [\"x\"]}}", false},
    {"{\"detail\": {\"name\": {\"first\": [\"A\"]}}}", false},
    {"{\"source\": [{\"prefix\": \"com.\"}]}", true},
    {"{\"source\": [{\"prefix\": \"org.\"}]}", false},
    {"{\"source\": [{\"prefix\": \"\"}]}", true},
    {"{\"detail\": {\"count\": [{\"prefix\": \"5\"}]}}", false},
    {"{\"detail\": {\"name\": [{\"prefix\": {\"equals-ignore-case\": \"ALI\"}}]}}", true},
    {"{\"detail\": {\"name\": [{\"prefix\": \"ALI\"}]}}", false},
    {"{\"detail\": {\"path\": [{\"suffix\": \".png\"}]}}", true},
    {"{\"detail\": {\"path\": [{\"suffix\": \".jpg\"}]}}", false},
    {"{\"detail\": {\"path\": [{\"suffix\": {\"equals-ignore-case\": \".PNG\"}}]}}", true},
    {"{\"detail\": {\"path\": [{\"suffix\": \"/img/cat.png.x\"}]}}", false},
    {"{\"detail\": {\"name\": [{\"equals-ignore-case\": \"alice\"}]}}", true},
    {"{\"detail\": {\"name\": [{\"equals-ignore-case\": \"alic\"}]}}", false},
    {"{\"detail\": {\"path\": [{\"wildcard\": \"/img/*.png\"}]}}", true},
    {"{\"detail\": {\"path\": [{\"wildcard\": \"/img/*.jpg\"}]}}", false},
    {"{\"detail\": {\"path\": [{\"wildcard\": \"*cat*\"}]}}", true},
    {"{\"detail\": {\"path\": [{\"wildcard\": \"*\"}]}}", true},
    {"{\"detail\": {\"path\": [{\"wildcard\": \"/img/cat.png\"}]}}", true},
    {"{\"detail\": {\"path\": [{\"wildcard\": \"/IMG/*\"}]}}", false},
    {"{\"detail\": {\"path\": [{\"wildcard\": \"*/*/*\"}]}}", true},
    {"{\"detail\": {\"path\": [{\"wildcard\": \"*/*/*/*\"}]}}", false},
    {"{\"detail\": {\"name\": [{\"wildcard\": \"A\\\\*\"}]}}", false},
    {"{\"detail\": {\"state\": [{\"anything-but\": \"stopped\"}]}}", true},
    {"{\"detail\": {\"state\": [{\"anything-but\": \"running\"}]}}", false},
    {"{\"detail\": {\"state\": [{\"anything-but\": [\"stopped\", \"pending\"]}]}}", true},
    {"{\"detail\": {\"state\": [{\"anything-but\": [\"stopped\", \"running\"]}]}}", false},
    {"{\"detail\": {\"count\": [{\"anything-but\": 4}]}}", true},
    {"{\"detail\": {\"count\": [{\"anything-but\": [5, 6]}]}}", false},
    {"{\"detail\": {\"absent\": [{\"anything-but\": \"x\"}]}}", false},
    {"{\"detail\": {\"state\": [{\"anything-but\": {\"prefix\": \"run\"}}]}}", false},
    {"{\"detail\": {\"state\": [{\"anything-but\": {\"prefix\": \"stop\"}}]}}", true},
    {"{\"detail\": {\"path\": [{\"anything-but\": {\"suffix\": \".png\"}}]}}", false},
    {"{\"detail\": {\"path\": [{\"anything-but\": {\"suffix\": \".gif\"}}]}}", true},
    {"{\"detail\": {\"name\": [{\"anything-but\": {\"equals-ignore-case\": \"ALICE\"}}]}}", false},
    {"{\"detail\": {\"name\": [{\"anything-but\": {\"equals-ignore-case\": [\"bob\", \"carol\"]}}]}}", true},
    {"{\"detail\": {\"path\": [{\"anything-but\": {\"wildcard\": \"*.png\"}}]}}", false},
    {"{\"detail\": {\"path\": [{\"anything-but\": {\"wildcard\": [\"*.gif\", \"*.jpg\"]}}]}}", true},
    {"{\"detail\": {\"tags\": [{\"anything-but\": \"red\"}]}}", true},
    {"{\"detail\": {\"count\": [{\"numeric\": [\">\", 0]}]}}", true},
    {"{\"detail\": {\"count\": [{\"numeric\": [\">\", 5]}]}}", false},
    {"{\"detail\": {\"count\": [{\"numeric\": [\">=\", 5]}]}}", true},
    {"{\"detail\": {\"count\": [{\"numeric\": [\"<\", 5]}]}}", false},
    {"{\"detail\": {\"count\": [{\"numeric\": [\"<=\", 5]}]}}", true},
    {"{\"detail\": {\"count\": [{\"numeric\": [\"=\", 5]}]}}", true},
    {"{\"detail\": {\"count\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}}", true},
    {"{\"detail\": {\"count\": [{\"numeric\": [\">\", 0, \"<\", 5]}]}}", false},
    {"{\"detail\": {\"price\": [{\"numeric\": [\">\", 10, \"<\", 11]}]}}", true},
    {"{\"detail\": {\"neg\": [{\"numeric\": [\"<\", 0]}]}}", true},
    {"{\"detail\": {\"name\": [{\"numeric\": [\">\", 0]}]}}", false},
    {"{\"detail\": {\"items\": {\"qty\": [{\"numeric\": [\">\", 1]}]}}}", true},
    {"{\"detail\": {\"name\": [{\"exists\": true}]}}", true},
    {"{\"detail\": {\"absent\": [{\"exists\": true}]}}", false},
    {"{\"detail\": {\"absent\": [{\"exists\": false}]}}", true},
    {"{\"detail\": {\"name\": [{\"exists\": false}]}}", false},
    {"{\"detail\": {\"nothing\": [{\"exists\": true}]}}", true},
    {"{\"detail\": {\"nested\": [{\"exists\": true}]}}", false},
    {"{\"nowhere\": {\"deeper\": [{\"exists\": false}]}}", true},
    {"{\"nowhere\": {\"deeper\": [{\"exists\": true}]}}", false},
    {"{\"detail\": {\"absent\": [\"x\", {\"exists\": false}]}}", true},
    {"{\"detail\": {\"ip\": [{\"cidr\": \"10.0.0.0/16\"}]}}", true},
    {"{\"detail\": {\"ip\": [{\"cidr\": \"10.0.2.0/24\"}]}}", false},
    {"{\"detail\": {\"ip\": [{\"cidr\": \"10.0.1.25/32\"}]}}", true},
    {"{\"detail\": {\"ip\": [{\"cidr\": \"0.0.0.0/0\"}]}}", true},
    {"{\"detail\": {\"ip6\": [{\"cidr\": \"2001:db8::/32\"}]}}", true},
    {"{\"detail\": {\"ip6\": [{\"cidr\": \"2001:db9::/32\"}]}}", false},
    {"{\"detail\": {\"name\": [{\"cidr\": \"10.0.0.0/8\"}]}}", false},
    {"{\"detail\": {\"ip\": [{\"cidr\": \"2001:db8::/32\"}]}}", false},
    {"{\"$or\": [{\"source\": [\"x\"]}, {\"detail\": {\"state\": [\"running\"]}}]}", true},
    {"{\"$or\": [{\"source\": [\"x\"]}, {\"detail\": {\"state\": [\"stopped\"]}}]}", false},
    {"{\"source\": [\"com.shop\"], \"$or\": [{\"detail\": {\"count\": [1]}}, {\"detail\": {\"count\": [5]}}]}", true},
    {"{\"source\": [\"x\"], \"$or\": [{\"detail\": {\"count\": [1]}}, {\"detail\": {\"count\": [5]}}]}", false},
    {"{\"detail\": {\"$or\": [{\"name\": [\"Bob\"]}, {\"tags\": [\"red\"]}]}}", true},
    {"{\"detail\": {\"$or\": [{\"name\": [\"Bob\"]}, {\"$or\": [{\"zero\": [1]}, {\"neg\": [-3]}]}]}}", true},
    {"{}", true},
};

static const char *const invalid[] = {
    "[1,2]",
    "\"text\"",
    "not json",
    "{\"source\": \"com.shop\"}",
    "{\"source\": []}",
    "{\"source\": [[1]]}",
    "{\"source\": [{\"prefix\": 5}]}",
    "{\"source\": [{\"bogus\": 1}]}",
    "{\"source\": [{\"prefix\": \"a\", \"suffix\": \"b\"}]}",
    "{\"a\": [{\"numeric\": [\">\"]}]}",
    "{\"a\": [{\"numeric\": [\"~\", 1]}]}",
    "{\"a\": [{\"numeric\": [\">\", \"x\"]}]}",
    "{\"a\": [{\"numeric\": [\">\", 1, \">\", 2]}]}",
    "{\"a\": [{\"numeric\": [\"=\", 1, \"<\", 2]}]}",
    "{\"a\": [{\"numeric\": [\">\", 6e9]}]}",
    "{\"a\": [{\"exists\": \"yes\"}]}",
    "{\"a\": [{\"cidr\": \"10.0.0.0\"}]}",
    "{\"a\": [{\"cidr\": \"10.0.0.0/33\"}]}",
    "{\"a\": [{\"cidr\": \"x/8\"}]}",
    "{\"a\": [{\"wildcard\": \"a**b\"}]}",
    "{\"a\": [{\"wildcard\": \"a\\\\qb\"}]}",
    "{\"a\": [{\"anything-but\": [true]}]}",
    "{\"a\": [{\"anything-but\": [\"x\", 1]}]}",
    "{\"a\": [{\"anything-but\": {\"prefix\": \"\"}}]}",
    "{\"a\": [{\"anything-but\": {\"numeric\": [\">\", 1]}}]}",
    "{\"a\": [{\"anything-but\": null}]}",
    "{\"$or\": [{\"a\": [\"x\"]}]}",
    "{\"$or\": {\"a\": [\"x\"]}}",
    "{\"a\": [{\"equals-ignore-case\": 1}]}",
    "{\"a\": 5}",
};

int main(void)
{
    cJSON *event = cJSON_Parse(event_text);
    CHECK(event != NULL, "the event parses");
    char reason[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *pattern = event_pattern_parse(cases[i].pattern, reason, sizeof reason);
        CHECK(pattern != NULL, "%s is valid: %s", cases[i].pattern, reason);
        if (pattern)
            CHECK(event_pattern_matches(pattern, event) == cases[i].matches, "%s should %smatch",
                  cases[i].pattern, cases[i].matches ? "" : "not ");
        cJSON_Delete(pattern);
    }
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        reason[0] = '\0';
        cJSON *pattern = event_pattern_parse(invalid[i], reason, sizeof reason);
        CHECK(pattern == NULL && reason[0], "%s is refused with a reason", invalid[i]);
        cJSON_Delete(pattern);
    }
    cJSON_Delete(event);
    return test_summary("event_pattern");
}
