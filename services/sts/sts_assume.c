/* AssumeRole, AssumeRoleWithWebIdentity and AssumeRoleWithSAML: credentials for a role, acting in
 * the role's account. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/sha.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/codec_util.h"
#include "../core/params.h"
#include "../iam/roles.h"
#include "sts.h"

/* Session names and federated user names: [\w+=,.@-]*. */
static bool is_session_name(const char *s)
{
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("_+=,.@-", *s))
            return false;
    return true;
}

static int check_session_name(struct call *c, const char *name, const char *member)
{
    if (name && !is_session_name(name))
        return call_fail(c, 400, "ValidationError",
                         "1 validation error detected: Value '%s' at '%s' failed to satisfy "
                         "constraint: Member must satisfy regular expression pattern: "
                         "[\\w+=,.@-]*",
                         name, member);
    return 0;
}

/* A role's unique id: the RoleId IAM gave it, or for a role IAM does not hold a stable "AROA"
 * and 17 characters derived from its ARN. */
static void role_unique_id(const char *role_arn, char out[22])
{
    struct arn arn;
    const char *role;
    if (arn_parse_resource(role_arn, "iam", "role", &arn, &role) &&
        iam_role_unique_id(arn.account, arn.partition, strrchr(arn.resource, '/') + 1, out))
        return;
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)role_arn, strlen(role_arn), digest);
    memcpy(out, "AROA", 4);
    for (int i = 0; i < 17; i++)
        out[4 + i] = alphabet[digest[i] % 32];
    out[21] = '\0';
}

/* The identity of a session of role_arn; the account is the role's (a cross-account role moves
 * later calls into that account). */
static int assumed_identity(struct call *c, const char *role_arn, const char *session,
                            struct issued_identity *out)
{
    struct arn arn;
    const char *role;
    if (!arn_parse_resource(role_arn, "iam", "role", &arn, &role) || arn.resource[4] != '/')
        return call_fail(c, 400, "ValidationError", "%s is invalid", role_arn);
    memset(out, 0, sizeof *out);
    bool account_ok = strlen(arn.account) == 12;
    for (const char *p = arn.account; *p; p++)
        account_ok = account_ok && isdigit((unsigned char)*p);
    snprintf(out->account, sizeof out->account, "%s", account_ok ? arn.account : c->route->account);
    /* The role name is the last path element of role/path/…/Name. */
    const char *name = strrchr(arn.resource, '/') + 1;
    char *assumed = arn_build_in_partition(arn.partition, "sts", "", out->account,
                                           "assumed-role/%s/%s", name, session);
    snprintf(out->arn, sizeof out->arn, "%s", assumed);
    free(assumed);
    char role_id[22];
    role_unique_id(role_arn, role_id);
    snprintf(out->user_id, sizeof out->user_id, "%s:%s", role_id, session);
    return 0;
}

static void add_assumed_role_user(cJSON *out, const struct issued_identity *identity)
{
    cJSON *user = cJSON_AddObjectToObject(out, "AssumedRoleUser");
    cJSON_AddStringToObject(user, "AssumedRoleId", identity->user_id);
    cJSON_AddStringToObject(user, "Arn", identity->arn);
}

/* A role IAM knows bounds its sessions by its MaxSessionDuration; one it does not know may still
 * be assumed. Either way a role that exists records that it was used. */
static int check_role_session(struct call *c, const char *role_arn, long long duration)
{
    struct arn arn;
    const char *role;
    if (!arn_parse_resource(role_arn, "iam", "role", &arn, &role))
        return 0;
    const char *name = strrchr(arn.resource, '/') + 1;
    long max_seconds;
    if (!iam_role_max_session_duration(arn.account, arn.partition, name, &max_seconds))
        return 0;
    if (duration > max_seconds)
        return call_fail(c, 400, "ValidationError",
                         "The requested DurationSeconds exceeds the MaxSessionDuration set for "
                         "this role.");
    iam_role_note_use(arn.account, arn.partition, name, c->route->region, (double)time(NULL));
    return 0;
}

