/* SNS's own errors, in the kit's style (core/call_error.h). */
#ifndef MOTOC_SNS_ERRORS_H
#define MOTOC_SNS_ERRORS_H

#include "../core/backend.h"

/* Fails the call with InvalidParameter "Invalid parameter: <what>". */
int fail_invalid_parameter(struct call *c, const char *what);
/* Fails the call with 404 NotFound and message. */
int fail_not_found(struct call *c, const char *message);

#endif
