//! Properties over generated plans: every finding points into the text it was found in, a
//! plan's CRLF, CR and LF twins get the same findings, and a run's output does not depend on
//! its thread count. The fuzzer (`fuzz/`) goes wider on arbitrary bytes; these run in every
//! `cargo test`, few cases each so that they stay fast (`PROPTEST_CASES=N` for more).

use std::path::PathBuf;
use std::sync::OnceLock;

use planlint::config::Config;
use planlint::document::{Document, Position, Span};
use planlint::lint::{Linted, Linter};
use planlint::read;
use planlint::repo::Repository;
use planlint::rules::Severity;
use planlint::ruleset;
use proptest::prelude::*;
use proptest::sample::select;

use crate::cli::{planlint, write};
use crate::fixtures_dir;

/// The feature-plan fixture's repository, so that the path and command checks find real files.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| std::fs::canonicalize(fixtures_dir().join("feature-plan")).unwrap())
}

/// Lints `text` as `specs/plan.md` of the fixture repository, with the built-in ruleset
/// `forced` (an index) or by detection.
fn lint(text: &str, forced: Option<usize>) -> Linted {
    static REPO: OnceLock<Repository> = OnceLock::new();
    static CONFIG: OnceLock<Config> = OnceLock::new();
    let repo = REPO.get_or_init(|| Repository::new(root().clone(), Vec::new()));
    let config = CONFIG.get_or_init(|| Config::defaults(root()));
    let linter = Linter {
        forced: forced.map(|i| ruleset::builtins()[i].ruleset()),
        ..Linter::with_builtins(repo, config)
    };
    linter.lint_text("plan.md", Some(&root().join("specs/plan.md")), text)
}

/// `cases` runs of a property, or `PROPTEST_CASES` for a longer search.
fn cases(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ---- generated plans -------------------------------------------------------------------

/// Headings the built-in formats know: their titles, section names and preamble lines.
fn format_words() -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut titles = Vec::new();
    let mut sections = Vec::new();
    let mut preamble = Vec::new();
    for ruleset in ruleset::builtins().iter().map(ruleset::Builtin::ruleset) {
        titles.extend(ruleset.title.as_ref().map(|t| t.expected.clone()));
        sections.extend(ruleset.sections.iter().map(|s| s.name.clone()));
        for line in ruleset.preamble.iter().flat_map(|p| &p.lines) {
            preamble.push(line.expected.clone());
        }
    }
    sections.sort();
    sections.dedup();
    (titles, sections, preamble)
}

const PATHS: &[&str] = &[
    "README.md",
    "app/server/server.py",
    "app/client/src/main.ts",
    "scripts/",
    "docs/*.md",
    "new/module.rs",
    "../outside.txt",
    "/etc/passwd",
    "~/notes.md",
    "$HOME/x",
    "C:\\Users\\x",
    "café/é.md",
    "日本/語.rs",
];

const PLACEHOLDERS: &[&str] = &[
    "<feature name>",
    "[Requirement]",
    "`{adw_id}`",
    "{name}",
    "<describe the bug>",
    "[0o0o NEEDS CONFIRMATION]",
    "[NEEDS CLARIFICATION: which one?]",
    "TBD",
];

const WORDS: &[&str] = &[
    "the",
    "Add",
    "should",
    "as discussed above",
    "Run",
    "`make test`",
    "`cargo test`",
    "`uv run pytest`",
    "`cd app/server && uv run pytest`",
    "Step 1:",
    "**bold**",
    "_em_",
    "<br>",
    "[guide](docs/guide.md)",
    "![img](x.png)",
    "|",
    "#",
    "`",
    "\\",
    "*",
    "-",
    "\t",
    "Status: Complete",
    "adw_id: 4f9c2a1e",
];

/// Characters that take more than a byte, combine, or are invisible: where a span that cuts a
/// character or counts bytes as columns shows.
const UNICODE: &[&str] = &[
    "é",
    "e\u{301}",
    "日本語",
    "🦀",
    "👩\u{200d}👩",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "\u{1b}[31m",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(WORDS).prop_map(String::from),
        2 => select(PATHS).prop_map(|p| format!("`{p}`")),
        1 => select(PATHS).prop_map(String::from),
        2 => select(PLACEHOLDERS).prop_map(String::from),
        2 => select(UNICODE).prop_map(String::from),
        1 => "\\PC{1,6}",
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 0..8).prop_map(|words| words.join(" "))
}

