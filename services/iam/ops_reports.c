/* What IAM reports about the whole account: the credential report (AWS's CSV), the account
 * authorization details, and the service-linked roles AWS services create in it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/credentials.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "aws_policies.h"
#include "ops.h"
#include "principals.h"

/* ---- service-linked roles ---- */

/* The role names AWS gives the service-linked roles of common services: AWSServiceRoleFor
 * followed by this. */
static const struct {
    const char *service, *role_suffix;
} linked_role_names[] = {
    {"autoscaling.amazonaws.com", "AutoScaling"},
    {"elasticbeanstalk.amazonaws.com", "ElasticBeanstalk"},
    {"custom-resource.application-autoscaling.amazonaws.com",
     "ApplicationAutoScaling_CustomResource"},
    {"dynamodb.application-autoscaling.amazonaws.com", "ApplicationAutoScaling_DynamoDBTable"},
    {"ecs.application-autoscaling.amazonaws.com", "ApplicationAutoScaling_ECSService"},
    {"lambda.application-autoscaling.amazonaws.com", "ApplicationAutoScaling_LambdaConcurrency"},
    {"ecs.amazonaws.com", "ECS"},
    {"elasticloadbalancing.amazonaws.com", "ElasticLoadBalancing"},
    {"rds.amazonaws.com", "RDS"},
    {"eks.amazonaws.com", "AmazonEKS"},
    {"eks-nodegroup.amazonaws.com", "AmazonEKSNodegroup"},
    {"spot.amazonaws.com", "EC2Spot"},
    {"spotfleet.amazonaws.com", "EC2SpotFleet"},
    {"organizations.amazonaws.com", "Organizations"},
    {"config.amazonaws.com", "Config"},
    {"es.amazonaws.com", "AmazonElasticsearchService"},
    {"opensearchservice.amazonaws.com", "AmazonOpenSearchService"},
    {"sso.amazonaws.com", "SSO"},
    {"support.amazonaws.com", "Support"},
    {"trustedadvisor.amazonaws.com", "TrustedAdvisor"},
    {"guardduty.amazonaws.com", "AmazonGuardDuty"},
    {"securityhub.amazonaws.com", "SecurityHub"},
    {"cloudtrail.amazonaws.com", "CloudTrail"},
};

static void linked_role_name(const char *service, const char *suffix, struct buf *out)
{
    buf_puts(out, "AWSServiceRoleFor");
    const char *known = NULL;
    for (size_t i = 0; i < sizeof linked_role_names / sizeof linked_role_names[0]; i++)
        if (strcmp(linked_role_names[i].service, service) == 0)
            known = linked_role_names[i].role_suffix;
    if (known) {
        buf_puts(out, known);
    } else {
        /* Other services: the service's own name, before .amazonaws.com. */
        const char *dot = strstr(service, ".amazonaws.com");
        buf_append(out, service, dot ? (size_t)(dot - service) : strlen(service));
    }
    if (suffix)
        buf_printf(out, "_%s", suffix);
}

int iam_create_service_linked_role(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *service = param_string(in, "AWSServiceName");
    struct buf name = BUF_INIT, path = BUF_INIT;
    linked_role_name(service, param_string(in, "CustomSuffix"), &name);
    buf_printf(&path, "/aws-service-role/%s/", service);
    int rc = 0;
    if (iam_entity_find(a->roles, "RoleName", name.data)) {
        rc = call_fail(c, 400, "InvalidInput",
                       "Service role name %s has been taken in this account, please try a "
                       "different suffix.",
                       name.data);
    } else {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "Version", "2012-10-17");
        cJSON *statement = cJSON_CreateObject();
        cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "Statement"), statement);
        cJSON_AddItemToArray(cJSON_AddArrayToObject(statement, "Action"),
                             cJSON_CreateString("sts:AssumeRole"));
        cJSON_AddStringToObject(statement, "Effect", "Allow");
        cJSON *principal = cJSON_AddObjectToObject(statement, "Principal");
        cJSON_AddItemToArray(cJSON_AddArrayToObject(principal, "Service"),
                             cJSON_CreateString(service));
        char *text = cJSON_PrintUnformatted(doc);
        cJSON_Delete(doc);
        cJSON *role = iam_role_add(a, name.data, path.data, text,
                                   param_string(in, "Description"));
        free(text);
        cJSON *answer = iam_render_role(role);
        cJSON_DeleteItemFromObjectCaseSensitive(answer, "RoleLastUsed");
        cJSON_AddItemToObject(out, "Role", answer);
    }
    buf_free(&name);
    buf_free(&path);
    return rc;
}

