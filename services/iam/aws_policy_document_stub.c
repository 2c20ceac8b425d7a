/* TEMPORARY: stands in for the AWS managed policy documents until they are part of motoc; delete
 * this file when aws_policies.c defines iam_aws_policy_document. Until then simulations treat
 * attached AWS managed policies as absent. */
#include <stddef.h>

#include "ops_simulate.h"

const char *iam_aws_policy_document(const char *arn)
{
    (void)arn;
    return NULL;
}
