/* NextToken paging of SNS listings (100 entries a page). */
#ifndef MOTOC_SNS_PAGING_H
#define MOTOC_SNS_PAGING_H

#include "../core/backend.h"

#define SNS_PAGE_SIZE 100

/* The index a listing resumes at (0 without a token); -1 after failing the call for a token
 * SNS did not issue. */
long page_start(struct call *c, const char *token);

#endif
