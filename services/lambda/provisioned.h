/* Provisioned concurrency: environments kept initialized for a function version or alias,
 * stored on the function as "_provisioned_concurrency" ({qualifier: config}). motoc starts
 * environments on demand either way, so a config is bookkeeping: it is READY as soon as it is
 * stored (PutProvisionedConcurrencyConfig answers IN_PROGRESS, as AWS does while it allocates;
 * every later read answers READY), and it counts against concurrency as AWS counts it. */
#ifndef MOTOC_LAMBDA_PROVISIONED_H
#define MOTOC_LAMBDA_PROVISIONED_H

#include <cjson/cJSON.h>

/* The concurrency function takes from its account's pool: its reserved concurrency when it has
 * one (its provisioned concurrency comes out of that), else the provisioned concurrency of all
 * its versions and aliases. */
int lambda_concurrency_claimed(const cJSON *function);

/* The provisioned concurrency of all the function's versions and aliases. */
int lambda_provisioned_total(const cJSON *function);

#endif
