/* Server access logging: a bucket whose logging is enabled gets a log object in its target
 * bucket for each request made to it, in S3's access log record format. */
#ifndef MOTOC_S3_ACCESS_LOG_H
#define MOTOC_S3_ACCESS_LOG_H

#include "../core/backend.h"

/* The backend's call_answered hook. */
void s3_access_log_record(const struct answered_call *a);

#endif
