/* AWS's policy evaluation for one request: identity policies, optional permissions boundaries and
 * an optional resource policy decide allowed / implicitDeny / explicitDeny for an action on a
 * resource, given the request's context keys. Reusable by request authorization. */
#ifndef MOTOC_IAM_POLICY_EVAL_H
#define MOTOC_IAM_POLICY_EVAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum eval_decision { EVAL_IMPLICIT_DENY, EVAL_ALLOWED, EVAL_EXPLICIT_DENY };

struct eval_context_entry {
    const char *key;            /* matched case-insensitively, e.g. "aws:SourceIp" */
    const char *const *values;  /* several values make a multivalued key */
    size_t count;
};

struct eval_request {
    const char *action;    /* "s3:GetObject" */
    const char *resource;  /* ARN or "*" */
    const char *principal; /* caller ARN, for Principal in resource policies; may be NULL */
    const struct eval_context_entry *context;
    size_t context_count;
    /* The resource belongs to another account than the caller's: then an identity policy and
     * the resource policy must both allow. */
    bool cross_account;
};

struct eval_policies {
    const cJSON *const *identity; /* parsed documents */
    size_t identity_count;
    const cJSON *const *boundary; /* empty: no permissions boundary */
    size_t boundary_count;
    const cJSON *resource_policy; /* NULL: none */
};

enum eval_policy_set { EVAL_SET_IDENTITY, EVAL_SET_BOUNDARY, EVAL_SET_RESOURCE };

/* A statement that decided: which list its policy came from, the policy's index there and the
 * statement's index in the policy's Statement list (0 for a lone statement object). */
struct eval_match {
    enum eval_policy_set set;
    size_t policy, statement;
};

/* Condition keys a statement needed that the context lacked (bounded list, deduplicated). */
#define EVAL_MAX_MISSING 16
#define EVAL_MAX_MATCHED 32
struct eval_result {
    enum eval_decision decision;
    enum eval_decision boundary_decision; /* EVAL_ALLOWED when no boundary applies */
    const char *missing[EVAL_MAX_MISSING]; /* point into the documents */
    size_t missing_count;
    /* The statements that decided, as the simulators report MatchedStatements: the denying ones
     * for an explicit deny, the allowing identity and resource policy ones for an allow, none for
     * an implicit deny. */
    struct eval_match matched[EVAL_MAX_MATCHED];
    size_t matched_count;
};

void policy_evaluate(const struct eval_policies *policies, const struct eval_request *request,
                     struct eval_result *result);

const char *eval_decision_name(enum eval_decision decision);

/* AWS's wildcard match: '*' any run, '?' one character. */
bool policy_wildcard_match(const char *pattern, const char *text, bool ignore_case);

#endif
