/* motoc's CA and server-side TLS without sockets: the CA's files and their reuse, creation raced
 * by several processes, leaf certificates checked the strict way, and handshakes between an
 * OpenSSL client and a tls_session through memory. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "../../tls/aws_names.h"
#include "../../tls/ca.h"
#include "../../tls/leaf.h"
#include "../../tls/tls_context.h"
#include "../../tls/tls_session.h"
#include "check.h"

static char base_dir[512];
static int dir_counter;

/* A fresh, not yet existing state directory, exported as MOTOC_STATE_DIR. */
static const char *fresh_state_dir(void)
{
    static char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/state%d/nested", base_dir, ++dir_counter);
    setenv("MOTOC_STATE_DIR", dir, 1);
    return dir;
}

static mode_t mode_of(const char *dir, const char *name)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%s%s", dir, name ? "/" : "", name ? name : "");
    struct stat st;
    return stat(path, &st) == 0 ? st.st_mode & 0777 : (mode_t)-1;
}

static bool cert_fingerprint(X509 *cert, char hex[65])
{
    unsigned char md[32];
    unsigned int len = 0;
    if (X509_digest(cert, EVP_sha256(), md, &len) != 1 || len != 32)
        return false;
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return true;
}

static void test_ca_files_and_reuse(void)
{
    const char *dir = fresh_state_dir();
    char err[512] = "";
    struct ca *ca = ca_open(err, sizeof err);
    CHECK(ca != NULL, "ca_open: %s", err);
    if (!ca)
        return;
    CHECK(mode_of(dir, NULL) == 0700, "directory mode %o", (unsigned)mode_of(dir, NULL));
    CHECK(mode_of(dir, "ca.key") == 0600, "key mode %o", (unsigned)mode_of(dir, "ca.key"));
    CHECK(mode_of(dir, "ca.pem") == 0644, "cert mode %o", (unsigned)mode_of(dir, "ca.pem"));
    char real[PATH_MAX], expected[PATH_MAX + 8];
    CHECK(realpath(dir, real) != NULL, "realpath");
    snprintf(expected, sizeof expected, "%s/ca.pem", real);
    CHECK_STR(ca_cert_path(ca), expected, "absolute path of ca.pem");

    X509 *cert = ca_cert_ref(ca);
    CHECK(X509_check_ca(cert) == 1, "is a CA");
    BASIC_CONSTRAINTS *bc = X509_get_ext_d2i(cert, NID_basic_constraints, NULL, NULL);
    CHECK(bc && bc->ca && bc->pathlen && ASN1_INTEGER_get(bc->pathlen) == 0, "CA:TRUE pathlen 0");
    BASIC_CONSTRAINTS_free(bc);
    int crit = -1;
    NAME_CONSTRAINTS *nc = X509_get_ext_d2i(cert, NID_name_constraints, &crit, NULL);
    CHECK(nc && crit == 1, "critical name constraints");
    size_t domains = 0;
    while (aws_name_domains[domains])
        domains++;
    CHECK(nc && sk_GENERAL_SUBTREE_num(nc->permittedSubtrees) == (int)domains,
          "a permitted subtree per AWS domain");
    for (int i = 0; nc && i < sk_GENERAL_SUBTREE_num(nc->permittedSubtrees) && i < (int)domains;
         i++) {
        const GENERAL_NAME *base = sk_GENERAL_SUBTREE_value(nc->permittedSubtrees, i)->base;
        CHECK(base->type == GEN_DNS &&
                  (size_t)ASN1_STRING_length(base->d.dNSName) == strlen(aws_name_domains[i]) &&
                  memcmp(ASN1_STRING_get0_data(base->d.dNSName), aws_name_domains[i],
                         strlen(aws_name_domains[i])) == 0,
              "permitted subtree %d is %s", i, aws_name_domains[i]);
    }
    NAME_CONSTRAINTS_free(nc);
    CHECK(X509_get0_subject_key_id(cert) != NULL, "SKI");
    CHECK((X509_get_key_usage(cert) & (KU_KEY_CERT_SIGN | KU_CRL_SIGN)) ==
              (KU_KEY_CERT_SIGN | KU_CRL_SIGN),
          "key usage");
    char subject[256];
    X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
    CHECK(strstr(subject, "motoc") != NULL, "subject names motoc: %s", subject);

    char first[65], second[65];
    CHECK(cert_fingerprint(cert, first), "fingerprint");
    ca_free(ca);
    ca = ca_open(err, sizeof err);
    CHECK(ca != NULL, "reopen: %s", err);
    if (!ca)
        return;
    CHECK(cert_fingerprint(ca_cert_ref(ca), second), "fingerprint");
    CHECK_STR(second, first, "the CA is reused");
    ca_free(ca);
}

