//! The command line, run as users run it.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::fixtures_dir;

pub fn planlint() -> Command {
    let mut command = Command::cargo_bin("planlint").unwrap();
    command.env_remove("NO_COLOR").env("CI", "true");
    command
}

fn stdout(command: &mut Command) -> (i32, String) {
    let output = command.output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// `planlint check --format json --root ROOT PATHS` in the fixtures folder: status and JSON.
fn check_json(root: &str, paths: &[&str]) -> (i32, Value) {
    let (status, out) = stdout(
        planlint()
            .current_dir(fixtures_dir())
            .args(["check", "--format", "json", "--root", root])
            .args(paths),
    );
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    (status, json)
}

pub fn write(dir: &Path, relative: &str, text: &str) {
    let path = dir.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Copies the repository of a format's fixtures (everything but its plans) into `dir`.
pub fn copy_repo(dir: &Path, format: &str) {
    let source = fixtures_dir().join(format);
    let mut pending = vec![source.clone()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(current).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let target = dir.join(path.strip_prefix(&source).unwrap());
            if entry.file_type().unwrap().is_dir() {
                pending.push(path);
            } else if !crate::is_plan(&path) {
                fs::create_dir_all(target.parent().unwrap()).unwrap();
                fs::copy(&path, &target).unwrap();
            }
        }
    }
}

fn copy_fixture(dir: &Path, fixture: &str, to: &str) {
    write(
        dir,
        to,
        &fs::read_to_string(fixtures_dir().join(fixture)).unwrap(),
    );
}

#[test]
fn exit_status_is_0_clean_1_findings() {
    let (status, out) = stdout(planlint().current_dir(fixtures_dir()).args([
        "check",
        "--root",
        "feature-plan",
        "feature-plan/specs/clean.md",
    ]));
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("1 file checked: no problems found."), "{out}");
    let (status, _) = stdout(planlint().current_dir(fixtures_dir()).args([
        "check",
        "--root",
        "feature-plan",
        "feature-plan/specs/missing-section.md",
    ]));
    assert_eq!(status, 1);
}

#[test]
fn warnings_alone_exit_0() {
    let (status, out) = stdout(planlint().current_dir(fixtures_dir()).args([
        "--root",
        "adw-feature",
        "adw-feature/specs/feature-4f9c2a1e-unknown-section.md",
    ]));
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("0 errors, 1 warning"), "{out}");
}

#[test]
fn check_is_the_default_command_and_specs_the_default_path() {
    let dir = tempfile::tempdir().unwrap();
    copy_repo(dir.path(), "feature-plan");
    copy_fixture(
        dir.path(),
        "feature-plan/specs/clean.md",
        "specs/bookmarks.md",
    );
    copy_fixture(
        dir.path(),
        "feature-plan/specs/title.md",
        "specs/deep/title.md",
    );
    copy_fixture(
        dir.path(),
        "feature-plan/specs/title.md",
        "docs/not-linted.md",
    );
    let (status, out) = stdout(
        planlint()
            .current_dir(dir.path())
            .args(["--format", "compact"]),
    );
    assert_eq!(status, 1);
    assert_eq!(
        out,
        "specs/deep/title.md:5:1: error[title] title `# Saved Query Bookmarks` does not match `# Feature: <feature name>`\n\
         specs/deep/title.md:186:1: error[title] second `#` title `# Install the dependency before the first run`\n"
    );
}

#[test]
fn no_plans_under_the_default_path_is_a_warning_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let output = planlint().current_dir(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no plans to lint"));
}

#[test]
fn an_explicit_glob_that_matches_nothing_fails() {
    let dir = tempfile::tempdir().unwrap();
    let output = planlint()
        .current_dir(dir.path())
        .args(["check", "plans/**/*.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`plans/**/*.md` matches no file"));
}

#[test]
fn directories_are_walked_honouring_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    copy_repo(dir.path(), "feature-plan");
    copy_fixture(dir.path(), "feature-plan/specs/clean.md", "specs/a.md");
    copy_fixture(
        dir.path(),
        "feature-plan/specs/title.md",
        "specs/drafts/b.md",
    );
    write(dir.path(), "specs/.gitignore", "drafts/\n");
    let (status, out) = stdout(
        planlint()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "specs"]),
    );
    assert_eq!(status, 0, "{out}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 1);
    assert_eq!(json["files"][0]["path"], "specs/a.md");
}

#[test]
fn json_has_the_documented_shape() {
    let (status, json) = check_json(
        "feature-plan",
        &[
            "feature-plan/specs/missing-section.md",
            "feature-plan/specs/clean.md",
        ],
    );
    assert_eq!(status, 1);
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(json["summary"]["errors"], 2);
    assert_eq!(json["summary"]["warnings"], 0);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files[0]["path"], "feature-plan/specs/clean.md");
    assert_eq!(files[0]["ruleset"], "feature-plan");
    assert_eq!(files[0]["diagnostics"], Value::Array(vec![]));
    let first = &files[1]["diagnostics"][0];
    assert_eq!(first["rule"], "missing-section");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["message"], "missing `## User Story` section");
    assert_eq!(
        first["help"],
        "add `## User Story` after `## Feature Description`"
    );
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(17), Some(1))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(17), Some(21))
    );
    let edit = &first["fix"]["edits"][0];
    assert_eq!(
        (edit["line"].as_u64(), edit["column"].as_u64()),
        (Some(17), Some(1))
    );
    assert_eq!(edit["replacement"], "## User Story\n\n");
}

