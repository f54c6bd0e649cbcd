//! Configuration: discovery, precedence, every key, and each mistake pointed at in its file.

use std::path::Path;

use serde_json::Value;

use crate::cli::{planlint, write};
use crate::field_of;

/// A plan that detection gives to feature-plan, with one `unknown-section` warning, one
/// `missing-section` error and no path checks that depend on the tree.
const PLAN: &str = "# Feature: Bookmarks\n\n## Feature Description\nSave queries.\n\n## User Story\nAs a user I want bookmarks so that I rerun queries.\n\n## Problem Statement\nQueries are lost.\n\n## Solution Statement\nStore them.\n\n## Extras\nMore.\n";

/// `planlint check --format json ARGS` in `dir`: exit status, JSON report, stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let output = planlint()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        output.status.code().unwrap(),
        json,
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The rule ids reported for each file, in order.
fn rules(json: &Value) -> Vec<(String, Vec<String>)> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            let rules = file["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["rule"].as_str().unwrap().to_string())
                .collect();
            (file["path"].as_str().unwrap().to_string(), rules)
        })
        .collect()
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "specs/plan.md", PLAN);
    dir
}

/// A repository with the configuration file `name` holding `text`.
fn repo_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = repo();
    write(dir.path(), name, text);
    dir
}

fn has(json: &Value, rule: &str) -> bool {
    rules(json).iter().any(|(_, r)| r.iter().any(|r| r == rule))
}

#[test]
fn the_nearest_configuration_applies_and_none_above_the_repository() {
    let dir = repo();
    // Above the repository: never read.
    let outer = dir.path().join("outer");
    std::fs::create_dir_all(outer.join(".git")).unwrap();
    write(
        dir.path(),
        "planlint.toml",
        "[severity]\nunknown-section = \"off\"\n",
    );
    write(&outer, "specs/plan.md", PLAN);
    write(
        &outer,
        "specs/deep/planlint.toml",
        "[severity]\nmissing-section = \"warning\"\n",
    );
    write(&outer, "specs/deep/plan.md", PLAN);
    let (_, json, _) = run(&outer, &["specs"]);
    let found = rules(&json);
    let deep = &found
        .iter()
        .find(|(p, _)| p == "specs/deep/plan.md")
        .unwrap()
        .1;
    let plain = &found.iter().find(|(p, _)| p == "specs/plan.md").unwrap().1;
    assert!(plain.contains(&"unknown-section".to_string()), "{found:?}");
    let severities: Vec<&str> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-section")
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert!(deep.contains(&"unknown-section".to_string()));
    assert!(severities.iter().all(|s| *s == "warning"), "{severities:?}");
}

#[test]
fn dotted_and_pyproject_configurations_are_found() {
    let dir = repo_with(".planlint.toml", "[severity]\nunknown-section = \"off\"\n");
    let (_, json, _) = run(dir.path(), &[]);
    assert!(!has(&json, "unknown-section"));

    let dir = repo_with(
        "pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.planlint.severity]\nunknown-section = \"off\"\n",
    );
    let (_, json, _) = run(dir.path(), &[]);
    assert!(!has(&json, "unknown-section"));
}

#[test]
fn a_pyproject_without_planlint_is_not_read_as_a_configuration() {
    let dir = repo_with("pyproject.toml", "[project\nbroken = \n");
    let (status, json, stderr) = run(dir.path(), &[]);
    assert_eq!(status, 1, "{stderr}");
    assert!(has(&json, "unknown-section"));
}

#[test]
fn two_configuration_files_in_one_folder_are_an_error() {
    let dir = repo_with("planlint.toml", "");
    write(dir.path(), ".planlint.toml", "");
    let (status, json, stderr) = run(dir.path(), &["specs"]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("both planlint.toml and .planlint.toml"),
        "{stderr}"
    );
    assert_eq!(json["summary"]["not_checked"], 1);
}