static void expect_refusal(const char *what, const char *needle)
{
    char err[512] = "";
    struct ca *ca = ca_open(err, sizeof err);
    CHECK(ca == NULL, "%s: accepted", what);
    CHECK(strstr(err, needle) != NULL, "%s: error '%s' lacks '%s'", what, err, needle);
    ca_free(ca);
}

static void test_refuses_unsafe_state(void)
{
    const char *dir = fresh_state_dir();
    char err[512];
    struct ca *ca = ca_open(err, sizeof err);
    CHECK(ca != NULL, "create: %s", err);
    ca_free(ca);

    chmod(dir, 0770);
    expect_refusal("group-writable directory", "others can write");
    chmod(dir, 0702);
    expect_refusal("world-writable directory", "others can write");
    chmod(dir, 0700);

    char key[PATH_MAX];
    snprintf(key, sizeof key, "%s/ca.key", dir);
    chmod(key, 0644);
    expect_refusal("readable key", "readable by others");
    chmod(key, 0600);

    if (geteuid() == 0) {
        CHECK(chown(dir, 65534, 65534) == 0, "chown: %s", strerror(errno));
        expect_refusal("directory of another user", "belongs to uid 65534");
        CHECK(chown(dir, 0, 0) == 0, "chown back");
    }
    ca = ca_open(err, sizeof err);
    CHECK(ca != NULL, "usable again: %s", err);
    ca_free(ca);
}

/* Several processes released at the same instant on an empty directory all get one CA. */
static void test_concurrent_creation(void)
{
    enum { PROCESSES = 8, ROUNDS = 4 };
    for (int round = 0; round < ROUNDS; round++) {
        fresh_state_dir();
        int start[2];
        CHECK(pipe(start) == 0, "pipe");
        int results[PROCESSES];
        pid_t pids[PROCESSES];
        for (int i = 0; i < PROCESSES; i++) {
            int out[2];
            CHECK(pipe(out) == 0, "pipe");
            pids[i] = fork();
            if (pids[i] == 0) {
                close(start[1]);
                char go;
                ssize_t r = read(start[0], &go, 1); /* returns when the parent closes */
                (void)r;
                char err[512], line[80] = "error";
                struct ca *ca = ca_open(err, sizeof err);
                if (ca && !cert_fingerprint(ca_cert_ref(ca), line))
                    snprintf(line, sizeof line, "error");
                if (!ca)
                    fprintf(stderr, "child: %s\n", err);
                ca_free(ca);
                ssize_t w = write(out[1], line, strlen(line));
                _exit(w > 0 ? 0 : 1);
            }
            close(out[1]);
            results[i] = out[0];
        }
        close(start[0]);
        close(start[1]);
        char fingerprints[PROCESSES][80];
        for (int i = 0; i < PROCESSES; i++) {
            ssize_t n = read(results[i], fingerprints[i], sizeof fingerprints[i] - 1);
            fingerprints[i][n > 0 ? n : 0] = '\0';
            close(results[i]);
            int status;
            waitpid(pids[i], &status, 0);
            CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %d failed", i);
        }
        char err[512], on_disk[65] = "";
        struct ca *ca = ca_open(err, sizeof err);
        CHECK(ca && cert_fingerprint(ca_cert_ref(ca), on_disk), "final load: %s", err);
        ca_free(ca);
        for (int i = 0; i < PROCESSES; i++)
            CHECK_STR(fingerprints[i], on_disk, "round %d, process %d", round, i);
    }
}

