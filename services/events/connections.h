/* Connections: how API destinations authorize their requests. */
#ifndef MOTOC_EVENTS_CONNECTIONS_H
#define MOTOC_EVENTS_CONNECTIONS_H

#include <cjson/cJSON.h>

/* The connection an ARN names, or NULL. */
const cJSON *connection_from_arn(const char *arn);

#endif
