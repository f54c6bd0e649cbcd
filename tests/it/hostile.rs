//! Hostile inputs: each class of the shared hostile-input kit (`../shared/hostile`, which
//! `scripts/run_hostile_kit.py` runs whole, at size) at a small size, written here so that the
//! tests need nothing beside the repository. No panic, no hang, the documented exit status,
//! nothing read or printed from outside the root, no document text as a workflow command.
//!
//! Classes tested elsewhere:
//!
//! | class | test |
//! |---|---|
//! | Latin-1, overlong `/`, UTF-16 LE, PNG | `inputs::bad_encodings_and_binary_files_are_reported_and_the_rest_linted` |
//! | missing file | `inputs::a_missing_file_is_reported_not_dropped` |
//! | plan over the size cap | `inputs::files_over_the_size_limit_are_refused_before_reading` |
//! | directory named `x.md` | `inputs::a_directory_named_like_a_plan_is_walked` |
//! | FIFO | `inputs::fifos_are_never_opened` |
//! | symlink out of the root, to `/dev/zero`, through a folder | `inputs::symlinks_out_of_the_root_are_not_followed` |
//! | links followed beneath the root, from their text; loops | `read::tests` (unit) |
//! | a folder linking out is not walked | `files::tests::a_folder_that_links_out_of_the_root_is_not_walked` (unit) |
//! | configuration through a symlink out | `config::a_configuration_through_a_symlink_out_of_the_repository_is_not_read` |
//! | unreadable file | `inputs::unreadable_files_are_reported` |
//! | 100,000 nested block quotes, empty file, lone CR | `inputs::pathological_markdown_is_linted` |
//! | snippets read like miette's, long lines as a window | `report::human::tests` (unit) |
//! | a section repeated 40,000 times, in linear time | `checks::sections::tests` (unit) |
//! | `..`, absolute, `~/`, drive paths; same finding whether the target exists | `paths::outside_paths_are_reported_from_their_text`, `paths::an_escaping_path_gets_the_same_finding_whether_or_not_it_exists` |
//! | 10,000 paths in one plan | `paths::ten_thousand_references_in_one_plan` |
//! | `::error::` in a plan's text, `--format github` | `outputs::github_annotations_escape_what_could_inject_a_command` |
//! | ESC, bidi and zero-width characters in output | `outputs::document_text_cannot_drive_the_terminal` |
//! | standard input not UTF-8, UTF-16, binary | `outputs::standard_input_is_refused_like_a_file` |
//! | `--stdin-filename` outside the root | `outputs::standard_input_is_linted_under_the_name_given` |
//! | a ruleset with an unknown parent | `cli::a_broken_ruleset_points_into_the_toml_and_exits_2` |
//! | a ruleset not UTF-8, with a BOM, `"\d"` in a basic string | `toml_error::tests` (unit) |
//! | a configuration's `root`, `rulesets-dir` leaving the project, `[hooks]` | `config::mistakes_point_into_the_configuration` |
//! | panic caught per file | `lint::tests::a_panic_is_caught_and_reported_for_its_file_only` (unit: the binary has no hook to make it panic) |

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::cli::{planlint, write};

/// A plan with findings on many lines (linted as a feature plan), so that twins are compared
/// on more than an empty list.
const PLAN: &str = "# Plan: Add a health check endpoint\n\n## Summary\n\nAdd a `/healthz` route so the load balancer can probe it.\n\n## Relevant Files\n\n- `app/server/main.rs`\n- `README.md`\n\n## Steps\n\n1. Add the route.\n2. Mention it in `README.md`.\n\n## Verification\n\nRun the server tests.\n";

