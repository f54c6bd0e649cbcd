//! The two files read to check commands: a Makefile's targets and a package.json's scripts.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

/// Manifests larger than this are not read: a Makefile or package.json is a few kilobytes.
const MAX_MANIFEST_SIZE: u64 = 1024 * 1024;

/// The text of a manifest already found in the index (so inside the root, not through a
/// link out), up to the size cap.
pub fn read(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() > MAX_MANIFEST_SIZE {
        return None;
    }
    let mut text = String::new();
    file.take(MAX_MANIFEST_SIZE)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

/// The targets a Makefile defines.
#[derive(Debug, Default)]
pub struct Makefile {
    targets: HashSet<String>,
    /// Nothing to read (an empty file): no target can be ruled out.
    unknown: bool,
}

impl Makefile {
    /// Rules (`name:`, `a b: deps`, `name::`) and `.PHONY` names; variable assignments
    /// (`X := y`) and recipe lines are not targets.
    pub fn parse(text: &str) -> Self {
        let mut targets = HashSet::new();
        for line in text.lines() {
            if line.starts_with('\t') || line.trim_start().starts_with('#') {
                continue;
            }
            let Some(colon) = line.find(':') else {
                continue;
            };
            let after = &line[colon + 1..];
            if after.starts_with('=') || line[..colon].contains('=') {
                continue;
            }
            let names = line[..colon].trim();
            let names = names.strip_prefix(".PHONY").map_or(names, |_| after);
            targets.extend(
                names
                    .split_whitespace()
                    .filter(|n| !n.contains('$'))
                    .map(str::to_string),
            );
        }
        Self {
            unknown: text.trim().is_empty(),
            targets,
        }
    }

    /// Whether `target` may be run: defined, or not ruled out.
    pub fn has(&self, target: &str) -> bool {
        self.unknown || self.targets.contains(target)
    }
}

/// The scripts a package.json defines; `None` when it cannot be parsed, and then no script
/// can be ruled out.
#[derive(Debug, Default)]
pub struct PackageJson {
    scripts: Option<HashSet<String>>,
}

impl PackageJson {
    pub fn parse(text: &str) -> Self {
        let scripts = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .map(|json| {
                json.get("scripts")
                    .and_then(|s| s.as_object())
                    .map(|s| s.keys().cloned().collect())
                    .unwrap_or_default()
            });
        Self { scripts }
    }

    /// Whether `script` may be run: defined, or not ruled out.
    pub fn has(&self, script: &str) -> bool {
        self.scripts
            .as_ref()
            .is_none_or(|scripts| scripts.contains(script))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makefile_targets() {
        let makefile = Makefile::parse(
            "VAR := x\nOTHER = y:z\n.PHONY: test lint\n\ntest: build\n\tpytest\nbuild format::\n\t$(MAKE) x\n# ci: no\n",
        );
        for target in ["test", "lint", "build", "format"] {
            assert!(makefile.has(target), "{target}");
        }
        for not_a_target in ["VAR", "OTHER", "ci", "pytest"] {
            assert!(!makefile.has(not_a_target), "{not_a_target}");
        }
    }

    #[test]
    fn package_scripts() {
        let package = PackageJson::parse(
            r#"{"name": "x", "scripts": {"build": "vite build", "test": "vitest"}}"#,
        );
        assert!(package.has("build") && package.has("test") && !package.has("lint"));
        assert!(
            PackageJson::parse("not json").has("build"),
            "an unreadable manifest rules nothing out"
        );
        assert!(!PackageJson::parse("{}").has("build"));
        assert!(Makefile::parse("").has("test"));
    }
}
