/* Deployment packages unpack as Lambda unpacks them: nested paths, executable bits kept (a custom
 * runtime's bootstrap), nothing written outside the target, broken archives refused. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "../../services/lambda/package.h"
#include "check.h"

static void add(zip_t *z, const char *name, const char *text, mode_t mode)
{
    zip_source_t *src = zip_source_buffer(z, text, strlen(text), 0);
    zip_int64_t i = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8);
    if (i < 0)
        abort();
    zip_file_set_external_attributes(z, (zip_uint64_t)i, 0, ZIP_OPSYS_UNIX,
                                     (zip_uint32_t)(S_IFREG | mode) << 16);
}

static char *read_text(const char *path)
{
    static char text[256];
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    return text;
}

int main(void)
{
    char root[] = "/tmp/motoc-test-package-XXXXXX";
    if (!mkdtemp(root))
        return 1;
    char zip_path[PATH_MAX], dir[PATH_MAX], path[PATH_MAX + 64];
    snprintf(zip_path, sizeof zip_path, "%s/code.zip", root);
    snprintf(dir, sizeof dir, "%s/task", root);
    mkdir(dir, 0700);

    int error = 0;
    zip_t *z = zip_open(zip_path, ZIP_CREATE | ZIP_TRUNCATE, &error);
    add(z, "bootstrap", "#!/bin/sh\n", 0755);
    add(z, "lib/pkg/mod.py", "X = 1\n", 0644);
    add(z, "../escape.txt", "no\n", 0644);
    add(z, "/absolute.txt", "no\n", 0644);
    zip_close(z);

    unsigned long long total = 0;
    char err[256] = "";
    CHECK(lambda_package_extract(zip_path, dir, &total, err, sizeof err) == 0, "%s", err);
    snprintf(path, sizeof path, "%s/lib/pkg/mod.py", dir);
    CHECK_STR(read_text(path), "X = 1\n", "a nested file");
    snprintf(path, sizeof path, "%s/bootstrap", dir);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0111), "the bootstrap stays executable");
    snprintf(path, sizeof path, "%s/escape.txt", root);
    CHECK(access(path, F_OK) != 0, "an entry naming ../ is not written outside");
    CHECK(access("/absolute.txt", F_OK) != 0, "an absolute entry is not written");
    CHECK(total == strlen("#!/bin/sh\n") + strlen("X = 1\n"), "bytes counted: %llu", total);

    int fd = open(zip_path, O_WRONLY | O_TRUNC);
    CHECK(write(fd, "not a zip", 9) == 9, "rewrite");
    close(fd);
    CHECK(lambda_package_extract(zip_path, dir, &total, err, sizeof err) == -1,
          "a broken archive is refused");
    CHECK_STR(err, "Could not unzip uploaded file. Please check your file, then try to upload "
                   "again.", "Lambda's message");

    char command[PATH_MAX + 16];
    snprintf(command, sizeof command, "rm -rf %s", root);
    CHECK(system(command) == 0, "cleanup");
    return test_summary("lambda_package");
}
