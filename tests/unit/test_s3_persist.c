/* S3's state saved and loaded back: buckets with every configuration, object versions and
 * delete markers with their bodies (in memory and in files), multipart uploads in progress;
 * every read answers exactly as before, bodies included. Bad records are refused and leave the
 * running state as it was. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../http/spool.h"
#include "../../services/core/backend.h"
#include "../../services/s3/blob.h"
#include "check.h"
#include "state_double.h"

extern const struct service_backend s3_backend;

#define ACCOUNT_A "123456789012"
#define ACCOUNT_B "210987654321"
#define LARGE_BODY (600u * 1024u)
#define PART_BODY (5u * 1024u * 1024u)

static struct route route = {.account = ACCOUNT_A, .region = "us-east-1"};

struct answer {
    int rc;
    struct proto_error err;
    cJSON *out;
    struct http_response resp;
};

static unsigned char *pattern(size_t len, unsigned seed)
{
    unsigned char *p = malloc(len);
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)((i * 31 + seed * 7 + (i >> 10)) & 0xFF);
    return p;
}

/* Runs S3 operation op on params with body (in memory, or in a spooled file when large). */
static void s3_run(const char *op, const char *params, const void *body, size_t len,
                   struct answer *a)
{
    struct http_request req;
    http_request_init(&req);
    req.target = strdup("/");
    req.path = strdup("/");
    req.query = strdup("");
    if (len > 64 * 1024) {
        req.body_fd = spool_file_new();
        if (req.body_fd < 0 || write(req.body_fd, body, len) != (ssize_t)len)
            abort();
        req.body_length = len;
    } else if (len) {
        buf_append(&req.body, body, len);
    }
    memset(a, 0, sizeof *a);
    http_response_init(&a->resp);
    a->out = cJSON_CreateObject();
    cJSON *in = cJSON_Parse(params);
    if (!in) {
        fprintf(stderr, "bad test JSON: %s\n", params);
        abort();
    }
    operation_fn fn = backend_operation(&s3_backend, op);
    if (!fn)
        abort();
    struct proto_call proto = {.protocol = PROTO_REST_XML};
    struct call c = {&route, &req, &a->resp, NULL, "test", &a->err, &proto, 0, false};
    a->rc = fn(&c, in, a->out);
    cJSON_Delete(in);
    http_request_free(&req);
}

static void answer_free(struct answer *a)
{
    cJSON_Delete(a->out);
    proto_error_clear(&a->err);
    http_response_free(&a->resp);
}

static void must(const char *op, const char *params, const void *body, size_t len, cJSON **out)
{
    struct answer a;
    s3_run(op, params, body, len, &a);
    CHECK(a.rc == 0, "%s %s failed: %s %s", op, params, a.err.code, a.err.message);
    if (out) {
        *out = a.out;
        a.out = NULL;
    }
    answer_free(&a);
}

static void put(const char *bucket, const char *key, const char *extra, const void *body,
                size_t len)
{
    char params[2048];
    snprintf(params, sizeof params, "{\"Bucket\":\"%s\",\"Key\":\"%s\"%s}", bucket, key,
             extra ? extra : "");
    must("PutObject", params, body, len, NULL);
}

