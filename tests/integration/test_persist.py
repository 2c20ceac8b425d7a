"""Persistence as the front ends offer it: a damaged or newer save refused at start with the file
named, the moto-api's state/save and state/load and their errors, MOTOC_STATE under motoc-run
and under the bare preload. The services' own round trips are in test_persist_<service>.py."""
import glob
import json
import os
import subprocess
import sys
import urllib.request
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from persist_fixture import PersistenceTestCase, client, data_json, moto_api  # noqa: E402
from server_fixture import MotocServer  # noqa: E402
from preload_fixture import (MOTOC_RUN, SERVER, StateDirTestCase, clean_env,  # noqa: E402
                             preload_env, run, run_tests)

# Runs under motoc-run or the preload: argv[1] is a queue to create ("-" for none); prints the
# queue names the process then sees.
QUEUES = """
import json, os, sys, time
import boto3
from botocore.config import Config
sqs = boto3.client("sqs", endpoint_url="http://sqs.us-east-1.amazonaws.com",
                   config=Config(retries={"max_attempts": 1}))
parent = os.getpid()
if sys.argv[1] != "-":
    sqs.create_queue(QueueName=sys.argv[1])
if len(sys.argv) > 2 and os.fork() == 0:
    # A child creates this one in its copy of the state after the parent has exited (and saved);
    # the caller's pipe stays open until the child is gone too.
    while os.getppid() == parent:
        time.sleep(0.01)
    sqs.create_queue(QueueName=sys.argv[2])
    sys.exit(0)
print(json.dumps(sorted(u.rsplit("/", 1)[1] for u in sqs.list_queues().get("QueueUrls", []))))
"""


def record_line(kind, obj):
    text = f"{kind} {json.dumps(obj, separators=(',', ':'))}"
    return f"{zlib.crc32(text.encode()):08x} {text}\n".encode()


class RefusedAtStart(PersistenceTestCase):
    def saved_file(self, service):
        server = self.start()
        client(server, "sqs").create_queue(QueueName="kept")
        client(server, "sns").create_topic(Name="kept")
        self.stop(server)
        files = glob.glob(os.path.join(self.state_dir, "gen-*", f"{service}.records"))
        self.assertEqual(len(files), 1, os.listdir(self.state_dir))
        return files[0]

    def assert_refused(self, *names):
        proc = subprocess.run([SERVER, "-p", "0", "--state", self.state_dir],
                              capture_output=True, text=True, timeout=60)
        self.assertNotEqual(proc.returncode, 0)
        self.assertNotIn("listening", proc.stdout, "nothing is served")
        for name in names:
            self.assertIn(name, proc.stderr)
        return proc.stderr

    def test_a_flipped_byte_is_refused_with_the_file_and_offset(self):
        path = self.saved_file("sqs")
        with open(path, "r+b") as f:
            data = bytearray(f.read())
            at = data.index(b'"kept"') + 2
            data[at] ^= 0x01
            f.seek(0)
            f.write(data)
        line_start = data.rindex(b"\n", 0, at) + 1
        self.assert_refused(path, f": byte {line_start}: ", "checksum")

    def test_a_truncated_save_is_refused(self):
        path = self.saved_file("sns")
        size = os.path.getsize(path)
        os.truncate(path, size - 10)
        self.assert_refused(path, "truncated")

    def test_a_newer_save_is_refused(self):
        path = self.saved_file("sqs")
        with open(path, "wb") as f:
            head = record_line("H", {"format": "motoc-state", "version": 99, "service": "sqs",
                                     "service_version": 1})
            f.write(head)
        self.assert_refused(path, "newer motoc")

    def test_a_state_directory_that_cannot_be_made_is_refused(self):
        proc = subprocess.run([SERVER, "-p", "0", "--state", os.path.join(self.state_dir, "a", "b")],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 1)
        self.assertNotIn("listening", proc.stdout)
        self.assertIn("cannot create the state directory", proc.stderr)

    def test_an_intact_save_still_loads_after_those(self):
        self.saved_file("sqs")
        server = self.start()
        self.assertEqual([q["name"] for q in data_json(server.url)["sqs"]["Queue"]], ["kept"])
        self.stop(server)


