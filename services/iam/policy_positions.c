/* Locates statements in policy text by scanning its JSON structure while counting lines and
 * columns: cJSON keeps no positions. */
#include "policy_positions.h"

#include <string.h>

struct scanner {
    const char *s;
    size_t i;
    int line, column;
};

static void advance(struct scanner *sc)
{
    if (sc->s[sc->i] == '\n') {
        sc->line++;
        sc->column = 1;
    } else {
        sc->column++;
    }
    sc->i++;
}

static void skip_space(struct scanner *sc)
{
    while (sc->s[sc->i] && strchr(" \t\r\n", sc->s[sc->i]))
        advance(sc);
}

static bool skip_string(struct scanner *sc)
{
    advance(sc); /* opening quote */
    while (sc->s[sc->i] && sc->s[sc->i] != '"') {
        if (sc->s[sc->i] == '\\' && sc->s[sc->i + 1])
            advance(sc);
        advance(sc);
    }
    if (!sc->s[sc->i])
        return false;
    advance(sc);
    return true;
}

/* Skips one JSON value; containers are skipped by bracket depth, strings honoured. */
static bool skip_value(struct scanner *sc)
{
    skip_space(sc);
    char c = sc->s[sc->i];
    if (c == '"')
        return skip_string(sc);
    if (c != '{' && c != '[') {
        while (sc->s[sc->i] && !strchr(",}] \t\r\n", sc->s[sc->i]))
            advance(sc);
        return true;
    }
    size_t depth = 0;
    while (sc->s[sc->i]) {
        c = sc->s[sc->i];
        if (c == '"') {
            if (!skip_string(sc))
                return false;
            continue;
        }
        if (c == '{' || c == '[')
            depth++;
        else if (c == '}' || c == ']')
            depth--;
        advance(sc);
        if (depth == 0)
            return true;
    }
    return false;
}

static void mark(const struct scanner *sc, struct text_position *pos)
{
    pos->line = sc->line;
    pos->column = sc->column;
}

bool policy_statement_position(const char *text, size_t index, struct text_position *start,
                               struct text_position *end)
{
    struct scanner sc = {text, 0, 1, 1};
    skip_space(&sc);
    if (text[sc.i] != '{')
        return false;
    advance(&sc);
    for (;;) {
        skip_space(&sc);
        if (text[sc.i] != '"')
            return false;
        size_t key_start = sc.i + 1;
        if (!skip_string(&sc))
            return false;
        bool is_statement = sc.i - 1 - key_start == 9 &&
                            strncmp(text + key_start, "Statement", 9) == 0;
        skip_space(&sc);
        if (text[sc.i] != ':')
            return false;
        advance(&sc);
        skip_space(&sc);
        if (is_statement) {
            bool list = text[sc.i] == '[';
            if (list)
                advance(&sc);
            for (size_t k = 0;; k++) {
                skip_space(&sc);
                struct text_position s;
                mark(&sc, &s);
                bool object = text[sc.i] == '{';
                if (!skip_value(&sc))
                    return false;
                if (k == index && object) {
                    *start = s;
                    mark(&sc, end);
                    return true;
                }
                skip_space(&sc);
                if (!list || text[sc.i] != ',')
                    return false;
                advance(&sc);
            }
        }
        if (!skip_value(&sc))
            return false;
        skip_space(&sc);
        if (text[sc.i] != ',')
            return false;
        advance(&sc);
    }
}
