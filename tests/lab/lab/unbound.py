"""unbound as the lab's validating resolver: recursion only into the lab zone `test.` (a stub
zone to nsd), DNSSEC validation with one trust anchor per signed scenario zone and none for
`test.` itself, so answers from signed zones carry the AD bit and all others are insecure
(RFC 4035 §4.3). Runs in the foreground; the scenarios that check DANE use it as --resolver."""
import os
import subprocess

UNBOUND_CONFIG = """\
server:
    interface: {address}@{port}
    port: {port}
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "{dir}"
    pidfile: "{dir}/unbound.pid"
    use-syslog: no
    logfile: ""
    verbosity: 1
    val-log-level: 2
    num-threads: 1
    do-ip6: no
    do-not-query-localhost: no
    access-control: 127.0.0.0/8 allow
    module-config: "validator iterator"
    qname-minimisation: no
    # RFC 6761 makes test. a locally served empty zone by default; here it is the lab's zone.
    local-zone: "test." nodefault
{anchors}
remote-control:
    control-enable: no
stub-zone:
    name: "test."
    stub-addr: {upstream}
"""


def start(processes, directory, address, port, upstream, trust_anchor_files):
    """Write the config (checked by unbound-checkconf), start `unbound -d` and return its Popen."""
    anchors = "\n".join(f'    trust-anchor-file: "{path}"' for path in trust_anchor_files)
    config = os.path.join(directory, "unbound.conf")
    with open(config, "w") as conf:
        conf.write(UNBOUND_CONFIG.format(address=address, port=port, dir=directory, upstream=upstream, anchors=anchors))
    check = subprocess.run(["unbound-checkconf", config], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError("unbound-checkconf rejected the lab config:\n" + check.stdout + check.stderr)
    return processes.start("unbound", ["unbound", "-d", "-c", config], os.path.join(directory, "unbound.out"))