static X509_STORE *store_with(X509 *ca_cert)
{
    X509_STORE *store = X509_STORE_new();
    X509_STORE_add_cert(store, ca_cert);
    return store;
}

/* Verifies as a strict TLS client would: chain, purpose, host name. The X509 error or 0. */
static int verify_leaf(X509_STORE *store, X509 *leaf, const char *host)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    X509_STORE_CTX_init(ctx, store, leaf, NULL);
    X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT);
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    X509_VERIFY_PARAM_set1_host(param, host, 0);
    int ok = X509_verify_cert(ctx);
    int error = ok == 1 ? 0 : X509_STORE_CTX_get_error(ctx);
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    return error;
}

static void check_leaf_shape(X509 *leaf, const char *name)
{
    GENERAL_NAMES *sans = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
    CHECK(sans && sk_GENERAL_NAME_num(sans) == 1, "%s: exactly one SAN", name);
    if (sans && sk_GENERAL_NAME_num(sans) == 1) {
        GENERAL_NAME *gn = sk_GENERAL_NAME_value(sans, 0);
        CHECK(gn->type == GEN_DNS, "%s: a DNS SAN", name);
        if (gn->type == GEN_DNS)
            CHECK_STR((const char *)ASN1_STRING_get0_data(gn->d.dNSName), name, "SAN");
    }
    GENERAL_NAMES_free(sans);
    CHECK(X509_get_extended_key_usage(leaf) == XKU_SSL_SERVER, "%s: EKU serverAuth only", name);
    CHECK(X509_get_key_usage(leaf) == KU_DIGITAL_SIGNATURE, "%s: digitalSignature", name);
    CHECK(X509_get0_authority_key_id(leaf) != NULL, "%s: AKI", name);
    int days, seconds;
    ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(leaf), X509_get0_notAfter(leaf));
    CHECK(days > 7 && days < 100, "%s: validity %d days", name, days);
    CHECK(X509_cmp_current_time(X509_get0_notBefore(leaf)) < 0, "%s: valid already", name);
}

static void test_leaves(void)
{
    fresh_state_dir();
    char err[512];
    struct ca *ca = ca_open(err, sizeof err);
    struct leaf_cache *cache = ca ? leaf_cache_new(ca, err, sizeof err) : NULL;
    CHECK(cache != NULL, "cache: %s", err);
    if (!cache) {
        ca_free(ca);
        return;
    }
    X509_STORE *store = store_with(ca_cert_ref(ca));
    static const char *const names[] = {
        "sts.amazonaws.com",
        "my.bucket.s3.us-west-2.amazonaws.com",
        "sqs.cn-north-1.amazonaws.com.cn",
        "s3.dualstack.eu-west-1.api.aws",
        "a-bucket-name-long-enough-to-pass-the-sixty-four-limit.s3.us-east-1.amazonaws.com",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        X509 *leaf = leaf_cache_cert_ref(cache, names[i]);
        CHECK(leaf != NULL, "mint %s", names[i]);
        if (!leaf)
            continue;
        int error = verify_leaf(store, leaf, names[i]);
        CHECK(error == 0, "%s: %s", names[i], X509_verify_cert_error_string(error));
        check_leaf_shape(leaf, names[i]);
        CHECK(verify_leaf(store, leaf, "other.amazonaws.com") != 0, "%s: no wildcard", names[i]);
        CHECK(leaf_cache_cert_ref(cache, names[i]) == leaf, "%s: cached", names[i]);
    }

    /* A certificate the CA signs for a name outside its constraints is rejected. */
    X509 *outside = leaf_cache_cert_ref(cache, "www.example.com");
    CHECK(outside && verify_leaf(store, outside, "www.example.com") ==
                         X509_V_ERR_PERMITTED_VIOLATION,
          "name constraints hold");

    /* The cache is bounded: old names are evicted, recent ones stay. */
    X509 *first = leaf_cache_cert_ref(cache, "n0.amazonaws.com");
    char first_fp[65], again_fp[65];
    cert_fingerprint(first, first_fp);
    for (int i = 1; i <= LEAF_CACHE_CAPACITY; i++) {
        char name[64];
        snprintf(name, sizeof name, "n%d.amazonaws.com", i);
        leaf_cache_cert_ref(cache, name);
    }
    X509 *last = leaf_cache_cert_ref(cache, "n256.amazonaws.com");
    CHECK(last == leaf_cache_cert_ref(cache, "n256.amazonaws.com"), "recent kept");
    cert_fingerprint(leaf_cache_cert_ref(cache, "n0.amazonaws.com"), again_fp);
    CHECK(strcmp(first_fp, again_fp) != 0, "oldest evicted and minted anew");

    X509_STORE_free(store);
    leaf_cache_free(cache);
    ca_free(ca);
}

