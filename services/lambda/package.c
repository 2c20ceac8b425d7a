/* Unpacking deployment packages and layers into an execution environment's directories. */
#include "package.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

/* Entry names are relative paths without "..", as Lambda unpacks them. */
static bool entry_name_safe(const char *name)
{
    if (name[0] == '/' || name[0] == '\0')
        return false;
    for (const char *p = name; *p;) {
        size_t len = strcspn(p, "/");
        if (len == 2 && p[0] == '.' && p[1] == '.')
            return false;
        p += len;
        while (*p == '/')
            p++;
    }
    return true;
}

/* mkdir -p for the directories of path, below dir (which exists). */
static int make_parents(char *path, size_t dir_len)
{
    for (char *p = path + dir_len + 1; (p = strchr(p, '/')); p++) {
        *p = '\0';
        int rc = mkdir(path, 0755);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

static mode_t entry_mode(zip_t *zip, zip_uint64_t index, bool directory)
{
    zip_uint8_t opsys;
    zip_uint32_t attributes;
    mode_t fallback = directory ? 0755 : 0644;
    if (zip_file_get_external_attributes(zip, index, 0, &opsys, &attributes) != 0 ||
        opsys != ZIP_OPSYS_UNIX)
        return fallback;
    mode_t mode = (attributes >> 16) & 0777;
    if (!mode)
        return fallback;
    return mode | (directory ? 0700 : 0600); /* motoc must be able to clean up */
}

static int copy_entry(zip_t *zip, zip_uint64_t index, const char *path, mode_t mode,
                      unsigned long long *total, char *err, size_t err_len)
{
    zip_file_t *in = zip_fopen_index(zip, index, 0);
    if (!in) {
        snprintf(err, err_len, "cannot read %s: %s", path, zip_strerror(zip));
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) {
        snprintf(err, err_len, "cannot write %s: %s", path, strerror(errno));
        zip_fclose(in);
        return -1;
    }
    char chunk[65536];
    zip_int64_t n;
    int rc = 0;
    while ((n = zip_fread(in, chunk, sizeof chunk)) > 0) {
        *total += (unsigned long long)n;
        if (*total > LAMBDA_UNZIPPED_MAX_BYTES) {
            snprintf(err, err_len, "Unzipped size must be smaller than %llu bytes",
                     LAMBDA_UNZIPPED_MAX_BYTES);
            rc = -1;
            break;
        }
        if (write(fd, chunk, (size_t)n) != n) {
            snprintf(err, err_len, "cannot write %s: %s", path, strerror(errno));
            rc = -1;
            break;
        }
    }
    if (n < 0 && rc == 0) {
        snprintf(err, err_len, "cannot unzip %s: %s", path, zip_file_strerror(in));
        rc = -1;
    }
    fchmod(fd, mode);
    close(fd);
    zip_fclose(in);
    return rc;
}

int lambda_package_extract(const char *zip_path, const char *dir, unsigned long long *total,
                           char *err, size_t err_len)
{
    int zip_error = 0;
    zip_t *zip = zip_open(zip_path, ZIP_RDONLY, &zip_error);
    if (!zip) {
        snprintf(err, err_len, "Could not unzip uploaded file. Please check your file, then try "
                               "to upload again.");
        return -1;
    }
    zip_int64_t entries = zip_get_num_entries(zip, 0);
    size_t dir_len = strlen(dir);
    int rc = 0;
    for (zip_int64_t i = 0; i < entries && rc == 0; i++) {
        const char *name = zip_get_name(zip, (zip_uint64_t)i, 0);
        if (!name || !entry_name_safe(name))
            continue;
        char path[PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
            continue;
        bool directory = name[strlen(name) - 1] == '/';
        mode_t mode = entry_mode(zip, (zip_uint64_t)i, directory);
        if (make_parents(path, dir_len) != 0) {
            snprintf(err, err_len, "cannot create the directories of %s: %s", name,
                     strerror(errno));
            rc = -1;
        } else if (directory) {
            if (mkdir(path, mode) != 0 && errno != EEXIST) {
                snprintf(err, err_len, "cannot create %s: %s", name, strerror(errno));
                rc = -1;
            }
        } else {
            /* A symbolic link's entry is written as a file holding its target: never followed. */
            rc = copy_entry(zip, (zip_uint64_t)i, path, mode, total, err, err_len);
        }
    }
    zip_discard(zip);
    return rc;
}

int lambda_package_check(const char *zip_path, char *err, size_t err_len)
{
    int zip_error = 0;
    zip_t *zip = zip_open(zip_path, ZIP_RDONLY | ZIP_CHECKCONS, &zip_error);
    if (!zip) {
        snprintf(err, err_len, "Could not unzip uploaded file. Please check your file, then try "
                               "to upload again.");
        return -1;
    }
    unsigned long long total = 0;
    zip_int64_t entries = zip_get_num_entries(zip, 0);
    for (zip_int64_t i = 0; i < entries; i++) {
        zip_stat_t st;
        if (zip_stat_index(zip, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
            total += st.size;
    }
    zip_discard(zip);
    if (total > LAMBDA_UNZIPPED_MAX_BYTES) {
        snprintf(err, err_len, "Unzipped size must be smaller than %llu bytes",
                 LAMBDA_UNZIPPED_MAX_BYTES);
        return -1;
    }
    return 0;
}
