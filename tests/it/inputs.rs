//! Input that is not a plan: reported as `invalid-input` for that file, never a crash, never
//! silently passed; the other files are still linted and the run exits 2.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::cli::{planlint, write};

const CLEAN: &str = "# Plan Spec: Retry\n\n## Purpose\n\nWhy.\n\n## Background\n\nContext.\n\n## Summary of Task\n\nRetry.\n\n## Backward Compatibility\n\nNone needed.\n\n## Stage 1: Planning Stage\n\nScope: retries. Not in scope: replays. Acceptance criteria: one delivery.\n\n## Stage 2: Architecture Stage\n\n## Stage 3: Refine Architecture\n";

/// Lints `names` in `dir` as JSON; returns the exit status and (path, rule, message) rows.
fn lint(dir: &Path, names: &[&str]) -> (i32, Vec<(String, String, String)>) {
    let output = planlint()
        .current_dir(dir)
        .args(["check", "--format", "json", "--root", "."])
        .args(names)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&output.stdout));
    });
    let mut rows = Vec::new();
    for file in json["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            rows.push((
                file["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            ));
        }
    }
    (output.status.code().unwrap(), rows)
}

fn invalid(rows: &[(String, String, String)], path: &str) -> String {
    let row = rows
        .iter()
        .find(|(p, rule, _)| p == path && rule == "invalid-input")
        .unwrap_or_else(|| panic!("no invalid-input for {path}: {rows:?}"));
    row.2.clone()
}

#[test]
fn bad_encodings_and_binary_files_are_reported_and_the_rest_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.md", CLEAN);
    fs::write(dir.path().join("latin1.md"), b"# Plan Spec: Caf\xe9\n").unwrap();
    fs::write(dir.path().join("overlong.md"), b"# a\xC0\xAFb\n").unwrap();
    fs::write(dir.path().join("utf16.md"), b"\xFF\xFE#\0 \0P\0").unwrap();
    fs::write(
        dir.path().join("image.md"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    let names = [
        "good.md",
        "latin1.md",
        "overlong.md",
        "utf16.md",
        "image.md",
    ];
    let (status, rows) = lint(dir.path(), &names);
    assert_eq!(status, 2);
    assert_eq!(
        invalid(&rows, "latin1.md"),
        "not UTF-8: invalid byte at offset 16 (line 1, column 17)"
    );
    assert!(invalid(&rows, "overlong.md").starts_with("not UTF-8: invalid byte at offset 3"));
    assert_eq!(
        invalid(&rows, "utf16.md"),
        "not UTF-8: the file is UTF-16 (byte order mark FF FE)"
    );
    assert!(invalid(&rows, "image.md").starts_with("binary file (NUL byte at offset 8)"));
    assert!(
        rows.iter().all(|(p, _, _)| p != "good.md"),
        "good.md is clean: {rows:?}"
    );
}

#[test]
fn a_missing_file_is_reported_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let (status, rows) = lint(dir.path(), &["gone.md"]);
    assert_eq!(status, 2);
    assert_eq!(invalid(&rows, "gone.md"), "no such file");
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let file = fs::File::create(dir.path().join("huge.md")).unwrap();
    file.set_len(planlint::read::DEFAULT_MAX_FILE_SIZE + 1)
        .unwrap();
    let (status, rows) = lint(dir.path(), &["huge.md"]);
    assert_eq!(status, 2);
    assert!(
        invalid(&rows, "huge.md")
            .starts_with("file is 10485761 bytes, over the 10485760 byte limit")
    );
}

#[test]
fn a_directory_named_like_a_plan_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.md/inner.md", CLEAN);
    let (status, rows) = lint(dir.path(), &["plan.md"]);
    assert_eq!(status, 0, "{rows:?}");
}

#[cfg(unix)]
#[test]
fn fifos_are_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (status, rows) = lint(dir.path(), &["fifo.md"]);
    assert_eq!(status, 2);
    assert_eq!(
        invalid(&rows, "fifo.md"),
        "not a regular file (a FIFO); not read"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.md", "# Plan Spec: secret\n");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "specs/good.md", CLEAN);
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        dir.path().join("specs/link.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("specs/linked-dir")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("specs/zero.md")).unwrap();
    let (status, rows) = lint(dir.path(), &["specs", "specs/linked-dir/secret.md"]);
    assert_eq!(status, 2);
    for path in [
        "specs/link.md",
        "specs/zero.md",
        "specs/linked-dir/secret.md",
    ] {
        assert_eq!(
            invalid(&rows, path),
            "symlink leading outside the repository root; not followed",
            "{path}"
        );
    }
    assert!(
        rows.iter().all(|(_, _, m)| !m.contains("secret")),
        "{rows:?}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "locked.md", CLEAN);
    let path = dir.path().join("locked.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        // Running as root: permissions do not apply, nothing to test.
        return;
    }
    let (status, rows) = lint(dir.path(), &["locked.md"]);
    assert_eq!(status, 2);
    assert!(invalid(&rows, "locked.md").contains("Permission denied"));
}

#[test]
fn pathological_markdown_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{CLEAN}\n{}\n", ">".repeat(100_000));
    write(dir.path(), "deep.md", &deep);
    write(dir.path(), "empty.md", "");
    write(dir.path(), "cr.md", &CLEAN.replace('\n', "\r"));
    let (status, rows) = lint(dir.path(), &["deep.md", "empty.md", "cr.md"]);
    assert_eq!(status, 1, "{rows:?}");
    let found: Vec<(&str, &str)> = rows
        .iter()
        .map(|(p, r, _)| (p.as_str(), r.as_str()))
        .collect();
    // The deep quote fills Stage 3, so the empty Stage 2 is due; the CR twin is as clean as
    // its LF original; the empty file has no format.
    assert_eq!(
        found,
        [("deep.md", "empty-section"), ("empty.md", "unknown-format")]
    );
}
