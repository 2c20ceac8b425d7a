"""Every AWS domain botocore names (tls/aws_domains.gen.c, written by scripts/gen-aws-domains) is
captured by the preload without any DNS query, answered by the CONNECT front end without any
outbound connection, and permitted by the name constraints of motoc's CA: one host per partition
(its standard and its dual-stack domain) and one under every other listed domain."""
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import SERVER, MotocServer, run_tests  # noqa: E402
from preload_fixture import (MOTOC_RUN, StateDirTestCase, clean_env, preload_env,  # noqa: E402
                             run)

import botocore  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATED = os.path.join(HERE, "..", "..", "tls", "aws_domains.gen.c")
STS_QUERY = "/?Action=GetCallerIdentity&Version=2011-06-15"

for _name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
              "http_proxy", "https_proxy", "all_proxy", "no_proxy"):
    os.environ.pop(_name, None)


def generated_domains():
    with open(GENERATED) as f:
        return re.findall(r'^\s+"([^"]+)",', f.read(), re.M)


def partitions():
    path = os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")
    with open(path) as f:
        return json.load(f)["partitions"]


def probe_hosts():
    """{host: why}: STS in each partition's implicit global region on its standard and its
    dual-stack domain, and under every listed domain that no partition names (where motoc
    routes "sts.<region>." as on any AWS domain)."""
    hosts, covered = {}, set()
    for p in partitions():
        region, outputs = p["outputs"]["implicitGlobalRegion"], p["outputs"]
        for key in ("dnsSuffix", "dualStackDnsSuffix"):
            hosts[f"sts.{region}.{outputs[key]}"] = f"{p['id']} {key}"
            covered.add(outputs[key])
    for domain in generated_domains():
        if domain not in covered:
            hosts[f"sts.us-east-1.{domain}"] = domain
    return hosts


HOSTS = probe_hosts()
REGIONS = sorted({p["outputs"]["implicitGlobalRegion"] for p in partitions()})


class GeneratedListTest(unittest.TestCase):
    def test_every_partition_domain_is_listed(self):
        listed = set(generated_domains())
        for p in partitions():
            for key in ("dnsSuffix", "dualStackDnsSuffix"):
                self.assertIn(p["outputs"][key], listed, f"{p['id']} {key}")
        for domain in ("c2s.ic.gov", "sc2s.sgov.gov", "cloud.adc-e.uk", "csp.hci.ic.gov",
                       "amazonaws.eu", "on.aws"):
            self.assertIn(domain, listed)

    def test_motoc_run_help_lists_them(self):
        shown = subprocess.run([MOTOC_RUN, "--help"], capture_output=True, text=True,
                               timeout=60).stdout.split()
        for domain in generated_domains():
            self.assertIn(f"*.{domain}", shown)


# Run under the preload: resolves every host through each resolver entry point, then asks STS on
# each over plain HTTP, and with boto3 over HTTPS in each partition's region.
PROBE = r"""
import http.client, json, socket, sys
import boto3
from botocore.config import Config
hosts, regions = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for host in hosts:
    socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
    socket.gethostbyname(host)
    socket.gethostbyname_ex(host)
    c = http.client.HTTPConnection(host, 80, timeout=20)
    c.request("GET", "/?Action=GetCallerIdentity&Version=2011-06-15")
    r = c.getresponse()
    print(host, r.status, "<Account>123456789012</Account>" in r.read().decode())
    c.close()
config = Config(retries={"max_attempts": 1})
for region in regions:
    client = boto3.client("sts", region_name=region, config=config)
    print(client.meta.endpoint_url, client.get_caller_identity()["Arn"])
"""


