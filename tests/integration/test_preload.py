"""libmotoc.so itself: what it leaves alone, the embedded core per process and across fork(),
passthrough, failing closed, the MOTOC_* toggles and trust for programs that pin their own CA."""
import http.server
import json
import os
import re
import shutil
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import MotocServer  # noqa: E402
from preload_fixture import (BUILD, LIBMOTOC, MOTOC_RUN, STS_ACCOUNT, STS_HOST, STS_QUERY,  # noqa: E402
                             StateDirTestCase, clean_env, curl_args, fetch_args, parse_response,
                             preload_env, requires_preloadable, requires_private_hosts, run,
                             run_tests, with_private_hosts)

LOCAL_BODY = "answered by the local test server\n"


class LocalHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = (LOCAL_BODY + "host " + (self.headers.get("Host") or "") + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class LocalServer:
    """An HTTP (or HTTPS) server on 127.0.0.1 in a thread of the test, outside any preload."""

    def __init__(self, tls_context=None):
        self.httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), LocalHandler)
        self.httpd.daemon_threads = True
        if tls_context:
            self.httpd.socket = tls_context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


PYTHON_STS = """
import http.client, json, os, sys
def sts():
    c = http.client.HTTPConnection("sts.amazonaws.com", 80, timeout=20)
    c.request("GET", "/?Action=GetCallerIdentity&Version=2011-06-15")
    r = c.getresponse()
    body = r.read().decode()
    c.close()
    return r.status, body
def threads():
    return sorted(open(f"/proc/self/task/{t}/comm").read().strip()
                  for t in os.listdir("/proc/self/task"))
def s3(method, path):
    c = http.client.HTTPConnection("s3.amazonaws.com", 80, timeout=20)
    c.request(method, path)
    r = c.getresponse()
    body = r.read().decode()
    c.close()
    return r.status, body
def buckets():
    import re
    return re.findall("<Name>([^<]*)</Name>", s3("GET", "/")[1])
"""


class PreloadTestCase(StateDirTestCase):
    def setUp(self):
        super().setUp()
        self.local = LocalServer()
        self.addCleanup(self.local.close)

    def python(self, code, env, timeout=60):
        proc = run([sys.executable, "-c", PYTHON_STS + code], env, timeout=timeout)
        self.assertNoSanitizerReport(proc.stderr)
        return proc

    def hosts_file(self, *names):
        path = os.path.join(self.state_dir, "hosts")
        with open(path, "w") as f:
            f.write("127.0.0.1 localhost\n")
            for name in names:
                f.write(f"127.0.0.1 {name}\n")
        return path


class LeavesOtherTrafficAlone(PreloadTestCase):
    def get_local(self, env, wrap=()):
        proc = run([*wrap, *fetch_args(f"http://127.0.0.1:{self.local.port}/x")], env)
        return parse_response(proc)

    def test_local_server_answers_unchanged(self):
        plain = self.get_local(clean_env())
        self.assertEqual(plain[0], 200)
        self.assertEqual(self.get_local(preload_env()), plain)
        self.assertEqual(self.get_local(clean_env(MOTOC_STATE_DIR=self.state_dir),
                                         wrap=(MOTOC_RUN, "--")), plain)

    def test_no_thread_no_core_no_descriptor_without_aws_traffic(self):
        code = f"""
import urllib.request
urllib.request.urlopen("http://localhost:{self.local.port}/").read()
maps = open("/proc/self/maps").read()
print(json.dumps({{"threads": threads(), "fds": len(os.listdir("/proc/self/fd")),
                  "core": "libmotoc-core" in maps}}))
"""
        without = json.loads(self.python(code, clean_env()).stdout)
        within = json.loads(self.python(code, preload_env()).stdout)
        self.assertEqual(within, without)
        self.assertFalse(within["core"])


