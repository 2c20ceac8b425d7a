/* Archives keep the events a bus receives (through a rule EventBridge manages, as AWS does);
 * replays send them again. */
#ifndef MOTOC_EVENTS_ARCHIVES_H
#define MOTOC_EVENTS_ARCHIVES_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* Whether a target ARN is the one archive rules send to ("arn:<partition>:events:<region>:::"). */
bool archive_target_arn(const char *arn);

/* Stores what an archive rule's target receives ({"archive-arn", "event", "ingestion-time"}) in
 * its archive; 0, or -1 with a reason. */
int archive_receive(const char *input, char *reason, size_t size);

/* The archive an ARN names, or NULL. */
cJSON *archive_from_arn(const char *arn);

struct call;
/* ListArchives and ListReplays take at most one of NamePrefix, EventSourceArn and State; -1
 * after failing the call. */
int events_one_filter(struct call *c, const cJSON *in, const char *operation);

/* Moves on the replays a load brought back unfinished (a RUNNING one starts over). */
void events_replays_resume(void);

#endif
