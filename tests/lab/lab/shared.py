"""One lab for every test module of a run: started on first use, stopped at exit."""
import atexit
import os
import unittest

from .scenarios import SCENARIOS
from .world import Lab

_lab = None


def lab():
    """The running lab with every scenario's servers; skips the caller's tests when not root."""
    global _lab
    if _lab is None:
        if os.geteuid() != 0:
            raise unittest.SkipTest("the lab runs Postfix and binds 127.0.x.y: run as root (CI does)")
        _lab = Lab(SCENARIOS)
        atexit.register(_lab.stop)
        _lab.start()
    return _lab