static void fill(void)
{
    route = (struct route){.account = ACCOUNT_A, .region = "us-east-1"};
    must("CreateBucket", "{\"Bucket\":\"plain\"}", NULL, 0, NULL);
    must("CreateBucket",
         "{\"Bucket\":\"versioned\",\"ObjectLockEnabledForBucket\":true}",
         NULL, 0, NULL);
    const char *configs[][2] = {
        {"PutBucketTagging", "\"Tagging\":{\"TagSet\":[{\"Key\":\"team\",\"Value\":\"a\"}]}"},
        {"PutBucketPolicy",
         "\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":"
         "\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"s3:GetObject\\\","
         "\\\"Resource\\\":\\\"arn:aws:s3:::plain/*\\\"}]}\""},
        {"PutBucketCors", "\"CORSConfiguration\":{\"CORSRules\":[{\"AllowedOrigins\":[\"*\"],"
                          "\"AllowedMethods\":[\"GET\"],\"MaxAgeSeconds\":30}]}"},
        {"PutBucketLifecycleConfiguration",
         "\"LifecycleConfiguration\":{\"Rules\":[{\"ID\":\"old\",\"Status\":\"Enabled\","
         "\"Filter\":{\"Prefix\":\"logs/\"},\"Expiration\":{\"Days\":3}}]}"},
        {"PutBucketEncryption",
         "\"ServerSideEncryptionConfiguration\":{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":"
         "{\"SSEAlgorithm\":\"AES256\"}}]}"},
        {"PutPublicAccessBlock",
         "\"PublicAccessBlockConfiguration\":{\"BlockPublicAcls\":true,\"IgnorePublicAcls\":false}"},
        {"PutBucketOwnershipControls",
         "\"OwnershipControls\":{\"Rules\":[{\"ObjectOwnership\":\"BucketOwnerPreferred\"}]}"},
        {"PutBucketAcl", "\"ACL\":\"public-read\""},
        {"PutBucketWebsite",
         "\"WebsiteConfiguration\":{\"IndexDocument\":{\"Suffix\":\"index.html\"}}"},
        {"PutBucketLogging", "\"BucketLoggingStatus\":{\"LoggingEnabled\":{\"TargetBucket\":"
                             "\"versioned\",\"TargetPrefix\":\"logs/\"}}"},
        {"PutBucketNotificationConfiguration",
         "\"NotificationConfiguration\":{\"QueueConfigurations\":[{\"QueueArn\":"
         "\"arn:aws:sqs:us-east-1:123456789012:q\",\"Events\":[\"s3:ObjectCreated:*\"]}]}"},
        {"PutBucketAccelerateConfiguration",
         "\"AccelerateConfiguration\":{\"Status\":\"Enabled\"}"},
        {"PutBucketRequestPayment",
         "\"RequestPaymentConfiguration\":{\"Payer\":\"Requester\"}"},
        {"PutBucketInventoryConfiguration",
         "\"Id\":\"inv\",\"InventoryConfiguration\":{\"Id\":\"inv\",\"IsEnabled\":true,"
         "\"IncludedObjectVersions\":\"All\",\"Schedule\":{\"Frequency\":\"Daily\"},"
         "\"Destination\":{\"S3BucketDestination\":{\"Bucket\":\"arn:aws:s3:::versioned\","
         "\"Format\":\"CSV\"}}}"},
        {"PutBucketAnalyticsConfiguration",
         "\"Id\":\"an\",\"AnalyticsConfiguration\":{\"Id\":\"an\",\"StorageClassAnalysis\":{}}"},
        {"PutBucketMetricsConfiguration",
         "\"Id\":\"me\",\"MetricsConfiguration\":{\"Id\":\"me\"}"},
        {"PutBucketIntelligentTieringConfiguration",
         "\"Id\":\"ti\",\"IntelligentTieringConfiguration\":{\"Id\":\"ti\",\"Status\":"
         "\"Enabled\",\"Tierings\":[{\"Days\":90,\"AccessTier\":\"ARCHIVE_ACCESS\"}]}"},
    };
    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++) {
        char params[1024];
        snprintf(params, sizeof params, "{\"Bucket\":\"plain\",%s}", configs[i][1]);
        must(configs[i][0], params, NULL, 0, NULL);
    }
    must("PutBucketReplication",
         "{\"Bucket\":\"versioned\",\"ReplicationConfiguration\":{\"Role\":\"role\",\"Rules\":"
         "[{\"Status\":\"Enabled\",\"Priority\":1,\"Destination\":{\"Bucket\":"
         "\"arn:aws:s3:::plain\"}}]}}",
         NULL, 0, NULL);
    must("PutObjectLockConfiguration",
         "{\"Bucket\":\"versioned\",\"ObjectLockConfiguration\":{\"ObjectLockEnabled\":"
         "\"Enabled\",\"Rule\":{\"DefaultRetention\":{\"Mode\":\"GOVERNANCE\",\"Days\":1}}}}",
         NULL, 0, NULL);

    for (int i = 0; i < 20; i++) {
        char key[64], body[64];
        snprintf(key, sizeof key, "dir%d/key-%02d", i % 3, i);
        snprintf(body, sizeof body, "body of object %d", i);
        put("plain", key,
            i % 4 == 0 ? ",\"ContentType\":\"text/plain\",\"Metadata\":{\"who\":\"me\"},"
                         "\"Tagging\":\"a=1&b=2\",\"StorageClass\":\"STANDARD_IA\","
                         "\"CacheControl\":\"no-cache\""
                       : NULL,
            body, strlen(body));
    }
    put("plain", "empty", NULL, "", 0);
    unsigned char *large = pattern(LARGE_BODY, 1);
    put("plain", "large", NULL, large, LARGE_BODY);
    free(large);
    must("CopyObject",
         "{\"Bucket\":\"plain\",\"Key\":\"large-copy\",\"CopySource\":\"plain/large\"}", NULL, 0,
         NULL);
    must("PutObjectAcl", "{\"Bucket\":\"plain\",\"Key\":\"empty\",\"ACL\":\"public-read\"}", NULL,
         0, NULL);

    /* versions, delete markers, retention and legal holds */
    for (int i = 0; i < 3; i++) {
        char body[32];
        snprintf(body, sizeof body, "version %d", i);
        put("versioned", "doc", NULL, body, strlen(body));
    }
    must("DeleteObject", "{\"Bucket\":\"versioned\",\"Key\":\"doc\"}", NULL, 0, NULL);
    put("versioned", "held", ",\"ObjectLockLegalHoldStatus\":\"ON\"", "held", 4);
    must("PutObjectRetention",
         "{\"Bucket\":\"versioned\",\"Key\":\"held\",\"Retention\":{\"Mode\":\"GOVERNANCE\","
         "\"RetainUntilDate\":4102444800}}",
         NULL, 0, NULL);

    /* a completed multipart object and one upload in progress */
    cJSON *created = NULL;
    must("CreateMultipartUpload",
         "{\"Bucket\":\"versioned\",\"Key\":\"multi\",\"ChecksumAlgorithm\":\"CRC32\","
         "\"Metadata\":{\"m\":\"1\"}}",
         NULL, 0, &created);
    char upload_id[128];
    snprintf(upload_id, sizeof upload_id, "%s",
             cJSON_GetStringValue(cJSON_GetObjectItem(created, "UploadId")));
    cJSON_Delete(created);
    unsigned char *part = pattern(PART_BODY, 2);
    char params[512];
    cJSON *p1 = NULL, *p2 = NULL;
    snprintf(params, sizeof params,
             "{\"Bucket\":\"versioned\",\"Key\":\"multi\",\"UploadId\":\"%s\",\"PartNumber\":1}",
             upload_id);
    must("UploadPart", params, part, PART_BODY, &p1);
    snprintf(params, sizeof params,
             "{\"Bucket\":\"versioned\",\"Key\":\"multi\",\"UploadId\":\"%s\",\"PartNumber\":2}",
             upload_id);
    must("UploadPart", params, "tail", 4, &p2);
    char complete[1024];
    char *etag1 = cJSON_PrintUnformatted(cJSON_GetObjectItem(p1, "ETag"));
    char *etag2 = cJSON_PrintUnformatted(cJSON_GetObjectItem(p2, "ETag"));
    snprintf(complete, sizeof complete,
             "{\"Bucket\":\"versioned\",\"Key\":\"multi\",\"UploadId\":\"%s\",\"MultipartUpload\":"
             "{\"Parts\":[{\"PartNumber\":1,\"ETag\":%s,\"ChecksumCRC32\":\"%s\"},"
             "{\"PartNumber\":2,\"ETag\":%s,\"ChecksumCRC32\":\"%s\"}]}}",
             upload_id, etag1, cJSON_GetStringValue(cJSON_GetObjectItem(p1, "ChecksumCRC32")),
             etag2, cJSON_GetStringValue(cJSON_GetObjectItem(p2, "ChecksumCRC32")));
    free(etag1);
    free(etag2);
    cJSON_Delete(p1);
    cJSON_Delete(p2);
    must("CompleteMultipartUpload", complete, NULL, 0, NULL);

    must("CreateMultipartUpload",
         "{\"Bucket\":\"plain\",\"Key\":\"pending\",\"ContentType\":\"image/png\","
         "\"Tagging\":\"t=1\"}",
         NULL, 0, &created);
    snprintf(upload_id, sizeof upload_id, "%s",
             cJSON_GetStringValue(cJSON_GetObjectItem(created, "UploadId")));
    cJSON_Delete(created);
    snprintf(params, sizeof params,
             "{\"Bucket\":\"plain\",\"Key\":\"pending\",\"UploadId\":\"%s\",\"PartNumber\":3}",
             upload_id);
    must("UploadPart", params, part, LARGE_BODY, NULL);
    snprintf(params, sizeof params,
             "{\"Bucket\":\"plain\",\"Key\":\"pending\",\"UploadId\":\"%s\",\"PartNumber\":1}",
             upload_id);
    must("UploadPart", params, "first", 5, NULL);
    free(part);

    route = (struct route){.account = ACCOUNT_B, .region = "eu-west-1"};
    must("CreateBucket",
         "{\"Bucket\":\"elsewhere\",\"CreateBucketConfiguration\":{\"LocationConstraint\":"
         "\"eu-west-1\"}}",
         NULL, 0, NULL);
    must("PutBucketVersioning",
         "{\"Bucket\":\"elsewhere\",\"VersioningConfiguration\":{\"Status\":\"Suspended\"}}", NULL,
         0, NULL);
    put("elsewhere", "x", NULL, "x", 1);
    route = (struct route){.account = ACCOUNT_A, .region = "us-east-1"};
}

