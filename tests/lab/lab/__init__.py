"""The integration lab of mta-sts-check: real servers on loopback for scenario domains under .test.

Modules, one per server kind: nsd (authoritative DNS), dns_proxy (fault-injecting DNS front),
nginx (policy hosts), postfix (real STARTTLS MX), smtp_faults and https_faults (what real
servers will not do), ca (the test CA). scenarios.py is the one table of scenario domains;
world.py starts everything a list of scenarios needs. bulk_world.py serves the batch bench's
thousands of domains (bench/batch.py), with certificates from fast_certs.py.
"""
