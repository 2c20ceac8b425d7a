/* MFA devices: virtual ones the account creates (seed and QR code handed out once), and any
 * device, virtual or hardware, enabled for a user. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "ops.h"
#include "principals.h"
#include "qr_png.h"


static cJSON *device_find(const struct iam_account *a, const char *serial)
{
    return iam_entity_find(a->mfa_devices, "SerialNumber", serial);
}

/* A base32 seed of 32 characters, as AWS hands out for TOTP apps. */
static void random_seed(char out[33])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    uint8_t bytes[32];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
        memset(bytes, 11, sizeof bytes);
    for (int i = 0; i < 32; i++)
        out[i] = alphabet[bytes[i] % 32];
    out[32] = '\0';
}

int iam_create_virtual_mfa_device(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    const char *name = param_string(in, "VirtualMFADeviceName");
    const char *path = param_string(in, "Path") ? param_string(in, "Path") : "/";
    size_t path_len = strlen(path);
    if (path_len == 0 || path[0] != '/' || path[path_len - 1] != '/' || strstr(path, "//"))
        return iam_fail_validation(c, "The specified value for path is invalid. It must begin "
                                      "and end with / and contain only alphanumeric characters "
                                      "and/or / characters.");
    if (iam_check_name(c, name, "virtualMFADeviceName") != 0)
        return -1;
    char *serial = iam_arn(a, "mfa", path, name);
    bool exists = device_find(a, serial) != NULL;
    if (exists) {
        free(serial);
        return iam_fail_exists(c, "MFADevice entity at the same path and name already exists.");
    }
    cJSON *device = cJSON_CreateObject();
    cJSON_AddStringToObject(device, "SerialNumber", serial);
    cJSON_AddArrayToObject(device, "Tags");
    if (iam_tags_add(c, device, in) != 0) {
        cJSON_Delete(device);
        free(serial);
        return -1;
    }
    cJSON_AddItemToArray(a->mfa_devices, device);

    char seed[33];
    random_seed(seed);
    struct buf encoded = BUF_INIT, uri = BUF_INIT, png = BUF_INIT, png64 = BUF_INIT;
    base64_encode(seed, strlen(seed), &encoded);
    buf_printf(&uri, "otpauth://totp/Amazon%%20Web%%20Services:%s@%s?secret=%s", name, a->account,
               seed);
    qr_png_encode(uri.data, &png);
    base64_encode(png.data, png.len, &png64);
    cJSON *answer = cJSON_AddObjectToObject(out, "VirtualMFADevice");
    cJSON_AddStringToObject(answer, "SerialNumber", serial);
    cJSON_AddStringToObject(answer, "Base32StringSeed", encoded.data);
    cJSON_AddStringToObject(answer, "QRCodePNG", png64.data ? png64.data : "");
    iam_add_tags_if_any(device, answer);
    buf_free(&encoded);
    buf_free(&uri);
    buf_free(&png);
    buf_free(&png64);
    free(serial);
    return 0;
}

int iam_delete_virtual_mfa_device(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    const char *serial = param_string(in, "SerialNumber");
    cJSON *device = device_find(a, serial);
    if (!device)
        return iam_fail_no_such_entity(c, "VirtualMFADevice with serial number %s doesn't exist.",
                                       serial ? serial : "");
    if (cJSON_HasObjectItem(device, "_UserName"))
        return iam_fail_delete_conflict(c, "MFA Device is still in use.");
    cJSON_DetachItemViaPointer(a->mfa_devices, device);
    cJSON_Delete(device);
    return 0;
}

struct device_filter {
    const char *assignment; /* Assigned, Unassigned, Any or NULL */
    const struct iam_account *account;
};

static bool device_kept(const cJSON *device, void *arg)
{
    const struct device_filter *f = arg;
    bool assigned = cJSON_HasObjectItem(device, "_UserName");
    if (!f->assignment || strcmp(f->assignment, "Any") == 0)
        return true;
    return strcmp(f->assignment, "Assigned") == 0 ? assigned : !assigned;
}

static cJSON *render_device(const cJSON *device, void *arg)
{
    const struct device_filter *f = arg;
    static const char *const members[] = {"SerialNumber", "EnableDate", "Tags", NULL};
    cJSON *out = iam_render(device, members);
    const char *user_name = iam_string(device, "_UserName");
    const cJSON *user = user_name ? iam_entity_find(f->account->users, "UserName", user_name)
                                  : NULL;
    if (user) {
        static const char *const user_members[] = {"Path", "UserName", "UserId", "Arn",
                                                   "CreateDate", "Tags", NULL};
        cJSON_AddItemToObject(out, "User", iam_render(user, user_members));
    }
    return out;
}

int iam_list_virtual_mfa_devices(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    struct device_filter f = {param_string(in, "AssignmentStatus"), a};
    return iam_list_page(c, in, out, "VirtualMFADevices", a->mfa_devices, device_kept,
                         render_device, &f);
}

static cJSON *user_device(const cJSON *user, const char *serial)
{
    return iam_entity_find(cJSON_GetObjectItemCaseSensitive(user, IAM_MFA_DEVICES),
                           "SerialNumber", serial);
}

