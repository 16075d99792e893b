#!/usr/bin/env python3
"""Run the lab by hand: start the servers of all (or some) scenarios and print how to use them.

    sudo tests/lab/serve.py [SCENARIO...]     # Ctrl-C stops every server
"""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lab import scenarios, topology  # noqa: E402
from lab.world import Lab  # noqa: E402


def main():
    table = scenarios.by_name()
    chosen = [table[name] for name in sys.argv[1:]] or scenarios.SCENARIOS
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with Lab(chosen) as lab:
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
        sys.stdout.flush()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