class LivesQuietlyInForeignProcesses(unittest.TestCase):
    """Only the hooks and the C API are visible to the host program, and its OpenSSL, libxml2 or
    cJSON can neither replace motoc's nor be replaced by them."""

    def dynamic_symbols(self, library):
        out = subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True,
                             text=True, check=True).stdout
        return {line.split()[-1] for line in out.splitlines() if line.split()[1] != "A"}

    def needed(self, library):
        out = subprocess.run(["readelf", "-d", library], capture_output=True, text=True,
                             check=True).stdout
        return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))

    def test_libmotoc_exports_hooks_and_c_api_only(self):
        self.assertEqual(self.dynamic_symbols(LIBMOTOC), {
            "connect", "sendto", "sendmsg", "getaddrinfo", "gethostbyname", "gethostbyname2",
            "gethostbyname_r", "gethostbyname2_r", "getnameinfo", "getpeername", "getsockname",
            "getsockopt", "setsockopt", "SSL_CTX_new@OPENSSL_3.0.0",
            "SSL_CTX_new_ex@OPENSSL_3.0.0", "motoc_start", "motoc_stop", "motoc_reset"})
        runtime = {"ld-linux-x86-64.so.2", "libasan.so.8", "libubsan.so.1"}
        self.assertEqual(self.needed(LIBMOTOC) - runtime, {"libc.so.6"}, "libc only")

    def test_core_hides_its_own_openssl(self):
        core = os.path.join(os.path.dirname(LIBMOTOC), "libmotoc-core.so")
        self.assertEqual(self.dynamic_symbols(core), {"motoc_core_api"})
        self.assertFalse({"libssl.so.3", "libcrypto.so.3", "libz.so.1"} & self.needed(core))


class EmbeddedCore(PreloadTestCase):
    def test_each_process_runs_its_own_core(self):
        code = """
before = threads()
status, body = sts()
print(json.dumps({"status": status, "body": body, "before": before, "after": threads()}))
"""
        for _ in range(2):
            out = json.loads(self.python(code, preload_env()).stdout)
            self.assertEqual(out["status"], 200)
            self.assertIn(STS_ACCOUNT, out["body"])
            self.assertNotIn("motoc-core", out["before"])
            self.assertIn("motoc-core", out["after"])

    def test_shared_mode_starts_no_core(self):
        code = """
status, body = sts()
print(json.dumps({"status": status, "threads": threads()}))
"""
        proc = run([MOTOC_RUN, "--", sys.executable, "-c", PYTHON_STS + code],
                   clean_env(MOTOC_STATE_DIR=self.state_dir))
        out = json.loads(proc.stdout)
        self.assertEqual(out["status"], 200, proc.stderr)
        self.assertNotIn("motoc-core", out["threads"])

    def test_state_is_per_process(self):
        # Under bare LD_PRELOAD each process has its own state; under motoc-run the tree shares one.
        program = os.path.join(self.state_dir, "make_bucket.py")
        with open(program, "w") as f:
            f.write(PYTHON_STS + 'import sys\ns3("PUT", "/bucket-" + sys.argv[1])\n'
                                 'print(json.dumps(buckets()))\n')
        alone = [json.loads(run([sys.executable, program, name], preload_env()).stdout)
                 for name in ("one", "two")]
        self.assertEqual(alone, [["bucket-one"], ["bucket-two"]])
        proc = run([MOTOC_RUN, "sh", "-c", f"{sys.executable} {program} one; "
                                           f"{sys.executable} {program} two"],
                   clean_env(MOTOC_STATE_DIR=self.state_dir))
        shared = [json.loads(line) for line in proc.stdout.splitlines()]
        self.assertEqual(shared, [["bucket-one"], ["bucket-one", "bucket-two"]], proc.stderr)

    def test_forked_children_get_answers(self):
        # Children forked before the core started, after it started, and while the parent holds
        # an open connection to it all get answers, and so does the parent afterwards.
        code = """
def child_answers():
    pid = os.fork()
    if pid == 0:
        status, body = sts()
        os._exit(0 if status == 200 and "<Account>123456789012</Account>" in body else 1)
    return os.waitpid(pid, 0)[1] == 0
results = [child_answers()]
results.append(sts()[0] == 200)
results.append(child_answers())
held = http.client.HTTPConnection("sts.amazonaws.com", 80, timeout=20)
held.request("GET", "/?Action=GetCallerIdentity&Version=2011-06-15")
held.getresponse().read()
results.append(child_answers())
held.request("GET", "/?Action=GetCallerIdentity&Version=2011-06-15")
results.append(held.getresponse().status == 200)
results.append(sts()[0] == 200)
print(json.dumps(results))
"""
        proc = self.python(code, preload_env())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout), [True] * 6, proc.stderr)

    def test_forked_child_sees_a_copy_of_the_state(self):
        code = """
s3("PUT", "/before-fork")
pid = os.fork()
if pid == 0:
    seen = buckets()
    s3("PUT", "/child-only")
    os._exit(0 if seen == ["before-fork"] and buckets() == ["before-fork", "child-only"] else 1)
child_ok = os.waitpid(pid, 0)[1] == 0
print(json.dumps({"child_ok": child_ok, "parent": buckets()}))
"""
        proc = self.python(code, preload_env())
        self.assertEqual(json.loads(proc.stdout), {"child_ok": True, "parent": ["before-fork"]},
                         proc.stderr)


