"""motoc-run: one server for the whole process tree, the command's exit status, the server stopped
on every path, the exports (preload, endpoint, trust, credentials) and --env."""
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from preload_fixture import (LIBMOTOC, MOTOC_RUN, STS_ACCOUNT, STS_HOST, STS_QUERY,  # noqa: E402
                             StateDirTestCase, asan_runtime, clean_env, fetch_args, parse_response,
                             run, run_tests, tls_supported)

PRINT_ENDPOINT = 'echo "$MOTOC_ENDPOINT"'
# Counts the motoc-servers listening on the socket path in argv[1].
COUNT_SERVERS = """
import os, sys
def argv(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().split(b"\\0")
    except OSError:
        return []
wanted = [b"motoc-server", b"--unix", sys.argv[1].encode()]
print(sum(1 for pid in os.listdir("/proc") if pid.isdigit() and argv(pid)[:3] == wanted))
"""


def processes_mentioning(text):
    """Pids whose command line contains text."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if text.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


class MotocRunTestCase(StateDirTestCase):
    def env(self, **extra):
        return clean_env(MOTOC_STATE_DIR=self.state_dir, **extra)

    def motoc_run(self, *argv, **env_extra):
        proc = run([MOTOC_RUN, *argv], self.env(**env_extra))
        self.assertNoSanitizerReport(proc.stderr)
        return proc

    def assert_server_gone(self, endpoint, timeout=10):
        socket_path = endpoint.removeprefix("unix:")
        deadline = time.monotonic() + timeout
        while processes_mentioning(socket_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(processes_mentioning(socket_path), [], "motoc-server still runs")


class ExitStatus(MotocRunTestCase):
    def test_help_and_version(self):
        proc = self.motoc_run("--help")
        self.assertEqual(proc.returncode, 0)
        for name in ("MOTOC_DISABLE", "MOTOC_SERVICES", "MOTOC_PASSTHROUGH_SERVICES",
                     "MOTOC_PASSTHROUGH_HOSTS", "MOTOC_LOG", "MOTOC_ENDPOINT", "--env"):
            self.assertIn(name, proc.stdout)
        proc = self.motoc_run("--version")
        self.assertRegex(proc.stdout, r"^motoc-run \d+\.\d+\.\d+\n$")
        self.assertEqual(self.motoc_run().returncode, 125, "a command is required")
        self.assertEqual(self.motoc_run("--no-such-option", "true").returncode, 125)

    def test_the_command_status_is_returned(self):
        self.assertEqual(self.motoc_run("true").returncode, 0)
        self.assertEqual(self.motoc_run("sh", "-c", "exit 7").returncode, 7)
        self.assertEqual(self.motoc_run("--", "sh", "-c", "exit 3").returncode, 3)
        self.assertEqual(self.motoc_run("no-such-command-anywhere").returncode, 127)
        not_executable = os.path.join(self.state_dir, "script")
        with open(not_executable, "w") as f:
            f.write("echo hi\n")
        self.assertEqual(self.motoc_run(not_executable).returncode, 126)

    def test_death_by_signal_is_128_plus_the_signal(self):
        for sig in (signal.SIGTERM, signal.SIGKILL, signal.SIGUSR1):
            proc = self.motoc_run("sh", "-c", f"{PRINT_ENDPOINT}; kill -{sig.name[3:]} $$")
            self.assertEqual(proc.returncode, 128 + sig, sig.name)
            self.assert_server_gone(proc.stdout.strip())


class ServerLifetime(MotocRunTestCase):
    def start(self, script):
        proc = subprocess.Popen([MOTOC_RUN, "sh", "-c", f"{PRINT_ENDPOINT}; {script}"],
                                env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        self.addCleanup(proc.stderr.close)
        self.addCleanup(proc.stdout.close)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        endpoint = proc.stdout.readline().strip()
        self.assertTrue(endpoint.startswith("unix:"), endpoint)
        return proc, endpoint

    def wait_until_sleeping(self, proc):
        """A signal must not land while the shell is between commands, where shells differ."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
                children = f.read().split()
            names = []
            for child in children:
                try:
                    with open(f"/proc/{child}/comm") as f:
                        names.append(f.read().strip())
                except OSError:
                    pass
            if "sleep" in names:
                return
            time.sleep(0.01)
        self.fail("the command never reached sleep")

    def finish(self, proc):
        out, err = proc.communicate(timeout=30)
        self.assertNoSanitizerReport(err)
        return proc.returncode

    def test_one_private_server_for_the_tree(self):
        counter = os.path.join(self.state_dir, "count_servers.py")
        with open(counter, "w") as f:
            f.write(COUNT_SERVERS)
        script = f"""{PRINT_ENDPOINT}
stat -c '%a %U' "$(dirname "${{MOTOC_ENDPOINT#unix:}}")"
for i in 1 2; do {" ".join(fetch_args(f"'http://{STS_HOST}/?{STS_QUERY}'"))} | tail -n 1; echo; done
{sys.executable} -c 'import http.client as h; c = h.HTTPConnection("sqs.us-east-1.amazonaws.com"); c.request("GET", "/"); print(c.getresponse().status)'
{sys.executable} {counter} "${{MOTOC_ENDPOINT#unix:}}"
"""
        proc = self.motoc_run("sh", "-c", script)
        endpoint, mode, *statuses, servers = proc.stdout.split("\n")[:-1]
        self.assertEqual(mode, f"700 {pwd.getpwuid(os.getuid()).pw_name}")
        self.assertEqual(statuses[:2], ["200", "200"], proc.stderr)
        self.assertNotIn(statuses[2], ("", "0"), "SQS's host reached the same server")
        self.assertEqual(servers.strip(), "1")
        self.assert_server_gone(endpoint)
        self.assertFalse(os.path.exists(os.path.dirname(endpoint.removeprefix("unix:"))))

    def test_ctrl_c(self):
        # A terminal's Ctrl-C goes to the foreground process group; the server is not in it.
        proc, endpoint = self.start("exec sleep 30")
        self.wait_until_sleeping(proc)
        os.killpg(proc.pid, signal.SIGINT)
        self.assertEqual(self.finish(proc), 128 + signal.SIGINT)
        self.assert_server_gone(endpoint)

    def test_server_outlives_ctrl_c_for_the_commands_cleanup(self):
        proc, endpoint = self.start(
            f"trap '{' '.join(fetch_args(f'http://{STS_HOST}/'))} | tail -n 1; echo; exit 9' INT;"
            " echo ready; while :; do sleep 0.05; done")
        self.assertEqual(proc.stdout.readline().strip(), "ready")
        os.killpg(proc.pid, signal.SIGINT)
        self.assertNotIn(proc.stdout.readline().strip(), ("", "0"), "motoc answered")
        self.assertEqual(self.finish(proc), 9)
        self.assert_server_gone(endpoint)

    def test_motoc_run_sent_sigterm(self):
        # Passed on to the command, as `kill` would reach it without motoc-run.
        proc, endpoint = self.start("exec sleep 30")
        self.wait_until_sleeping(proc)
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.finish(proc), 128 + signal.SIGTERM)
        self.assert_server_gone(endpoint)

    def test_motoc_run_killed(self):
        proc, endpoint = self.start("exec sleep 30")
        proc.kill()
        proc.wait()
        os.killpg(proc.pid, signal.SIGKILL)  # the orphaned command
        self.assert_server_gone(endpoint)
        shutil.rmtree(os.path.dirname(endpoint.removeprefix("unix:")), ignore_errors=True)