#[test]
fn flags_override_the_file() {
    let dir = repo_with("planlint.toml", "[severity]\nunknown-section = \"off\"\n");
    write(
        dir.path(),
        "other.toml",
        "[severity]\nmissing-section = \"off\"\n",
    );
    let (_, json, _) = run(dir.path(), &["--isolated"]);
    assert!(has(&json, "unknown-section") && has(&json, "missing-section"));
    let (_, json, _) = run(dir.path(), &["--config", "other.toml"]);
    assert!(has(&json, "unknown-section") && !has(&json, "missing-section"));
    let output = planlint()
        .current_dir(dir.path())
        .args(["check", "--config", "other.toml", "--isolated"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "the two flags conflict");
}

#[test]
fn include_and_exclude_choose_the_files() {
    let dir = repo();
    write(dir.path(), "plans/a.md", PLAN);
    write(dir.path(), "plans/drafts/b.md", PLAN);
    write(
        dir.path(),
        "planlint.toml",
        "include = [\"plans/**/*.md\"]\nexclude = [\"plans/drafts/**\"]\n",
    );
    let (_, json, _) = run(dir.path(), &[]);
    let files: Vec<String> = rules(&json).into_iter().map(|(p, _)| p).collect();
    assert_eq!(files, ["plans/a.md"]);
    // From a folder below the configuration, the globs still start at its folder.
    let (_, json, _) = run(&dir.path().join("plans"), &[]);
    let files: Vec<String> = rules(&json).into_iter().map(|(p, _)| p).collect();
    assert_eq!(files, ["../plans/a.md"]);
    // A file named on the command line is linted even when excluded, unless forced.
    let (_, json, _) = run(dir.path(), &["plans/drafts/b.md"]);
    assert_eq!(rules(&json).len(), 1);
    let (_, json, _) = run(dir.path(), &["--force-exclude", "plans/drafts/b.md"]);
    assert_eq!(rules(&json).len(), 0);
}

#[test]
fn match_entries_choose_the_ruleset_before_detection() {
    let dir = repo_with(
        "planlint.toml",
        "[[match]]\nfiles = [\"specs/**\"]\nruleset = \"staged-spec\"\n",
    );
    let (_, json, _) = run(dir.path(), &[]);
    assert_eq!(json["files"][0]["ruleset"], "staged-spec");
    let (_, json, _) = run(dir.path(), &["--ruleset", "feature-plan"]);
    assert_eq!(
        json["files"][0]["ruleset"], "feature-plan",
        "--ruleset wins"
    );
}

#[test]
fn severities_per_rule_and_per_ruleset() {
    let dir = repo_with(
        "planlint.toml",
        "[severity]\nunknown-section = \"error\"\n\n[ruleset-severity.feature-plan]\nmissing-section = \"info\"\n\n[ruleset-severity.staged-spec]\nmissing-section = \"off\"\n",
    );
    let (status, json, _) = run(dir.path(), &[]);
    let severity = |rule: &str| {
        json["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == rule)
            .map(|d| d["severity"].as_str().unwrap().to_string())
    };
    assert_eq!(severity("unknown-section").as_deref(), Some("error"));
    assert_eq!(severity("missing-section").as_deref(), Some("info"));
    assert_eq!(status, 1);
}

#[test]
fn the_team_rulesets_folder_adds_and_replaces_formats() {
    let dir = repo_with("planlint.toml", "rulesets-dir = \"planlint\"\n");
    write(
        dir.path(),
        "planlint/feature-plan.toml",
        "extends = \"feature-plan\"\nname = \"Our feature plan\"\n\n[[section]]\nname = \"Extras\"\n",
    );
    let (_, json, stderr) = run(dir.path(), &["-v"]);
    assert_eq!(json["files"][0]["ruleset"], "feature-plan");
    assert!(
        !has(&json, "unknown-section"),
        "the team's feature-plan knows Extras"
    );
    assert!(
        stderr.contains("specs/plan.md: ruleset feature-plan (detected, score"),
        "{stderr}"
    );
    assert!(stderr.contains("configuration: planlint.toml"), "{stderr}");
}

#[test]
fn root_and_path_bases_and_the_size_cap() {
    let dir = repo();
    write(dir.path(), "svc/api/handlers.py", "");
    write(
        dir.path(),
        "specs/paths.md",
        "# Feature: X\n\n## Relevant Files\n- `handlers.py` - bare name\n- `api/handlers.py` - from the svc base\n",
    );
    write(
        dir.path(),
        "planlint.toml",
        "path-bases = [\"svc\"]\nmax-file-size = 200\n",
    );
    let (_, json, _) = run(dir.path(), &["--ruleset", "feature-plan", "specs"]);
    let found = rules(&json);
    let paths = &found.iter().find(|(p, _)| p == "specs/paths.md").unwrap().1;
    assert!(!paths.contains(&"missing-path".to_string()), "{found:?}");
    let plan = &found.iter().find(|(p, _)| p == "specs/plan.md").unwrap().1;
    assert_eq!(plan, &["invalid-input"], "the plan is over 200 bytes");

    // A configuration may narrow the root: paths then start at its folder.
    write(dir.path(), "planlint.toml", "root = \"svc\"\n");
    write(
        dir.path(),
        "svc/specs/narrow.md",
        "# Feature: X\n\n## Relevant Files\n- `api/handlers.py` - from the root\n- `svc/api/handlers.py` - from the repository\n",
    );
    let (_, json, _) = run(
        dir.path(),
        &["--ruleset", "feature-plan", "svc/specs/narrow.md"],
    );
    assert_eq!(
        field_of(&json["files"][0], "missing-path", "message"),
        ["`svc/api/handlers.py` does not exist"]
    );
}

#[test]
fn mistakes_point_into_the_configuration() {
    let cases = [
        ("severity = 3\n", "invalid type", "3"),
        ("includes = []\n", "unknown field `includes`", "includes"),
        ("root = \"/\"\n", "leaves the project", "\"/\""),
        ("root = \"../..\"\n", "leaves the project", "\"../..\""),
        (
            "rulesets-dir = \"/etc\"\n",
            "leaves the project",
            "\"/etc\"",
        ),
        (
            "max-file-size = \"ten megabytes\"\n",
            "invalid type",
            "\"ten megabytes\"",
        ),
        ("exclude = [\"a/[b\"]\n", "invalid glob", "\"a/[b\""),
        (
            "[severity]\nmissing-sectoin = \"off\"\n",
            "did you mean `missing-section`",
            "missing-sectoin",
        ),
        (
            "[severity]\nmissing-section = \"loud\"\n",
            "unknown severity",
            "\"loud\"",
        ),
        (
            "[severity]\ninvalid-input = \"off\"\n",
            "cannot be turned off",
            "\"off\"",
        ),
        (
            "[[match]]\nfiles = [\"specs/**\"]\nruleset = \"feature-plna\"\n",
            "did you mean `feature-plan`",
            "\"feature-plna\"",
        ),
        (
            "[ruleset-severity.nope]\ntitle = \"off\"\n",
            "unknown ruleset `nope`",
            "nope",
        ),
        (
            "[hooks]\npre = \"touch /tmp/x\"\n",
            "unknown field `hooks`",
            "hooks",
        ),
    ];
    for (config, message, place) in cases {
        let dir = repo_with("planlint.toml", config);
        let output = planlint()
            .current_dir(dir.path())
            .args(["check", "--color", "never"])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{config}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{config}: {stderr}");
        assert!(
            stderr.contains("planlint.toml:"),
            "{config}: no place in {stderr}"
        );
        let line = stderr
            .lines()
            .find(|l| l.contains(place) && l.contains('│'))
            .unwrap_or_else(|| panic!("{config}: the snippet shows {place}: {stderr}"));
        assert!(!line.is_empty());
    }
}

#[test]
fn a_broken_team_ruleset_points_into_its_own_file() {
    let dir = repo_with("planlint.toml", "rulesets-dir = \"rulesets\"\n");
    write(
        dir.path(),
        "rulesets/ours.toml",
        "extends = \"feature-plan\"\nremove-sections = [\"Notez\"]\n",
    );
    let (status, _, stderr) = run(dir.path(), &[]);
    assert_eq!(status, 2);
    assert!(stderr.contains("rulesets/ours.toml:2:"), "{stderr}");
    assert!(stderr.contains("did you mean `Notes`?"), "{stderr}");
}

/// A pull request can commit a symlink: a configuration reached through one that leads out of
/// the repository is refused unread, or its parse error would print the target's lines (a
/// CI job's environment, through `/proc/self/environ`).
#[cfg(unix)]
#[test]
fn a_configuration_through_a_symlink_out_of_the_repository_is_not_read() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "secret.toml",
        "OUTSIDE-SECRET = = planlint\n",
    );
    write(outside.path(), "dir/planlint.toml", "OUTSIDE-SECRET = =\n");
    write(outside.path(), "dir/plan.md", PLAN);
    for name in ["planlint.toml", ".planlint.toml", "pyproject.toml"] {
        let dir = repo();
        symlink(outside.path().join("secret.toml"), dir.path().join(name)).unwrap();
        let (status, _, stderr) = run(dir.path(), &["--color", "never"]);
        assert_eq!(status, 2, "{name}");
        assert!(
            stderr.contains("reached through a symlink leading outside"),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("OUTSIDE-SECRET"), "{name}: {stderr}");
    }
    let dir = repo();
    symlink(outside.path().join("dir"), dir.path().join("specs/linked")).unwrap();
    symlink("specs", dir.path().join("inside")).unwrap();
    let (status, json, stderr) = run(dir.path(), &["specs/linked/", "inside/plan.md"]);
    assert_eq!(status, 2);
    assert!(!stderr.contains("OUTSIDE-SECRET"), "{stderr}");
    assert!(!json.to_string().contains("OUTSIDE-SECRET"));
}
