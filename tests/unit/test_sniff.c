/* The first bytes of a connection: TLS, CONNECT or HTTP; the CONNECT head; the AWS name rules. */
#include <string.h>

#include "../../http/sniff.h"
#include "../../tls/aws_names.h"
#include "check.h"

static enum sniff_verdict sniff_str(const char *s)
{
    return sniff_protocol(s, strlen(s));
}

static void test_sniff(void)
{
    CHECK(sniff_protocol("", 0) == SNIFF_NEED_MORE, "empty");
    CHECK(sniff_protocol("\x16\x03\x01", 3) == SNIFF_TLS, "handshake record");
    CHECK(sniff_protocol("\x16", 1) == SNIFF_TLS, "one byte is enough for TLS");
    CHECK(sniff_str("CONN") == SNIFF_NEED_MORE, "a prefix of CONNECT waits");
    CHECK(sniff_str("CONNECT") == SNIFF_NEED_MORE, "CONNECT without its space waits");
    CHECK(sniff_str("CONNECT ") == SNIFF_CONNECT, "CONNECT");
    CHECK(sniff_str("CONNECTX") == SNIFF_HTTP, "another token");
    CHECK(sniff_str("connect x:1 HTTP/1.1") == SNIFF_HTTP, "methods are case-sensitive");
    CHECK(sniff_str("GET / HTTP/1.1\r\n") == SNIFF_HTTP, "GET");
    CHECK(sniff_str("C") == SNIFF_NEED_MORE, "C could begin CONNECT");
    CHECK(sniff_protocol("\x80\x01", 2) == SNIFF_HTTP, "SSLv2 hello is not TLS here");
}

static enum connect_parse parse(const char *s, struct connect_target *t, size_t *head_len)
{
    return connect_request_parse(s, strlen(s), t, head_len);
}

static void test_connect_parse(void)
{
    struct connect_target t;
    size_t head_len = 0;
    const char *req = "CONNECT sts.amazonaws.com:443 HTTP/1.1\r\nHost: sts.amazonaws.com:443\r\n"
                      "User-Agent: x\r\n\r\n\x16\x03\x01";
    CHECK(parse(req, &t, &head_len) == CONNECT_PARSED, "full request");
    CHECK_STR(t.host, "sts.amazonaws.com", "host");
    CHECK_STR(t.port, "443", "port");
    CHECK(head_len == strlen(req) - 3, "head ends before the tunnelled bytes: %zu", head_len);

    CHECK(parse("CONNECT [::1]:8443 HTTP/1.0\r\n\r\n", &t, &head_len) == CONNECT_PARSED, "v6");
    CHECK_STR(t.host, "::1", "IPv6 literal without brackets");
    CHECK_STR(t.port, "8443", "v6 port");
    CHECK(parse("CONNECT 127.0.0.1:80 HTTP/1.1\n\n", &t, &head_len) == CONNECT_PARSED, "bare LF");
    CHECK(head_len == strlen("CONNECT 127.0.0.1:80 HTTP/1.1\n\n"), "bare LF head length");

    CHECK(parse("CONNECT a.b:443 HTTP/1.1\r\nHost: a", &t, &head_len) == CONNECT_INCOMPLETE,
          "headers not ended");
    CHECK(parse("CONNECT a.b:443", &t, &head_len) == CONNECT_INCOMPLETE, "line not ended");

    static const char *const malformed[] = {
        "CONNECT a.b HTTP/1.1\r\n\r\n",          /* no port */
        "CONNECT a.b:0 HTTP/1.1\r\n\r\n",        /* port 0 */
        "CONNECT a.b:65536 HTTP/1.1\r\n\r\n",    /* port too large */
        "CONNECT a.b:44x HTTP/1.1\r\n\r\n",      /* port not a number */
        "CONNECT :443 HTTP/1.1\r\n\r\n",         /* no host */
        "CONNECT a b:443 HTTP/1.1\r\n\r\n",      /* space in host */
        "CONNECT a.b:443 HTTP/2.0\r\n\r\n",      /* version */
        "CONNECT a.b:443\r\n\r\n",               /* no version */
        "CONNECT a/b:443 HTTP/1.1\r\n\r\n",      /* path character */
        "CONNECT [::1:443 HTTP/1.1\r\n\r\n",     /* unclosed bracket */
        "CONNECT [zz]:443 HTTP/1.1\r\n\r\n",     /* not an address */
        "CONNECT a.b:443 HTTP/1.1 x\r\n\r\n",    /* trailing junk */
    };
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        CHECK(parse(malformed[i], &t, &head_len) == CONNECT_MALFORMED, "malformed: %s",
              malformed[i]);

    char big[CONNECT_HEAD_MAX + 64];
    memset(big, 'a', sizeof big);
    memcpy(big, "CONNECT a.b:443 HTTP/1.1\r\nX: ", 29);
    CHECK(connect_request_parse(big, sizeof big, &t, &head_len) == CONNECT_TOO_LARGE, "too large");
    big[CONNECT_HEAD_MAX + 10] = '\n';
    big[CONNECT_HEAD_MAX + 11] = '\n';
    CHECK(connect_request_parse(big, sizeof big, &t, &head_len) == CONNECT_TOO_LARGE,
          "an end past the limit does not count");
}