class MotoApi(PersistenceTestCase):
    def test_errors(self):
        bare = MotocServer()
        self.addCleanup(bare.log.close)
        for path in ("/moto-api/state/save", "/moto-api/state/load"):
            status, body = moto_api(bare.url, path)
            self.assertEqual(status, 400, body)
            self.assertIn("--state", body["Error"])
            status, body = moto_api(bare.url, path, method="GET")
            self.assertEqual(status, 400, body)
            self.assertIn("Need to POST", body["Error"])
        self.assertEqual(bare.stop(), 0)

        server = self.start()
        status, body = moto_api(server.url, "/moto-api/state/load")
        self.assertEqual(status, 404, body)
        self.assertIn(self.state_dir, body["Error"])
        self.stop(server)

    def test_a_refused_load_leaves_the_running_state(self):
        server = self.start()
        client(server, "sqs").create_queue(QueueName="saved")
        self.assertEqual(moto_api(server.url, "/moto-api/state/save")[0], 200)
        client(server, "sqs").create_queue(QueueName="running")
        path = glob.glob(os.path.join(self.state_dir, "gen-*", "sqs.records"))[0]
        os.truncate(path, os.path.getsize(path) - 1)
        status, body = moto_api(server.url, "/moto-api/state/load")
        self.assertEqual(status, 400, body)
        self.assertIn(path, body["Error"])
        self.assertEqual(sorted(q["name"] for q in data_json(server.url)["sqs"]["Queue"]),
                         ["running", "saved"])
        # A new save replaces the damaged one; the moto-api host answers the same way.
        host = {"Host": "motoapi.amazonaws.com"}
        request = urllib.request.Request(server.url + "/moto-api/state/save", method="POST",
                                         data=b"", headers=host)
        with urllib.request.urlopen(request) as response:
            self.assertEqual(json.loads(response.read()), {"status": "ok"})
        client(server, "sqs").delete_queue(QueueUrl=client(server, "sqs").get_queue_url(
            QueueName="running")["QueueUrl"])
        request = urllib.request.Request(server.url + "/moto-api/state/load", method="POST",
                                         data=b"", headers=host)
        with urllib.request.urlopen(request) as response:
            self.assertEqual(json.loads(response.read()), {"status": "ok"})
        self.assertEqual(sorted(q["name"] for q in data_json(server.url)["sqs"]["Queue"]),
                         ["running", "saved"])
        self.stop(server)


class MotocState(StateDirTestCase):
    """MOTOC_STATE: motoc-run's server and the bare preload's embedded core."""

    def setUp(self):
        super().setUp()
        self.saves = os.path.join(self.state_dir, "saves")

    def queues(self, env, *argv, wrap=()):
        proc = run([*wrap, sys.executable, "-c", QUEUES, *argv], env, timeout=120)
        self.assertNoSanitizerReport(proc.stderr)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout)

    def test_motoc_run_keeps_the_tree_state(self):
        env = clean_env(MOTOC_STATE_DIR=self.state_dir, MOTOC_STATE=self.saves)
        self.assertEqual(self.queues(env, "first", wrap=[MOTOC_RUN, "--"]), ["first"])
        self.assertEqual(self.queues(env, "second", wrap=[MOTOC_RUN, "--"]), ["first", "second"])
        proc = run([MOTOC_RUN, "--", "aws", "sqs", "list-queues", "--endpoint-url",
                    "http://sqs.us-east-1.amazonaws.com", "--output", "json"], env, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(sorted(u.rsplit("/", 1)[1] for u in json.loads(proc.stdout)["QueueUrls"]),
                         ["first", "second"])
        # A save motoc-run's server refuses stops motoc-run before the command runs.
        path = glob.glob(os.path.join(self.saves, "gen-*", "sqs.records"))[0]
        os.truncate(path, 5)
        proc = run([MOTOC_RUN, "--", "true"], env)
        self.assertEqual(proc.returncode, 125)
        self.assertIn(path, proc.stderr)

    def test_the_preload_loads_at_start_and_saves_at_exit(self):
        env = preload_env(MOTOC_STATE_DIR=self.state_dir, MOTOC_STATE=self.saves)
        self.assertEqual(self.queues(env, "first"), ["first"])
        self.assertEqual(self.queues(env, "second"), ["first", "second"])
        # A child forked after the load keeps a copy of the state and never saves it.
        self.assertEqual(self.queues(env, "third", "from-child"), ["first", "second", "third"])
        self.assertEqual(self.queues(env, "-"), ["first", "second", "third"])
        # Without MOTOC_STATE the process starts empty and leaves the save alone.
        self.assertEqual(self.queues(preload_env(MOTOC_STATE_DIR=self.state_dir), "-"), [])
        self.assertEqual(self.queues(env, "-"), ["first", "second", "third"])

    def test_the_preload_refuses_a_damaged_save(self):
        env = preload_env(MOTOC_STATE_DIR=self.state_dir, MOTOC_STATE=self.saves)
        self.queues(env, "first")
        path = glob.glob(os.path.join(self.saves, "gen-*", "sqs.records"))[0]
        os.truncate(path, os.path.getsize(path) - 3)
        proc = run([sys.executable, "-c", QUEUES, "-"], env, timeout=120)
        self.assertNotEqual(proc.returncode, 0, "AWS calls fail rather than see half a state")
        self.assertIn(path, proc.stderr)


if __name__ == "__main__":
    run_tests()
