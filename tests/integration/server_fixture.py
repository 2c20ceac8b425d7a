"""Starts a motoc-server on a free port for a test module and stops it cleanly afterwards."""
import atexit
import os
import re
import shutil
import signal
import ssl
import subprocess
import tempfile
import unittest

SERVER = os.environ.get("MOTOC_SERVER", os.path.join(os.path.dirname(__file__), "../../build/motoc-server"))

# Clients must never pick up a developer's real AWS settings.
CLIENT_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_RETRY_MODE": "standard",
    "AWS_MAX_ATTEMPTS": "1",
}
for _name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_CA_BUNDLE"):
    os.environ.pop(_name, None)
os.environ.update(CLIENT_ENV)

# motoc keeps its CA in a per-user state directory: tests get a throwaway one, never the real one.
_STATE_ROOT = tempfile.mkdtemp(prefix="motoc-test-state-")
atexit.register(shutil.rmtree, _STATE_ROOT, ignore_errors=True)
os.environ["MOTOC_STATE_DIR"] = os.path.join(_STATE_ROOT, "state")

SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")


class MotocServer:
    def __init__(self, *args, env=None):
        self.log = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(
            [SERVER, "-p", "0", "-v", *args],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env=env)
        line = self.proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"motoc-server did not start: {line!r} {self.stderr()}")
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def stderr(self):
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        """SIGTERM; returns the exit status. A sanitizer report counts as a failure."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.stdout.close()
        return status


def self_signed_server_context():
    """A TLS server context with a fresh self-signed certificate, for local HTTPS endpoints that
    motoc calls (its client accepts them, as the endpoints of tests have no public one)."""
    directory = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    key, cert = os.path.join(directory, "key.pem"), os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


class ServerTestCase(unittest.TestCase):
    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = MotocServer(*cls.server_args)

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        log = cls.server.stderr()
        cls.server.log.close()
        if status != 0 or any(mark in log for mark in SANITIZER_MARKS):
            raise AssertionError(f"motoc-server exited with {status}:\n{log[-4000:]}")


def run_tests():
    """unittest main that ends with the plain 'N passed, N failed' line."""
    import sys
    program = unittest.main(exit=False, verbosity=2)
    result = program.result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed or not result.testsRun else 0)