/* ---- handshakes through memory -------------------------------------------------------------- */

struct pair {
    SSL *client;
    BIO *to_client, *from_client;
    struct tls_session *server;
    struct buf server_plain;
    enum tls_io server_last;
};

static void pump(struct pair *p)
{
    char data[16384];
    int n;
    while ((n = BIO_read(p->from_client, data, sizeof data)) > 0)
        tls_session_feed(p->server, data, (size_t)n);
    for (;;) {
        size_t got;
        p->server_last = tls_session_read(p->server, data, sizeof data, &got);
        if (p->server_last != TLS_IO_OK)
            break;
        buf_append(&p->server_plain, data, got);
    }
    struct buf *out = tls_session_output(p->server);
    if (out->len)
        BIO_write(p->to_client, out->data, (int)out->len);
    buf_reset(out);
}

static SSL_CTX *client_ctx(const char *ca_path, int version)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, ca_path, NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), X509_V_FLAG_X509_STRICT);
    SSL_CTX_set_min_proto_version(ctx, version);
    SSL_CTX_set_max_proto_version(ctx, version);
    return ctx;
}

static void pair_open(struct pair *p, SSL_CTX *cctx, struct tls_context *sctx, const char *sni,
                      const char *expected_host, const char *default_name)
{
    memset(p, 0, sizeof *p);
    p->client = SSL_new(cctx);
    p->to_client = BIO_new(BIO_s_mem());
    p->from_client = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(p->to_client, -1);
    SSL_set_bio(p->client, p->to_client, p->from_client);
    SSL_set_connect_state(p->client);
    if (sni)
        SSL_set_tlsext_host_name(p->client, sni);
    SSL_set1_host(p->client, expected_host);
    p->server = tls_session_new(sctx, default_name);
}

static bool handshake(struct pair *p)
{
    for (int i = 0; i < 10; i++) {
        int rc = SSL_do_handshake(p->client);
        /* Before pump: the server side clears OpenSSL's (per-thread) error queue. */
        int error = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(p->client, rc);
        if (error != SSL_ERROR_NONE && error != SSL_ERROR_WANT_READ) {
            ERR_print_errors_fp(stderr);
            return false;
        }
        pump(p);
        if (rc == 1 && tls_session_established(p->server))
            return true;
    }
    return false;
}

static void pair_close(struct pair *p)
{
    SSL_free(p->client);
    tls_session_free(p->server);
    buf_free(&p->server_plain);
    ERR_clear_error();
}

static char *peer_san(SSL *ssl)
{
    X509 *peer = SSL_get1_peer_certificate(ssl);
    GENERAL_NAMES *sans = peer ? X509_get_ext_d2i(peer, NID_subject_alt_name, NULL, NULL) : NULL;
    char *name = NULL;
    if (sans && sk_GENERAL_NAME_num(sans) > 0 && sk_GENERAL_NAME_value(sans, 0)->type == GEN_DNS)
        name = strdup(
            (const char *)ASN1_STRING_get0_data(sk_GENERAL_NAME_value(sans, 0)->d.dNSName));
    GENERAL_NAMES_free(sans);
    X509_free(peer);
    return name;
}

