"""scripts/new-service: a service scaffolded into a copy of the source tree builds; with one
operation written (one function, one row) boto3 gets its answer, and every other operation of the
model answers 404 NotYetImplemented naming it; the scaffold's state saves and loads back. Also:
every service's operation list follows the one naming rule."""
import datetime
import glob
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
import server_fixture  # noqa: E402
from server_fixture import SANITIZER_MARKS, run_tests  # noqa: E402

import boto3  # noqa: E402
from botocore import xform_name  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# A small rest-json service with a hyphen in its name: the identifiers must cope.
SERVICE = "codestar-notifications"
IDENT = "codestar_notifications"
WRITTEN = "ListTargets"

OPS_FILE = f"""/* The one operation the test writes. */
#include "ops.h"
#include "state.h"

OPERATION({IDENT}_list_targets)
{{
    (void)in;
    {IDENT}_region_get(c->route->account, c->route->region);
    cJSON_AddArrayToObject(out, "Targets");
    return 0;
}}
"""

STATE_TEST = f"""/* The scaffold's state: saved and loaded back, empty and with regions; a refused load leaves
 * the running state as it was. */
#include "../../services/{SERVICE}/state.h"
#include "check.h"
#include "persistence_check.h"

extern const struct service_backend {IDENT}_backend;

int main(void)
{{
    const struct service_backend *b = &{IDENT}_backend;
    const struct service_persistence *p = b->persistence;
    check_persistence_round_trip(b);
    {IDENT}_region_get("123456789012", "us-east-1");
    {IDENT}_region_get("111122223333", "eu-west-1");
    check_persistence_round_trip(b);
    CHECK({IDENT}_region_find("111122223333", "eu-west-1") != NULL, "loaded region");

    void *running = persistence_detach(p);
    CHECK({IDENT}_region_find("111122223333", "eu-west-1") == NULL, "detached");
    struct memory_reader reader = {{{{no_file, note_refusal}}, ""}};
    cJSON *bad = cJSON_Parse("{{\\"type\\":\\"region\\",\\"account\\":\\"\\"}}");
    CHECK(p->load(&reader.base, bad, p->format_version) != 0 && reader.refusal[0], "refused");
    cJSON_Delete(bad);
    persistence_attach(p, running);
    CHECK({IDENT}_region_find("111122223333", "eu-west-1") != NULL, "attached back");
    CHECK({IDENT}_region_find("123456789012", "us-east-1") != NULL, "attached back");
    b->reset();
    CHECK({IDENT}_region_find("123456789012", "us-east-1") == NULL, "reset");
    return test_summary("scaffold_state");
}}
"""


def run(args, cwd, timeout=900):
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def dummy_value(shape, depth=0):
    """A value boto3's parameter validation accepts for shape."""
    kind = shape.type_name
    if kind == "structure":
        return {name: dummy_value(shape.members[name], depth + 1)
                for name in shape.required_members} if depth < 8 else {}
    if kind == "list":
        return [dummy_value(shape.member, depth + 1)] if shape.metadata.get("min", 0) else []
    if kind == "map":
        return {}
    if kind in ("integer", "long"):
        return int(shape.metadata.get("min", 1))
    if kind in ("float", "double"):
        return float(shape.metadata.get("min", 1))
    if kind == "boolean":
        return False
    if kind == "timestamp":
        return datetime.datetime(2020, 1, 1)
    if kind == "blob":
        return b"x"
    if shape.enum:
        return shape.enum[0]
    return "a" * max(int(shape.metadata.get("min", 1)), 1)


class OperationNamesTest(unittest.TestCase):
    def test_every_row_follows_the_naming_rule(self):
        """OP(ModelName, <prefix>_<model name in snake case>), one prefix per list."""
        headers = glob.glob(os.path.join(ROOT, "services", "*", "*.h"))
        lists = 0
        for header in headers:
            with open(header) as f:
                text = f.read()
            for block in re.findall(r"#define \w+_OPERATIONS\(OP\)((?:[^\n]*\\\n)*[^\n]*)", text):
                lists += 1
                rows = re.findall(r"OP\((\w+), (\w+)\)", block)
                self.assertTrue(rows, header)
                prefixes = set()
                for name, fn in rows:
                    if fn == "operation_not_yet_implemented":
                        continue
                    snake = xform_name(name)
                    self.assertTrue(fn.endswith("_" + snake), f"{header}: {name} is {fn}")
                    prefixes.add(fn[:-len(snake) - 1])
                self.assertLessEqual(len(prefixes), 1, f"{header}: prefixes {prefixes}")
        self.assertGreaterEqual(lists, 6)


class NewServiceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="motoc-new-service-")
        src = os.path.join(cls.workdir, "src")
        shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
            "build", "build-*", ".git", "node_modules", "__pycache__"))
        cls.scaffold_output = run([sys.executable, "scripts/new-service", SERVICE], src)

        folder = os.path.join(src, "services", SERVICE)
        with open(os.path.join(folder, "ops_list.c"), "w") as f:
            f.write(OPS_FILE)
        cls.edit(os.path.join(folder, "ops.h"), f"OP({WRITTEN}, operation_not_yet_implemented)",
                 f"OP({WRITTEN}, {IDENT}_{xform_name(WRITTEN)})")
        cls.edit(os.path.join(folder, "meson.build"), "  'state.c',\n",
                 "  'ops_list.c',\n  'state.c',\n")
        with open(os.path.join(src, "tests", "unit", "test_scaffold_state.c"), "w") as f:
            f.write(STATE_TEST)
        with open(os.path.join(src, "tests", "meson.build"), "a") as f:
            f.write("executable('test_scaffold_state', 'unit/test_scaffold_state.c', "
                    "dependencies: motoc_core_dep)\n")

        build = os.path.join(cls.workdir, "build")
        # With the sanitizers, so that the scaffold's code is checked for leaks and UB too.
        run(["meson", "setup", build, "-Dbuildtype=debug", "-Db_sanitize=address,undefined",
             "-Db_lundef=false", "-Dc_args=-fno-sanitize-recover=all"], src)
        run(["meson", "compile", "-C", build, "motoc-server", "test_backends",
             "test_scaffold_state"], src)
        cls.src, cls.build = src, build

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir, ignore_errors=True)

    @staticmethod
    def edit(path, old, new):
        with open(path) as f:
            text = f.read()
        if old not in text:
            raise AssertionError(f"{path} has no {old!r}")
        with open(path, "w") as f:
            f.write(text.replace(old, new))

    def test_scaffold_is_wired_in(self):
        with open(os.path.join(self.src, "services", "models", "services.txt")) as f:
            self.assertIn(SERVICE, f.read().split())
        with open(os.path.join(self.src, "services", "backends.c")) as f:
            self.assertIn(f"&{IDENT}_backend,", f.read())
        self.assertTrue(os.path.exists(os.path.join(self.src, "services", "models",
                                                    f"{SERVICE}.model.c")))
        proc = subprocess.run([sys.executable, "scripts/new-service", SERVICE], cwd=self.src,
                              capture_output=True, text=True)
        self.assertNotEqual(proc.returncode, 0, "a second scaffold of the same service")
        self.assertIn("exists already", proc.stderr)

    def test_tables_and_state(self):
        """test_backends checks the new table against the model; the state saves and loads."""
        for name in ("test_backends", "test_scaffold_state"):
            proc = subprocess.run([os.path.join(self.build, "tests", name)], capture_output=True,
                                  text=True, timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertIn("0 failed", proc.stdout)

    def test_boto3_against_the_scaffold(self):
        server_fixture.SERVER = os.path.join(self.build, "motoc-server")
        server = server_fixture.MotocServer()
        try:
            client = boto3.client(SERVICE, endpoint_url=server.url, region_name="us-east-1",
                                  config=Config(retries={"max_attempts": 1}))
            answer = client.list_targets()
            self.assertEqual(answer["Targets"], [])
            self.assertEqual(answer["ResponseMetadata"]["HTTPStatusCode"], 200)

            model = client.meta.service_model
            others = [name for name in model.operation_names if name != WRITTEN]
            self.assertGreater(len(others), 5)
            for name in others:
                with self.subTest(operation=name):
                    op = model.operation_model(name)
                    params = dummy_value(op.input_shape) if op.input_shape else {}
                    with self.assertRaises(ClientError) as caught:
                        getattr(client, xform_name(name))(**params)
                    error = caught.exception.response
                    self.assertEqual(error["Error"]["Code"], "NotYetImplemented")
                    self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 404)
                    self.assertEqual(error["Error"]["Message"],
                                     f"The {SERVICE} operation {name} is not yet implemented by "
                                     "motoc")

            with urllib.request.urlopen(server.url + "/moto-api/data.json") as resp:
                state = json.load(resp)
            self.assertEqual(state[SERVICE],
                             {"regions": [{"account_id": "123456789012", "region": "us-east-1"}]})
        finally:
            status = server.stop()
            log = server.stderr()
            server.log.close()
        self.assertEqual(status, 0, log[-3000:])
        self.assertFalse(any(mark in log for mark in SANITIZER_MARKS), log[-3000:])


if __name__ == "__main__":
    run_tests()
