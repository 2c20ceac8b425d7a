/* Documents: CreateDocument, GetDocument, DescribeDocument, UpdateDocument, DeleteDocument,
 * ListDocuments, ListDocumentVersions, UpdateDocumentDefaultVersion and their sharing
 * (ModifyDocumentPermission, DescribeDocumentPermission). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/digest.h"
#include "../core/paging.h"
#include "../core/params.h"
#include "../core/tags.h"
#include "documents.h"
#include "ops.h"
#include "parameter_tags.h"
#include "parameters.h"

static int fail_no_document(struct call *c)
{
    return call_fail(c, 400, "InvalidDocument", "The specified document does not exist.");
}

static int fail_content(struct call *c)
{
    return call_fail(c, 400, "InvalidDocumentContent",
                     "The content for the document is not valid.");
}

static void add_string(cJSON *to, const char *name, const char *value)
{
    if (value)
        cJSON_AddStringToObject(to, name, value);
}

/* A new version from a Create/UpdateDocument request, or NULL after failing the call. */
static cJSON *version_from_request(struct call *c, const cJSON *in, const char *number,
                                   const char *document_type)
{
    const char *content = param_string(in, "Content");
    const char *format = param_string(in, "DocumentFormat");
    if (!format)
        format = "JSON";
    cJSON *parsed = document_content_parse(content, format);
    if (!parsed) {
        fail_content(c);
        return NULL;
    }
    cJSON *v = cJSON_CreateObject();
    char hash[65];
    sha256_hex(content, strlen(content), hash);
    cJSON_AddStringToObject(v, "Hash", hash);
    cJSON_AddStringToObject(v, "HashType", "Sha256");
    cJSON_AddStringToObject(v, "Name", param_string(in, "Name"));
    add_string(v, "DisplayName", param_string(in, "DisplayName"));
    add_string(v, "VersionName", param_string(in, "VersionName"));
    cJSON_AddNumberToObject(v, "CreatedDate", ssm_now());
    cJSON_AddStringToObject(v, "Status", "Active");
    cJSON_AddStringToObject(v, "DocumentVersion", number);
    cJSON_AddStringToObject(v, "DocumentType", document_type);
    cJSON_AddStringToObject(v, "DocumentFormat", format);
    add_string(v, "TargetType", param_string(in, "TargetType"));
    cJSON *requires = param_copy(in, "Requires");
    if (requires)
        cJSON_AddItemToObject(v, "Requires", requires);
    cJSON_AddStringToObject(v, "Content", content);
    document_version_describe(v, parsed);
    cJSON_Delete(parsed);
    return v;
}

static bool reserved_name(const char *name)
{
    return strncasecmp(name, "aws-", 4) == 0 || strncasecmp(name, "amazon", 6) == 0 ||
           strncasecmp(name, "amzn", 4) == 0;
}

OPERATION(ssm_create_document)
{
    struct ssm_region *r = ssm_call_region(c);
    const char *name = param_string(in, "Name");
    if (reserved_name(name))
        return call_fail_validation(c, "Invalid document name: %s. Document names can't begin "
                                       "with the reserved prefixes aws-, amazon or amzn.", name);
    if (document_find(r, name))
        return call_fail(c, 400, "DocumentAlreadyExists",
                         "The specified document already exists.");
    const char *type = param_string(in, "DocumentType");
    cJSON *version = version_from_request(c, in, "1", type ? type : "Command");
    if (!version)
        return -1;
    cJSON *tags;
    if (parameter_tags_from_request(c, in, &tags) != 0) {
        cJSON_Delete(version);
        return -1;
    }
    cJSON *document = cJSON_CreateObject();
    cJSON_AddStringToObject(document, "Name", name);
    cJSON_AddStringToObject(document, "Owner", c->route->account);
    cJSON_AddStringToObject(document, "DefaultVersion", "1");
    cJSON_AddStringToObject(document, "LatestVersion", "1");
    cJSON_AddItemToObject(document, "Tags", tags);
    cJSON_AddArrayToObject(document, "AccountSharingInfoList");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(document, "Versions"), version);
    cJSON_AddItemToArray(r->documents, document);
    cJSON_AddItemToObject(out, "DocumentDescription", document_description(document, version));
    return 0;
}