@unittest.skipUnless(shutil.which("strace"), "needs strace")
class PreloadSendsNoDnsQuery(StateDirTestCase):
    def traced_probe(self, wrap, env):
        trace = os.path.join(self.state_dir, "trace")
        argv = ["strace", "-f", "-qq", "-o", trace, "-e",
                "trace=connect,sendto,sendmsg,openat,open", *wrap,
                sys.executable, "-c", PROBE, json.dumps(sorted(HOSTS)), json.dumps(REGIONS)]
        proc = run(argv, env, timeout=300)
        with open(trace) as f:
            return proc, f.read()

    def assert_no_resolver(self, trace):
        for line in trace.splitlines():
            self.assertNotIn("htons(53)", line, "a DNS query was sent:\n" + line)
            self.assertNotRegex(line, r'"/etc/(hosts|resolv\.conf)"',
                                "libc's resolver looked a name up:\n" + line)
            if "AF_INET" in line and "connect(" in line:
                self.assertRegex(line, r'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"',
                                 "a connection left the machine:\n" + line)

    def assert_all_answered(self, proc):
        self.assertEqual(proc.returncode, 0, proc.stderr[-3000:])
        lines = proc.stdout.splitlines()
        for host in HOSTS:
            self.assertIn(f"{host} 200 True", lines)
        arns = [l.split()[1] for l in lines if l.startswith("https://")]
        self.assertEqual(len(arns), len(REGIONS), proc.stdout)
        for p in partitions():
            self.assertTrue(any(a.startswith(f"arn:{p['id']}:") for a in arns),
                            f"{p['id']} answered: {arns}")

    def test_under_motoc_run(self):
        proc, trace = self.traced_probe([MOTOC_RUN, "--"],
                                        clean_env(MOTOC_STATE_DIR=self.state_dir))
        self.assert_all_answered(proc)
        self.assert_no_resolver(trace)
        self.assertIn("server.sock", trace, "the trace shows the connections to motoc")

    def test_bare_preload(self):
        proc, trace = self.traced_probe([], preload_env(MOTOC_STATE_DIR=self.state_dir))
        self.assert_all_answered(proc)
        self.assert_no_resolver(trace)


