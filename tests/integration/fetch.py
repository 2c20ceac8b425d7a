"""A minimal HTTP(S) GET client for the preload tests, printing what curl -w '\\n%{http_code}' would:
the body, a newline, the status (0 when no connection could be made, with exit status 7 as curl).
Python, unlike curl, can be preloaded with the ASan runtime, so the sanitizer build runs these
tests too."""
import http.client
import sys
import urllib.parse


def main(url):
    parts = urllib.parse.urlsplit(url)
    connection = (http.client.HTTPSConnection if parts.scheme == "https"
                  else http.client.HTTPConnection)(parts.hostname, parts.port, timeout=20)
    try:
        target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        connection.request("GET", target)
        response = connection.getresponse()
        body = response.read().decode(errors="replace")
    except OSError as e:
        print(f"fetch: {e}", file=sys.stderr)
        sys.stdout.write("\n0")
        return 7
    sys.stdout.write(f"{body}\n{response.status}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
