#!/usr/bin/env bash
# Fuzzes parse + lint + render of arbitrary bytes (fuzz/fuzz_targets/lint.rs) for SECONDS,
# on one core at the lowest priority, seeded with every fixture plan.
#
#   scripts/fuzz.sh SECONDS [LIBFUZZER_OPTION...]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The sanitizers need nightly flags, which
# RUSTC_BOOTSTRAP=1 allows on the stable toolchain. Findings go to fuzz/artifacts/lint/; the
# corpus grows in fuzz/corpus/lint/ (both ignored by git).
set -euo pipefail
seconds=${1:?usage: scripts/fuzz.sh SECONDS [LIBFUZZER_OPTION...]}
shift
cd "$(dirname "$0")/../fuzz"
corpus=corpus/lint
mkdir -p "$corpus"
# Named by content, so running again adds no duplicates.
find ../fixtures -name '*.md' -size +0 -print0 | while IFS= read -r -d '' plan; do
  cp "$plan" "$corpus/seed-$(sha1sum "$plan" | cut -c1-16)"
done
exec nice -n 19 env RUSTC_BOOTSTRAP=1 cargo fuzz run lint "$corpus" -- \
  -max_total_time="$seconds" -max_len=65536 -timeout=30 "$@"
