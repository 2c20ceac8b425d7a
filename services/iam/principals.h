/* Users, groups and roles: the three kinds of IAM identity that hold inline policies and
 * attached managed policies, so one piece of code serves Put/Get/List/DeleteUserPolicy and their
 * group and role twins, and the Attach/Detach/ListAttached operations. */
#ifndef MOTOC_IAM_PRINCIPALS_H
#define MOTOC_IAM_PRINCIPALS_H

#include <cjson/cJSON.h>

#include "entity.h"

struct principal_kind {
    const char *label;       /* "user", in messages */
    const char *name_member; /* "UserName" */
    const char *id_member;   /* "UserId" */
    size_t list_offset;      /* of the account's list of them */
};

extern const struct principal_kind iam_user_kind, iam_group_kind, iam_role_kind;

/* Members motoc keeps on entities that answers leave out. */
#define IAM_INLINE_POLICIES "_InlinePolicies"    /* object: policy name -> document text */
#define IAM_ATTACHED_POLICIES "_AttachedPolicies" /* array of policy ARNs */
#define IAM_GROUP_MEMBERS "_Members"              /* array of user names */
#define IAM_ACCESS_KEYS "_AccessKeys"             /* array of {AccessKeyId, Status, CreateDate} */
#define IAM_LOGIN_PROFILE "_LoginProfile"         /* {CreateDate, PasswordResetRequired} */
#define IAM_TRUST_POLICY "_AssumeRolePolicyDocument"
#define IAM_PROFILE_ROLES "_Roles"                /* array of role names */
#define IAM_MFA_DEVICES "_MFADevices"             /* on users: [{SerialNumber, EnableDate}] */
#define IAM_SSH_KEYS "_SSHPublicKeys"              /* on users: [{SSHPublicKeyId, …}] */
#define IAM_SIGNING_CERTIFICATES "_SigningCertificates" /* on users: [{CertificateId, …}] */
#define IAM_SERVICE_CREDENTIALS "_ServiceSpecificCredentials" /* on users */
#define IAM_POLICY_VERSIONS "_Versions"           /* [{VersionId, Document, IsDefaultVersion,
                                                      CreateDate}] */

/* The account's list of that kind. */
cJSON *principal_list(const struct iam_account *a, const struct principal_kind *kind);
/* The named one, or NULL after failing the call with AWS's NoSuchEntity. */
cJSON *principal_get(struct call *c, const struct iam_account *a,
                     const struct principal_kind *kind, const char *name);
/* The user, group or role an ARN names, with its kind; NULL after failing the call with
 * InvalidInput (not such an ARN) or NoSuchEntity. */
cJSON *principal_from_arn(struct call *c, const struct iam_account *a, const char *arn,
                          const struct principal_kind **kind);

/* The customer managed policy with that ARN, or NULL. */
cJSON *iam_policy_find(const struct iam_account *a, const char *arn);
/* The text of the default version of the customer or AWS managed policy arn names, or NULL. */
const char *iam_managed_policy_document(const struct iam_account *a, const char *arn);
/* Whether arn names a policy that can be attached: a customer managed policy of the account or
 * an AWS managed policy. Fails the call with AWS's NoSuchEntity otherwise (-1). */
int iam_check_attachable(struct call *c, const struct iam_account *a, const char *arn);
/* The name of the policy an ARN names (its last path element). */
const char *iam_policy_name_of(const char *arn);

/* Sets entity's PermissionsBoundary to the policy arn names (nothing when arn is NULL); -1
 * after failing the call. */
int iam_set_permissions_boundary(struct call *c, const struct iam_account *a, cJSON *entity,
                                 const char *arn);
/* The DeleteConflict message for deleting a principal that still holds policies, or NULL. */
const char *iam_policies_conflict(const cJSON *principal);

/* A new role in the account (trust policy text as given); the caller has checked its name. */
cJSON *iam_role_add(struct iam_account *a, const char *name, const char *path, const char *trust,
                    const char *description);
/* How GetRole answers for a role; how ListInstanceProfiles answers for an instance profile;
 * how GetPolicy answers for a customer managed policy. */
cJSON *iam_render_role(const cJSON *role);
cJSON *iam_render_instance_profile(const struct iam_account *a, const cJSON *profile);
cJSON *iam_render_policy(const struct iam_account *a, const cJSON *policy);
/* Whether a user, group or role of the account has the managed policy arn attached or as its
 * permissions boundary. */
bool iam_policy_in_use(const struct iam_account *a, const char *arn);

#endif
