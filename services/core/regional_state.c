/* One state per (account, region) for a service, created on first use, reset, and detached or
 * attached whole. */
#include "regional_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"

static struct regional_state_entry *find(const struct regional_states *rs, const char *account,
                                         const char *region)
{
    /* A handful of entries per service in practice: a scan beats any index. */
    for (size_t i = 0; i < rs->count; i++) {
        struct regional_state_entry *e = &rs->entries[i];
        if (strcmp(e->account, account) == 0 && strcmp(e->region, region) == 0)
            return e;
    }
    return NULL;
}

void *regional_state_find(const struct regional_states *rs, const char *account,
                          const char *region)
{
    struct regional_state_entry *e = find(rs, account, region);
    return e ? e->state : NULL;
}

void *regional_state(struct regional_states *rs, const char *account, const char *region)
{
    struct regional_state_entry *e = find(rs, account, region);
    if (e)
        return e->state;
    if (rs->count == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 4;
        rs->entries = xrealloc(rs->entries, rs->cap * sizeof *rs->entries);
    }
    e = &rs->entries[rs->count++];
    snprintf(e->account, sizeof e->account, "%s", account);
    snprintf(e->region, sizeof e->region, "%s", region);
    e->state = rs->create(account, region);
    return e->state;
}

void regional_states_reset(struct regional_states *rs)
{
    for (size_t i = 0; i < rs->count; i++)
        rs->destroy(rs->entries[i].state);
    free(rs->entries);
    rs->entries = NULL;
    rs->count = rs->cap = 0;
}

void *regional_states_detach(struct regional_states *rs)
{
    struct regional_states *moved = xmalloc(sizeof *moved);
    *moved = *rs;
    rs->entries = NULL;
    rs->count = rs->cap = 0;
    return moved;
}

void regional_states_attach(struct regional_states *rs, void *detached)
{
    struct regional_states *moved = detached;
    regional_states_reset(rs);
    rs->entries = moved->entries;
    rs->count = moved->count;
    rs->cap = moved->cap;
    free(moved);
}

void regional_states_discard(void *detached)
{
    struct regional_states *moved = detached;
    regional_states_reset(moved);
    free(moved);
}
