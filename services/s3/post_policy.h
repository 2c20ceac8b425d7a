/* HTML form uploads (POST Object): the form's fields, and the policy document that governs them
 * (base64 of JSON with "expiration" and "conditions"), checked the way S3 checks it. Signatures
 * are not verified, as nowhere else in motoc. */
#ifndef MOTOC_S3_POST_POLICY_H
#define MOTOC_S3_POST_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "../core/backend.h"

struct post_field {
    char *name; /* as the form sent it; compared without regard to case */
    char *value;
};

/* The fields before the file, and what the policy also speaks of. */
struct post_form {
    struct post_field *fields;
    size_t count, cap;
    const char *bucket; /* the bucket the form is posted to (borrowed) */
    uint64_t file_size;
};

void post_form_add(struct post_form *f, const char *name, const char *value);
/* The value of the first field of that name, or NULL. */
const char *post_form_get(const struct post_form *f, const char *name);
void post_form_free(struct post_form *f);

/* Decodes policy_b64 and checks its expiration, each condition, and that every field of the
 * form is one a condition names: 0, or -1 after failing the call (InvalidPolicyDocument,
 * AccessDenied "Invalid according to Policy: …", EntityTooSmall, EntityTooLarge). */
int post_policy_check(struct call *c, const char *policy_b64, const struct post_form *form);

#endif