/* The document and version a Get/Describe call names, or NULL after failing the call. */
static cJSON *named_version(struct call *c, const cJSON *in, cJSON **document)
{
    *document = document_find(ssm_call_region(c), param_string(in, "Name"));
    cJSON *version = *document ? document_version_find(*document,
                                                        param_string(in, "DocumentVersion"),
                                                        param_string(in, "VersionName"))
                               : NULL;
    if (!version)
        fail_no_document(c);
    return version;
}

OPERATION(ssm_get_document)
{
    cJSON *document;
    const cJSON *version = named_version(c, in, &document);
    if (!version)
        return -1;
    /* GetDocument answers JSON unless asked for YAML; TEXT content is answered as it is. */
    const char *format = param_string(in, "DocumentFormat");
    if (!format)
        format = "JSON";
    if (strcmp(member_string(version, "DocumentFormat"), "TEXT") == 0)
        format = "TEXT";
    char *content = document_content_as(version, format);
    if (!content)
        return call_fail_validation(c, "The document content cannot be converted to %s.",
                                    format);
    static const char *const members[] = {"Name", "CreatedDate", "DisplayName", "VersionName",
                                          "DocumentVersion", "Status", "DocumentType",
                                          "Requires", NULL};
    for (const char *const *m = members; *m; m++) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(version, *m);
        if (item)
            cJSON_AddItemToObject(out, *m, cJSON_Duplicate(item, true));
    }
    cJSON_AddStringToObject(out, "Content", content);
    free(content);
    cJSON_AddStringToObject(out, "DocumentFormat", format);
    return 0;
}

OPERATION(ssm_describe_document)
{
    cJSON *document;
    const cJSON *version = named_version(c, in, &document);
    if (!version)
        return -1;
    cJSON_AddItemToObject(out, "Document", document_description(document, version));
    return 0;
}

static cJSON *versions_of(const cJSON *document)
{
    return cJSON_GetObjectItemCaseSensitive(document, "Versions");
}

OPERATION(ssm_update_document)
{
    cJSON *document = document_find(ssm_call_region(c), param_string(in, "Name"));
    if (!document)
        return fail_no_document(c);
    const char *latest = member_string(document, "LatestVersion");
    const char *asked = param_string(in, "DocumentVersion");
    if (asked && strcmp(asked, "$LATEST") != 0 && strcmp(asked, latest) != 0)
        return call_fail(c, 400, "InvalidDocumentVersion",
                         "The document version is not valid or does not exist.");
    const char *version_name = param_string(in, "VersionName");
    if (version_name && document_version_find(document, NULL, version_name))
        return call_fail(c, 400, "DuplicateDocumentVersionName",
                         "The specified version name is a duplicate.");
    const char *content = param_string(in, "Content");
    const cJSON *existing;
    cJSON_ArrayForEach(existing, versions_of(document))
        if (strcmp(member_string(existing, "Content"), content) == 0)
            return call_fail(c, 400, "DuplicateDocumentContent",
                             "The content of the association document matches another "
                             "document. Change the content of the document and try again.");
    char number[24];
    snprintf(number, sizeof number, "%ld", atol(latest) + 1);
    const cJSON *previous = document_version_find(document, latest, NULL);
    cJSON *version = version_from_request(c, in, number, member_string(previous, "DocumentType"));
    if (!version)
        return -1;
    if (!cJSON_GetObjectItemCaseSensitive(version, "TargetType") &&
        member_string(previous, "TargetType"))
        cJSON_AddStringToObject(version, "TargetType", member_string(previous, "TargetType"));
    cJSON_AddItemToArray(versions_of(document), version);
    cJSON_ReplaceItemInObjectCaseSensitive(document, "LatestVersion", cJSON_CreateString(number));
    cJSON_AddItemToObject(out, "DocumentDescription", document_description(document, version));
    return 0;
}

