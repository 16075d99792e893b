"""A private Postfix instance as the lab's real STARTTLS MX: its own config and queue directory
in a temp dir, smtpd on the lab addresses and port, chroot off, no DNS, and every recipient
rejected so nothing is ever delivered. Runs `master -s` in the foreground under lab.supervise.
"""
import os
import pwd
import subprocess
import sys

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {dir}/queue
data_directory = {dir}/data
mail_owner = postfix
myhostname = {hostname}
mydomain = lab.test
myorigin = lab.test
mydestination =
relayhost =
inet_interfaces = loopback-only
inet_protocols = all
smtpd_peername_lookup = no
disable_dns_lookups = yes
smtp_dns_support_level = disabled
smtpd_banner = $myhostname ESMTP lab
smtpd_relay_restrictions = reject
smtpd_recipient_restrictions = reject
smtpd_tls_security_level = may
smtpd_tls_chain_files = {key}, {cert}
# BCP 195 (RFC 9325 §3.1.1): no TLS 1.0 or 1.1. Postfix 3.7 accepts them by default
# (smtpd_tls_protocols = >=TLSv1), which the good MX must not (mx.tls-legacy-accepted).
smtpd_tls_protocols = >=TLSv1.2
smtpd_tls_loglevel = 0
maillog_file = /dev/stdout
alias_maps =
alias_database =
"""

# The internal services of master.cf, shared by the lab's receiving Postfix and the real sender
# (lab/sender.py): each adds its own listeners or transports.
MASTER_CF_SERVICES = """\
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
tlsmgr    unix  - - n 1000 1 tlsmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000 0 flush
proxymap  unix  - - n - - proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
local     unix  - n n - - local
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
"""


def listen_endpoint(address, port):
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def start(processes, directory, addresses, port, cert, key, hostname, main_cf_extra=""):
    """Configure the private instance, let `postfix check` make its queue, start the master.
    main_cf_extra: lines appended to main.cf (the batch bench's tls_server_sni_maps)."""
    conf = os.path.join(directory, "conf")
    for sub in ("conf", "queue", "data"):
        os.makedirs(os.path.join(directory, sub), exist_ok=True)
    os.chmod(directory, 0o755)  # the postfix user must reach queue/ and data/
    owner = pwd.getpwnam("postfix")
    os.chown(os.path.join(directory, "data"), owner.pw_uid, owner.pw_gid)
    with open(os.path.join(conf, "main.cf"), "w") as main_cf:
        main_cf.write(MAIN_CF.format(dir=directory, hostname=hostname, cert=cert, key=key) + main_cf_extra)
    with open(os.path.join(conf, "master.cf"), "w") as master_cf:
        for address in addresses:
            master_cf.write(f"{listen_endpoint(address, port)} inet n - n - - smtpd\n")
        master_cf.write(MASTER_CF_SERVICES)
    check = subprocess.run(["postfix", "-c", conf, "check"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError("postfix check failed: " + check.stdout + check.stderr)
    daemon_directory = subprocess.run(["postconf", "-c", conf, "-h", "daemon_directory"], capture_output=True,
                                      text=True, check=True).stdout.strip()
    env = dict(os.environ, MAIL_CONFIG=conf, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return processes.start("postfix", [sys.executable, "-m", "lab.supervise", os.path.join(daemon_directory, "master"),
                                       "-s"], os.path.join(directory, "master.out"), env=env)
