/* The error family of call_error.h: the only place services' errors are written into a
 * proto_error. */
#include "call_error.h"

#include <stdarg.h>

#include "backend.h"

int error_vfail(struct proto_error *err, int status, const char *code, const char *fmt, va_list ap)
{
    proto_error_vset(err, status, code, fmt, ap);
    return -1;
}

int error_fail(struct proto_error *err, int status, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vfail(err, status, code, fmt, ap);
    va_end(ap);
    return -1;
}

int call_vfail(struct call *c, int status, const char *code, const char *fmt, va_list ap)
{
    return error_vfail(c->err, status, code, fmt, ap);
}

int call_fail(struct call *c, int status, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    call_vfail(c, status, code, fmt, ap);
    va_end(ap);
    return -1;
}

void call_error_member(struct call *c, const char *name, cJSON *value)
{
    if (!c->err->fields)
        c->err->fields = cJSON_CreateObject();
    cJSON_AddItemToObject(c->err->fields, name, value);
}

void call_error_field(struct call *c, const char *name, const char *value)
{
    call_error_member(c, name, cJSON_CreateString(value ? value : ""));
}

int call_fail_fields(struct call *c, int status, const char *code, const char *message, ...)
{
    call_fail(c, status, code, "%s", message);
    va_list ap;
    va_start(ap, message);
    for (const char *name; (name = va_arg(ap, const char *));)
        call_error_field(c, name, va_arg(ap, const char *));
    va_end(ap);
    return -1;
}

int call_fail_validation(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    call_vfail(c, 400, "ValidationException", fmt, ap);
    va_end(ap);
    return -1;
}

int call_fail_resource_not_found(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    call_vfail(c, 400, "ResourceNotFoundException", fmt, ap);
    va_end(ap);
    return -1;
}

int call_fail_missing_parameter(struct call *c, const char *name)
{
    return call_fail(c, 400, "MissingParameter", "The request must contain the parameter %s.",
                     name);
}

int error_fail_invalid_parameter_value(struct proto_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vfail(err, 400, "InvalidParameterValue", fmt, ap);
    va_end(ap);
    return -1;
}

int call_fail_invalid_parameter_value(struct call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vfail(c->err, 400, "InvalidParameterValue", fmt, ap);
    va_end(ap);
    return -1;
}