/* FNV-1a over the bytes of a response body, wherever they are. */
static uint64_t body_digest(const struct http_response *resp, uint64_t *length)
{
    uint64_t h = 1469598103934665603ull;
    if (resp->body_fd < 0) {
        for (size_t i = 0; i < resp->body.len; i++)
            h = (h ^ (unsigned char)resp->body.data[i]) * 1099511628211ull;
        *length = resp->body.len;
        return h;
    }
    unsigned char chunk[65536];
    uint64_t left = resp->body_length, offset = resp->body_offset;
    while (left > 0) {
        ssize_t n = pread(resp->body_fd, chunk, left < sizeof chunk ? left : sizeof chunk,
                          (off_t)offset);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; i++)
            h = (h ^ chunk[i]) * 1099511628211ull;
        offset += (uint64_t)n;
        left -= (uint64_t)n;
    }
    *length = resp->body_length - left;
    return h;
}

/* Adds op's whole answer (result, error, status, headers, body digest) to answers; returns the
 * result tree (owned by answers). */
static const cJSON *answer(cJSON *answers, const char *op, const char *params)
{
    struct answer a;
    s3_run(op, params, NULL, 0, &a);
    cJSON *entry = cJSON_CreateObject();
    cJSON_AddStringToObject(entry, "op", op);
    cJSON_AddStringToObject(entry, "params", params);
    if (a.rc != 0)
        cJSON_AddStringToObject(entry, "error", a.err.code);
    cJSON_AddNumberToObject(entry, "status", a.resp.status);
    cJSON *headers = cJSON_AddObjectToObject(entry, "headers");
    for (size_t i = 0; i < a.resp.headers.count; i++)
        cJSON_AddStringToObject(headers, a.resp.headers.items[i].name,
                                a.resp.headers.items[i].value);
    uint64_t length;
    char digest[64];
    snprintf(digest, sizeof digest, "%016llx", (unsigned long long)body_digest(&a.resp, &length));
    cJSON_AddStringToObject(entry, "body_digest", digest);
    cJSON_AddNumberToObject(entry, "body_length", (double)length);
    cJSON_AddItemToObject(entry, "out", a.out);
    a.out = NULL;
    answer_free(&a);
    cJSON_AddItemToArray(answers, entry);
    return cJSON_GetObjectItem(entry, "out");
}

