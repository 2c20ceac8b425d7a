/* The smithy-rpc-v2-cbor codec on arbitrary bodies: the first byte picks the operation, the rest
 * is the body; what decodes is answered back as a result and as an error. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct service_model *model;
    if (!model)
        model = fuzz_model("smithy-rpc-v2-cbor");
    fuzz_rpc_request(model, data, size);
    return 0;
}
