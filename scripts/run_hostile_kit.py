#!/usr/bin/env python3
"""Runs planlint over the shared hostile-input kit and checks every case as its manifest says.

usage: run_hostile_kit.py PLANLINT_BIN KIT [--scale tiny|ci|full] [--big-mb N] [options]

KIT is the kit's generator folder (`../shared/hostile`, or its `gen_hostile.py`), which is run
into a temporary folder with `--scale`/`--big-mb`, or a kit generated before (a folder holding
`manifest.json`). Nothing of the kit is kept unless `--keep` is given.

For every case of manifest.json, planlint is run with the case's invocation (below, adapted to
planlint's command line) in the case's folder, and the script checks:

- the exit status is the manifest's (one value or a list of allowed values);
- no panic: never 101, never a signal, no "panicked at" or "stack overflow" in the output;
- time and memory: wall time within the case's `max_seconds` (times `--budget-factor`; the
  budgets are for a release build) and peak RSS of the planlint process (from /usr/bin/time
  when installed, else from wait4, which counts from this script's own size) within
  `max_rss_mib` (1024 MiB where the case gives none); a run is killed after a timeout;
- nothing leaked: none of the manifest's sentinels (the secret token stored outside the root,
  `root:x:0:0`, the case's `output_must_not_contain`) in stdout or stderr, and the PWNED files
  (absolute and relative to the case's folder) never created;
- no raw control characters in the output (ESC, BEL, NUL, CR, C1, bidi overrides): text from
  documents and file names reaches the terminal escaped; no output line (leading blanks
  ignored) starts with `::` in the human report;
- a second run with `--format github`: every line starting with `::` is one of planlint's own
  annotations (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=planlint RULE::…`,
  properties free of `:` and `,`), so no document text or file name starts a workflow command;
- where the manifest says "same_diagnostics_as" (BOM, CRLF, CR, mixed line endings), the twin's
  findings, linted as a feature plan so there are many to compare, equal the original's:
  rule, severity, message, columns, and the text of the lines they start and end on (not
  their numbers: the kit's mixed twin has a CR followed by the LF of an empty line, which
  CommonMark reads as one CRLF, so its lines after that are numbered one less);
- where a case bounds its output ("64 KiB"), the output is within the bound;
- linearity, for the pathological cases (`A.*`) and the size cases that grow with their input
  (`C.only_*`, `D.single_long_line`, `D.many_list_items`, `F.many_paths`, `B.unicode_widths`,
  `G.regex_find_iter_quadratic`): the input at size n and 4n, two doublings apart, n starting
  at the kit's size and doubled until the 4n run takes `--min-ms` of CPU beyond start-up (or
  the next size would pass 9 MiB, under planlint's 10 MiB cap); the best of `--repeats` CPU
  times of each, run in turn with the start-up (the same run on an empty plan) so that load
  from other processes weighs on all alike, less the start-up time, give
  `exponent = log(t2/t1) / log(bytes2/bytes1)`, which must be at most log2(2.5): doubling the
  input at most multiplies the time by 2.5 (quadratic code gives 4). With the generator, the
  pathological inputs are made at n and 4n by its own pattern functions; with a kit folder
  only, its quarter and full files (4x) are compared the same way;
- with strace (`--strace auto`, the default, when installed): every case once more under
  `strace -f -e trace=%file,%network,execve,...`; no file outside the case's root is opened,
  stat'ed or read through a link, no process is started, no socket is opened, nothing is
  written. Allowed outside the root: the dynamic loader and libc (with
  `/proc/sys/vm/overcommit_memory`), `/proc/self/{maps,cgroup,mountinfo}`, `/sys/fs/cgroup/…`
  and `/sys/devices/system/cpu/…` (the thread pool's size), the files named on the command line
  (the adapted ruleset or configuration), the folders above the root while the root is made
  canonical, the name given to standard input (stat'ed to place the plan in the repository,
  never opened), and configuration discovery: a stat of `.git`, `planlint.toml`,
  `.planlint.toml` or `pyproject.toml` in a folder above the case's folder or above a path
  named on the command line (driven by the command line, not by document text; opening one is
  still a failure).

It prints a line per case as it goes, then a table of cases per class (pass, fail, skipped),
the slowest cases, the largest peak RSS, the worst linearity ratios and every failure, and
exits 1 if any case failed. `--json FILE` keeps every measurement. `--only REGEX` runs some
cases; `--no-linearity` and `--strace no` make a quick run (what .ci/run does, with the debug
binary and `--budget-factor 20`).

Adaptations to planlint (the kit's invocations and schema are proposals, see "assumptions" and
"schema_assumption" in its manifest):

1. The kit's plan template (`# Plan: …`, Summary, Relevant Files, Steps, Verification, Risks)
   is none of planlint's built-in formats, so detection would report `unknown-format` on every
   plan. The kit's files are left as they are; instead the script writes that template as a
   ruleset (KIT_RULESET below, Relevant Files with `paths = "existing"`) and passes
   `--ruleset` with it for every case run in `repo/`.
2. The pathological inputs (`A.*`, run in the kit's top folder, one run per file) are linted
   with `--ruleset feature-plan`, the richest built-in format, so every check family
   (sections, placeholders, template text, commands, paths, metadata) runs over them.
3. `--stdin` is planlint's `-`.
4. The kit's ruleset cases (`G.*`, `--config FILE` with `[[rule]]` tables) are rewritten into
   planlint's schemas, keeping the hostile part byte for byte (BOM, CRLF, invalid UTF-8, deep
   nesting, duplicate keys, bad regexes): the valid `required-sections` rule becomes the kit
   template's `[[section]]`s, a `[[rule]]` with a `pattern` becomes a `[[style]]` (planlint's
   ruleset regexes that run over the whole plan), and `name = …` is put first. A file using
   configuration keys (`max_file_size`, `root`) becomes a planlint configuration
   (`max-file-size`, `root`) passed with `--config`, with the kit ruleset as `--ruleset`;
   the others are rulesets passed with `--ruleset`. The rewritten files go beside the kit,
   not into it.
5. The permission cases (`requires_non_root`) only bite without root: run as root, the script
   runs them as `nobody` through `setpriv` when it can, and skips them with a note otherwise.
6. EXPECT_OVERRIDES below: cases whose expected exit status rests on an assumption about the
   schema that planlint's documented behaviour does not share, each with its reason.
7. The github pass adds a required section (`Hostile Marker`) to the kit ruleset, so that
   every plan, clean or not, gets an annotation carrying its file name.
"""