static const char *const bucket_gets[] = {
    "GetBucketLocation", "GetBucketVersioning", "GetBucketTagging", "GetBucketPolicy",
    "GetBucketCors", "GetBucketLifecycleConfiguration", "GetBucketEncryption",
    "GetPublicAccessBlock", "GetBucketOwnershipControls", "GetBucketAcl", "GetBucketWebsite",
    "GetBucketLogging", "GetBucketNotificationConfiguration", "GetObjectLockConfiguration",
    "GetBucketAccelerateConfiguration", "GetBucketRequestPayment", "ListMultipartUploads",
    "ListObjectVersions",
};

static const char *const version_gets[] = {
    "GetObject", "HeadObject", "GetObjectTagging", "GetObjectAcl", "GetObjectRetention",
    "GetObjectLegalHold",
};

static void answer_bucket(cJSON *answers, const char *bucket)
{
    char params[1024];
    snprintf(params, sizeof params, "{\"Bucket\":\"%s\"}", bucket);
    for (size_t i = 0; i < sizeof bucket_gets / sizeof bucket_gets[0]; i++)
        answer(answers, bucket_gets[i], params);
    /* listing pages */
    char *token = NULL;
    for (int page = 0; page < 50; page++) {
        snprintf(params, sizeof params, "{\"Bucket\":\"%s\",\"MaxKeys\":4%s%s%s}", bucket,
                 token ? ",\"ContinuationToken\":\"" : "", token ? token : "",
                 token ? "\"" : "");
        free(token);
        token = NULL;
        const cJSON *out = answer(answers, "ListObjectsV2", params);
        const char *next = cJSON_GetStringValue(cJSON_GetObjectItem(out, "NextContinuationToken"));
        if (!next)
            break;
        token = strdup(next);
    }
    free(token);
    snprintf(params, sizeof params, "{\"Bucket\":\"%s\",\"Delimiter\":\"/\"}", bucket);
    answer(answers, "ListObjectsV2", params);
    /* every version of every key */
    cJSON *versions = NULL;
    snprintf(params, sizeof params, "{\"Bucket\":\"%s\"}", bucket);
    must("ListObjectVersions", params, NULL, 0, &versions);
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(versions, "Versions"))
    {
        const char *key = cJSON_GetStringValue(cJSON_GetObjectItem(v, "Key"));
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(v, "VersionId"));
        snprintf(params, sizeof params, "{\"Bucket\":\"%s\",\"Key\":\"%s\",\"VersionId\":\"%s\"}",
                 bucket, key, id);
        for (size_t i = 0; i < sizeof version_gets / sizeof version_gets[0]; i++)
            answer(answers, version_gets[i], params);
        snprintf(params, sizeof params,
                 "{\"Bucket\":\"%s\",\"Key\":\"%s\",\"VersionId\":\"%s\",\"ObjectAttributes\":"
                 "[\"ETag\",\"Checksum\",\"ObjectParts\",\"StorageClass\",\"ObjectSize\"]}",
                 bucket, key, id);
        answer(answers, "GetObjectAttributes", params);
        snprintf(params, sizeof params,
                 "{\"Bucket\":\"%s\",\"Key\":\"%s\",\"VersionId\":\"%s\",\"PartNumber\":1}",
                 bucket, key, id);
        answer(answers, "GetObject", params);
    }
    cJSON_Delete(versions);
    cJSON *uploads = NULL;
    must("ListMultipartUploads", params, NULL, 0, &uploads);
    const cJSON *u;
    cJSON_ArrayForEach(u, cJSON_GetObjectItem(uploads, "Uploads"))
    {
        snprintf(params, sizeof params, "{\"Bucket\":\"%s\",\"Key\":\"%s\",\"UploadId\":\"%s\"}",
                 bucket, cJSON_GetStringValue(cJSON_GetObjectItem(u, "Key")),
                 cJSON_GetStringValue(cJSON_GetObjectItem(u, "UploadId")));
        answer(answers, "ListParts", params);
    }
    cJSON_Delete(uploads);
}

