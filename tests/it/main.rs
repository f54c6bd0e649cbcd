//! Integration tests, in one binary so they build once.

mod cli;
mod config;
mod fixtures;
mod formats;
mod hostile;
mod inputs;
mod lsp;
mod outputs;
mod paths;
mod properties;
mod readme;
mod schemas;
mod snapshots;

use std::path::{Path, PathBuf};

use planlint::files::Input;
use planlint::lint::Linted;
use planlint::project::{Overrides, Projects};

/// The `field` (`message`, `help`) of each finding of `rule` in a JSON report's file entry.
pub fn field_of<'a>(file: &'a serde_json::Value, rule: &str, field: &str) -> Vec<&'a str> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| d[field].as_str().unwrap())
        .collect()
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Whether a fixture file is a plan. The fixture repositories also hold Markdown files of
/// their own (`README.md`, `docs/…`), as empty stand-ins: those are not plans.
pub fn is_plan(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
        && std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// Every Markdown plan under `fixtures/`, relative to it, in `/` form.
pub fn fixture_plans() -> Vec<String> {
    let mut plans = Vec::new();
    let mut pending = vec![fixtures_dir()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            // Never through a symlink: fixtures hold links that lead out of their repository.
            if entry.file_type().unwrap().is_dir() {
                pending.push(path);
            } else if is_plan(&path) {
                let relative = path.strip_prefix(fixtures_dir()).unwrap();
                plans.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    plans
}

/// The repository a fixture plan belongs to: its format's folder (`feature-plan`), or a
/// folder of `repos/` (`repos/paths`).
pub fn fixture_root(relative: &str) -> &str {
    let mut parts = relative.splitn(3, '/');
    let first = parts.next().unwrap();
    match (first, parts.next()) {
        ("repos", Some(name)) => &relative[..first.len() + 1 + name.len()],
        _ => first,
    }
}

/// Lints a fixture (given relative to `fixtures/`) as `planlint check` would, configuration
/// and detection included, with its repository as the root.
pub fn lint_fixture(relative: &str) -> Linted {
    let root = std::fs::canonicalize(fixtures_dir().join(fixture_root(relative))).unwrap();
    let path = fixtures_dir().join(relative);
    let overrides = Overrides {
        root: Some(root.clone()),
        ..Overrides::default()
    };
    let mut projects = Projects::new(overrides, root);
    let project = projects
        .for_dir(path.parent().unwrap())
        .unwrap_or_else(|| panic!("{relative}: {:?}", projects.errors));
    projects.list[project].linter().lint_file(&Input {
        display: relative.to_string(),
        path,
        named: true,
    })
}
