/* The table scripts/gen-aws-policies writes: one row per AWS managed policy. Only
 * aws_policies.c reads it. */
#ifndef MOTOC_IAM_AWS_POLICIES_DATA_H
#define MOTOC_IAM_AWS_POLICIES_DATA_H

#include <stdbool.h>
#include <stddef.h>

struct iam_aws_policy_data {
    const char *name;
    const char *path; /* "/" or "/service-role/"… */
    const char *policy_id;
    const char *default_version_id;
    bool is_attachable;
    long long create_date, update_date; /* seconds since the epoch */
    const char *document;               /* the default version's, compact JSON */
};

extern const struct iam_aws_policy_data iam_aws_policy_table[];
extern const size_t iam_aws_policy_table_size;

#endif
