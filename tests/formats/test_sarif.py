"""--format sarif validated against the SARIF 2.1.0 JSON schema by ajv-cli from npm
(tests/formats/node, installed with `npm ci`). The schema is the one @microsoft/jest-sarif ships
(sarif-2.1.0-rtm.5.json, draft-04): ajv-cli's own `migrate` turns it into draft-07, which ajv 8
reads; one pattern that only a non-Unicode regex engine accepts is rewritten to its meaning."""
import json
import os
import subprocess
import tempfile
import unittest

from harness import BROKEN_POLICY, HOSTILE_POLICY, SOURCE_DIR, FormatTestCase

NODE_DIR = os.path.join(SOURCE_DIR, "tests", "formats", "node")
AJV = os.path.join(NODE_DIR, "node_modules", ".bin", "ajv")
SCHEMA = os.path.join(NODE_DIR, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json")


def fix_patterns(node):
    # "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$": the last ']' is a literal, which a Unicode
    # regex (ajv 8) rejects as a lone bracket; escaping it keeps the meaning.
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                node[key] = value.replace("{2}]?$", "{2}\\]?$")
            else:
                fix_patterns(value)
    elif isinstance(node, list):
        for value in node:
            fix_patterns(value)


class Sarif(FormatTestCase):
    @classmethod
    def setUpClass(cls):
        if not (os.path.exists(AJV) and os.path.exists(SCHEMA)):
            raise AssertionError(f"run 'npm ci' in {NODE_DIR} (scripts/install-deps.sh does)")
        cls.schema_dir = tempfile.TemporaryDirectory(prefix="mtasts-sarif-schema-")
        migrated = os.path.join(cls.schema_dir.name, "migrated.json")
        subprocess.run([AJV, "migrate", "-s", SCHEMA, "-o", migrated], check=True, capture_output=True, timeout=120,
                       cwd=NODE_DIR)
        with open(migrated) as f:
            schema = json.load(f)
        fix_patterns(schema)
        cls.schema = os.path.join(cls.schema_dir.name, "sarif-schema.json")
        with open(cls.schema, "w") as f:
            json.dump(schema, f)

    @classmethod
    def tearDownClass(cls):
        cls.schema_dir.cleanup()

    def ajv(self, document):
        """ajv-cli's exit status and messages for `document` against the schema."""
        path = self.write("out.sarif.json", document)  # ajv-cli picks its parser by the extension
        checked = subprocess.run([AJV, "validate", "--spec=draft7", "--strict=false", "-c", "ajv-formats",
                                  "-s", self.schema, "-d", path], capture_output=True, timeout=120, cwd=NODE_DIR)
        return checked.returncode, checked.stdout.decode() + checked.stderr.decode()

    def validate(self, result):
        status, said = self.ajv(result.stdout)
        self.assertEqual(status, 0, said)
        return json.loads(result.stdout)

    def test_the_validator_rejects_a_broken_log(self):
        status, said = self.ajv(b'{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}')
        self.assertNotEqual(status, 0)
        self.assertIn("must have required property 'name'", said)

    def test_lint_results_point_at_the_policy_line(self):
        result = self.lint("sarif", BROKEN_POLICY, "--domain", "example.com", name="my policy.txt")
        self.assertExit(result, 1)
        log = self.validate(result)
        self.assertEqual(len(log["runs"]), 1)
        run = log["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        by_id = {}
        for r in run["results"]:
            self.assertEqual(rules[r["ruleIndex"]]["id"], r["ruleId"])
            by_id.setdefault(r["ruleId"], []).append(r)
        mode = by_id["policy.mode-invalid"][0]["locations"][0]["physicalLocation"]
        self.assertTrue(mode["artifactLocation"]["uri"].endswith("/my%20policy.txt"))
        self.assertEqual(mode["region"]["startLine"], 2)
        indented = [r for r in by_id["policy.invalid"] if r["locations"][0]["physicalLocation"]["region"]["startLine"] == 4]
        self.assertEqual(indented[0]["locations"][0]["physicalLocation"]["region"]["startColumn"], 1)
        self.assertTrue(rules[0]["helpUri"].startswith("https://www.rfc-editor.org/rfc/rfc"))

    def test_hostile_policy_bytes_stay_valid(self):
        result = self.lint("sarif", HOSTILE_POLICY, "--domain", "example.com")
        self.assertExit(result, 1)
        self.validate(result)

    def test_many_domains_are_one_run(self):
        result = self.offline("sarif", "a.example", "b.example", "c.example")
        self.assertExit(result, 3)
        log = self.validate(result)
        self.assertEqual(len(log["runs"]), 1)
        domains = {r["properties"]["domain"] for r in log["runs"][0]["results"]}
        self.assertEqual(domains, {"a.example", "b.example", "c.example"})


if __name__ == "__main__":
    unittest.main()
