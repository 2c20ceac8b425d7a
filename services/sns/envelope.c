/* Writes the JSON envelopes SNS delivers (notifications, subscription confirmations) field
 * for field as SNS does, with their signature fields. */
#include "envelope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <openssl/evp.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/wire_text.h"

/* RSA-2048 signatures are 256 bytes. */
#define SIGNATURE_BYTES 256

void sns_timestamp_now(char out[32])
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    time_t seconds = tv.tv_sec;
    gmtime_r(&seconds, &tm);
    char date[24];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 32, "%s.%03dZ", date, (int)(tv.tv_usec / 1000));
}

/* The envelope is JSON text of its own: U+0000 in a field is written as its escape. */
static void json_string(struct buf *out, const char *text)
{
    cJSON *s = cJSON_CreateString(text ? text : "");
    char *quoted = cJSON_PrintUnformatted(s);
    wire_text_json_out(quoted, out);
    free(quoted);
    cJSON_Delete(s);
}

static void field(struct buf *out, const char *name, const char *value)
{
    if (!value)
        return;
    if (out->len > 2)
        buf_puts(out, ",\n");
    buf_printf(out, "  \"%s\" : ", name);
    json_string(out, value);
}

/* The string SNS signs: the message's fields, name and value on alternate lines. */
static void string_to_sign(const struct envelope *e, const char *timestamp, struct buf *out)
{
    const char *names[] = {"Message", "MessageId", "SubscribeURL", "Subject",
                           "Timestamp", "Token", "TopicArn", "Type"};
    const char *values[] = {e->message, e->message_id, e->subscribe_url, e->subject,
                            timestamp, e->token, e->topic_arn, e->type};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (values[i])
            buf_printf(out, "%s\n%s\n", names[i], values[i]);
}

/* Nobody can check it without AWS's certificate, so the signature need only look like one: a
 * digest of what SNS signs, stretched to an RSA signature's length. */
static void signature(const struct envelope *e, const char *timestamp, struct buf *out)
{
    struct buf text = BUF_INIT;
    string_to_sign(e, timestamp, &text);
    unsigned char bytes[SIGNATURE_BYTES];
    for (unsigned block = 0; block < SIGNATURE_BYTES / 32; block++) {
        EVP_MD_CTX *md = EVP_MD_CTX_new();
        EVP_DigestInit_ex(md, EVP_sha256(), NULL);
        EVP_DigestUpdate(md, &block, sizeof block);
        EVP_DigestUpdate(md, text.data ? text.data : "", text.len);
        EVP_DigestFinal_ex(md, bytes + block * 32, NULL);
        EVP_MD_CTX_free(md);
    }
    base64_encode(bytes, sizeof bytes, out);
    buf_free(&text);
}

static void signing_cert_url(const char *region, struct buf *out)
{
    buf_printf(out,
               "https://sns.%s.amazonaws.com/"
               "SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem",
               region);
}

static void message_attributes(struct buf *out, const cJSON *attributes)
{
    if (cJSON_GetArraySize(attributes) == 0)
        return;
    buf_puts(out, ",\n  \"MessageAttributes\" : {\n");
    const cJSON *a;
    bool first = true;
    cJSON_ArrayForEach(a, attributes)
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "DataType"));
        const char *value =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "StringValue"));
        if (!value)
            value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "BinaryValue"));
        if (!first)
            buf_puts(out, ",\n");
        first = false;
        buf_puts(out, "    ");
        json_string(out, a->string);
        buf_puts(out, " : {\"Type\":");
        json_string(out, type);
        buf_puts(out, ",\"Value\":");
        json_string(out, value);
        buf_puts(out, "}");
    }
    buf_puts(out, "\n  }");
}

char *envelope_json(const struct envelope *e)
{
    char timestamp[32];
    sns_timestamp_now(timestamp);
    struct buf sig = BUF_INIT, cert = BUF_INIT, out = BUF_INIT;
    signature(e, timestamp, &sig);
    signing_cert_url(e->region, &cert);
    buf_puts(&out, "{\n");
    field(&out, "Type", e->type);
    field(&out, "MessageId", e->message_id);
    field(&out, "SequenceNumber", e->sequence_number);
    field(&out, "Token", e->token);
    field(&out, "TopicArn", e->topic_arn);
    field(&out, "Subject", e->subject);
    field(&out, "Message", e->message);
    field(&out, "SubscribeURL", e->subscribe_url);
    field(&out, "Timestamp", timestamp);
    field(&out, "SignatureVersion", e->signature_version ? e->signature_version : "1");
    field(&out, "Signature", sig.data);
    field(&out, "SigningCertURL", cert.data);
    field(&out, "UnsubscribeURL", e->unsubscribe_url);
    message_attributes(&out, e->message_attributes);
    buf_puts(&out, "\n}");
    buf_free(&sig);
    buf_free(&cert);
    return buf_take(&out);
}
