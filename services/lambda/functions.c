/* Looking functions up the way Lambda reads names, and keeping their deployment packages as
 * files (never in the state's JSON). */
#include "functions.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "../../http/spool.h"
#include "../core/arn.h"
#include "../core/call_error.h"
#include "../core/link_or_copy.h"
#include "../core/params.h"
#include "../core/protocol.h"
#include "../core/request_id.h"
#include "state.h"

static bool copy_part(char *out, size_t size, const char *start, size_t len)
{
    if (len == 0 || len >= size)
        return false;
    memcpy(out, start, len);
    out[len] = '\0';
    return true;
}

bool lambda_name_parse(const char *text, const char *account, const char *region,
                       struct lambda_name *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->account, sizeof out->account, "%s", account);
    snprintf(out->region, sizeof out->region, "%s", region);
    if (!text || !*text)
        return false;
    const char *parts[8];
    size_t lens[8], n = 0;
    for (const char *p = text;; ) {
        if (n == 8)
            return false;
        const char *colon = strchr(p, ':');
        parts[n] = p;
        lens[n++] = colon ? (size_t)(colon - p) : strlen(p);
        if (!colon)
            break;
        p = colon + 1;
    }
    size_t first = 0;
    if (n >= 7 && lens[0] == 3 && strncmp(parts[0], "arn", 3) == 0) {
        if (lens[2] != 6 || strncmp(parts[2], "lambda", 6) != 0 || lens[5] != 8 ||
            strncmp(parts[5], "function", 8) != 0 ||
            !copy_part(out->region, sizeof out->region, parts[3], lens[3]) ||
            !copy_part(out->account, sizeof out->account, parts[4], lens[4]))
            return false;
        first = 6;
    } else if (n >= 3 && lens[1] == 8 && strncmp(parts[1], "function", 8) == 0) {
        if (!copy_part(out->account, sizeof out->account, parts[0], lens[0]))
            return false;
        first = 2;
    } else if (n > 2) {
        return false;
    }
    if (n - first > 2 || !copy_part(out->name, sizeof out->name, parts[first], lens[first]))
        return false;
    if (n - first == 2 && !copy_part(out->qualifier, sizeof out->qualifier, parts[first + 1],
                                     lens[first + 1]))
        return false;
    return true;
}

cJSON *lambda_function_find(const struct lambda_region *r, const char *name)
{
    if (!r || !name)
        return NULL;
    cJSON *f;
    cJSON_ArrayForEach(f, r->functions) {
        if (strcmp(param_string(f, "FunctionName"), name) == 0)
            return f;
    }
    return NULL;
}

int lambda_fail_function_not_found(struct proto_error *err, const char *account,
                                   const char *region, const char *name, const char *qualifier)
{
    if (!err)
        return -1;
    char *arn = arn_build("lambda", region, account, "function:%s%s%s", name,
                          qualifier && *qualifier ? ":" : "", qualifier ? qualifier : "");
    error_fail(err, 404, "ResourceNotFoundException", "Function not found: %s", arn);
    free(arn);
    return -1;
}

static const cJSON *version_numbered(const cJSON *function, const char *number)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(function, "_versions")) {
        if (strcmp(param_string(v, "Version"), number) == 0)
            return v;
    }
    return NULL;
}

/* The version an alias sends this call to: its own, or an additional one by weight. */
static const char *alias_pick(const cJSON *alias)
{
    const cJSON *weights = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(alias, "RoutingConfig"), "AdditionalVersionWeights");
    unsigned char byte = 0;
    RAND_bytes(&byte, 1);
    double draw = (double)byte / 256.0, sum = 0;
    const cJSON *w;
    cJSON_ArrayForEach(w, weights) {
        sum += cJSON_IsNumber(w) ? w->valuedouble : 0;
        if (draw < sum)
            return w->string;
    }
    return param_string(alias, "FunctionVersion");
}

const cJSON *lambda_version_resolve(const char *account, const char *region, const char *function,
                                    const char *qualifier, struct proto_error *err)
{
    struct lambda_name n;
    if (!lambda_name_parse(function, account, region, &n)) {
        if (err)
            error_fail(err, 400, "ValidationException",
                       "1 validation error detected: Value '%s' at 'functionName' failed to "
                       "satisfy constraint: Member must satisfy regular expression pattern: "
                       "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?"
                       "(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?",
                       function ? function : "");
        return NULL;
    }
    if (qualifier && *qualifier) {
        if (n.qualifier[0] && strcmp(n.qualifier, qualifier) != 0) {
            if (err)
                error_fail(err, 400, "InvalidParameterValueException",
                           "The derived qualifier from the function name does not match the "
                           "specified qualifier.");
            return NULL;
        }
        snprintf(n.qualifier, sizeof n.qualifier, "%s", qualifier);
    }
    const cJSON *f = lambda_function_find(lambda_region_find(n.account, n.region), n.name);
    if (!f) {
        lambda_fail_function_not_found(err, n.account, n.region, n.name, n.qualifier);
        return NULL;
    }
    if (!n.qualifier[0] || strcmp(n.qualifier, "$LATEST") == 0)
        return cJSON_GetObjectItemCaseSensitive(f, "_latest");
    const cJSON *v = version_numbered(f, n.qualifier);
    if (v)
        return v;
    const cJSON *alias;
    cJSON_ArrayForEach(alias, cJSON_GetObjectItemCaseSensitive(f, "_aliases")) {
        if (strcmp(param_string(alias, "Name"), n.qualifier) == 0) {
            const char *target = alias_pick(alias);
            if (strcmp(target, "$LATEST") == 0)
                return cJSON_GetObjectItemCaseSensitive(f, "_latest");
            if ((v = version_numbered(f, target)))
                return v;
        }
    }
    lambda_fail_function_not_found(err, n.account, n.region, n.name, n.qualifier);
    return NULL;
}

const char *lambda_version_code_path(const cJSON *version)
{
    return param_string(version, "_code_file");
}

const cJSON *lambda_event_invoke_config(const char *account, const char *region,
                                        const char *function, const char *qualifier)
{
    struct lambda_name n;
    if (!lambda_name_parse(function, account, region, &n))
        return NULL;
    const cJSON *f = lambda_function_find(lambda_region_find(n.account, n.region), n.name);
    const char *q = qualifier && *qualifier ? qualifier : n.qualifier[0] ? n.qualifier : "$LATEST";
    return cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(f, "_event_invoke_configs"), q);
}

static void new_code_path(char *out, size_t size)
{
    char id[37];
    uuid_new(id);
    const char *dir = spool_dir();
    snprintf(out, size, "%s/lambda-%s.zip", dir ? dir : "/tmp", id);
}

int lambda_code_store(const void *data, size_t len, char *path_out, size_t size)
{
    new_code_path(path_out, size);
    int fd = open(path_out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            unlink(path_out);
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    close(fd);
    return 0;
}

int lambda_code_share(const char *path, char *path_out, size_t size)
{
    new_code_path(path_out, size);
    return link_or_copy(path, path_out);
}

static void forget_code_of(const cJSON *config)
{
    const char *path = lambda_version_code_path(config);
    if (path)
        unlink(path);
}

void lambda_function_forget_code(const cJSON *function)
{
    forget_code_of(cJSON_GetObjectItemCaseSensitive(function, "_latest"));
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(function, "_versions"))
        forget_code_of(v);
}
