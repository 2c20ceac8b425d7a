/* One service calling an operation of another in process (Lambda writing its functions' logs,
 * minting their credentials): validated like a request from that account and region, run by the
 * service's own operation, so every side effect (subscriptions, alarms, notifications) happens
 * exactly as for a client's call. */
#ifndef MOTOC_INTERNAL_CALL_H
#define MOTOC_INTERNAL_CALL_H

#include <cjson/cJSON.h>

#include "protocol.h"

/* Runs service's operation (model names: "logs", "PutLogEvents") with params (not taken). On
 * success returns 0 and, when result is not NULL, the operation's result tree (owned by the
 * caller). On failure returns -1 with the AWS error the client would have got in err (clear it).
 * Operations that wait (a ReceiveMessage with WaitTimeSeconds) are answered at once. */
int internal_call(const char *service, const char *operation, const char *account,
                  const char *region, const cJSON *params, cJSON **result,
                  struct proto_error *err);

#endif