import argparse
import codecs
import importlib.util
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

MiB = 1024 * 1024
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
# The largest input the linearity check builds: planlint refuses plans over 10 MiB unread.
SCALING_CAP = 9 * MiB
DEFAULT_RSS_MIB = 1024
# Where the linearity check writes its inputs, in the case's folder; removed afterwards.
SCALING_DIR = "planlint-scaling-inputs"

KIT_RULESET = """name = "Hostile kit plan"
description = "The plan template of the hostile-input kit (adapted by run_hostile_kit.py)."

[title]
pattern = '^plan:\\s*\\S'
expected = "# Plan: <title>"

[[section]]
name = "Summary"

[[section]]
name = "Relevant Files"
paths = "existing"

[[section]]
name = "Steps"

[[section]]
name = "Verification"

[[section]]
name = "Risks"
"""

GITHUB_MARKER = '\n[[section]]\nname = "Hostile Marker"\n'

# Case id -> (exit status planlint must give, why the manifest's expectation does not apply).
EXPECT_OVERRIDES = {
    "F.urls": (
        0,
        "the kit's README (section 4) lets URL-like references, `//host/x` included, be ignored "
        "(`paths::url` is an info at most), but its manifest counts them as failures; planlint "
        "leaves URLs alone: never fetched, resolved or stat'ed (the strace check holds it to that)",
    ),
    "F.injection": (
        0,
        "the references are shell and workflow-command text (`::error ...`, `; touch ...`, "
        "`| nc ...`), which planlint does not take for paths (a reference must look like one); "
        "what the case guards, no command run and no forged annotation, is checked by the PWNED "
        "sentinels and the github pass",
    ),
    "F.contexts": (
        1,
        "the block quote with `quoted/missing.rs` sits inside the plan's own `## Relevant Files` "
        "section (the kit's PLAN_HEAD ends with that heading), and planlint checks every path of "
        "a file-list section, quoted or not; only code blocks and HTML comments are skipped. "
        "The quoted heading itself is not taken for a section, as the manifest asks.",
    ),
}

# Annotation lines planlint writes in --format github; properties have `:` and `,` escaped.
ANNOTATION = re.compile(
    rb"^::(error|warning|notice) file=[^:,\r\n]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
    rb"title=planlint [a-z0-9-]+::[^\r\n]*$"
)
# Characters that must never reach a terminal raw: C0 controls but tab and LF, DEL, C1
# controls, bidi overrides and isolates, zero-width characters, U+2028/2029.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
)

# Syscalls strace reports with a path as first string argument.
STRACE_EXPR = "trace=%file,%network,execve,chdir,getcwd"
ALLOWED_OUTSIDE = (
    "/etc/ld.so.cache",
    "/etc/ld.so.preload",
    "/lib/",
    "/lib64/",
    "/usr/lib/",
    "/usr/lib64/",
    "/proc/self/maps",
    "/proc/self/cgroup",
    "/proc/self/mountinfo",
    "/proc/sys/vm/overcommit_memory",
    "/sys/fs/cgroup/",
    "/sys/devices/system/cpu/",
)
DISCOVERY_NAMES = {".git", "planlint.toml", ".planlint.toml", "pyproject.toml"}
WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC")
WRITE_SYSCALLS = {"mkdir", "mkdirat", "unlink", "unlinkat", "rename", "renameat", "renameat2",
                  "rmdir", "symlink", "symlinkat", "link", "linkat", "truncate", "creat",
                  "chmod", "fchmodat", "chown", "fchownat", "utimensat"}


class Run:
    """One finished planlint process."""

    def __init__(self, code, wall, cpu, rss_kib, stdout, stderr, timed_out):
        self.code = code
        self.wall = wall
        self.cpu = cpu
        self.rss_mib = rss_kib / 1024
        self.stdout = stdout
        self.stderr = stderr
        self.timed_out = timed_out


