/* A secret: its versions with their staging labels, its metadata, and how it is found by the
 * SecretId callers give (a name, a full ARN, or an ARN without the random suffix). */
#ifndef MOTOC_SECRETSMANAGER_SECRET_H
#define MOTOC_SECRETSMANAGER_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct call;
struct sm_region;

#define SM_CURRENT "AWSCURRENT"
#define SM_PREVIOUS "AWSPREVIOUS"
#define SM_PENDING "AWSPENDING"

struct sm_version {
    char *id;
    char *string;      /* SecretString, or NULL */
    char *binary;      /* SecretBinary as base64, or NULL */
    cJSON *stages;     /* array of label strings; empty = deprecated */
    double created;
    double last_accessed; /* 0 = never read */
};

struct sm_secret {
    char *name;
    char *arn;
    char *description;   /* NULL = none */
    char *kms_key_id;    /* as given; NULL = the AWS managed key */
    cJSON *tags;         /* NULL until tags were ever set (DescribeSecret omits Tags then) */
    char *policy;        /* resource policy text, NULL = none */
    char *owning_service;
    double created, last_changed, last_accessed;
    double deleted;      /* 0 = not scheduled for deletion */
    double deletion_date;
    /* rotation */
    bool rotation_enabled;
    char *rotation_lambda_arn;
    cJSON *rotation_rules;
    double last_rotated, next_rotation;
    /* replication: on a primary, one {Region, KmsKeyId, Status, StatusMessage, LastAccessedDate}
     * per replica; on a replica, the primary's region */
    cJSON *replicas;
    char *primary_region;
    struct sm_version *versions;
    size_t n_versions, cap_versions;
};

double sm_now(void);

struct sm_secret *secret_new(const char *name, const char *arn);
void secret_free(struct sm_secret *s);
/* A deep copy (a replica's start). */
struct sm_secret *secret_copy(const struct sm_secret *s);

struct sm_version *secret_version(struct sm_secret *s, const char *version_id);
/* The version holding stage, or NULL. */
struct sm_version *secret_version_with_stage(struct sm_secret *s, const char *stage);
bool version_has_stage(const struct sm_version *v, const char *stage);
void version_remove_stage(struct sm_version *v, const char *stage);
void version_add_stage(struct sm_version *v, const char *stage);

/* Adds a version with the value of in (SecretString / SecretBinary members), labelled with
 * stages (a JSON array, NULL = AWSCURRENT); moving AWSCURRENT makes the version that held it
 * AWSPREVIOUS, and a secret without AWSCURRENT gets it on its first version. Returns it. */
struct sm_version *secret_add_version(struct sm_secret *s, const char *version_id, const cJSON *in,
                                      const cJSON *stages);
/* Adds a version without a value labelled stage alone, as a rotation starts: its function's
 * PutSecretValue with the same id gives it its value. Returns it. */
struct sm_version *secret_add_empty_version(struct sm_secret *s, const char *version_id,
                                            const char *stage);
/* Removes version v (one without a value a rotation test made). */
void secret_remove_version(struct sm_secret *s, struct sm_version *v);
/* Whether v holds a SecretString or a SecretBinary. */
bool version_has_value(const struct sm_version *v);
/* Gives the empty version v the value of in (SecretString / SecretBinary members). */
void version_fill(struct sm_version *v, const cJSON *in);

/* Moves stage to version to (NULL = remove only), as UpdateSecretVersionStage does. */
void secret_move_stage(struct sm_secret *s, const char *stage, struct sm_version *to);

/* Whether version holds the same value as in's SecretString / SecretBinary. */
bool version_same_value(const struct sm_version *v, const cJSON *in);

/* {"version id": [stages]} of the labelled versions, NULL when there are none. */
cJSON *secret_versions_to_stages(const struct sm_secret *s);

/* DescribeSecret's answer (ListSecrets's entries when for_list). */
void secret_describe(const struct sm_secret *s, cJSON *out, bool for_list);

/* GetSecretValue's answer for version v (BatchGetSecretValue's entries). */
void secret_value_answer(const struct sm_secret *s, const struct sm_version *v, cJSON *out);

/* The random 6-character suffix AWS appends to secret ARNs. */
void secret_arn_suffix(char out[7]);

/* Whether id names s: its name, its ARN, or its ARN without the "-XXXXXX" suffix. */
bool secret_matches_id(const struct sm_secret *s, const char *id);

/* Persistence: one record per secret and back. */
cJSON *secret_to_record(const struct sm_secret *s);
struct sm_secret *secret_from_record(const cJSON *record);

#endif