fn block(sections: Vec<String>, preamble: Vec<String>) -> impl Strategy<Value = String> {
    let heading = (select(sections), prop::option::of(word()))
        .prop_map(|(name, extra)| match extra {
            Some(extra) => format!("{name} {extra}"),
            None => name,
        })
        .boxed();
    prop_oneof![
        4 => (1..=4usize, heading.clone()).prop_map(|(level, h)| format!("{} {h}", "#".repeat(level))),
        1 => heading.prop_map(|h| format!("{h}\n---")),
        1 => select(preamble),
        4 => line(),
        2 => prop::collection::vec(
            (select(vec!["- ", "* ", "1. ", "- [ ] ", "- [x] ", "  - "]), line()),
            1..5
        )
        .prop_map(|items| items.into_iter().map(|(m, l)| format!("{m}{l}")).collect::<Vec<_>>().join("\n")),
        1 => (select(vec!["bash", "sh", "", "mermaid", "text"]), prop::collection::vec(line(), 0..3))
            .prop_map(|(info, lines)| format!("```{info}\n{}\n```", lines.join("\n"))),
        1 => (line(), line()).prop_map(|(a, b)| format!("| Path | Why |\n| --- | --- |\n| {a} | {b} |")),
        1 => select(vec![
            "<!-- planlint-disable placeholder -->",
            "<!-- planlint-disable-next-line -->",
            "<!-- planlint-enable -->",
            "<!-- planlint-disable-file missing-path -->",
            "<!-- planlint-disable-line nonsense -->",
            "<!-- planlint ruleset=feature-plan -->",
            "<!-- planlint ruleset=nope -->",
            "<!-- unclosed",
            "---\ntitle: x\n---",
            "> quoted ## heading",
        ])
        .prop_map(String::from),
    ]
}

/// A Markdown-ish plan with LF line endings: maybe a BOM, maybe a format's title, then blocks
/// separated by one to three line breaks.
fn plan() -> impl Strategy<Value = String> {
    let (titles, sections, preamble) = format_words();
    let separator = select(vec!["\n", "\n\n", "\n\n\n"]);
    (
        any::<bool>(),
        prop::option::of(select(titles)),
        prop::collection::vec((block(sections, preamble), separator), 0..14),
    )
        .prop_map(|(bom, title, blocks)| {
            let mut text = String::from(if bom { "\u{feff}" } else { "" });
            if let Some(title) = title {
                text.push_str(&title);
                text.push_str("\n\n");
            }
            for (block, separator) in blocks {
                text.push_str(&block);
                text.push_str(separator);
            }
            text
        })
}

/// `text` (LF only) with each line ending replaced by the next of `endings`, in turn.
fn with_endings(text: &str, endings: &[&str]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (i, piece) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str(endings[(i - 1) % endings.len()]);
        }
        out.push_str(piece);
    }
    out
}

fn endings() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(select(vec!["\n", "\r\n", "\r"]), 1..4)
}

/// No ruleset (detection), or a built-in one forced.
fn forced() -> impl Strategy<Value = Option<usize>> {
    prop::option::of(0..ruleset::builtins().len())
}

// ---- (a) spans -------------------------------------------------------------------------

/// Every place a finding names is a range of the text on character boundaries, and its line
/// and column lead back to the same offset.
fn check_places(linted: &Linted) -> Result<(), TestCaseError> {
    let document = linted.document.as_ref().expect("text is always parsed");
    for diagnostic in &linted.diagnostics {
        let spans = std::iter::once(&diagnostic.span)
            .chain(diagnostic.related.iter().map(|(span, _)| span))
            .chain(
                diagnostic
                    .fix
                    .iter()
                    .flat_map(|f| f.edits.iter().map(|e| &e.span)),
            );
        for span in spans {
            check_span(document, span).map_err(|e| {
                TestCaseError::fail(format!("{}: {span:?}: {e}", diagnostic.rule.id))
            })?;
        }
    }
    Ok(())
}

