/* Resource policy documents (SQS queue and SNS topic policies, S3 bucket policies, and the
 * resource policies of the services to come): parsed and checked once, at the strictness a
 * service answers with, the problem reported for the service's own error; and the statement
 * edits AddPermission / RemovePermission make, by Sid. */
#ifndef MOTOC_POLICY_H
#define MOTOC_POLICY_H

#include <stdbool.h>

#include <cjson/cJSON.h>

enum policy_strictness {
    POLICY_ANY_OBJECT,     /* any JSON object */
    POLICY_WITH_STATEMENT, /* a JSON object that has a Statement */
    POLICY_COMPLETE,       /* the IAM policy grammar for resource policies, below */
};

struct policy_problem {
    bool not_json;     /* not a JSON object at all (or not starting with '{') */
    char message[256]; /* what is wrong, in the words IAM-style validators use */
};

/* Checks a policy document's text. 0, or -1 with *problem filled. POLICY_COMPLETE checks:
 * Version (when present) is 2008-10-17 or 2012-10-17; Statement is one statement or a non-empty
 * list of them; each has Effect Allow or Deny, exactly one of Principal/NotPrincipal, of
 * Action/NotAction and of Resource/NotResource, string or string-list actions and resources,
 * an object of objects as Condition, and a Sid (when present) no other statement has. */
int policy_check(const char *text, enum policy_strictness strictness,
                 struct policy_problem *problem);

/* The document text describes, ready for statement edits: Statement always a list. A new
 * document {Version, Id (when id is not NULL), Statement: []} when text is NULL or not a JSON
 * object. Owned by the caller. */
cJSON *policy_document_for_edit(const char *text, const char *version, const char *id);

/* The statement of doc whose Sid is sid, or NULL. */
cJSON *policy_statement_find(cJSON *doc, const char *sid);
/* Removes the statement whose Sid is sid; false when there is none. */
bool policy_statement_remove(cJSON *doc, const char *sid);

/* The statement AddPermission writes: Sid, Effect Allow, Principal {"AWS": the accounts' root
 * ARNs (partition from region)}, Action: "<action_prefix>:<action>" for each action, Resource.
 * Single principals and actions are written as strings, several as lists, as AWS does. */
cJSON *policy_statement_for_accounts(const char *sid, const char *region, const cJSON *accounts,
                                     const char *action_prefix, const cJSON *actions,
                                     const char *resource);

#endif
