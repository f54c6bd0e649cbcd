//! The CI and editor formats, standard input, and the flags that shape a run.

use serde_json::Value;

use crate::cli::{planlint, write};
use crate::{field_of, fixtures_dir};

/// `planlint check ARGS` in `fixtures/`: exit status, stdout, stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let output = planlint()
        .current_dir(fixtures_dir())
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

const TYPO: &str = "feature-plan/specs/heading-typo.md";
const CLEAN: &str = "feature-plan/specs/clean.md";

#[test]
fn sarif_describes_the_tool_the_rules_and_each_finding() {
    let (status, out, _) = run(&["--format", "sarif", "--root", "feature-plan", TYPO, CLEAN]);
    assert_eq!(status, 1);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "planlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), planlint::rules::all().len());
    let typo = rules
        .iter()
        .position(|r| r["id"] == "heading-typo")
        .unwrap();
    assert!(
        rules[typo]["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules/heading-typo.md")
    );
    assert!(
        rules[typo]["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## Example")
    );
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let first = &results[0];
    assert_eq!(first["ruleId"], "heading-typo");
    assert_eq!(first["ruleIndex"], typo);
    assert_eq!(first["level"], "error");
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], TYPO);
    assert_eq!(location["region"]["startLine"], 153);
    assert!(
        first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
            .as_str()
            .unwrap()
            .contains("Edge Cases")
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn github_annotations_escape_what_could_inject_a_command() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "specs/evil.md",
        "# Feature: x\n\n## Feature Description\n\n## Extra, Section: 100%\n\n::error::injected\n",
    );
    let output = planlint()
        .current_dir(dir.path())
        .args(["check", "--format", "github", "--isolated", "specs/evil.md"])
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    for line in out.lines() {
        assert!(
            line.starts_with("::error file=specs/evil.md,line=")
                || line.starts_with("::warning file=specs/evil.md,line=")
                || line.starts_with("planlint: "),
            "{line}"
        );
    }
    let unknown = out
        .lines()
        .find(|l| l.contains("title=planlint unknown-section"))
        .unwrap();
    assert!(unknown.contains("Extra, Section: 100%25"), "{unknown}");
    assert!(out.contains("%0Ahelp: "), "{out}");
}

#[test]
fn junit_has_a_suite_per_plan_and_a_case_per_finding() {
    let (status, out, _) = run(&["--format", "junit", "--root", "feature-plan", TYPO, CLEAN]);
    assert_eq!(status, 1);
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert_eq!(out.matches("<testsuite ").count(), 2);
    assert!(out.contains(&format!(
        "<testsuite name=\"{TYPO}\" tests=\"2\" failures=\"2\" errors=\"0\""
    )));
    assert!(out.contains(&format!(
        "<testsuite name=\"{CLEAN}\" tests=\"1\" failures=\"0\""
    )));
    assert!(out.contains("<failure message=\"`### Edge Case` looks like a misspelling"));
    assert!(out.trim_end().ends_with("</testsuites>"));
}

#[test]
fn warnings_fail_the_run_only_when_denied() {
    let plan = "feature-plan/specs/unknown-section.md";
    let (status, out, _) = run(&["--format", "compact", "--root", "feature-plan", plan]);
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("warning[unknown-section]"));
    let (status, _, _) = run(&["--deny-warnings", "--root", "feature-plan", plan]);
    assert_eq!(status, 1);
}

