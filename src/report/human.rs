//! The human report: miette's graphical rendering of each finding (snippet, labels, rule id,
//! help), then a one-line summary.

use std::fmt;
use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{FileOutput, Style, Summary};
use crate::diagnostic::Diagnostic;
use crate::lint::Linted;
use crate::rules::Severity;

pub fn file(style: Style, linted: &Linted) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let text = linted.document.as_ref().map(|d| lone_cr_as_lf(&d.source));
    let source = text.as_deref().map(|text| NamedText {
        name: &linted.display,
        text,
    });
    let mut out = String::new();
    for diagnostic in &linted.diagnostics {
        let view = View {
            diagnostic,
            source: source.as_ref(),
            display: &linted.display,
        };
        if handler.render_report(&mut out, &view).is_err() {
            out.push_str(&format!("{}: {}\n", linted.display, diagnostic.message));
        }
        out.push('\n');
    }
    out
}

/// miette counts only `\n` as a line end; a lone `\r` (a line end to CommonMark) is shown to
/// it as `\n`, which keeps every byte offset.
fn lone_cr_as_lf(source: &str) -> std::borrow::Cow<'_, str> {
    let bytes = source.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut fixed = bytes.to_vec();
    for (i, byte) in fixed.iter_mut().enumerate() {
        if lone(i) {
            *byte = b'\n';
        }
    }
    std::borrow::Cow::Owned(String::from_utf8(fixed).expect("replacing an ASCII byte keeps UTF-8"))
}

pub fn finish(outputs: &[FileOutput], summary: Summary, out: &mut dyn Write) -> io::Result<()> {
    for output in outputs {
        out.write_all(output.chunk.as_bytes())?;
    }
    let files = plural(summary.files, "file");
    let mut tail = match summary.not_checked {
        0 => String::new(),
        n => format!("; {} not checked", plural(n, "file")),
    };
    if summary.errors_above {
        tail.push_str(" (see the errors above)");
    }
    if summary.errors + summary.warnings + summary.infos == 0 {
        return match tail.is_empty() {
            true => writeln!(out, "{files} checked: no problems found."),
            false => writeln!(out, "{files} checked{tail}."),
        };
    }
    let mut counts = vec![
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
    ];
    if summary.infos > 0 {
        counts.push(plural(summary.infos, "note"));
    }
    write!(out, "{files} checked: {}", counts.join(", "))?;
    if summary.failed > 0 {
        write!(
            out,
            " ({} could not be checked)",
            plural(summary.failed, "file")
        )?;
    }
    writeln!(out, "{tail}.")
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A finding as miette sees it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<&'a NamedText<'a>>,
    display: &'a str,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_some() {
            f.write_str(&self.diagnostic.message)
        } else {
            // Without a snippet, the header that names the file is not drawn.
            write!(f, "{}: {}", self.display, self.diagnostic.message)
        }
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.rule.id))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source?;
        let d = self.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(d.label.clone(), source_span(&d.span));
        let related = d.related.iter().map(|(span, label)| {
            LabeledSpan::new_with_span(Some(label.clone()), source_span(span))
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

fn source_span(span: &std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::from(span.start..span.end)
}

/// A document's text under its display name, without copying it.
struct NamedText<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Linter;

    fn human(text: &str) -> String {
        let repo = crate::repo::Repository::new(std::env::temp_dir(), Vec::new());
        let config = crate::config::Config::defaults(&std::env::temp_dir());
        let linter = Linter::with_builtins(&repo, &config);
        let style = Style {
            color: false,
            width: 80,
        };
        file(style, &linter.lint_text("plan.md", None, text))
    }

    #[test]
    fn lone_cr_files_render_like_their_lf_twins() {
        let lf = "# Plan Spec: x\n\n## Purpose\n\nWhy.\n\n## Purpose\n";
        let rendered = human(lf);
        assert!(rendered.contains("[plan.md:7:1]"), "{rendered}");
        assert_eq!(human(&lf.replace('\n', "\r")), rendered);
        assert_eq!(lone_cr_as_lf("a\rb\r\nc"), "a\nb\r\nc");
    }
}
