/* What functions print goes to CloudWatch Logs as Lambda writes it: the group /aws/lambda/NAME
 * (or the LoggingConfig's), a stream per execution environment, through Logs' own operations so
 * that subscriptions and metric filters see it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/internal_call.h"
#include "../core/protocol.h"
#include "../core/request_id.h"
#include "environment.h"

/* PutLogEvents' limits, with room for its per-event overhead. */
#define MAX_BATCH_EVENTS 5000
#define MAX_BATCH_BYTES 800000u

void function_logs_stream_name(char *out, size_t size, const char *version)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char hex[33];
    char uuid[37];
    uuid_new(uuid);
    size_t n = 0;
    for (const char *p = uuid; *p && n < 32; p++)
        if (*p != '-')
            hex[n++] = *p;
    hex[n] = '\0';
    snprintf(out, size, "%04d/%02d/%02d/[%s]%s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             version, hex);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)(ts.tv_nsec / 1000000);
}

static void call_logs(const struct lambda_pool *pool, const char *operation, cJSON *params,
                      const char *tolerated)
{
    struct proto_error err = {0};
    if (internal_call("logs", operation, pool->account, pool->region, params, NULL, &err) != 0 &&
        (!tolerated || strcmp(err.code, tolerated) != 0))
        fprintf(stderr, "motoc: lambda %s: cannot write its logs (%s: %s)\n",
                pool->function_name, err.code, err.message ? err.message : "");
    proto_error_clear(&err);
}

void function_logs_flush(struct lambda_environment *env)
{
    if (!env->log_events || !env->log_events->child)
        return;
    const struct lambda_pool *pool = env->pool;
    if (!env->log_stream_created) {
        cJSON *params = cJSON_CreateObject();
        cJSON_AddStringToObject(params, "logGroupName", pool->log_group);
        call_logs(pool, "CreateLogGroup", params, "ResourceAlreadyExistsException");
        cJSON_AddStringToObject(params, "logStreamName", env->log_stream);
        call_logs(pool, "CreateLogStream", params, "ResourceAlreadyExistsException");
        cJSON_Delete(params);
        env->log_stream_created = true;
    }
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "logGroupName", pool->log_group);
    cJSON_AddStringToObject(params, "logStreamName", env->log_stream);
    cJSON_AddItemToObject(params, "logEvents", env->log_events);
    env->log_events = NULL;
    env->log_bytes = 0;
    call_logs(pool, "PutLogEvents", params, NULL);
    cJSON_Delete(params);
}

void function_logs_add(struct lambda_environment *env, const char *line, size_t len)
{
    if (!env->log_events)
        env->log_events = cJSON_CreateArray();
    cJSON *event = cJSON_CreateObject();
    cJSON_AddNumberToObject(event, "timestamp", now_ms());
    char *message = xstrndup(line, len);
    cJSON_AddStringToObject(event, "message", len ? message : " ");
    free(message);
    cJSON_AddItemToArray(env->log_events, event);
    env->log_bytes += len + 26;
    if (env->log_bytes > MAX_BATCH_BYTES || cJSON_GetArraySize(env->log_events) >= MAX_BATCH_EVENTS)
        function_logs_flush(env);
}
