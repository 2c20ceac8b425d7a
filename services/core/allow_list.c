/* Reads MOTOC_SERVICES once and answers whether a service may be served. */
#include "allow_list.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/log.h"
#include "service_index.h"

#define MAX_ALLOWED 64

static struct {
    bool read;
    bool restricted;
    size_t count;
    const struct service_info *services[MAX_ALLOWED];
    char text[1024];
} allow;

static void add_allowed(const char *name, size_t len)
{
    char buf[64];
    if (len == 0)
        return;
    if (len >= sizeof buf || allow.count == MAX_ALLOWED) {
        log_msg(LOG_ERROR, "MOTOC_SERVICES: ignoring '%.*s' (too long or too many names)", (int)len,
                name);
        return;
    }
    memcpy(buf, name, len);
    buf[len] = '\0';
    for (char *p = buf; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const struct service_info *s = service_by_name(buf);
    if (!s) {
        log_msg(LOG_ERROR, "MOTOC_SERVICES: '%s' is not an AWS service name (botocore's, e.g. s3, "
                           "sqs, dynamodb); ignoring it", buf);
        return;
    }
    allow.services[allow.count++] = s;
    size_t used = strlen(allow.text);
    snprintf(allow.text + used, sizeof allow.text - used, "%s%s", used ? ", " : "", s->name);
}

/* Services run on the loop's thread only, so reading the variable once needs no lock. */
static void read_allow_list(void)
{
    allow.read = true;
    const char *v = getenv("MOTOC_SERVICES");
    if (!v || !*v)
        return;
    allow.restricted = true;
    while (*v) {
        size_t len = strcspn(v, ", ");
        add_allowed(v, len);
        v += len;
        v += strspn(v, ", ");
    }
}

bool service_allowed(const char *service)
{
    if (!allow.read)
        read_allow_list();
    if (!allow.restricted)
        return true;
    for (size_t i = 0; i < allow.count; i++)
        if (strcmp(allow.services[i]->name, service) == 0)
            return true;
    return false;
}

const char *allowed_services_text(void)
{
    if (!allow.read)
        read_allow_list();
    return allow.text;
}
