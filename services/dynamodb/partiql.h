/* PartiQL statements (the operations are in ops.h). */
#ifndef MOTOC_DDB_PARTIQL_H
#define MOTOC_DDB_PARTIQL_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* Parses a statement and throws the result away: 0, or -1 with DynamoDB's message in error
 * (for fuzzing the parser on its own). */
int partiql_parse_only(const char *text, const cJSON *parameters, char *error, size_t size);

#endif
