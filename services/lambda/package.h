/* Deployment packages and layers: zip archives, checked and extracted with libzip. */
#ifndef MOTOC_LAMBDA_PACKAGE_H
#define MOTOC_LAMBDA_PACKAGE_H

#include <stddef.h>

/* Lambda's limit on a function's code and layers once unzipped. */
#define LAMBDA_UNZIPPED_MAX_BYTES 262144000ull

/* Extracts the zip at zip_path into dir (existing), keeping the entries' Unix permissions (a
 * custom runtime's bootstrap must stay executable) and refusing entries that would land outside
 * dir. *total counts the bytes written (added to, so layers and code share one budget). 0, or -1
 * with a reason in err. */
int lambda_package_extract(const char *zip_path, const char *dir, unsigned long long *total,
                           char *err, size_t err_len);

/* Whether the file at zip_path is a zip archive whose contents fit Lambda's unzipped limit; -1
 * with Lambda's message in err when not. */
int lambda_package_check(const char *zip_path, char *err, size_t err_len);

#endif
