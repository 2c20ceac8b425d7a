/* Run Command, recorded rather than run: SendCommand keeps the command and one invocation per
 * instance, each finished at once with empty output; ListCommands, ListCommandInvocations,
 * GetCommandInvocation and CancelCommand read and change those records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/paging.h"
#include "../core/params.h"
#include "../core/request_id.h"
#include "documents.h"
#include "ops.h"
#include "parameters.h"

#define DEFAULT_TIMEOUT_SECONDS 3600

/* The plugins a command of the document runs: its steps' names, or for AWS's own documents
 * (which motoc does not hold) the one action they are known by. */
static cJSON *plugins_of(struct ssm_region *r, const char *document_name)
{
    cJSON *plugins = cJSON_CreateArray();
    const cJSON *document = document_find(r, document_name);
    const cJSON *version = document ? document_version_find(document, NULL, NULL) : NULL;
    cJSON *content = version ? document_content_parse(member_string(version, "Content"),
                                                      member_string(version, "DocumentFormat"))
                             : NULL;
    const cJSON *step;
    cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(content, "mainSteps"))
        if (member_string(step, "name"))
            cJSON_AddItemToArray(plugins, cJSON_CreateString(member_string(step, "name")));
    cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(content, "runtimeConfig"))
        cJSON_AddItemToArray(plugins, cJSON_CreateString(step->string));
    cJSON_Delete(content);
    if (cJSON_GetArraySize(plugins) == 0)
        cJSON_AddItemToArray(plugins,
                             cJSON_CreateString(strstr(document_name, "PowerShell")
                                                    ? "aws:runPowerShellScript"
                                                    : "aws:runShellScript"));
    return plugins;
}

static void copy_member(cJSON *to, const cJSON *from, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(from, name);
    if (item)
        cJSON_AddItemToObject(to, name, cJSON_Duplicate(item, true));
}

static const char *const COPIED_FROM_REQUEST[] = {
    "DocumentName", "DocumentVersion", "Comment", "Parameters", "InstanceIds", "Targets",
    "OutputS3Region", "OutputS3BucketName", "OutputS3KeyPrefix", "ServiceRoleArn",
    "NotificationConfig", "CloudWatchOutputConfig", "AlarmConfiguration", "TimeoutSeconds",
    NULL};

OPERATION(ssm_send_command)
{
    struct ssm_region *r = ssm_call_region(c);
    const char *document_name = param_string(in, "DocumentName");
    if (strncmp(document_name, "AWS-", 4) != 0 && strncmp(document_name, "arn:", 4) != 0 &&
        !document_find(r, document_name))
        return call_fail(c, 400, "InvalidDocument", "The specified document does not exist.");
    cJSON *command = cJSON_CreateObject();
    char id[37];
    uuid_new(id);
    cJSON_AddStringToObject(command, "CommandId", id);
    for (const char *const *m = COPIED_FROM_REQUEST; *m; m++)
        copy_member(command, in, *m);
    if (!cJSON_GetObjectItemCaseSensitive(command, "InstanceIds"))
        cJSON_AddArrayToObject(command, "InstanceIds");
    if (!cJSON_GetObjectItemCaseSensitive(command, "Targets"))
        cJSON_AddArrayToObject(command, "Targets");
    if (!cJSON_GetObjectItemCaseSensitive(command, "Parameters"))
        cJSON_AddObjectToObject(command, "Parameters");
    const char *concurrency = param_string(in, "MaxConcurrency");
    const char *errors = param_string(in, "MaxErrors");
    cJSON_AddStringToObject(command, "MaxConcurrency", concurrency ? concurrency : "50");
    cJSON_AddStringToObject(command, "MaxErrors", errors ? errors : "0");
    double now = ssm_now();
    long long timeout = param_int(in, "TimeoutSeconds", DEFAULT_TIMEOUT_SECONDS);
    cJSON_AddNumberToObject(command, "RequestedDateTime", now);
    cJSON_AddNumberToObject(command, "ExpiresAfter", now + (double)timeout);
    cJSON_AddStringToObject(command, "Status", "Success");
    cJSON_AddStringToObject(command, "StatusDetails", "Success");
    int targets = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(command, "InstanceIds"));
    cJSON_AddNumberToObject(command, "TargetCount", targets);
    cJSON_AddNumberToObject(command, "CompletedCount", targets);
    cJSON_AddNumberToObject(command, "ErrorCount", 0);
    cJSON_AddNumberToObject(command, "DeliveryTimedOutCount", 0);
    cJSON_AddItemToObject(command, "Plugins", plugins_of(r, document_name));
    cJSON_AddItemToArray(r->commands, command);
    cJSON_AddItemToObject(out, "Command", cJSON_Duplicate(command, true));
    return 0;
}

