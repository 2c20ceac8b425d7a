/* Idempotency tokens (idempotency.h): a hash map by token, and the tokens in the order they were
 * first used, which is also the order they expire in (one lifetime per store), so expired ones are
 * dropped from the front. Requests are kept as a SHA-256 of their JSON text. */
#include "idempotency.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "backend.h"
#include "digest.h"
#include "strmap.h"

struct idempotency_entry {
    char *token;
    char fingerprint[65];
    cJSON *answer; /* NULL until the first request finishes */
    double at;
    struct idempotency_entry *prev, *next;
};

struct idempotency_store {
    double ttl;
    struct strmap by_token;
    struct idempotency_entry *oldest, *newest;
};

struct idempotency_store *idempotency_store_new(double ttl_seconds)
{
    struct idempotency_store *s = xcalloc(1, sizeof *s);
    s->ttl = ttl_seconds;
    return s;
}

static void drop(struct idempotency_store *s, struct idempotency_entry *e)
{
    strmap_remove(&s->by_token, e->token);
    if (e->prev)
        e->prev->next = e->next;
    else
        s->oldest = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        s->newest = e->prev;
    free(e->token);
    cJSON_Delete(e->answer);
    free(e);
}

static void append_newest(struct idempotency_store *s, struct idempotency_entry *e)
{
    e->prev = s->newest;
    if (s->newest)
        s->newest->next = e;
    else
        s->oldest = e;
    s->newest = e;
    strmap_put(&s->by_token, e->token, e);
}

void idempotency_store_free(struct idempotency_store *s)
{
    if (!s)
        return;
    while (s->oldest)
        drop(s, s->oldest);
    strmap_clear(&s->by_token);
    free(s);
}

static void fingerprint(const cJSON *request, char out[65])
{
    char *text = cJSON_PrintUnformatted(request);
    sha256_hex(text ? text : "", text ? strlen(text) : 0, out);
    cJSON_free(text);
}

enum idempotency_outcome idempotency_begin(struct idempotency_store *s, const char *token,
                                           const cJSON *request, double now, const cJSON **answer)
{
    while (s->oldest && now - s->oldest->at >= s->ttl)
        drop(s, s->oldest);
    char print[65];
    fingerprint(request, print);
    struct idempotency_entry *e = strmap_get(&s->by_token, token);
    if (e) {
        if (strcmp(e->fingerprint, print) != 0)
            return IDEMPOTENCY_MISMATCH;
        *answer = e->answer;
        return IDEMPOTENCY_REPEAT;
    }
    e = xcalloc(1, sizeof *e);
    e->token = xstrdup(token);
    memcpy(e->fingerprint, print, sizeof print);
    e->at = now;
    append_newest(s, e);
    return IDEMPOTENCY_FIRST;
}

void idempotency_finish(struct idempotency_store *s, const char *token, const cJSON *answer)
{
    struct idempotency_entry *e = strmap_get(&s->by_token, token);
    if (!e)
        return;
    cJSON_Delete(e->answer);
    e->answer = cJSON_Duplicate(answer, true);
}

void idempotency_forget(struct idempotency_store *s, const char *token)
{
    struct idempotency_entry *e = strmap_get(&s->by_token, token);
    if (e)
        drop(s, e);
}

int idempotency_call(struct call *c, struct idempotency_store *s, const char *token,
                     const cJSON *request, cJSON *out, const char *mismatch_code,
                     const char *mismatch_message)
{
    if (!token)
        return 0;
    const cJSON *answer = NULL;
    switch (idempotency_begin(s, token, request, (double)time(NULL), &answer)) {
    case IDEMPOTENCY_FIRST:
        return 0;
    case IDEMPOTENCY_MISMATCH:
        return call_fail(c, 400, mismatch_code, "%s", mismatch_message);
    case IDEMPOTENCY_REPEAT:
        break;
    }
    const cJSON *member;
    cJSON_ArrayForEach(member, answer)
    {
        cJSON_AddItemToObject(out, member->string, cJSON_Duplicate(member, true));
    }
    return 1;
}

cJSON *idempotency_store_save(const struct idempotency_store *s)
{
    if (!s->oldest)
        return NULL;
    cJSON *list = cJSON_CreateArray();
    for (const struct idempotency_entry *e = s->oldest; e; e = e->next) {
        if (!e->answer)
            continue; /* a request still running when the state was saved never finished */
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "token", e->token);
        cJSON_AddStringToObject(o, "fingerprint", e->fingerprint);
        cJSON_AddNumberToObject(o, "at", e->at);
        cJSON_AddItemToObject(o, "answer", cJSON_Duplicate(e->answer, true));
        cJSON_AddItemToArray(list, o);
    }
    return list;
}

static bool saved_entry_valid(const cJSON *o)
{
    const char *token = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "token"));
    const char *print = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "fingerprint"));
    return token && print && strlen(print) == 64 &&
           cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "at")) &&
           cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, "answer"));
}

int idempotency_store_load(struct idempotency_store *s, const cJSON *saved)
{
    if (!cJSON_IsArray(saved))
        return -1;
    const cJSON *o;
    cJSON_ArrayForEach(o, saved)
    {
        if (!saved_entry_valid(o))
            return -1;
    }
    cJSON_ArrayForEach(o, saved)
    {
        const char *token = cJSON_GetObjectItemCaseSensitive(o, "token")->valuestring;
        struct idempotency_entry *old = strmap_get(&s->by_token, token);
        if (old)
            drop(s, old);
        struct idempotency_entry *e = xcalloc(1, sizeof *e);
        e->token = xstrdup(token);
        memcpy(e->fingerprint, cJSON_GetObjectItemCaseSensitive(o, "fingerprint")->valuestring,
               sizeof e->fingerprint);
        e->at = cJSON_GetObjectItemCaseSensitive(o, "at")->valuedouble;
        e->answer = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(o, "answer"), true);
        append_newest(s, e);
    }
    return 0;
}
