/* Secrets other services keep for their own resources, as AWS does (EventBridge connections keep
 * their credentials in "events!connection/<name>/<uuid>"): owned by that service
 * (OwningService, the aws:secretsmanager:owningService tag), created, rewritten and deleted in
 * process. */
#ifndef MOTOC_SECRETSMANAGER_SERVICE_SECRET_H
#define MOTOC_SECRETSMANAGER_SERVICE_SECRET_H

/* Creates the secret name in account+region holding value (a SecretString) for owning_service;
 * returns its ARN (caller frees). */
char *service_secret_create(const char *account, const char *region, const char *name,
                            const char *owning_service, const char *value);

/* Stores value as the new current version of the secret arn names (nothing when it is gone). */
void service_secret_update(const char *arn, const char *value);

/* The current SecretString of the secret arn names, or NULL (borrowed). */
const char *service_secret_value(const char *arn);

/* Deletes the secret arn names at once, with no recovery window. */
void service_secret_delete(const char *arn);

#endif
