/* Login profiles (console passwords) of users and ChangePassword: passwords are checked against
 * the account's password policy once one is set, and kept only as salted PBKDF2 hashes, enough to
 * recognise the old password and passwords used recently. */
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "../core/credentials.h"
#include "../core/json_array.h"
#include "../core/params.h"
#include "access_keys.h"
#include "ops.h"
#include "principals.h"

#define PASSWORD_HASH "_PasswordHash"       /* "<salt hex>$<hash hex>" of the current password */
#define PASSWORD_HISTORY "_PasswordHistory" /* earlier hashes, newest first */
#define PASSWORD_HISTORY_KEPT 24            /* PasswordReusePrevention's maximum */
#define SALT_BYTES 16
#define HASH_BYTES 32
#define HASH_ROUNDS 10000
#define HASH_TEXT (2 * SALT_BYTES + 1 + 2 * HASH_BYTES + 1)

static void hex(const uint8_t *bytes, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", bytes[i]);
}

static bool derive(const char *password, const uint8_t salt[SALT_BYTES], char out[HASH_TEXT])
{
    uint8_t hash[HASH_BYTES];
    if (!PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, SALT_BYTES, HASH_ROUNDS,
                           EVP_sha256(), HASH_BYTES, hash))
        return false;
    hex(salt, SALT_BYTES, out);
    out[2 * SALT_BYTES] = '$';
    hex(hash, HASH_BYTES, out + 2 * SALT_BYTES + 1);
    return true;
}

static bool hash_new(const char *password, char out[HASH_TEXT])
{
    uint8_t salt[SALT_BYTES];
    if (getrandom(salt, sizeof salt, 0) != (ssize_t)sizeof salt)
        return false;
    return derive(password, salt, out);
}

/* Whether password is the one stored hash was made from. */
static bool hash_matches(const char *stored, const char *password)
{
    if (!stored || strlen(stored) != HASH_TEXT - 1 || stored[2 * SALT_BYTES] != '$')
        return false;
    uint8_t salt[SALT_BYTES];
    for (size_t i = 0; i < SALT_BYTES; i++) {
        unsigned byte;
        if (sscanf(stored + 2 * i, "%2x", &byte) != 1)
            return false;
        salt[i] = (uint8_t)byte;
    }
    char again[HASH_TEXT];
    return derive(password, salt, again) && CRYPTO_memcmp(again, stored, HASH_TEXT - 1) == 0;
}

static bool has_char_of(const char *password, int (*kind)(int))
{
    for (const unsigned char *p = (const unsigned char *)password; *p; p++)
        if (kind(*p))
            return true;
    return false;
}

static int is_symbol(int ch)
{
    return ch && strchr("!@#$%^&*()_+-=[]{}|'", ch) != NULL;
}

static int is_upper(int ch)
{
    return ch >= 'A' && ch <= 'Z';
}

static int is_lower(int ch)
{
    return ch >= 'a' && ch <= 'z';
}

static int is_digit(int ch)
{
    return ch >= '0' && ch <= '9';
}

/* The account's password policy, once set, against a new password (and, with reuse prevention,
 * the passwords the profile had); -1 after failing the call with PasswordPolicyViolation. */
static int check_password(struct call *c, const struct iam_account *a, const char *password,
                          const cJSON *profile)
{
    const cJSON *policy = a->password_policy;
    if (!policy)
        return 0;
    static const struct {
        const char *flag;
        int (*kind)(int);
        const char *message;
    } required[] = {
        {"RequireSymbols", is_symbol, "Password should have at least one symbol"},
        {"RequireNumbers", is_digit, "Password should have at least one number"},
        {"RequireUppercaseCharacters", is_upper,
         "Password should have at least one uppercase letter"},
        {"RequireLowercaseCharacters", is_lower,
         "Password should have at least one lowercase letter"},
    };
    long long minimum = param_int(policy, "MinimumPasswordLength", 6);
    if ((long long)strlen(password) < minimum)
        return call_fail(c, 400, "PasswordPolicyViolation",
                         "Password should have a minimum length of %lld", minimum);
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (param_true(policy, required[i].flag) && !has_char_of(password, required[i].kind))
            return call_fail(c, 400, "PasswordPolicyViolation", "%s", required[i].message);
    long long reuse = param_int(policy, "PasswordReusePrevention", 0);
    if (reuse > 0 && profile) {
        bool used = hash_matches(iam_string(profile, PASSWORD_HASH), password);
        const cJSON *earlier;
        long long seen = 1;
        cJSON_ArrayForEach(earlier, cJSON_GetObjectItemCaseSensitive(profile, PASSWORD_HISTORY))
            if (seen++ < reuse && hash_matches(cJSON_GetStringValue(earlier), password))
                used = true;
        if (used)
            return call_fail(c, 400, "PasswordPolicyViolation",
                             "Password was used too recently. Choose a password you have not "
                             "used in your last %lld passwords.", reuse);
    }
    return 0;
}

