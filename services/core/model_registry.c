/* model_for_service: the embedded models, each parsed on first use and then kept. */
#include <stdlib.h>
#include <string.h>

#include "../../http/log.h"
#include "../models/models.h"
#include "model.h"

struct loaded_model {
    const char *service;
    struct service_model *model;
    bool failed;
};

static struct loaded_model *loaded;
static size_t n_loaded;

static void free_loaded_models(void)
{
    for (size_t i = 0; i < n_loaded; i++)
        model_free(loaded[i].model);
    free(loaded);
    loaded = NULL;
    n_loaded = 0;
}

static struct service_model *parse_embedded(const struct embedded_model *em)
{
    cJSON *doc = cJSON_Parse(em->json);
    char err[256] = "not JSON";
    struct service_model *m = doc ? model_from_json(doc, err, sizeof err) : NULL;
    cJSON_Delete(doc);
    if (!m)
        log_msg(LOG_ERROR, "embedded model of %s is unusable: %s", em->service, err);
    return m;
}

const struct service_model *model_for_service(const char *service_name)
{
    if (!service_name)
        return NULL;
    if (!loaded) {
        size_t n = 0;
        while (embedded_models[n].service)
            n++;
        loaded = calloc(n ? n : 1, sizeof *loaded);
        if (!loaded)
            return NULL;
        for (size_t i = 0; i < n; i++)
            loaded[i].service = embedded_models[i].service;
        n_loaded = n;
        atexit(free_loaded_models);
    }
    for (size_t i = 0; i < n_loaded; i++) {
        struct loaded_model *lm = &loaded[i];
        if (strcmp(lm->service, service_name) != 0)
            continue;
        if (!lm->model && !lm->failed) {
            lm->model = parse_embedded(&embedded_models[i]);
            lm->failed = lm->model == NULL;
        }
        return lm->model;
    }
    return NULL;
}