int iam_delete_service_linked_role(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *role = principal_get(c, a, &iam_role_kind, param_string(in, "RoleName"));
    if (!role)
        return -1;
    char task_id[37];
    uuid_new(task_id);
    struct buf id = BUF_INIT;
    /* Path /aws-service-role/<service>/ names the service the task is for. */
    buf_printf(&id, "task%s%s/%s", iam_string(role, "Path"), iam_string(role, "RoleName"),
               task_id);
    cJSON_AddStringToObject(out, "DeletionTaskId", id.data);
    buf_free(&id);
    cJSON_DetachItemViaPointer(a->roles, role);
    cJSON_Delete(role);
    return 0;
}

int iam_get_service_linked_role_deletion_status(struct call *c, const cJSON *in, cJSON *out)
{
    const char *task = param_string(in, "DeletionTaskId");
    if (!task || strncmp(task, "task/", 5) != 0)
        return iam_fail_validation(c, "Invalid deletion task id %s.", task ? task : "");
    /* motoc deletes the role at once: every task has succeeded. */
    cJSON_AddStringToObject(out, "Status", "SUCCEEDED");
    return 0;
}

/* ---- credential report ---- */

static void csv_time(struct buf *out, const cJSON *entity, const char *member)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(entity, member);
    if (!cJSON_IsNumber(t)) {
        buf_puts(out, "N/A");
        return;
    }
    char text[40];
    time_t seconds = (time_t)t->valuedouble;
    struct tm tm;
    gmtime_r(&seconds, &tm);
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
    buf_puts(out, text);
}

static void csv_key_columns(struct buf *out, const cJSON *key)
{
    if (!key) {
        buf_puts(out, ",false,N/A,N/A,N/A,N/A");
        return;
    }
    buf_printf(out, ",%s,", strcmp(iam_string(key, "Status"), "Active") == 0 ? "true" : "false");
    csv_time(out, key, "CreateDate");
    struct credential_use use;
    if (credentials_last_use(iam_string(key, "AccessKeyId"), &use) && use.when > 0) {
        cJSON *when = cJSON_CreateObject();
        cJSON_AddNumberToObject(when, "t", use.when);
        buf_puts(out, ",");
        csv_time(out, when, "t");
        cJSON_Delete(when);
        buf_printf(out, ",%s,%s", use.region, use.service);
    } else {
        buf_puts(out, ",N/A,N/A,N/A");
    }
}

static void csv_cert_columns(struct buf *out, const cJSON *cert)
{
    if (!cert) {
        buf_puts(out, ",false,N/A");
        return;
    }
    buf_printf(out, ",%s,",
               strcmp(iam_string(cert, "Status"), "Active") == 0 ? "true" : "false");
    csv_time(out, cert, "UploadDate");
}

static void credential_report_csv(const struct iam_account *a, struct buf *out)
{
    buf_puts(out, "user,arn,user_creation_time,password_enabled,password_last_used,"
                  "password_last_changed,password_next_rotation,mfa_active,"
                  "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
                  "access_key_1_last_used_region,access_key_1_last_used_service,"
                  "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
                  "access_key_2_last_used_region,access_key_2_last_used_service,"
                  "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n");
    char *root = iam_arn(a, "root", "", "");
    buf_printf(out, "<root_account>,%s,N/A,not_supported,N/A,not_supported,not_supported,false,"
                    "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
               root);
    free(root);
    const cJSON *user;
    cJSON_ArrayForEach(user, a->users) {
        buf_printf(out, "%s,%s,", iam_string(user, "UserName"), iam_string(user, "Arn"));
        csv_time(out, user, "CreateDate");
        const cJSON *login = cJSON_GetObjectItemCaseSensitive(user, IAM_LOGIN_PROFILE);
        buf_printf(out, ",%s,", login ? "true" : "false");
        csv_time(out, user, "PasswordLastUsed");
        buf_puts(out, ",");
        if (login)
            csv_time(out, login, "CreateDate");
        else
            buf_puts(out, "N/A");
        buf_printf(out, ",N/A,%s",
                   cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(user, IAM_MFA_DEVICES))
                       ? "true"
                       : "false");
        const cJSON *keys = cJSON_GetObjectItemCaseSensitive(user, IAM_ACCESS_KEYS);
        csv_key_columns(out, cJSON_GetArrayItem(keys, 0));
        csv_key_columns(out, cJSON_GetArrayItem(keys, 1));
        const cJSON *certs = cJSON_GetObjectItemCaseSensitive(user, IAM_SIGNING_CERTIFICATES);
        csv_cert_columns(out, cJSON_GetArrayItem(certs, 0));
        csv_cert_columns(out, cJSON_GetArrayItem(certs, 1));
        buf_puts(out, "\n");
    }
}

