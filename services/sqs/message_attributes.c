/* Validates message and system attributes as SQS does, and computes their size and their MD5
 * digest in SQS's byte layout. */
#include "message_attributes.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "../../http/buf.h"
#include "../core/call_error.h"
#include "../core/codec_util.h"
#include "../core/wire_text.h"

#define MAX_ATTRIBUTE_NAME 256
#define MAX_DATA_TYPE 256

/* The transport bytes of the canonical encoding SDKs hash. */
#define TRANSPORT_STRING 1
#define TRANSPORT_BINARY 2

enum attribute_kind attribute_kind_of(const char *data_type)
{
    static const struct {
        const char *prefix;
        enum attribute_kind kind;
    } kinds[] = {
        {"String", ATTRIBUTE_STRING},
        {"Number", ATTRIBUTE_NUMBER},
        {"Binary", ATTRIBUTE_BINARY},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t len = strlen(kinds[i].prefix);
        if (strncmp(data_type, kinds[i].prefix, len) == 0 &&
            (data_type[len] == '\0' || (data_type[len] == '.' && data_type[len + 1])))
            return kinds[i].kind;
    }
    return ATTRIBUTE_INVALID;
}

static bool valid_attribute_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > MAX_ATTRIBUTE_NAME || name[0] == '.' || name[len - 1] == '.' ||
        strstr(name, ".."))
        return false;
    if (strncasecmp(name, "AWS.", 4) == 0 || strncasecmp(name, "Amazon.", 7) == 0)
        return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.')
            return false;
    return true;
}

/* A decimal number as SQS accepts it: optional sign, digits with an optional fraction, optional
 * exponent; at most 38 significant digits. */
static bool valid_number(const char *text)
{
    const char *p = text;
    if (*p == '+' || *p == '-')
        p++;
    int digits = 0, significant = 0;
    bool leading = true;
    for (; isdigit((unsigned char)*p) || *p == '.'; p++) {
        if (*p == '.')
            continue;
        digits++;
        if (*p != '0')
            leading = false;
        if (!leading)
            significant++;
    }
    if (digits == 0 || strchr(text, '.') != strrchr(text, '.'))
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p || significant > 38)
        return false;
    char *end;
    double v = strtod(text, &end);
    return v == 0 || (v > -1e126 && v < 1e126 && (v >= 1e-128 || v <= -1e-128));
}

static int validate_one(const char *name, const cJSON *value, struct proto_error *err)
{
    if (!valid_attribute_name(name))
        return error_fail_invalid_parameter_value(
            err,
            "The message attribute name '%s' is invalid. Attribute name can contain "
            "A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters.",
            name);
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(value, "DataType"));
    if (!type || !*type)
        return error_fail_invalid_parameter_value(
            err, "The message attribute '%s' must contain non-empty message attribute type.", name);
    enum attribute_kind kind = attribute_kind_of(type);
    if (kind == ATTRIBUTE_INVALID || strlen(type) > MAX_DATA_TYPE)
        return error_fail_invalid_parameter_value(
            err,
            "The message attribute '%s' has an invalid message attribute type, the set "
            "of supported type prefixes is Binary, Number, and String.",
            name);
    const char *string_value =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(value, "StringValue"));
    const char *binary_value =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(value, "BinaryValue"));
    bool binary = kind == ATTRIBUTE_BINARY;
    if (binary ? string_value != NULL : binary_value != NULL)
        return error_fail_invalid_parameter_value(
            err, "The message attribute '%s' with type '%s' must use field '%s'.", name, type,
            binary ? "Binary" : "String");
    const char *present = binary ? binary_value : string_value;
    if (!present || !*present)
        return error_fail_invalid_parameter_value(
            err,
            "The message attribute '%s' must contain non-empty message attribute value "
            "for message attribute type '%s'.",
            name, type);
    if (kind == ATTRIBUTE_NUMBER && !valid_number(string_value))
        return error_fail_invalid_parameter_value(
            err, "Could not cast message attribute '%s' value to number.", name);
    long bad = binary ? -1 : sqs_first_invalid_character(string_value);
    if (bad >= 0)
        return error_fail_invalid_parameter_value(
            err,
            "Invalid binary character '#x%lX' was found in the message attribute '%s', "
            "the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | "
            "[#xE000-#xFFFD] | [#x10000-#x10FFFF].",
            bad, name);
    return 0;
}

