/* The kit's array insert keeps every entry and the order asked for, wherever it inserts. */
#include <stdlib.h>

#include "../../services/core/json_array.h"
#include "check.h"

static void check_array(cJSON *array, const char *want, const char *what)
{
    char *text = cJSON_PrintUnformatted(array);
    CHECK_STR(text, want, "%s", what);
    free(text);
    /* The tail is reachable from the head's prev, as cJSON's appends expect. */
    cJSON *tail = array->child;
    while (tail && tail->next)
        tail = tail->next;
    CHECK(!array->child || array->child->prev == tail, "%s: the head names the tail", what);
}

static void test_inserts(void)
{
    cJSON *a = cJSON_CreateArray();
    json_array_insert(a, 0, cJSON_CreateString("m"));
    check_array(a, "[\"m\"]", "into an empty array");
    json_array_insert(a, 0, cJSON_CreateString("c"));
    check_array(a, "[\"c\",\"m\"]", "at the head");
    json_array_insert(a, 1, cJSON_CreateString("f"));
    check_array(a, "[\"c\",\"f\",\"m\"]", "in the middle");
    json_array_insert(a, 3, cJSON_CreateString("z"));
    check_array(a, "[\"c\",\"f\",\"m\",\"z\"]", "at the end");
    json_array_insert(a, 99, cJSON_CreateString("zz"));
    check_array(a, "[\"c\",\"f\",\"m\",\"z\",\"zz\"]", "past the end");
    json_array_insert(a, 2, cJSON_CreateString("g"));
    cJSON_AddItemToArray(a, cJSON_CreateString("end"));
    check_array(a, "[\"c\",\"f\",\"g\",\"m\",\"z\",\"zz\",\"end\"]", "an append after inserts");
    CHECK(cJSON_GetArraySize(a) == 7, "every entry counted");
    cJSON_Delete(a);
}

int main(void)
{
    test_inserts();
    return test_summary("kit_json_array");
}