/// `planlint check ARGS` in `dir`: exit status, stdout, stderr (lossy: a raw invalid byte
/// would show as U+FFFD, which the tests look for).
fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = planlint()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    let code = output.status.code().unwrap_or_else(|| {
        panic!(
            "killed by a signal: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !stderr.contains("panicked") && code != 101,
        "{args:?}: {stderr}"
    );
    (
        code,
        String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    )
}

fn write_bytes(dir: &Path, relative: &str, bytes: &[u8]) {
    let path = dir.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// A finding as (rule, message, line, column, end line, end column).
type Finding = (String, String, u64, u64, u64, u64);

/// The exit status and each file's findings (but `file-name`), linted as a feature plan with
/// `dir` as the root.
fn lint(dir: &Path, names: &[&str]) -> (i32, Vec<Vec<Finding>>) {
    let mut args = vec![
        "--format",
        "json",
        "--root",
        ".",
        "--ruleset",
        "feature-plan",
    ];
    args.extend(names);
    let (status, out, _) = check(dir, &args);
    let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let files = json["files"].as_array().unwrap();
    let found = names
        .iter()
        .map(|name| {
            let file = files.iter().find(|f| f["path"] == *name).unwrap();
            file["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["rule"] != "file-name")
                .map(|d| {
                    (
                        d["rule"].as_str().unwrap().to_string(),
                        d["message"].as_str().unwrap().to_string(),
                        d["line"].as_u64().unwrap(),
                        d["column"].as_u64().unwrap(),
                        d["end_line"].as_u64().unwrap(),
                        d["end_column"].as_u64().unwrap(),
                    )
                })
                .collect()
        })
        .collect();
    (status, found)
}

/// Each file's `invalid-input` message, or "" if it was read.
fn refusals(found: &[Vec<Finding>]) -> Vec<&str> {
    found
        .iter()
        .map(|f| {
            f.iter()
                .find(|f| f.0 == "invalid-input")
                .map_or("", |f| f.1.as_str())
        })
        .collect()
}

/// The report's lines joined, without the marks miette draws where it wraps a message.
fn flat(text: &str) -> String {
    text.lines()
        .map(|line| line.trim_start().trim_start_matches('│').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn bytes_that_are_not_utf8_text_are_refused_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, Vec<u8>); 9] = [
        ("continuation.md", b"# Plan\n\nAdd a \x80 route\n".to_vec()),
        // A UTF-16 surrogate encoded as UTF-8 (CESU-8): never valid, however lenient.
        ("surrogate.md", b"# Plan\n\nAdd \xed\xa0\x80\n".to_vec()),
        ("truncated.md", b"# Plan\n\nend\xe2\x82".to_vec()),
        (
            "utf16be.md",
            [0xFE, 0xFF]
                .into_iter()
                .chain(PLAN.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        ),
        ("utf32le.md", b"\xFF\xFE\0\0#\0\0\0".to_vec()),
        ("utf32be.md", b"\0\0\xFE\xFF\0\0\0#".to_vec()),
        ("early-nul.md", b"# Plan: x \0 y\n".to_vec()),
        (
            "late-nul.md",
            format!(
                "{PLAN}{}late NUL: \0 end\n",
                "<!-- padding -->\n".repeat(600)
            )
            .into_bytes(),
        ),
        (
            "program.md",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01".to_vec(),
        ),
    ];
    let mut names = Vec::new();
    for (name, bytes) in &files {
        write_bytes(dir.path(), name, bytes);
        names.push(*name);
    }
    let (status, found) = lint(dir.path(), &names);
    assert_eq!(status, 2);
    assert_eq!(
        refusals(&found),
        [
            "not UTF-8: invalid byte at offset 14 (line 3, column 7)",
            "not UTF-8: invalid byte at offset 12 (line 3, column 5)",
            "not UTF-8: invalid byte at offset 11 (line 3, column 4)",
            "not UTF-8: the file is UTF-16 (byte order mark FE FF)",
            "not UTF-8: the file is UTF-32 (byte order mark FF FE 00 00)",
            "not UTF-8: the file is UTF-32 (byte order mark 00 00 FE FF)",
            "binary file (NUL byte at offset 10); not a Markdown plan",
            // After the first 8,000 bytes a NUL is text.
            "",
            "binary file (NUL byte at offset 7); not a Markdown plan",
        ]
    );
    assert!(found[7].len() > 5, "the late NUL plan is linted");
    let mut args = vec!["--root", "."];
    args.extend(&names);
    let (_, human, _) = check(dir.path(), &args);
    assert!(
        !human.contains(['\0', '\u{FFFD}']),
        "a raw byte was printed: {human}"
    );
}

/// The lines of `text` joined with LF, CRLF and CR in turn. A CR before the LF of an empty
/// line's ending would make one CRLF, a line fewer: that ending is a CRLF.
fn mixed_line_endings(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            let ending = match ["\n", "\r\n", "\r"][i % 3] {
                "\n" if out.ends_with('\r') => "\r\n",
                ending => ending,
            };
            out.push_str(ending);
        }
        out.push_str(line);
    }
    out
}

#[test]
fn twins_with_a_bom_or_other_line_endings_report_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let twins = [
        ("lf.md", PLAN.to_string()),
        ("bom.md", format!("\u{feff}{PLAN}")),
        ("crlf.md", PLAN.replace('\n', "\r\n")),
        ("cr.md", PLAN.replace('\n', "\r")),
        ("mixed.md", mixed_line_endings(PLAN)),
        // CR then CRLF: two line endings, as the LF twin's two LFs.
        ("cr-crlf.md", PLAN.replace("\n\n", "\r\r\n")),
        (
            "bom-crlf.md",
            format!("\u{feff}{}", PLAN.replace('\n', "\r\n")),
        ),
        ("no-final-newline.md", PLAN.trim_end().to_string()),
    ];
    // Not line endings, to CommonMark or editors: the lines stay where they are.
    let odd = PLAN
        .replace(
            "Add a `/healthz` route",
            "Add\u{2028}a\u{2029}`/healthz`\u{85}route\u{c}\u{b}",
        )
        .replace("- `README.md`", "-\t`README.md`");
    // Only one mark is stripped: the second is text, and the title is lost, without a crash.
    let double = format!("\u{feff}\u{feff}{PLAN}");
    let mut names: Vec<&str> = twins.iter().map(|(name, _)| *name).collect();
    for (name, text) in &twins {
        write(dir.path(), name, text);
    }
    write(dir.path(), "odd.md", &odd);
    write(dir.path(), "double.md", &double);
    names.extend(["odd.md", "double.md"]);
    let (status, found) = lint(dir.path(), &names);
    assert_eq!(status, 1);
    let plain = &found[0];
    assert!(plain.len() > 10, "{plain:?}");
    assert!(plain.iter().any(|f| f.0 == "title" && (f.2, f.3) == (1, 1)));
    for (name, found) in names.iter().zip(&found).take(twins.len()) {
        assert_eq!(found, plain, "{name}");
        assert!(found.iter().all(|f| !f.1.contains('\r')), "{name}");
    }
    let lines = |found: &[Finding]| -> Vec<(String, u64)> {
        found.iter().map(|f| (f.0.clone(), f.2)).collect()
    };
    assert_eq!(lines(&found[twins.len()]), lines(plain));
    assert!(found[twins.len() + 1].iter().any(|f| f.0 == "title"));
}

