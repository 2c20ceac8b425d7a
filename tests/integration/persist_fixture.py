"""Persistence round trips: fill a motoc-server started with --state through real clients, record
what read operations answer, stop it with SIGTERM, start a new one on the same directory and
compare.

A service's test module defines `class XPersistence(RoundTrips, PersistenceTestCase)` with fill()
(makes state through the clients) and observe() (answers of read operations that change nothing,
as plain data); RoundTrips runs the round trips through a restart and through POST
/moto-api/state/save + load, comparing /moto-api/data.json and observe() before and after. Checks
only a restart can make (receipt handles, visibility that ran out meanwhile) go in the module's
own tests, using start(), stop() and restart()."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import CLIENT_ENV, SANITIZER_MARKS, MotocServer, run_tests  # noqa: E402,F401

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402


def moto_api(url, path, method="POST"):
    """(status, parsed JSON body) of a moto-api call."""
    request = urllib.request.Request(url + path, method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def data_json(url):
    status, body = moto_api(url, "/moto-api/data.json", method="GET")
    assert status == 200, body
    return body


def client(server, service, region="us-east-1", **credentials):
    return boto3.client(service, endpoint_url=server.url, region_name=region,
                        config=Config(retries={"max_attempts": 1}), **credentials)


def aws_cli(server, *argv, region="us-east-1", env=None):
    """The AWS CLI's parsed JSON output (None when it prints nothing)."""
    proc = subprocess.run(["aws", "--endpoint-url", server.url, "--region", region,
                           "--output", "json", *argv],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **CLIENT_ENV, **(env or {})})
    if proc.returncode != 0:
        raise AssertionError(f"aws {' '.join(argv)}: {proc.returncode}\n{proc.stderr}")
    return json.loads(proc.stdout) if proc.stdout.strip() else None


class PersistenceTestCase(unittest.TestCase):
    """Servers started on one state directory per test, stopped cleanly."""

    def setUp(self):
        self.state_dir = tempfile.mkdtemp(prefix="motoc-persist-")
        self.addCleanup(shutil.rmtree, self.state_dir, ignore_errors=True)
        self.servers = []
        self.addCleanup(self._stop_all)

    def _stop_all(self):
        for server in self.servers:
            if server.proc.poll() is None:
                server.stop()
            server.log.close()

    def start(self, *args):
        server = MotocServer("--state", self.state_dir, *args)
        self.servers.append(server)
        return server

    def stop(self, server):
        """A clean stop (which saves); fails on a non-zero status or a sanitizer report."""
        status = server.stop()
        log = server.stderr()
        self.assertEqual(status, 0, log[-4000:])
        self.assertFalse(any(mark in log for mark in SANITIZER_MARKS), log[-4000:])

    def restart(self, server):
        self.stop(server)
        return self.start()


class RoundTrips:
    """The round trips every service's persistence must survive (see the module docstring)."""

    def fill(self, server):
        raise NotImplementedError

    def observe(self, server):
        raise NotImplementedError

    def snapshot(self, server):
        return {"data.json": data_json(server.url), "reads": self.observe(server)}

    def test_restart_keeps_the_state(self):
        server = self.start()
        self.fill(server)
        before = self.snapshot(server)
        server = self.restart(server)
        self.assertEqual(self.snapshot(server), before)
        # A second generation over the first: saved again unchanged, loaded again unchanged.
        server = self.restart(server)
        self.assertEqual(self.snapshot(server), before)
        self.stop(server)

    def test_moto_api_save_then_load_replaces_the_running_state(self):
        server = self.start()
        self.fill(server)
        before = self.snapshot(server)
        self.assertEqual(moto_api(server.url, "/moto-api/state/save"), (200, {"status": "ok"}))
        self.assertEqual(moto_api(server.url, "/moto-api/reset"), (200, {"status": "ok"}))
        try:
            reset = self.snapshot(server)
        except ClientError:  # what observe() reads is gone
            reset = None
        self.assertNotEqual(reset, before)
        self.assertEqual(moto_api(server.url, "/moto-api/state/load"), (200, {"status": "ok"}))
        self.assertEqual(self.snapshot(server), before)
        self.stop(server)
