/* How operations fail: one family of helpers every service answers its errors with. Each sets
 * the call's (or a bare proto_error's) code, HTTP status and message, and returns -1 so that
 * `return call_fail(...)` ends an operation. The protocol codec turns the error into the body the
 * request's protocol expects; extra members of the error shape (S3's <BucketName>, <Key>,
 * <ArgumentName>…) ride along as fields, in the order they were added.
 *
 * Services wrap these only to name an error whose text is their own (s3_fail_no_such_bucket,
 * ddb_validation, SNS's "Invalid parameter: …"), never to set an error another way. */
#ifndef MOTOC_CALL_ERROR_H
#define MOTOC_CALL_ERROR_H

#include <stdarg.h>

#include <cjson/cJSON.h>

struct call;
struct proto_error;

int call_fail(struct call *c, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int call_vfail(struct call *c, int status, const char *code, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* Fails with message as it is, then adds the NULL-terminated name, value pairs that follow as
 * members of the error (a NULL value is sent empty):
 *   call_fail_fields(c, 404, "NoSuchBucket", "…", "BucketName", name, NULL) */
int call_fail_fields(struct call *c, int status, const char *code, const char *message, ...)
    __attribute__((sentinel));
/* Adds one member to the error the call already has: a string, or any JSON value (owned by the
 * error afterwards, e.g. DynamoDB's CancellationReasons list). */
void call_error_field(struct call *c, const char *name, const char *value);
void call_error_member(struct call *c, const char *name, cJSON *value);

/* The same for checks that run without a call (entries of a batch, deliveries between
 * services): they fill err, which the caller reports. */
int error_fail(struct proto_error *err, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int error_vfail(struct proto_error *err, int status, const char *code, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* ---- errors many services share, with their usual status ---- */

/* 400 ValidationException (the JSON services' model and parameter errors). */
int call_fail_validation(struct call *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* 400 ResourceNotFoundException. */
int call_fail_resource_not_found(struct call *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* 400 MissingParameter "The request must contain the parameter NAME." (query services). */
int call_fail_missing_parameter(struct call *c, const char *name);
/* 400 InvalidParameterValue (query services). */
int call_fail_invalid_parameter_value(struct call *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int error_fail_invalid_parameter_value(struct proto_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
