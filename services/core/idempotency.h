/* Idempotency tokens (ClientRequestToken, ClientToken): a request that repeats a token gets the
 * first answer again when it asks the same thing, and the service's mismatch error when it asks
 * something else, for as long as the service remembers tokens (DynamoDB: 10 minutes). A failed
 * request leaves no trace, so its token may be used again. */
#ifndef MOTOC_IDEMPOTENCY_H
#define MOTOC_IDEMPOTENCY_H

#include <cjson/cJSON.h>

struct call;
struct idempotency_store;

struct idempotency_store *idempotency_store_new(double ttl_seconds);
void idempotency_store_free(struct idempotency_store *s);

enum idempotency_outcome {
    IDEMPOTENCY_FIRST,    /* run the request, then idempotency_finish (or _forget on failure) */
    IDEMPOTENCY_REPEAT,   /* the same request again: *answer is the first answer (borrowed) */
    IDEMPOTENCY_MISMATCH, /* the token was used for a different request */
};

/* Looks token up for request (all of whose members must match), at now (seconds); tokens older
 * than the store's lifetime are gone. */
enum idempotency_outcome idempotency_begin(struct idempotency_store *s, const char *token,
                                           const cJSON *request, double now, const cJSON **answer);
/* Remembers answer (copied) as the first answer of token's request. */
void idempotency_finish(struct idempotency_store *s, const char *token, const cJSON *answer);
/* Forgets token (its request failed). */
void idempotency_forget(struct idempotency_store *s, const char *token);

/* The remembered tokens as a JSON array (oldest first), for a service's saved state; NULL when
 * there are none. */
cJSON *idempotency_store_save(const struct idempotency_store *s);
/* Adds the tokens saved by idempotency_store_save; -1 when saved is not such an array. */
int idempotency_store_load(struct idempotency_store *s, const cJSON *saved);

/* For operations: 0 = run the request (no token, or its first use), 1 = answered: out holds a
 * copy of the first answer, -1 = failed the call with 400 mismatch_code and message. */
int idempotency_call(struct call *c, struct idempotency_store *s, const char *token,
                     const cJSON *request, cJSON *out, const char *mismatch_code,
                     const char *mismatch_message);

#endif