static char *all_answers(void)
{
    cJSON *answers = cJSON_CreateArray();
    route = (struct route){.account = ACCOUNT_A, .region = "us-east-1"};
    answer(answers, "ListBuckets", "{}");
    answer_bucket(answers, "plain");
    answer_bucket(answers, "versioned");
    route = (struct route){.account = ACCOUNT_B, .region = "eu-west-1"};
    answer(answers, "ListBuckets", "{}");
    answer_bucket(answers, "elsewhere");
    route = (struct route){.account = ACCOUNT_A, .region = "us-east-1"};
    cJSON_AddItemToArray(answers, s3_backend.state_json());
    char *text = cJSON_Print(answers);
    cJSON_Delete(answers);
    return text;
}

static void check_same(const char *before, const char *after, const char *what)
{
    size_t i = 0;
    while (before[i] && before[i] == after[i])
        i++;
    CHECK(before[i] == after[i], "%s differs at %zu: before …%.300s… after …%.300s…", what, i,
          before + (i > 150 ? i - 150 : 0), after + (i > 150 ? i - 150 : 0));
}

static int index_of(const cJSON *records, const char *type, const char *key, int nth)
{
    int i = 0;
    const cJSON *rec;
    cJSON_ArrayForEach(rec, records)
    {
        const char *k = cJSON_GetStringValue(cJSON_GetObjectItem(rec, "key"));
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(rec, "type")), type) == 0 &&
            (!key || (k && strcmp(k, key) == 0)) && nth-- == 0)
            return i;
        i++;
    }
    return -1;
}

