"""Run one server and stop it when told to or when the lab process dies.

    python3 -m lab.supervise PROGRAM ARGS...

Postfix's master changes credentials at start-up, which clears the parent-death signal the lab
sets on its children; this small parent keeps it: SIGTERM (from the lab, or from the kernel when
the lab dies) stops the server by its PID.
"""
import signal
import subprocess
import sys


def main():
    child = subprocess.Popen(sys.argv[1:])

    def stop(*_):
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.exit(child.wait())


if __name__ == "__main__":
    main()
