"""Item 7: a FIFO, a device or a socket as --state is refused before it is opened or locked: the
run does not block, exits 2 naming the file, and leaves no FILE.lock next to it."""
import os
import socket

from hostile import OFFLINE, HostileTestCase, main, run


class StateNotRegular(HostileTestCase):
    def assertRefusedUnlocked(self, path, words):
        lock_existed = os.path.exists(path + ".lock")
        result = run("--state", path, *OFFLINE, "state.test", timeout=30)
        self.assertExit(result, 2)
        self.assertEqual(result.stdout, b"")
        self.assertIn(f"state file {path}: ".encode() + words, result.stderr)
        if not lock_existed:
            self.assertFalse(os.path.exists(path + ".lock"), "no lock file may be made next to it")

    def test_fifo(self):
        fifo = self.path("fifo")
        os.mkfifo(fifo)
        self.assertRefusedUnlocked(fifo, b"is a FIFO")

    def test_dev_zero(self):
        self.assertRefusedUnlocked("/dev/zero", b"is a character device")

    def test_socket(self):
        path = self.path("sock")
        server = socket.socket(socket.AF_UNIX)
        try:
            server.bind(path)
            self.assertRefusedUnlocked(path, b"is a socket")
        finally:
            server.close()


if __name__ == "__main__":
    main()