int iam_generate_credential_report(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    struct iam_account *a = iam_account_for_call(c);
    /* The first request starts the report; AWS answers COMPLETE once it is there. */
    bool existed = a->credential_report != NULL;
    struct buf csv = BUF_INIT, encoded = BUF_INIT;
    credential_report_csv(a, &csv);
    base64_encode(csv.data, csv.len, &encoded);
    cJSON_Delete(a->credential_report);
    a->credential_report = cJSON_CreateObject();
    cJSON_AddStringToObject(a->credential_report, "Content", encoded.data);
    result_add_timestamp(a->credential_report, "GeneratedTime", (double)time(NULL));
    buf_free(&csv);
    buf_free(&encoded);
    cJSON_AddStringToObject(out, "State", existed ? "COMPLETE" : "STARTED");
    if (!existed)
        cJSON_AddStringToObject(out, "Description",
                                "No report exists. Starting a new report generation task");
    return 0;
}

int iam_get_credential_report(struct call *c, const cJSON *in, cJSON *out)
{
    (void)in;
    struct iam_account *a = iam_account_for_call(c);
    if (!a->credential_report)
        return call_fail(c, 410, "ReportNotPresent",
                         "Credential report not present. To generate a report, use "
                         "GenerateCredentialReport.");
    cJSON *m;
    cJSON_ArrayForEach(m, a->credential_report) {
        cJSON_AddItemToObject(out, m->string, cJSON_Duplicate(m, true));
    }
    cJSON_AddStringToObject(out, "ReportFormat", "text/csv");
    return 0;
}

/* ---- account authorization details ---- */

static void add_inline_list(cJSON *out, const char *member, const cJSON *principal)
{
    cJSON *list = cJSON_AddArrayToObject(out, member);
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(principal, IAM_INLINE_POLICIES)) {
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "PolicyName", p->string);
        iam_add_document(entry, "PolicyDocument", p->valuestring);
        cJSON_AddItemToArray(list, entry);
    }
}

static void add_attached_list(cJSON *out, const cJSON *principal)
{
    cJSON *list = cJSON_AddArrayToObject(out, "AttachedManagedPolicies");
    const cJSON *arn;
    cJSON_ArrayForEach(arn, cJSON_GetObjectItemCaseSensitive(principal, IAM_ATTACHED_POLICIES)) {
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "PolicyName", iam_policy_name_of(arn->valuestring));
        cJSON_AddStringToObject(entry, "PolicyArn", arn->valuestring);
        cJSON_AddItemToArray(list, entry);
    }
}

/* A managed policy as GetAccountAuthorizationDetails lists it: with all its versions. */
static cJSON *policy_detail(const struct iam_account *a, const cJSON *policy)
{
    static const char *const version_members[] = {"VersionId", "IsDefaultVersion", "CreateDate",
                                                  NULL};
    cJSON *p = iam_render_policy(a, policy);
    cJSON_DeleteItemFromObjectCaseSensitive(p, "Tags");
    cJSON *versions = cJSON_AddArrayToObject(p, "PolicyVersionList");
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(policy, IAM_POLICY_VERSIONS)) {
        cJSON *version = iam_render(v, version_members);
        iam_add_document(version, "Document", iam_string(v, "Document"));
        cJSON_AddItemToArray(versions, version);
    }
    return p;
}

