/* AWS managed policies as customer calls see them. Until motoc carries their documents, every
 * well-formed AWS managed policy ARN is taken to exist, so that attaching one (as most
 * infrastructure code does) works. The data of the real ones plugs in here: this becomes a
 * lookup of arn in that data, and GetPolicy, GetPolicyVersion and ListPolicies (Scope AWS or
 * All) in ops_policies.c read the same data for arn:<partition>:iam::aws:policy/… ARNs. */
#include "aws_policies.h"

#include "../core/arn.h"

#include <string.h>

bool iam_aws_policy_exists(const char *arn)
{
    struct arn parsed;
    const char *name;
    return arn && arn_parse_resource(arn, "iam", "policy", &parsed, &name) &&
           strcmp(parsed.account, "aws") == 0 && parsed.region[0] == '\0' && name[0] != '\0';
}
