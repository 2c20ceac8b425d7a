/* moto's control endpoints (/moto-api/…), so tooling written for moto_server keeps working. */
#ifndef MOTOC_MOTO_API_H
#define MOTOC_MOTO_API_H

#include "../../http/message.h"

void moto_api_handle(const struct http_request *req, struct http_response *resp);

#endif
