"""The Apache and Caddy configurations `generate` writes, run by the real servers (man page,
generate; README, "Deploying MTA-STS step by step"). Each serves the generated policy file on a
loopback address of its own (lab/topology.py), adapted only where an administrator adapts it:
the listen address and port, the certificate (the lab CA's, where Caddy would get one by ACME)
and the web root. A sender must get the file as written, with Content-Type text/plain and no
redirect (RFC 8461 §3.3). The nginx configuration is served by the lab's nginx in the generated
scenario (lab/generated.py). Each server is stopped by its PID."""
import os
import shutil
import subprocess
import tempfile
import unittest

from lab import ca, generated, https_client, runner, topology
from lab.processes import ProcessGroup, free_port, wait_for_tcp

DOMAIN = "webservers.test"
HOST = f"mta-sts.{DOMAIN}"
POLICY_PATH = "/.well-known/mta-sts.txt"
APACHE_MODULES = "/usr/lib/apache2/modules"

# The server-wide part an Apache installation brings (Debian's apache2.conf, ports.conf and
# mods-enabled), cut to what the generated virtual host needs, with every path in the test's folder.
APACHE_MAIN = """\
ServerRoot "{dir}"
ServerName localhost
PidFile {dir}/apache2.pid
DefaultRuntimeDir {dir}
ErrorLog {dir}/error.log
LogLevel warn
{user}
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule ssl_module {modules}/mod_ssl.so
Listen {address}:{port}
Include {site}
"""

# Caddy's global options: no admin endpoint, no HTTP listener for redirects to HTTPS, and its
# storage in the test's folder (the environment below).
CADDY_GLOBAL = """\
{
    admin off
    auto_https disable_redirects
}
"""


def letsencrypt(file):
    return f"/etc/letsencrypt/live/{HOST}/{file}"


class GeneratedWebServers(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        for program in ("apache2", "caddy"):
            if shutil.which(program) is None:
                raise unittest.SkipTest(f"{program} is not installed (scripts/install-deps.sh installs it)")
        cls.dir = tempfile.mkdtemp(prefix="mtasts-lab-webservers-")
        # Apache's workers run as www-data when started as root: they must reach the web root.
        os.chmod(cls.dir, 0o755)
        out = os.path.join(cls.dir, "generated")
        argv = [runner.binary(), "generate", DOMAIN, "--mx", "mx1.good.test", "--out", out]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise AssertionError(f"$ {' '.join(argv)}\nexit {done.returncode}\n{done.stdout}{done.stderr}")
        with open(os.path.join(out, "mta-sts.txt"), "rb") as policy:
            cls.policy = policy.read()
        cls.webroot = generated.install_policy(out)
        for folder, _, files in os.walk(cls.webroot):
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)
        cls.out = out
        cls.ca = ca.TestCA(os.path.join(cls.dir, "ca"))
        cls.cert, cls.key = cls.ca.issue([HOST])

    @classmethod
    def tearDownClass(cls):
        if not os.environ.get("MTASTS_LAB_KEEP"):
            shutil.rmtree(cls.dir, ignore_errors=True)

    def generated_text(self, name):
        with open(os.path.join(self.out, name), encoding="utf-8") as text:
            return text.read()

    def serve_and_get(self, name, argv, address, port, env=None):
        """Start the server argv, GET the policy from address:port as a sender would, stop the
        server by its PID; (status, headers, body)."""
        servers = ProcessGroup()
        self.addCleanup(servers.stop)
        log = os.path.join(self.dir, name + ".out")
        servers.start(name, argv, log, env=env)
        wait_for_tcp(address, port, 20)
        servers.check_alive()
        try:
            return https_client.get(address, port, HOST, POLICY_PATH, self.ca.cert_path)
        finally:
            servers.stop()

    def assert_served_as_written(self, answer):
        status, headers, body = answer
        self.assertEqual(status, 200, headers)
        self.assertNotIn("location", headers)  # senders follow no redirect (RFC 8461 §3.3)
        self.assertEqual(headers.get("content-type", "").split(";")[0].strip(), "text/plain", headers)
        self.assertEqual(body, self.policy)

    def test_apache_serves_the_generated_policy(self):
        address = topology.APACHE
        port = free_port([address])
        site = self.generated_text("apache.conf")
        site = generated.replace_once(site, "<VirtualHost *:443>", f"<VirtualHost {address}:{port}>")
        site = generated.replace_once(site, letsencrypt("fullchain.pem"), self.cert)
        site = generated.replace_once(site, letsencrypt("privkey.pem"), self.key)
        site = generated.replace_once(site, f"DocumentRoot {generated.WEBROOT}", f"DocumentRoot {self.webroot}")
        site = generated.replace_once(site, f"<Directory {generated.WEBROOT}>", f"<Directory {self.webroot}>")
        folder = os.path.join(self.dir, "apache")
        os.makedirs(folder, mode=0o755, exist_ok=True)
        site_path = os.path.join(folder, "mta-sts.conf")
        with open(site_path, "w", encoding="utf-8") as out:
            out.write(site)
        main = os.path.join(folder, "apache2.conf")
        with open(main, "w", encoding="utf-8") as out:
            out.write(APACHE_MAIN.format(dir=folder, modules=APACHE_MODULES, address=address, port=port, site=site_path,
                                         user="User www-data\nGroup www-data" if os.geteuid() == 0 else ""))
        checked = subprocess.run(["apache2", "-t", "-f", main], capture_output=True, text=True)
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
        answer = self.serve_and_get("apache2", ["apache2", "-f", main, "-DFOREGROUND"], address, port)
        self.assert_served_as_written(answer)

    def test_caddy_serves_the_generated_policy(self):
        address = topology.CADDY
        port = free_port([address])
        site = self.generated_text("Caddyfile")
        site = generated.replace_once(site, f"{HOST} {{\n", f"{HOST}:{port} {{\n    bind {address}\n    tls {self.cert} {self.key}\n")
        site = generated.replace_once(site, f"root * {generated.WEBROOT}", f"root * {self.webroot}")
        folder = os.path.join(self.dir, "caddy")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "Caddyfile")
        with open(path, "w", encoding="utf-8") as out:
            out.write(CADDY_GLOBAL + site)
        env = dict(os.environ, HOME=folder, XDG_DATA_HOME=os.path.join(folder, "data"),
                   XDG_CONFIG_HOME=os.path.join(folder, "config"))
        argv = ["caddy", "run", "--config", path, "--adapter", "caddyfile"]
        self.assert_served_as_written(self.serve_and_get("caddy", argv, address, port, env=env))


if __name__ == "__main__":
    unittest.main()