#[test]
fn output_is_the_same_run_to_run_and_thread_count_to_thread_count() {
    let run = |threads: &str| {
        stdout(
            planlint()
                .current_dir(fixtures_dir())
                .env("RAYON_NUM_THREADS", threads)
                .args(["check", "--format", "json", "."]),
        )
        .1
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    assert_eq!(one, run("4"));
}

#[test]
fn ruleset_flag_takes_an_id_or_a_file() {
    let (status, out) = stdout(planlint().current_dir(fixtures_dir()).args([
        "check",
        "--format",
        "compact",
        "--ruleset",
        "export-plan",
        "feature-plan/specs/clean.md",
    ]));
    assert_eq!(status, 1);
    assert!(out.contains("error[title]"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "team.toml",
        "name = \"Team\"\n[[section]]\nname = \"Context\"\n[[section]]\nname = \"Plan\"\n",
    );
    write(dir.path(), "plan.md", "# Anything\n\n## Plan\n\nDo it.\n");
    let (status, out) = stdout(planlint().current_dir(dir.path()).args([
        "check",
        "--format",
        "compact",
        "--ruleset",
        "team.toml",
        "plan.md",
    ]));
    assert_eq!(status, 1);
    assert_eq!(
        out,
        "plan.md:3:1: error[missing-section] missing `## Context` section\n"
    );
}

#[test]
fn a_broken_ruleset_points_into_the_toml_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.toml",
        "name = \"Bad\"\n[[section]]\nname = \"A\"\nparent = \"Nope\"\n",
    );
    write(dir.path(), "plan.md", "# Plan\n");
    let output = planlint()
        .current_dir(dir.path())
        .args(["check", "--ruleset", "bad.toml", "plan.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown parent section `Nope`"), "{stderr}");
    assert!(stderr.contains("bad.toml:4:10"), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "0 files checked; 1 file not checked (see the errors above).\n"
    );
}

#[test]
fn an_unknown_ruleset_id_suggests_the_closest() {
    let output = planlint()
        .args(["check", "--ruleset", "feature-plna", "x.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean `feature-plan`?"));
}

#[test]
fn rules_are_listed_and_explained() {
    let (status, out) = stdout(planlint().args(["rules"]));
    assert_eq!(status, 0);
    for rule in planlint::rules::all() {
        assert!(out.contains(rule.id), "{} not listed", rule.id);
    }
    let (status, out) = stdout(planlint().args(["rules", "missing-section"]));
    assert_eq!(status, 0);
    assert!(
        out.starts_with("missing-section (error by default)"),
        "{out}"
    );
    assert!(out.contains("## Why it matters"));
    let output = planlint()
        .args(["rules", "missing-sectoin"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("did you mean `missing-section`?"));
}

#[test]
fn rulesets_are_listed() {
    let (status, out) = stdout(planlint().args(["rulesets"]));
    assert_eq!(status, 0);
    for id in [
        "adw-feature",
        "bug-plan",
        "chore-plan",
        "export-plan",
        "feature-plan",
        "numbered-plan",
        "patch-plan",
        "spec-kit-plan",
        "spec-kit-spec",
        "spec-kit-tasks",
        "staged-spec",
    ] {
        assert!(out.contains(id), "{id} not listed:\n{out}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        planlint()
            .args(["check", "--format", "xml"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        planlint()
            .args(["--no-such-flag"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn help_teaches_by_example() {
    let (status, out) = stdout(planlint().args(["--help"]));
    assert_eq!(status, 0);
    assert!(
        out.contains("Examples:") && out.contains("Exit status:"),
        "{out}"
    );
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    let args = ["check", "feature-plan/specs/title.md"];
    let (_, plain) = stdout(planlint().current_dir(fixtures_dir()).args(args));
    assert!(!plain.contains('\u{1b}'), "no colour when piped");
    let (_, coloured) = stdout(
        planlint()
            .current_dir(fixtures_dir())
            .args(args)
            .args(["--color", "always"]),
    );
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn suppressed_findings_pass_and_are_counted_in_json() {
    let (status, json) = check_json("feature-plan", &["feature-plan/specs/suppressions.md"]);
    assert_eq!(status, 0, "{json}");
    assert_eq!(json["files"][0]["diagnostics"], Value::Array(vec![]));
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 0);
    assert_eq!(json["summary"]["suppressed"], 7);
}

#[test]
fn a_markdown_file_can_say_it_is_not_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let notes = "# Meeting notes\n\n<!-- planlint-disable-file unknown-format -->\n";
    write(dir.path(), "specs/notes.md", notes);
    write(
        dir.path(),
        "specs/typo.md",
        &notes.replace("unknown-format", "unknown-formt"),
    );
    let (status, out) = stdout(
        planlint()
            .current_dir(dir.path())
            .args(["check", "--format", "compact", "specs"]),
    );
    assert_eq!(status, 1, "{out}");
    assert!(!out.contains("notes.md"), "{out}");
    assert!(
        out.contains("specs/typo.md:1:1: error[unknown-format]"),
        "{out}"
    );
    assert!(
        out.contains(
            "specs/typo.md:3:28: warning[invalid-suppression] unknown rule `unknown-formt` in suppression"
        ),
        "{out}"
    );
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (status, out) = stdout(planlint().args(["completions", shell]));
        assert_eq!(status, 0, "{shell}");
        assert!(out.contains("stdin-filename"), "{shell}");
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, bash) = stdout(planlint().args(["completions", "bash"]));
    write(dir.path(), "planlint.bash", &bash);
    if let Ok(check) = std::process::Command::new("bash")
        .arg("-n")
        .arg(dir.path().join("planlint.bash"))
        .output()
    {
        assert!(check.status.success(), "the bash completion script parses");
    }
    let (status, man) = stdout(planlint().arg("man"));
    assert_eq!(status, 0);
    assert!(man.contains(".TH planlint 1"), "{man}");
    assert!(man.contains("\\-\\-deny\\-warnings"));
}
