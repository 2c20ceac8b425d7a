/* AWS managed policies (arn:<partition>:iam::aws:policy/<path><name>): they exist in every
 * account and partition, and no account can change them. */
#ifndef MOTOC_IAM_AWS_POLICIES_H
#define MOTOC_IAM_AWS_POLICIES_H

#include <stdbool.h>

#include <cjson/cJSON.h>

/* Whether arn names one of the AWS managed policies motoc carries (any partition). */
bool iam_aws_policy_exists(const char *arn);

/* The JSON text of the default version of the AWS managed policy arn, or NULL. */
const char *iam_aws_policy_document(const char *arn);

/* The AWS managed policy arn as an entity shaped like the account's own policies (PolicyName,
 * PolicyId, Arn, Path, DefaultVersionId, IsAttachable, CreateDate, UpdateDate and its one
 * version), owned by the caller; NULL when arn names none. */
cJSON *iam_aws_policy_entity(const char *arn);

/* Every AWS managed policy of partition as such entities, without their documents; owned by
 * the caller. */
cJSON *iam_aws_policy_entities(const char *partition);

#endif