static int assume(struct call *c, const cJSON *in, cJSON *out, const char *session,
                  long long duration, struct issued_identity *identity)
{
    if (check_session_name(c, session, "roleSessionName") != 0 ||
        sts_check_session_policy(c, in, out) != 0 ||
        assumed_identity(c, param_string(in, "RoleArn"), session, identity) != 0 ||
        check_role_session(c, param_string(in, "RoleArn"), duration) != 0)
        return -1;
    sts_add_credentials(out, identity, duration);
    add_assumed_role_user(out, identity);
    if (param_string(in, "SourceIdentity"))
        cJSON_AddStringToObject(out, "SourceIdentity", param_string(in, "SourceIdentity"));
    return 0;
}

int sts_assume_role(struct call *c, const cJSON *in, cJSON *out)
{
    struct issued_identity identity;
    return assume(c, in, out, param_string(in, "RoleSessionName"),
                  param_int(in, "DurationSeconds", 3600), &identity);
}

/* The JSON claims of a JWT ("header.payload.signature", base64url), or NULL. */
static cJSON *jwt_claims(const char *token)
{
    const char *dot = strchr(token, '.');
    const char *end = dot ? strchr(dot + 1, '.') : NULL;
    if (!end)
        return NULL;
    struct buf b64 = BUF_INIT, json = BUF_INIT;
    for (const char *p = dot + 1; p < end; p++) {
        char ch = *p == '-' ? '+' : *p == '_' ? '/' : *p;
        buf_append(&b64, &ch, 1);
    }
    cJSON *claims = NULL;
    if (b64.len && base64_decode(b64.data, b64.len, &json))
        claims = cJSON_ParseWithLength(json.data, json.len);
    buf_free(&b64);
    buf_free(&json);
    return claims;
}

