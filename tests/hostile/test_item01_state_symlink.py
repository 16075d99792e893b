"""Item 1: --state never writes through a link. A link planted where the temporary file or the lock
file would go is not followed, a state path that is a link to something other than a state file
is refused, and a link to a real state file leaves the link in place (man page: --state)."""
import json
import os

from hostile import OFFLINE, HostileTestCase, main, run

STATE = json.dumps({"state_version": 1, "domains": {}})


class StateSymlink(HostileTestCase):
    def victim(self):
        return self.write("victim", "precious data\n")

    def test_planted_temporary_link_is_not_followed(self):
        victim = self.victim()
        state = self.path("st.json")
        os.symlink(victim, state + ".tmp")
        result = run("--state", state, *OFFLINE, "state.test")
        self.assertExit(result, 3)
        self.assertEqual(self.read("victim"), b"precious data\n")
        self.assertFalse(os.path.islink(state))
        with open(state, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["state_version"], 1)
        leftovers = [name for name in os.listdir(self.dir) if name.startswith("st.json.tmp.")]
        self.assertEqual(leftovers, [], "no temporary file is left behind")

    def test_state_link_to_a_non_state_file_is_refused(self):
        victim = self.victim()
        state = self.path("st.json")
        os.symlink(victim, state)
        result = run("--state", state, *OFFLINE, "state.test")
        self.assertExit(result, 2)
        self.assertEqual(result.stdout, b"")
        self.assertIn(b"state file", result.stderr)
        self.assertEqual(self.read("victim"), b"precious data\n")
        self.assertTrue(os.path.islink(state))

    def test_state_link_to_a_device_or_nothing_is_refused(self):
        for target in ("/dev/null", self.path("missing")):
            state = self.path("link-" + os.path.basename(target) + ".json")
            os.symlink(target, state)
            result = run("--state", state, *OFFLINE, "state.test")
            self.assertExit(result, 2)
            self.assertIn(b"symbolic link", result.stderr)
        self.assertFalse(os.path.exists(self.path("missing")), "nothing is created through a dangling link")

    def test_planted_lock_link_is_not_followed(self):
        state = self.path("st.json")
        target = self.path("created-through-link")
        os.symlink(target, state + ".lock")
        result = run("--state", state, *OFFLINE, "state.test")
        self.assertExit(result, 2)
        self.assertIn(b"lock file", result.stderr)
        self.assertFalse(os.path.exists(target))

    def test_link_to_a_state_file_replaces_the_target_and_keeps_the_link(self):
        real = self.write("real.json", STATE)
        state = self.path("st.json")
        os.symlink(real, state)
        result = run("--state", state, *OFFLINE, "state.test")
        self.assertExit(result, 3)
        self.assertTrue(os.path.islink(state))
        with open(real, encoding="utf-8") as f:
            self.assertEqual(json.load(f), {"state_version": 1, "domains": {}})


if __name__ == "__main__":
    main()