fn check_span(document: &Document, span: &Span) -> Result<(), String> {
    let text = &document.source;
    if span.start > span.end || span.end > text.len() {
        return Err(format!("outside a text of {} bytes", text.len()));
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return Err("cuts a character".to_string());
    }
    let (start, end) = (document.position(span.start), document.position(span.end));
    if start > end {
        return Err(format!("starts at {start:?}, after its end {end:?}"));
    }
    for (offset, position) in [(span.start, start), (span.end, end)] {
        if position.line > document.lines.line_count() {
            return Err(format!("{position:?} is past the last line"));
        }
        let line = document.lines.line_start(position.line - 1);
        let back: usize = text[line..]
            .chars()
            .take(position.column - 1)
            .map(char::len_utf8)
            .sum();
        if line + back != offset {
            return Err(format!(
                "{position:?} leads to {}, not {offset}",
                line + back
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(48))]

    #[test]
    fn findings_point_into_generated_plans(
        text in plan(),
        endings in endings(),
        forced in forced(),
    ) {
        let text = with_endings(&text, &endings);
        check_places(&lint(&text, forced))?;
    }

    #[test]
    fn findings_point_into_arbitrary_text(text in any::<String>(), forced in forced()) {
        check_places(&lint(&text, forced))?;
    }

    /// Arbitrary bytes take the reading step files take: what it accepts is linted.
    #[test]
    fn findings_point_into_arbitrary_readable_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
        forced in forced(),
    ) {
        if let Ok(text) = read::decode(bytes) {
            check_places(&lint(&text, forced))?;
        }
    }
}

// ---- (b) line-ending twins ---------------------------------------------------------------

/// Where a finding starts and ends.
type Place = (Position, Position);

/// A finding as a person reads it: rule, severity, places as lines and columns, words.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    rule: &'static str,
    severity: Severity,
    at: Place,
    message: String,
    label: Option<String>,
    help: Option<String>,
    related: Vec<(Place, String)>,
    fix: Option<(String, Vec<(Place, String)>)>,
}

fn seen(linted: &Linted) -> Vec<Seen> {
    let document = linted.document.as_ref().expect("text is always parsed");
    let at = |span: &Span| (document.position(span.start), document.position(span.end));
    linted
        .diagnostics
        .iter()
        .map(|d| Seen {
            rule: d.rule.id,
            severity: d.severity,
            at: at(&d.span),
            message: d.message.clone(),
            label: d.label.clone(),
            help: d.help.clone(),
            related: d.related.iter().map(|(s, l)| (at(s), l.clone())).collect(),
            fix: d.fix.as_ref().map(|f| {
                let edits = f.edits.iter().map(|e| (at(&e.span), e.replacement.clone()));
                (f.message.clone(), edits.collect())
            }),
        })
        .collect()
}

proptest! {
    #![proptest_config(cases(48))]

    #[test]
    fn crlf_cr_and_lf_twins_get_the_same_findings(text in plan(), forced in forced()) {
        let lf = seen(&lint(&text, forced));
        for ending in ["\r\n", "\r"] {
            let twin = seen(&lint(&with_endings(&text, &[ending]), forced));
            // A fix writes the document's own line ending (LF where it has none).
            let mut expected = lf.clone();
            if text.contains('\n') {
                for fix in expected.iter_mut().filter_map(|s| s.fix.as_mut()) {
                    for edit in &mut fix.1 {
                        edit.1 = with_endings(&edit.1, &[ending]);
                    }
                }
            }
            prop_assert_eq!(&twin, &expected, "{:?} twin", ending);
        }
    }
}

// ---- (c) thread count --------------------------------------------------------------------

proptest! {
    #![proptest_config(cases(6))]

    #[test]
    fn output_does_not_depend_on_the_thread_count(
        plans in prop::collection::vec((plan(), endings()), 2..7),
    ) {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "src/main.rs", "");
        for (i, (text, endings)) in plans.iter().enumerate() {
            write(dir.path(), &format!("specs/plan-{i}.md"), &with_endings(text, endings));
        }
        for format in ["human", "json"] {
            let run = |threads: &str| {
                planlint()
                    .current_dir(dir.path())
                    .args(["check", "--root", ".", "--color", "never", "--format", format])
                    .args(["-j", threads, "specs"])
                    .output()
                    .unwrap()
            };
            let (one, four) = (run("1"), run("4"));
            prop_assert_eq!(one.status.code(), four.status.code());
            prop_assert_eq!(
                String::from_utf8_lossy(&one.stdout),
                String::from_utf8_lossy(&four.stdout)
            );
        }
    }
}
