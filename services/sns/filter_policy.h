/* SNS subscription filter policies: validation as SetSubscriptionAttributes does it, and matching
 * a published message against a policy, on its message attributes or on its JSON body. Supports
 * every operator SNS documents: exact strings and numbers, prefix, suffix, equals-ignore-case,
 * anything-but (values, prefix, suffix), numeric ranges, exists, cidr, $or, and nested keys for
 * the body scope. */
#ifndef MOTOC_SNS_FILTER_POLICY_H
#define MOTOC_SNS_FILTER_POLICY_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/protocol.h"

enum filter_scope {
    FILTER_SCOPE_MESSAGE_ATTRIBUTES,
    FILTER_SCOPE_MESSAGE_BODY,
};

/* The policy text parsed and checked for scope; NULL with err (InvalidParameter) when SNS would
 * refuse it. The empty object is a valid policy that matches everything. */
cJSON *filter_policy_parse(const char *text, enum filter_scope scope, struct proto_error *err);

/* Whether a message passes the policy. attributes are the published MessageAttributes
 * ({"name": {"DataType": …, "StringValue"|"BinaryValue": …}}, NULL for none); message is the
 * message text, read as JSON for the body scope. */
bool filter_policy_match(const cJSON *policy, enum filter_scope scope, const cJSON *attributes,
                         const char *message);

#endif
