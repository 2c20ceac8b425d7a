/* Request bodies sent with Content-Encoding: gzip (SDKs compress large CloudWatch payloads), and
 * small payloads gzipped in memory for other services. */
#ifndef MOTOC_CONTENT_ENCODING_H
#define MOTOC_CONTENT_ENCODING_H

#include "../../http/message.h"
#include "protocol.h"

/* Replaces a gzip-encoded body by its decoded bytes. 0 if there was nothing to do or it worked;
 * -1 with *err for a corrupt or oversized stream. */
int request_body_gunzip(struct http_request *req, unsigned long long max_bytes,
                        struct proto_error *err);

/* Appends the gzip encoding of len bytes to out (CloudWatch Logs' subscription envelopes);
 * false when zlib fails. */
bool gzip_encode(const void *data, size_t len, struct buf *out);

#endif