static void test_exchange(SSL_CTX *cctx, struct tls_context *sctx, int version)
{
    struct pair p;
    pair_open(&p, cctx, sctx, "STS.amazonaws.com", "sts.amazonaws.com", NULL);
    CHECK(handshake(&p), "handshake v%x: %s", (unsigned)version,
          X509_verify_cert_error_string(SSL_get_verify_result(p.client)));
    CHECK(SSL_version(p.client) == version, "negotiated %x", (unsigned)SSL_version(p.client));

    size_t written;
    CHECK(SSL_write_ex(p.client, "ping", 4, &written) == 1, "client write");
    pump(&p);
    CHECK(p.server_plain.len == 4 && memcmp(p.server_plain.data, "ping", 4) == 0, "server read");

    size_t taken;
    CHECK(tls_session_write(p.server, "pong", 4, &taken) == TLS_IO_OK && taken == 4,
          "server write");
    pump(&p);
    char reply[16];
    size_t got = 0;
    CHECK(SSL_read_ex(p.client, reply, sizeof reply, &got) == 1 && got == 4 &&
              memcmp(reply, "pong", 4) == 0,
          "client read");

    /* A large write goes out whole, record by record. */
    static char big[200000];
    memset(big, 'x', sizeof big);
    size_t off = 0;
    while (off < sizeof big) {
        CHECK(tls_session_write(p.server, big + off, sizeof big - off, &taken) == TLS_IO_OK,
              "big write");
        if (taken == 0)
            break;
        off += taken;
    }
    pump(&p);
    size_t total = 0;
    char chunk[16384];
    while (SSL_read_ex(p.client, chunk, sizeof chunk, &got) == 1)
        total += got;
    CHECK(total == sizeof big, "client got %zu of %zu", total, sizeof big);

    SSL_shutdown(p.client);
    pump(&p);
    CHECK(p.server_last == TLS_IO_CLOSED, "close_notify seen: %d", (int)p.server_last);
    tls_session_close(p.server);
    CHECK(tls_session_output(p.server)->len > 0, "close_notify answered");
    pair_close(&p);
}

