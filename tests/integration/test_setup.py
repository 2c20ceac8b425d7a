"""scripts/setup installs Debian's awscli when no aws is on the PATH, and stays quiet and installs
nothing when everything is there. It runs from a copy of the script, against stand-ins for dpkg,
apt-get, npm and meson that record what they are asked, so nothing on the machine changes."""
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import run_tests  # noqa: E402

SETUP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "setup")

# Every Debian package counts as installed but awscli, until apt-get "installs" it by putting an
# aws on the PATH, as the real package does.
STAND_INS = {
    "dpkg-query": 'echo "$*" >> "$LOG_DIR/dpkg-query"\n'
                  'case "$*" in *awscli*) [ -x "$STAND_IN_DIR/aws" ] || exit 1;; esac\n'
                  'printf "install ok installed"\n',
    "apt-get": 'echo "$*" >> "$LOG_DIR/apt-get"\n'
               'case " $* " in *" install "*" awscli "*|*" install "*" awscli")\n'
               '  printf "#!/bin/sh\\n" > "$STAND_IN_DIR/aws"; chmod +x "$STAND_IN_DIR/aws";;\n'
               'esac\n',
    "npm": 'echo "$*" >> "$LOG_DIR/npm"\n',
    "meson": 'echo "$*" >> "$LOG_DIR/meson"\n',
    "node": "true\n",
    "cmp": "exit 0\n",  # node_modules matches its lock file
    "id": "echo 0\n",   # root: no sudo
}
# What the script needs besides the stand-ins.
TOOLS = ("sh", "dirname", "grep", "chmod")


class SetupInstallsTheAwsCli(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.mkdtemp(prefix="motoc-setup-")
        self.addCleanup(shutil.rmtree, tmp, True)
        self.tree, self.bin, self.logs = (os.path.join(tmp, d) for d in ("tree", "bin", "logs"))
        for d in (os.path.join(self.tree, "scripts"), self.bin, self.logs):
            os.makedirs(d)
        shutil.copy(SETUP, os.path.join(self.tree, "scripts", "setup"))
        for name, body in STAND_INS.items():
            self.stand_in(name, body)
        for tool in TOOLS:
            os.symlink(shutil.which(tool), os.path.join(self.bin, tool))

    def stand_in(self, name, body):
        path = os.path.join(self.bin, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)

    def setup(self):
        env = {"PATH": self.bin, "LOG_DIR": self.logs, "STAND_IN_DIR": self.bin, "HOME": self.tree}
        return subprocess.run([os.path.join(self.tree, "scripts", "setup")], env=env,
                              capture_output=True, text=True, timeout=60)

    def calls(self, tool):
        path = os.path.join(self.logs, tool)
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return f.read().splitlines()

    def test_installs_awscli_when_no_aws_is_on_the_path(self):
        proc = self.setup()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), "motoc setup: installing awscli")
        installs = [c for c in self.calls("apt-get") if " install " in f" {c} "]
        self.assertEqual(len(installs), 1, self.calls("apt-get"))
        self.assertEqual(installs[0].split()[-1], "awscli")
        self.assertIn("awscli", self.calls("dpkg-query")[-1])

        # The second run finds everything and says nothing.
        open(os.path.join(self.logs, "apt-get"), "w").close()
        proc = self.setup()
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, "", ""))
        self.assertEqual(self.calls("apt-get"), [])

    def test_an_aws_on_the_path_is_kept(self):
        self.stand_in("aws", "true\n")
        proc = self.setup()
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, "", ""))
        self.assertEqual(self.calls("apt-get"), [])
        self.assertFalse(any("awscli" in c for c in self.calls("dpkg-query")))
        self.assertEqual(self.calls("npm"), [])
        self.assertIn("compile -C build", self.calls("meson"))


if __name__ == "__main__":
    run_tests()