/* Makes password the profile's current one, the previous one moving into its history. */
static int store_password(struct call *c, cJSON *profile, const char *password)
{
    char hash[HASH_TEXT];
    if (!hash_new(password, hash))
        return call_fail(c, 500, "ServiceFailure", "The password could not be stored.");
    const char *previous = iam_string(profile, PASSWORD_HASH);
    if (previous) {
        cJSON *history = iam_array(profile, PASSWORD_HISTORY);
        json_array_insert(history, 0, cJSON_CreateString(previous));
        while (cJSON_GetArraySize(history) > PASSWORD_HISTORY_KEPT)
            cJSON_DeleteItemFromArray(history, PASSWORD_HISTORY_KEPT);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(profile, PASSWORD_HASH);
    cJSON_AddStringToObject(profile, PASSWORD_HASH, hash);
    return 0;
}

static int no_login_profile(struct call *c, const cJSON *user)
{
    return iam_fail_no_such_entity(c, "Login Profile for User %s cannot be found.",
                                   iam_string(user, "UserName"));
}

static void add_login_profile(cJSON *out, const cJSON *user, const cJSON *profile)
{
    cJSON *answer = cJSON_AddObjectToObject(out, "LoginProfile");
    cJSON_AddStringToObject(answer, "UserName", iam_string(user, "UserName"));
    cJSON_AddItemToObject(answer, "CreateDate",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(profile, "CreateDate"),
                                          true));
    cJSON_AddBoolToObject(answer, "PasswordResetRequired",
                          cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
                              profile, "PasswordResetRequired")));
}

static void set_reset_required(cJSON *profile, bool required)
{
    cJSON_DeleteItemFromObjectCaseSensitive(profile, "PasswordResetRequired");
    cJSON_AddBoolToObject(profile, "PasswordResetRequired", required);
}

int iam_create_login_profile(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = iam_user_or_caller(c, a, in);
    if (!user)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(user, IAM_LOGIN_PROFILE))
        return iam_fail_exists(c, "Login Profile for user %s already exists.",
                               iam_string(user, "UserName"));
    const char *password = param_string(in, "Password");
    if (password && check_password(c, a, password, NULL) != 0)
        return -1;
    cJSON *profile = cJSON_CreateObject();
    result_add_timestamp(profile, "CreateDate", (double)time(NULL));
    set_reset_required(profile, param_bool(in, "PasswordResetRequired", false));
    if (password && store_password(c, profile, password) != 0) {
        cJSON_Delete(profile);
        return -1;
    }
    cJSON_AddItemToObject(user, IAM_LOGIN_PROFILE, profile);
    add_login_profile(out, user, profile);
    return 0;
}

int iam_get_login_profile(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = iam_user_or_caller(c, a, in);
    if (!user)
        return -1;
    const cJSON *profile = cJSON_GetObjectItemCaseSensitive(user, IAM_LOGIN_PROFILE);
    if (!profile)
        return no_login_profile(c, user);
    add_login_profile(out, user, profile);
    return 0;
}

int iam_update_login_profile(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = iam_user_or_caller(c, a, in);
    if (!user)
        return -1;
    cJSON *profile = cJSON_GetObjectItemCaseSensitive(user, IAM_LOGIN_PROFILE);
    if (!profile)
        return no_login_profile(c, user);
    const char *password = param_string(in, "Password");
    if (password && (check_password(c, a, password, profile) != 0 ||
                     store_password(c, profile, password) != 0))
        return -1;
    if (cJSON_HasObjectItem(in, "PasswordResetRequired"))
        set_reset_required(profile, param_bool(in, "PasswordResetRequired", false));
    return 0;
}

int iam_delete_login_profile(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = iam_user_or_caller(c, a, in);
    if (!user)
        return -1;
    if (!cJSON_GetObjectItemCaseSensitive(user, IAM_LOGIN_PROFILE))
        return no_login_profile(c, user);
    cJSON_DeleteItemFromObjectCaseSensitive(user, IAM_LOGIN_PROFILE);
    return 0;
}

/* The calling IAM user changes its own password: only a user's credentials can, and only
 * knowing the current password. A change clears PasswordResetRequired. */
int iam_change_password(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    const struct issued_identity *who = credentials_lookup(c->route->access_key);
    cJSON *user = NULL, *u;
    cJSON_ArrayForEach(u, a->users)
        if (who && strcmp(iam_string(u, "Arn"), who->arn) == 0)
            user = u;
    if (!user)
        return call_fail(c, 400, "InvalidUserType",
                         "Only IAM users can change their own password.");
    cJSON *profile = cJSON_GetObjectItemCaseSensitive(user, IAM_LOGIN_PROFILE);
    if (!profile)
        return no_login_profile(c, user);
    const char *old_password = param_string(in, "OldPassword");
    const char *new_password = param_string(in, "NewPassword");
    if (!old_password)
        return call_fail_missing_parameter(c, "OldPassword");
    if (!new_password)
        return call_fail_missing_parameter(c, "NewPassword");
    const char *stored = iam_string(profile, PASSWORD_HASH);
    if (stored && !hash_matches(stored, old_password))
        return call_fail(c, 403, "AccessDenied", "The old password is incorrect.");
    if (check_password(c, a, new_password, profile) != 0 ||
        store_password(c, profile, new_password) != 0)
        return -1;
    set_reset_required(profile, false);
    return 0;
}
