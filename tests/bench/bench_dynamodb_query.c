/* Query latency against table size: builds tables of 1k and 1M items (1000 items per partition
 * key, numeric sort keys) and times Query calls that return 10 items from a random partition,
 * twice: the operation alone (params tree in, result tree out) and the whole request as the
 * server handles it (routing, JSON decoding, validation, the operation, encoding) minus the
 * socket. Prints p50/p99 per table size. Not a test: timings depend on the machine.
 *
 * usage: bench_dynamodb_query [items...]   (default: 1000 1000000) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../http/message.h"
#include "../../services/core/backend.h"
#include "../../services/core/dispatch.h"
#include "../../services/dynamodb/ops.h"
#include "../../services/dynamodb/request.h"
#include "../../services/dynamodb/table.h"

#define ITEMS_PER_PARTITION 1000
#ifndef QUERIES
#define QUERIES 20000
#endif
#ifndef QUERY_SPAN
#define QUERY_SPAN 10
#endif

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static cJSON *run(struct call *c, operation_fn op, const char *params)
{
    cJSON *in = cJSON_Parse(params);
    cJSON *out = cJSON_CreateObject();
    if (op(c, in, out) != 0) {
        fprintf(stderr, "bench: %s: %s\n", c->err->code, c->err->message);
        exit(1);
    }
    cJSON_Delete(in);
    return out;
}

static void bench(long items)
{
    struct route route = {0};
    snprintf(route.account, sizeof route.account, "123456789012");
    snprintf(route.region, sizeof route.region, "us-east-1");
    struct proto_error err = {0};
    struct call c = {.route = &route, .err = &err, .request_id = "bench"};
    cJSON_Delete(run(&c, ddb_create_table,
                     "{\"TableName\":\"bench\",\"BillingMode\":\"PAY_PER_REQUEST\","
                     "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},"
                     "{\"AttributeName\":\"sk\",\"AttributeType\":\"N\"}],"
                     "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
                     "{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}]}"));
    struct ddb_table *t = ddb_table_find(ddb_call_region(&c), "bench");
    long partitions = (items + ITEMS_PER_PARTITION - 1) / ITEMS_PER_PARTITION;
    /* Insertion order is shuffled by a stride so the skiplist is not built in key order. */
    for (long i = 0; i < items; i++) {
        long k = (i * 7919) % items;
        char pk[32], sk[32];
        snprintf(pk, sizeof pk, "p%06ld", k % partitions);
        snprintf(sk, sizeof sk, "%ld", k / partitions);
        cJSON *item = cJSON_CreateObject();
        cJSON_AddItemToObject(item, "pk", av_new_string(AV_S, pk));
        cJSON_AddItemToObject(item, "sk", av_new_string(AV_N, sk));
        cJSON_AddItemToObject(item, "v", av_new_string(AV_S, "payload"));
        cJSON_Delete(ddb_table_put(t, item));
    }
    uint64_t *op_samples = malloc(QUERIES * sizeof *op_samples);
    uint64_t *request_samples = malloc(QUERIES * sizeof *request_samples);
    srand(42);
    for (int q = 0; q < QUERIES; q++) {
        char params[512];
        long lo = rand() % (ITEMS_PER_PARTITION - 10);
        snprintf(params, sizeof params,
                 "{\"TableName\":\"bench\",\"KeyConditionExpression\":\"pk = :p AND sk BETWEEN "
                 ":lo AND :hi\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p%06ld\"},"
                 "\":lo\":{\"N\":\"%ld\"},\":hi\":{\"N\":\"%ld\"}}}",
                 (long)(rand() % partitions), lo, lo + QUERY_SPAN - 1);
        cJSON *in = cJSON_Parse(params);
        cJSON *out = cJSON_CreateObject();
        uint64_t start = now_ns();
        ddb_query(&c, in, out);
        op_samples[q] = now_ns() - start;
        cJSON_Delete(in);
        cJSON_Delete(out);

        struct http_request req;
        struct http_response resp;
        http_request_init(&req);
        http_response_init(&resp);
        snprintf(req.method, sizeof req.method, "POST");
        req.target = xstrdup("/");
        req.path = xstrdup("/");
        req.query = xstrdup("");
        http_headers_add(&req.headers, "Host", "dynamodb.us-east-1.amazonaws.com");
        http_headers_add(&req.headers, "X-Amz-Target", "DynamoDB_20120810.Query");
        http_headers_add(&req.headers, "Content-Type", "application/x-amz-json-1.0");
        buf_puts(&req.body, params);
        req.body_length = req.body.len;
        start = now_ns();
        core_handle_request(NULL, &req, &resp);
        request_samples[q] = now_ns() - start;
        if (resp.status != 200) {
            fprintf(stderr, "bench: status %d: %.*s\n", resp.status, (int)resp.body.len,
                    resp.body.data);
            exit(1);
        }
        http_request_free(&req);
        http_response_free(&resp);
    }
    qsort(op_samples, QUERIES, sizeof *op_samples, compare_u64);
    qsort(request_samples, QUERIES, sizeof *request_samples, compare_u64);
    printf("%8ld items: Query operation p50 %6.2f us, p99 %6.2f us; whole request p50 %6.2f us, "
           "p99 %6.2f us\n",
           items, (double)op_samples[QUERIES / 2] / 1000.0,
           (double)op_samples[QUERIES * 99 / 100] / 1000.0,
           (double)request_samples[QUERIES / 2] / 1000.0,
           (double)request_samples[QUERIES * 99 / 100] / 1000.0);
    free(op_samples);
    free(request_samples);
    ddb_regions_reset();
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        bench(1000);
        bench(1000000);
        return 0;
    }
    for (int i = 1; i < argc; i++)
        bench(atol(argv[i]));
    return 0;
}
