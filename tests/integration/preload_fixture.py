"""Real clients run the way users run them: under motoc-run, or with libmotoc.so preloaded.

No test gives a client an endpoint: clients resolve and connect to AWS host names, and motoc's
interposer answers. Until motoc speaks TLS, the plain-HTTP variants change only the scheme of the
real AWS host name; the HTTPS variants run when `motoc-server --ca-path` works (motoc speaks TLS).
"""
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, SANITIZER_MARKS, run_tests  # noqa: E402,F401

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("MOTOC_BUILD_DIR", os.path.join(HERE, "../../build"))
MOTOC_RUN = os.environ.get("MOTOC_RUN", os.path.join(BUILD, "motoc-run"))
LIBMOTOC = os.path.abspath(os.environ.get("MOTOC_PRELOAD", os.path.join(BUILD, "preload/libmotoc.so")))
SERVER = os.environ.get("MOTOC_SERVER", os.path.join(BUILD, "motoc-server"))
NODE_DIR = os.path.join(HERE, "node")

STS_HOST = "sts.amazonaws.com"
STS_QUERY = "Action=GetCallerIdentity&Version=2011-06-15"
# What motoc's STS answers GetCallerIdentity with: moto's default account.
ACCOUNT = "123456789012"
STS_ACCOUNT = f"<Account>{ACCOUNT}</Account>"


@functools.lru_cache(maxsize=None)
def asan_runtime():
    """The ASan runtime libmotoc.so was linked against (sanitizer build), else None.

    A sanitized libmotoc.so can be preloaded into uninstrumented programs only behind its runtime,
    so those tests preload the runtime first and turn off ASan's link-order check (libmotoc.so
    defines no allocator, so the order it complains about is harmless) and leak reports about the
    host programs' own memory."""
    # ldd lists preloaded libraries in another form: ask without them (tests may run preloaded).
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    out = subprocess.run(["ldd", LIBMOTOC], capture_output=True, text=True, env=env).stdout
    match = re.search(r"(\S*libasan\.so\S*) => (\S+)", out)
    return match.group(2) if match else None


def clean_env(**extra):
    """The test process's environment without any motoc or preload setting, plus extra."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MOTOC_") and k not in ("LD_PRELOAD", "AWS_ENDPOINT_URL",
                                                       "AWS_CA_BUNDLE", "REQUESTS_CA_BUNDLE",
                                                       "SSL_CERT_FILE", "CURL_CA_BUNDLE",
                                                       "NODE_EXTRA_CA_CERTS")}
    env.update(CLIENT_ENV)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if asan_runtime():
        env["LD_PRELOAD"] = asan_runtime()
        env["ASAN_OPTIONS"] = "verify_asan_link_order=0:detect_leaks=0"
    env.update(extra)
    return env


def preload_env(**extra):
    """Bare LD_PRELOAD: an embedded core per process."""
    env = clean_env(**extra)
    env["LD_PRELOAD"] = ":".join(filter(None, [asan_runtime(), LIBMOTOC]))
    return env


@functools.lru_cache(maxsize=None)
def tls_supported():
    """True when motoc-server can create its CA in a fresh state directory here."""
    state = tempfile.mkdtemp(prefix="motoc-state-")
    try:
        proc = subprocess.run([SERVER, "--ca-path"], capture_output=True, text=True,
                              env=clean_env(MOTOC_STATE_DIR=state), timeout=30)
        return proc.returncode == 0 and os.path.isfile(proc.stdout.strip())
    finally:
        shutil.rmtree(state, ignore_errors=True)


requires_tls = unittest.skipUnless(
    tls_supported(), "motoc-server --ca-path could not create a CA in this environment")


@functools.lru_cache(maxsize=None)
def private_hosts_supported():
    try:
        return subprocess.run(["unshare", "-m", "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


requires_private_hosts = unittest.skipUnless(
    private_hosts_supported(), "needs unshare -m (root) to give a test its own /etc/hosts")


def with_private_hosts(hosts_file, argv):
    """argv run in a mount namespace whose /etc/hosts is hosts_file, so names chosen by the test
    resolve without any DNS query."""
    return ["unshare", "-m", "sh", "-c", 'mount --bind "$0" /etc/hosts && exec "$@"',
            hosts_file, *argv]


def run(argv, env, timeout=60, **kwargs):
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout,
                          **kwargs)


@functools.lru_cache(maxsize=None)
def asan_blocks(program):
    """True in the sanitizer build if program cannot run with the ASan runtime preloaded: curl and
    pgrep hang in setlocale() before main. Tests of such a client are skipped there, and only
    there; the others use fetch.py, a Python client, which runs fine behind ASan."""
    if not asan_runtime():
        return False
    try:
        return subprocess.run([program, "--version"], env=clean_env(), capture_output=True,
                              timeout=10).returncode != 0
    except subprocess.TimeoutExpired:
        return True


def requires_preloadable(program):
    return unittest.skipIf(asan_blocks(program), f"ASan's runtime cannot be preloaded into "
                                                 f"{program} (it hangs before main)")


def curl_args(url, *extra):
    return ["curl", "-sS", "--max-time", "20", "-o", "-", "-w", "\n%{http_code}", *extra, url]


def fetch_args(url):
    """A GET with fetch.py, whose output reads like curl_args's."""
    return [sys.executable, os.path.join(HERE, "fetch.py"), url]


def parse_response(proc):
    """(status, body) from curl_args's or fetch_args's output."""
    body, _, status = proc.stdout.rpartition("\n")
    return int(status or 0), body


class StateDirTestCase(unittest.TestCase):
    """Gives every test a private MOTOC_STATE_DIR, so nothing touches the user's own CA."""

    def setUp(self):
        self.state_dir = tempfile.mkdtemp(prefix="motoc-state-")
        self.addCleanup(shutil.rmtree, self.state_dir, True)

    def assertNoSanitizerReport(self, text):
        for mark in SANITIZER_MARKS:
            self.assertNotIn(mark, text)

