/* Parses the x-amz-copy-source header into bucket, key and version id. */
#include "copy_source.h"

#include <stdlib.h>
#include <string.h>

#include "../../http/buf.h"
#include "../core/form.h"

/* Wire text (wire_text.h); NULL when the bytes are not UTF-8. */
static char *decoded(const char *text, size_t len)
{
    struct buf out = BUF_INIT;
    bool valid = percent_decode(text, len, false, &out);
    char *s = valid ? xstrdup(out.data ? out.data : "") : NULL;
    buf_free(&out);
    return s;
}

bool copy_source_parse(const char *header, struct copy_source *out)
{
    memset(out, 0, sizeof *out);
    if (!header)
        return false;
    const char *p = header[0] == '/' ? header + 1 : header;
    const char *query = strchr(p, '?');
    size_t path_len = query ? (size_t)(query - p) : strlen(p);
    char *path = decoded(p, path_len);
    if (!path)
        return false;
    char *slash = strchr(path, '/');
    if (!slash || slash == path || !slash[1]) {
        free(path);
        return false;
    }
    out->bucket = xstrndup(path, (size_t)(slash - path));
    out->key = xstrdup(slash + 1);
    free(path);
    if (query) {
        const char *v = strstr(query + 1, "versionId=");
        if (v && (v == query + 1 || v[-1] == '&')) {
            v += strlen("versionId=");
            out->version_id = decoded(v, strcspn(v, "&"));
            if (!out->version_id) {
                copy_source_free(out);
                return false;
            }
        }
    }
    return true;
}

void copy_source_free(struct copy_source *s)
{
    free(s->bucket);
    free(s->key);
    free(s->version_id);
    memset(s, 0, sizeof *s);
}
