"""The CI examples users paste (docs/examples/github-actions.yml, docs/examples/gitlab-ci.yml) do
what their comments say: their shell steps run as the CI system runs them (GitHub: bash -e -o
pipefail per step with the workflow's env; GitLab: the script lines in one bash -e), with the real
binary on PATH, against a good and a broken policy file and an offline live check. The install
steps are skipped: the binary under test stands in for the installed package."""
import os
import subprocess
import tempfile
import unittest

import junitparser
import yaml

from harness import BINARY, BROKEN_POLICY, OFFLINE, SOURCE_DIR

EXAMPLES = os.path.join(SOURCE_DIR, "docs", "examples")
GOOD_POLICY = b"version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: mx2.example.com\r\nmax_age: 604800\r\n"


def load(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as file:
        return yaml.safe_load(file)


def run_shell(script, env, cwd, flags=("-e", "-o", "pipefail")):
    """Runs one step's script in bash with the CI system's flags and the binary first on PATH."""
    bindir = os.path.dirname(os.path.abspath(BINARY))
    full_env = dict(os.environ, **{k: str(v) for k, v in env.items()}, PATH=bindir + os.pathsep + os.environ["PATH"])
    full_env.pop("NO_COLOR", None)
    return subprocess.run(["bash", "--noprofile", "--norc", *flags, "-c", script], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def junit_failures(path):
    """(test cases, failed test cases) of a JUnit file, as junitparser reads it."""
    xml = junitparser.JUnitXml.fromfile(path)
    cases = [case for suite in xml for case in suite]
    failed = [case for case in cases if any(isinstance(r, (junitparser.Failure, junitparser.Error)) for r in case.result)]
    return cases, failed


class Workspace:
    """A temporary checkout holding the policy file at the path the examples name."""

    def __init__(self, policy):
        self.m_dir = tempfile.TemporaryDirectory()
        self.path = self.m_dir.name
        os.makedirs(os.path.join(self.path, ".well-known"))
        with open(os.path.join(self.path, ".well-known", "mta-sts.txt"), "wb") as file:
            file.write(policy)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.m_dir.cleanup()


class GitHubActions(unittest.TestCase):
    def setUp(self):
        self.workflow = load("github-actions.yml")
        self.steps = {step["name"]: step for step in self.workflow["jobs"]["mta-sts"]["steps"] if "name" in step}

    def step(self, name, workspace, **env):
        return run_shell(self.steps[name]["run"], dict(self.workflow["env"], **env), workspace.path)

    def test_lint_passes_a_good_policy(self):
        with Workspace(GOOD_POLICY) as workspace:
            done = self.step("Lint the policy file", workspace)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertNotIn("::error", done.stdout)

    def test_lint_fails_a_broken_policy_with_annotations_on_its_lines(self):
        with Workspace(BROKEN_POLICY) as workspace:
            done = self.step("Lint the policy file", workspace)
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        errors = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
        self.assertTrue(errors, done.stdout)
        self.assertTrue(any("file=.well-known/mta-sts.txt" in line and "line=" in line for line in errors), errors)

    def test_an_incomplete_live_check_warns_and_keeps_a_junit_report(self):
        with Workspace(GOOD_POLICY) as workspace:
            done = self.step("Check the live domain", workspace, MTA_STS_CHECK_ARGS=" ".join(OFFLINE))
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            self.assertIn("::warning title=mta-sts-check::incomplete", done.stdout)
            cases, failed = junit_failures(os.path.join(workspace.path, "mta-sts-junit.xml"))
        self.assertTrue(cases)
        self.assertTrue(failed, "an undecided area is an error test case")

    def test_the_live_check_runs_only_on_schedule_and_the_report_is_kept(self):
        self.assertEqual(self.steps["Check the live domain"]["if"], "github.event_name == 'schedule'")
        upload = self.steps["Keep the JUnit report"]
        self.assertEqual(upload["with"]["path"], "mta-sts-junit.xml")


class GitLabCi(unittest.TestCase):
    def setUp(self):
        self.job = load("gitlab-ci.yml")["mta-sts-lint"]

    def script(self, workspace):
        return run_shell("\n".join(self.job["script"]), self.job["variables"], workspace.path, flags=("-e",))

    def test_a_good_policy_passes_with_a_clean_junit_report(self):
        with Workspace(GOOD_POLICY) as workspace:
            done = self.script(workspace)
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            cases, failed = junit_failures(os.path.join(workspace.path, self.job["artifacts"]["reports"]["junit"]))
        self.assertTrue(cases)
        self.assertEqual(failed, [])

    def test_a_broken_policy_fails_the_job_and_the_report_names_the_failures(self):
        with Workspace(BROKEN_POLICY) as workspace:
            done = self.script(workspace)
            self.assertNotEqual(done.returncode, 0)
            self.assertEqual(self.job["artifacts"]["when"], "always")
            cases, failed = junit_failures(os.path.join(workspace.path, self.job["artifacts"]["reports"]["junit"]))
        self.assertTrue(failed)


if __name__ == "__main__":
    unittest.main()