class SharedServerOverLoopbackTcp(PreloadTestCase):
    """MOTOC_ENDPOINT may also name a motoc-server on a loopback port (one started by hand)."""

    def test_endpoint_on_loopback(self):
        server = MotocServer()
        try:
            code = """
import socket
status, body = sts()
s = socket.create_connection(("sqs.us-east-1.amazonaws.com", 443))
print(json.dumps({"status": status, "body": body, "peer": s.getpeername()[0],
                  "threads": threads()}))
"""
            env = preload_env(MOTOC_ENDPOINT=f"http://127.0.0.1:{server.port}")
            out = json.loads(self.python(code, env).stdout)
        finally:
            self.assertEqual(server.stop(), 0)
            server.log.close()
        self.assertEqual(out["status"], 200)
        self.assertIn(STS_ACCOUNT, out["body"])
        self.assertTrue(out["peer"].startswith("240."), out["peer"])
        self.assertNotIn("motoc-core", out["threads"])


@requires_private_hosts
class Passthrough(PreloadTestCase):
    """/etc/hosts (private to the test) maps the AWS names to the local server: a name that passes
    through reaches it, one that does not is answered by motoc."""

    def fetch(self, host, env):
        argv = fetch_args(f"http://{host}:{self.local.port}/")
        proc = run(with_private_hosts(self.hosts_file(host), argv), env)
        return parse_response(proc)

    def assert_local(self, host, env):
        status, body = self.fetch(host, env)
        self.assertEqual(status, 200)
        self.assertIn(LOCAL_BODY, body)

    def assert_motoc(self, host, env):
        status, body = self.fetch(host, env)
        self.assertNotEqual(status, 0)
        self.assertNotIn(LOCAL_BODY, body)

    def test_passthrough_hosts(self):
        env = preload_env(MOTOC_PASSTHROUGH_HOSTS="sts.amazonaws.com, *.s3.amazonaws.com")
        self.assert_local("sts.amazonaws.com", env)
        self.assert_local("bucket.s3.amazonaws.com", env)
        self.assert_motoc("sqs.us-east-1.amazonaws.com", env)
        self.assert_motoc("s3.amazonaws.com", env)

    def test_passthrough_services(self):
        env = preload_env(MOTOC_PASSTHROUGH_SERVICES="sts")
        self.assert_local("sts.us-west-2.amazonaws.com", env)
        self.assert_motoc("sqs.us-east-1.amazonaws.com", env)

    def test_passthrough_under_motoc_run(self):
        env = clean_env(MOTOC_STATE_DIR=self.state_dir, MOTOC_PASSTHROUGH_HOSTS="sts.amazonaws.com")
        argv = [MOTOC_RUN, "--", *fetch_args(f"http://sts.amazonaws.com:{self.local.port}/")]
        status, body = parse_response(run(with_private_hosts(self.hosts_file("sts.amazonaws.com"),
                                                         argv), env))
        self.assertEqual(status, 200)

    def test_disable(self):
        self.assert_local("sts.amazonaws.com", preload_env(MOTOC_DISABLE="1"))
        self.assert_motoc("sts.amazonaws.com", preload_env(MOTOC_DISABLE="0"))

    def test_c_api_leaves_names_to_libc_outside_start(self):
        binary = os.path.join(BUILD, "tests/test_c_api")
        proc = run(with_private_hosts(self.hosts_file("sts.amazonaws.com"), [binary]),
                   clean_env(MOTOC_TEST_OFF_ADDRESS="127.0.0.1"))
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("0 failed", proc.stdout)