static bool lists(const cJSON *list, const char *text)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
        if (cJSON_IsString(item) && text && strcmp(item->valuestring, text) == 0)
            return true;
    return false;
}

static cJSON *command_find(struct ssm_region *r, const char *id)
{
    cJSON *command;
    cJSON_ArrayForEach(command, r->commands)
        if (id && strcmp(member_string(command, "CommandId"), id) == 0)
            return command;
    return NULL;
}

static int fail_command_id(struct call *c)
{
    return call_fail(c, 400, "InvalidCommandId", "Invalid command id.");
}

/* The commands a List call selects by CommandId and InstanceId, or NULL after failing. */
static cJSON *selected_commands(struct call *c, const cJSON *in)
{
    struct ssm_region *r = ssm_call_region(c);
    const char *id = param_string(in, "CommandId");
    const char *instance = param_string(in, "InstanceId");
    if (id && !command_find(r, id)) {
        fail_command_id(c);
        return NULL;
    }
    cJSON *selected = cJSON_CreateArray();
    cJSON *command;
    cJSON_ArrayForEach(command, r->commands) {
        if (id && strcmp(member_string(command, "CommandId"), id) != 0)
            continue;
        if (instance &&
            !lists(cJSON_GetObjectItemCaseSensitive(command, "InstanceIds"), instance))
            continue;
        cJSON_AddItemReferenceToArray(selected, command);
    }
    return selected;
}

/* Adds the page of items that starts at NextToken; -1 after failing the call. */
static int add_page(struct call *c, const cJSON *in, const cJSON *items, cJSON *out,
                    const char *member, cJSON *(*render)(const cJSON *item, const cJSON *in))
{
    long size;
    page_size_read(in, "MaxResults", 1, 50, 50, &size);
    long start = page_token_index(param_string(in, "NextToken"));
    if (start < 0)
        return call_fail_validation(c, "The specified next token is not valid.");
    long count = cJSON_GetArraySize(items);
    cJSON *list = cJSON_AddArrayToObject(out, member);
    for (long i = start; i < count && i < start + size; i++)
        cJSON_AddItemToArray(list, render(cJSON_GetArrayItem(items, (int)i), in));
    if (start + size < count)
        page_token_add_index(out, "NextToken", (size_t)(start + size));
    return 0;
}

static cJSON *command_copy(const cJSON *command, const cJSON *in)
{
    (void)in;
    return cJSON_Duplicate(command, true);
}

OPERATION(ssm_list_commands)
{
    cJSON *commands = selected_commands(c, in);
    if (!commands)
        return -1;
    int rc = add_page(c, in, commands, out, "Commands", command_copy);
    cJSON_Delete(commands);
    return rc;
}

static char *output_url(const cJSON *command, const char *instance, const char *plugin,
                        const char *stream)
{
    const char *bucket = member_string(command, "OutputS3BucketName");
    if (!bucket)
        return NULL;
    const char *prefix = member_string(command, "OutputS3KeyPrefix");
    const char *region = member_string(command, "OutputS3Region");
    char *url = NULL;
    if (asprintf(&url, "https://s3.%s.amazonaws.com/%s/%s%s%s/%s/%s/%s",
                 region ? region : "us-east-1", bucket, prefix ? prefix : "", prefix ? "/" : "",
                 member_string(command, "CommandId"), instance, plugin, stream) < 0)
        return NULL;
    return url;
}

static void add_url(cJSON *to, const char *name, char *url)
{
    cJSON_AddStringToObject(to, name, url ? url : "");
    free(url);
}

/* One invocation (command × instance): InstanceId and CommandId are members of the pair. */
static cJSON *invocation(const cJSON *pair, const cJSON *in)
{
    const cJSON *command = cJSON_GetObjectItemCaseSensitive(pair, "command");
    const char *instance = member_string(pair, "instance");
    cJSON *out = cJSON_CreateObject();
    copy_member(out, command, "CommandId");
    cJSON_AddStringToObject(out, "InstanceId", instance);
    cJSON_AddStringToObject(out, "InstanceName", "");
    static const char *const members[] = {"Comment", "DocumentName", "DocumentVersion",
                                          "RequestedDateTime", "Status", "StatusDetails",
                                          "ServiceRoleArn", "NotificationConfig",
                                          "CloudWatchOutputConfig", NULL};
    for (const char *const *m = members; *m; m++)
        copy_member(out, command, *m);
    const cJSON *plugins = cJSON_GetObjectItemCaseSensitive(command, "Plugins");
    const char *first = cJSON_GetArrayItem(plugins, 0)->valuestring;
    cJSON_AddStringToObject(out, "TraceOutput", "");
    add_url(out, "StandardOutputUrl", output_url(command, instance, first, "stdout"));
    add_url(out, "StandardErrorUrl", output_url(command, instance, first, "stderr"));
    cJSON *details = cJSON_AddArrayToObject(out, "CommandPlugins");
    const cJSON *plugin;
    const cJSON *detailed = param_true(in, "Details") ? plugins : NULL;
    cJSON_ArrayForEach(plugin, detailed) {
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "Name", plugin->valuestring);
        cJSON_AddStringToObject(p, "Status", "Success");
        cJSON_AddStringToObject(p, "StatusDetails", "Success");
        cJSON_AddNumberToObject(p, "ResponseCode", 0);
        copy_member(p, command, "OutputS3Region");
        copy_member(p, command, "OutputS3BucketName");
        copy_member(p, command, "OutputS3KeyPrefix");
        cJSON_AddStringToObject(p, "Output", "");
        add_url(p, "StandardOutputUrl",
                output_url(command, instance, plugin->valuestring, "stdout"));
        add_url(p, "StandardErrorUrl",
                output_url(command, instance, plugin->valuestring, "stderr"));
        cJSON_AddItemToArray(details, p);
    }
    return out;
}

