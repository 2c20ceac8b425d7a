"""Zero-config suites: a test module runs whole under motoc-run, as a user runs a suite
(`motoc-run python3 -m unittest ...`). Nothing names an endpoint; the keys and the default region
are the ones motoc-run exports.

Started by meson (or by hand), the module runs itself again as `motoc-run --log LOG python3
<module>`. Inside that tree boto3 runs in the test process itself, and the AWS CLI, Node's AWS SDK
v3 and curl run as its children, so every client shares the one server: what one process makes,
the others see. Each test starts from a state reset through motoc's moto-api host.

The outer run fails when the inner one does, when motoc-run reports that the server died, and on a
sanitizer report from the server (its log) or from the test process (its stderr)."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))

# preload_fixture (through server_fixture) rewrites the process environment when imported, for
# tests that start servers of their own; under motoc-run that environment is motoc-run's exports
# and must stay as it is.
_ENVIRONMENT = dict(os.environ)
from preload_fixture import (BUILD, MOTOC_RUN, NODE_DIR, SANITIZER_MARKS,  # noqa: E402
                             asan_blocks, clean_env, preload_env, run_tests)
os.environ.clear()
os.environ.update(_ENVIRONMENT)

__all__ = ["ZeroConfigCase", "asan_blocks", "main", "preload_env", "requires_node", "sha256"]

BUILD_SETTINGS = ("MOTOC_BUILD_DIR", "MOTOC_RUN", "MOTOC_SERVER", "MOTOC_PRELOAD")
# Set by the outer run for the inner one: the file motoc-run logs the server's requests to.
LOG_VARIABLE = "ZERO_CONFIG_REQUEST_LOG"
RESET_URL = "https://motoapi.amazonaws.com/moto-api/reset"
# What the tests set aside from the environment they were started with: motoc-run provides the
# keys and the region itself.
LEFT_TO_MOTOC_RUN = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION",
                     "AWS_REGION")


def requires_node(*packages):
    missing = [p for p in packages if not os.path.isdir(os.path.join(NODE_DIR, "node_modules", p))]
    return unittest.skipIf(not shutil.which("node") or missing,
                           f"node or {', '.join(missing)} missing (scripts/setup installs them)")


class ZeroConfigCase(unittest.TestCase):
    """Runs inside the motoc-run tree."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if LOG_VARIABLE not in os.environ or "MOTOC_ENDPOINT" not in os.environ:
            raise unittest.SkipTest("runs only under motoc-run (start the module with python3)")
        for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
            assert name not in os.environ, f"{name} is set: the suite would not be zero-config"

    def setUp(self):
        self.reset()
        self.tmp = tempfile.mkdtemp(prefix="motoc-zc-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    # ---- the shared server ----

    def reset(self):
        request = urllib.request.Request(RESET_URL, method="POST")
        with urllib.request.urlopen(request, timeout=20) as response:
            self.assertEqual((response.status, json.load(response)), (200, {"status": "ok"}))

    def request_log(self):
        """The server's request lines so far: 'METHOD host service operation region status'."""
        with open(os.environ[LOG_VARIABLE], errors="replace") as f:
            return [m.group(1) for m in re.finditer(r"motoc info: ((?:GET|PUT|POST|HEAD|DELETE) "
                                                    r"\S+ \S+ \S+ \S+ \d+)", f.read())]

    # ---- child processes of the tree ----

    def assertNoSanitizerReport(self, text):
        for mark in SANITIZER_MARKS:
            self.assertNotIn(mark, text)

    def run_child(self, argv, env=None, timeout=120, **kwargs):
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout,
                              **kwargs)
        self.assertNoSanitizerReport(proc.stderr)
        return proc

    def aws(self, *args, expect_status=0, **kwargs):
        """The AWS CLI; its JSON output parsed when it printed any."""
        proc = self.run_child(["aws", *args], **kwargs)
        self.assertEqual(proc.returncode, expect_status, f"aws {' '.join(args)}:\n"
                                                         f"{proc.stdout}{proc.stderr}")
        if expect_status:
            return proc.stderr
        try:
            return json.loads(proc.stdout) if proc.stdout.strip() else None
        except ValueError:
            return proc.stdout

    def aws_error(self, *args, expect_status=255):
        """(code, operation, message) of the error the CLI reports, e.g. for
        'An error occurred (NoSuchKey) when calling the GetObject operation: ...'."""
        stderr = self.aws(*args, expect_status=expect_status)
        match = re.search(r"An error occurred \(([^)]+)\) when calling the (\w+) operation"
                          r"(?: \(reached max retries: \d+\))?: (.*)", stderr)
        self.assertIsNotNone(match, stderr)
        return match.groups()

    def node(self, script, *args, **env):
        """A script of tests/integration/node; its last line of output, as JSON."""
        proc = self.run_child(["node", os.path.join(NODE_DIR, script), *map(str, args)],
                              env={**os.environ, **env} if env else None)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        lines = proc.stdout.strip().splitlines()
        self.assertTrue(lines, proc.stderr)
        return json.loads(lines[-1])

    def curl(self, url, *args):
        """(status, body bytes). No -k: curl verifies motoc's certificate with the CA bundle
        motoc-run exports in CURL_CA_BUNDLE, which the first call checks it used."""
        verbose = not getattr(self, "_curl_trust_checked", False)
        proc = subprocess.run(["curl", "-sS", "--max-time", "20", "-o", "-", "-w", "\n%{http_code}",
                               *(["-v"] if verbose else []), *args, url],
                              capture_output=True, timeout=60)
        stderr = proc.stderr.decode(errors="replace")
        self.assertNoSanitizerReport(stderr)
        self.assertEqual(proc.returncode, 0, stderr)
        if verbose and url.startswith("https:"):
            self.assertIn(f"CAfile: {os.environ['CURL_CA_BUNDLE']}", stderr)
            self.assertIn("SSL certificate verify ok.", stderr)
            self.__class__._curl_trust_checked = True
        body, _, status = proc.stdout.rpartition(b"\n")
        return int(status), body

    def write_file(self, name, data):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        return path


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def _state_dir():
    """One state directory for every zero-config module of a build, kept between runs: motoc-run
    makes the CA and its trust bundles (a Java trust store among them, seconds of keytool) once,
    and safely when modules start together. Never the user's own."""
    path = os.path.join(BUILD, "zero-config-state")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def _outer():
    """Runs this module again under motoc-run and judges the run."""
    root = tempfile.mkdtemp(prefix="motoc-zero-config-")
    try:
        log = os.path.join(root, "requests.log")
        env = clean_env(MOTOC_STATE_DIR=_state_dir())
        for name in LEFT_TO_MOTOC_RUN:
            env.pop(name, None)
        # Which build is under test (meson's settings), for the inner run's own fixtures.
        for name in BUILD_SETTINGS:
            if name in os.environ:
                env[name] = os.environ[name]
        env[LOG_VARIABLE] = log
        proc = subprocess.run([MOTOC_RUN, "--log", log, "--", sys.executable,
                               os.path.abspath(sys.argv[0]), *sys.argv[1:]],
                              env=env, stderr=subprocess.PIPE, text=True, errors="replace")
        sys.stderr.write(proc.stderr)
        server_log = ""
        if os.path.exists(log):
            with open(log, errors="replace") as f:
                server_log = f.read()
        problems = [mark for mark in SANITIZER_MARKS if mark in server_log or mark in proc.stderr]
        if "motoc-run: motoc-server" in proc.stderr:
            problems.append("the server died")
        if problems:
            print(f"zero-config run failed: {', '.join(problems)}\nserver log (tail):\n"
                  f"{server_log[-6000:]}", file=sys.stderr)
            return 1
        return proc.returncode
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    if LOG_VARIABLE in os.environ:
        run_tests()
    else:
        sys.exit(_outer())
