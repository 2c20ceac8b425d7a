#include "s3_call.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <openssl/sha.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"

int s3_fail(struct call *c, int status, const char *code, const char *message)
{
    return call_fail(c, status, code, "%s", message);
}

void s3_error_field(struct call *c, const char *name, const char *value)
{
    if (!c->err->fields)
        c->err->fields = cJSON_CreateObject();
    cJSON_AddStringToObject(c->err->fields, name, value ? value : "");
}

int s3_fail_no_such_bucket(struct call *c, const char *bucket)
{
    s3_fail(c, 404, "NoSuchBucket", "The specified bucket does not exist");
    s3_error_field(c, "BucketName", bucket);
    return -1;
}

int s3_fail_no_such_key(struct call *c, const char *key)
{
    s3_fail(c, 404, "NoSuchKey", "The specified key does not exist.");
    s3_error_field(c, "Key", key);
    return -1;
}

int s3_fail_malformed_xml(struct call *c)
{
    return s3_fail(c, 400, "MalformedXML",
                   "The XML you provided was not well-formed or did not validate against our "
                   "published schema");
}

int s3_fail_invalid_argument(struct call *c, const char *message, const char *name,
                             const char *value)
{
    s3_fail(c, 400, "InvalidArgument", message);
    s3_error_field(c, "ArgumentName", name);
    s3_error_field(c, "ArgumentValue", value);
    return -1;
}

int s3_fail_invalid_request(struct call *c, const char *message)
{
    return s3_fail(c, 400, "InvalidRequest", message);
}

/* ---- presigned URLs ---- */

static bool query_value(const char *query, const char *name, char *out, size_t size)
{
    size_t name_len = strlen(name);
    for (const char *p = query; p && *p;) {
        size_t len = strcspn(p, "&");
        if (len > name_len && strncmp(p, name, name_len) == 0 && p[name_len] == '=') {
            struct buf value = BUF_INIT;
            percent_decode(p + name_len + 1, len - name_len - 1, false, &value);
            snprintf(out, size, "%s", value.data ? value.data : "");
            buf_free(&value);
            return true;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    return false;
}

static bool parse_amz_date(const char *text, time_t *out)
{
    struct tm tm = {0};
    const char *end = strptime(text, "%Y%m%dT%H%M%SZ", &tm);
    if (!end || *end)
        return false;
    *out = timegm(&tm);
    return true;
}

static void format_iso(time_t t, char *out, size_t size)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* SigV4 query authentication: X-Amz-Date + X-Amz-Expires bound the URL's life. */
static int check_presigned_expiry(struct call *c)
{
    char date[32], expires[32];
    const char *query = c->http->query;
    if (!query_value(query, "X-Amz-Date", date, sizeof date) ||
        !query_value(query, "X-Amz-Expires", expires, sizeof expires))
        return 0;
    char *end;
    long seconds = strtol(expires, &end, 10);
    time_t signed_at;
    if (*end || seconds < 0 || !parse_amz_date(date, &signed_at))
        return s3_fail(c, 403, "AuthorizationQueryParametersError",
                       "X-Amz-Expires should be a number and X-Amz-Date a valid timestamp");
    if (seconds > 604800)
        return s3_fail(c, 400, "AuthorizationQueryParametersError",
                       "X-Amz-Expires must be less than a week (in seconds) that is; the "
                       "maximum expires is 604800 seconds");
    time_t now = time(NULL);
    if (now <= signed_at + seconds)
        return 0;
    char expired_at[32], server_time[32];
    format_iso(signed_at + seconds, expired_at, sizeof expired_at);
    format_iso(now, server_time, sizeof server_time);
    s3_fail(c, 403, "AccessDenied", "Request has expired");
    s3_error_field(c, "X-Amz-Expires", expires);
    s3_error_field(c, "Expires", expired_at);
    s3_error_field(c, "ServerTime", server_time);
    return -1;
}

int s3_check_request(struct call *c)
{
    return check_presigned_expiry(c);
}

struct bucket *s3_bucket_for_call(struct call *c, const cJSON *in)
{
    if (s3_check_request(c) != 0)
        return NULL;
    const char *name = param_string(in, "Bucket");
    struct bucket *b = bucket_find(name);
    if (!b) {
        s3_fail_no_such_bucket(c, name ? name : "");
        return NULL;
    }
    return b;
}

/* ---- identity and time ---- */

double s3_now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)(tv.tv_usec / 1000) / 1000.0;
}

const char *s3_canonical_id(const char *account)
{
    /* Stable per account; the exact value is S3's secret, its shape is 64 hex digits. */
    static char id[65];
    static char for_account[16];
    if (strcmp(for_account, account) != 0 || !id[0]) {
        unsigned char digest[SHA256_DIGEST_LENGTH];
        SHA256((const unsigned char *)account, strlen(account), digest);
        for (int i = 0; i < 32; i++)
            snprintf(id + 2 * i, 3, "%02x", digest[i]);
        snprintf(for_account, sizeof for_account, "%s", account);
    }
    return id;
}

void s3_add_owner(cJSON *obj, const char *name, const char *account)
{
    cJSON *owner = cJSON_AddObjectToObject(obj, name);
    cJSON_AddStringToObject(owner, "DisplayName", "webfile");
    cJSON_AddStringToObject(owner, "ID", s3_canonical_id(account));
}

/* ---- params ---- */

const char *param_string(const cJSON *in, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

double param_number(const cJSON *in, const char *name, double fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, name);
    return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}

bool param_true(const cJSON *in, const char *name)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(in, name));
}

cJSON *param_copy(const cJSON *in, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, name);
    return v ? cJSON_Duplicate(v, true) : NULL;
}
