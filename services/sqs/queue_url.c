/* Parses every queue URL form clients send back and finds the queue it names, with SQS's
 * error when there is none. */
#include "queue_url.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "queue.h"
#include "region.h"

static bool all_digits(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* The region a host names ("sqs.eu-west-1.amazonaws.com", "eu-west-1.queue.amazonaws.com"),
 * us-east-1 for the legacy global host, "" for hosts that name none (localhost). */
static void region_of_host(const char *host, size_t len, char *out, size_t size)
{
    out[0] = '\0';
    if (len == strlen("queue.amazonaws.com") && strncasecmp(host, "queue.amazonaws.com", len) == 0) {
        snprintf(out, size, "us-east-1");
        return;
    }
    const char *label = host, *end = host + len;
    while (label < end) {
        const char *dot = memchr(label, '.', (size_t)(end - label));
        size_t label_len = dot ? (size_t)(dot - label) : (size_t)(end - label);
        if (looks_like_region(label, label_len) && label_len < size) {
            memcpy(out, label, label_len);
            out[label_len] = '\0';
            return;
        }
        label += label_len + 1;
    }
}

bool queue_url_parse(const char *url, struct queue_address *out)
{
    memset(out, 0, sizeof *out);
    const char *p = url;
    const char *scheme = strstr(p, "://");
    if (scheme) {
        const char *host = scheme + 3;
        size_t host_len = strcspn(host, "/");
        size_t port = 0;
        const char *colon = memchr(host, ':', host_len);
        if (colon)
            port = host_len - (size_t)(colon - host);
        region_of_host(host, host_len - port, out->region, sizeof out->region);
        p = host + host_len;
    }
    /* The last two path segments: account and name. */
    size_t path_len = strcspn(p, "?#");
    while (path_len > 0 && p[path_len - 1] == '/')
        path_len--;
    const char *name = p + path_len;
    while (name > p && name[-1] != '/')
        name--;
    size_t name_len = (size_t)(p + path_len - name);
    if (name_len == 0 || name_len >= sizeof out->name)
        return false;
    memcpy(out->name, name, name_len);
    if (name > p + 1) {
        const char *account_end = name - 1;
        const char *account = account_end;
        while (account > p && account[-1] != '/')
            account--;
        size_t account_len = (size_t)(account_end - account);
        if (all_digits(account, account_len) && account_len < sizeof out->account)
            memcpy(out->account, account, account_len);
    }
    return true;
}

int fail_no_such_queue(struct call *c)
{
    /* The query API has always said "for this wsdl version"; json drops it. */
    if (c->proto && c->proto->protocol == PROTO_QUERY)
        return call_fail(c, 400, "AWS.SimpleQueueService.NonExistentQueue",
                         "The specified queue does not exist for this wsdl version.");
    return call_fail(c, 400, "AWS.SimpleQueueService.NonExistentQueue",
                     "The specified queue does not exist.");
}

struct sqs_queue *queue_for_url(struct call *c, const char *url)
{
    struct queue_address addr;
    if (!url || !queue_url_parse(url, &addr)) {
        fail_no_such_queue(c);
        return NULL;
    }
    const char *account = addr.account[0] ? addr.account : c->route->account;
    const char *region = addr.region[0] ? addr.region : c->route->region;
    struct sqs_region *r = sqs_region_find(account, region);
    struct sqs_queue *q = r ? sqs_region_queue(r, addr.name) : NULL;
    if (!q)
        fail_no_such_queue(c);
    return q;
}
