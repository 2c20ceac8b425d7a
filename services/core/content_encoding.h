/* Request bodies sent with Content-Encoding: gzip (SDKs compress large CloudWatch payloads). */
#ifndef MOTOC_CONTENT_ENCODING_H
#define MOTOC_CONTENT_ENCODING_H

#include "../../http/message.h"
#include "protocol.h"

/* Replaces a gzip-encoded body by its decoded bytes. 0 if there was nothing to do or it worked;
 * -1 with *err for a corrupt or oversized stream. */
int request_body_gunzip(struct http_request *req, unsigned long long max_bytes,
                        struct proto_error *err);

#endif
