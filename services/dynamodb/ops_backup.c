/* On-demand backups: a backup is a frozen copy of the table; restoring makes a new table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/buf.h"
#include "../core/arn.h"
#include "../core/params.h"
#include "ops.h"
#include "request.h"

static cJSON *backup_details(const struct ddb_backup *b, const char *status)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "BackupArn", b->arn);
    cJSON_AddStringToObject(d, "BackupName", b->name);
    cJSON_AddNumberToObject(d, "BackupSizeBytes", (double)b->snapshot->size_bytes);
    cJSON_AddStringToObject(d, "BackupStatus", status);
    cJSON_AddStringToObject(d, "BackupType", "USER");
    cJSON_AddNumberToObject(d, "BackupCreationDateTime", b->created);
    return d;
}

static cJSON *backup_description(const struct ddb_backup *b, const char *status)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddItemToObject(d, "BackupDetails", backup_details(b, status));
    cJSON *src = cJSON_AddObjectToObject(d, "SourceTableDetails");
    const struct ddb_table *t = b->snapshot;
    cJSON_AddStringToObject(src, "TableName", b->table_name);
    cJSON_AddStringToObject(src, "TableId", b->table_id);
    cJSON_AddStringToObject(src, "TableArn", b->table_arn);
    cJSON_AddNumberToObject(src, "TableSizeBytes", (double)t->size_bytes);
    cJSON_AddItemToObject(src, "KeySchema", ddb_index_key_schema_json(&t->key));
    cJSON_AddNumberToObject(src, "TableCreationDateTime", t->created);
    cJSON *tp = cJSON_AddObjectToObject(src, "ProvisionedThroughput");
    cJSON_AddNumberToObject(tp, "ReadCapacityUnits", (double)t->rcu);
    cJSON_AddNumberToObject(tp, "WriteCapacityUnits", (double)t->wcu);
    cJSON_AddNumberToObject(src, "ItemCount", (double)oidx_count(t->items));
    cJSON_AddStringToObject(src, "BillingMode", t->billing_mode);
    cJSON_AddObjectToObject(d, "SourceTableFeatureDetails");
    return d;
}

static struct ddb_backup *find_backup(struct ddb_region *r, const char *arn, size_t *pos)
{
    for (size_t i = 0; arn && i < r->nbackups; i++) {
        if (strcmp(r->backups[i]->arn, arn) == 0) {
            if (pos)
                *pos = i;
            return r->backups[i];
        }
    }
    return NULL;
}

static struct ddb_backup *require_backup(struct call *c, const cJSON *in, size_t *pos)
{
    const char *arn = param_string(in, "BackupArn");
    struct ddb_backup *b = find_backup(ddb_call_region(c), arn, pos);
    if (!b)
        call_fail(c, 400, "BackupNotFoundException", "Backup not found: %s", arn ? arn : "");
    return b;
}

int ddb_create_backup(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_region *r = ddb_call_region(c);
    const char *name = param_string(in, "TableName");
    struct ddb_table *t = ddb_table_lookup(r, name);
    if (!t)
        return call_fail(c, 400, "TableNotFoundException", "Table not found: %s", name);
    struct ddb_backup *b = xcalloc(1, sizeof *b);
    b->created = ddb_now_seconds();
    struct buf arn = BUF_INIT;
    buf_printf(&arn, "%s/backup/%013lld-%08x", t->arn, (long long)(b->created * 1000),
               (unsigned)(r->nbackups * 2654435761u));
    b->arn = buf_take(&arn);
    b->name = xstrdup(param_string(in, "BackupName"));
    b->table_name = xstrdup(t->name);
    b->table_arn = xstrdup(t->arn);
    b->table_id = xstrdup(t->id);
    b->snapshot = ddb_table_clone(t, t->name, "");
    b->snapshot->created = t->created; /* the source's, as DescribeBackup shows it */
    r->backups = xrealloc(r->backups, (r->nbackups + 1) * sizeof *r->backups);
    r->backups[r->nbackups++] = b;
    cJSON_AddItemToObject(out, "BackupDetails", backup_details(b, "AVAILABLE"));
    return 0;
}

int ddb_describe_backup(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_backup *b = require_backup(c, in, NULL);
    if (!b)
        return -1;
    cJSON_AddItemToObject(out, "BackupDescription", backup_description(b, "AVAILABLE"));
    return 0;
}

int ddb_list_backups(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_region *r = ddb_call_region(c);
    const char *table = param_string(in, "TableName");
    const char *start = param_string(in, "ExclusiveStartBackupArn");
    long long limit = param_int(in, "Limit", 0);
    size_t i = 0;
    /* Backups are listed in the order they were made; a page resumes after the one named. */
    while (start && i < r->nbackups && strcmp(r->backups[i++]->arn, start) != 0)
        ;
    cJSON *list = cJSON_AddArrayToObject(out, "BackupSummaries");
    for (const struct ddb_backup *last = NULL; i < r->nbackups; i++) {
        const struct ddb_backup *b = r->backups[i];
        if (table && strcmp(table, b->table_name) != 0 && strcmp(table, b->table_arn) != 0)
            continue;
        if (limit > 0 && cJSON_GetArraySize(list) == limit) {
            cJSON_AddStringToObject(out, "LastEvaluatedBackupArn", last->arn);
            break;
        }
        last = b;
        cJSON *s = backup_details(b, "AVAILABLE");
        cJSON_AddStringToObject(s, "TableName", b->table_name);
        cJSON_AddStringToObject(s, "TableId", b->table_id);
        cJSON_AddStringToObject(s, "TableArn", b->table_arn);
        cJSON_AddItemToArray(list, s);
    }
    return 0;
}

