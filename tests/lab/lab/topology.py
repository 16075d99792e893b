"""The address plan of the lab. Every server sits on its own 127.0.x.y (or ::1) so that all of
them share three port numbers: the binary takes one --smtp-port, one --https-port, one resolver.
"""

DNS_PROXY = "127.0.53.1"     # the address given to --resolver (faults injected here)
NSD = "127.0.53.2"           # the authoritative server behind the proxy
VALIDATOR = "127.0.53.3"     # unbound: validating resolver for the DANE scenarios (real DNSSEC)
NGINX = "127.0.80.1"         # every nginx policy host, told apart by SNI
HTTPS_SLOW = "127.0.80.2"    # https_faults: answers after a long pause
APACHE = "127.0.82.1"         # Apache with the configuration `generate` writes (test_webservers.py)
CADDY = "127.0.82.2"          # Caddy with the configuration `generate` writes (test_webservers.py)
POSTFIX = ["127.0.25.1", "127.0.25.2", "127.0.25.3", "::1"]  # the real STARTTLS MX
REFUSED = "127.0.27.1"       # nothing listens: connection refused
BLACKHOLE = "127.0.27.2"     # listening socket with a full backlog: connect times out
FAULT_NET = "127.0.26."      # smtp_faults: one address per fault scenario, .1 upward

# Standard ports (lab/std_ports.py), for programs that cannot be told a port: mta-sts-daemon
# resolves through /etc/resolv.conf (port 53) and fetches policies from port 443.
STD_DNS = "127.0.53.4"       # a DNS proxy on port 53, named by the lab's private resolv.conf
STD_HTTPS_PORT = 443         # nginx and the https fault servers also listen here
STD_DNS_PORT = 53
# The sender Postfix's inet_interfaces, the addresses it takes for its own: no lab MX may be one
# (127.0.25.x and ::1 would "loop back to myself"). Postfix accepts only an address configured
# on an interface ("no local interface found" for 127.0.24.1, though lo routes all of
# 127.0.0.0/8), and 127.0.0.1 is the one such address no lab server uses for SMTP.
SENDER_OWN = "127.0.0.1"


def fault_address(index):
    """The address of the index-th SMTP fault server (index from 0)."""
    return f"{FAULT_NET}{index + 1}"
