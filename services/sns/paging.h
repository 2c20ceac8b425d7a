/* NextToken paging of SNS listings (100 entries a page), and SNS's common errors. */
#ifndef MOTOC_SNS_PAGING_H
#define MOTOC_SNS_PAGING_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"

#define SNS_PAGE_SIZE 100

/* The index a listing resumes at (0 without a token); -1 after failing the call for a token
 * SNS did not issue. */
long page_start(struct call *c, const char *token);

/* Fails the call with InvalidParameter "Invalid parameter: <what>". */
int fail_invalid_parameter(struct call *c, const char *what);
/* Fails the call with NotFound. */
int fail_not_found(struct call *c, const char *message);

#endif
