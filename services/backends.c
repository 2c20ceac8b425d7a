/* Every service backend motoc implements. A new service adds two lines here. */
#include "core/backend.h"

#include <stddef.h>

extern const struct service_backend cloudwatch_backend;
extern const struct service_backend dynamodb_backend;
extern const struct service_backend dynamodbstreams_backend;
extern const struct service_backend events_backend;
extern const struct service_backend firehose_backend;
extern const struct service_backend iam_backend;
extern const struct service_backend kinesis_backend;
extern const struct service_backend kms_backend;
extern const struct service_backend lambda_backend;
extern const struct service_backend logs_backend;
extern const struct service_backend s3_backend;
extern const struct service_backend scheduler_backend;
extern const struct service_backend secretsmanager_backend;
extern const struct service_backend sns_backend;
extern const struct service_backend sqs_backend;
extern const struct service_backend ssm_backend;
extern const struct service_backend sts_backend;

const struct service_backend *const service_backends[] = {
    &cloudwatch_backend,
    &dynamodb_backend,
    &dynamodbstreams_backend,
    &events_backend,
    &firehose_backend,
    &iam_backend,
    &kinesis_backend,
    &kms_backend,
    &lambda_backend,
    &logs_backend,
    &s3_backend,
    &scheduler_backend,
    &secretsmanager_backend,
    &sns_backend,
    &sqs_backend,
    &ssm_backend,
    &sts_backend,
    NULL,
};