def ca_path():
    proc = subprocess.run([SERVER, "--ca-path"], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise AssertionError(proc.stderr)
    return proc.stdout.strip()


def openssl(*args, input_text=None):
    return subprocess.run(["openssl", *args], capture_output=True, text=True, input=input_text,
                          timeout=60)


def read_all(sock):
    chunks = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def connect_tunnel(port, host, target_port):
    """A CONNECT tunnel through motoc-server; returns (socket, reply head)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    s.sendall(f"CONNECT {host}:{target_port} HTTP/1.1\r\nHost: {host}:{target_port}\r\n\r\n"
              .encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(1)
        if not chunk:
            break
        head += chunk
    return s, head


class Strace:
    """strace attached to a running process (all its threads, and those it starts)."""

    def __init__(self, pid, path):
        self.path = path
        self.proc = subprocess.Popen(["strace", "-f", "-qq", "-p", str(pid), "-o", path, "-e",
                                      "trace=connect,sendto,sendmsg"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while time.time() < deadline and not self.attached(pid):
            time.sleep(0.05)
        if not self.attached(pid):
            self.proc.kill()
            self.proc.communicate()
            raise unittest.SkipTest("strace cannot attach to a running process here")

    @staticmethod
    def attached(pid):
        with open(f"/proc/{pid}/status") as f:
            return re.search(r"^TracerPid:\s+[1-9]", f.read(), re.M) is not None

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        self.proc.communicate(timeout=30)
        with open(self.path) as f:
            return f.read()


class ServedByMotoc(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ca = ca_path()
        cls.server = MotocServer()
        cls.tmp = tempfile.mkdtemp(prefix="motoc-domains-")

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        log = cls.server.stderr()
        cls.server.log.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        if status != 0:
            raise AssertionError(f"motoc-server exited with {status}:\n{log[-4000:]}")

    def leaf(self, host):
        ctx = ssl.create_default_context(cafile=self.ca)
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=20) as raw:
            with ctx.wrap_socket(raw, server_hostname=host) as s:
                return ssl.DER_cert_to_PEM_cert(s.getpeercert(binary_form=True))

    def test_ca_permits_every_domain(self):
        text = openssl("x509", "-noout", "-ext", "nameConstraints", "-in", self.ca).stdout
        for domain in generated_domains():
            self.assertIn(f"DNS:{domain}\n", text)
        for host in HOSTS:
            with self.subTest(host=host):
                leaf = os.path.join(self.tmp, "leaf.pem")
                with open(leaf, "w") as f:
                    f.write(self.leaf(host))
                proc = openssl("verify", "-x509_strict", "-CAfile", self.ca, "-purpose",
                               "sslserver", "-verify_hostname", host, leaf)
                self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
                self.assertIn(": OK", proc.stdout)

    @unittest.skipUnless(shutil.which("strace"), "needs strace")
    def test_connect_answers_every_domain_and_opens_no_connection(self):
        tracer = Strace(self.server.proc.pid, os.path.join(self.tmp, "server-trace"))
        try:
            ctx = ssl.create_default_context(cafile=self.ca)
            for host in HOSTS:
                with self.subTest(host=host, port=443):
                    s, head = connect_tunnel(self.server.port, host, 443)
                    self.assertTrue(head.startswith(b"HTTP/1.1 200 "), head)
                    with ctx.wrap_socket(s, server_hostname=host) as tls:
                        tls.sendall(f"GET {STS_QUERY} HTTP/1.1\r\nHost: {host}\r\n"
                                    "Connection: close\r\n\r\n".encode())
                        reply = read_all(tls)
                    self.assertTrue(reply.startswith(b"HTTP/1.1 200 "), reply[:200])
                    self.assertIn(b"<Account>123456789012</Account>", reply)
                with self.subTest(host=host, port=80):
                    s, head = connect_tunnel(self.server.port, host, 80)
                    with s:
                        self.assertTrue(head.startswith(b"HTTP/1.1 200 "), head)
                        s.sendall(f"GET {STS_QUERY} HTTP/1.1\r\nHost: {host}\r\n"
                                  "Connection: close\r\n\r\n".encode())
                        self.assertTrue(read_all(s).startswith(b"HTTP/1.1 200 "))
            # A host that is not AWS's is relayed: the trace sees that connection.
            spare = socket.create_server(("127.0.0.1", 0))
            closed_port = spare.getsockname()[1]
            spare.close()
            s, head = connect_tunnel(self.server.port, "127.0.0.1", closed_port)
            s.close()
            self.assertTrue(head.startswith(b"HTTP/1.1 502 "), head)
        finally:
            trace = tracer.stop()
        relayed = [l for l in trace.splitlines() if "connect(" in l and "AF_INET" in l]
        self.assertTrue(relayed and all(f"htons({closed_port})" in l for l in relayed),
                        "only the relayed connection was opened:\n" + trace)
        self.assertNotIn("htons(53)", trace)
        log = self.server.stderr()
        for host in HOSTS:
            self.assertIn(f"CONNECT {host}:443: served by motoc", log)
            self.assertIn(f"CONNECT {host}:80: served by motoc", log)


class CaIssuedBeforeTheDomainsGrew(unittest.TestCase):
    """A CA created when motoc knew only amazonaws.com gets a certificate for the new list, for
    the same key, when motoc next opens it."""

    def test_reissued_for_the_same_key(self):
        with tempfile.TemporaryDirectory(prefix="motoc-ca-") as state:
            env = dict(os.environ, MOTOC_STATE_DIR=state)
            proc = subprocess.run([SERVER, "--ca-path"], capture_output=True, text=True, env=env,
                                  timeout=60)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            cert, key = os.path.join(state, "ca.pem"), os.path.join(state, "ca.key")
            old = openssl("req", "-new", "-x509", "-key", key, "-subj", "/O=motoc/CN=old motoc CA",
                          "-days", "30", "-out", cert + ".old", "-addext",
                          "nameConstraints=critical,permitted;DNS:amazonaws.com", "-addext",
                          "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext",
                          "keyUsage=critical,keyCertSign,cRLSign")
            self.assertEqual(old.returncode, 0, old.stderr)
            os.replace(cert + ".old", cert)
            before = openssl("x509", "-noout", "-ext", "nameConstraints", "-in", cert).stdout
            self.assertNotIn("c2s.ic.gov", before)

            self.assertEqual(subprocess.run([SERVER, "--ca-path"], capture_output=True,
                                            env=env, timeout=60).returncode, 0)
            after = openssl("x509", "-noout", "-ext", "nameConstraints", "-in", cert).stdout
            for domain in generated_domains():
                self.assertIn(f"DNS:{domain}\n", after)
            self.assertEqual(openssl("x509", "-noout", "-pubkey", "-in", cert).stdout,
                             openssl("pkey", "-pubout", "-in", key).stdout)

            server = MotocServer(env=env)
            try:
                host = "sts.us-iso-east-1.c2s.ic.gov"
                ctx = ssl.create_default_context(cafile=cert)
                with socket.create_connection(("127.0.0.1", server.port), timeout=20) as raw:
                    with ctx.wrap_socket(raw, server_hostname=host) as s:
                        s.sendall(f"GET {STS_QUERY} HTTP/1.1\r\nHost: {host}\r\n"
                                  "Connection: close\r\n\r\n".encode())
                        self.assertTrue(read_all(s).startswith(b"HTTP/1.1 200 "))
            finally:
                self.assertEqual(server.stop(), 0)
                server.log.close()
            self.assertEqual(sorted(os.listdir(state)), ["ca.key", "ca.pem"])


if __name__ == "__main__":
    run_tests()