static void test_certificate_choice(SSL_CTX *cctx, struct tls_context *sctx)
{
    struct {
        const char *sni, *default_name, *expected;
    } cases[] = {
        {"my.bucket.s3.amazonaws.com", NULL, "my.bucket.s3.amazonaws.com"},
        {"sqs.cn-north-1.amazonaws.com.cn.", NULL, "sqs.cn-north-1.amazonaws.com.cn"},
        {NULL, NULL, TLS_FALLBACK_NAME},
        {"localhost", NULL, TLS_FALLBACK_NAME},
        {NULL, "sqs.us-east-1.amazonaws.com", "sqs.us-east-1.amazonaws.com"},
        {"www.example.com", "sqs.us-east-1.amazonaws.com", "sqs.us-east-1.amazonaws.com"},
        {"sts.amazonaws.com", "sqs.us-east-1.amazonaws.com", "sts.amazonaws.com"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pair p;
        pair_open(&p, cctx, sctx, cases[i].sni, cases[i].expected, cases[i].default_name);
        CHECK(handshake(&p), "case %zu: handshake", i);
        char *san = peer_san(p.client);
        CHECK_STR(san, cases[i].expected, "case %zu", i);
        free(san);
        pair_close(&p);
    }
}

static void test_bad_input(struct tls_context *sctx)
{
    struct tls_session *s = tls_session_new(sctx, NULL);
    static const char not_tls[] = "\x16\x03\x01\x00\x05hello, this is not a ClientHello at all";
    tls_session_feed(s, not_tls, sizeof not_tls - 1);
    char out[256];
    size_t got;
    CHECK(tls_session_read(s, out, sizeof out, &got) == TLS_IO_FAILED, "garbage fails");
    CHECK(tls_session_read(s, out, sizeof out, &got) == TLS_IO_FAILED, "and stays failed");
    size_t taken;
    CHECK(tls_session_write(s, "x", 1, &taken) == TLS_IO_FAILED && taken == 0, "no writes");
    tls_session_close(s);
    tls_session_free(s);

    /* A ClientHello cut short just waits for the rest. */
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL *client = SSL_new(cctx);
    BIO *in = BIO_new(BIO_s_mem()), *to_server = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(in, -1);
    SSL_set_bio(client, in, to_server);
    SSL_set_connect_state(client);
    SSL_set_tlsext_host_name(client, "sts.amazonaws.com");
    SSL_do_handshake(client);
    char hello[4096];
    int n = BIO_read(to_server, hello, sizeof hello);
    CHECK(n > 20, "client hello");
    s = tls_session_new(sctx, NULL);
    tls_session_feed(s, hello, (size_t)n / 2);
    CHECK(tls_session_read(s, out, sizeof out, &got) == TLS_IO_WANT_INPUT, "half a hello waits");
    tls_session_feed(s, hello + n / 2, (size_t)(n - n / 2));
    CHECK(tls_session_read(s, out, sizeof out, &got) == TLS_IO_WANT_INPUT, "hello answered");
    CHECK(tls_session_output(s)->len > 0, "ServerHello queued");
    tls_session_free(s);
    SSL_free(client);
    SSL_CTX_free(cctx);
    ERR_clear_error();

    /* Every byte of random input is survived. */
    srand(42);
    for (int round = 0; round < 200; round++) {
        s = tls_session_new(sctx, NULL);
        char noise[512];
        noise[0] = 0x16;
        for (size_t i = 1; i < sizeof noise; i++)
            noise[i] = (char)(round < 100 && i < 3 ? 3 : rand());
        tls_session_feed(s, noise, (size_t)(rand() % (int)sizeof noise) + 1);
        enum tls_io r = tls_session_read(s, out, sizeof out, &got);
        CHECK(r == TLS_IO_FAILED || r == TLS_IO_WANT_INPUT, "noise round %d: %d", round, (int)r);
        tls_session_free(s);
    }
}

static void test_no_renegotiation(SSL_CTX *cctx12, struct tls_context *sctx)
{
    struct pair p;
    pair_open(&p, cctx12, sctx, "sts.amazonaws.com", "sts.amazonaws.com", NULL);
    CHECK(handshake(&p), "TLS 1.2 handshake");
    CHECK(SSL_renegotiate(p.client) == 1, "client asks to renegotiate");
    bool renegotiated = false;
    for (int i = 0; i < 6; i++) {
        int rc = SSL_do_handshake(p.client);
        pump(&p);
        if (rc == 1 && !SSL_renegotiate_pending(p.client))
            renegotiated = true;
    }
    CHECK(!renegotiated, "renegotiation refused");
    CHECK(p.server_last != TLS_IO_OK, "server still sane: %d", (int)p.server_last);
    pair_close(&p);
}

static void test_tls_sessions(void)
{
    fresh_state_dir();
    char err[512];
    struct tls_context *sctx = tls_context_new(err, sizeof err);
    struct ca *ca = ca_open(err, sizeof err);
    CHECK(sctx && ca, "contexts: %s", err);
    if (!sctx || !ca) {
        tls_context_free(sctx);
        ca_free(ca);
        return;
    }
    SSL_CTX *c12 = client_ctx(ca_cert_path(ca), TLS1_2_VERSION);
    SSL_CTX *c13 = client_ctx(ca_cert_path(ca), TLS1_3_VERSION);
    test_exchange(c12, sctx, TLS1_2_VERSION);
    test_exchange(c13, sctx, TLS1_3_VERSION);
    test_certificate_choice(c13, sctx);
    test_certificate_choice(c12, sctx);
    test_bad_input(sctx);
    test_no_renegotiation(c12, sctx);
    SSL_CTX_free(c12);
    SSL_CTX_free(c13);
    ca_free(ca);
    tls_context_free(sctx);
}

static void remove_tree(const char *dir)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

int main(void)
{
    snprintf(base_dir, sizeof base_dir, "%s/motoc-tls-test-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(base_dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_ca_files_and_reuse();
    test_refuses_unsafe_state();
    test_concurrent_creation();
    test_leaves();
    test_tls_sessions();
    remove_tree(base_dir);
    return test_summary("tls");
}
