/* DynamoDB's reserved words. */
#ifndef MOTOC_DDB_RESERVED_WORDS_H
#define MOTOC_DDB_RESERVED_WORDS_H

#include <stdbool.h>

/* Case-insensitive. */
bool is_reserved_word(const char *word);

#endif