OPERATION(ssm_list_command_invocations)
{
    cJSON *commands = selected_commands(c, in);
    if (!commands)
        return -1;
    const char *instance_filter = param_string(in, "InstanceId");
    cJSON *pairs = cJSON_CreateArray();
    const cJSON *command;
    cJSON_ArrayForEach(command, commands) {
        const cJSON *instance;
        cJSON_ArrayForEach(instance, cJSON_GetObjectItemCaseSensitive(command, "InstanceIds")) {
            if (instance_filter && strcmp(instance->valuestring, instance_filter) != 0)
                continue;
            cJSON *pair = cJSON_CreateObject();
            cJSON_AddItemReferenceToObject(pair, "command", (cJSON *)command);
            cJSON_AddStringToObject(pair, "instance", instance->valuestring);
            cJSON_AddItemToArray(pairs, pair);
        }
    }
    int rc = add_page(c, in, pairs, out, "CommandInvocations", invocation);
    cJSON_Delete(pairs);
    cJSON_Delete(commands);
    return rc;
}

static void add_time_text(cJSON *to, const char *name, double epoch)
{
    time_t seconds = (time_t)epoch;
    struct tm tm;
    gmtime_r(&seconds, &tm);
    char text[40];
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    char full[48];
    snprintf(full, sizeof full, "%s.%03dZ", text, (int)((epoch - (double)seconds) * 1000));
    cJSON_AddStringToObject(to, name, full);
}

OPERATION(ssm_get_command_invocation)
{
    const cJSON *command = command_find(ssm_call_region(c), param_string(in, "CommandId"));
    const char *instance = param_string(in, "InstanceId");
    if (!command || !lists(cJSON_GetObjectItemCaseSensitive(command, "InstanceIds"), instance))
        return call_fail(c, 400, "InvocationDoesNotExist",
                         "An invocation with the specified command id and instance id does "
                         "not exist.");
    const cJSON *plugins = cJSON_GetObjectItemCaseSensitive(command, "Plugins");
    const char *plugin = param_string(in, "PluginName");
    if (plugin && !lists(plugins, plugin))
        return call_fail(c, 400, "InvalidPluginName",
                         "The plugin name is not valid or does not exist.");
    if (!plugin)
        plugin = cJSON_GetArrayItem(plugins, 0)->valuestring;
    copy_member(out, command, "CommandId");
    cJSON_AddStringToObject(out, "InstanceId", instance);
    static const char *const members[] = {"Comment", "DocumentName", "DocumentVersion",
                                          "Status", "StatusDetails", "CloudWatchOutputConfig",
                                          NULL};
    for (const char *const *m = members; *m; m++)
        copy_member(out, command, *m);
    cJSON_AddStringToObject(out, "PluginName", plugin);
    cJSON_AddNumberToObject(out, "ResponseCode", 0);
    double requested =
        cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(command, "RequestedDateTime"));
    add_time_text(out, "ExecutionStartDateTime", requested);
    cJSON_AddStringToObject(out, "ExecutionElapsedTime", "PT0S");
    add_time_text(out, "ExecutionEndDateTime", requested);
    cJSON_AddStringToObject(out, "StandardOutputContent", "");
    add_url(out, "StandardOutputUrl", output_url(command, instance, plugin, "stdout"));
    cJSON_AddStringToObject(out, "StandardErrorContent", "");
    add_url(out, "StandardErrorUrl", output_url(command, instance, plugin, "stderr"));
    return 0;
}

OPERATION(ssm_cancel_command)
{
    (void)out;
    cJSON *command = command_find(ssm_call_region(c), param_string(in, "CommandId"));
    if (!command)
        return fail_command_id(c);
    /* A recorded command has already finished: there is nothing left to cancel. */
    return 0;
}
