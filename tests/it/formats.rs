//! The commands about formats: `rulesets`, `ruleset show`, `template` and `init`.

use std::path::Path;

use crate::cli::{planlint, write};
use crate::fixtures_dir;

/// `planlint ARGS` in `dir`: exit status, stdout, stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = planlint().current_dir(dir).args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn team() -> std::path::PathBuf {
    fixtures_dir().join("repos/team")
}

#[test]
fn rulesets_lists_the_teams_before_the_built_ins() {
    let (status, out, _) = run(&team(), &["rulesets"]);
    assert_eq!(status, 0);
    let ids: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(ids[..2], ["team-feature", "upstream-feature"], "{out}");
    assert!(ids.contains(&"feature-plan"));
    assert!(
        out.contains("Team feature plan (rulesets/team-feature.toml)"),
        "{out}"
    );
}

#[test]
fn ruleset_show_prints_the_effective_ruleset() {
    let (status, out, _) = run(&team(), &["ruleset", "show", "team-feature"]);
    assert_eq!(status, 0);
    assert!(out.starts_with("# The ruleset `team-feature`"), "{out}");
    assert!(!out.lines().any(|l| l.starts_with("extends")), "{out}");
    assert!(out.contains("name = \"Rollback Plan\""));
    assert!(!out.contains("name = \"Notes\""));
    // What it prints is a ruleset of its own, and lints the same.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "shown.toml", &out);
    let plan = team().join("specs/team-feature-missing-section.md");
    let output = planlint()
        .args(["check", "--format", "compact", "--isolated", "--ruleset"])
        .arg(dir.path().join("shown.toml"))
        .arg("--root")
        .arg(team())
        .arg(&plan)
        .output()
        .unwrap();
    let compact = String::from_utf8_lossy(&output.stdout);
    assert!(
        compact.contains("missing `## Rollback Plan` section"),
        "{compact}"
    );
}

#[test]
fn ruleset_show_of_an_unknown_id_suggests_one() {
    let (status, _, err) = run(&team(), &["ruleset", "show", "team-featur"]);
    assert_eq!(status, 2);
    assert!(err.contains("did you mean `team-feature`?"), "{err}");
}

#[test]
fn a_template_lints_with_only_placeholders() {
    for id in [
        "feature-plan",
        "team-feature",
        "upstream-feature",
        "staged-spec",
    ] {
        let (status, template, _) = run(&team(), &["template", id]);
        assert_eq!(status, 0, "{id}");
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "template.md", &template);
        let output = planlint()
            .current_dir(team())
            .args(["check", "--format", "json", "--config", "planlint.toml"])
            .args(["--ruleset", id])
            .arg(dir.path().join("template.md"))
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let rules: Vec<&str> = json["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        assert!(
            rules.iter().all(|r| *r == "placeholder"),
            "{id}: {rules:?}\n{template}"
        );
    }
}

#[test]
fn the_team_template_has_the_teams_sections() {
    let (_, template, _) = run(&team(), &["template", "team-feature"]);
    assert!(template.contains("\n## Rollback Plan\n"), "{template}");
    assert!(!template.contains("## Notes"));
    let rollback = &template[template.find("## Rollback Plan").unwrap()..];
    let items = rollback
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with("- "))
        .count();
    assert_eq!(items, 2, "min-items = 2: {rollback}");
}

#[test]
fn init_writes_a_configuration_for_the_plans_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for plan in ["clean.md", "missing-section.md"] {
        let text = std::fs::read_to_string(fixtures_dir().join("feature-plan/specs").join(plan));
        write(dir.path(), &format!("plans/{plan}"), &text.unwrap());
    }
    let staged = std::fs::read_to_string(fixtures_dir().join("staged-spec/clean.md")).unwrap();
    write(dir.path(), "docs/specs/x.md", &staged);
    write(dir.path(), "README.md", "# Project\n\nNot a plan.\n");
    let (status, _, err) = run(dir.path(), &["init"]);
    assert_eq!(status, 0, "{err}");
    let config = std::fs::read_to_string(dir.path().join("planlint.toml")).unwrap();
    assert!(
        config.contains("include = [\"docs/specs/**/*.md\", \"plans/**/*.md\"]"),
        "{config}"
    );
    assert!(config.contains("files = [\"plans/**/*.md\"]\nruleset = \"feature-plan\""));
    assert!(config.contains("files = [\"docs/specs/**/*.md\"]\nruleset = \"staged-spec\""));
    assert!(
        config.contains("# missing-section = \"warning\""),
        "{config}"
    );
    assert!(err.contains("wrote planlint.toml for 3 plans"), "{err}");
    assert!(err.contains("missing-section"), "{err}");
    // The configuration it wrote is used from then on, and is not overwritten.
    let (status, out, _) = run(dir.path(), &["--format", "compact"]);
    assert_eq!(status, 1);
    assert!(out.contains("plans/missing-section.md"), "{out}");
    assert!(!out.contains("README.md"));
    let (status, _, err) = run(dir.path(), &["init"]);
    assert_eq!(status, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(run(dir.path(), &["init", "--force"]).0, 0);
}
