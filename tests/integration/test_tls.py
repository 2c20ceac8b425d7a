"""motoc-server's TLS front: its CA, HTTPS with a certificate per SNI name, and the HTTP CONNECT
proxy that serves AWS hosts itself and relays everything else to the real host."""
import concurrent.futures
import hashlib
import http.server
import json
import os
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import SERVER, MotocServer, ServerTestCase, run_tests  # noqa: E402
from raw_http import raw_exchange  # noqa: E402

SERVER = os.path.abspath(SERVER)

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

for _name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
              "http_proxy", "https_proxy", "all_proxy", "no_proxy"):
    os.environ.pop(_name, None)

STS_QUERY = "/?Action=GetCallerIdentity&Version=2011-06-15"


def ca_path(env=None):
    proc = subprocess.run([SERVER, "--ca-path"], capture_output=True, text=True, env=env,
                          timeout=60)
    if proc.returncode != 0:
        raise AssertionError(f"--ca-path failed ({proc.returncode}): {proc.stderr}")
    return proc.stdout.strip()


def env_with(**changes):
    env = dict(os.environ)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def curl(url, *args):
    """Returns (status, body) of one curl request."""
    proc = subprocess.run(
        ["curl", "-sS", "--max-time", "20", "-o", "-", "-w", "\n%{http_code}", *args, url],
        capture_output=True, text=True)
    body, _, status = proc.stdout.rpartition("\n")
    return int(status or 0), body, proc.stderr


def strict_context(cafile):
    """Python's default client context as 3.13 builds it: strict X.509 checks on."""
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.verify_flags |= ssl.VERIFY_X509_STRICT
    ctx.verify_flags |= getattr(ssl, "VERIFY_X509_PARTIAL_CHAIN", 0)
    return ctx


def https_get(port, ctx, host, path=STS_QUERY):
    """One HTTPS request with SNI host; returns (tls version, status line, raw response)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname=host) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
            chunks = []
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
            reply = b"".join(chunks)
            return s.version(), reply.split(b"\r\n", 1)[0], reply


def peer_certificate(port, sni):
    """The PEM certificate motoc presents for an SNI name (None: no SNI at all)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname=sni) as s:
            return ssl.DER_cert_to_PEM_cert(s.getpeercert(binary_form=True))


def openssl(*args, input_text=None):
    return subprocess.run(["openssl", *args], capture_output=True, text=True, input=input_text,
                          timeout=60)


def certificate_text(pem):
    return openssl("x509", "-noout", "-text", input_text=pem).stdout


class CaPathTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="motoc-ca-")
        self.addCleanup(self.tmp.cleanup)

    def test_creates_with_private_modes_and_reuses(self):
        state = os.path.join(self.tmp.name, "a", "state")
        env = env_with(MOTOC_STATE_DIR=state)
        path = ca_path(env)
        self.assertEqual(path, os.path.join(os.path.realpath(state), "ca.pem"))
        self.assertEqual(stat.S_IMODE(os.stat(state).st_mode), 0o700)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(state, "ca.key")).st_mode), 0o600)
        with open(path) as f:
            first = f.read()
        self.assertIn("BEGIN CERTIFICATE", first)
        self.assertEqual(ca_path(env), path)
        with open(path) as f:
            self.assertEqual(f.read(), first, "the CA is reused, not replaced")

    def test_certificate_shape(self):
        text = certificate_text(open(ca_path(env_with(
            MOTOC_STATE_DIR=os.path.join(self.tmp.name, "s")))).read())
        self.assertRegex(text, r"Basic Constraints: critical\s+CA:TRUE, pathlen:0")
        self.assertRegex(text, r"Key Usage: critical\s+Certificate Sign, CRL Sign")
        self.assertIn("Subject Key Identifier", text)
        self.assertIn("Name Constraints: critical", text)
        for domain in ("amazonaws.com", "amazonaws.com.cn", "api.aws"):
            self.assertIn(f"DNS:{domain}\n", text)
        self.assertIn("motoc", text.split("Subject:")[1].split("\n")[0])
        self.assertIn("ASN1 OID: prime256v1", text)

    def test_relative_state_dir_is_printed_absolute(self):
        proc = subprocess.run([SERVER, "--ca-path"], capture_output=True, text=True,
                              cwd=self.tmp.name, env=env_with(MOTOC_STATE_DIR="rel/state"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(),
                         os.path.join(os.path.realpath(self.tmp.name), "rel/state/ca.pem"))

    def test_lookup_order(self):
        xdg = os.path.join(self.tmp.name, "xdg")
        self.assertEqual(ca_path(env_with(MOTOC_STATE_DIR=None, XDG_STATE_HOME=xdg)),
                         os.path.join(os.path.realpath(xdg), "motoc", "ca.pem"))
        home = os.path.join(self.tmp.name, "home")
        os.mkdir(home)
        self.assertEqual(ca_path(env_with(MOTOC_STATE_DIR=None, XDG_STATE_HOME=None, HOME=home)),
                         os.path.join(os.path.realpath(home), ".local/state/motoc/ca.pem"))
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(home, ".local")).st_mode), 0o700)

    def test_refuses_a_state_dir_others_can_write(self):
        state = os.path.join(self.tmp.name, "open")
        os.mkdir(state)
        os.chmod(state, 0o777)
        proc = subprocess.run([SERVER, "--ca-path"], capture_output=True, text=True,
                              env=env_with(MOTOC_STATE_DIR=state))
        self.assertEqual(proc.returncode, 1)
        self.assertIn("others can write", proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(os.listdir(state), [])

    def test_processes_starting_together_share_one_ca(self):
        state = os.path.join(self.tmp.name, "race")
        env = env_with(MOTOC_STATE_DIR=state)
        procs = [subprocess.Popen([SERVER, "--ca-path"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env) for _ in range(8)]
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            self.assertEqual(proc.returncode, 0, err)
            self.assertEqual(out.strip(), os.path.join(state, "ca.pem"))
        names = sorted(os.listdir(state))
        self.assertEqual(names, ["ca.key", "ca.pem"], "no temporary files left behind")
        cert_key = openssl("x509", "-noout", "-pubkey", "-in", os.path.join(state, "ca.pem")).stdout
        key_pub = openssl("pkey", "-pubout", "-in", os.path.join(state, "ca.key")).stdout
        self.assertEqual(cert_key, key_pub)

    def test_plain_http_never_touches_the_state_dir(self):
        state = os.path.join(self.tmp.name, "untouched")
        server = MotocServer(env=env_with(MOTOC_STATE_DIR=state))
        try:
            status, body, _ = curl(server.url + "/moto-api/data.json")
            self.assertEqual(status, 200)
            self.assertFalse(os.path.exists(state))
        finally:
            self.assertEqual(server.stop(), 0)
            server.log.close()


class UpstreamHandler(http.server.BaseHTTPRequestHandler):
    """The non-AWS host a proxied program still has to reach."""
    protocol_version = "HTTP/1.1"
    BIG = hashlib.sha256(b"seed").digest() * (8 * 1024 * 1024 // 32)

    def do_GET(self):
        body = self.BIG if self.path == "/big" else b"hello from upstream\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        data = self.rfile.read(int(self.headers["Content-Length"]))
        body = hashlib.sha256(data).hexdigest().encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class TlsServerTest(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ca = ca_path()
        cls.upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), UpstreamHandler)
        cls.upstream_port = cls.upstream.server_address[1]
        threading.Thread(target=cls.upstream.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.upstream.shutdown()
        cls.upstream.server_close()
        super().tearDownClass()

    @property
    def proxy(self):
        return f"http://127.0.0.1:{self.server.port}"

    def assert_caller_identity(self, status, body):
        """STS's real answer came back: the request went through motoc, not elsewhere."""
        self.assertEqual(status, 200, body)
        self.assertIn("<GetCallerIdentityResponse", body)
        self.assertIn("<Account>123456789012</Account>", body)

    def assert_still_answers(self):
        status, _, _ = curl(self.server.url + "/moto-api/data.json")
        self.assertEqual(status, 200)
        version, status_line, _ = https_get(self.server.port, strict_context(self.ca),
                                            "sts.amazonaws.com")
        self.assertEqual(status_line, b"HTTP/1.1 200 OK")

    # ---- certificates ----

    def test_leaves_pass_openssl_strict_verify(self):
        for host in ("sts.amazonaws.com", "my.bucket.s3.us-west-2.amazonaws.com",
                     "sqs.cn-north-1.amazonaws.com.cn", "s3.dualstack.us-east-1.api.aws"):
            with self.subTest(host=host), tempfile.NamedTemporaryFile("w", suffix=".pem") as leaf:
                pem = peer_certificate(self.server.port, host)
                leaf.write(pem)
                leaf.flush()
                proc = openssl("verify", "-x509_strict", "-CAfile", self.ca, "-purpose", "sslserver",
                               "-verify_hostname", host, leaf.name)
                self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
                self.assertIn(": OK", proc.stdout)
                text = certificate_text(pem)
                self.assertRegex(text, rf"Subject Alternative Name: \n\s+DNS:{host}\n")
                self.assertRegex(text, r"Key Usage: critical\s+Digital Signature\n")
                self.assertRegex(text, r"Extended Key Usage: \n\s+TLS Web Server Authentication\n")
                self.assertIn("Authority Key Identifier", text)
                self.assertIn("ASN1 OID: prime256v1", text)

    def test_name_constraints_reject_other_names(self):
        state = os.path.dirname(self.ca)
        with tempfile.TemporaryDirectory() as tmp:
            key, csr = os.path.join(tmp, "k.pem"), os.path.join(tmp, "r.csr")
            self.assertEqual(openssl("genpkey", "-algorithm", "EC", "-pkeyopt",
                                     "ec_paramgen_curve:P-256", "-out", key).returncode, 0)
            self.assertEqual(openssl("req", "-new", "-key", key, "-subj", "/CN=www.example.com",
                                     "-out", csr).returncode, 0)
            for san, error in (("DNS:www.example.com", "permitted subtree violation"),
                               ("DNS:amazonaws.com.evil.net", "permitted subtree violation"),
                               ("IP:127.0.0.1", "excluded subtree violation")):
                with self.subTest(san=san):
                    ext, cert = os.path.join(tmp, "ext.cnf"), os.path.join(tmp, "c.pem")
                    with open(ext, "w") as f:
                        f.write(f"subjectAltName={san}\nextendedKeyUsage=serverAuth\n"
                                "keyUsage=critical,digitalSignature\n"
                                "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n")
                    signed = openssl("x509", "-req", "-in", csr, "-CA", self.ca,
                                     "-CAkey", os.path.join(state, "ca.key"), "-set_serial", "7",
                                     "-days", "10", "-extfile", ext, "-out", cert)
                    self.assertEqual(signed.returncode, 0, signed.stderr)
                    proc = openssl("verify", "-CAfile", self.ca, cert)
                    self.assertNotEqual(proc.returncode, 0)
                    self.assertIn(error, proc.stdout + proc.stderr)

    def test_no_sni_or_foreign_sni_gets_a_default_aws_certificate(self):
        for sni in (None, "localhost", "www.example.com"):
            with self.subTest(sni=sni):
                text = certificate_text(peer_certificate(self.server.port, sni))
                self.assertRegex(text, r"DNS:amazonaws\.com\n")
        ctx = strict_context(self.ca)
        with self.assertRaises(ssl.SSLCertVerificationError):
            https_get(self.server.port, ctx, "www.example.com")
        self.assert_still_answers()

    # ---- HTTPS clients ----

    def test_python_strict_default_context(self):
        version, status_line, reply = https_get(self.server.port, strict_context(self.ca),
                                                "sts.amazonaws.com")
        self.assertEqual(status_line, b"HTTP/1.1 200 OK")
        self.assertIn(b"<Account>123456789012</Account>", reply)

    def test_tls12_and_tls13_only_clients(self):
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            with self.subTest(version=version):
                ctx = strict_context(self.ca)
                ctx.minimum_version = ctx.maximum_version = version
                got, status_line, _ = https_get(self.server.port, ctx, "sts.amazonaws.com")
                self.assertEqual(got, version.name.replace("v1_", "v1."))
                self.assertTrue(status_line.startswith(b"HTTP/1.1 "), status_line)
        for flags in (("--tlsv1.2", "--tls-max", "1.2"), ("--tlsv1.3",)):
            with self.subTest(curl=flags):
                status, body, err = curl(
                    f"https://sts.amazonaws.com:{self.server.port}{STS_QUERY}", *flags,
                    "--cacert", self.ca,
                    "--resolve", f"sts.amazonaws.com:{self.server.port}:127.0.0.1")
                self.assert_caller_identity(status, body)

    def test_tls10_is_refused(self):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        try:
            ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.TLSv1
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        except (ValueError, ssl.SSLError):
            self.skipTest("this OpenSSL cannot offer TLS 1.0")
        with self.assertRaises((ssl.SSLError, ConnectionError)):
            https_get(self.server.port, ctx, "sts.amazonaws.com")
        self.assert_still_answers()

    def test_curl_with_resolve(self):
        status, body, err = curl(
            f"https://sts.amazonaws.com:{self.server.port}{STS_QUERY}", "--cacert", self.ca,
            "--resolve", f"sts.amazonaws.com:{self.server.port}:127.0.0.1")
        self.assert_caller_identity(status, body)

    def test_keep_alive_and_pipelining_over_tls(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as raw:
            with strict_context(self.ca).wrap_socket(raw, server_hostname="sts.amazonaws.com") as s:
                s.sendall(b"GET /moto-api/data.json HTTP/1.1\r\nHost: x\r\n\r\n" * 3 +
                          b"GET /moto-api/data.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                reply = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    reply += chunk
        self.assertEqual(reply.count(b"HTTP/1.1 200 OK"), 4)

    def test_output_backlog_over_tls(self):
        # Thousands of answers queue up while the client is still sending: the server must
        # encrypt ahead in batches, stop at a full socket and resume, losing nothing.
        count = 30000
        request = b"GET /moto-api/data.json HTTP/1.1\r\nHost: x\r\n\r\n"
        raw = socket.socket()
        raw.settimeout(30)
        # More than the kernel buffers on both ends hold: the server meets a full socket.
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        raw.connect(("127.0.0.1", self.server.port))
        with raw:
            with strict_context(self.ca).wrap_socket(raw, server_hostname="sts.amazonaws.com") as s:
                s.sendall(request * (count - 1) +
                          b"GET /moto-api/data.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                time.sleep(1)  # let the answers pile up before reading any
                reply = bytearray()
                while True:
                    chunk = s.recv(1 << 20)
                    if not chunk:
                        break
                    reply += chunk
        self.assertEqual(reply.count(b"HTTP/1.1 200 OK"), count)

    def test_large_request_body_over_tls(self):
        body = os.urandom(3 * 1024 * 1024)
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=20) as raw:
            with strict_context(self.ca).wrap_socket(raw, server_hostname="s3.amazonaws.com") as s:
                s.sendall(b"PUT /bucket/key HTTP/1.1\r\nHost: s3.amazonaws.com\r\n"
                          b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
                reply = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    reply += chunk
        self.assertTrue(reply.startswith(b"HTTP/1.1 "), reply[:100])

    def test_many_handshakes_at_once(self):
        ctx = strict_context(self.ca)

        def one(i):
            return https_get(self.server.port, ctx, f"sts.region-{i % 7}.amazonaws.com")[1]

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            lines = list(pool.map(one, range(64)))
        self.assertTrue(all(l.startswith(b"HTTP/1.1 ") for l in lines), lines)

    # ---- the CONNECT proxy ----

    def test_curl_through_proxy_to_aws_is_served_locally(self):
        status, body, err = curl(f"https://sts.amazonaws.com{STS_QUERY}", "-x", self.proxy,
                                 "--cacert", self.ca)
        self.assert_caller_identity(status, body)
        status, body, err = curl(f"https://my.bucket.s3.us-west-2.amazonaws.com/key", "-x",
                                 self.proxy, "--cacert", self.ca)
        self.assertEqual(status, 404, err)

    def test_proxy_tunnel_to_aws_port_80_is_plain_http(self):
        # -p makes curl tunnel with CONNECT even for http:// URLs.
        status, body, err = curl(f"http://sts.amazonaws.com{STS_QUERY}", "-p", "-x", self.proxy)
        self.assert_caller_identity(status, body)

    def test_boto3_through_https_proxy(self):
        client = boto3.client("sts", region_name="us-east-1", verify=self.ca,
                              config=Config(proxies={"https": self.proxy},
                                            retries={"max_attempts": 1}))
        self.assertEqual(client.get_caller_identity()["Account"], "123456789012")

    def test_proxy_relays_other_hosts(self):
        url = f"http://127.0.0.1:{self.upstream_port}"
        status, body, err = curl(url + "/", "-p", "-x", self.proxy)
        self.assertEqual((status, body), (200, "hello from upstream\n"), err)
        deadline = time.time() + 5
        while "relaying to the real host" not in self.server.stderr() and time.time() < deadline:
            time.sleep(0.05)
        self.assertIn(f"CONNECT 127.0.0.1:{self.upstream_port}: relaying", self.server.stderr())

    def test_relay_moves_large_bodies_intact_both_ways(self):
        url = f"http://127.0.0.1:{self.upstream_port}"
        proc = subprocess.run(["curl", "-sS", "--max-time", "60", "-p", "-x", self.proxy,
                               url + "/big"], capture_output=True, timeout=90)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(hashlib.sha256(proc.stdout).digest(),
                         hashlib.sha256(UpstreamHandler.BIG).digest())
        with tempfile.NamedTemporaryFile() as f:
            data = os.urandom(5 * 1024 * 1024)
            f.write(data)
            f.flush()
            status, body, err = curl(url + "/upload", "-p", "-x", self.proxy,
                                     "--data-binary", "@" + f.name)
        self.assertEqual((status, body), (200, hashlib.sha256(data).hexdigest()), err)

    def test_relay_passes_each_end_of_stream_on(self):
        listener = socket.create_server(("127.0.0.1", 0))
        port = listener.getsockname()[1]

        def echo_until_eof():
            conn, _ = listener.accept()
            with conn:
                data = b""
                while True:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                conn.sendall(b"got:" + data)

        t = threading.Thread(target=echo_until_eof, daemon=True)
        t.start()
        reply = raw_exchange(self.server.port,
                             f"CONNECT 127.0.0.1:{port} HTTP/1.1\r\n\r\nping".encode(),
                             shut_write=True)
        t.join(10)
        listener.close()
        self.assertEqual(reply, b"HTTP/1.1 200 Connection established\r\n\r\ngot:ping")

    def test_unreachable_upstream_gets_502(self):
        spare = socket.create_server(("127.0.0.1", 0))
        closed_port = spare.getsockname()[1]
        spare.close()
        reply = raw_exchange(self.server.port,
                             f"CONNECT 127.0.0.1:{closed_port} HTTP/1.1\r\n\r\n".encode())
        self.assertTrue(reply.startswith(b"HTTP/1.1 502 "), reply)
        status, body, err = curl(f"http://127.0.0.1:{closed_port}/", "-p", "-x", self.proxy)
        self.assertIn("CONNECT tunnel failed, response 502", err)

    def test_unresolvable_upstream_gets_502(self):
        started = time.monotonic()
        reply = raw_exchange(self.server.port,
                             b"CONNECT no-such-host.invalid:443 HTTP/1.1\r\n\r\n", read_timeout=20)
        self.assertTrue(reply.startswith(b"HTTP/1.1 502 "), reply)
        self.assertLess(time.monotonic() - started, 15)
        self.assert_still_answers()

    def test_malformed_connect_gets_400(self):
        for request in (b"CONNECT nohostport HTTP/1.1\r\n\r\n",
                        b"CONNECT a.b:99999 HTTP/1.1\r\n\r\n",
                        b"CONNECT a.b:443 SPDY/3\r\n\r\n"):
            with self.subTest(request=request):
                reply = raw_exchange(self.server.port, request)
                self.assertTrue(reply.startswith(b"HTTP/1.1 400 "), reply)
                self.assert_explained(reply, b"names its target as host:port")
        reply = raw_exchange(self.server.port,
                             b"CONNECT a.b:443 HTTP/1.1\r\nX: " + b"a" * 20000 + b"\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 431 "), reply)
        self.assert_explained(reply, b"longer than motoc accepts")
        self.assert_still_answers()

    def assert_explained(self, reply, words):
        """A refusal carries a plain-text body, of the length announced, saying why."""
        head, _, body = reply.partition(b"\r\n\r\n")
        self.assertIn(b"\r\nContent-Type: text/plain\r\n", head)
        self.assertIn(f"\r\nContent-Length: {len(body)}\r\n".encode(), head)
        self.assertTrue(body.startswith(b"motoc: ") and words in body, body)

    # ---- hostile and broken clients ----

    def test_garbage_instead_of_client_hello(self):
        for junk in (b"\x16\x03\x01\x00\x10" + os.urandom(16),
                     b"\x16" + os.urandom(8192),
                     b"\x16\x03\x03\xff\xff" + b"\x00" * 100):
            with self.subTest(junk=junk[:8]):
                reply = raw_exchange(self.server.port, junk)
                self.assertFalse(reply.startswith(b"HTTP"), reply[:50])
        self.assert_still_answers()

    def test_truncated_handshakes(self):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        client = ctx.wrap_bio(incoming, outgoing, server_hostname="sts.amazonaws.com")
        with self.assertRaises(ssl.SSLWantReadError):
            client.do_handshake()
        hello = outgoing.read()
        # Cut short and closed.
        raw_exchange(self.server.port, hello[:len(hello) // 2])
        # Cut short and left hanging while others are served.
        stuck = socket.create_connection(("127.0.0.1", self.server.port))
        try:
            stuck.sendall(hello[:len(hello) // 2])
            started = time.monotonic()
            self.assert_still_answers()
            self.assertLess(time.monotonic() - started, 5)
        finally:
            stuck.close()
        # A whole ClientHello, then the client vanishes mid-handshake.
        with socket.create_connection(("127.0.0.1", self.server.port)) as s:
            s.sendall(hello)
            s.recv(100)
        self.assert_still_answers()

    def test_client_closes_without_close_notify(self):
        for _ in range(5):
            raw = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
            s = strict_context(self.ca).wrap_socket(raw, server_hostname="sts.amazonaws.com")
            s.sendall(b"GET /moto-api/data.json HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(10)
            s.shutdown(socket.SHUT_RDWR)  # TCP only: no close_notify
            s.close()
        self.assert_still_answers()

    def test_renegotiation_is_refused(self):
        proc = subprocess.run(
            ["openssl", "s_client", "-tls1_2", "-connect", f"127.0.0.1:{self.server.port}",
             "-servername", "sts.amazonaws.com", "-CAfile", self.ca],
            input="R\n", capture_output=True, text=True, timeout=30)
        self.assertIn("Verify return code: 0 (ok)", proc.stdout)
        self.assertIn("RENEGOTIATING", proc.stdout + proc.stderr)
        self.assertIn("no renegotiation", proc.stdout + proc.stderr)
        self.assert_still_answers()


if __name__ == "__main__":
    run_tests()
