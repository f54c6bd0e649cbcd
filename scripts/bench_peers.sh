#!/usr/bin/env bash
# The whole binary against the parse floor and the peers, in one run of the shared bench kit.
#
#   scripts/bench_peers.sh BENCH_DIR [CORPUS...]     (default corpora: single 1k 10k big)
#
# BENCH_DIR is the shared bench folder (../shared/bench). It is copied to $BENCH_WORK
# (default /tmp/planlint-bench: outside any git repository, whose .gitignore would hide the
# corpora), so nothing is written beside the checkout; there the peers are installed as its README says
# (npm ci: markdownlint-cli2, mdschema; a venv: rumdl), and its run_peers.sh generates the
# corpora and times the floor, every peer and `planlint check` on each corpus (hyperfine
# medians, GNU time peak RSS). Tables land in $BENCH_WORK/results/<corpus>.md. Each corpus
# root is a fake repository: planlint gets it as --root, as the kit's README says.
#
# Environment: SKIP / ONLY / RUNS as run_peers.sh takes them (SKIP='markdownlint-cli2' drops
# its 25 minutes on 10k); PLANLINT=path/to/planlint to time another build.
set -euo pipefail
[ $# -ge 1 ] || { sed -n 2,13p "$0" >&2; exit 2; }
bench=$(cd "$1" && pwd)
shift
corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || corpora=(single 1k 10k big)
cd "$(dirname "$0")/.."
project=$PWD

if [ -z "${PLANLINT:-}" ]; then
  cargo build --release --quiet
  PLANLINT=$project/target/release/planlint
fi
for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || {
    as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine time >/dev/null
  }
done

work=${BENCH_WORK:-/tmp/planlint-bench}
kit=$work/kit
mkdir -p "$kit"
# The kit's own files only: its corpora, results and installed peers stay in the copy.
(cd "$bench" && tar --exclude=./corpora --exclude=./results --exclude=node_modules \
  --exclude=venv --exclude=target -cf - .) | (cd "$kit" && tar -xf -)
if [ ! -x "$kit/peers/node_modules/.bin/markdownlint-cli2" ]; then
  (cd "$kit/peers" && npm ci --no-audit --no-fund --silent)
fi
if [ ! -x "$kit/peers/venv/bin/rumdl" ]; then
  python3 -m venv "$kit/peers/venv"
  "$kit/peers/venv/bin/pip" install --quiet -r "$kit/peers/requirements.txt"
fi
cd "$kit"
EXTRA="planlint:check=$PLANLINT check --root {dir}/.. --format compact {dir}" \
  OUT="$work/results" ./run_peers.sh "${corpora[@]}"