#[test]
fn empty_and_blank_plans_are_linted_to_their_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let plans = [
        ("empty.md", String::new(), 1),
        ("blank.md", " \t \n\n   \n".to_string(), 4),
        ("lf.md", "\n".repeat(1000), 1001),
        ("cr.md", "\r".repeat(1000), 1001),
        ("crlf.md", "\r\n".repeat(1000), 1001),
    ];
    for (name, text, _) in &plans {
        write(dir.path(), name, text);
    }
    let names: Vec<&str> = plans.iter().map(|(name, ..)| *name).collect();
    let (status, found) = lint(dir.path(), &names);
    assert_eq!(status, 1);
    for ((name, _, last), found) in plans.iter().zip(found) {
        assert!(found.iter().any(|f| f.0 == "title" && (f.2, f.3) == (1, 1)));
        let missing: Vec<u64> = found
            .iter()
            .filter(|f| f.0 == "missing-section")
            .map(|f| f.2)
            .collect();
        assert!(
            !missing.is_empty() && missing.iter().all(|l| l == last),
            "{name}: {missing:?}"
        );
    }
}

#[test]
fn a_long_line_and_a_huge_heading_print_little_at_exact_columns() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "line.md", &"word ".repeat(60_000));
    let heading = format!("# {}\n\n## Relevant Files\n", "word ".repeat(60_000));
    write(dir.path(), "heading.md", &heading);
    let names = ["line.md", "heading.md"];
    let mut args = vec!["--root", ".", "--ruleset", "feature-plan"];
    args.extend(names);
    let (status, human, _) = check(dir.path(), &args);
    assert_eq!(status, 1);
    // Some twenty findings, each with a window of its line, not the line.
    assert!(human.len() < 64 * 1024, "{} bytes", human.len());
    let (_, found) = lint(dir.path(), &names);
    let at = |found: &[Finding], rule: &str| -> Vec<(u64, u64)> {
        found
            .iter()
            .filter(|f| f.0 == rule)
            .map(|f| (f.2, f.3))
            .collect()
    };
    assert!(
        at(&found[0], "missing-section")
            .iter()
            .all(|&p| p == (1, 300_001))
    );
    assert_eq!(at(&found[1], "title"), [(1, 1)]);
    assert!(at(&found[1], "missing-section").iter().all(|&p| p.0 == 3));
}

