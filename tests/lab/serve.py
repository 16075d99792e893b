#!/usr/bin/env python3
"""Run the lab by hand: start the servers of all (or some) scenarios and print how to use them.

    sudo tests/lab/serve.py [SCENARIO...]            # Ctrl-C stops every server
    sudo tests/lab/serve.py --sender [SCENARIO...]   # also mta-sts-daemon and the sending Postfix
"""
import os
import shlex
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lab import mta_sts_daemon, scenarios, sender, topology  # noqa: E402
from lab.world import Lab  # noqa: E402


def main():
    table = scenarios.by_name()
    names = sys.argv[1:]
    with_sender = "--sender" in names
    names = [name for name in names if name != "--sender"]
    chosen = [table[name] for name in names] or scenarios.SCENARIOS
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with Lab(chosen, standard_ports=with_sender) as lab:
        args = " ".join(lab.binary_args())
        print(f"lab running in {lab.dir}")
        print(f"  mta-sts-check {args} --format json good.test")
        print(f"  dig @{topology.DNS_PROXY} -p {lab.ports['dns']} MX good.test")
        print(f"  curl --cacert {lab.ca.cert_path} --resolve mta-sts.good.test:{lab.ports['https']}:{topology.NGINX}"
              f" https://mta-sts.good.test:{lab.ports['https']}/.well-known/mta-sts.txt")
        print(f"  openssl s_client -starttls smtp -connect {topology.POSTFIX[0]}:{lab.ports['smtp']}"
              f" -servername mx1.good.test -CAfile {lab.ca.cert_path}")
        for scenario in chosen:
            if scenario.resolver == "validating":
                print(f"  mta-sts-check {' '.join(lab.binary_args(lab.resolver_of(scenario)))} {scenario.domain}")
                print(f"  dig +dnssec @{topology.VALIDATOR} -p {lab.ports['dns']} TLSA _25._tcp.mx.{scenario.domain}")
        if with_sender:
            print_sender(lab, chosen)
        sys.stdout.flush()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


def print_sender(lab, chosen):
    """Start mta-sts-daemon and the sending Postfix (docs/LAB.md, "A real sender") and say how to
    drive them by hand."""
    daemon = mta_sts_daemon.start(lab)
    routes = sender.routes_of(chosen)
    postfix = sender.start(lab, daemon, routes, lab.ports["smtp"])
    domain = routes[0].domain if routes else "good.test"
    example = routes[0].recipient if routes else "mx1.good.test@good.test"
    print("sender (Postfix through mta-sts-daemon):")
    print(f"  postmap -c {postfix.conf} -q {domain} {daemon.map_spec()}")
    print(f"  postmap -c {postfix.conf} -q {domain} {daemon.map_spec(mta_sts_daemon.STRICT_ZONE)}   # testing as enforce")
    print(f"  echo test | sendmail -C {postfix.conf} -f '' {example} && postqueue -c {postfix.conf} -f")
    print(f"  tail -f {postfix.maillog}      # routes: {os.path.join(postfix.conf, 'transport')}")
    print(f"  {shlex.join(lab.private_resolver(['dig', 'MX', domain]))}")


if __name__ == "__main__":
    main()
