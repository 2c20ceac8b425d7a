/* GetQueueAttributes and SetQueueAttributes. */
#include "../core/params.h"
#include "ops.h"
#include "queue.h"
#include "queue_attributes.h"
#include "queue_url.h"

int sqs_get_queue_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    cJSON *attributes = cJSON_CreateObject();
    if (queue_attributes_get(q, cJSON_GetObjectItemCaseSensitive(in, "AttributeNames"),
                             attributes, c->err) != 0) {
        cJSON_Delete(attributes);
        return -1;
    }
    if (cJSON_GetArraySize(attributes) > 0)
        cJSON_AddItemToObject(out, "Attributes", attributes);
    else
        cJSON_Delete(attributes);
    return 0;
}

int sqs_set_queue_attributes(struct call *c, const cJSON *in, cJSON *out)
{
    (void)out;
    struct sqs_queue *q = queue_for_url(c, param_string(in, "QueueUrl"));
    if (!q)
        return -1;
    return queue_attributes_apply(q, cJSON_GetObjectItemCaseSensitive(in, "Attributes"), false,
                                  c->err);
}
