/* The first bytes of a connection: protocol sniffing, the CONNECT head, the host name rules. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../http/sniff.h"
#include "../../tls/aws_names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    enum sniff_verdict verdict = sniff_protocol(bytes, size);
    if (verdict == SNIFF_NEED_MORE && size >= 8)
        abort();

    struct connect_target target;
    size_t head_len = 0;
    char name[DNS_NAME_SIZE];
    if (connect_request_parse(bytes, size, &target, &head_len) == CONNECT_PARSED) {
        if (head_len == 0 || head_len > size || head_len > CONNECT_HEAD_MAX || !target.host[0] ||
            !target.port[0])
            abort();
        if (dns_name_normalize(target.host, strlen(target.host), name))
            aws_name_matches(name);
    }
    if (dns_name_normalize(bytes, size, name)) {
        if (strlen(name) > 253)
            abort();
        aws_name_matches(name);
    }
    return 0;
}
