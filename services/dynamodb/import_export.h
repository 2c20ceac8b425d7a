/* What imports from S3 and exports to S3 share: their ids and the listing of their
 * descriptions. */
#ifndef MOTOC_DDB_IMPORT_EXPORT_H
#define MOTOC_DDB_IMPORT_EXPORT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "../core/backend.h"

/* A new id as DynamoDB gives imports and exports: the time in milliseconds, '-', 8 hex digits,
 * unique among the descriptions in list (which hold it at the end of their ARN). */
void ddb_export_id(const cJSON *list, double now, char *out, size_t size);

/* The description in list whose member equals value (NULL: none). */
cJSON *ddb_description_find(const cJSON *list, const char *member, const char *value);

/* A page of summaries (the members named in fields, the first the ARN) of the descriptions in list, filtered by
 * in's TableArn, sized by in[size_member] (at most 25), resumed at in's NextToken; added to out
 * as list_member, with NextToken when more remain. 0 or -1 (failed). */
int ddb_list_descriptions(struct call *c, const cJSON *in, const cJSON *list,
                          const char *size_member, const char *const *fields, size_t nfields,
                          const char *list_member, cJSON *out);

#endif