OPERATION(ssm_delete_document)
{
    (void)out;
    struct ssm_region *r = ssm_call_region(c);
    cJSON *document = document_find(r, param_string(in, "Name"));
    if (!document)
        return fail_no_document(c);
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(document, "AccountSharingInfoList")))
        return call_fail(c, 400, "InvalidDocumentOperation",
                         "You must stop sharing the document before you can delete it.");
    const char *number = param_string(in, "DocumentVersion");
    const char *name = param_string(in, "VersionName");
    if (!number && !name) {
        cJSON_Delete(cJSON_DetachItemViaPointer(r->documents, document));
        return 0;
    }
    cJSON *version = document_version_find(document, number, name);
    if (!version)
        return fail_no_document(c);
    if (strcmp(member_string(version, "DocumentVersion"),
               member_string(document, "DefaultVersion")) == 0) {
        if (cJSON_GetArraySize(versions_of(document)) > 1)
            return call_fail(c, 400, "InvalidDocumentOperation",
                             "Default version of the document can't be deleted.");
        cJSON_Delete(cJSON_DetachItemViaPointer(r->documents, document));
        return 0;
    }
    bool was_latest = strcmp(member_string(version, "DocumentVersion"),
                             member_string(document, "LatestVersion")) == 0;
    cJSON_Delete(cJSON_DetachItemViaPointer(versions_of(document), version));
    if (was_latest) {
        const cJSON *versions = versions_of(document);
        const cJSON *newest = cJSON_GetArrayItem(versions, cJSON_GetArraySize(versions) - 1);
        cJSON_ReplaceItemInObjectCaseSensitive(
            document, "LatestVersion",
            cJSON_CreateString(member_string(newest, "DocumentVersion")));
    }
    return 0;
}

/* ---- listing ---- */

static bool any_value_is(const cJSON *values, const char *text)
{
    const cJSON *value;
    cJSON_ArrayForEach(value, values)
        if (cJSON_IsString(value) && text && strcmp(value->valuestring, text) == 0)
            return true;
    return false;
}

static bool document_matches(const cJSON *document, const cJSON *version, const cJSON *filters)
{
    const cJSON *filter;
    cJSON_ArrayForEach(filter, filters) {
        const char *key = member_string(filter, "Key");
        const cJSON *values = cJSON_GetObjectItemCaseSensitive(filter, "Values");
        if (!key)
            continue;
        if (strcmp(key, "Owner") == 0) {
            /* Every document motoc holds is the account's own: none is Amazon's or public. */
            if (!any_value_is(values, "Self") && !any_value_is(values, "Private") &&
                !any_value_is(values, "All"))
                return false;
        } else if (strncmp(key, "tag:", 4) == 0) {
            const char *tag =
                tags_get(cJSON_GetObjectItemCaseSensitive(document, "Tags"), key + 4);
            if (!tag || (cJSON_GetArraySize(values) > 0 && !any_value_is(values, tag)))
                return false;
        } else if (strcmp(key, "PlatformTypes") == 0) {
            bool any = false;
            const cJSON *p;
            cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(version, "PlatformTypes"))
                any = any || any_value_is(values, p->valuestring);
            if (!any)
                return false;
        } else if (strcmp(key, "SearchKeyword") == 0) {
            bool any = false;
            const cJSON *v;
            cJSON_ArrayForEach(v, values)
                any = any || (cJSON_IsString(v) &&
                              strstr(member_string(document, "Name"), v->valuestring));
            if (!any)
                return false;
        } else if (!any_value_is(values, member_string(version, key))) {
            return false; /* Name, DocumentType, TargetType, SchemaVersion, DocumentFormat... */
        }
    }
    return true;
}

/* The older DocumentFilterList ({key, value}) as Filters ({Key, Values}). */
static cJSON *filters_of(const cJSON *in)
{
    cJSON *filters = param_copy(in, "Filters");
    if (!filters)
        filters = cJSON_CreateArray();
    const cJSON *old;
    cJSON_ArrayForEach(old, cJSON_GetObjectItemCaseSensitive(in, "DocumentFilterList")) {
        static const struct {
            const char *from, *to;
        } keys[] = {{"Name", "Name"}, {"Owner", "Owner"}, {"PlatformTypes", "PlatformTypes"},
                    {"DocumentType", "DocumentType"}};
        const char *key = member_string(old, "key");
        for (size_t i = 0; key && i < sizeof keys / sizeof keys[0]; i++) {
            if (strcmp(key, keys[i].from) != 0)
                continue;
            cJSON *filter = cJSON_CreateObject();
            cJSON_AddStringToObject(filter, "Key", keys[i].to);
            cJSON_AddItemToArray(cJSON_AddArrayToObject(filter, "Values"),
                                 cJSON_CreateString(member_string(old, "value")));
            cJSON_AddItemToArray(filters, filter);
        }
    }
    return filters;
}

