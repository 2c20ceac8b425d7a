/* Where a statement sits in a policy document's text, as the IAM simulators report it. */
#ifndef MOTOC_IAM_POLICY_POSITIONS_H
#define MOTOC_IAM_POLICY_POSITIONS_H

#include <stdbool.h>
#include <stddef.h>

struct text_position {
    int line, column; /* 1-based */
};

/* The position of the opening brace of statement `index` of the top-level Statement member, and
 * that of the character after its closing brace. false (positions untouched) when the text has
 * no such statement. */
bool policy_statement_position(const char *text, size_t index, struct text_position *start,
                               struct text_position *end);

#endif
