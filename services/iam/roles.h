/* What other services (STS) ask IAM about roles, by account, partition and role name. */
#ifndef MOTOC_IAM_ROLES_H
#define MOTOC_IAM_ROLES_H

#include <stdbool.h>

/* The role's MaxSessionDuration in *seconds; false when the role does not exist. */
bool iam_role_max_session_duration(const char *account, const char *partition,
                                   const char *role_name, long *seconds);
/* The role's RoleId (AROA…) into id; false when the role does not exist. */
bool iam_role_unique_id(const char *account, const char *partition, const char *role_name,
                        char id[22]);
/* Records that the role was just assumed (its RoleLastUsed). */
void iam_role_note_use(const char *account, const char *partition, const char *role_name,
                       const char *region, double when);

#endif
