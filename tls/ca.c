/* Loads motoc's CA from the state directory, or creates it there (key and certificate
 * published atomically, so concurrent first runs agree on one CA). */
#include "ca.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "../http/buf.h"
#include "aws_names.h"
#include "state_dir.h"
#include "x509_build.h"

#define CA_VALIDITY_DAYS 3650
#define BACKDATE_SECONDS 3600
/* Either file is a few hundred bytes; anything much larger is not ours. */
#define MAX_PEM_BYTES (64 * 1024)

struct ca {
    X509 *cert;
    EVP_PKEY *key;
    char cert_path[PATH_MAX];
};

/* ---- reading ---------------------------------------------------------------------------- */

/* 1 with the contents in out, 0 if the file does not exist, -1 with a reason in err. A key must
 * be readable by this user only. */
static int read_pem_file(int dirfd, const char *name, bool private_key, struct buf *out, char *err,
                         size_t err_len)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, err_len, "cannot open %s: %s", name, strerror(errno));
        return -1;
    }
    struct stat st;
    const char *problem = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        problem = "not a regular file";
    else if (st.st_uid != geteuid())
        problem = "owned by another user";
    else if (private_key && (st.st_mode & 077))
        problem = "readable by others (chmod 600 it)";
    else if (st.st_size > MAX_PEM_BYTES)
        problem = "too large";
    if (problem) {
        snprintf(err, err_len, "refusing %s: %s", name, problem);
        close(fd);
        return -1;
    }
    buf_reserve(out, (size_t)st.st_size);
    for (;;) {
        ssize_t n = read(fd, out->data + out->len, out->cap - out->len - 1);
        if (n > 0) {
            out->len += (size_t)n;
            if (out->len + 1 < out->cap)
                continue;
            break;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(err, err_len, "cannot read %s: %s", name, strerror(errno));
            close(fd);
            return -1;
        }
        break;
    }
    out->data[out->len] = '\0';
    close(fd);
    return 1;
}

static int refuse_passphrase(char *buf, int size, int rwflag, void *arg)
{
    (void)buf, (void)size, (void)rwflag, (void)arg;
    return -1;
}

/* As read_pem_file; the parsed key or certificate lands in *key_out or *cert_out. */
static int load_key(int dirfd, EVP_PKEY **key_out, char *err, size_t err_len)
{
    struct buf pem = BUF_INIT;
    int found = read_pem_file(dirfd, CA_KEY_FILE, true, &pem, err, err_len);
    if (found == 1) {
        BIO *bio = BIO_new_mem_buf(pem.data, (int)pem.len);
        *key_out = bio ? PEM_read_bio_PrivateKey(bio, NULL, refuse_passphrase, NULL) : NULL;
        BIO_free(bio);
        if (!*key_out) {
            tls_error_describe(err, err_len, "cannot parse " CA_KEY_FILE);
            found = -1;
        }
    }
    buf_free(&pem);
    return found;
}

static int load_cert(int dirfd, X509 **cert_out, char *err, size_t err_len)
{
    struct buf pem = BUF_INIT;
    int found = read_pem_file(dirfd, CA_CERT_FILE, false, &pem, err, err_len);
    if (found == 1) {
        BIO *bio = BIO_new_mem_buf(pem.data, (int)pem.len);
        *cert_out = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
        BIO_free(bio);
        if (!*cert_out) {
            tls_error_describe(err, err_len, "cannot parse " CA_CERT_FILE);
            found = -1;
        }
    }
    buf_free(&pem);
    return found;
}

/* ---- publishing ------------------------------------------------------------------------- */

enum publish_result { PUBLISHED, ALREADY_THERE, PUBLISH_FAILED };

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

