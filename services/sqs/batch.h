/* What every SQS batch operation checks of its entries, and how it reports one entry's failure. */
#ifndef MOTOC_SQS_BATCH_H
#define MOTOC_SQS_BATCH_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"

#define SQS_MAX_BATCH_ENTRIES 10

/* A batch entry id: 1 to 80 letters, digits, hyphens and underscores (SQS and SNS alike). */
bool batch_entry_id_valid(const char *id);

/* Entries must be 1 to 10, with distinct, well-formed ids; entry_name names them in errors
 * ("SendMessageBatchRequestEntry"). 0, or -1 after failing the call. */
int batch_check_entries(struct call *c, const cJSON *entries, const char *entry_name);

/* Appends {Id, SenderFault, Code, Message} for err to the Failed list. */
void batch_add_failure(cJSON *failed, const char *id, const struct proto_error *err);

#endif
