"""--format github read the way the GitHub Actions runner reads workflow commands: the parser
below follows the runner's ActionCommand.TryParseV2 and its escape tables (actions/runner
src/Runner.Common/ActionCommand.cs): "::name k=v,k=v::data", properties split at ',' and at the
first '=', %0D %0A %3A %2C decoded in property values and %0D %0A in the data, %25 last."""
import json
import re
import unittest

from harness import BROKEN_POLICY, HOSTILE_POLICY, FormatTestCase, run

DATA_ESCAPES = [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]
PROPERTY_ESCAPES = [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]
COMMANDS = {"group", "endgroup", "error", "warning", "notice"}


def unescape(text, table):
    for token, plain in table:
        text = text.replace(token, plain)
    return text


def parse_command(line):
    """A workflow command as the runner sees it, or None for a plain log line."""
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    name, _, props = info.partition(" ")
    if name not in COMMANDS:
        return None
    properties = {}
    for prop in filter(None, props.strip().split(",")):
        pair = [p for p in prop.split("=", 1) if p]
        if len(pair) == 2:
            properties[pair[0]] = unescape(pair[1], PROPERTY_ESCAPES)
    return name, properties, unescape(message[end + 2:], DATA_ESCAPES)


def shown(text):
    """How the formatter writes the checker's words: controls other than CR/LF as \\xNN."""
    return re.sub(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]", lambda m: "\\x%02x" % ord(m.group()), text)


class Github(FormatTestCase):
    def commands(self, result):
        """Every line, parsed; the runner reads lines split at CR or LF."""
        lines = re.split(r"\r\n|\r|\n", result.text())
        self.assertEqual(lines[-1], "")
        parsed = [parse_command(line) for line in lines[:-1]]
        for line, command in zip(lines, parsed):
            self.assertIsNotNone(command, f"not a workflow command: {line!r}")
        return parsed

    def expect_matches_json(self, commands, report, domain, fail_on_warning=False):
        annotations = [c for c in commands if c[0] not in ("group", "endgroup")]
        self.assertEqual(len(annotations), len(report["findings"]))
        for (name, props, data), finding in zip(annotations, report["findings"]):
            self.assertEqual(props["title"], finding["id"])
            self.assertIn(f"\nSeverity: {finding['severity']}", data)
            failing = not finding["ignored"] and (finding["severity"] == "error" or
                                                  (fail_on_warning and finding["severity"] == "warning"))
            self.assertEqual(name == "error", failing, finding["id"])
            self.assertTrue(data.startswith(shown(f"{domain}: {finding['message']}")), (data, finding))
            if finding["hint"]:
                self.assertIn("\nFix: " + shown(finding["hint"]), data)

    def test_lint_annotations_point_into_the_policy_file(self):
        result = self.lint("github", BROKEN_POLICY, "--domain", "example.com", name="po%l,i:cy.txt")
        self.assertExit(result, 1)
        commands = self.commands(result)
        self.assertEqual(commands[0][0], "group")
        self.assertEqual(commands[0][2], "example.com: fail")
        located = [c for c in commands if "line" in c[1]]
        self.assertTrue(located)
        for _, props, _ in located:
            self.assertTrue(props["file"].endswith("/po%l,i:cy.txt"), props)
        self.assertIn(("policy.mode-invalid", "2"), [(p["title"], p["line"]) for _, p, _ in located])
        as_json = run("lint", "--format", "json", "--policy", self.write("p.txt", BROKEN_POLICY), "--domain", "example.com")
        self.expect_matches_json(commands, json.loads(as_json.stdout), "example.com")

    def test_hostile_policy_bytes_stay_inside_their_command(self):
        result = self.lint("github", HOSTILE_POLICY, "--domain", "example.com", "--strict")
        self.assertExit(result, 1)
        commands = self.commands(result)
        self.assertNotIn("\x1b", result.text())
        as_json = run("lint", "--format", "json", "--policy", self.write("p.txt", HOSTILE_POLICY), "--domain", "example.com")
        self.expect_matches_json(commands, json.loads(as_json.stdout), "example.com", fail_on_warning=True)

    def test_each_domain_is_a_group(self):
        result = self.offline("github", "a.example", "b.example")
        self.assertExit(result, 3)
        groups = [c[2] for c in self.commands(result) if c[0] == "group"]
        self.assertEqual(sorted(groups), ["a.example: incomplete", "b.example: incomplete"])


if __name__ == "__main__":
    unittest.main()
