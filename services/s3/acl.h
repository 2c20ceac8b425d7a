/* Access control lists as S3 stores them: an owner and grants, from a canned ACL, x-amz-grant-*
 * headers or an AccessControlPolicy document. motoc records and returns them; it does not
 * enforce them. */
#ifndef MOTOC_S3_ACL_H
#define MOTOC_S3_ACL_H

#include <stdbool.h>

#include <cjson/cJSON.h>

/* The policy a request's ACL / Grant* params describe (owner full control when neither is
 * given); NULL when a grant header is malformed or the canned ACL unknown. */
cJSON *acl_from_request(const cJSON *in, const char *owner_account);
bool acl_canned_is_known(const char *canned);
/* Whether the params ask for no more than S3's default, the owner's full control (no grant
 * header, no canned ACL or "private"): what objects keep as no ACL at all. */
bool acl_request_is_private(const cJSON *in);

#endif
