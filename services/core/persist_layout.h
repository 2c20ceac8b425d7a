/* The names inside a generation of a save (README, "Persistence"), shared by saving and
 * loading. */
#ifndef MOTOC_PERSIST_LAYOUT_H
#define MOTOC_PERSIST_LAYOUT_H

#include <stdbool.h>
#include <string.h>

/* Lists the services saved: {"service", "file", "records"} per service. */
#define PERSIST_MANIFEST_FILE "manifest.records"
#define PERSIST_MANIFEST_SERVICE "manifest"
#define PERSIST_MANIFEST_VERSION 1
/* <service>.records holds the service's records, <service>.files/ the files kept beside them. */
#define PERSIST_RECORDS_SUFFIX ".records"
#define PERSIST_FILES_SUFFIX ".files"
#define PERSIST_MAX_FILE_NAME 200

/* Letters, digits, '.', '_' and '-', not "." or "..": a name that stays inside its folder. */
static inline bool persist_valid_file_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > PERSIST_MAX_FILE_NAME || strcmp(name, ".") == 0 ||
        strcmp(name, "..") == 0)
        return false;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

#endif