int message_attributes_validate(const cJSON *attributes, struct proto_error *err)
{
    if (!attributes)
        return 0;
    int count = cJSON_GetArraySize(attributes);
    if (count > SQS_MAX_MESSAGE_ATTRIBUTES)
        return error_fail_invalid_parameter_value(
            err, "Number of message attributes [%d] exceeds the allowed maximum [%d].", count,
            SQS_MAX_MESSAGE_ATTRIBUTES);
    const cJSON *attribute;
    cJSON_ArrayForEach(attribute, attributes)
    {
        if (validate_one(attribute->string, attribute, err) != 0)
            return -1;
    }
    return 0;
}

int message_system_attributes_validate(const cJSON *attributes, struct proto_error *err)
{
    const cJSON *attribute;
    cJSON_ArrayForEach(attribute, attributes)
    {
        if (strcmp(attribute->string, "AWSTraceHeader") != 0)
            return error_fail_invalid_parameter_value(
                err, "Message system attribute name '%s' is invalid.", attribute->string);
        const char *type =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(attribute, "DataType"));
        if (!type || strcmp(type, "String") != 0)
            return error_fail_invalid_parameter_value(
                err,
                "Message system attribute '%s' has an invalid data type; only String "
                "is supported.",
                attribute->string);
        if (validate_one(attribute->string, attribute, err) != 0)
            return -1;
    }
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void digest_length_prefixed(EVP_MD_CTX *md, const void *data, size_t len)
{
    uint32_t n = (uint32_t)len;
    unsigned char prefix[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
                               (unsigned char)(n >> 8), (unsigned char)n};
    EVP_DigestUpdate(md, prefix, sizeof prefix);
    EVP_DigestUpdate(md, data, len);
}

static void digest_attribute(EVP_MD_CTX *md, const char *name, const cJSON *value)
{
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(value, "DataType"));
    if (!type)
        type = "";
    digest_length_prefixed(md, name, strlen(name));
    digest_length_prefixed(md, type, strlen(type));
    if (attribute_kind_of(type) == ATTRIBUTE_BINARY) {
        const char *b64 =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(value, "BinaryValue"));
        struct buf bytes = BUF_INIT;
        if (b64)
            base64_decode(b64, strlen(b64), &bytes);
        unsigned char transport = TRANSPORT_BINARY;
        EVP_DigestUpdate(md, &transport, 1);
        digest_length_prefixed(md, bytes.data ? bytes.data : "", bytes.len);
        buf_free(&bytes);
    } else {
        const char *text =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(value, "StringValue"));
        unsigned char transport = TRANSPORT_STRING;
        EVP_DigestUpdate(md, &transport, 1);
        digest_length_prefixed(md, text ? text : "", text ? strlen(text) : 0);
    }
}

void message_attributes_md5(const cJSON *attributes, char out[33])
{
    out[0] = '\0';
    int count = cJSON_GetArraySize(attributes);
    if (count <= 0)
        return;
    const char **names = xmalloc((size_t)count * sizeof *names);
    int n = 0;
    const cJSON *attribute;
    cJSON_ArrayForEach(attribute, attributes) names[n++] = attribute->string;
    qsort(names, (size_t)n, sizeof *names, compare_names);

    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_DigestInit_ex(md, EVP_md5(), NULL);
    for (int i = 0; i < n; i++)
        digest_attribute(md, names[i], cJSON_GetObjectItemCaseSensitive(attributes, names[i]));
    unsigned char digest[16];
    EVP_DigestFinal_ex(md, digest, NULL);
    EVP_MD_CTX_free(md);
    free(names);
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

size_t message_attributes_size(const cJSON *attributes)
{
    size_t size = 0;
    const cJSON *attribute;
    cJSON_ArrayForEach(attribute, attributes)
    {
        const char *type =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(attribute, "DataType"));
        const char *text =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(attribute, "StringValue"));
        const char *b64 =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(attribute, "BinaryValue"));
        size += strlen(attribute->string) + (type ? strlen(type) : 0);
        if (text)
            size += strlen(text);
        if (b64) {
            size_t len = strlen(b64);
            size += len / 4 * 3;
        }
    }
    return size;
}

static bool allowed_character(uint32_t cp)
{
    return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
           (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

long sqs_first_invalid_character(const char *text)
{
    const char *p = text;
    while (*p) {
        uint32_t cp;
        size_t len = wire_text_next(p, &cp);
        if (len == 0)
            return (unsigned char)*p;
        if (!allowed_character(cp))
            return cp;
        p += len;
    }
    return -1;
}
