"""nsd, Debian's authoritative DNS server, serving the lab zone `test.` in the foreground."""
import os
import signal
import subprocess
import time

from . import dns_client

NSD_CONFIG = """\
server:
    ip-address: {address}@{port}
    port: {port}
    username: ""
    chroot: ""
    zonesdir: "{dir}"
    database: ""
    pidfile: "{dir}/nsd.pid"
    xfrdfile: "{dir}/xfrd.state"
    zonelistfile: "{dir}/zone.list"
    logfile: "{dir}/nsd.log"
    server-count: 1
    verbosity: 1
    hide-version: yes
    tcp-count: 200
    receive-buffer-size: 8388608
    send-buffer-size: 8388608
    # Debian builds nsd with response rate limiting on: 200 answers a second to one /24 (all of
    # 127.0.0.0/24), the rest dropped or truncated. A batch asks about 1,000 a second, and each
    # dropped answer cost its domain the resolver's 3.3 s retry (bench/README.md).
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
remote-control:
    control-enable: no
zone:
    name: "test."
    zonefile: "test.zone"
"""

ZONE_HEADER = """\
$ORIGIN test.
$TTL 60
@ IN SOA ns.test. hostmaster.test. {serial} 3600 600 86400 60
@ IN NS ns.test.
ns IN A {address}
"""


def write_zone(directory, address, records, serial=1):
    """Write test.zone from absolute-name zone lines; nsd-checkzone must accept it."""
    path = os.path.join(directory, "test.zone")
    with open(path, "w") as zone:
        zone.write(ZONE_HEADER.format(address=address, serial=serial))
        for line in records:
            zone.write(line + "\n")
    result = subprocess.run(["nsd-checkzone", "test.", path], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("nsd-checkzone rejected the lab zone:\n" + result.stdout + result.stderr)
    return path


ZONE_ENTRY = """\
zone:
    name: "{name}."
    zonefile: "{path}"
"""


def start(processes, directory, address, port, records, extra_zones=()):
    """Write the config and zone, start `nsd -d` and return its Popen. extra_zones: (name, zone
    file) pairs served next to `test.` (the signed child zones of DANE scenarios)."""
    write_zone(directory, address, records)
    config = os.path.join(directory, "nsd.conf")
    with open(config, "w") as conf:
        conf.write(NSD_CONFIG.format(address=address, port=port, dir=directory))
        for name, path in extra_zones:
            conf.write(ZONE_ENTRY.format(name=name, path=path))
    return processes.start("nsd", ["nsd", "-d", "-c", config], os.path.join(directory, "nsd.out"))


def reload(child, directory, address, port, records, serial):
    """Rewrite test.zone with `serial` and make the running nsd (Popen `child`) serve it: SIGHUP
    makes nsd read the zone files whose mtime changed (nsd(8)). Returns once nsd answers with the
    new serial, so that the next query sees the new records."""
    path = write_zone(directory, address, records, serial)
    # Two rewrites within the file system's clock tick would look unchanged to nsd.
    stamp = time.time() + serial
    os.utime(path, (stamp, stamp))
    child.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while dns_client.soa_serial(address, port, "test") != serial:
        if time.monotonic() > deadline:
            raise RuntimeError(f"nsd did not load serial {serial} of the lab zone within 10 s (see {directory}/nsd.log)")
        time.sleep(0.05)