static const char *claim_string(const cJSON *claims, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(claims, name);
    if (cJSON_IsArray(v))
        v = cJSON_GetArrayItem(v, 0);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int sts_assume_role_with_web_identity(struct call *c, const cJSON *in, cJSON *out)
{
    const char *token = param_string(in, "WebIdentityToken");
    cJSON *claims = jwt_claims(token);
    if (!claims) {
        return call_fail(c, 400, "InvalidIdentityToken",
                         "The ID Token provided is not a valid JWT. (You may see this error if "
                         "you sent an Access Token)");
    }
    struct issued_identity identity;
    int rc = assume(c, in, out, param_string(in, "RoleSessionName"),
                    param_int(in, "DurationSeconds", 3600), &identity);
    if (rc == 0) {
        const char *sub = claim_string(claims, "sub");
        const char *aud = claim_string(claims, "aud");
        const char *iss = claim_string(claims, "iss");
        const char *provider = param_string(in, "ProviderId");
        cJSON_AddStringToObject(out, "SubjectFromWebIdentityToken", sub ? sub : "");
        cJSON_AddStringToObject(out, "Audience", aud ? aud : "");
        cJSON_AddStringToObject(out, "Provider", provider ? provider : iss ? iss : "");
    }
    cJSON_Delete(claims);
    return rc;
}

/* What STS reads out of a SAML assertion. */
struct saml_facts {
    char session[256];
    long long duration;
    char subject[256];
    char subject_type[128];
    char issuer[512];
    char audience[512];
};

static bool name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static void copy_text(const xmlNode *n, char *out, size_t size)
{
    xmlChar *text = xmlNodeGetContent(n);
    snprintf(out, size, "%s", text ? (const char *)text : "");
    xmlFree(text);
}

static void read_saml_attribute(const xmlNode *attr, struct saml_facts *f)
{
    xmlChar *name = xmlGetProp(attr, BAD_CAST "Name");
    for (const xmlNode *v = attr->children; name && v; v = v->next) {
        if (!name_is(v, "AttributeValue"))
            continue;
        char value[256];
        copy_text(v, value, sizeof value);
        if (strcmp((const char *)name, "https://aws.amazon.com/SAML/Attributes/RoleSessionName") == 0)
            snprintf(f->session, sizeof f->session, "%s", value);
        else if (strcmp((const char *)name,
                        "https://aws.amazon.com/SAML/Attributes/SessionDuration") == 0)
            f->duration = atoll(value);
        break;
    }
    xmlFree(name);
}

static void walk_saml(const xmlNode *n, struct saml_facts *f, int depth)
{
    for (; n && depth < 32; n = n->next) {
        if (name_is(n, "Attribute")) {
            read_saml_attribute(n, f);
        } else if (name_is(n, "NameID")) {
            copy_text(n, f->subject, sizeof f->subject);
            xmlChar *format = xmlGetProp(n, BAD_CAST "Format");
            const char *last = format ? strrchr((const char *)format, ':') : NULL;
            snprintf(f->subject_type, sizeof f->subject_type, "%s", last ? last + 1 : "persistent");
            xmlFree(format);
        } else if (name_is(n, "Issuer") && !f->issuer[0]) {
            copy_text(n, f->issuer, sizeof f->issuer);
        } else if (name_is(n, "Audience") && !f->audience[0]) {
            copy_text(n, f->audience, sizeof f->audience);
        }
        walk_saml(n->children, f, depth + 1);
    }
}

static bool parse_saml(const char *assertion_b64, struct saml_facts *f)
{
    memset(f, 0, sizeof *f);
    f->duration = 3600;
    struct buf xml = BUF_INIT;
    bool ok = false;
    if (assertion_b64 && base64_decode(assertion_b64, strlen(assertion_b64), &xml) && xml.len) {
        xmlDocPtr doc = xmlReadMemory(xml.data, (int)xml.len, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (doc) {
            walk_saml(xmlDocGetRootElement(doc), f, 0);
            ok = f->session[0] != '\0';
            xmlFreeDoc(doc);
        }
    }
    buf_free(&xml);
    return ok;
}

/* NameQualifier = base64(SHA1(issuer + account + "/" + provider name)), as STS documents. */
static void name_qualifier(const char *issuer, const char *account, const char *principal_arn,
                           struct buf *out)
{
    const char *slash = principal_arn ? strrchr(principal_arn, '/') : NULL;
    struct buf input = BUF_INIT;
    buf_printf(&input, "%s%s/%s", issuer, account, slash ? slash + 1 : "");
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1((const unsigned char *)input.data, input.len, digest);
    base64_encode(digest, sizeof digest, out);
    buf_free(&input);
}

int sts_assume_role_with_saml(struct call *c, const cJSON *in, cJSON *out)
{
    struct saml_facts f;
    if (!parse_saml(param_string(in, "SAMLAssertion"), &f))
        return call_fail(c, 400, "InvalidIdentityToken",
                         "Invalid SAML response: the assertion could not be parsed or names no "
                         "RoleSessionName attribute");
    struct issued_identity identity;
    long long duration = param_int(in, "DurationSeconds", f.duration);
    if (assume(c, in, out, f.session, duration, &identity) != 0)
        return -1;
    cJSON_AddStringToObject(out, "Subject", f.subject);
    cJSON_AddStringToObject(out, "SubjectType", f.subject_type[0] ? f.subject_type : "persistent");
    cJSON_AddStringToObject(out, "Issuer", f.issuer);
    cJSON_AddStringToObject(out, "Audience",
                            f.audience[0] ? f.audience : "https://signin.aws.amazon.com/saml");
    struct buf qualifier = BUF_INIT;
    name_qualifier(f.issuer, identity.account, param_string(in, "PrincipalArn"), &qualifier);
    cJSON_AddStringToObject(out, "NameQualifier", qualifier.data);
    buf_free(&qualifier);
    return 0;
}
