/* The tokenizer DynamoDB's expression language and PartiQL share; the dialect decides what
 * placeholders, literals and punctuation exist. */
#include "lexer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../http/buf.h"

static bool is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

static size_t word_length(const char *p)
{
    size_t n = 1;
    while (is_word_char(p[n]))
        n++;
    return n;
}

/* Expression list indexes: digits run on through word characters so "1a" is one bad index. */
static size_t expression_number_length(const char *p)
{
    return word_length(p);
}

/* PartiQL numbers: digits and dots, then an optional exponent. */
static size_t partiql_number_length(const char *p)
{
    size_t n = 0;
    while (isdigit((unsigned char)p[n]) || p[n] == '.')
        n++;
    if (p[n] == 'e' || p[n] == 'E') {
        n++;
        if (p[n] == '+' || p[n] == '-')
            n++;
        while (isdigit((unsigned char)p[n]))
            n++;
    }
    return n;
}

/* 'text' or "name", a doubled quote standing for itself; 0 when unterminated. */
static size_t quoted_length(const char *p)
{
    char quote = *p;
    size_t n = 1;
    for (;;) {
        if (p[n] == '\0')
            return 0;
        if (p[n] == quote) {
            if (p[n + 1] == quote) {
                n += 2;
                continue;
            }
            return n + 1;
        }
        n++;
    }
}

static struct token punctuation(const char *p, enum lex_dialect dialect)
{
    static const struct {
        const char *text;
        enum token_type type;
        bool partiql_only;
    } PUNCT[] = {
        /* two-character forms first */
        {"<>", TOK_NE, false},      {"<=", TOK_LE, false},      {">=", TOK_GE, false},
        {"!=", TOK_NE, true},       {"<<", TOK_SET_OPEN, true}, {">>", TOK_SET_CLOSE, true},
        {"(", TOK_LPAREN, false},   {")", TOK_RPAREN, false},   {"[", TOK_LBRACKET, false},
        {"]", TOK_RBRACKET, false}, {",", TOK_COMMA, false},    {".", TOK_DOT, false},
        {"=", TOK_EQ, false},       {"<", TOK_LT, false},       {">", TOK_GT, false},
        {"+", TOK_PLUS, false},     {"-", TOK_MINUS, false},    {"{", TOK_LBRACE, true},
        {"}", TOK_RBRACE, true},    {":", TOK_COLON, true},     {"*", TOK_STAR, true},
    };
    for (size_t i = 0; i < sizeof PUNCT / sizeof PUNCT[0]; i++) {
        if (PUNCT[i].partiql_only && dialect != LEX_PARTIQL)
            continue;
        size_t len = strlen(PUNCT[i].text);
        if (strncmp(p, PUNCT[i].text, len) == 0)
            return (struct token){PUNCT[i].type, p, len};
    }
    return (struct token){TOK_BAD, p, 1};
}

static struct token lex_one(const char *p, enum lex_dialect dialect)
{
    char c = *p;
    if (c == '\0')
        return (struct token){TOK_EOF, p, 0};
    if (isalpha((unsigned char)c) || c == '_')
        return (struct token){TOK_IDENT, p, word_length(p)};
    if (dialect == LEX_EXPRESSION) {
        if (isdigit((unsigned char)c))
            return (struct token){TOK_NUMBER, p, expression_number_length(p)};
        if (c == '#' || c == ':') {
            size_t n = word_length(p);
            if (n == 1)
                return (struct token){TOK_BAD, p, 1};
            return (struct token){c == '#' ? TOK_NAME : TOK_VALUE, p, n};
        }
        return punctuation(p, dialect);
    }
    if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p[1])))
        return (struct token){TOK_NUMBER, p, partiql_number_length(p)};
    if (c == '\'' || c == '"') {
        size_t n = quoted_length(p);
        if (n == 0)
            return (struct token){TOK_BAD, p, 1};
        return (struct token){c == '\'' ? TOK_STRING : TOK_QUOTED_IDENT, p, n};
    }
    if (c == '?')
        return (struct token){TOK_PARAM, p, 1};
    return punctuation(p, dialect);
}

long lex_tokenize(struct token_stream *s, const char *text, enum lex_dialect dialect)
{
    size_t cap = 16;
    long first_bad = -1;
    s->tokens = xmalloc(cap * sizeof *s->tokens);
    s->n = s->pos = 0;
    for (const char *p = text;;) {
        while (isspace((unsigned char)*p))
            p++;
        struct token t = lex_one(p, dialect);
        if (s->n == cap) {
            cap *= 2;
            s->tokens = xrealloc(s->tokens, cap * sizeof *s->tokens);
        }
        if (t.type == TOK_BAD && first_bad < 0)
            first_bad = (long)s->n;
        s->tokens[s->n++] = t;
        if (t.type == TOK_EOF)
            return first_bad;
        p += t.len;
    }
}

void token_stream_free(struct token_stream *s)
{
    free(s->tokens);
    s->tokens = NULL;
    s->n = s->pos = 0;
}

const struct token *ts_peek(const struct token_stream *s)
{
    return &s->tokens[s->pos];
}

const struct token *ts_peek_at(const struct token_stream *s, size_t ahead)
{
    size_t i = s->pos + ahead;
    return &s->tokens[i < s->n ? i : s->n - 1];
}

const struct token *ts_advance(struct token_stream *s)
{
    const struct token *t = &s->tokens[s->pos];
    if (t->type != TOK_EOF)
        s->pos++;
    return t;
}

bool ts_accept(struct token_stream *s, enum token_type type)
{
    if (ts_peek(s)->type != type)
        return false;
    ts_advance(s);
    return true;
}

bool ts_accept_word(struct token_stream *s, const char *word)
{
    if (!token_is_word(ts_peek(s), word))
        return false;
    ts_advance(s);
    return true;
}

bool token_is_word(const struct token *t, const char *word)
{
    return t->type == TOK_IDENT && strlen(word) == t->len &&
           strncasecmp(t->start, word, t->len) == 0;
}