#[test]
fn quiet_prints_findings_only_and_statistics_counts_them() {
    let (_, out, _) = run(&["--quiet", "--root", "feature-plan", CLEAN]);
    assert_eq!(out, "", "a clean plan prints nothing");
    let (_, out, _) = run(&[
        "--statistics",
        "--root",
        "feature-plan",
        "feature-plan/specs",
    ]);
    let first = out.lines().next().unwrap();
    assert!(first.trim_start().starts_with(char::is_numeric), "{out}");
    assert!(out.contains("  error    missing-section"), "{out}");
    assert!(out.lines().last().unwrap().contains("files checked"));
    let (_, out, _) = run(&[
        "--statistics",
        "--format",
        "json",
        "--root",
        "feature-plan",
        TYPO,
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["statistics"][0]["rule"], "heading-typo");
    assert_eq!(json["statistics"][0]["count"], 2);
    let (status, _, err) = run(&["--statistics", "--format", "sarif", TYPO]);
    assert_eq!(status, 2);
    assert!(err.contains("--statistics works with"), "{err}");
}

#[test]
fn the_report_can_go_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("planlint.sarif");
    let (status, out, _) = run(&[
        "--format",
        "sarif",
        "--output",
        report.to_str().unwrap(),
        "--root",
        "feature-plan",
        TYPO,
    ]);
    assert_eq!((status, out.as_str()), (1, ""));
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
    let (status, _, err) = run(&["--output", "/nonexistent-dir/x.txt", TYPO]);
    assert_eq!(status, 2);
    assert!(err.contains("cannot write the report"), "{err}");
}

/// Standard input, named: the name picks the configuration and ruleset and places the plan
/// in the repository, but is never opened.
#[test]
fn standard_input_is_linted_under_the_name_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "app/server/main.py", "");
    write(
        dir.path(),
        "planlint.toml",
        "[[match]]\nfiles = [\"specs/**\"]\nruleset = \"feature-plan\"\n",
    );
    let plan = "# Plan\n\n## Relevant Files\n- `app/server/main.py` - exists\n- `app/server/gone.py` - does not\n";
    let lint = |name: &str| {
        let output = planlint()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "-", "--stdin-filename", name])
            .write_stdin(plan)
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        (output.status.code().unwrap(), json)
    };
    let (status, json) = lint("specs/new-plan.md");
    assert_eq!(status, 1);
    let file = &json["files"][0];
    assert_eq!(file["path"], "specs/new-plan.md");
    assert_eq!(file["ruleset"], "feature-plan", "[[match]] by the name");
    assert_eq!(
        field_of(file, "missing-path", "message"),
        ["`app/server/gone.py` does not exist"]
    );
    // `--stdin-filename` alone means standard input too.
    let output = planlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "compact",
            "--stdin-filename",
            "specs/new-plan.md",
        ])
        .write_stdin(plan)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("specs/new-plan.md:5:3: error[missing-path]")
    );
    // A name outside the root is a name only: nothing there is read, no path is checked.
    let (_, json) = lint("/etc/passwd");
    assert_eq!(json["files"][0]["diagnostics"][0]["rule"], "unknown-format");
    assert_eq!(json["files"][0]["path"], "/etc/passwd");
    assert!(!json.to_string().contains("root:x:0"));
}

#[test]
fn standard_input_is_refused_like_a_file() {
    for (bytes, reason) in [
        (&b"\xff\xfe#\x00 \x00"[..], "UTF-16"),
        (&b"# Plan\n\xc3\x28\n"[..], "not UTF-8"),
        (&b"# Plan\x00\n"[..], "binary"),
    ] {
        let output = planlint()
            .args(["check", "--format", "compact", "-"])
            .write_stdin(bytes)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let out = String::from_utf8_lossy(&output.stdout);
        assert!(
            out.starts_with("-:1:1: error[invalid-input]") && out.contains(reason),
            "{out}"
        );
    }
    let output = planlint()
        .args(["check", "-", "specs/x.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "`-` with paths");
}

#[test]
fn document_text_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "plan.md",
        "# Feature: x\n\n## Feature Description\n\n## Extra \u{1b}[2J\u{202e}evil\u{200b}\n",
    );
    let output = planlint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--color", "always", "plan.md"])
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    // The only ESC bytes are the report's own colours: none is followed by `[2J`.
    assert!(!out.contains("\u{1b}[2J"));
    assert!(!out.contains('\u{202e}') && !out.contains('\u{200b}'));
    assert!(out.contains("\\u{1b}[2J\\u{202e}evil\\u{200b}"), "{out}");
    let compact = planlint()
        .current_dir(dir.path())
        .args(["check", "--isolated", "--format", "compact", "plan.md"])
        .output()
        .unwrap();
    let compact = String::from_utf8(compact.stdout).unwrap();
    assert!(
        !compact.contains('\u{1b}') && !compact.contains('\u{202e}'),
        "{compact}"
    );
}
