/* The public parameters AWS publishes under /aws/service/global-infrastructure/ (regions and
 * services of the caller's partition), readable in every account. */
#ifndef MOTOC_SSM_PUBLIC_PARAMETERS_H
#define MOTOC_SSM_PUBLIC_PARAMETERS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "state.h"

/* The public parameter named name as a parameter object ({"Name", "Versions"}, owned by the
 * caller), or NULL when there is none. */
cJSON *public_parameter_new(const struct ssm_region *r, const char *name);

/* Appends to list (as versions, i.e. Parameter objects) the public parameters right under path
 * ("/aws/service/…" without a trailing slash), or anywhere under it when recursive: at most
 * limit of them, after passing over the first skip. True when more remain after those. */
bool public_parameters_under(const struct ssm_region *r, const char *path, bool recursive,
                             size_t skip, size_t limit, cJSON *list);

#endif
