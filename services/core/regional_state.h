/* A service's state per (account, region), created on first use — as moto keeps one backend per
 * account and region. Owned by the event loop thread: no locks. */
#ifndef MOTOC_REGIONAL_STATE_H
#define MOTOC_REGIONAL_STATE_H

#include <stddef.h>

struct regional_state_entry {
    char account[16];
    char region[32];
    void *state;
};

struct regional_states {
    void *(*create)(const char *account, const char *region);
    void (*destroy)(void *state);
    struct regional_state_entry *entries;
    size_t count, cap;
};

#define REGIONAL_STATES_INIT(create_fn, destroy_fn) {(create_fn), (destroy_fn), NULL, 0, 0}

/* The state of account+region, created if it does not exist yet. */
void *regional_state(struct regional_states *rs, const char *account, const char *region);
/* The state if it exists, else NULL (for lookups by ARN that must not create anything). */
void *regional_state_find(const struct regional_states *rs, const char *account,
                          const char *region);
/* Destroys every state (moto-api reset). */
void regional_states_reset(struct regional_states *rs);

/* For a load (persist.h): moves every state out of rs, which is left empty, into a detached
 * set; attach puts a detached set back in place of rs's (reset first) states; discard destroys
 * a detached set. */
void *regional_states_detach(struct regional_states *rs);
void regional_states_attach(struct regional_states *rs, void *detached);
void regional_states_discard(void *detached);

#endif
