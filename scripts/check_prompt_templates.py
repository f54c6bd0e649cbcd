#!/usr/bin/env python3
"""Lints the plan templates inside the format prompts with their own rulesets.

usage: check_prompt_templates.py PLANLINT_BIN FORMATS_DIR

The prompts are other people's text and are not copied into this repository: this script
reads them from FORMATS_DIR (the shared `formats/` folder), extracts each template (the
```md block of feature-plan and adw-feature, the whole of staged-spec and numbered-plan) into
a scratch repository, where the format keeps its plans, and runs
`planlint check --ruleset ID --format json` on it.

A template must have the structure its ruleset expects (any missing-section, section-order
or heading-level finding fails the script) and must fail with `placeholder` findings, one
per placeholder: the script counts the template's `<...>` and `[...]` placeholders on its
own and fails when planlint finds a different number. Every finding is printed, so the
other rules can be reviewed too.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

STRUCTURE = {"missing-section", "section-order", "heading-level"}
# Where each format keeps its plans (the file name rules apply to templates too).
PLACE = {
    "feature-plan": "specs/template-plan.md",
    "adw-feature": "specs/feature-a1b2c3d4-template-plan.md",
    "staged-spec": "docs/specs/plan-template.md",
    "numbered-plan": "plans/template-plan.md",
}
# Placeholders as a reader counts them: `<...>` and `[...]` phrases and `{variables}`, minus
# what the formats define as not placeholders (their own tags, task boxes, links, mermaid
# labels inside code).
COUNTED = re.compile(r"<(?!/?(?:critical_warning|important_note)>)[A-Za-z][^<>\n]*>|\[(?! \]|x\])[A-Z][^\[\]\n]*\](?!\()|`\{[a-z_]+\}`")


def count_placeholders(text):
    outside_code = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return len(COUNTED.findall(outside_code))
WHOLE = {"staged-spec", "numbered-plan"}
FENCED = {"feature-plan", "adw-feature"}


def template(ruleset, text):
    if ruleset in WHOLE:
        return text
    # An unclosed fence runs to the end of the file, as in CommonMark.
    match = re.search(r"^```md\n(.*?)(?:^```\s*$|\Z)", text, re.M | re.S)
    if not match:
        sys.exit(f"{ruleset}: no ```md template block found")
    return match.group(1)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, formats = os.path.abspath(sys.argv[1]), sys.argv[2]
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        for ruleset in sorted(WHOLE | FENCED):
            with open(os.path.join(formats, f"{ruleset}.prompt.md"), encoding="utf-8") as f:
                text = template(ruleset, f.read())
            path = os.path.join(scratch, PLACE[ruleset])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            run = subprocess.run([binary, "check", "--ruleset", ruleset, "--format", "json", "--root", scratch, path],
                                 capture_output=True, text=True)
            if run.returncode not in (0, 1):
                print(f"{ruleset}: planlint exited {run.returncode}: {run.stderr.strip()}")
                failures += 1
                continue
            found = [d for f in json.loads(run.stdout)["files"] for d in f["diagnostics"]]
            structural = [d for d in found if d["rule"] in STRUCTURE]
            placeholders = [d for d in found if d["rule"] == "placeholder"]
            expected = count_placeholders(text)
            failures += len(structural) + (len(placeholders) != expected)
            print(f"{ruleset}: {len(found)} findings, {len(structural)} structural, "
                  f"{len(placeholders)} placeholders of {expected} counted", flush=True)
            for d in found:
                mark = "FAIL" if d["rule"] in STRUCTURE else "    "
                print(f"  {mark} {d['line']}:{d['column']} {d['rule']}: {d['message']}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
