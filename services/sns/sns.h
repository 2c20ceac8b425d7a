/* The SNS service, as the core sees it. */
#ifndef MOTOC_SNS_H
#define MOTOC_SNS_H

#include "../core/backend.h"

extern const struct service_backend sns_backend;

/* Publishes message to the standard topic topic_arn names (any account and region) as Publish
 * would, for another service in process (S3 event notifications). 0, or -1 when there is no
 * such standard topic. */
int sns_publish_from_service(const char *topic_arn, const char *subject, const char *message);

#endif
