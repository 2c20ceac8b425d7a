/* Where Lambda sends the record of an invocation or a batch it gave up on: an SQS queue, an SNS
 * topic, an EventBridge bus or another function, named by ARN. */
#ifndef MOTOC_LAMBDA_DESTINATION_H
#define MOTOC_LAMBDA_DESTINATION_H

#include <cjson/cJSON.h>

/* Delivers body to target through the target service's own operation (SendMessage, Publish,
 * PutEvents with detail_type, or an Event invocation). attributes are SQS/SNS message attributes
 * (may be NULL). A delivery that fails is logged, as Lambda only records it in metrics. */
void lambda_destination_send(const char *target, const char *body, const char *detail_type,
                             const char *function_arn, const cJSON *attributes);

#endif
