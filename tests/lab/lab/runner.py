"""Run the real mta-sts-check binary against the lab and parse what it prints."""
import json
import os
import resource
import subprocess
from dataclasses import dataclass, field


def binary():
    """The binary under test: $MTASTS_BIN (set by CMake / run_lab.py)."""
    path = os.environ.get("MTASTS_BIN")
    if not path or not os.access(path, os.X_OK):
        raise RuntimeError("set MTASTS_BIN to the mta-sts-check binary (run_lab.py --bin PATH)")
    return path


@dataclass
class Run:
    argv: list
    code: int | None
    stdout: str
    stderr: str
    reports: list = field(default_factory=list)
    parse_error: str = ""

    def describe(self):
        """The run in a form to paste into a shell, with what it printed (for failure messages)."""
        return (f"$ {' '.join(self.argv)}\nexit {self.code}\n--- stdout\n{self.stdout[-3000:]}\n"
                f"--- stderr\n{self.stderr[-2000:]}")


def open_file_limit(count):
    """A preexec_fn that sets RLIMIT_NOFILE, soft and hard, to count in the child only."""
    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (count, count))


def run(lab, args, stdin=None, timeout=120, resolver=None, max_open_files=None):
    """Run the binary with the lab's options plus args; parse JSON (object or list) or JSONL.
    resolver: another --resolver than the DNS proxy (lab.resolver_of a scenario).
    max_open_files: run the binary with RLIMIT_NOFILE (soft and hard) at this value."""
    argv = [binary(), *lab.binary_args(resolver), *args]
    limit = open_file_limit(max_open_files) if max_open_files else None
    try:
        done = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=timeout, preexec_fn=limit)
    except subprocess.TimeoutExpired as expired:
        return Run(argv, None, expired.stdout or "", expired.stderr or "", parse_error=f"no exit after {timeout} s")
    result = Run(argv, done.returncode, done.stdout, done.stderr)
    text = done.stdout.strip()
    if not text:
        return result
    try:
        if "--format" in args and args[args.index("--format") + 1] == "jsonl":
            result.reports = [json.loads(line) for line in text.splitlines()]
        else:
            document = json.loads(text)
            result.reports = document if isinstance(document, list) else [document]
    except (json.JSONDecodeError, ValueError) as error:
        result.parse_error = f"output is not JSON: {error}"
    return result