static cJSON *identifier(const cJSON *document, const cJSON *version)
{
    cJSON *out = cJSON_Duplicate(version, true);
    cJSON_DeleteItemFromObjectCaseSensitive(out, "Content");
    cJSON_AddStringToObject(out, "Owner", member_string(document, "Owner"));
    cJSON_AddItemToObject(out, "Tags",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(document, "Tags"),
                                          true));
    return out;
}

OPERATION(ssm_list_documents)
{
    struct ssm_region *r = ssm_call_region(c);
    long size;
    page_size_read(in, "MaxResults", 1, 50, 50, &size);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail_validation(c, "The specified next token is not valid.");
    cJSON *filters = filters_of(in);
    cJSON *list = cJSON_AddArrayToObject(out, "DocumentIdentifiers");
    long matched = 0;
    const cJSON *document;
    cJSON_ArrayForEach(document, r->documents) {
        const cJSON *version = document_version_find(document, NULL, NULL);
        if (!version || !document_matches(document, version, filters))
            continue;
        if (matched == start + size) {
            page_token_add_index(out, "NextToken", (size_t)matched);
            break;
        }
        if (matched++ >= start)
            cJSON_AddItemToArray(list, identifier(document, version));
    }
    cJSON_Delete(filters);
    return 0;
}

OPERATION(ssm_list_document_versions)
{
    const cJSON *document = document_find(ssm_call_region(c), param_string(in, "Name"));
    if (!document)
        return fail_no_document(c);
    long size;
    page_size_read(in, "MaxResults", 1, 50, 50, &size);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail_validation(c, "The specified next token is not valid.");
    const cJSON *versions = versions_of(document);
    long count = cJSON_GetArraySize(versions);
    const char *default_version = member_string(document, "DefaultVersion");
    cJSON *list = cJSON_AddArrayToObject(out, "DocumentVersions");
    for (long i = start; i < count && i < start + size; i++) {
        const cJSON *v = cJSON_GetArrayItem(versions, (int)i);
        cJSON *entry = cJSON_CreateObject();
        static const char *const members[] = {"Name", "DisplayName", "DocumentVersion",
                                              "VersionName", "CreatedDate", "DocumentFormat",
                                              "Status", NULL};
        for (const char *const *m = members; *m; m++) {
            const cJSON *item = cJSON_GetObjectItemCaseSensitive(v, *m);
            if (item)
                cJSON_AddItemToObject(entry, *m, cJSON_Duplicate(item, true));
        }
        cJSON_AddBoolToObject(
            entry, "IsDefaultVersion",
            strcmp(member_string(v, "DocumentVersion"), default_version) == 0);
        cJSON_AddItemToArray(list, entry);
    }
    if (start + size < count)
        page_token_add_index(out, "NextToken", (size_t)(start + size));
    return 0;
}

OPERATION(ssm_update_document_default_version)
{
    cJSON *document = document_find(ssm_call_region(c), param_string(in, "Name"));
    if (!document)
        return fail_no_document(c);
    const char *number = param_string(in, "DocumentVersion");
    const cJSON *version = document_version_find(document, number, NULL);
    if (!version)
        return call_fail(c, 400, "InvalidDocumentVersion",
                         "The document version is not valid or does not exist.");
    const char *chosen = member_string(version, "DocumentVersion");
    cJSON_ReplaceItemInObjectCaseSensitive(document, "DefaultVersion", cJSON_CreateString(chosen));
    cJSON *description = cJSON_AddObjectToObject(out, "Description");
    cJSON_AddStringToObject(description, "Name", member_string(document, "Name"));
    cJSON_AddStringToObject(description, "DefaultVersion", chosen);
    add_string(description, "DefaultVersionName", member_string(version, "VersionName"));
    return 0;
}

/* ---- sharing ---- */