@unittest.skipUnless(shutil.which("strace"), "needs strace")
class FailsClosed(PreloadTestCase):
    def traced(self, argv, env):
        trace = os.path.join(self.state_dir, "trace")
        proc = run(["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", trace,
                    *argv], env)
        with open(trace) as f:
            return proc, f.read()

    def assert_nothing_left_the_machine(self, trace):
        for line in trace.splitlines():
            if "AF_INET" not in line:
                continue
            self.assertRegex(line, r'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"',
                             "a connection to a non-loopback address was attempted:\n" + trace)

    def test_unreachable_shared_server(self):
        env = preload_env(MOTOC_ENDPOINT="unix:" + os.path.join(self.state_dir, "no-server"))
        for scheme in ("http", "https"):
            proc, trace = self.traced(fetch_args(f"{scheme}://{STS_HOST}/?{STS_QUERY}"), env)
            self.assertEqual(proc.returncode, 7, proc.stderr)  # no connection
            self.assertIn("cannot reach the motoc server", proc.stderr)
            self.assertIn("no-server", trace)  # it tried motoc, and only motoc
            self.assert_nothing_left_the_machine(trace)

    def test_botocore_with_unreachable_server(self):
        env = preload_env(MOTOC_ENDPOINT="unix:" + os.path.join(self.state_dir, "no-server"))
        code = """
import boto3
from botocore.config import Config
try:
    boto3.client("sts", config=Config(retries={"max_attempts": 1})).get_caller_identity()
except Exception as e:
    print(type(e).__name__)
"""
        proc, trace = self.traced([sys.executable, "-c", code], env)
        self.assertIn("EndpointConnectionError", proc.stdout, proc.stderr)
        self.assert_nothing_left_the_machine(trace)

    def test_embedded_mode_sends_nothing_out(self):
        proc, trace = self.traced(fetch_args(f"http://{STS_HOST}/?{STS_QUERY}"), preload_env())
        self.assertEqual(parse_response(proc)[0], 200)
        self.assert_nothing_left_the_machine(trace)
        self.assertNotIn("AF_INET", trace)  # not even a DNS query


class Toggles(PreloadTestCase):
    def get_sts(self, env, wrap=()):
        proc = run([*wrap, *fetch_args(f"http://{STS_HOST}/?{STS_QUERY}")], env)
        return (*parse_response(proc), proc.stderr)

    def test_services_allow_list(self):
        for wrap in ((), (MOTOC_RUN, "--")):
            env = preload_env(MOTOC_SERVICES="s3,sqs") if not wrap else clean_env(
                MOTOC_SERVICES="s3,sqs", MOTOC_STATE_DIR=self.state_dir)
            status, body, _ = self.get_sts(env, wrap)
            self.assertEqual(status, 400)
            self.assertIn("<Code>ServiceNotWhitelisted</Code>", body)
            self.assertIn("Service sts is not whitelisted: MOTOC_SERVICES allows only s3, sqs", body)
            env["MOTOC_SERVICES"] = "sts"
            status, body, _ = self.get_sts(env, wrap)
            self.assertEqual(status, 200)
            self.assertIn(STS_ACCOUNT, body)

    def test_request_log(self):
        status, _, stderr = self.get_sts(preload_env(MOTOC_LOG="requests"))
        self.assertEqual(status, 200)
        self.assertRegex(stderr, r"motoc info: GET sts\.amazonaws\.com sts GetCallerIdentity "
                                 r"us-east-1 200")
        _, _, stderr = self.get_sts(preload_env())
        self.assertEqual(stderr, "", "quiet by default")
        log = os.path.join(self.state_dir, "motoc.log")
        _, _, stderr = self.get_sts(preload_env(MOTOC_LOG="debug", MOTOC_LOG_FILE=log))
        self.assertEqual(stderr, "")
        with open(log) as f:
            text = f.read()
        self.assertIn("redirecting a connection to sts.amazonaws.com to motoc", text)
        self.assertIn("GetCallerIdentity", text)

    def test_bad_values_are_reported_and_fail_closed(self):
        cases = {
            "MOTOC_DISABLE": ("perhaps", "MOTOC_DISABLE=perhaps is not 1 or 0; motoc stays on"),
            "MOTOC_LOG": ("loud", "MOTOC_LOG=loud is not one of off, requests, debug"),
            "MOTOC_PASSTHROUGH_HOSTS": ("bad!host", "'bad!host' is not a host name"),
            "MOTOC_PASSTHROUGH_SERVICES": ("nosuchservice", "'nosuchservice' is not an AWS service"),
            "MOTOC_SERVICES": ("sts,nosuchservice", "'nosuchservice' is not an AWS service name"),
        }
        for name, (value, message) in cases.items():
            status, body, stderr = self.get_sts(preload_env(**{name: value}))
            self.assertIn(message, stderr, name)
            self.assertEqual(status, 200, name)  # still answered by motoc
            self.assertIn(STS_ACCOUNT, body)
        status, _, stderr = self.get_sts(preload_env(MOTOC_ENDPOINT="ftp://somewhere:21"))
        self.assertIn("MOTOC_ENDPOINT=ftp://somewhere:21 is neither", stderr)
        self.assertEqual(status, 0)  # the connection failed
        status, _, stderr = self.get_sts(preload_env(MOTOC_ENDPOINT="http://192.0.2.1:4566"))
        self.assertIn("loopback only", stderr)
        self.assertEqual(status, 0)


