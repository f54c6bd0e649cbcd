//! Rendering findings. One renderer per output format; rendering never changes what was
//! found. Each file is rendered on the worker that linted it (its text is dropped right
//! after), then the chunks are written in order with the format's header and summary.

mod compact;
mod human;
mod json;

use std::io::{self, Write};

use clap::ValueEnum;

use crate::document::{Document, Position, Span};
use crate::lint::Linted;
use crate::rules::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Snippets with labels and help, for people (miette's graphical report)
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`
    Compact,
    /// One JSON document with every file and finding, for tools
    Json,
}

/// How the human report looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// One file's rendered output and counts.
#[derive(Debug, Default)]
pub struct FileOutput {
    pub chunk: String,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
    pub failed: bool,
    /// The ruleset the file got and why, for `--verbose`.
    pub choice: String,
}

pub fn render_file(format: Format, style: Style, linted: &Linted) -> FileOutput {
    let count = |severity| {
        linted
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    FileOutput {
        chunk: match format {
            Format::Human => human::file(style, linted),
            Format::Compact => compact::file(linted),
            Format::Json => json::file(linted),
        },
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        suppressed: linted.suppressed,
        failed: linted.failed,
        choice: choice(linted),
    }
}

/// Which ruleset a file got, and why: `ruleset feature-plan (detected, score 0.82)`.
fn choice(linted: &Linted) -> String {
    use crate::ruleset::select::Reason;
    match (&linted.ruleset, &linted.reason) {
        (Some(id), Some(reason)) => {
            let why = match reason {
                Reason::Forced => "--ruleset".to_string(),
                Reason::Pinned => "pinned in the plan".to_string(),
                Reason::Matched => "[[match]] in the configuration".to_string(),
                Reason::Detected(score) => format!("detected, score {score:.2}"),
            };
            format!("ruleset {id} ({why})")
        }
        _ if linted.failed => "not checked".to_string(),
        _ => "no ruleset".to_string(),
    }
}

/// Totals over a run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings that suppression comments dropped.
    pub suppressed: usize,
    pub failed: usize,
    /// Files not linted at all: their configuration or ruleset is broken (reported apart).
    pub not_checked: usize,
    /// Configuration, ruleset or usage errors were reported apart, on stderr.
    pub errors_above: bool,
}

impl Summary {
    pub fn of(outputs: &[FileOutput]) -> Self {
        outputs.iter().fold(Summary::default(), |s, o| Summary {
            files: s.files + 1,
            errors: s.errors + o.errors,
            warnings: s.warnings + o.warnings,
            infos: s.infos + o.infos,
            suppressed: s.suppressed + o.suppressed,
            failed: s.failed + usize::from(o.failed),
            not_checked: 0,
            errors_above: false,
        })
    }
}

pub fn write(
    format: Format,
    outputs: &[FileOutput],
    summary: Summary,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::finish(outputs, summary, out),
        Format::Compact => outputs
            .iter()
            .try_for_each(|o| out.write_all(o.chunk.as_bytes())),
        Format::Json => json::finish(outputs, summary, out),
    }
}

/// Start and end of `span` as 1-based lines and character columns; a finding about a whole
/// file that could not be read is at 1:1.
fn positions(document: Option<&Document>, span: &Span) -> (Position, Position) {
    match document {
        Some(document) => (document.position(span.start), document.position(span.end)),
        None => {
            let start = Position { line: 1, column: 1 };
            (start, start)
        }
    }
}
