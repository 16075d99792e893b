"""One lab for every test module of a run: started on first use, stopped at exit."""
import atexit
import os
import unittest

from .scenarios import SCENARIOS
from .world import Lab

_labs = {}


def lab(standard_ports=False):
    """The running lab with every scenario's servers; skips the caller's tests when not root.

    standard_ports: the caller needs DNS on port 53 and HTTPS on 443 (lab/std_ports.py, the real
    sender of test_sender.py). The first caller decides what the shared lab has, so a run that
    wants one lab for everything names test_sender first; a later caller that needs standard ports
    the shared lab lacks gets a lab of its own."""
    if os.geteuid() != 0:
        raise unittest.SkipTest("the lab runs Postfix and binds 127.0.x.y: run as root (CI does)")
    if "shared" in _labs and (_labs["shared"].standard_ports or not standard_ports):
        return _labs["shared"]
    key = "shared" if "shared" not in _labs else "standard_ports"
    if key not in _labs:
        started = Lab(SCENARIOS, standard_ports=standard_ports)
        atexit.register(started.stop)
        _labs[key] = started
        started.start()
    return _labs[key]
