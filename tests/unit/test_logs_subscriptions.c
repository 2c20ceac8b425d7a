/* CloudWatch Logs subscription deliveries: the gzip envelope's content, matched events only,
 * delivery to the sink of the target's service, and Logs destinations followed to their
 * target. */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../../services/logs/groups.h"
#include "../../services/logs/state.h"
#include "../../services/logs/subscriptions.h"
#include "check.h"

static cJSON *gunzip_json(const void *data, size_t len)
{
    static char out[65536];
    z_stream z = {0};
    inflateInit2(&z, 16 + MAX_WBITS);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    z.next_out = (unsigned char *)out;
    z.avail_out = sizeof out - 1;
    int rc = inflate(&z, Z_FINISH);
    out[sizeof out - 1 - z.avail_out] = '\0';
    inflateEnd(&z);
    return rc == Z_STREAM_END ? cJSON_Parse(out) : NULL;
}

static cJSON *event(const char *id, double timestamp, const char *message)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "_eventId", id);
    cJSON_AddNumberToObject(e, "timestamp", timestamp);
    cJSON_AddStringToObject(e, "message", message);
    return e;
}

static struct {
    char account[16], target[128];
    cJSON *envelope;
    int calls;
} received;

static void firehose_sink(const char *account, const char *region, const char *target,
                         const void *data, size_t len)
{
    (void)region;
    snprintf(received.account, sizeof received.account, "%s", account);
    snprintf(received.target, sizeof received.target, "%s", target);
    cJSON_Delete(received.envelope);
    received.envelope = gunzip_json(data, len);
    received.calls++;
}

static void test_payload(void)
{
    cJSON *events[2] = {event("0001", 1000, "ERROR one"), event("0002", 2000, "ok")};
    struct buf gz = BUF_INIT;
    CHECK(subscription_payload("111122223333", "/app", "web", "errors",
                               (const cJSON *const *)events, 2, &gz), "payload built");
    CHECK(gz.len > 2 && (unsigned char)gz.data[0] == 0x1f && (unsigned char)gz.data[1] == 0x8b,
          "gzip magic");
    cJSON *doc = gunzip_json(gz.data, gz.len);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "messageType")), "DATA_MESSAGE", "%s", "envelope");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "owner")), "111122223333", "%s", "envelope");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "logGroup")), "/app", "%s", "envelope");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "logStream")), "web", "%s", "envelope");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(
                  cJSON_GetObjectItem(doc, "subscriptionFilters"), 0)), "errors", "%s", "envelope");
    const cJSON *second = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "logEvents"), 1);
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(second, "id")), "0002", "%s", "envelope");
    CHECK(cJSON_GetObjectItem(second, "timestamp")->valuedouble == 2000, "timestamp");
    cJSON_Delete(doc);
    buf_free(&gz);
    cJSON_Delete(events[0]);
    cJSON_Delete(events[1]);
}

static cJSON *group_subscribed_to(const char *destination)
{
    cJSON *g = cJSON_CreateObject();
    cJSON_AddStringToObject(g, "logGroupName", "/app");
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "filterName", "errors");
    cJSON_AddStringToObject(f, "filterPattern", "ERROR");
    cJSON_AddStringToObject(f, "destinationArn", destination);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(g, "_subscriptionFilters"), f);
    return g;
}

static void test_delivery(void)
{
    subscription_sink_register("firehose", firehose_sink);
    cJSON *events[3] = {event("1", 1, "ERROR a"), event("2", 2, "INFO b"),
                        event("3", 3, "ERROR c")};
    const cJSON *const *list = (const cJSON *const *)events;

    cJSON *g = group_subscribed_to("arn:aws:firehose:us-east-1:111122223333:deliverystream/logs");
    subscriptions_deliver("111122223333", g, "web", list, 3);
    CHECK(received.calls == 1, "one delivery per filter and batch");
    CHECK_STR(received.target, "arn:aws:firehose:us-east-1:111122223333:deliverystream/logs", "%s", "envelope");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(received.envelope, "logEvents")) == 2,
          "only matching events");
    subscriptions_deliver("111122223333", g, "web", list + 1, 1);
    CHECK(received.calls == 1, "no match, no delivery");
    cJSON_Delete(g);

    /* Through another account's destination, to the stream it names. */
    struct logs_region *other = logs_region_get("444455556666", "eu-west-1");
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "destinationName", "central");
    cJSON_AddStringToObject(d, "targetArn", "arn:aws:firehose:eu-west-1:444455556666:deliverystream/all");
    json_sorted_insert(other->destinations, d, "destinationName");
    g = group_subscribed_to("arn:aws:logs:eu-west-1:444455556666:destination:central");
    subscriptions_deliver("111122223333", g, "web", list, 3);
    CHECK(received.calls == 2, "delivered through the destination");
    CHECK_STR(received.target, "arn:aws:firehose:eu-west-1:444455556666:deliverystream/all", "%s", "envelope");
    CHECK_STR(received.account, "444455556666", "the stream's account");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(received.envelope, "owner")),
              "111122223333", "the sender owns the data");
    cJSON_Delete(g);

    g = group_subscribed_to("arn:aws:logs:eu-west-1:444455556666:destination:missing");
    subscriptions_deliver("111122223333", g, "web", list, 3);
    cJSON_Delete(g);
    g = group_subscribed_to("arn:aws:lambda:us-east-1:1:function:x");
    subscriptions_deliver("111122223333", g, "web", list, 3);
    CHECK(received.calls == 2, "nothing for a missing destination or a service without sink");
    cJSON_Delete(g);
    for (int i = 0; i < 3; i++)
        cJSON_Delete(events[i]);
    cJSON_Delete(received.envelope);
    logs_regions_reset();
}

int main(void)
{
    test_payload();
    test_delivery();
    return test_summary("logs_subscriptions");
}
