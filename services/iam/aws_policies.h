/* The seam to AWS managed policies (arn:<partition>:iam::aws:policy/…), which exist in every
 * account and which no account can change. */
#ifndef MOTOC_IAM_AWS_POLICIES_H
#define MOTOC_IAM_AWS_POLICIES_H

#include <stdbool.h>

/* Whether arn names an AWS managed policy. */
bool iam_aws_policy_exists(const char *arn);

#endif
