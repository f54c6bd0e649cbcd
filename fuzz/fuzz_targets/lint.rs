//! Arbitrary bytes as a plan: read as a file's bytes are (size cap, BOM, NUL, UTF-16,
//! invalid UTF-8), parsed and linted with each built-in ruleset forced and once by
//! detection, in a small repository so that the path and command checks run, then rendered
//! in every output format. A panic anywhere is a crash (libfuzzer-sys aborts on a panic even
//! where planlint would catch it and report `internal-error`), and so is a finding whose
//! place is not in the text.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use planlint::config::Config;
use planlint::document::{Document, Span};
use planlint::lint::{Linted, Linter};
use planlint::repo::Repository;
use planlint::report::{self, FileOutput, Format, Style, Summary};
use planlint::ruleset::{self, Ruleset};

/// The repository the plans live in: written once per process, read-only after that.
/// Only the fuzzer's own temporary folder is ever read.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        // Kept for the life of the process: libFuzzer exits without running destructors.
        let dir = tempfile::Builder::new()
            .prefix("planlint-fuzz-")
            .tempdir()
            .expect("a temporary folder")
            .keep();
        let files: &[(&str, &str)] = &[
            ("README.md", ""),
            (".gitignore", "ignored/\n"),
            ("ignored/cache.txt", ""),
            (
                "Makefile",
                ".PHONY: build\ntest:\n\tcargo test\nlint fmt:\n\tcargo fmt\n",
            ),
            (
                "package.json",
                r#"{"scripts": {"test": "jest", "build": "tsc"}}"#,
            ),
            ("Cargo.toml", "[package]\nname = \"app\"\n"),
            ("src/main.rs", "fn main() {}\n"),
            ("src/lib.rs", ""),
            (
                "app/server/pyproject.toml",
                "[project]\nname = \"server\"\n",
            ),
            ("app/server/server.py", ""),
            ("app/server/tests/test_server.py", ""),
            ("app/client/package.json", r#"{"scripts": {"dev": "vite"}}"#),
            ("app/client/src/main.ts", ""),
            ("docs/guide.md", ""),
            ("specs/feature-abc123-old-plan.md", ""),
            ("EXPORT/.keep", ""),
        ];
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let script = dir.join("scripts/check.sh");
        std::fs::create_dir_all(script.parent().unwrap()).unwrap();
        std::fs::write(&script, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
            std::os::unix::fs::symlink("guide.md", dir.join("docs/latest.md")).unwrap();
        }
        std::fs::canonicalize(&dir).unwrap()
    })
}

/// Where a plan of each format lives, so that the file-name rule compares the name's
/// captures with the title and metadata instead of stopping at a wrong name.
fn plan_path(ruleset: Option<&str>) -> &'static str {
    match ruleset {
        Some("patch-plan") => "specs/patch/patch-adw-abc123-fix-retry.md",
        Some("export-plan") => "EXPORT/plan_retry-queue.md",
        Some("spec-kit-plan") => "specs/001-retry-queue/plan.md",
        Some("spec-kit-spec") => "specs/001-retry-queue/spec.md",
        Some("spec-kit-tasks") => "specs/001-retry-queue/tasks.md",
        _ => "specs/feature-abc123-retry-queue.md",
    }
}

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config::defaults(root()))
}

const FORMATS: [Format; 6] = [
    Format::Human,
    Format::Compact,
    Format::Json,
    Format::Sarif,
    Format::Github,
    Format::Junit,
];

fuzz_target!(|data: &[u8]| {
    // A repository per input: its caches fill with the paths a plan names, and must neither
    // grow over millions of inputs nor make a crash depend on the inputs before it.
    let repo = Repository::new(root().to_path_buf(), Vec::new());
    let style = Style::plain(80);
    let mut outputs: Vec<Vec<FileOutput>> = FORMATS.iter().map(|_| Vec::new()).collect();
    let forced = ruleset::builtins().iter().map(|b| Some(b.ruleset()));
    for ruleset in std::iter::once(None).chain(forced) {
        let linted = lint(&repo, data, ruleset);
        check_spans(&linted);
        for (format, outputs) in FORMATS.iter().zip(&mut outputs) {
            outputs.push(report::render_file(*format, style, &linted));
        }
        // Colours and a narrow terminal take other paths through miette's renderer; once
        // per input is enough, as the human report is most of the time spent per input.
        if ruleset.is_none() {
            let narrow = Style {
                color: true,
                ..Style::plain(20)
            };
            report::render_file(Format::Human, narrow, &linted);
        }
    }
    // One report per format with every ruleset's result as a file, as `planlint check`
    // writes a run over several plans.
    for (format, outputs) in FORMATS.iter().zip(&outputs) {
        let mut out = Vec::new();
        report::write(*format, style, outputs, Summary::of(outputs), &mut out)
            .expect("writing to memory");
        if matches!(format, Format::Json | Format::Sarif) {
            serde_json::from_slice::<serde_json::Value>(&out)
                .unwrap_or_else(|e| panic!("{format:?} report is not JSON: {e}"));
        }
    }
});

/// Lints `data` as the plan `plan_path` gives for the ruleset, read as standard input is
/// (`read_capped`, the reading step a file goes through after its checks on disk).
fn lint(repo: &Repository, data: &[u8], forced: Option<&Ruleset>) -> Linted {
    let linter = Linter {
        forced,
        ..Linter::with_builtins(repo, config())
    };
    let display = plan_path(forced.map(|r| r.id.as_str()));
    linter.lint_stream(display, Some(&root().join(display)), data)
}

fn check_spans(linted: &Linted) {
    let Some(document) = &linted.document else {
        return;
    };
    for diagnostic in &linted.diagnostics {
        let rule = diagnostic.rule.id;
        assert_ne!(rule, "internal-error", "{}", diagnostic.message);
        check_span(document, &diagnostic.span, rule);
        for (span, _) in &diagnostic.related {
            check_span(document, span, rule);
        }
        for edit in diagnostic.fix.iter().flat_map(|f| &f.edits) {
            check_span(document, &edit.span, rule);
        }
    }
}

fn check_span(document: &Document, span: &Span, rule: &str) {
    let text = &document.source;
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{rule}: span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{rule}: span {span:?} cuts a character"
    );
    assert!(document.position(span.start) <= document.position(span.end));
}
