//! Integration tests, in one binary so they build once.

mod cli;
mod fixtures;
mod inputs;
mod readme;
mod snapshots;

use std::path::{Path, PathBuf};

use planlint::files::Input;
use planlint::lint::{Linted, Linter};
use planlint::read::DEFAULT_MAX_FILE_SIZE;
use planlint::ruleset;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every Markdown plan under `fixtures/`, relative to it, in `/` form.
pub fn fixture_plans() -> Vec<String> {
    let mut plans = Vec::new();
    let mut pending = vec![fixtures_dir()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let relative = path.strip_prefix(fixtures_dir()).unwrap();
                plans.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    plans
}

/// Lints a fixture (given relative to `fixtures/`) as `planlint check` would, detection
/// included. Each format's folder is a small repository: its root for the lint.
pub fn lint_fixture(relative: &str) -> Linted {
    let (format, _) = relative.split_once('/').unwrap();
    let root = std::fs::canonicalize(fixtures_dir().join(format)).unwrap();
    let linter = Linter {
        rulesets: ruleset::builtin(),
        forced: None,
        root: root.clone(),
        max_file_size: DEFAULT_MAX_FILE_SIZE,
    };
    linter.lint_file(&Input {
        display: relative.to_string(),
        path: fixtures_dir().join(relative),
    })
}
