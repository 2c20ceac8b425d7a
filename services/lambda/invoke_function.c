/* Invocations other services wait on: the function version resolved as Invoke resolves it, then
 * handed to the executor. */
#include "invoke_function.h"

#include "functions.h"
#include "invoke_spec.h"

bool lambda_function_exists(const char *account, const char *region, const char *function)
{
    return function && lambda_version_resolve(account, region, function, NULL, NULL) != NULL;
}

struct lambda_invocation *lambda_invoke_function(const char *account, const char *region,
                                                 const char *function, const char *qualifier,
                                                 const char *payload, size_t len,
                                                 lambda_done_fn done, void *arg,
                                                 struct proto_error *err)
{
    const cJSON *version = lambda_version_resolve(account, region, function, qualifier, err);
    if (!version)
        return NULL;
    struct invoke_spec spec;
    if (invoke_spec_from_version(account, region, version, function, qualifier, &spec, err) != 0)
        return NULL;
    struct lambda_invocation *inv = lambda_run(&spec.run, payload, len, NULL, done, arg, err);
    invoke_spec_clear(&spec);
    return inv;
}