static void test_names(void)
{
    char out[DNS_NAME_SIZE];
    CHECK(dns_name_normalize("STS.AmazonAWS.com.", 18, out), "normalizes");
    CHECK_STR(out, "sts.amazonaws.com", "lower case, no trailing dot");
    CHECK(!dns_name_normalize("", 0, out), "empty");
    CHECK(!dns_name_normalize(".", 1, out), "root only");
    CHECK(!dns_name_normalize("a..b", 4, out), "empty label");
    CHECK(!dns_name_normalize("a b.com", 7, out), "space");
    CHECK(!dns_name_normalize("a,DNS:evil.com", 14, out), "comma");
    char long_label[80];
    memset(long_label, 'x', 64);
    memcpy(long_label + 64, ".com", 5);
    CHECK(!dns_name_normalize(long_label, strlen(long_label), out), "label over 63");
    /* Three 63-byte labels and one of 61: 253 bytes with the dots, the most DNS allows. */
    char longest[260];
    memset(longest, 'a', sizeof longest);
    longest[63] = longest[127] = longest[191] = '.';
    CHECK(dns_name_normalize(longest, 253, out), "253 bytes fit");
    longest[253] = 'a';
    CHECK(!dns_name_normalize(longest, 254, out), "254 bytes do not");
    CHECK(aws_name_matches("sts.amazonaws.com"), "sts");
    CHECK(aws_name_matches("my.bucket.s3.us-west-2.amazonaws.com"), "bucket");
    CHECK(aws_name_matches("sqs.cn-north-1.amazonaws.com.cn"), "china");
    CHECK(aws_name_matches("s3.dualstack.us-east-1.api.aws"), "api.aws");
    CHECK(aws_name_matches("amazonaws.com"), "the domain itself");
    CHECK(!aws_name_matches("notamazonaws.com"), "suffix without a dot");
    CHECK(!aws_name_matches("amazonaws.com.evil.net"), "prefix");
    CHECK(!aws_name_matches("example.com"), "other");
    CHECK(!aws_name_matches("api.aws.example"), "api.aws inside");
    CHECK(aws_name_matches("sts.us-iso-east-1.c2s.ic.gov"), "aws-iso");
    CHECK(aws_name_matches("sts.us-isob-east-1.sc2s.sgov.gov"), "aws-iso-b");
    CHECK(aws_name_matches("sts.eu-isoe-west-1.cloud.adc-e.uk"), "aws-iso-e");
    CHECK(aws_name_matches("sts.us-isof-south-1.csp.hci.ic.gov"), "aws-iso-f");
    CHECK(aws_name_matches("sts.eusc-de-east-1.amazonaws.eu"), "aws-eusc");
    CHECK(aws_name_matches("sts.us-iso-east-1.api.aws.ic.gov"), "aws-iso dual-stack");
    CHECK(aws_name_matches("abc123.lambda-url.us-east-1.on.aws"), "Lambda function URL");
    CHECK(!aws_name_matches("ic.gov"), "a parent of an AWS domain");
    CHECK(!aws_name_matches("www.ic.gov"), "a sibling of an AWS domain");
    CHECK(!aws_name_matches("aws"), "the top-level domain");
    CHECK(aws_name_subdomain_length("sqs.us-east-1.amazonaws.com") == 13, "sqs.us-east-1");
    CHECK(aws_name_subdomain_length("sqs.cn-north-1.amazonaws.com.cn") == 14, "china");
    CHECK(aws_name_subdomain_length("s3.dualstack.us-east-1.api.aws") == 22, "api.aws");
    CHECK(aws_name_subdomain_length("sts.us-iso-east-1.c2s.ic.gov") == 17, "aws-iso");
    CHECK(aws_name_subdomain_length("sts.us-iso-east-1.api.aws.ic.gov") == 17,
          "api.aws.ic.gov, not api.aws");
    CHECK(aws_name_subdomain_length("amazonaws.com") == 0, "the domain itself has none");
    CHECK(aws_name_subdomain_length(".amazonaws.com") == 0, "empty label");
    CHECK(aws_name_subdomain_length("notamazonaws.com") == 0, "suffix without a dot");
    CHECK(aws_name_subdomain_length("example.com") == 0, "other");
}

int main(void)
{
    test_sniff();
    test_connect_parse();
    test_names();
    return test_summary("sniff");
}