class Exports(MotocRunTestCase):
    def exported(self, **env_extra):
        proc = self.motoc_run("env", **env_extra)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)

    def test_preload_endpoint_credentials_region(self):
        env = self.exported()
        first, *rest = env["LD_PRELOAD"].split(":")
        self.assertEqual(first, LIBMOTOC)
        self.assertEqual(rest, [asan_runtime()] if asan_runtime() else [])
        self.assertRegex(env["MOTOC_ENDPOINT"], r"^unix:/.+/motoc-\w{6}/server\.sock$")
        # None set: moto's fake credentials and a region.
        proc = run(["env", "-u", "AWS_ACCESS_KEY_ID", "-u", "AWS_SECRET_ACCESS_KEY", "-u",
                    "AWS_DEFAULT_REGION", MOTOC_RUN, "env"], self.env())
        env = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
        self.assertEqual((env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]),
                         ("testing", "testing"))
        self.assertEqual((env["AWS_DEFAULT_REGION"], env["AWS_REGION"]), ("us-east-1", "us-east-1"))
        # The user's own are kept.
        env = self.exported(AWS_ACCESS_KEY_ID="AKIDMINE", AWS_SECRET_ACCESS_KEY="mine",
                            AWS_REGION="eu-west-3")
        self.assertEqual((env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]),
                         ("AKIDMINE", "mine"))
        self.assertEqual(env["AWS_REGION"], "eu-west-3")

    def test_existing_preload_is_kept_after_motoc(self):
        env = self.exported(LD_PRELOAD="libc.so.6")
        self.assertEqual(env["LD_PRELOAD"], f"{LIBMOTOC}:libc.so.6")
        env = self.exported(LD_PRELOAD=LIBMOTOC)
        self.assertEqual(env["LD_PRELOAD"], LIBMOTOC, "not twice")

    def test_first_run_makes_the_ca(self):
        env = self.exported()
        ca = os.path.join(self.state_dir, "ca.pem")
        names = ("AWS_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE",
                 "NODE_EXTRA_CA_CERTS")
        if not tls_supported():  # no CA could be created: no trust settings
            self.assertFalse([name for name in names if name in env])
            return
        self.assertTrue(os.path.isfile(ca))
        self.assertEqual(env["NODE_EXTRA_CA_CERTS"], ca)
        with open(ca) as f, open(env["SSL_CERT_FILE"]) as bundle:
            self.assertTrue(bundle.read().rstrip().endswith(f.read().rstrip()))

    def write_ca(self):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=test CA",
                        "-keyout", os.path.join(self.state_dir, "ca.key"),
                        "-out", os.path.join(self.state_dir, "ca.pem")],
                       check=True, capture_output=True)
        with open(os.path.join(self.state_dir, "ca.pem")) as f:
            return f.read()

    def test_trust_bundles(self):
        ca = self.write_ca()
        with open("/etc/ssl/certs/ca-certificates.crt") as f:
            system = f.read()
        custom = os.path.join(self.state_dir, "custom.pem")
        with open(custom, "w") as f:
            f.write(ca)  # stands for any bundle of the user's own
        env = self.exported(REQUESTS_CA_BUNDLE=custom)
        for name in ("AWS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"):
            with open(env[name]) as f:
                text = f.read()
            self.assertTrue(text.startswith(system.rstrip("\n")), name)
            self.assertTrue(text.rstrip().endswith(ca.rstrip()), name)
            self.assertTrue(env[name].startswith(os.path.join(self.state_dir, "trust/")))
        with open(env["REQUESTS_CA_BUNDLE"]) as f:
            text = f.read()
        self.assertNotIn(system[:200], text, "the user's bundle replaces the system's")
        self.assertEqual(text.count("BEGIN CERTIFICATE"), 2)
        self.assertEqual(env["NODE_EXTRA_CA_CERTS"], os.path.join(self.state_dir, "ca.pem"))
        self.assertEqual(os.stat(os.path.join(self.state_dir, "trust")).st_mode & 0o777, 0o700)

    @unittest.skipUnless(shutil.which("keytool"), "no keytool")
    def test_java_trust_store(self):
        self.write_ca()
        env = self.exported(JAVA_TOOL_OPTIONS="-Xss2m")
        options = env["JAVA_TOOL_OPTIONS"]
        self.assertTrue(options.startswith("-Xss2m -Djavax.net.ssl.trustStore="), options)
        store = re.search(r"trustStore=(\S+)", options).group(1)
        listing = subprocess.run(["keytool", "-list", "-keystore", store, "-storepass", "changeit"],
                                 capture_output=True, text=True).stdout
        self.assertIn("motoc-ca", listing)
        self.assertGreater(listing.count("trustedCertEntry"), 50, "the JDK's CAs are kept")
        mtime = os.stat(store).st_mtime_ns
        self.exported()
        self.assertEqual(os.stat(store).st_mtime_ns, mtime, "built once, then reused")


