/* One lexer for DynamoDB's two statement languages: the expression language (#name and :value
 * placeholders, no literals) and PartiQL (quoted names, string and number literals, ? parameters,
 * <<set>> brackets). Tokens point into the text; the stream ends with TOK_EOF. */
#ifndef MOTOC_DDB_LEXER_H
#define MOTOC_DDB_LEXER_H

#include <stdbool.h>
#include <stddef.h>

enum lex_dialect { LEX_EXPRESSION, LEX_PARTIQL };

enum token_type {
    TOK_EOF,
    TOK_IDENT,
    TOK_QUOTED_IDENT, /* PartiQL "name" */
    TOK_STRING,       /* PartiQL 'text' */
    TOK_NAME,         /* expression #placeholder */
    TOK_VALUE,        /* expression :placeholder */
    TOK_PARAM,        /* PartiQL ? */
    TOK_NUMBER,       /* a list index in expressions, a number literal in PartiQL */
    TOK_LPAREN,
    TOK_RPAREN,
    TOK_LBRACKET,
    TOK_RBRACKET,
    TOK_LBRACE,
    TOK_RBRACE,
    TOK_SET_OPEN,  /* << */
    TOK_SET_CLOSE, /* >> */
    TOK_COMMA,
    TOK_DOT,
    TOK_COLON,
    TOK_STAR,
    TOK_EQ,
    TOK_NE, /* <> (and != in PartiQL) */
    TOK_LT,
    TOK_LE,
    TOK_GT,
    TOK_GE,
    TOK_PLUS,
    TOK_MINUS,
    TOK_BAD,
};

struct token {
    enum token_type type;
    const char *start;
    size_t len;
};

struct token_stream {
    struct token *tokens;
    size_t n, pos;
};

/* Tokenizes all of text (a TOK_BAD token covers one character and lexing goes on after it).
 * Returns the index of the first TOK_BAD token, or -1. Free with token_stream_free. */
long lex_tokenize(struct token_stream *s, const char *text, enum lex_dialect dialect);
void token_stream_free(struct token_stream *s);

const struct token *ts_peek(const struct token_stream *s);
/* The token ahead of the current one, or TOK_EOF past the end. */
const struct token *ts_peek_at(const struct token_stream *s, size_t ahead);
/* Returns the current token and moves past it (never past TOK_EOF). */
const struct token *ts_advance(struct token_stream *s);
bool ts_accept(struct token_stream *s, enum token_type type);
bool ts_accept_word(struct token_stream *s, const char *word);

/* An identifier spelling word, case-insensitively (keywords are). */
bool token_is_word(const struct token *t, const char *word);

#endif
