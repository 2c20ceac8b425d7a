/* A rotation by Lambda function under way. Secrets Manager invokes the function once per step,
 * createSecret, setSecret, testSecret and finishSecret, each after the one before has answered;
 * what the rotation leaves is what the function did through the Secrets Manager API. A step
 * that fails ends the rotation with AWSPENDING left in place (AWS retries such a rotation later;
 * motoc logs the failure and stops). */
#ifndef MOTOC_SECRETSMANAGER_ROTATION_RUN_H
#define MOTOC_SECRETSMANAGER_ROTATION_RUN_H

#include <stdbool.h>

struct proto_error;

struct rotation_request {
    const char *account, *region;
    const char *secret_arn;
    const char *function;   /* RotationLambdaARN */
    const char *token;      /* ClientRequestToken: the id of the AWSPENDING version */
    bool test_only;         /* RotateImmediately false: testSecret alone, then the AWSPENDING
                             * version it tested goes */
};

/* Starts the steps of req. 0, or -1 with err set when the function cannot be invoked. */
int rotation_start(const struct rotation_request *req, struct proto_error *err);

/* Forgets every rotation under way (state reset). */
void rotation_reset(void);

#endif
