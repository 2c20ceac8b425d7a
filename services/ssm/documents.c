/* Documents as the region keeps them. */
#include "documents.h"

#include <string.h>

cJSON *document_find(struct ssm_region *r, const char *name)
{
    cJSON *document;
    cJSON_ArrayForEach(document, r->documents)
        if (name && strcmp(member_string(document, "Name"), name) == 0)
            return document;
    return NULL;
}