static bool is_auth_code(const char *code)
{
    return code && strlen(code) == 6 && strspn(code, "0123456789") == 6;
}

int iam_enable_mfa_device(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    const char *serial = param_string(in, "SerialNumber");
    if (!user)
        return -1;
    if (!is_auth_code(param_string(in, "AuthenticationCode1")) ||
        !is_auth_code(param_string(in, "AuthenticationCode2")))
        return call_fail(c, 403, "InvalidAuthenticationCode",
                         "Authentication code for device is not valid.");
    if (user_device(user, serial))
        return iam_fail_exists(c, "Device %s already exists.", serial);
    double now = (double)time(NULL);
    cJSON *device = device_find(a, serial);
    if (device) {
        if (cJSON_HasObjectItem(device, "_UserName"))
            return iam_fail_exists(c, "Device %s already exists.", serial);
        cJSON_AddStringToObject(device, "_UserName", iam_string(user, "UserName"));
        result_add_timestamp(device, "EnableDate", now);
    }
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "SerialNumber", serial);
    result_add_timestamp(entry, "EnableDate", now);
    cJSON_AddItemToArray(iam_array(user, IAM_MFA_DEVICES), entry);
    return 0;
}

static cJSON *user_device_get(struct call *c, struct iam_account *a, const cJSON *in,
                              cJSON **user_out)
{
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    const char *serial = param_string(in, "SerialNumber");
    cJSON *device = user ? user_device(user, serial) : NULL;
    if (user && !device)
        iam_fail_no_such_entity(c, "Device %s is not enabled for user %s.",
                                serial ? serial : "", iam_string(user, "UserName"));
    *user_out = user;
    return device;
}

int iam_deactivate_mfa_device(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user;
    cJSON *device = user_device_get(c, a, in, &user);
    if (!device)
        return -1;
    cJSON *virtual_device = device_find(a, iam_string(device, "SerialNumber"));
    if (virtual_device) {
        cJSON_DeleteItemFromObjectCaseSensitive(virtual_device, "_UserName");
        cJSON_DeleteItemFromObjectCaseSensitive(virtual_device, "EnableDate");
    }
    cJSON_DetachItemViaPointer(iam_array(user, IAM_MFA_DEVICES), device);
    cJSON_Delete(device);
    return 0;
}

int iam_resync_mfa_device(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user;
    if (!user_device_get(c, a, in, &user))
        return -1;
    if (!is_auth_code(param_string(in, "AuthenticationCode1")) ||
        !is_auth_code(param_string(in, "AuthenticationCode2")))
        return call_fail(c, 403, "InvalidAuthenticationCode",
                         "Authentication code for device is not valid.");
    return 0;
}

static cJSON *render_user_device(const cJSON *device, void *user)
{
    cJSON *out = cJSON_Duplicate(device, true);
    cJSON_AddStringToObject(out, "UserName", iam_string(user, "UserName"));
    return out;
}

int iam_list_mfa_devices(struct call *c, const cJSON *in, cJSON *out)
{
    struct iam_account *a = iam_account_for_call(c);
    cJSON *user = principal_get(c, a, &iam_user_kind, param_string(in, "UserName"));
    if (!user)
        return -1;
    return iam_list_page(c, in, out, "MFADevices", iam_array(user, IAM_MFA_DEVICES), NULL,
                         render_user_device, user);
}

/* A virtual MFA device by its serial number (its ARN), as the tagging calls name it; NULL after
 * failing the call. */
static cJSON *device_get(struct call *c, const struct iam_account *a, const cJSON *in)
{
    const char *serial = param_string(in, "SerialNumber");
    cJSON *device = device_find(a, serial);
    if (!device)
        iam_fail_no_such_entity(c, "VirtualMFADevice with serial number %s doesn't exist.",
                                serial ? serial : "");
    return device;
}

int iam_tag_mfa_device(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    cJSON *device = device_get(c, iam_account_for_call(c), in);
    return device ? iam_tag_entity(c, device, in) : -1;
}

int iam_untag_mfa_device(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    cJSON *device = device_get(c, iam_account_for_call(c), in);
    return device ? iam_untag_entity(c, device, in) : -1;
}

int iam_list_mfa_device_tags(struct call *c, const cJSON *in, cJSON *out)
{
    const cJSON *device = device_get(c, iam_account_for_call(c), in);
    return device ? iam_list_entity_tags(c, device, in, out) : -1;
}

/* GetMFADevice describes FIDO security keys, which are registered in the console only: through
 * the API no user has one, so any serial number is unknown once the user is. */
int iam_get_mfa_device(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct iam_account *a = iam_account_for_call(c);
    if (param_string(in, "UserName") &&
        !principal_get(c, a, &iam_user_kind, param_string(in, "UserName")))
        return -1;
    const char *serial = param_string(in, "SerialNumber");
    return iam_fail_no_such_entity(c, "MFA device with serial number %s does not exist.",
                                   serial ? serial : "");
}
