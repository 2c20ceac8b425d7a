/* Systems Manager documents: their content (JSON or YAML), versions and sharing. A document is
 * {"Name", "Owner", "CreatedDate", "DocumentType", "DefaultVersion", "LatestVersion",
 *  "Versions": [...], "Tags", "AccountSharingInfoList"}; each version holds the members of a
 * DocumentDescription that belong to it (Content, Hash, Parameters, ...). */
#ifndef MOTOC_SSM_DOCUMENTS_H
#define MOTOC_SSM_DOCUMENTS_H

#include <cjson/cJSON.h>

#include "state.h"

/* The document named name, or NULL. */
cJSON *document_find(struct ssm_region *r, const char *name);

/* The content parsed in its format (JSON or YAML; TEXT is not parsed: an empty object), or
 * NULL when it is not a document in that format. */
cJSON *document_content_parse(const char *content, const char *format);

/* The members a version derives from its parsed content: Description, SchemaVersion,
 * Parameters (DefaultValue rendered as text) and PlatformTypes. */
void document_version_describe(cJSON *version, const cJSON *content);

/* The version a DocumentVersion and/or VersionName names (NULL, NULL: the default), or NULL. */
cJSON *document_version_find(const cJSON *document, const char *number, const char *name);

/* The DocumentDescription of a version. */
cJSON *document_description(const cJSON *document, const cJSON *version);

/* The version's content in format (its own when NULL or the same), owned by the caller; NULL
 * when it cannot be converted. */
char *document_content_as(const cJSON *version, const char *format);

#endif