/* list when the request's Filter asks for kind (or names no kind), else NULL. */
static const cJSON *wanted(const cJSON *filter, const char *kind, const cJSON *list)
{
    return cJSON_GetArraySize(filter) == 0 || iam_strings_contain(filter, kind) ? list : NULL;
}

int iam_get_account_authorization_details(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const cJSON *filter = cJSON_GetObjectItemCaseSensitive(in, "Filter");
    struct iam_page page;
    if (iam_page_begin(c, in, &page) != 0)
        return -1;
    static const char *const user_members[] = {"Path", "UserName", "UserId", "Arn",
                                               "CreateDate", "PermissionsBoundary", "Tags", NULL};
    static const char *const group_members[] = {"Path", "GroupName", "GroupId", "Arn",
                                                "CreateDate", NULL};
    cJSON *users = cJSON_AddArrayToObject(out, "UserDetailList");
    const cJSON *e;
    cJSON_ArrayForEach(e, wanted(filter, "User", a->users)) {
        if (!iam_page_take(&page))
            continue;
        cJSON *u = iam_render(e, user_members);
        add_inline_list(u, "UserPolicyList", e);
        cJSON *groups = cJSON_AddArrayToObject(u, "GroupList");
        const cJSON *g;
        cJSON_ArrayForEach(g, a->groups) {
            if (iam_strings_contain(cJSON_GetObjectItemCaseSensitive(g, IAM_GROUP_MEMBERS),
                                    iam_string(e, "UserName")))
                cJSON_AddItemToArray(groups, cJSON_CreateString(iam_string(g, "GroupName")));
        }
        add_attached_list(u, e);
        cJSON_AddItemToArray(users, u);
    }
    cJSON *groups = cJSON_AddArrayToObject(out, "GroupDetailList");
    cJSON_ArrayForEach(e, wanted(filter, "Group", a->groups)) {
        if (!iam_page_take(&page))
            continue;
        cJSON *g = iam_render(e, group_members);
        add_inline_list(g, "GroupPolicyList", e);
        add_attached_list(g, e);
        cJSON_AddItemToArray(groups, g);
    }
    cJSON *roles = cJSON_AddArrayToObject(out, "RoleDetailList");
    cJSON_ArrayForEach(e, wanted(filter, "Role", a->roles)) {
        if (!iam_page_take(&page))
            continue;
        cJSON *r = iam_render_role(e);
        cJSON_DeleteItemFromObjectCaseSensitive(r, "Description");
        cJSON_DeleteItemFromObjectCaseSensitive(r, "MaxSessionDuration");
        cJSON *profiles = cJSON_AddArrayToObject(r, "InstanceProfileList");
        const cJSON *p;
        cJSON_ArrayForEach(p, a->instance_profiles) {
            if (iam_strings_contain(cJSON_GetObjectItemCaseSensitive(p, IAM_PROFILE_ROLES),
                                    iam_string(e, "RoleName")))
                cJSON_AddItemToArray(profiles, iam_render_instance_profile(a, p));
        }
        add_inline_list(r, "RolePolicyList", e);
        add_attached_list(r, e);
        cJSON_AddItemToArray(roles, r);
    }
    cJSON *policies = cJSON_AddArrayToObject(out, "Policies");
    cJSON_ArrayForEach(e, wanted(filter, "LocalManagedPolicy", a->policies)) {
        if (iam_page_take(&page))
            cJSON_AddItemToArray(policies, policy_detail(a, e));
    }
    /* AWS managed policies appear once something in the account uses them. */
    bool aws_wanted = cJSON_GetArraySize(filter) == 0 ||
                      iam_strings_contain(filter, "AWSManagedPolicy");
    cJSON *aws = aws_wanted ? iam_aws_policy_entities(a->partition) : NULL;
    cJSON_ArrayForEach(e, aws) {
        const char *arn = iam_string(e, "Arn");
        if (!iam_policy_in_use(a, arn) || !iam_page_take(&page))
            continue;
        cJSON *full = iam_aws_policy_entity(arn);
        cJSON_AddItemToArray(policies, policy_detail(a, full));
        cJSON_Delete(full);
    }
    cJSON_Delete(aws);
    iam_page_end(&page, out);
    return 0;
}
