/* AWS event streams (application/vnd.amazon.eventstream): the binary framing of streamed answers
 * (Lambda InvokeWithResponseStream, Kinesis SubscribeToShard, Logs StartLiveTail, S3
 * SelectObjectContent). A message is a prelude (total length, headers length, CRC32 of both), its
 * headers, its payload and a CRC32 of everything before it; numbers are big-endian. */
#ifndef MOTOC_EVENT_STREAM_H
#define MOTOC_EVENT_STREAM_H

#include <stddef.h>

#include "../../http/buf.h"

/* A header whose value is a string (wire type 7), the only kind AWS's answers use. */
struct event_stream_header {
    const char *name;  /* at most 255 bytes */
    const char *value; /* at most 65535 bytes */
};

/* Appends one message to out. */
void event_stream_append_message(struct buf *out, const struct event_stream_header *headers,
                                 size_t n_headers, const void *payload, size_t payload_len);

/* An event: :message-type "event", :event-type event_type, :content-type content_type (left out
 * when NULL). */
void event_stream_append_event(struct buf *out, const char *event_type, const char *content_type,
                               const void *payload, size_t payload_len);

/* An error that ends the stream as the service models it: :message-type "exception",
 * :exception-type exception_type, :content-type content_type (left out when NULL). */
void event_stream_append_exception(struct buf *out, const char *exception_type,
                                   const char *content_type, const void *payload,
                                   size_t payload_len);

#endif