class TrustForPinnedBundles(PreloadTestCase):
    """A throwaway CA stands in for motoc's: a program that pins the system bundle still verifies a
    certificate it signed, because the preload adds the CA to every new SSL_CTX."""

    def setUp(self):
        super().setUp()
        d = self.state_dir
        openssl = ["openssl"]
        subprocess.run([*openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=test CA",
                        "-keyout", f"{d}/ca.key", "-out", f"{d}/ca.pem",
                        "-addext", "basicConstraints=critical,CA:TRUE",
                        "-addext", "keyUsage=critical,keyCertSign"],
                       check=True, capture_output=True)
        subprocess.run([*openssl, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-subj", "/CN=sts.amazonaws.com", "-keyout", f"{d}/leaf.key",
                        "-out", f"{d}/leaf.csr"], check=True, capture_output=True)
        with open(f"{d}/leaf.ext", "w") as f:
            f.write("subjectAltName=DNS:sts.amazonaws.com\nextendedKeyUsage=serverAuth\n")
        subprocess.run([*openssl, "x509", "-req", "-in", f"{d}/leaf.csr", "-CA", f"{d}/ca.pem",
                        "-CAkey", f"{d}/ca.key", "-CAcreateserial", "-days", "1",
                        "-extfile", f"{d}/leaf.ext", "-out", f"{d}/leaf.pem"],
                       check=True, capture_output=True)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(f"{d}/leaf.pem", f"{d}/leaf.key")
        self.tls = LocalServer(context)
        self.addCleanup(self.tls.close)

    def python_client(self, env):
        code = f"""
import socket, ssl
ctx = ssl.create_default_context(cafile="/etc/ssl/certs/ca-certificates.crt")
with socket.create_connection(("127.0.0.1", {self.tls.port})) as raw:
    try:
        with ctx.wrap_socket(raw, server_hostname="sts.amazonaws.com"):
            print("verified")
    except ssl.SSLCertVerificationError as e:
        print("rejected")
"""
        return self.python(code, env).stdout.strip()

    def curl_client(self, env):
        argv = curl_args(f"https://sts.amazonaws.com:{self.tls.port}/", "--cacert",
                         "/etc/ssl/certs/ca-certificates.crt", "--resolve",
                         f"sts.amazonaws.com:{self.tls.port}:127.0.0.1")
        return parse_response(run(argv, env))[0]

    def test_pinned_bundle_still_trusts_motoc_ca(self):
        self.assertEqual(self.python_client(clean_env(MOTOC_STATE_DIR=self.state_dir)), "rejected")
        self.assertEqual(self.python_client(preload_env(MOTOC_STATE_DIR=self.state_dir)),
                         "verified")

    @requires_preloadable("curl")
    def test_curl_pinned_bundle_still_trusts_motoc_ca(self):
        self.assertEqual(self.curl_client(clean_env(MOTOC_STATE_DIR=self.state_dir)), 0)
        self.assertEqual(self.curl_client(preload_env(MOTOC_STATE_DIR=self.state_dir)), 200)

    def test_disabled_preload_adds_no_trust(self):
        env = preload_env(MOTOC_STATE_DIR=self.state_dir, MOTOC_DISABLE="1")
        self.assertEqual(self.python_client(env), "rejected")


if __name__ == "__main__":
    run_tests()
