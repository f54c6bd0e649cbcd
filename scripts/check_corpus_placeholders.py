#!/usr/bin/env python3
"""Lints every real plan of the shared corpus with every built-in ruleset and fails on any
`placeholder` or `template-text` finding.

usage: check_corpus_placeholders.py PLANLINT_BIN CORPUS_DIR

The corpus (`../shared/corpus/`, real plans from public repositories, not part of this
repository) holds no leftover template placeholders but many look-alikes: TypeScript
generics, comparisons such as `<75%`, `{adw_id}` path templates, `[List[str]]`, `<TOKEN>` in
curl examples, prices such as `$1.50`. Forcing each ruleset on each plan, whatever its real
format, exercises every placeholder pattern against all of them: precision matters more than
recall for this rule, so any finding here is a false alarm to fix.
"""
import json
import os
import subprocess
import sys

WATCHED = {"placeholder", "template-text"}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, corpus = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with open(os.path.join(corpus, "INDEX.tsv"), encoding="utf-8") as index:
        plans = [os.path.join(corpus, row.split("\t")[0], row.split("\t")[1]) for row in list(index)[1:]]
    rulesets = subprocess.run([binary, "rulesets"], capture_output=True, text=True, check=True).stdout
    ids = [line.split()[0] for line in rulesets.splitlines() if line and not line[0].isspace()]
    alarms = []
    for ruleset in ids:
        run = subprocess.run([binary, "check", "--format", "json", "--root", corpus, "--ruleset", ruleset, *plans],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"planlint exited {run.returncode} with --ruleset {ruleset}: {run.stderr.strip()[:300]}")
        for file in json.loads(run.stdout)["files"]:
            for d in file["diagnostics"]:
                if d["rule"] in WATCHED:
                    alarms.append(f"{ruleset}: {file['path']}:{d['line']}: {d['rule']}: {d['message']}")
    print(f"{len(plans)} plans x {len(ids)} rulesets: {len(alarms)} placeholder or template-text findings")
    for alarm in alarms:
        print("  " + alarm)
    sys.exit(1 if alarms else 0)


if __name__ == "__main__":
    main()
