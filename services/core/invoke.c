/* Operations run in process (invoke.h): the dispatch pipeline without the wire — look the
 * operation up, validate the params tree, run it against a blank request. */
#include "invoke.h"

#include <stdio.h>
#include <string.h>

#include "../../http/loop.h"
#include "../../http/session.h"
#include "backend.h"
#include "model.h"
#include "request_id.h"
#include "validate.h"

int core_invoke(const char *service, const char *operation, const char *account,
                const char *region, const cJSON *params, cJSON **result, struct proto_error *err)
{
    *result = NULL;
    const struct service_backend *backend = backend_for_service(service);
    const struct service_model *model = model_for_service(service);
    const struct service_info *info = service_by_name(service);
    const struct operation *op = model ? model_operation(model, operation) : NULL;
    if (!backend || !model || !info || !op)
        return error_fail(err, 400, "UnknownOperationException",
                          "The service %s has no operation %s.", service, operation);
    operation_fn fn = backend_operation(backend, op->name);
    if (!fn || fn == operation_not_yet_implemented)
        return error_fail(err, 404, "NotYetImplemented",
                          "The %s operation %s is not yet implemented by motoc", service,
                          operation);
    const char *code = operation_validation_error_code(op, backend->validation_error_code,
                                                       model->protocol);
    cJSON *input = params ? cJSON_Duplicate(params, 1) : cJSON_CreateObject();
    if (validate_params(&op->input, input, code, err) != 0) {
        cJSON_Delete(input);
        return -1;
    }
    struct route rt = {.service = info, .protocol = model->protocol};
    snprintf(rt.account, sizeof rt.account, "%s", account);
    snprintf(rt.region, sizeof rt.region, "%s", region);
    snprintf(rt.operation, sizeof rt.operation, "%s", op->name);
    struct http_request req;
    struct http_response resp;
    http_request_init(&req);
    http_response_init(&resp);
    char request_id[37];
    uuid_new(request_id);
    struct proto_call proto = {model, op, model->protocol, request_id, &req};
    cJSON *out = cJSON_CreateObject();
    struct call c = {&rt, &req, &resp, op, request_id, err, &proto, loop_now_ms()};
    int rc = fn(&c, input, out);
    if (rc == CALL_DEFERRED) {
        http_deferral_cancel(resp.deferral);
        rc = error_fail(err, 400, "ValidationException",
                        "The %s operation %s cannot wait for its answer here.", service,
                        operation);
    }
    http_request_free(&req);
    http_response_free(&resp);
    cJSON_Delete(input);
    if (rc != 0) {
        cJSON_Delete(out);
        return -1;
    }
    *result = out;
    return 0;
}