#[test]
fn deep_nesting_and_known_parser_crashers_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let mut inputs: Vec<(String, Vec<u8>)> = [
        ("quotes.md", format!("{}a\n", "> ".repeat(n))),
        ("lists.md", format!("{}x\n", "- ".repeat(n))),
        (
            "brackets.md",
            format!("{}a{}", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "emphasis.md",
            format!("{}a{}", "*".repeat(n), "*".repeat(n)),
        ),
        (
            "quoted-emphasis.md",
            format!("{}{}", ">".repeat(n), "a*".repeat(n)),
        ),
        (
            "indented-lists.md",
            (0..300)
                .map(|x| format!("{}* a\n", "  ".repeat(x)))
                .collect(),
        ),
    ]
    .into_iter()
    .map(|(name, text)| (name.to_string(), text.into_bytes()))
    .collect();
    // Inputs from pulldown-cmark's issue tracker (#1112, #921, #521, #666, #912, #1109,
    // #1110) that made it panic, loop or allocate gigabytes.
    let crashers: [&[u8]; 7] = [
        b"<!S\r:",
        b"- [x]\t\t\n\\\n-",
        b">\n >>><N\n",
        b".\r> ^](\r\x0c\r\0\0\r.\r[^\0\0\\\0\0\0^^^^^]",
        b"\n[\x0b\t\t%\n*\t/////////////K[](      ? \n ---\n-\n--\0\0\0\0\0\0\0\0\n---\n-\x0fnnn2\n\n.\x1a#\x01///K[](      ? \n0\\\\-\\\\\\",
        "\u{fffd}   * [ ] \\\n\t-".as_bytes(),
        "\u{fffd}\u{fffd}  2\n:<\n  {}\n -".as_bytes(),
    ];
    for (i, bytes) in crashers.iter().enumerate() {
        inputs.push((format!("crasher-{i}.md"), bytes.to_vec()));
    }
    for (name, bytes) in &inputs {
        write_bytes(dir.path(), name, bytes);
    }
    let names: Vec<&str> = inputs.iter().map(|(name, _)| name.as_str()).collect();
    let (status, found) = lint(dir.path(), &names);
    // Two crashers hold NUL bytes near their start: binary, so 2.
    assert_eq!(status, 2);
    for (name, found) in names.iter().zip(&found) {
        assert!(!found.is_empty(), "{name}");
        assert!(
            found.iter().all(|f| f.0 != "internal-error"),
            "{name}: {found:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_reported_not_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "specs/ok.md", PLAN);
    write(dir.path(), "specs/locked/plan.md", PLAN);
    let locked = dir.path().join("specs/locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let readable = fs::read_dir(&locked).is_ok();
    let result =
        (!readable).then(|| check(dir.path(), &["--format", "compact", "--root", ".", "specs"]));
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    // As root, permissions do not apply: nothing to test.
    let Some((status, out, err)) = result else {
        return;
    };
    assert_eq!(status, 2, "{out}{err}");
    assert!(
        format!("{out}{err}").contains("Permission denied"),
        "{out}{err}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_end_and_links_out_read_alike_whether_their_target_exists() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "exists.md", "# OUTSIDE-SECRET\n");
    let dir = tempfile::tempdir().unwrap();
    let links = dir.path().join("specs");
    write(dir.path(), "specs/dirloop/plan.md", PLAN);
    symlink("loop_b.md", links.join("loop_a.md")).unwrap();
    symlink("loop_a.md", links.join("loop_b.md")).unwrap();
    symlink("self.md", links.join("self.md")).unwrap();
    symlink("..", links.join("dirloop/up")).unwrap();
    symlink("gone.md", links.join("dangling.md")).unwrap();
    symlink(outside.path().join("exists.md"), links.join("out.md")).unwrap();
    symlink(outside.path().join("absent.md"), links.join("absent.md")).unwrap();
    let (status, out, err) = check(dir.path(), &["--format", "json", "--root", ".", "specs"]);
    assert_eq!(status, 2);
    let json: Value = serde_json::from_str(&out).unwrap();
    let files = json["files"].as_array().unwrap();
    let refused: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f["diagnostics"][0]["rule"] == "invalid-input")
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["diagnostics"][0]["message"].as_str().unwrap(),
            )
        })
        .collect();
    let out_of_root = "symlink leading outside the repository root; not followed";
    let looped = "cannot read the file: too many levels of symbolic links";
    assert_eq!(
        refused,
        [
            ("specs/absent.md", out_of_root),
            ("specs/dangling.md", "no such file"),
            ("specs/loop_a.md", looped),
            ("specs/loop_b.md", looped),
            ("specs/out.md", out_of_root),
            ("specs/self.md", looped),
        ]
    );
    // The folder loop is not followed: its plan is linted once.
    let linted: Vec<&Value> = files
        .iter()
        .filter(|f| f["path"] == "specs/dirloop/plan.md")
        .collect();
    assert_eq!(linted.len(), 1, "{out}");
    assert!(!format!("{out}{err}").contains("OUTSIDE-SECRET"));
}

