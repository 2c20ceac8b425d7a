/* Setting and clearing a proto_error, the error every codec turns into its protocol's body. */
#include "protocol.h"

#include "../../http/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void proto_error_vset(struct proto_error *e, int status, const char *code, const char *fmt,
                      va_list ap)
{
    e->status = status;
    e->sender_fault = status < 500;
    snprintf(e->code, sizeof e->code, "%s", code);
    struct buf text = BUF_INIT;
    buf_vprintf(&text, fmt, ap);
    free(e->message);
    e->message = buf_take(&text);
}

void proto_error_set(struct proto_error *e, int status, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    proto_error_vset(e, status, code, fmt, ap);
    va_end(ap);
}

void proto_error_clear(struct proto_error *e)
{
    cJSON_Delete(e->fields);
    free(e->message);
    memset(e, 0, sizeof *e);
}