static char *records_text_without_file_names(const cJSON *records)
{
    cJSON *copy = cJSON_Duplicate(records, true);
    cJSON *rec;
    cJSON_ArrayForEach(rec, copy)
    {
        cJSON *body = cJSON_GetObjectItem(rec, "body");
        if (cJSON_GetObjectItem(body, "file"))
            cJSON_ReplaceItemInObject(body, "file", cJSON_CreateString("-"));
    }
    char *text = cJSON_PrintUnformatted(copy);
    cJSON_Delete(copy);
    return text;
}

static void test_round_trip(struct state_double *d)
{
    fill();
    char *before = all_answers();
    CHECK(strstr(before, "\"body_length\":\t614400") != NULL, "the large body is read");
    size_t files_before = blob_file_count();
    CHECK(state_double_save(d, s3_backend.persistence) == 0, "save");
    /* large, its copy (one file shared), the multipart object, the pending large part */
    CHECK(d->files_kept == 3, "%d files kept", d->files_kept);
    CHECK(d->duplicate_file_names == 0, "file names unique");
    int large = index_of(d->records, "version", "large", 0);
    const cJSON *body = cJSON_GetObjectItem(cJSON_GetArrayItem(d->records, large), "body");
    CHECK(cJSON_GetObjectItem(body, "file") && !cJSON_GetObjectItem(body, "data"),
          "a file-backed body is saved as its file");
    int small = index_of(d->records, "version", "empty", 0);
    body = cJSON_GetObjectItem(cJSON_GetArrayItem(d->records, small), "body");
    CHECK(cJSON_IsString(cJSON_GetObjectItem(body, "data")), "a small body is inline");

    s3_backend.reset();
    CHECK(blob_file_count() == 0, "reset drops the body files");
    CHECK(state_double_load(d, s3_backend.persistence) == 0, "load: %s", d->refusal);
    CHECK(blob_file_count() == files_before, "%zu body files after the load, %zu before",
          blob_file_count(), files_before);
    char *after = all_answers();
    check_same(before, after, "answers after a load");
    free(after);

    /* a second generation saves the same records, but for the names of body files */
    char *first = records_text_without_file_names(d->records);
    CHECK(state_double_save(d, s3_backend.persistence) == 0, "save again");
    char *second = records_text_without_file_names(d->records);
    check_same(first, second, "records saved after a load");
    free(first);
    free(second);
    free(before);
}