#[test]
fn paths_that_leave_the_root_are_decided_from_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let plan = "# Feature: X\n\n## Relevant Files\n- `\\\\host\\share\\x.txt`\n- `$HOME/.ssh/id_rsa`\n- `${HOME}/.aws/credentials`\n- `%USERPROFILE%\\.ssh\\id_rsa`\n- `~root/.bashrc`\n- `..\\..\\etc\\passwd`\n- `https://example.com/app/main.rs`\n- <mailto:a@example.com>\n- `git@github.com:org/repo.git`\n";
    write(dir.path(), "plan.md", plan);
    let (_, found) = lint(dir.path(), &["plan.md"]);
    let found = &found[0];
    let paths: Vec<(&str, u64)> = found
        .iter()
        .filter(|f| f.0.contains("path"))
        .map(|f| (f.0.as_str(), f.2))
        .collect();
    let outside = |line| ("path-outside-root", line);
    assert_eq!(
        paths,
        [
            outside(4),
            outside(5),
            outside(6),
            outside(7),
            outside(8),
            outside(9),
        ]
    );
}

#[test]
fn hostile_file_names_never_start_a_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "-rf.md",
        "a\nb.md",
        "\u{1b}[31mred.md",
        "\u{1b}]0;title\u{7}.md",
        "::warning title=forged::looks-official.md",
        "%0A::error::encoded.md",
        "$(touch PWNED).md",
        "\u{202e}dm.md",
    ];
    for name in names {
        write(dir.path(), &format!("specs/{name}"), "# Plan\n");
    }
    let annotation = regex::Regex::new(
        r"^::(error|warning|notice) file=[^:,\r\n]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=planlint [a-z-]+::[^\r\n]*$",
    )
    .unwrap();
    let runs = [
        vec!["--format", "github", "--ruleset", "feature-plan", "specs"],
        // Named as pre-commit names them, after `--`.
        vec!["--format", "github", "--ruleset", "feature-plan", "--"],
    ];
    for (i, mut args) in runs.into_iter().enumerate() {
        let named: Vec<String> = names.iter().map(|n| format!("specs/{n}")).collect();
        if i == 1 {
            args.extend(named.iter().map(String::as_str));
        }
        let (status, out, err) = check(dir.path(), &args);
        assert_eq!(status, 1, "{err}");
        for line in out.lines().chain(err.lines()) {
            assert!(
                annotation.is_match(line) || !line.trim_start().starts_with("::"),
                "{line}"
            );
            assert!(!line.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{line}");
        }
        let annotated = out.lines().filter(|l| l.starts_with("::error")).count();
        assert!(annotated >= names.len(), "{out}");
    }
    assert!(!dir.path().join("PWNED").exists());
}