static int create_temp_file(int dirfd, const char *name, mode_t mode, char *tmp, size_t tmp_len)
{
    for (int attempt = 0; attempt < 16; attempt++) {
        unsigned char r[6];
        if (RAND_bytes(r, sizeof r) != 1)
            return -1;
        snprintf(tmp, tmp_len, ".%s.%02x%02x%02x%02x%02x%02x", name, r[0], r[1], r[2], r[3], r[4],
                 r[5]);
        int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

static bool hard_links_unsupported(int err)
{
    return err == EPERM || err == EOPNOTSUPP || err == ENOSYS || err == EMLINK;
}

/* Writes the file under a temporary name, then gives it its real name only if that name is still
 * free: link() (or rename without replacing) is atomic, so of several processes publishing at
 * once exactly one wins and nobody ever reads a half-written file. With replace, the new file
 * takes the name whatever was there (rename() is atomic too). */
static enum publish_result publish_file(int dirfd, const char *name, const char *data, size_t len,
                                        mode_t mode, bool replace, char *err, size_t err_len)
{
    char tmp[NAME_MAX];
    int fd = create_temp_file(dirfd, name, mode, tmp, sizeof tmp);
    if (fd < 0) {
        snprintf(err, err_len, "cannot create a file for %s: %s", name, strerror(errno));
        return PUBLISH_FAILED;
    }
    /* umask may have narrowed the mode; the certificate is meant to be readable by tools. */
    bool written = write_all(fd, data, len) && fchmod(fd, mode) == 0 && fsync(fd) == 0;
    int write_errno = errno;
    close(fd);
    if (!written) {
        unlinkat(dirfd, tmp, 0);
        snprintf(err, err_len, "cannot write %s: %s", name, strerror(write_errno));
        return PUBLISH_FAILED;
    }
    int rc;
    if (replace) {
        rc = renameat(dirfd, tmp, dirfd, name);
    } else {
        rc = linkat(dirfd, tmp, dirfd, name, 0);
        if (rc != 0 && hard_links_unsupported(errno))
            rc = renameat2(dirfd, tmp, dirfd, name, RENAME_NOREPLACE);
    }
    int publish_errno = errno;
    unlinkat(dirfd, tmp, 0);
    if (rc == 0) {
        fsync(dirfd);
        return PUBLISHED;
    }
    if (publish_errno == EEXIST)
        return ALREADY_THERE;
    snprintf(err, err_len, "cannot create %s: %s", name, strerror(publish_errno));
    return PUBLISH_FAILED;
}

static enum publish_result publish_key(int dirfd, EVP_PKEY *key, char *err, size_t err_len)
{
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio || PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL) != 1) {
        BIO_free(bio);
        tls_error_describe(err, err_len, "cannot encode the CA key");
        return PUBLISH_FAILED;
    }
    char *data;
    long len = BIO_get_mem_data(bio, &data);
    enum publish_result r =
        publish_file(dirfd, CA_KEY_FILE, data, (size_t)len, 0600, false, err, err_len);
    BIO_free(bio);
    return r;
}

static enum publish_result publish_cert(int dirfd, X509 *cert, bool replace, char *err,
                                        size_t err_len)
{
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio || PEM_write_bio_X509(bio, cert) != 1) {
        BIO_free(bio);
        tls_error_describe(err, err_len, "cannot encode the CA certificate");
        return PUBLISH_FAILED;
    }
    char *data;
    long len = BIO_get_mem_data(bio, &data);
    enum publish_result r =
        publish_file(dirfd, CA_CERT_FILE, data, (size_t)len, 0644, replace, err, err_len);
    BIO_free(bio);
    return r;
}

/* ---- the certificate -------------------------------------------------------------------- */

static void printable_ascii(char *s)
{
    for (; *s; s++)
        if (*s < 0x20 || *s > 0x7e)
            *s = '?';
}

/* "motoc local AWS CA (alice@laptop)": says whose CA this is when it shows up in a trust store. */
static void ca_common_name(char *out, size_t out_len)
{
    char user[64] = "", host[64] = "";
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name)
        snprintf(user, sizeof user, "%s", pw->pw_name);
    else
        snprintf(user, sizeof user, "uid %u", (unsigned)geteuid());
    if (gethostname(host, sizeof host - 1) != 0)
        host[0] = '\0';
    printable_ascii(user);
    printable_ascii(host);
    /* commonName holds at most 64 characters. */
    snprintf(out, out_len, "motoc local AWS CA (%.20s%s%.20s)", user, host[0] ? "@" : "", host);
}