static void expect_refusal(struct state_double *d, int index, const char *member,
                           cJSON *replacement, const char *message)
{
    char *before = all_answers();
    size_t files = blob_file_count();
    cJSON *records = cJSON_Duplicate(d->records, true);
    cJSON *rec = cJSON_GetArrayItem(records, index);
    if (replacement)
        cJSON_ReplaceItemInObjectCaseSensitive(rec, member, replacement);
    else
        cJSON_DeleteItemFromObjectCaseSensitive(rec, member);
    CHECK(state_double_load_records(d, s3_backend.persistence, records) == -1,
          "refused: %s of record %d", member, index);
    CHECK(strstr(d->refusal, message) != NULL, "refusal '%s' names '%s'", d->refusal, message);
    CHECK(blob_file_count() == files, "no body file left behind");
    char *after = all_answers();
    check_same(before, after, "answers after a refused load");
    free(after);
    free(before);
    cJSON_Delete(records);
}

static void test_refusals(struct state_double *d)
{
    int bucket = index_of(d->records, "bucket", NULL, 1);
    int large = index_of(d->records, "version", "large", 0);
    int doc = index_of(d->records, "version", "doc", 1);
    expect_refusal(d, bucket, "name", NULL, "bucket record without a name");
    expect_refusal(d, bucket, "versioning", cJSON_CreateString("Sometimes"),
                   "unknown versioning state Sometimes");
    expect_refusal(d, large, "body", NULL, "without a body size");
    expect_refusal(d, large, "body", cJSON_Parse("{\"size\":\"614400\",\"file\":\"nowhere\"}"),
                   "body file nowhere is not in the save");
    expect_refusal(d, large, "body", cJSON_Parse("{\"size\":\"5\",\"data\":\"!!\"}"),
                   "not base64 of 5 bytes");
    expect_refusal(d, doc, "version_id",
                   cJSON_Duplicate(cJSON_GetObjectItem(cJSON_GetArrayItem(d->records, doc - 1),
                                                       "version_id"),
                                   true),
                   "appears twice");
    expect_refusal(d, doc, "storage_class", cJSON_CreateString("CHEAP"), "storage_class");
    expect_refusal(d, index_of(d->records, "part", NULL, 0), "md5", NULL,
                   "without a number, md5");
    expect_refusal(d, index_of(d->records, "upload", NULL, 0), "id", NULL,
                   "without an id, key or account");

    cJSON *records = cJSON_CreateArray();
    cJSON_AddItemToArray(records, cJSON_Parse("{\"type\":\"version\",\"key\":\"k\"}"));
    CHECK(state_double_load_records(d, s3_backend.persistence, records) == -1 &&
              strstr(d->refusal, "before any bucket") != NULL,
          "version first: %s", d->refusal);
    cJSON_Delete(records);
}

static void test_detach_attach(void)
{
    const struct service_persistence *p = s3_backend.persistence;
    char *before = all_answers();
    void *detached = persistence_detach(p);
    cJSON *state = s3_backend.state_json();
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(state, "buckets")) == 0, "detached: no buckets");
    cJSON_Delete(state);
    /* the name of a detached bucket is free while detached */
    must("CreateBucket", "{\"Bucket\":\"plain\"}", NULL, 0, NULL);
    persistence_attach(p, detached);
    char *after = all_answers();
    check_same(before, after, "answers after detach and attach");
    free(before);
    free(after);
    persistence_discard(p, persistence_detach(p));
    CHECK(blob_file_count() == 0, "discard drops the body files");
}

int main(void)
{
    struct state_double d;
    state_double_init(&d);
    test_round_trip(&d);
    test_refusals(&d);
    test_detach_attach();
    s3_backend.reset();
    state_double_free(&d);
    return test_summary("s3_persist");
}
