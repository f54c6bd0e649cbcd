#!/usr/bin/env python3
"""Checks planlint's machine formats with the tools that consume them.

    python3 scripts/check_report_formats.py PLANLINT FIXTURES [--sarif-multitool PATH]

SARIF: every fixture (plus a file that cannot be read, a name with a space and non-ASCII
letters) is reported as SARIF and run through Microsoft's official validator
(`Sarif.Multitool validate`, from the npm package @microsoft/sarif-multitool). The validator
exits 0 whatever it finds, so its output is read: any `error` or `warning` line fails.
JUnit: the report must be well-formed XML with a test suite per plan. GitHub: every line
must be a workflow command or planlint's summary line.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree


def lint(planlint, cwd, fmt, paths):
    run = subprocess.run(
        [planlint, "check", "--format", fmt, "--root", ".", *paths],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1, 2):
        sys.exit(f"planlint --format {fmt} exited {run.returncode}: {run.stderr}")
    return run.stdout


def workspace(fixtures):
    """A copy of the fixtures with a few inputs that stress paths and reading."""
    root = tempfile.mkdtemp(prefix="planlint-formats-")
    shutil.copytree(fixtures, os.path.join(root, "fixtures"), symlinks=True)
    odd = os.path.join(root, "fixtures", "odd")
    os.makedirs(odd)
    shutil.copy(
        os.path.join(fixtures, "feature-plan", "specs", "missing-section.md"),
        os.path.join(odd, "plan with spaces é.md"),
    )
    with open(os.path.join(odd, "latin1.md"), "wb") as handle:
        handle.write(b"# Plan\n\xe9t\xe9\n")
    return os.path.join(root, "fixtures")


def plans(root):
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith(".md") and os.path.getsize(path) > 0:
                found.append(os.path.relpath(path, root))
    return sorted(found)


def check_sarif(planlint, root, paths, multitool):
    report = os.path.join(root, "planlint.sarif")
    with open(report, "w", encoding="utf-8") as handle:
        handle.write(lint(planlint, root, "sarif", paths))
    run = subprocess.run(
        [multitool, "validate", report], capture_output=True, text=True, timeout=600
    )
    output = run.stdout + run.stderr
    print(output.strip())
    problems = [
        line for line in output.splitlines() if "): error " in line or "): warning " in line
    ]
    if run.returncode != 0 or "Analysis completed successfully" not in output:
        sys.exit(f"the SARIF validator failed (exit {run.returncode})")
    if problems:
        sys.exit(f"the SARIF validator reports {len(problems)} problem(s)")
    print(f"sarif: {len(paths)} plans, validator: no errors, no warnings")


def check_junit(planlint, root, paths):
    text = lint(planlint, root, "junit", paths)
    suites = ElementTree.fromstring(text.encode("utf-8"))
    if suites.tag != "testsuites" or len(suites) != len(paths):
        sys.exit(f"junit: expected {len(paths)} test suites, found {len(suites)}")
    print(f"junit: well-formed, {len(suites)} test suites")


def check_github(planlint, root, paths):
    lines = lint(planlint, root, "github", paths).splitlines()
    strays = [
        line
        for line in lines
        if not line.startswith(("::error ", "::warning ", "::notice ", "planlint: "))
    ]
    if strays:
        sys.exit(f"github: lines that are not workflow commands: {strays[:3]}")
    print(f"github: {len(lines)} lines, all workflow commands or the summary")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("planlint")
    parser.add_argument("fixtures")
    parser.add_argument("--sarif-multitool", help="path to the Sarif.Multitool executable")
    args = parser.parse_args()
    planlint = os.path.abspath(args.planlint)
    root = workspace(args.fixtures)
    paths = plans(root)
    if args.sarif_multitool:
        check_sarif(planlint, root, paths, args.sarif_multitool)
    else:
        print("note: no --sarif-multitool given; the SARIF validation is skipped")
    check_junit(planlint, root, paths)
    check_github(planlint, root, paths)
    shutil.rmtree(os.path.dirname(root))


if __name__ == "__main__":
    main()
