/* What every IAM operation does with entities: unique ids and ARNs as AWS makes them, name and
 * path checks, AWS's NoSuchEntity / EntityAlreadyExists / DeleteConflict answers, policy
 * documents as IAM returns them, tags, and the Marker/MaxItems pages of every List call. */
#ifndef MOTOC_IAM_ENTITY_H
#define MOTOC_IAM_ENTITY_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"
#include "state.h"

/* 21 characters: the prefix ("AIDA", "AGPA", "AROA", "ANPA", "AIPA"…, at most 4 used) followed
 * by random uppercase letters and digits. */
void iam_unique_id(const char *prefix, char out[22]);

/* "arn:<partition>:iam::<account>:<type><path><name>"; owned by the caller. */
char *iam_arn(const struct iam_account *a, const char *type, const char *path, const char *name);

/* The request's Path (default "/"), or NULL after failing the call when it is not one AWS
 * accepts ("/" or "/…/" of printable ASCII). member names it in the error. */
const char *iam_path_param(struct call *c, const cJSON *in, const char *member);
/* Checks an entity name against [\w+=,.@-]+; -1 after failing the call. */
int iam_check_name(struct call *c, const char *name, const char *member);

/* 404 NoSuchEntity / 409 EntityAlreadyExists / 409 DeleteConflict / 409 LimitExceeded /
 * 400 ValidationError / 400 MalformedPolicyDocument, with message as given. */
int iam_fail_no_such_entity(struct call *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int iam_fail_exists(struct call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int iam_fail_delete_conflict(struct call *c, const char *message);
int iam_fail_limit(struct call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int iam_fail_validation(struct call *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A new entity with its name, id, ARN, path and creation date members. */
cJSON *iam_entity_new(const struct iam_account *a, const char *type, const char *name_member,
                      const char *name, const char *id_member, const char *id_prefix,
                      const char *path);

/* A copy of entity's members named in the NULL-terminated list (those it has). */
cJSON *iam_render(const cJSON *entity, const char *const *members);

/* The string member of entity, or NULL. */
const char *iam_string(const cJSON *entity, const char *member);
/* The array member of entity, created empty when it has none. */
cJSON *iam_array(cJSON *entity, const char *member);
/* The object member of entity, created empty when it has none. */
cJSON *iam_object(cJSON *entity, const char *member);
/* Whether the array of strings holds text (exactly). */
bool iam_strings_contain(const cJSON *strings, const char *text);
/* Removes text from the array of strings; false when it was not there. */
bool iam_strings_remove(cJSON *strings, const char *text);

/* ---- policy documents ---- */

/* What an identity policy (principal_required false) or a trust policy (true) must be; -1 after
 * failing the call with AWS's MalformedPolicyDocument message. */
int iam_check_policy_document(struct call *c, const char *text, bool trust_policy);
/* Adds the document as IAM returns it: percent-encoded (the SDKs decode it). */
void iam_add_document(cJSON *out, const char *member, const char *text);

/* ---- tags ---- */

/* The entity's Tags merged with the request's Tags member; -1 after failing the call. */
int iam_tags_add(struct call *c, cJSON *entity, const cJSON *in);
/* Echoes entity's Tags into out, as create calls answer them, unless it has none. */
void iam_add_tags_if_any(const cJSON *entity, cJSON *out);
int iam_tag_entity(struct call *c, cJSON *entity, const cJSON *in);
int iam_untag_entity(struct call *c, cJSON *entity, const cJSON *in);
int iam_list_entity_tags(struct call *c, const cJSON *entity, const cJSON *in, cJSON *out);

/* ---- pages ---- */

/* One page of the entities of list that keep(entity, arg) accepts (NULL: all), each rendered
 * by render(entity, arg) into out[member], with IsTruncated and Marker as IAM pages them
 * (MaxItems, default 100). -1 after failing the call for a Marker motoc did not issue. */
int iam_list_page(struct call *c, const cJSON *in, cJSON *out, const char *member,
                  const cJSON *list, bool (*keep)(const cJSON *entity, void *arg),
                  cJSON *(*render)(const cJSON *entity, void *arg), void *arg);
/* A page over several lists at once (GetAccountAuthorizationDetails, ListEntitiesForPolicy):
 * MaxItems bounds the items of all of them together and one Marker resumes where the page
 * stopped. iam_page_begin reads MaxItems and Marker (-1 after failing the call); iam_page_take
 * says whether the next item, in the operation's fixed order, goes on this page;
 * iam_page_end adds IsTruncated and Marker to out. */
struct iam_page {
    long size, start, seen, listed;
    bool truncated;
};
int iam_page_begin(struct call *c, const cJSON *in, struct iam_page *page);
bool iam_page_take(struct iam_page *page);
void iam_page_end(const struct iam_page *page, cJSON *out);

/* Whether entity's Path starts with the request's PathPrefix (always when absent). */
bool iam_path_matches(const cJSON *entity, const char *prefix);

#endif
