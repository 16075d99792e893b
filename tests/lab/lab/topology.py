"""The address plan of the lab. Every server sits on its own 127.0.x.y (or ::1) so that all of
them share three port numbers: the binary takes one --smtp-port, one --https-port, one resolver.
"""

DNS_PROXY = "127.0.53.1"     # the address given to --resolver (faults injected here)
NSD = "127.0.53.2"           # the authoritative server behind the proxy
VALIDATOR = "127.0.53.3"     # unbound: validating resolver for the DANE scenarios (real DNSSEC)
NGINX = "127.0.80.1"         # every nginx policy host, told apart by SNI
HTTPS_SLOW = "127.0.80.2"    # https_faults: answers after a long pause
POSTFIX = ["127.0.25.1", "127.0.25.2", "127.0.25.3", "::1"]  # the real STARTTLS MX
REFUSED = "127.0.27.1"       # nothing listens: connection refused
BLACKHOLE = "127.0.27.2"     # listening socket with a full backlog: connect times out
FAULT_NET = "127.0.26."      # smtp_faults: one address per fault scenario, .1 upward


def fault_address(index):
    """The address of the index-th SMTP fault server (index from 0)."""
    return f"{FAULT_NET}{index + 1}"