class Logging(MotocRunTestCase):
    def test_verbose_and_log_file(self):
        curl = fetch_args(f"http://{STS_HOST}/?{STS_QUERY}")
        proc = self.motoc_run("-v", *curl)
        self.assertEqual(parse_response(proc)[0], 200)
        self.assertRegex(proc.stderr, r"GET sts\.amazonaws\.com sts GetCallerIdentity us-east-1 200")
        log = os.path.join(self.state_dir, "requests.log")
        proc = self.motoc_run("--log", log, *curl)
        self.assertNotIn("GetCallerIdentity", proc.stderr)
        with open(log) as f:
            self.assertIn("GET sts.amazonaws.com sts GetCallerIdentity", f.read())


class EnvMode(MotocRunTestCase):
    def test_env_for_an_interactive_shell(self):
        proc = self.motoc_run("--env")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        script = proc.stdout + f"""
{" ".join(fetch_args(f"'http://{STS_HOST}/?{STS_QUERY}'"))}
echo "endpoint $MOTOC_ENDPOINT"
kill $MOTOC_SERVER_PID
"""
        shell = run(["sh", "-c", script], clean_env())
        self.assertIn(STS_ACCOUNT, shell.stdout, shell.stderr)
        endpoint = re.search(r"endpoint (\S+)", shell.stdout).group(1)
        self.assert_server_gone(endpoint)
        directory = os.path.dirname(endpoint.removeprefix("unix:"))
        deadline = time.monotonic() + 10
        while os.path.exists(directory) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(os.path.exists(directory))


if __name__ == "__main__":
    run_tests()
