//! Paths and commands against a repository: `fixtures/repos/paths` and scratch trees.

use std::fs;
use std::path::Path;

use crate::cli::{planlint, write};
use crate::{fixtures_dir, lint_fixture};

/// (line, rule, message, help) of every finding of the path fixture.
fn references() -> Vec<(usize, String, String, String)> {
    let linted = lint_fixture("repos/paths/specs/references.md");
    let document = linted.document.as_ref().unwrap();
    linted
        .diagnostics
        .iter()
        .map(|d| {
            let line = document.position(d.span.start).line;
            (
                line,
                d.rule.id.to_string(),
                d.message.clone(),
                d.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn at(line: usize) -> Vec<(String, String, String)> {
    references()
        .into_iter()
        .filter(|(l, ..)| *l == line)
        .map(|(_, rule, message, help)| (rule, message, help))
        .collect()
}

#[test]
fn missing_paths_name_the_closest_real_path() {
    let typo = &at(45)[0];
    assert_eq!(typo.1, "`app/server/core/sql_procesor.py` does not exist");
    assert_eq!(typo.2, "did you mean `app/server/core/sql_processor.py`?");
    let elsewhere = &at(46)[0];
    assert_eq!(
        elsewhere.2,
        "did you mean `app/server/core/sql_processor.py`?"
    );
    let glob = &at(48)[0];
    assert_eq!(
        (glob.0.as_str(), glob.1.as_str()),
        ("missing-path", "`app/worker/**` matches no file")
    );
}

#[test]
fn suffixes_globs_spaces_unicode_links_and_sub_projects_resolve() {
    // README, `:42`, `#L10-L20`, `::symbol`, `app/server/**`, a space, non-ASCII, a symlink
    // inside the root, `src/handlers.py` under `apps/api`: none of them is missing.
    let missing: Vec<usize> = references()
        .into_iter()
        .filter(|(_, rule, ..)| rule == "missing-path")
        .map(|(line, ..)| line)
        .collect();
    assert_eq!(missing, [45, 46, 48]);
}

#[test]
fn outside_paths_are_reported_from_their_text() {
    for (line, reason) in [
        (52, "app/escape/passwd"),
        (53, "../../etc/passwd"),
        (54, "/etc/shadow"),
        (55, "~/.ssh/id_rsa"),
        (56, "C:\\x\\notes.txt"),
    ] {
        let found = at(line);
        assert_eq!(found[0].0, "path-outside-root", "line {line}");
        assert_eq!(found[0].1, format!("`{reason}` is outside the repository"));
    }
}

#[test]
fn ignored_files_and_look_alikes_are_left_alone() {
    for line in [57, 58, 62] {
        assert!(
            at(line)
                .iter()
                .all(|(rule, ..)| rule != "missing-path" && rule != "path-outside-root"),
            "line {line}"
        );
    }
}

#[test]
fn commands_are_checked_against_the_tree_without_running() {
    let messages: Vec<String> = references()
        .into_iter()
        .filter(|(_, rule, ..)| rule == "unresolvable-command")
        .map(|(_, _, message, _)| message)
        .collect();
    assert_eq!(
        messages,
        [
            "`cd app/nope`: no directory `app/nope`",
            "`uv run`: no `pyproject.toml` in `.` or above it",
            "`make deploy`: no target `deploy` in `Makefile`",
            "no script `lint` in `app/client/package.json`",
            "`./scripts/not-exec.sh` is not executable",
            "script `scripts/missing.sh` does not exist",
            "`cargo`: no `Cargo.toml` in `.` or above it",
            "instruction file `.claude/commands/e2e/test_missing.md` does not exist",
        ]
    );
    let machine = &at(196)[0];
    assert_eq!(
        machine.1,
        "`/Users/alice/project` is outside the repository"
    );
}

#[test]
fn the_committed_symlinks_are_in_place() {
    let repo = fixtures_dir().join("repos/paths");
    assert_eq!(
        fs::read_link(repo.join("app/current")).unwrap(),
        Path::new("server")
    );
    assert!(fs::read_link(repo.join("app/escape")).is_ok());
}

/// A plan with `count` references in Relevant Files, half of them to files that exist.
fn many_references(dir: &Path, count: usize) {
    let mut relevant = String::new();
    for i in 0..count {
        if i % 2 == 0 {
            write(dir, &format!("app/server/f{i}.py"), "");
        }
        relevant.push_str(&format!("- `app/server/f{i}.py` - file {i}\n"));
    }
    let plan = format!(
        "# Feature: Many\n\n## Feature Description\nx\n\n## Relevant Files\n{relevant}\n## Validation Commands\n- `true`\n"
    );
    write(dir, "specs/many.md", &plan);
}

/// The raw JSON report and the diagnostics of `plan`, linted as a feature plan with `dir` as
/// the root.
fn feature_plan_findings(dir: &Path, plan: &str) -> (String, Vec<serde_json::Value>) {
    let output = planlint()
        .current_dir(dir)
        .args(["check", "--format", "json", "--root", "."])
        .args(["--ruleset", "feature-plan", plan])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let diagnostics = json["files"][0]["diagnostics"].as_array().unwrap().clone();
    (stdout, diagnostics)
}

#[test]
fn ten_thousand_references_in_one_plan() {
    let dir = tempfile::tempdir().unwrap();
    many_references(dir.path(), 10_000);
    let (_, diagnostics) = feature_plan_findings(dir.path(), "specs/many.md");
    let missing = diagnostics
        .iter()
        .filter(|d| d["rule"] == "missing-path")
        .count();
    assert_eq!(missing, 5_000);
}

#[test]
fn an_escaping_path_gets_the_same_finding_whether_or_not_it_exists() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", "secret");
    let dir = tempfile::tempdir().unwrap();
    let name = outside
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let plan = format!(
        "# Feature: X\n\n## Relevant Files\n- `../{name}/secret.txt` - exists\n- `../{name}/absent.txt` - does not\n- `/etc/shadow` - root only\n- `/etc/no-such-file` - absent\n"
    );
    write(dir.path(), "plan.md", &plan);
    let (stdout, diagnostics) = feature_plan_findings(dir.path(), "plan.md");
    let outside: Vec<(String, String)> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "path-outside-root")
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(outside.len(), 4);
    let shape = |(message, help): &(String, String)| {
        (
            message
                .replace("secret", "X")
                .replace("absent", "X")
                .replace("shadow", "X")
                .replace("no-such-file", "X"),
            help.clone(),
        )
    };
    assert_eq!(shape(&outside[0]), shape(&outside[1]));
    assert_eq!(shape(&outside[2]), shape(&outside[3]));
    assert!(!stdout.contains("\"secret\""));
}

#[test]
fn suggestions_are_written_as_the_plan_wrote_the_path() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "services/ledger/go.mod", "module ledger\n");
    write(dir.path(), "services/ledger/internal/httpapi/router.go", "");
    write(dir.path(), "docs/guide.md", "");
    write(
        dir.path(),
        "specs/plan.md",
        "# Feature: X\n\n## Relevant Files\n- `internal/http/router.go` - from the sub-project\n- `services/ledger/internal/http/router.go` - from the root\n- See [the guide](../docs/gude.md).\n",
    );
    let (_, diagnostics) = feature_plan_findings(dir.path(), "specs/plan.md");
    let helps: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "missing-path")
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps,
        [
            "did you mean `internal/httpapi/router.go`?",
            "did you mean `services/ledger/internal/httpapi/router.go`?",
            "did you mean `../docs/guide.md`?",
        ]
    );
}

#[test]
fn machine_paths_in_running_text_are_reported_and_nothing_else_there() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "plan.md",
        "# Feature: X\n\n## Feature Description\nIt runs from `/home/relu/projects/app` today, reads `~/.config/app.toml`, serves `/api/users/{id}` and imports `next/link` and `app/missing.py`.\n",
    );
    let (_, diagnostics) = feature_plan_findings(dir.path(), "plan.md");
    let paths: Vec<(&str, &str)> = diagnostics
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().contains("path"))
        .map(|d| (d["rule"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        paths,
        [(
            "path-outside-root",
            "`/home/relu/projects/app` is outside the repository"
        )]
    );
}
