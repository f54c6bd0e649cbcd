#!/usr/bin/env bash
# A real commit through pre-commit: planlint's hook (.pre-commit-hooks.yaml), built from the
# planlint repository given (at its committed HEAD) by pre-commit's Rust support, rejects a
# plan with a defect and lets the fixed plan through.
#
#   scripts/check_pre_commit.sh PLANLINT_REPOSITORY
#
# Needs git, cargo and pre-commit (`pip install pre-commit`).
set -euo pipefail
planlint=$(cd "$1" && pwd)
rev=$(git -C "$planlint" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

git init -q "$work/repo"
cd "$work/repo"
git config user.email ci@example.com
git config user.name CI
# The feature-plan fixture's repository: the files its plans name exist.
(cd "$planlint/fixtures/feature-plan" && find . -type f ! -path './specs/*' ! -path './docs/*' -print0 |
  xargs -0 cp --parents -t "$work/repo")
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $planlint
    rev: $rev
    hooks:
      - id: planlint
YAML
git add -A
git commit -q -m "the repository, before any plan"
pre-commit install > /dev/null

echo "== committing a plan with misspelled headings: the hook must reject it"
mkdir -p specs
cp "$planlint/fixtures/feature-plan/specs/heading-typo.md" specs/bookmarks.md
git add specs/bookmarks.md
if git commit -m "a broken plan" > "$work/broken.log" 2>&1; then
  cat "$work/broken.log"
  echo "FAIL: the broken plan was committed"
  exit 1
fi
cat "$work/broken.log"
grep -q "heading-typo" "$work/broken.log" || { echo "FAIL: the diagnostics are not shown"; exit 1; }

echo "== committing the fixed plan: the hook must pass"
cp "$planlint/fixtures/feature-plan/specs/clean.md" specs/bookmarks.md
git add specs/bookmarks.md
git commit -m "the fixed plan" 2>&1 | tee "$work/fixed.log"
git log --oneline -1 | grep -q "the fixed plan" || { echo "FAIL: the fixed plan was not committed"; exit 1; }
echo "pre-commit: the broken plan was rejected with its diagnostics, the fixed plan committed"