def run(argv, cwd, stdin_path=None, timeout=60.0, user=None, keep_output=True):
    """Runs argv with stdout and stderr to files, reaping it with wait4 for its CPU time.

    Linux counts a forked child's peak RSS from the parent's size at the fork (this script's,
    some 25 MiB), so the peak RSS comes from /usr/bin/time, a small process in between, when it
    is installed."""
    rss_file = None
    if TIME:
        rss_file = tempfile.NamedTemporaryFile(prefix="rss-", delete=False)
        rss_file.close()
    if user:
        import pwd
        entry = pwd.getpwnam(user)
        argv = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups",
                *argv]
    if rss_file:
        argv = [TIME, "-f", "%M", "-o", rss_file.name, *argv]
    env = dict(os.environ, NO_COLOR="1")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            process = subprocess.Popen(argv, cwd=cwd, stdin=stdin, stdout=out, stderr=err, env=env,
                                       start_new_session=True)
            killed = []

            def kill():
                killed.append(True)
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

            timer = threading.Timer(timeout, kill)
            timer.start()
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            timer.cancel()
            process.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdin_path:
                stdin.close()
        out.seek(0)
        err.seek(0)
        stdout = out.read() if keep_output else b""
        stderr = err.read()
    rss_kib = usage.ru_maxrss
    code = process.returncode
    if rss_file:
        with open(rss_file.name, encoding="utf-8", errors="replace") as f:
            lines = f.read().strip().splitlines()
        os.unlink(rss_file.name)
        if lines and lines[-1].isdigit():
            rss_kib = int(lines[-1])
        # time exits 128 + N for a child killed by signal N, and says so.
        signaled = [re.search(r"terminated by signal (\d+)", line) for line in lines]
        for m in filter(None, signaled):
            code = -int(m.group(1))
    return Run(code, wall, usage.ru_utime + usage.ru_stime, rss_kib, stdout, stderr, bool(killed))


# ---------------------------------------------------------------------------------------
# The kit
# ---------------------------------------------------------------------------------------

