//! The human report: miette's graphical rendering of each finding (snippet, labels, rule id,
//! help), then a one-line summary.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::Style;
use crate::diagnostic::Diagnostic;
use crate::escape;
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
    let text = linted
        .document
        .as_ref()
        .map(|d| escape::neutralize(&d.source));
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
        let message = escape::escape(&self.diagnostic.message);
        if self.source.is_some() {
            f.write_str(&message)
        } else {
            // Without a snippet, the header that names the file is not drawn.
            write!(f, "{}: {message}", self.display)
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
        // Help may span lines on purpose (the preamble lines to add); only what cannot be
        // seen is escaped in it.
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(escape::escape_lines(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source?;
        let d = self.diagnostic;
        let label = d.label.as_deref().map(|l| escape::escape(l).into_owned());
        let primary = LabeledSpan::new_primary_with_span(label, source_span(&d.span));
        let related = d.related.iter().map(|(span, label)| {
            LabeledSpan::new_with_span(Some(escape::escape(label).into_owned()), source_span(span))
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
        let style = Style::plain(80);
        file(style, &linter.lint_text("plan.md", None, text))
    }

    #[test]
    fn lone_cr_files_render_like_their_lf_twins() {
        let lf = "# Plan Spec: x\n\n## Purpose\n\nWhy.\n\n## Purpose\n";
        let rendered = human(lf);
        assert!(rendered.contains("[plan.md:7:1]"), "{rendered}");
        assert_eq!(human(&lf.replace('\n', "\r")), rendered);
    }
}