static char *name_constraints_value(void)
{
    struct buf v = BUF_INIT;
    buf_puts(&v, "critical");
    for (const char *const *d = aws_name_domains; *d; d++)
        buf_printf(&v, ",permitted;DNS:%s", *d);
    /* Without these a leaked key could still sign certificates for IP addresses. */
    buf_puts(&v, ",excluded;IP:0.0.0.0/0.0.0.0,excluded;IP:::/::");
    return buf_take(&v);
}

static X509 *build_ca_cert(EVP_PKEY *key, char *err, size_t err_len)
{
    time_t now = time(NULL);
    X509 *cert = x509_start(key, now - BACKDATE_SECONDS, now + (time_t)CA_VALIDITY_DAYS * 86400);
    char cn[65];
    ca_common_name(cn, sizeof cn);
    X509_NAME *name = cert ? X509_get_subject_name(cert) : NULL;
    char *constraints = name_constraints_value();
    bool ok = name &&
              X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"motoc",
                                         -1, -1, 0) == 1 &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1,
                                         -1, 0) == 1 &&
              X509_set_issuer_name(cert, name) == 1 &&
              x509_add_ext(cert, cert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
              x509_add_ext(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign") &&
              x509_add_ext(cert, cert, NID_subject_key_identifier, "hash") &&
              x509_add_ext(cert, cert, NID_authority_key_identifier, "keyid:always") &&
              /* Verifiers that honour an EKU on a CA then accept it for TLS servers only. */
              x509_add_ext(cert, cert, NID_ext_key_usage, "serverAuth") &&
              x509_add_ext(cert, cert, NID_name_constraints, constraints) &&
              X509_sign(cert, key, EVP_sha256()) > 0;
    free(constraints);
    if (!ok) {
        tls_error_describe(err, err_len, "cannot build the CA certificate");
        X509_free(cert);
        return NULL;
    }
    return cert;
}

/* True if the certificate's name constraints permit exactly the AWS domains of this build, in
 * their order (name_constraints_value writes them so). */
static bool permits_current_domains(X509 *cert)
{
    NAME_CONSTRAINTS *nc = X509_get_ext_d2i(cert, NID_name_constraints, NULL, NULL);
    if (!nc)
        return false;
    int count = sk_GENERAL_SUBTREE_num(nc->permittedSubtrees);
    bool same = count >= 0;
    int i = 0;
    for (const char *const *d = aws_name_domains; same && *d; d++, i++) {
        GENERAL_SUBTREE *subtree = i < count ? sk_GENERAL_SUBTREE_value(nc->permittedSubtrees, i)
                                             : NULL;
        const ASN1_IA5STRING *dns =
            subtree && subtree->base->type == GEN_DNS ? subtree->base->d.dNSName : NULL;
        same = dns && (size_t)dns->length == strlen(*d) &&
               memcmp(dns->data, *d, (size_t)dns->length) == 0;
    }
    same = same && i == count;
    NAME_CONSTRAINTS_free(nc);
    return same;
}

/* A CA created by a motoc that knew fewer (or other) AWS domains gets a new certificate for the
 * same key: leaves it signed before still verify, and the new domains are permitted. Processes
 * doing this at once each write an equivalent certificate; the last rename stays. */
static bool reissue_if_outdated(int dirfd, struct ca *ca, char *err, size_t err_len)
{
    if (permits_current_domains(ca->cert) || X509_check_private_key(ca->cert, ca->key) != 1) {
        ERR_clear_error(); /* a mismatched pair is reported by check_usable */
        return true;
    }
    X509 *cert = build_ca_cert(ca->key, err, err_len);
    if (!cert)
        return false;
    if (publish_cert(dirfd, cert, true, err, err_len) != PUBLISHED) {
        X509_free(cert);
        return false;
    }
    X509_free(ca->cert);
    ca->cert = cert;
    return true;
}

/* ---- load or create --------------------------------------------------------------------- */

/* The key is published first and is the claim: whoever links ca.key wins, and everybody else
 * loads that key. The certificate follows; should two processes both find the key without a
 * certificate (say its creator died in between), each builds one for that same key and the first
 * link wins, so the pair always matches. */
static bool load_or_create(int dirfd, struct ca *ca, char *err, size_t err_len)
{
    int found = load_key(dirfd, &ca->key, err, err_len);
    if (found < 0)
        return false;
    if (found == 0) {
        EVP_PKEY *key = ec_p256_key_new();
        if (!key) {
            tls_error_describe(err, err_len, "cannot generate the CA key");
            return false;
        }
        enum publish_result r = publish_key(dirfd, key, err, err_len);
        if (r == PUBLISHED) {
            ca->key = key;
        } else {
            EVP_PKEY_free(key);
            if (r == PUBLISH_FAILED || load_key(dirfd, &ca->key, err, err_len) != 1)
                return false;
        }
    }

    found = load_cert(dirfd, &ca->cert, err, err_len);
    if (found < 0)
        return false;
    if (found == 0) {
        X509 *cert = build_ca_cert(ca->key, err, err_len);
        if (!cert)
            return false;
        enum publish_result r = publish_cert(dirfd, cert, false, err, err_len);
        if (r == PUBLISHED) {
            ca->cert = cert;
        } else {
            X509_free(cert);
            if (r == PUBLISH_FAILED || load_cert(dirfd, &ca->cert, err, err_len) != 1)
                return false;
        }
    }
    return reissue_if_outdated(dirfd, ca, err, err_len);
}

static bool check_usable(const struct ca *ca, const char *dir, char *err, size_t err_len)
{
    if (X509_check_private_key(ca->cert, ca->key) != 1) {
        ERR_clear_error();
        snprintf(err, err_len,
                 "%s/" CA_CERT_FILE " does not belong to " CA_KEY_FILE
                 "; remove both to create a new CA",
                 dir);
        return false;
    }
    if (X509_cmp_current_time(X509_get0_notAfter(ca->cert)) <= 0) {
        snprintf(err, err_len,
                 "the CA in %s has expired; remove " CA_CERT_FILE " and " CA_KEY_FILE
                 " to create a new one",
                 dir);
        return false;
    }
    return true;
}

struct ca *ca_open(char *err, size_t err_len)
{
    char dir[PATH_MAX];
    if (state_dir_path(dir, sizeof dir, err, err_len) != 0)
        return NULL;
    int dirfd = state_dir_open(dir, err, err_len);
    if (dirfd < 0)
        return NULL;
    struct ca *ca = xcalloc(1, sizeof *ca);
    char real_dir[PATH_MAX];
    bool ok = load_or_create(dirfd, ca, err, err_len) && check_usable(ca, dir, err, err_len);
    close(dirfd);
    if (ok && !realpath(dir, real_dir)) {
        snprintf(err, err_len, "cannot resolve %s: %s", dir, strerror(errno));
        ok = false;
    }
    if (ok && (size_t)snprintf(ca->cert_path, sizeof ca->cert_path, "%s/" CA_CERT_FILE,
                               real_dir) >= sizeof ca->cert_path) {
        snprintf(err, err_len, "state directory path too long");
        ok = false;
    }
    if (!ok) {
        ca_free(ca);
        return NULL;
    }
    return ca;
}

void ca_free(struct ca *ca)
{
    if (!ca)
        return;
    X509_free(ca->cert);
    EVP_PKEY_free(ca->key);
    free(ca);
}

const char *ca_cert_path(const struct ca *ca)
{
    return ca->cert_path;
}

X509 *ca_cert_ref(const struct ca *ca)
{
    return ca->cert;
}

EVP_PKEY *ca_key_ref(const struct ca *ca)
{
    return ca->key;
}
