/* SQS messages: creating and freeing them, and the receipt handles that name one receipt. */
#include "message.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "../../http/buf.h"
#include "../core/codec_util.h"
#include "../core/digest.h"
#include "../core/request_id.h"
#include "../core/wire_text.h"
#include "message_attributes.h"

/* Receipt handles read "<magic>:<message id>:<serial>:<nonce>" once base64-decoded; the nonce
 * makes every handle unique, as AWS's are. */
#define RECEIPT_MAGIC "motoc-sqs-receipt"

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static cJSON *copy_map(const cJSON *map)
{
    return map && cJSON_GetArraySize(map) > 0 ? cJSON_Duplicate(map, true) : NULL;
}

struct sqs_message *sqs_message_new(const struct message_input *in, uint64_t now_ms)
{
    struct sqs_message *m = xcalloc(1, sizeof *m);
    uuid_new(m->id);
    m->body = xstrdup(in->body);
    m->attributes = copy_map(in->attributes);
    m->system_attributes = copy_map(in->system_attributes);
    /* over the body's wire bytes: a body SNS delivered may hold U+0000 (wire_text.h) */
    struct buf bytes = BUF_INIT;
    wire_text_append_bytes(&bytes, m->body, strlen(m->body));
    md5_hex(bytes.data, bytes.len, m->md5_of_body);
    buf_free(&bytes);
    message_attributes_md5(m->attributes, m->md5_of_attributes);
    message_attributes_md5(m->system_attributes, m->md5_of_system_attributes);
    m->sender_id = xstrdup(in->sender_id ? in->sender_id : "");
    m->group_id = dup_or_null(in->group_id);
    m->deduplication_id = dup_or_null(in->deduplication_id);
    m->sent_ms = now_ms;
    m->visible_at_ms = now_ms;
    return m;
}

void sqs_message_free(struct sqs_message *m)
{
    if (!m)
        return;
    free(m->body);
    cJSON_Delete(m->attributes);
    cJSON_Delete(m->system_attributes);
    free(m->sender_id);
    free(m->group_id);
    free(m->deduplication_id);
    free(m->dead_letter_source_arn);
    free(m);
}

char *sqs_receipt_handle_new(const struct sqs_message *m)
{
    unsigned char nonce[12];
    if (RAND_bytes(nonce, sizeof nonce) != 1)
        memset(nonce, 0, sizeof nonce);
    struct buf plain = BUF_INIT, handle = BUF_INIT;
    buf_printf(&plain, RECEIPT_MAGIC ":%s:%" PRIu64 ":", m->id, m->receipt_serial);
    for (size_t i = 0; i < sizeof nonce; i++)
        buf_printf(&plain, "%02x", nonce[i]);
    base64_encode(plain.data, plain.len, &handle);
    buf_free(&plain);
    return buf_take(&handle);
}

bool sqs_receipt_handle_parse(const char *handle, struct receipt *out)
{
    size_t len = strlen(handle);
    if (len == 0 || len > 1024)
        return false;
    struct buf plain = BUF_INIT;
    bool ok = base64_decode(handle, len, &plain) && plain.data && plain.len < 256 &&
              memchr(plain.data, '\0', plain.len) == NULL;
    if (ok) {
        char id[64];
        unsigned long long serial;
        int consumed = 0;
        ok = sscanf(plain.data, RECEIPT_MAGIC ":%36[0-9a-f-]:%llu:%n", id, &serial,
                    &consumed) == 2 &&
             consumed > 0 && strlen(id) == 36;
        if (ok) {
            memcpy(out->message_id, id, 37);
            out->serial = serial;
        }
    }
    buf_free(&plain);
    return ok;
}