int ddb_delete_backup(struct call *c, const cJSON *in, cJSON *out)
{
    size_t pos;
    struct ddb_backup *b = require_backup(c, in, &pos);
    if (!b)
        return -1;
    struct ddb_region *r = ddb_call_region(c);
    cJSON_AddItemToObject(out, "BackupDescription", backup_description(b, "DELETED"));
    memmove(&r->backups[pos], &r->backups[pos + 1], (r->nbackups - pos - 1) * sizeof *r->backups);
    r->nbackups--;
    ddb_backup_free(b);
    return 0;
}

int ddb_restore_table_from_backup(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_backup *b = require_backup(c, in, NULL);
    if (!b)
        return -1;
    struct ddb_region *r = ddb_call_region(c);
    const char *target = param_string(in, "TargetTableName");
    if (ddb_table_find(r, target))
        return call_fail(c, 400, "TableAlreadyExistsException", "Table already exists: %s", target);
    char *prefix = arn_build("dynamodb", r->region, r->account, "table/");
    struct ddb_table *t = ddb_table_clone(b->snapshot, target, prefix);
    free(prefix);
    ddb_region_add_table(r, t);
    cJSON *d = ddb_table_describe(t);
    cJSON *summary = cJSON_AddObjectToObject(d, "RestoreSummary");
    cJSON_AddStringToObject(summary, "SourceBackupArn", b->arn);
    cJSON_AddStringToObject(summary, "SourceTableArn", b->table_arn);
    cJSON_AddNumberToObject(summary, "RestoreDateTime", ddb_now_seconds());
    cJSON_AddBoolToObject(summary, "RestoreInProgress", false);
    cJSON_AddItemToObject(out, "TableDescription", d);
    return 0;
}

/* The table as it stands is what any time in its recovery window restores to: motoc keeps no
 * history of earlier item versions. */
int ddb_restore_table_to_point_in_time(struct call *c, const cJSON *in, cJSON *out)
{
    struct ddb_region *r = ddb_call_region(c);
    const char *source_arn = param_string(in, "SourceTableArn");
    const char *source_name = param_string(in, "SourceTableName");
    if ((source_arn != NULL) == (source_name != NULL))
        return ddb_validation(c, "Invalid Request: Must provide exactly one of: sourceTableArn, "
                                 "sourceTableName");
    const cJSON *when = cJSON_GetObjectItemCaseSensitive(in, "RestoreDateTime");
    bool latest = param_bool(in, "UseLatestRestorableTime", false);
    if ((when != NULL) == latest)
        return ddb_validation(c, "Invalid Request: Either one of RestoreDateTime or "
                                 "UseLatestRestorableTime must be specified, but not both");
    const char *source = source_arn ? source_arn : source_name;
    struct ddb_table *src = ddb_table_lookup(r, source);
    if (!src)
        return call_fail(c, 400, "TableNotFoundException", "Table not found: %s", source);
    const char *target = param_string(in, "TargetTableName");
    if (ddb_table_find(r, target))
        return call_fail(c, 400, "TableAlreadyExistsException", "Table already exists: %s", target);
    if (!src->pitr_enabled)
        return call_fail(c, 400, "PointInTimeRecoveryUnavailableException",
                         "Point in time recovery is not enabled for table '%s'", src->name);
    double now = ddb_now_seconds(), restore_at = now;
    if (when) {
        restore_at = cJSON_IsNumber(when) ? when->valuedouble : 0;
        if (restore_at < ddb_pitr_earliest(src, now) || restore_at > now)
            return call_fail(c, 400, "InvalidRestoreTimeException",
                             "Invalid restore time: the restore time is outside the recovery "
                             "window of table '%s'",
                             src->name);
    }
    char *prefix = arn_build("dynamodb", r->region, r->account, "table/");
    struct ddb_table *t = ddb_table_clone(src, target, prefix);
    free(prefix);
    ddb_region_add_table(r, t);
    cJSON *d = ddb_table_describe(t);
    cJSON *summary = cJSON_AddObjectToObject(d, "RestoreSummary");
    cJSON_AddStringToObject(summary, "SourceTableArn", src->arn);
    cJSON_AddNumberToObject(summary, "RestoreDateTime", restore_at);
    cJSON_AddBoolToObject(summary, "RestoreInProgress", false);
    cJSON_AddItemToObject(out, "TableDescription", d);
    return 0;
}