def prepare_kit(source, scale, big_mb, work):
    """Returns (kit folder, generator module or None)."""
    source = os.path.abspath(source)
    generator_path = None
    if os.path.isfile(source) and source.endswith(".py"):
        generator_path = source
    elif os.path.isfile(os.path.join(source, "manifest.json")):
        return source, None
    elif os.path.isfile(os.path.join(source, "gen_hostile.py")):
        generator_path = os.path.join(source, "gen_hostile.py")
    else:
        sys.exit(f"{source}: neither a kit (manifest.json) nor its generator (gen_hostile.py)")
    kit = os.path.join(work, "kit")
    command = [sys.executable, generator_path, "--out", kit, "--scale", scale]
    if big_mb is not None:
        command += ["--big-mb", str(big_mb)]
    print("generating:", " ".join(command), flush=True)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    spec = importlib.util.spec_from_file_location("gen_hostile", generator_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return kit, module


def translate_ruleset(data):
    """The kit's `[[rule]]` TOML in planlint's schemas: ("ruleset"|"config", bytes)."""
    # latin-1 maps bytes to code points one to one, so invalid UTF-8 and BOMs survive.
    text = data.decode("latin-1")
    config = re.search(r"(?m)^(max_file_size|root)\s*=", text) is not None

    def sections(match):
        eol = match.group(1)
        names = re.findall(r'"([^"]*)"', match.group(2))
        if config:
            return ""
        body = ""
        for name in names:
            body += f'[[section]]{eol}name = "{name}"{eol}'
            if name == "Relevant Files":
                body += f'paths = "existing"{eol}'
        return body

    text = re.sub(r'\[\[rule\]\](\r?\n)id = "required-sections"\r?\nsections = \[([^\]]*)\]\r?\n',
                  sections, text)
    text = re.sub(r'\[\[rule\]\](\r?\n)id = ("[^"]*")(\r?\n)pattern = ',
                  r"[[style]]\1message = \2\3help = \2\3pattern = ", text)
    if config:
        text = text.replace("max_file_size", "max-file-size")
        return "config", text.encode("latin-1")
    bom = "\xef\xbb\xbf" if text.startswith("\xef\xbb\xbf") else ""
    eol = "\r\n" if "\r\n" in text else "\n"
    text = bom + f'name = "Hostile kit ruleset"{eol}' + text[len(bom):]
    return "ruleset", text.encode("latin-1")


class Context:
    def __init__(self, args, kit, generator, work):
        self.args = args
        self.binary = os.path.abspath(args.planlint)
        self.kit = kit
        self.generator = generator
        self.work = work
        self.adapted = os.path.join(work, "adapted")
        os.makedirs(self.adapted, exist_ok=True)
        with open(os.path.join(kit, "manifest.json"), encoding="utf-8") as f:
            self.manifest = json.load(f)
        self.kit_ruleset = self.write("kit-plan.toml", KIT_RULESET)
        self.marker_ruleset = self.write("kit-plan-marker.toml", KIT_RULESET + GITHUB_MARKER)
        sentinels = self.manifest.get("sentinels", {})
        self.secret = sentinels.get("secret_token", "HOSTILE-KIT-SECRET")
        self.pwned = sentinels.get("pwned_file", "/tmp/planlint-hostile-PWNED")
        self.pwned_name = sentinels.get("pwned_file_relative_to_cwd", "planlint-hostile-PWNED")
        self.root_user = os.geteuid() == 0
        self.setpriv = shutil.which("setpriv") if self.root_user else None

    def write(self, name, text):
        path = os.path.join(self.adapted, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode())
        return path


class Invocation:
    """One planlint run of a case: argv after the binary, folder, standard input, root."""

    def __init__(self, args, cwd, stdin, root, ruleset_arg, named, stdin_name=None):
        self.args = args
        self.cwd = cwd
        self.stdin = stdin
        self.root = root
        self.ruleset_arg = ruleset_arg  # index of the --ruleset value in args, or None
        # Files named on the command line, which planlint may open (rulesets, configuration,
        # plans), and the name given to standard input, which it must not.
        self.named = named
        self.stdin_name = stdin_name

    def with_format(self, fmt, ruleset=None):
        args = list(self.args)
        if ruleset and self.ruleset_arg is not None:
            args[self.ruleset_arg] = ruleset
        return ["check", "--format", fmt, *args]


def invocations(ctx, case):
    """The case's runs, its invocation adapted to planlint's command line."""
    spec = case["invocation"]
    cwd = os.path.normpath(os.path.join(ctx.kit, spec.get("cwd", ".")))
    raw = list(spec["args"])
    stdin = spec.get("stdin_from")
    if stdin and not os.path.isabs(stdin):
        stdin = os.path.join(ctx.kit, stdin)
    prefix = []
    if case["id"].startswith("A."):
        prefix = ["--ruleset", "feature-plan"]
    elif "--config" in raw:
        at = raw.index("--config")
        source = os.path.normpath(os.path.join(cwd, raw[at + 1]))
        with open(source, "rb") as f:
            kind, text = translate_ruleset(f.read())
        adapted = ctx.write(os.path.join("config", os.path.basename(source)), text)
        if kind == "config":
            prefix = ["--config", adapted, "--ruleset", ctx.kit_ruleset]
        else:
            prefix = ["--ruleset", adapted]
        del raw[at:at + 2]
    else:
        prefix = ["--ruleset", ctx.kit_ruleset]
    raw = ["-" if a == "--stdin" else a for a in raw]
    ruleset_at = None
    if "--ruleset" in prefix and prefix[prefix.index("--ruleset") + 1] == ctx.kit_ruleset:
        ruleset_at = prefix.index("--ruleset") + 1
    named = list(prefix[1::2])
    stdin_name = None
    plans = []
    values = iter(raw)
    for arg in values:
        if arg == "--stdin-filename":
            stdin_name = next(values, None)
        elif not arg.startswith("-"):
            plans.append(arg)
    root = cwd
    if "<each file>" in raw:
        result = []
        for file in case["files"]:
            args = prefix + [file["path"] if a == "<each file>" else a for a in raw]
            result.append(Invocation(args, cwd, stdin, root, ruleset_at, named + [file["path"]]))
        return result
    return [Invocation(prefix + raw, cwd, stdin, root, ruleset_at, named + plans, stdin_name)]


# ---------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------

def expected_exit(case):
    if case["id"] in EXPECT_OVERRIDES:
        return [EXPECT_OVERRIDES[case["id"]][0]]
    value = case.get("expect", {}).get("exit", [0, 1, 2])
    return value if isinstance(value, list) else [value]


def panic_problems(r):
    problems = []
    if r.timed_out:
        problems.append(f"killed after the timeout ({r.wall:.1f} s)")
    elif r.code < 0:
        problems.append(f"killed by signal {-r.code}")
    elif r.code == 101:
        problems.append("exit 101 (panic)")
    text = r.stdout + r.stderr
    for needle in (b"panicked at", b"stack overflow", b"RUST_BACKTRACE"):
        if needle in text:
            problems.append(f"output contains {needle.decode()!r}")
    return problems


def leak_problems(ctx, case, r, cwd):
    problems = []
    needles = [ctx.secret, "root:x:0:0"] + case.get("expect", {}).get("output_must_not_contain", [])
    for needle in dict.fromkeys(needles):
        if needle.encode() in r.stdout or needle.encode() in r.stderr:
            problems.append(f"output contains {needle!r}")
    for path in (ctx.pwned, os.path.join(cwd, ctx.pwned_name),
                 os.path.join(ctx.kit, "repo", ctx.pwned_name)):
        if os.path.lexists(path):
            problems.append(f"{path} exists")
    return problems


def output_problems(case, r, human):
    problems = []
    for name, data in (("stdout", r.stdout), ("stderr", r.stderr)):
        text = data.decode("utf-8", "replace")
        found = RAW_CONTROL.search(text)
        if found:
            problems.append(f"raw control character U+{ord(found.group()):04X} in {name}")
        if human:
            for line in data.split(b"\n"):
                if line.lstrip(b" \t").startswith(b"::"):
                    problems.append(f"{name} line starts with '::': {line[:80]!r}")
                    break
    if any("64 KiB" in m for m in case.get("expect", {}).get("must", [])):
        size = len(r.stdout) + len(r.stderr)
        if size > 64 * 1024:
            problems.append(f"output is {size} bytes, over 64 KiB")
    return problems


def github_problems(r):
    problems = []
    for name, data in (("stdout", r.stdout), ("stderr", r.stderr)):
        for line in data.split(b"\n"):
            if line.lstrip(b" \t").startswith(b"::") and not ANNOTATION.match(line):
                problems.append(f"github {name} line is not a planlint annotation: {line[:100]!r}")
                break
    return problems


def findings(ctx, inv):
    """(rule, severity, message, positions) of a case's plan, linted as a feature plan, each
    line given by its text: twins whose line endings differ may count lines differently (a CR
    followed by the LF of an empty line is one CRLF), but each finding must be on the same line
    of text at the same column."""
    r = run([ctx.binary, *inv.with_format("json", "feature-plan")], inv.cwd, inv.stdin)
    report = json.loads(r.stdout)
    with open(os.path.join(inv.cwd, inv.named[-1]), "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = re.split(rb"\r\n|\r|\n", data)

    def text(line):
        return lines[line - 1].decode("utf-8", "replace") if 0 < line <= len(lines) else ""

    rows = []
    for file in report["files"]:
        for d in file["diagnostics"]:
            rows.append((d["rule"], d["severity"], d["message"], text(d["line"]), d["column"],
                         text(d["end_line"]), d["end_column"]))
    return rows


# ---------------------------------------------------------------------------------------
# Linearity
# ---------------------------------------------------------------------------------------

def grower(case_id, data):
    """(make(n), n0) for a size case: its input with the part that grows n units long, and the
    n of the kit's own file; None for other cases."""
    units = {"C.only_lf": b"\n", "C.only_cr": b"\r", "C.only_crlf": b"\r\n",
             "D.single_long_line": b"word "}
    if case_id in units:
        unit = units[case_id]
        return (lambda n: unit * n), max(1, len(data) // len(unit))
    if case_id in ("D.many_list_items", "F.many_paths"):
        lines = data.split(b"\n")
        items = [i for i, line in enumerate(lines) if line.startswith(b"- ")]
        head, listed, tail = lines[:items[0]], lines[items[0]:items[-1] + 1], lines[items[-1] + 1:]
        return (lambda n: b"\n".join(head + [listed[i % len(listed)] for i in range(n)] + tail)), len(listed)
    if case_id in ("B.unicode_widths", "G.regex_find_iter_quadratic"):
        # The longest line ends in a run of one character (combining accents, `A`s).
        lines = data.decode("utf-8").split("\n")
        at = max(range(len(lines)), key=lambda i: len(lines[i]))
        unit = lines[at][-1]
        prefix = lines[at].rstrip(unit)

        def make(n):
            return "\n".join(lines[:at] + [prefix + unit * n] + lines[at + 1:]).encode()
        return make, len(lines[at]) - len(prefix)
    return None


def scaling_inputs(ctx, case):
    """(make(n) -> bytes, n0, plan name, invocation) for a case with a linearity check."""
    invs = invocations(ctx, case)
    cid = case["id"]
    if cid.startswith("A.") and "scaling" in case.get("expect", {}):
        full = case["files"][-1]
        inv = invs[-1]
        patterns = {}
        if ctx.generator is not None:
            patterns = {p[0]: p[3] for p in ctx.generator.pathological_patterns()}
        make = patterns.get(cid[2:])
        if make is not None:
            return (lambda n: make(n).encode()), full["n"], full["path"], inv
        return None, None, full["path"], inv
    if len(invs) != 1:
        return None
    inv = invs[0]
    plans = [f["path"] for f in case.get("files", [])
             if f.get("path", "").endswith(".md") and os.path.isfile(os.path.join(ctx.kit, f["path"]))]
    if not plans:
        return None
    with open(os.path.join(ctx.kit, plans[-1]), "rb") as f:
        grows = grower(cid, f.read())
    if grows is None:
        return None
    make, n = grows
    return make, n, plans[-1], inv


def cpu_time(ctx, inv, plan_rel, data, repeats, timeout):
    """Best CPU time of `repeats` runs of inv with the plan's bytes replaced by data."""
    # Inside the case's root, so that the plan is placed in the repository as the original is.
    kit_path = os.path.relpath(os.path.join(ctx.kit, plan_rel), inv.cwd)
    path = os.path.join(SCALING_DIR, kit_path)
    os.makedirs(os.path.join(inv.cwd, os.path.dirname(path)), exist_ok=True)
    with open(os.path.join(inv.cwd, path), "wb") as f:
        f.write(data)
    args = [path if a == kit_path else a for a in inv.args]
    best = None
    for _ in range(repeats):
        r = run([ctx.binary, "check", *args], inv.cwd, inv.stdin, timeout=timeout, keep_output=False)
        if r.timed_out or r.code not in (0, 1, 2):
            return None, r
        best = r.cpu if best is None else min(best, r.cpu)
    return best, r


def linearity(ctx, case):
    """A dict describing the check, with "problem" set when it fails.

    The input is measured at n and 4n, two doublings apart, so that the start-up and the noise
    weigh less than on one doubling; times are CPU times of the planlint process less its
    start-up (the same run on an empty plan: rulesets compiled, repository listed)."""
    found = scaling_inputs(ctx, case)
    if found is None:
        return None
    make, n, plan, inv = found
    args = ctx.args
    min_s = args.min_ms / 1000
    limit = math.log2(args.max_doubling_ratio)
    timeout = 120 * args.budget_factor
    base, r = cpu_time(ctx, inv, plan, b"", args.repeats, timeout)
    if base is None:
        return {"id": case["id"], "bytes": (0, 0), "cpu": (None, None),
                "problem": f"the start-up run failed (exit {r.code})"}
    if make is None:
        # A kit without its generator: its quarter and full files.
        inputs = []
        for file in case["files"]:
            with open(os.path.join(ctx.kit, file["path"]), "rb") as f:
                inputs.append(f.read())
        small, large = inputs[0], inputs[-1]
    else:
        # Some inputs grow as n^2: the size at 4n, not four times the size at n, must fit.
        while len(make(n * 4)) > SCALING_CAP and n > 1:
            n //= 2
        while True:
            large = make(n * 4)
            t, r = cpu_time(ctx, inv, plan, large, 1, timeout)
            if t is None or t - base >= min_s or len(make(n * 8)) > SCALING_CAP:
                break
            n *= 2
        small = make(n)
    b1, b2 = len(small), len(large)

    def measure():
        # Start-up, small and large in turn, so that a burst of load from other processes
        # slows all three alike; the best of each.
        best = [None, None, None]
        for _ in range(args.repeats):
            for i, data in enumerate((b"", small, large)):
                t, r = cpu_time(ctx, inv, plan, data, 1, timeout)
                if t is None:
                    return None, None, None, r
                best[i] = t if best[i] is None else min(best[i], t)
        return (*best, r)

    base, t1, t2, r = measure()
    result = {"id": case["id"], "bytes": (b1, b2), "cpu": (t1, t2), "startup": base}
    if t1 is None or t2 is None:
        result["problem"] = f"a scaling run failed (exit {r.code}, {r.wall:.1f} s)"
        return result
    if t2 - base < min_s:
        result["note"] = f"under {args.min_ms:.0f} ms beyond start-up at {b2} bytes: too fast to measure"
        return result
    if b2 <= b1:
        result["note"] = "input did not grow"
        return result

    def exponent_of(base, t1, t2):
        return math.log(max(t2 - base, 1e-4) / max(t1 - base, 1e-4)) / math.log(b2 / b1)

    exponent = exponent_of(base, t1, t2)
    if exponent > limit:
        # Other processes on the machine can slow some runs: measure once more before failing.
        again = measure()
        if None not in again[:3]:
            base, t1, t2 = (min(a, b) for a, b in zip((base, t1, t2), again[:3]))
            exponent = exponent_of(base, t1, t2)
            result.update(cpu=(t1, t2), startup=base)
    result["exponent"] = exponent
    result["ratio_per_doubling"] = 2 ** exponent
    if exponent > limit:
        result["problem"] = (f"doubling the input multiplies the time by {2 ** exponent:.2f} "
                             f"(over {args.max_doubling_ratio}): {b1} -> {b2} bytes, "
                             f"{t1 * 1000:.0f} -> {t2 * 1000:.0f} ms CPU, {base * 1000:.0f} ms of it start-up")
    return result


# ---------------------------------------------------------------------------------------
# strace
# ---------------------------------------------------------------------------------------

LINE = re.compile(r"^(?:\[pid\s+)?(\d+)\]?\s+(\w+)\((.*)$")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def unescape(s):
    return os.fsdecode(codecs.escape_decode(s.encode("latin-1"))[0])


def strace_problems(ctx, inv, trace_path):
    root = os.path.realpath(inv.root)
    ancestors = set()
    starts = [inv.cwd, root] + [os.path.join(inv.cwd, p) for p in inv.named]
    if inv.stdin_name:
        starts.append(os.path.join(inv.cwd, inv.stdin_name))
    for start in starts:
        p = os.path.dirname(os.path.normpath(os.path.join(inv.cwd, start)))
        while True:
            ancestors.add(p)
            if p == os.path.dirname(p):
                break
            p = os.path.dirname(p)
    named = {os.path.normpath(os.path.join(inv.cwd, p)) for p in inv.named}
    named.add(ctx.binary)
    stdin_name = inv.stdin_name and os.path.normpath(os.path.join(inv.cwd, inv.stdin_name))
    problems = []
    execs = 0
    with open(trace_path, encoding="latin-1") as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            call, rest = m.group(2), m.group(3)
            if call in ("socket", "connect", "bind", "sendto"):
                problems.append(f"{call}({rest[:60]}")
                continue
            if call == "execve":
                execs += 1
                if execs > 1:
                    problems.append(f"execve {rest[:80]}")
                continue
            if call in ("getcwd", "chdir"):
                continue
            strings = STRING.findall(rest)
            if not strings:
                continue
            relative_to_fd = re.match(r"\s*(\d+),", rest) is not None
            path = unescape(strings[0])
            if relative_to_fd and not path.startswith("/"):
                continue  # relative to a directory descriptor opened on a path checked here
            if call in WRITE_SYSCALLS or (call.startswith("open") and any(w in rest for w in WRITE_FLAGS)):
                problems.append(f"writes: {call} {path}")
                continue
            full = os.path.normpath(os.path.join(inv.cwd, path))
            if full == root or full.startswith(root + os.sep) or full in named:
                continue
            if any(full == a.rstrip("/") or full.startswith(a) for a in ALLOWED_OUTSIDE):
                continue
            if full in ancestors or (full == stdin_name and not call.startswith("open")):
                continue
            if (os.path.basename(full) in DISCOVERY_NAMES and os.path.dirname(full) in ancestors
                    and not call.startswith("open")):
                continue
            problems.append(f"outside the root: {call} {full}")
    return sorted(set(problems))


def traced(ctx, case, inv):
    trace = os.path.join(ctx.work, "trace.txt")
    argv = ["strace", "-f", "-qq", "-s", "4096", "-e", STRACE_EXPR, "-o", trace,
            ctx.binary, *inv.with_format("human")]
    timeout = 60 * ctx.args.budget_factor
    r = run(argv, inv.cwd, inv.stdin, timeout=timeout)
    if r.timed_out:
        return [f"strace run killed after {timeout} s"]
    return strace_problems(ctx, inv, trace)


# ---------------------------------------------------------------------------------------

def check_case(ctx, case, strace):
    cid = case["id"]
    expect = case.get("expect", {})
    result = {"id": cid, "category": case.get("category", "?"), "problems": [], "notes": [],
              "wall": 0.0, "rss": 0.0, "exits": []}
    user = None
    if case.get("requires_non_root") and ctx.root_user:
        if ctx.setpriv and not ctx.args.no_setpriv:
            user = "nobody"
            result["notes"].append("run as nobody (setpriv)")
        else:
            result["skipped"] = "running as root: permissions do not apply"
            return result
    budget = expect.get("max_seconds", 5.0) * ctx.args.budget_factor
    rss_budget = expect.get("max_rss_mib", DEFAULT_RSS_MIB)
    timeout = max(10.0, budget * 4)
    allowed = expected_exit(case)
    invs = invocations(ctx, case)
    for inv in invs:
        r = run([ctx.binary, "check", *inv.args], inv.cwd, inv.stdin, timeout=timeout, user=user)
        result["exits"].append(r.code)
        result["wall"] = max(result["wall"], r.wall)
        result["rss"] = max(result["rss"], r.rss_mib)
        result["out_bytes"] = max(result.get("out_bytes", 0), len(r.stdout) + len(r.stderr))
        problems = panic_problems(r)
        if r.code not in allowed and not r.timed_out:
            first = (r.stdout + r.stderr).decode("utf-8", "replace").strip().splitlines()[:3]
            problems.append(f"exit {r.code}, expected {'/'.join(map(str, allowed))}: "
                            + " | ".join(line.strip()[:120] for line in first))
        if r.wall > budget:
            problems.append(f"took {r.wall:.2f} s, budget {budget:.1f} s")
        if r.rss_mib > rss_budget:
            problems.append(f"peak RSS {r.rss_mib:.0f} MiB, budget {rss_budget} MiB")
        problems += leak_problems(ctx, case, r, inv.cwd)
        problems += output_problems(case, r, human=True)
        g = run([ctx.binary, *inv.with_format("github", ctx.marker_ruleset)], inv.cwd, inv.stdin,
                timeout=timeout, user=user)
        problems += panic_problems(g) + github_problems(g) + leak_problems(ctx, case, g, inv.cwd)
        problems += [p for p in output_problems(case, g, human=False) if "64 KiB" not in p]
        if strace and user is None:
            problems += traced(ctx, case, inv)
        if len(invs) > 1:
            problems = [f"{os.path.basename(inv.named[-1])}: {p}" for p in problems]
        result["problems"] += problems
    if cid in EXPECT_OVERRIDES:
        result["notes"].append("expected exit adapted: " + EXPECT_OVERRIDES[cid][1][:60] + "…")
    return result


def check_twins(ctx, cases_by_id, results):
    for case in cases_by_id.values():
        twin = case.get("expect", {}).get("same_diagnostics_as")
        if not twin or twin not in cases_by_id or case["id"] not in results:
            continue
        if "skipped" in results[case["id"]]:
            continue
        mine = findings(ctx, invocations(ctx, case)[0])
        theirs = findings(ctx, invocations(ctx, cases_by_id[twin])[0])
        if mine != theirs:
            diff = [row for row in mine if row not in theirs][:2] + [row for row in theirs if row not in mine][:2]
            results[case["id"]]["problems"].append(
                f"findings differ from {twin} as feature plans: {diff}")
        else:
            results[case["id"]]["notes"].append(f"{len(mine)} findings identical to {twin}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("planlint", help="the planlint binary")
    parser.add_argument("kit", help="the kit's generator folder (or gen_hostile.py), or a generated kit")
    parser.add_argument("--scale", default="ci", choices=["tiny", "ci", "full"],
                        help="the kit's scale, when it is generated (default ci)")
    parser.add_argument("--big-mb", type=int, default=None, help="size of the kit's huge plan (0: none)")
    parser.add_argument("--only", help="run the cases whose id matches this regular expression")
    parser.add_argument("--budget-factor", type=float, default=1.0,
                        help="multiply the time budgets (they are for a release build)")
    parser.add_argument("--no-linearity", action="store_true")
    parser.add_argument("--min-ms", type=float, default=300.0,
                        help="CPU time beyond start-up the larger linearity run needs (default 300)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per linearity measurement")
    parser.add_argument("--max-doubling-ratio", type=float, default=2.5)
    parser.add_argument("--strace", choices=["auto", "yes", "no"], default="auto")
    parser.add_argument("--no-setpriv", action="store_true", help="skip the permission cases as root")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()

    strace = args.strace == "yes" or (args.strace == "auto" and shutil.which("strace"))
    if args.strace == "yes" and not shutil.which("strace"):
        sys.exit("strace is not installed")
    work = tempfile.mkdtemp(prefix="planlint-hostile-")
    started = time.perf_counter()
    try:
        kit, generator = prepare_kit(args.kit, args.scale, args.big_mb, work)
        ctx = Context(args, kit, generator, work)
        if ctx.setpriv and not args.no_setpriv:
            # nobody must reach the kit: the temporary folder is made 0700.
            os.chmod(work, 0o755)
        if os.path.lexists(ctx.pwned):
            sys.exit(f"{ctx.pwned} exists before the run; remove it first")
        cases = ctx.manifest["cases"]
        if args.only:
            cases = [c for c in cases if re.search(args.only, c["id"])]
        print(f"kit: {kit} ({len(ctx.manifest['cases'])} cases, scale "
              f"{ctx.manifest.get('arguments', {}).get('scale', '?')}); planlint: {ctx.binary}")
        if not strace:
            print("note: strace is not installed (or --strace no): reads outside the root are not traced")
        for skipped in ctx.manifest.get("skipped", []):
            print(f"note: the generator skipped {skipped['id']} ({skipped['reason']})")
        results = {}
        for case in cases:
            result = check_case(ctx, case, strace)
            results[case["id"]] = result
            mark = "skip" if "skipped" in result else ("FAIL" if result["problems"] else "ok")
            print(f"  {mark:4} {case['id']:<42} exit {','.join(map(str, result['exits'])) or '-':<6}"
                  f" {result['wall'] * 1000:8.1f} ms {result['rss']:7.1f} MiB", flush=True)
            for problem in result["problems"]:
                print(f"         {problem}")
        check_twins(ctx, {c["id"]: c for c in cases}, results)
        scaling = []
        if not args.no_linearity:
            print("linearity:", flush=True)
            for case in cases:
                if "skipped" in results[case["id"]]:
                    continue
                try:
                    item = linearity(ctx, case)
                finally:
                    for inv in invocations(ctx, case):
                        shutil.rmtree(os.path.join(inv.cwd, SCALING_DIR), ignore_errors=True)
                if item is None:
                    continue
                scaling.append(item)
                if "problem" in item:
                    results[case["id"]]["problems"].append(item["problem"])
                line = f"  {case['id']:<42}"
                (b1, b2), (t1, t2) = item["bytes"], item["cpu"]
                if t1 is not None and t2 is not None:
                    line += f" {b1:>9} -> {b2:>9} B {t1 * 1000:8.1f} -> {t2 * 1000:8.1f} ms"
                if "exponent" in item:
                    line += f"  x{item['ratio_per_doubling']:.2f} per doubling"
                line += "  " + item.get("problem", item.get("note", ""))
                print(line, flush=True)
        elapsed = time.perf_counter() - started
        return report(ctx, cases, results, scaling, elapsed)
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            # The kit holds chmod 000 files and folders: make them removable first.
            for folder, dirs, files in os.walk(work):
                for d in dirs:
                    p = os.path.join(folder, d)
                    if not os.path.islink(p):
                        os.chmod(p, 0o755)
            shutil.rmtree(work, ignore_errors=True)


def report(ctx, cases, results, scaling, elapsed):
    print()
    categories = {}
    for case in cases:
        r = results[case["id"]]
        row = categories.setdefault(r["category"], [0, 0, 0, 0])
        row[0] += 1
        if "skipped" in r:
            row[3] += 1
        elif r["problems"]:
            row[2] += 1
        else:
            row[1] += 1
    print(f"{'class':<28} {'cases':>5} {'pass':>5} {'fail':>5} {'skip':>5}")
    total = [0, 0, 0, 0]
    for name, row in categories.items():
        print(f"{name:<28} {row[0]:>5} {row[1]:>5} {row[2]:>5} {row[3]:>5}")
        total = [a + b for a, b in zip(total, row)]
    print(f"{'total':<28} {total[0]:>5} {total[1]:>5} {total[2]:>5} {total[3]:>5}")
    ran = [r for r in results.values() if "skipped" not in r]
    print("\nslowest cases (wall time of the slowest run, peak RSS):")
    for r in sorted(ran, key=lambda r: -r["wall"])[:8]:
        print(f"  {r['id']:<42} {r['wall'] * 1000:8.1f} ms {r['rss']:7.1f} MiB")
    print(f"largest peak RSS: {max((r['rss'] for r in ran), default=0):.1f} MiB "
          f"({max(ran, key=lambda r: r['rss'])['id'] if ran else '-'})")
    measured = [s for s in scaling if "exponent" in s]
    if measured:
        worst = sorted(measured, key=lambda s: -s["exponent"])[:5]
        print(f"linearity: {len(measured)} cases measured, {len(scaling) - len(measured)} too fast "
              f"or not measured; worst time ratios per doubling: "
              + ", ".join(f"{s['id']} x{s['ratio_per_doubling']:.2f}" for s in worst))
    for r in results.values():
        if "skipped" in r:
            print(f"skipped {r['id']}: {r['skipped']}")
    for r in results.values():
        for note in r["notes"]:
            print(f"note {r['id']}: {note}")
    failed = [r for r in ran if r["problems"]]
    for r in failed:
        print(f"FAIL {r['id']}:")
        for problem in r["problems"]:
            print(f"    {problem}")
    print(f"\n{total[0]} cases: {total[1]} pass, {total[2]} fail, {total[3]} skipped "
          f"({elapsed:.0f} s)")
    if ctx.args.json:
        with open(ctx.args.json, "w", encoding="utf-8") as f:
            json.dump({"results": results, "linearity": scaling, "seconds": elapsed}, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
