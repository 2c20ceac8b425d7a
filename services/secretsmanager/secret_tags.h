/* Secret tags under AWS's rules for Secrets Manager. */
#ifndef MOTOC_SECRETSMANAGER_SECRET_TAGS_H
#define MOTOC_SECRETSMANAGER_SECRET_TAGS_H

#include <cjson/cJSON.h>

struct call;

/* A new tag set from a request's Tags, or NULL after failing the call. */
cJSON *secret_tags_from_request(struct call *c, const cJSON *tags, const char *secret_name);

#endif
