"""Slow clients cannot lock others out of motoc-server: a request head must arrive within the
header timeout of its first byte, a body at the minimum rate after its grace period, and a
client over the connection cap is answered 503 with a body, logged once per burst. Long polls
and responses read slowly are not cut."""
import os
import re
import resource
import select
import selectors
import socket
import ssl
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import SANITIZER_MARKS, SERVER, MotocServer, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

SLOW_CONNECTIONS = 5000
HEADER_TIMEOUT = 4
BODY_GRACE = 2
BODY_MIN_RATE = 1000
BODY_RATE_WINDOW = 10  # fixed in the server
TRICKLE_INTERVAL = 0.5  # one byte per connection per interval: 2 bytes/s
SIGNED = ("Authorization: AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/{}/aws4_request, "
          "SignedHeaders=host, Signature=0\r\nX-Amz-Date: 20240101T000000Z\r\n")


def raise_fd_limit(need):
    """Raises this process's soft descriptor limit (inherited by the server it starts)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= need


def client(server, service, **config):
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1",
                        config=Config(**config))


def status_of(response):
    match = re.match(rb"HTTP/1\.1 (\d{3}) ", response)
    return int(match.group(1)) if match else None


def stop_checked(test, server):
    status = server.stop()
    log = server.stderr()
    server.log.close()
    test.assertEqual(status, 0, log[-4000:])
    test.assertFalse(any(mark in log for mark in SANITIZER_MARKS), log[-4000:])
    return log


class SlowConnection:
    def __init__(self, port, kind):
        self.kind = kind
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.setblocking(False)
        if kind == "head":
            # A head that never ends: one byte at a time.
            self.pending = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 400
        else:
            # The head at once, then a body far slower than the minimum rate.
            self.sock.sendall(b"PUT /slow-bucket/key HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                              SIGNED.format("s3").encode() + b"Content-Length: 100000\r\n\r\n")
            self.pending = b"x" * 100000
        self.begun = time.monotonic()  # heads are re-timed from their first byte
        self.received = b""
        self.elapsed = None

    def trickle(self):
        try:
            self.sock.send(self.pending[:1])
            self.pending = self.pending[1:]
        except BlockingIOError:
            pass
        except OSError:
            pass  # cut: what the server said is read when the socket reports it readable

    def read(self, now):
        try:
            chunk = self.sock.recv(65536)
        except BlockingIOError:
            return False
        except OSError:
            chunk = b""
        self.received += chunk
        if chunk and b"</Error>" not in self.received:
            return False
        self.elapsed = now - self.begun
        return True


class Background(threading.Thread):
    """Runs fn in a thread, keeping what it returns or raises."""

    def __init__(self, fn):
        super().__init__(daemon=True)
        self.fn, self.result, self.error = fn, None, None

    def run(self):
        try:
            self.result = self.fn()
        except Exception as e:  # reported by the test thread
            self.error = e


class SlowClientsTest(unittest.TestCase):
    def test_slow_clients_are_cut_while_others_are_served(self):
        if not raise_fd_limit(2 * SLOW_CONNECTIONS + 1000):
            self.skipTest("the descriptor limit is too low for this test")
        server = MotocServer("--header-timeout", str(HEADER_TIMEOUT), "--body-grace",
                             str(BODY_GRACE), "--body-min-rate", str(BODY_MIN_RATE),
                             "--max-connections", str(SLOW_CONNECTIONS + 500))
        try:
            self.run_slow_clients(server)
        finally:
            log = stop_checked(self, server)
        self.assertNotIn("over the cap", log)
        self.assertIn("request head took over", log)
        self.assertIn("request body under", log)

    def run_slow_clients(self, server):
        s3 = client(server, "s3")
        sqs = client(server, "sqs", read_timeout=60)
        s3.create_bucket(Bucket="fast")
        big = os.urandom(4 << 20)
        s3.put_object(Bucket="fast", Key="big", Body=big)
        empty_queue = sqs.create_queue(QueueName="long-poll")["QueueUrl"]
        queue = sqs.create_queue(QueueName="fast")["QueueUrl"]

        slow = [SlowConnection(server.port, "head" if i % 2 == 0 else "body")
                for i in range(SLOW_CONNECTIONS)]
        selector = selectors.DefaultSelector()
        for conn in slow:
            selector.register(conn.sock, selectors.EVENT_READ, conn)
        started = time.monotonic()
        for conn in slow:
            if conn.kind == "head":
                conn.begun = started
            conn.trickle()
        held_fds = 0

        # Meanwhile: a long poll longer than every deadline, a 4 MiB download read slowly, and
        # ordinary boto3 calls, which must all be answered.
        long_poll = Background(lambda: (time.monotonic(), sqs.receive_message(
            QueueUrl=empty_queue, WaitTimeSeconds=BODY_GRACE + BODY_RATE_WINDOW + 2)))
        slow_read = Background(lambda: self.read_slowly(server.port, "/fast/big"))
        long_poll.start()
        slow_read.start()
        served = []

        def ordinary_calls():
            while time.monotonic() - started < HEADER_TIMEOUT - 0.5:
                t0 = time.monotonic()
                s3.put_object(Bucket="fast", Key="k", Body=b"v")
                self.assertEqual(s3.get_object(Bucket="fast", Key="k")["Body"].read(), b"v")
                sqs.send_message(QueueUrl=queue, MessageBody="m")
                got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=1)["Messages"]
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=got[0]["ReceiptHandle"])
                served.append((t0, time.monotonic() - t0))
        calls = Background(ordinary_calls)
        calls.start()

        open_conns = set(slow)
        next_round = time.monotonic() + TRICKLE_INTERVAL
        deadline = started + BODY_GRACE + BODY_RATE_WINDOW + 15
        while open_conns and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=max(0.0, next_round - time.monotonic())):
                conn = key.data
                if conn.read(time.monotonic()):
                    selector.unregister(conn.sock)
                    conn.sock.close()
                    open_conns.discard(conn)
            if time.monotonic() >= next_round:
                if time.monotonic() - started < HEADER_TIMEOUT - 1:
                    held_fds = max(held_fds, len(os.listdir(f"/proc/{server.proc.pid}/fd")))
                for conn in open_conns:
                    conn.trickle()
                next_round += TRICKLE_INTERVAL
        for conn in open_conns:
            conn.sock.close()
        calls.join(30)
        long_poll.join(60)
        slow_read.join(60)

        self.assertGreaterEqual(held_fds, SLOW_CONNECTIONS, "the server held every slow client")
        self.assertIsNone(calls.error)
        self.assertGreaterEqual(len(served), 3, "boto3 was served while the slow clients were held")
        self.assertLess(max(latency for _, latency in served), 2.0, served)
        self.assertEqual(open_conns, set(), f"{len(open_conns)} slow connections were never cut")

        heads = [c for c in slow if c.kind == "head"]
        bodies = [c for c in slow if c.kind == "body"]
        for conn in heads:
            self.assertEqual(status_of(conn.received), 408, conn.received[:300])
            self.assertIn(b"<Code>RequestTimeout</Code>", conn.received)
        head_times = [c.elapsed for c in heads]
        self.assertGreaterEqual(min(head_times), HEADER_TIMEOUT - 0.5)
        self.assertLess(max(head_times), HEADER_TIMEOUT + 5)
        for conn in bodies:
            self.assertEqual(status_of(conn.received), 400, conn.received[:300])
            self.assertIn(b"<Code>RequestTimeout</Code>", conn.received)
        body_times = [c.elapsed for c in bodies]
        self.assertGreaterEqual(min(body_times), BODY_GRACE + BODY_RATE_WINDOW - 0.5)
        self.assertLess(max(body_times), BODY_GRACE + BODY_RATE_WINDOW + 6)

        self.assertIsNone(long_poll.error)
        polled_at, answer = long_poll.result
        self.assertEqual(answer.get("Messages", []), [])
        self.assertEqual(answer["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertIsNone(slow_read.error)
        self.assertEqual(slow_read.result, big, "the slowly read download arrived whole")

    @staticmethod
    def read_slowly(port, path):
        """GETs path through a small receive buffer, reading 32 KiB every 50 ms (several times
        the header timeout for 4 MiB), and returns the body."""
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
        sock.connect(("127.0.0.1", port))
        sock.settimeout(30)
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{SIGNED.format('s3')}"
                     "Connection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = sock.recv(32768)
            if not chunk:
                break
            data += chunk
            time.sleep(0.05)
        sock.close()
        head, _, body = data.partition(b"\r\n\r\n")
        if status_of(head) != 200:
            raise AssertionError(head[:300])
        return body


class HonestSlowUploadTest(unittest.TestCase):
    def test_upload_above_the_minimum_rate_is_never_cut(self):
        """3,000 bytes/s against a minimum of 1,000, judged after 1 s of grace and each 10 s
        window: the upload completes."""
        server = MotocServer("--body-grace", "1", "--body-min-rate", "1000")
        try:
            client(server, "s3").create_bucket(Bucket="honest")
            body = os.urandom(3000 * 13)
            with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
                s.sendall(b"PUT /honest/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                          SIGNED.format("s3").encode() +
                          b"x-amz-content-sha256: UNSIGNED-PAYLOAD\r\n" +
                          f"Content-Length: {len(body)}\r\n\r\n".encode())
                for at in range(0, len(body), 300):
                    s.sendall(body[at:at + 300])
                    time.sleep(0.1)
                answer = s.recv(65536)
            self.assertEqual(status_of(answer), 200, answer)
            stored = client(server, "s3").get_object(Bucket="honest", Key="slow")["Body"].read()
            self.assertEqual(stored, body)
        finally:
            stop_checked(self, server)


class SlowTlsClientsTest(unittest.TestCase):
    """Over HTTPS the handshake counts towards the head; once it is done, a slow head gets its
    408 through TLS."""

    def test_slow_handshake_and_slow_head_over_tls(self):
        server = MotocServer("--header-timeout", "2")
        try:
            # A ClientHello that never completes: closed (nothing could carry an answer).
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
                started = time.monotonic()
                hello = bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc]) + b"\0" * 100
                ended = b"not closed"
                for byte in hello:
                    try:
                        raw.send(bytes([byte]))
                    except OSError:
                        ended = b""
                        break
                    if select_readable(raw, 0.3):
                        try:
                            ended = raw.recv(100)
                        except OSError:
                            ended = b""
                        break
                self.assertEqual(ended, b"")
                self.assertLess(time.monotonic() - started, 2 + 3)

            cafile = subprocess.run([SERVER, "--ca-path"], capture_output=True, text=True,
                                    check=True).stdout.strip()
            ctx = ssl.create_default_context(cafile=cafile)
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
                with ctx.wrap_socket(raw, server_hostname="s3.amazonaws.com") as tls:
                    started = time.monotonic()
                    answer = b""
                    for byte in b"GET / HTTP/1.1\r\nHost: s3.amazonaws.com\r\nX-Pad: " + b"a" * 100:
                        tls.send(bytes([byte]))  # one TLS record per byte
                        if select_readable(tls, 0.3):
                            while chunk := tls.recv(65536):
                                answer += chunk
                            break
                    self.assertEqual(status_of(answer), 408, answer)
                    self.assertIn(b"<Code>RequestTimeout</Code>", answer)
                    self.assertLess(time.monotonic() - started, 2 + 3)
        finally:
            stop_checked(self, server)


def select_readable(sock, timeout):
    return bool(select.select([sock], [], [], timeout)[0])


class ConnectionCapTest(unittest.TestCase):
    CAP = 20

    def refused_lines(self, server):
        return re.findall(r"refused (\d+) connections over the cap of (\d+) in the last (\d+) s",
                          server.stderr())

    def wait_for_lines(self, server, count):
        for _ in range(100):
            lines = self.refused_lines(server)
            if len(lines) >= count:
                return lines
            time.sleep(0.1)
        return self.refused_lines(server)

    def test_over_the_cap_gets_503_and_one_line_per_burst(self):
        server = MotocServer("--max-connections", str(self.CAP))
        try:
            held = [socket.create_connection(("127.0.0.1", server.port))
                    for _ in range(self.CAP)]
            time.sleep(0.5)
            for _ in range(30):
                with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
                    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    answer = b""
                    while chunk := s.recv(65536):
                        answer += chunk
                self.assertEqual(status_of(answer), 503, answer)
                self.assertIn(b"<Code>ServiceUnavailable</Code>", answer)
                self.assertIn(b"Connection: close", answer)
            with self.assertRaises(ClientError) as caught:
                client(server, "s3").list_buckets()
            self.assertEqual(caught.exception.response["Error"]["Code"], "ServiceUnavailable")
            self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 503)

            lines = self.wait_for_lines(server, 1)
            self.assertEqual(len(lines), 1, server.stderr())
            self.assertEqual(lines[0][:2], ("31", str(self.CAP)))

            for _ in range(5):
                socket.create_connection(("127.0.0.1", server.port)).close()
            lines = self.wait_for_lines(server, 2)
            self.assertEqual(len(lines), 2, server.stderr())
            self.assertEqual(lines[1][:2], ("5", str(self.CAP)))

            for s in held:
                s.close()
            time.sleep(0.3)
            self.assertEqual(client(server, "s3").list_buckets()["ResponseMetadata"]
                             ["HTTPStatusCode"], 200)
        finally:
            stop_checked(self, server)

    def test_cap_from_the_environment(self):
        env = dict(os.environ, MOTOC_MAX_CONNECTIONS="1")
        server = MotocServer(env=env)
        try:
            with socket.create_connection(("127.0.0.1", server.port)):
                time.sleep(0.3)
                with self.assertRaises(ClientError) as caught:
                    client(server, "s3").list_buckets()
                self.assertEqual(caught.exception.response["Error"]["Code"], "ServiceUnavailable")
        finally:
            stop_checked(self, server)

    def test_invalid_environment_is_refused(self):
        env = dict(os.environ, MOTOC_HEADER_TIMEOUT="soon")
        with self.assertRaises(RuntimeError) as caught:
            MotocServer(env=env)
        self.assertIn("MOTOC_HEADER_TIMEOUT", str(caught.exception))


if __name__ == "__main__":
    run_tests()
