/* Calls between services in process: the same validation and operation a signed request gets,
 * without HTTP around it. */
#include "internal_call.h"

#include <stdio.h>
#include <string.h>

#include "../../http/loop.h"
#include "../../http/message.h"
#include "backend.h"
#include "request_id.h"
#include "route.h"
#include "service_index.h"
#include "validate.h"

int internal_call(const char *service, const char *operation, const char *account,
                  const char *region, const cJSON *params, cJSON **result,
                  struct proto_error *err)
{
    if (result)
        *result = NULL;
    const struct service_backend *backend = backend_for_service(service);
    const struct service_model *model = model_for_service(service);
    const struct operation *op = model ? model_operation(model, operation) : NULL;
    operation_fn fn = backend && op ? backend_operation(backend, operation) : NULL;
    if (!fn) {
        proto_error_set(err, 404, "NotYetImplemented", "%s.%s is not implemented by motoc",
                        service, operation);
        return -1;
    }
    struct route rt = {.service = service_by_name(service), .protocol = model->protocol};
    snprintf(rt.operation, sizeof rt.operation, "%s", operation);
    snprintf(rt.account, sizeof rt.account, "%s", account);
    snprintf(rt.region, sizeof rt.region, "%s", region);
    cJSON *in = params ? cJSON_Duplicate(params, true) : cJSON_CreateObject();
    const char *code = operation_validation_error_code(op, backend->validation_error_code,
                                                       model->protocol);
    if (backend->validation != VALIDATE_IN_SERVICE &&
        validate_params_quoting(&op->input, in, code, backend->pattern_texts, err) != 0) {
        cJSON_Delete(in);
        return -1;
    }
    char request_id[37];
    uuid_new(request_id);
    struct http_request req;
    http_request_init(&req);
    struct http_response resp;
    http_response_init(&resp);
    struct proto_call proto = {model, op, model->protocol, request_id, &req};
    cJSON *out = cJSON_CreateObject();
    struct call c = {&rt, &req, &resp, op, request_id, err, &proto, loop_now_ms(), true};
    int rc = fn(&c, in, out);
    cJSON_Delete(in);
    http_request_free(&req);
    http_response_free(&resp);
    if (rc < 0) {
        cJSON_Delete(out);
        return -1;
    }
    proto_error_clear(err); /* an error the operation recovered from */
    if (result)
        *result = out;
    else
        cJSON_Delete(out);
    return 0;
}
