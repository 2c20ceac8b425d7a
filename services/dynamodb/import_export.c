/* Ids and listings shared by table imports and exports (import_export.h). */
#include "import_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/digest.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "request.h"

static bool id_in_use(const cJSON *list, const char *id)
{
    size_t n = strlen(id);
    const cJSON *d;
    cJSON_ArrayForEach(d, list)
    {
        const char *arn = param_string(d, "ImportArn");
        if (!arn)
            arn = param_string(d, "ExportArn");
        size_t len = arn ? strlen(arn) : 0;
        if (len >= n && strcmp(arn + len - n, id) == 0)
            return true;
    }
    return false;
}

void ddb_export_id(const cJSON *list, double now, char *out, size_t size)
{
    do {
        char hex[9];
        random_hex_upper(hex, 8);
        hex[8] = '\0';
        for (char *p = hex; *p; p++)
            if (*p >= 'A' && *p <= 'F')
                *p = (char)(*p - 'A' + 'a');
        snprintf(out, size, "%014lld-%s", (long long)(now * 1000), hex);
    } while (id_in_use(list, out));
}

cJSON *ddb_description_find(const cJSON *list, const char *member, const char *value)
{
    cJSON *d;
    cJSON_ArrayForEach(d, list)
    {
        const char *v = param_string(d, member);
        if (value && v && strcmp(v, value) == 0)
            return d;
    }
    return NULL;
}

/* The model wants these tokens as lowercase hex in 16-digit groups, at least 112 digits long:
 * the hex of the next entry's ARN, NUL-padded to fit. */
static void add_next_token(cJSON *out, const char *arn)
{
    size_t len = strlen(arn);
    size_t padded = len < 56 ? 56 : (len + 7) / 8 * 8;
    unsigned char *bytes = xcalloc(padded, 1);
    memcpy(bytes, arn, len);
    char *hex = xmalloc(padded * 2 + 1);
    hex_lower(bytes, padded, hex);
    cJSON_AddStringToObject(out, "NextToken", hex);
    free(hex);
    free(bytes);
}

/* The position of the entry a token names; -1 when no entry has that ARN. */
static long token_position(const cJSON *list, const char *token, const char *arn_member)
{
    size_t len = strlen(token);
    if (len % 2)
        return -1;
    struct buf arn = BUF_INIT;
    for (size_t i = 0; i < len; i += 2) {
        unsigned int byte;
        if (sscanf(token + i, "%2x", &byte) != 1)
            break;
        char ch = (char)byte;
        if (ch == '\0')
            break;
        buf_append(&arn, &ch, 1);
    }
    buf_append(&arn, "", 1);
    long position = 0, found = -1;
    const cJSON *d;
    cJSON_ArrayForEach(d, list)
    {
        const char *v = param_string(d, arn_member);
        if (v && strcmp(v, arn.data) == 0) {
            found = position;
            break;
        }
        position++;
    }
    buf_free(&arn);
    return found;
}

int ddb_list_descriptions(struct call *c, const cJSON *in, const cJSON *list,
                          const char *size_member, const char *const *fields, size_t nfields,
                          const char *list_member, cJSON *out)
{
    long size;
    if (page_size_read(in, size_member, 1, 25, 25, &size) != 0)
        return ddb_validation(c,
                              "1 validation error detected: Value '%ld' at '%c%s' failed to "
                              "satisfy constraint: Member must have value %s",
                              size, size_member[0] + ('a' - 'A'), size_member + 1,
                              size < 1 ? "greater than or equal to 1"
                                       : "less than or equal to 25");
    const char *token = param_string(in, "NextToken");
    long start = token ? token_position(list, token, fields[0]) : 0;
    if (start < 0)
        return ddb_validation(c, "Invalid NextToken");
    const char *table = param_string(in, "TableArn");
    cJSON *page = cJSON_AddArrayToObject(out, list_member);
    long position = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, list)
    {
        long here = position++;
        const char *arn = param_string(d, "TableArn");
        if (here < start || (table && (!arn || strcmp(arn, table) != 0)))
            continue;
        if (cJSON_GetArraySize(page) == size) {
            add_next_token(out, param_string(d, fields[0]));
            break;
        }
        cJSON *s = cJSON_CreateObject();
        for (size_t i = 0; i < nfields; i++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(d, fields[i]);
            if (v)
                cJSON_AddItemToObject(s, fields[i], cJSON_Duplicate(v, true));
        }
        cJSON_AddItemToArray(page, s);
    }
    return 0;
}