static bool account_id_valid(const char *id)
{
    if (strcasecmp(id, "all") == 0)
        return true;
    if (strlen(id) != 12)
        return false;
    for (const char *p = id; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    return true;
}

static bool lists_all(const cJSON *ids)
{
    const cJSON *id;
    cJSON_ArrayForEach(id, ids)
        if (strcasecmp(id->valuestring, "all") == 0)
            return true;
    return false;
}

static int check_account_ids(struct call *c, const cJSON *ids, const char *member)
{
    const cJSON *id;
    cJSON_ArrayForEach(id, ids)
        if (!account_id_valid(id->valuestring))
            return call_fail_validation(c, "1 validation error detected: Value '[%s]' at '%s' "
                                           "failed to satisfy constraint: Member must satisfy "
                                           "regular expression pattern: (?i)all|[0-9]{12}",
                                        id->valuestring, member);
    if (lists_all(ids) && cJSON_GetArraySize(ids) > 1)
        return call_fail(c, 400, "DocumentPermissionLimit",
                         "Accounts can either be all or a group of AWS accounts");
    return 0;
}

static void unshare(cJSON *sharing, const char *account)
{
    int i = 0;
    const cJSON *entry;
    cJSON_ArrayForEach(entry, sharing) {
        if (!account || strcmp(member_string(entry, "AccountId"), account) == 0) {
            cJSON_DeleteItemFromArray(sharing, i);
            unshare(sharing, account);
            return;
        }
        i++;
    }
}

OPERATION(ssm_modify_document_permission)
{
    (void)out;
    const cJSON *add = cJSON_GetObjectItemCaseSensitive(in, "AccountIdsToAdd");
    const cJSON *remove = cJSON_GetObjectItemCaseSensitive(in, "AccountIdsToRemove");
    if (check_account_ids(c, add, "accountIdsToAdd") != 0 ||
        check_account_ids(c, remove, "accountIdsToRemove") != 0)
        return -1;
    cJSON *document = document_find(ssm_call_region(c), param_string(in, "Name"));
    if (!document)
        return fail_no_document(c);
    const char *shared_version = param_string(in, "SharedDocumentVersion");
    if (shared_version && strcmp(shared_version, "$LATEST") != 0 &&
        strcmp(shared_version, "$DEFAULT") != 0 && strcmp(shared_version, "$ALL") != 0)
        return call_fail_validation(c, "1 validation error detected: Value '%s' at "
                                       "'sharedDocumentVersion' failed to satisfy constraint: "
                                       "Member must satisfy regular expression pattern: "
                                       "([$]LATEST|[$]DEFAULT|[$]ALL)", shared_version);
    cJSON *sharing = cJSON_GetObjectItemCaseSensitive(document, "AccountSharingInfoList");
    if (lists_all(add) || (cJSON_GetArraySize(add) > 0 && cJSON_GetArraySize(sharing) > 0 &&
                           lists_all(sharing)))
        unshare(sharing, NULL);
    const cJSON *id;
    cJSON_ArrayForEach(id, add) {
        unshare(sharing, id->valuestring);
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "AccountId", id->valuestring);
        cJSON_AddStringToObject(entry, "SharedDocumentVersion",
                                shared_version ? shared_version : "$DEFAULT");
        cJSON_AddItemToArray(sharing, entry);
    }
    if (lists_all(remove))
        unshare(sharing, NULL);
    cJSON_ArrayForEach(id, remove)
        unshare(sharing, id->valuestring);
    return 0;
}

OPERATION(ssm_describe_document_permission)
{
    const cJSON *document = document_find(ssm_call_region(c), param_string(in, "Name"));
    if (!document)
        return fail_no_document(c);
    const cJSON *sharing = cJSON_GetObjectItemCaseSensitive(document, "AccountSharingInfoList");
    cJSON *ids = cJSON_AddArrayToObject(out, "AccountIds");
    const cJSON *entry;
    cJSON_ArrayForEach(entry, sharing)
        cJSON_AddItemToArray(ids, cJSON_CreateString(member_string(entry, "AccountId")));
    cJSON_AddItemToObject(out, "AccountSharingInfoList", cJSON_Duplicate(sharing, true));
    return 0;
}
