/* Temporary credentials motoc has issued (STS), so that requests signed with them act as the
 * identity they were issued for — in that identity's account. */
#ifndef MOTOC_CREDENTIALS_H
#define MOTOC_CREDENTIALS_H

#include <stdbool.h>

struct issued_identity {
    char account[16];
    char arn[512];     /* "arn:aws:sts::111111111111:assumed-role/Role/session" */
    char user_id[256]; /* "AROA…:session" */
};

/* Records a new access key id for identity; returns it in key_out (20 chars + NUL). */
void credentials_issue(const struct issued_identity *identity, const char *key_prefix,
                       char key_out[21]);
/* The identity an access key was issued for, or NULL. */
const struct issued_identity *credentials_lookup(const char *access_key);
/* When and where a key last signed a request: AWS's GetAccessKeyLastUsed. */
struct credential_use {
    double when; /* epoch seconds; 0 = never used */
    char service[64];
    char region[32];
};

/* Records that access_key signed a request to service in region (keys motoc did not issue are
 * ignored). */
void credentials_note_use(const char *access_key, const char *service, const char *region,
                          double when);
/* The key's last use; false when motoc did not issue the key. */
bool credentials_last_use(const char *access_key, struct credential_use *out);

/* Forgets an access key (IAM's DeleteAccessKey); false when it was not known. */
bool credentials_revoke(const char *access_key);
void credentials_reset(void);

/* For persistence (persist.h): every key, oldest first (stops at fn's first non-zero and
 * returns -1); a key issued before a load; the keys moved aside during a load. */
int credentials_each(int (*fn)(const char *access_key, const struct issued_identity *identity,
                               void *arg),
                     void *arg);
void credentials_restore(const char *access_key, const struct issued_identity *identity);
void *credentials_detach(void);
void credentials_attach(void *detached);
void credentials_discard(void *detached);

#endif
