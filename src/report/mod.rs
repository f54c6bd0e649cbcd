//! Rendering findings. One renderer per output format; rendering never changes what was
//! found. Each file is rendered on the worker that linted it (its text is dropped right
//! after), then the chunks are written in order with the format's header and summary.

mod compact;
mod github;
mod human;
mod json;
mod junit;
mod sarif;

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
    /// SARIF 2.1.0, for GitHub code scanning and other dashboards
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request
    Github,
    /// JUnit XML, for CI test reports
    Junit,
}

/// How the report looks and what it includes.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Warnings fail the run (`--deny-warnings`): JUnit reports them as failures.
    pub deny_warnings: bool,
    /// Findings only, no summary (`--quiet`).
    pub quiet: bool,
    /// Counts per rule instead of the findings (`--statistics`).
    pub statistics: bool,
}

impl Style {
    /// No colour, findings and summary: what tests and files get.
    pub fn plain(width: usize) -> Self {
        Self {
            color: false,
            width,
            deny_warnings: false,
            quiet: false,
            statistics: false,
        }
    }
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
    /// The rule and severity of each finding, for `--statistics`.
    pub findings: Vec<(&'static str, Severity)>,
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
            Format::Sarif => sarif::file(linted),
            Format::Github => github::file(linted),
            Format::Junit => junit::file(linted, style.deny_warnings),
        },
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        suppressed: linted.suppressed,
        failed: linted.failed,
        choice: choice(linted),
        findings: linted
            .diagnostics
            .iter()
            .map(|d| (d.rule.id, d.severity))
            .collect(),
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
    /// The run in one sentence: `3 files checked: 2 errors, 1 warning.`
    pub fn sentence(&self) -> String {
        let files = plural(self.files, "file");
        let mut tail = match self.not_checked {
            0 => String::new(),
            n => format!("; {} not checked", plural(n, "file")),
        };
        if self.errors_above {
            tail.push_str(" (see the errors above)");
        }
        if self.errors + self.warnings + self.infos == 0 {
            return match tail.is_empty() {
                true => format!("{files} checked: no problems found."),
                false => format!("{files} checked{tail}."),
            };
        }
        let mut counts = vec![
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
        ];
        if self.infos > 0 {
            counts.push(plural(self.infos, "note"));
        }
        let failed = match self.failed {
            0 => String::new(),
            n => format!(" ({} could not be checked)", plural(n, "file")),
        };
        format!("{files} checked: {}{failed}{tail}.", counts.join(", "))
    }

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
    style: Style,
    outputs: &[FileOutput],
    summary: Summary,
    out: &mut dyn Write,
) -> io::Result<()> {
    if style.statistics && matches!(format, Format::Human | Format::Compact) {
        write_statistics(outputs, out)?;
        return match style.quiet {
            true => Ok(()),
            false => writeln!(out, "{}", summary.sentence()),
        };
    }
    match format {
        Format::Human | Format::Compact | Format::Github => {
            for output in outputs {
                out.write_all(output.chunk.as_bytes())?;
            }
            match (format, style.quiet) {
                (Format::Human, false) => writeln!(out, "{}", summary.sentence()),
                (Format::Github, false) => writeln!(out, "planlint: {}", summary.sentence()),
                _ => Ok(()),
            }
        }
        Format::Json => json::finish(
            outputs,
            summary,
            style.statistics.then(|| statistics(outputs)),
            out,
        ),
        Format::Sarif => sarif::finish(outputs, summary, out),
        Format::Junit => junit::finish(outputs, out),
    }
}

/// Findings per rule, most first: (rule, severity, count).
pub fn statistics(outputs: &[FileOutput]) -> Vec<(&'static str, Severity, usize)> {
    let mut counts: std::collections::BTreeMap<(&'static str, Severity), usize> =
        std::collections::BTreeMap::new();
    for finding in outputs.iter().flat_map(|o| &o.findings) {
        *counts.entry(*finding).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().map(|((r, s), c)| (r, s, c)).collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
    rows
}

fn write_statistics(outputs: &[FileOutput], out: &mut dyn Write) -> io::Result<()> {
    for (rule, severity, count) in statistics(outputs) {
        writeln!(out, "{count:>7}  {:<8} {rule}", severity.as_str())?;
    }
    Ok(())
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

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
