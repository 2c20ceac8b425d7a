/* What KMS operations share: the key a call names (looked up, and checked against the key
 * policy's explicit denials), the clock, and blob members of the params and result trees. */
#ifndef MOTOC_KMS_CALL_H
#define MOTOC_KMS_CALL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "../../http/buf.h"
#include "../core/backend.h"
#include "lookup.h"

/* The key in[member] names for c, or NULL after failing c (not found, or denied by a key
 * policy). */
struct kms_key *call_key(struct call *c, const cJSON *in, const char *member,
                         enum key_naming naming);
/* The same, and the key must be usable for cryptography (key_check_usable). */
struct kms_key *call_usable_key(struct call *c, const cJSON *in, const char *member);

/* Records a successful cryptographic operation of c on k (GetKeyLastUsage). */
void call_note_key_use(struct call *c, struct kms_key *k);

/* Seconds since the epoch, with milliseconds. */
double kms_now(void);

/* The bytes of the blob member in[name] (base64 in the tree); false when absent. */
bool param_blob(const cJSON *in, const char *name, struct buf *out);
/* Adds bytes to out as a blob member. */
void result_add_blob(cJSON *out, const char *name, const void *bytes, size_t len);
/* Wipes and frees a buffer that held plaintext or key material. */
void buf_wipe_free(struct buf *b);

#endif
