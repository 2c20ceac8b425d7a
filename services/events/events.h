/* What other services call to send events to EventBridge in process (S3's EventBridge
 * notifications, schedules). */
#ifndef MOTOC_EVENTS_EVENTS_H
#define MOTOC_EVENTS_EVENTS_H

#include <cjson/cJSON.h>

/* A new event as EventBridge builds it (version, id, detail-type, source, account, time now,
 * region, resources, detail — detail is taken). The caller deletes it. */
cJSON *events_new_event(const char *account, const char *region, const char *source,
                        const char *detail_type, const cJSON *resources, cJSON *detail);

/* Puts event on the default bus of account+region: archives and matching rules see it as they
 * see PutEvents. */
void events_put_from_service(const char *account, const char *region, const cJSON *event);

#endif