#[test]
fn hostile_rulesets_are_refused_with_a_clear_message() {
    let style = |pattern: &str| {
        format!("name = \"x\"\n[[style]]\nmessage = \"m\"\nhelp = \"h\"\npattern = {pattern}\n")
    };
    // Far beyond the TOML parser's recursion limit; no deeper, or the error's snippet (the
    // whole line) is all the test measures.
    let n = 10_000;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "syntax.toml",
            b"[[section]\nname = \"A\"\n".to_vec(),
            "ruleset.toml:1:",
        ),
        (
            "arrays.toml",
            format!("a = {}{}\n", "[".repeat(n), "]".repeat(n)).into_bytes(),
            "max recursion depth",
        ),
        (
            "dotted.toml",
            format!("{}z = 1\n", "a.".repeat(n)).into_bytes(),
            "recursion limit",
        ),
        (
            "command.toml",
            format!("{}command = \"curl x | sh\"\n", style("'TODO'")).into_bytes(),
            "unknown field `command`",
        ),
        (
            "regex.toml",
            style("'([a-z'").into_bytes(),
            "unclosed character class",
        ),
        (
            "bomb.toml",
            style("'a{5}{5}{5}{5}{5}{5}{5}{5}{5}'").into_bytes(),
            "exceeds size limit",
        ),
        (
            "lookaround.toml",
            style(r"'(?=secret)\w+'").into_bytes(),
            "look-around",
        ),
        (
            "extends.toml",
            b"extends = \"../../../../etc/passwd\"\n".to_vec(),
            "unknown ruleset",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.md", PLAN);
    // One process per case, at once: each compiles the built-in rulesets first.
    std::thread::scope(|scope| {
        for (name, bytes, phrase) in &cases {
            let dir = dir.path();
            scope.spawn(move || {
                let ruleset = format!("rulesets/{name}");
                write_bytes(dir, &ruleset, bytes);
                let (status, out, err) =
                    check(dir, &["--color", "never", "--ruleset", &ruleset, "plan.md"]);
                assert_eq!(status, 2, "{name}: {out}{err}");
                let phrase = phrase.replace("ruleset.toml", name);
                let err = flat(&err);
                assert!(err.contains(&phrase), "{name}: {err}");
                assert!(
                    err.contains(&format!("invalid ruleset {ruleset}")),
                    "{name}: {err}"
                );
                assert!(!err.contains("root:x:0:0"), "{name}: {err}");
            });
        }
    });
    // Hundreds of patterns are compiled once each, and a BOM and CRLF are fine.
    let many: String = (0..200)
        .map(|i| {
            format!("[[style]]\r\nmessage = \"m{i}\"\r\nhelp = \"h\"\r\npattern = 'word{i}\\b'\r\n")
        })
        .collect();
    write(
        dir.path(),
        "many.toml",
        &format!("\u{feff}name = \"x\"\r\n{many}"),
    );
    let (status, _, err) = check(dir.path(), &["--ruleset", "many.toml", "plan.md"]);
    assert_eq!(status, 0, "{err}");
}
