/* Save and load times of the persistence kit with SQS: N messages (1 KiB bodies, two message
 * attributes, a tenth of them in flight) over 100 queues, saved into a directory, loaded back
 * into an emptied state. Prints the times and the peak RSS; the save stays in the directory.
 * Not a test: timings depend on the machine.
 *
 * usage: bench_persist_sqs [messages] [dir]   (default: 1000000, a new directory in $TMPDIR) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "../../services/core/backend.h"
#include "../../services/core/persist_store.h"
#include "../../services/core/route.h"
#include "../../services/sqs/sqs.h"

#define QUEUES 100

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void call(struct call *c, const char *op, const char *params)
{
    cJSON *in = cJSON_Parse(params);
    cJSON *out = cJSON_CreateObject();
    if (!in || backend_operation(&sqs_backend, op)(c, in, out) != 0) {
        fprintf(stderr, "bench: %s failed: %s\n", op, c->err->message);
        exit(1);
    }
    cJSON_Delete(in);
    cJSON_Delete(out);
}

static long peak_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

int main(int argc, char **argv)
{
    long messages = argc > 1 ? atol(argv[1]) : 1000000;
    char dir[512];
    if (argc > 2) {
        snprintf(dir, sizeof dir, "%s", argv[2]);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/motoc-bench-state-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            return 1;
    }
    struct route route = {.account = "123456789012", .region = "us-east-1"};
    struct proto_error err = {0};
    struct proto_call proto = {.protocol = PROTO_JSON};
    struct call c = {&route, NULL, NULL, NULL, "bench", &err, &proto, 0, false};

    char body[1025], params[2048];
    memset(body, 'x', 1024);
    body[1024] = '\0';
    for (int q = 0; q < QUEUES; q++) {
        snprintf(params, sizeof params, "{\"QueueName\":\"q%d\"}", q);
        call(&c, "CreateQueue", params);
    }
    double started = now_ms();
    for (long i = 0; i < messages; i++) {
        snprintf(params, sizeof params,
                 "{\"QueueUrl\":\"https://sqs.us-east-1.amazonaws.com/123456789012/q%ld\","
                 "\"MessageBody\":\"%s\",\"MessageAttributes\":{"
                 "\"n\":{\"DataType\":\"Number\",\"StringValue\":\"%ld\"},"
                 "\"s\":{\"DataType\":\"String\",\"StringValue\":\"attribute\"}}}",
                 i % QUEUES, body, i);
        call(&c, "SendMessage", params);
    }
    for (int q = 0; q < QUEUES; q++) {
        snprintf(params, sizeof params,
                 "{\"QueueUrl\":\"https://sqs.us-east-1.amazonaws.com/123456789012/q%d\","
                 "\"MaxNumberOfMessages\":10,\"VisibilityTimeout\":600}",
                 q);
        for (long r = 0; r < messages / QUEUES / 100; r++)
            call(&c, "ReceiveMessage", params);
    }
    printf("filled %ld messages in %.0f ms (peak RSS %ld MiB)\n", messages, now_ms() - started,
           peak_rss_mib());

    char message[1024];
    started = now_ms();
    if (persist_save_all(dir, message, sizeof message) != 0) {
        fprintf(stderr, "bench: save: %s\n", message);
        return 1;
    }
    printf("save: %.0f ms\n", now_ms() - started);
    backends_reset_all();
    started = now_ms();
    if (persist_load_all(dir, message, sizeof message) != PERSIST_LOADED) {
        fprintf(stderr, "bench: load: %s\n", message);
        return 1;
    }
    printf("load: %.0f ms (peak RSS %ld MiB)\n", now_ms() - started, peak_rss_mib());
    printf("saved in %s\n", dir);
    return 0;
}
