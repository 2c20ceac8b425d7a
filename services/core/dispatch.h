/* The one dispatch core every front end feeds: HTTP request in, AWS response out. */
#ifndef MOTOC_DISPATCH_H
#define MOTOC_DISPATCH_H

#include "../../http/message.h"

/* An http_handler_fn: routes req, runs the operation and writes the answer to resp. ctx unused. */
void core_handle_request(void *ctx, struct http_request *req, struct http_response *resp);

#endif
