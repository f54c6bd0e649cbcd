#!/usr/bin/env bash
# One plan in a large repository: planlint walks the whole repository once per run (its
# index), so a repository's size, not the plan's, sets the time of a pre-commit run.
#
#   scripts/bench_large_repo.sh PLAN [FILES]      (default: 20000 files, 20 to a folder)
#
# Builds a repository of FILES empty files under $BENCH_WORK/large-repo (default
# /tmp/planlint-bench), puts PLAN in its specs/, and times with hyperfine, in one run:
# `planlint check` on that plan, `find` over the same tree (the cost of listing it at all),
# and planlint on the same plan in a repository holding only it.
# PLANLINT=path/to/planlint times another build.
set -euo pipefail
[ $# -ge 1 ] || { sed -n 2,11p "$0" >&2; exit 2; }
plan=$(realpath "$1")
files=${2:-20000}
cd "$(dirname "$0")/.."
if [ -z "${PLANLINT:-}" ]; then
  cargo build --release --quiet
  PLANLINT=$PWD/target/release/planlint
fi
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
work=${BENCH_WORK:-/tmp/planlint-bench}
large=$work/large-repo
small=$work/small-repo
rm -rf "$large" "$small"
mkdir -p "$large/specs" "$small/specs" "$large/.git" "$small/.git"
python3 - "$large" "$files" <<'EOF'
import os, sys
root, files = sys.argv[1], int(sys.argv[2])
for i in range(files):
    folder = os.path.join(root, "src", f"pkg{i // 1000}", f"mod{i // 20}")
    os.makedirs(folder, exist_ok=True)
    open(os.path.join(folder, f"file{i % 20}.py"), "w").close()
EOF
cp "$plan" "$large/specs/"
cp "$plan" "$small/specs/"
echo "files: $(find "$large" -type f | wc -l), folders: $(find "$large" -type d | wc -l)"
hyperfine -N -i --warmup 5 --runs "${RUNS:-50}" \
  "$PLANLINT check --root $large --format compact $large/specs" \
  "find $large -name never-matches" \
  "$PLANLINT check --root $small --format compact $small/specs"
