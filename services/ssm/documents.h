/* Systems Manager documents: their content (JSON or YAML), versions and sharing. */
#ifndef MOTOC_SSM_DOCUMENTS_H
#define MOTOC_SSM_DOCUMENTS_H

#include <cjson/cJSON.h>

#include "state.h"

/* The document named name ({"Name", "Versions", "DefaultVersion", "Tags", ...}), or NULL. */
cJSON *document_find(struct ssm_region *r, const char *name);

#endif
