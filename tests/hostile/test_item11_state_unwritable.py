"""Item 11: a state directory that cannot take the new file stops the run before anything is
checked (exit 2); when the write fails anyway at the end, the verdict's exit status stands and
the write error is printed (man page: --state)."""
import json
import os
import resource
import signal
import subprocess

from hostile import BINARY, OFFLINE, HostileTestCase, Result, main, need_nobody, run_as_nobody

SNAPSHOT = {"id": "20260101", "body_sha256": "ab" * 32, "mode": "enforce", "max_age": 31557600,
            "mx": ["mx1.state.test"], "fetched_at": 4102444800 - 86400}


class StateUnwritable(HostileTestCase):
    def test_read_only_directory_is_refused_before_checking(self):
        need_nobody(self)
        folder = self.path("ro")
        os.mkdir(folder)
        state = os.path.join(folder, "st.json")
        with open(state, "w", encoding="utf-8") as f:
            json.dump({"state_version": 1, "domains": {}}, f)
        # The lock file exists and is writable: only the new state file cannot be made.
        with open(state + ".lock", "w", encoding="utf-8"):
            pass
        os.chmod(state + ".lock", 0o666)
        os.chmod(folder, 0o555)
        result = run_as_nobody("--state", state, *OFFLINE, "state.test")
        self.assertExit(result, 2)
        self.assertEqual(result.stdout, b"", "nothing may be checked")
        self.assertIn(f"state file {state}: cannot create a temporary file in {folder}: Permission denied".encode(),
                      result.stderr)

    def test_write_failing_at_the_end_keeps_the_verdict(self):
        # Enough domains that the new file is larger than RLIMIT_FSIZE, which the start-up check
        # (one byte) passes: the final write fails with EFBIG, as on a disk that filled up.
        domains = {f"d{i}.test": {"snapshots": [SNAPSHOT]} for i in range(40)}
        state = self.write("st.json", json.dumps({"state_version": 1, "domains": domains}))
        before = self.read("st.json")
        self.assertGreater(len(before), 4096)

        def limit_file_size():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

        completed = subprocess.run([os.path.abspath(BINARY), "--state", state, *OFFLINE, "state.test"],
                                   capture_output=True, timeout=60, preexec_fn=limit_file_size)
        result = Result(completed)
        self.assertExit(result, 3)  # incomplete, as without --state: not 2
        self.assertIn(b"File too large", result.stderr)
        self.assertEqual(self.read("st.json"), before)


if __name__ == "__main__":
    main()
