/* SNS's own errors (errors.h). */
#include "errors.h"

int fail_invalid_parameter(struct call *c, const char *what)
{
    return call_fail(c, 400, "InvalidParameter", "Invalid parameter: %s", what);
}

int fail_not_found(struct call *c, const char *message)
{
    return call_fail(c, 404, "NotFound", "%s", message);
}
