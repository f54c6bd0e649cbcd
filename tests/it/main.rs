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

/// Lints a fixture (given relative to `fixtures/`) as `planlint check` would, detection
/// included.
pub fn lint_fixture(relative: &str) -> Linted {
    let root = std::fs::canonicalize(fixtures_dir()).unwrap();
    let linter = Linter {
        rulesets: ruleset::builtin(),
        forced: None,
        root: root.clone(),
        max_file_size: DEFAULT_MAX_FILE_SIZE,
    };
    linter.lint_file(&Input {
        display: relative.to_string(),
        path: root.join(relative),
    })
}
