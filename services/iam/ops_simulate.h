/* What IAM's policy simulation needs from elsewhere in the service. */
#ifndef MOTOC_IAM_OPS_SIMULATE_H
#define MOTOC_IAM_OPS_SIMULATE_H

/* The default version's document of an AWS managed policy, or NULL when motoc has none. */
const char *iam_aws_policy_document(const char *arn);

#endif
