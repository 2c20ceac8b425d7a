/* IAM's saved state: a record loads back to the same state, and records whose entities lack
 * what the operations read are refused instead of loaded. */
#include <stdlib.h>

#include "../../services/iam/state.h"
#include "check.h"
#include "persistence_check.h"

extern const struct service_backend iam_backend;

static cJSON *account_record(const char *users_json)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"account\":\"123456789012\",\"region\":\"aws\",\"users\":%s,\"groups\":[],"
             "\"roles\":[],\"policies\":[],\"instance_profiles\":[],\"aliases\":[],"
             "\"mfa_devices\":[],\"saml_providers\":[],\"oidc_providers\":[],"
             "\"server_certificates\":[]}",
             users_json);
    return cJSON_Parse(text);
}

static int load(const char *users_json, char *refusal, size_t size)
{
    struct memory_reader reader = {{no_file, note_refusal}, ""};
    cJSON *record = account_record(users_json);
    int rc = iam_persistence.load(&reader.base, record, iam_persistence.format_version);
    cJSON_Delete(record);
    snprintf(refusal, size, "%s", reader.refusal);
    return rc;
}

#define USER "\"UserName\":\"alice\",\"UserId\":\"AIDAEXAMPLE\",\"Arn\":\"arn:aws:iam::123456789012:user/alice\",\"Path\":\"/\""

int main(void)
{
    char refusal[512];
    CHECK(load("[{" USER ",\"_AccessKeys\":[{\"AccessKeyId\":\"AKIA1\",\"Status\":\"Active\"}],"
               "\"_InlinePolicies\":{\"p\":\"{}\"},\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}]",
               refusal, sizeof refusal) == 0,
          "a whole user loads: %s", refusal);
    struct iam_account *a = iam_account_find("123456789012", "aws");
    CHECK(a && cJSON_GetArraySize(a->users) == 1, "the user is there after the load");
    check_persistence_round_trip(&iam_backend);
    iam_accounts_reset();

    static const char *const broken[] = {
        "[1]",
        "[{\"UserName\":\"alice\"}]",
        "[{" USER ",\"_AccessKeys\":[{\"AccessKeyId\":7}]}]",
        "[{" USER ",\"_InlinePolicies\":{\"p\":{}}}]",
        "[{" USER ",\"_AttachedPolicies\":[null]}]",
        "[{" USER ",\"Tags\":[{\"Key\":\"k\"}]}]",
        "{}",
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        CHECK(load(broken[i], refusal, sizeof refusal) == -1, "refuses %s", broken[i]);
        CHECK(refusal[0] != '\0', "says why it refuses %s", broken[i]);
    }
    iam_accounts_reset();
    return test_summary("iam_persist");
}
