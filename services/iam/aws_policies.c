/* AWS managed policies as customer calls see them, read from the table scripts/gen-aws-policies
 * writes. GetPolicy, GetPolicyVersion, ListPolicyVersions and ListPolicies (Scope AWS or All)
 * in ops_policies.c, attachment checks and the policy simulator all look them up here. */
#include "aws_policies.h"

#include "../core/arn.h"
#include "../core/params.h"
#include "aws_policies_data.h"
#include "principals.h"

#include <stdio.h>
#include <string.h>

/* The table row arn names: "arn:<partition>:iam::aws:policy" followed by the row's path and
 * name, in any partition. */
static const struct iam_aws_policy_data *row_for(const char *arn)
{
    struct arn parsed;
    const char *path_and_name;
    if (!arn || !arn_parse_resource(arn, "iam", "policy", &parsed, &path_and_name) ||
        strcmp(parsed.account, "aws") != 0 || parsed.region[0] != '\0')
        return NULL;
    for (size_t i = 0; i < iam_aws_policy_table_size; i++) {
        const struct iam_aws_policy_data *row = &iam_aws_policy_table[i];
        const char *path = row->path + 1; /* the ARN drops the path's leading '/' */
        size_t path_len = strlen(path);
        if (strncmp(path_and_name, path, path_len) == 0 &&
            strcmp(path_and_name + path_len, row->name) == 0)
            return row;
    }
    return NULL;
}

bool iam_aws_policy_exists(const char *arn)
{
    return row_for(arn) != NULL;
}

const char *iam_aws_policy_document(const char *arn)
{
    const struct iam_aws_policy_data *row = row_for(arn);
    return row ? row->document : NULL;
}

static cJSON *entity_of(const struct iam_aws_policy_data *row, const char *partition,
                        bool with_document)
{
    char arn[512];
    snprintf(arn, sizeof arn, "arn:%s:iam::aws:policy%s%s", partition, row->path, row->name);
    cJSON *policy = cJSON_CreateObject();
    cJSON_AddStringToObject(policy, "PolicyName", row->name);
    cJSON_AddStringToObject(policy, "PolicyId", row->policy_id);
    cJSON_AddStringToObject(policy, "Arn", arn);
    cJSON_AddStringToObject(policy, "Path", row->path);
    cJSON_AddStringToObject(policy, "DefaultVersionId", row->default_version_id);
    cJSON_AddBoolToObject(policy, "IsAttachable", row->is_attachable);
    result_add_timestamp(policy, "CreateDate", (double)row->create_date);
    result_add_timestamp(policy, "UpdateDate", (double)row->update_date);
    if (with_document) {
        /* AWS answers only with the default version: the older ones are not published. */
        cJSON *version = cJSON_CreateObject();
        cJSON_AddStringToObject(version, "VersionId", row->default_version_id);
        cJSON_AddStringToObject(version, "Document", row->document);
        cJSON_AddBoolToObject(version, "IsDefaultVersion", true);
        result_add_timestamp(version, "CreateDate", (double)row->update_date);
        cJSON *versions = cJSON_AddArrayToObject(policy, IAM_POLICY_VERSIONS);
        cJSON_AddItemToArray(versions, version);
    }
    return policy;
}

cJSON *iam_aws_policy_entity(const char *arn)
{
    const struct iam_aws_policy_data *row = row_for(arn);
    struct arn parsed;
    if (!row || !arn_parse(arn, &parsed))
        return NULL;
    return entity_of(row, parsed.partition, true);
}

cJSON *iam_aws_policy_entities(const char *partition)
{
    cJSON *all = cJSON_CreateArray();
    for (size_t i = 0; i < iam_aws_policy_table_size; i++)
        cJSON_AddItemToArray(all, entity_of(&iam_aws_policy_table[i], partition, false));
    return all;
}
