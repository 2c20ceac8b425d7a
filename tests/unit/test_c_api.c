/* motoc.h: motoc_start()/motoc_stop() nest like moto's mock_aws, the outermost stop resets the
 * state, motoc_reset() resets it at once. The program links libmotoc.so (no preload), so outside
 * a start AWS names are left to libc: run where /etc/hosts maps sts.amazonaws.com to the address
 * in MOTOC_TEST_OFF_ADDRESS (tests/integration/test_preload.py does), that is checked too. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../preload/motoc.h"
#include "check.h"

static char log_path[] = "/tmp/motoc-c-api-XXXXXX";

/* The first IPv4 address of sts.amazonaws.com as text, "" if none. */
static const char *sts_address(void)
{
    static char text[INET_ADDRSTRLEN];
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    text[0] = '\0';
    if (getaddrinfo("sts.amazonaws.com", "80", &hints, &res) == 0) {
        inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, text, sizeof text);
        freeaddrinfo(res);
    }
    return text;
}

/* Sends one STS request to addr:80; true if motoc answered. */
static bool answered_by_motoc(const char *addr)
{
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(80)};
    inet_pton(AF_INET, addr, &sin.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
        close(fd);
        return false;
    }
    static const char request[] = "GET /?Action=GetCallerIdentity&Version=2011-06-15 HTTP/1.1\r\n"
                                  "Host: sts.amazonaws.com\r\nConnection: close\r\n\r\n";
    char answer[2048] = "";
    size_t got = 0;
    ssize_t n;
    if (send(fd, request, sizeof request - 1, 0) == (ssize_t)(sizeof request - 1))
        while (got < sizeof answer - 1 &&
               (n = recv(fd, answer + got, sizeof answer - 1 - got, 0)) > 0)
            got += (size_t)n;
    answer[got] = '\0';
    close(fd);
    return strstr(answer, "<Account>123456789012</Account>") != NULL;
}

/* How many resets the core has logged. */
static int resets_logged(void)
{
    FILE *f = fopen(log_path, "r");
    int count = 0;
    char line[1024];
    while (f && fgets(line, sizeof line, f))
        count += strstr(line, "/moto-api/reset") != NULL;
    if (f)
        fclose(f);
    return count;
}

int main(void)
{
    int log_fd = mkstemp(log_path);
    CHECK(log_fd >= 0, "log file");
    close(log_fd);
    /* Read once, at the first call into motoc. */
    setenv("MOTOC_LOG", "requests", 1);
    setenv("MOTOC_LOG_FILE", log_path, 1);
    unsetenv("MOTOC_ENDPOINT");
    const char *off = getenv("MOTOC_TEST_OFF_ADDRESS");

    if (off)
        CHECK_STR(sts_address(), off, "before motoc_start: libc's answer");
    CHECK(motoc_stop() == -1, "a stop without a start");
    CHECK(motoc_reset() == 0, "a reset before anything ran");

    CHECK(motoc_start() == 0, "start");
    char fake[INET_ADDRSTRLEN];
    snprintf(fake, sizeof fake, "%s", sts_address());
    CHECK(strncmp(fake, "240.", 4) == 0, "intercepted: %s", fake);
    CHECK(answered_by_motoc(fake), "motoc answers");

    CHECK(motoc_start() == 0, "nested start");
    CHECK(motoc_stop() == 0, "nested stop");
    CHECK(strncmp(sts_address(), "240.", 4) == 0, "still intercepted after the inner stop");
    CHECK(answered_by_motoc(fake), "still answered");
    CHECK(resets_logged() == 0, "the inner stop keeps the state");

    CHECK(motoc_reset() == 0, "reset");
    CHECK(resets_logged() == 1, "reset reached the core");

    CHECK(motoc_stop() == 0, "outermost stop");
    CHECK(resets_logged() == 2, "the outermost stop resets the state");
    if (off)
        CHECK_STR(sts_address(), off, "after the outermost stop: libc's answer again");
    /* A fake address only motoc can answer never leaves the machine, on or off. */
    CHECK(answered_by_motoc(fake), "a fake address still reaches motoc");
    CHECK(motoc_stop() == -1, "one stop too many");

    unlink(log_path);
    return test_summary("c_api");
}
