//! The human report: miette's graphical rendering of each finding (snippet, labels, rule id,
//! help), then a one-line summary.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::Style;
use crate::diagnostic::Diagnostic;
use crate::document::{LineIndex, Span, floor_char_boundary};
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
    let source = text
        .as_deref()
        .zip(linted.document.as_ref())
        .map(|(text, document)| NamedText {
            name: &linted.display,
            text,
            lines: &document.lines,
        });
    let mut out = String::new();
    for (drawn, diagnostic) in linted.diagnostics.iter().enumerate() {
        if drawn >= DRAWN {
            if drawn == DRAWN {
                out.push_str(&format!(
                    "{} more findings in {}, one line each:\n\n",
                    linted.diagnostics.len() - DRAWN,
                    linted.display
                ));
            }
            out.push_str(&super::compact::line(linted, diagnostic));
            continue;
        }
        let snippet = source.as_ref().map(|text| Snippet {
            window: text.window(diagnostic),
            text,
        });
        let view = View {
            diagnostic,
            source: snippet.as_ref(),
            display: &linted.display,
        };
        if handler.render_report(&mut out, &view).is_err() {
            out.push_str(&format!("{}: {}\n", linted.display, diagnostic.message));
        }
        out.push('\n');
    }
    out
}

/// Findings of one file drawn with their snippets; the rest get a line each, as in `compact`.
/// Nobody reads a plan's hundred-thousandth finding drawn out, and drawing costs some 5 µs and
/// 350 bytes of report each: a 6 MB plan of 900,000 stray headings took 7 s and 300 MB.
const DRAWN: usize = 1000;

/// A finding as miette sees it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<&'a Snippet<'a>>,
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
        let window = self.source?.window.clone();
        let d = self.diagnostic;
        let label = d.label.as_deref().map(|l| escape::escape(l).into_owned());
        // In a window, the primary label is cut to it, and other labels outside it are left out.
        let primary = match &window {
            None => d.span.clone(),
            Some(w) => {
                let start = d.span.start.clamp(w.start, w.end);
                start..d.span.end.clamp(start, w.end)
            }
        };
        let primary = LabeledSpan::new_primary_with_span(label, source_span(&primary));
        let related = d.related.iter().filter_map(move |(span, label)| {
            let span = match &window {
                None => span.clone(),
                Some(w) if span.start < w.start || span.start > w.end => return None,
                Some(w) => span.start..span.end.min(w.end),
            };
            Some(LabeledSpan::new_with_span(
                Some(escape::escape(label).into_owned()),
                source_span(&span),
            ))
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

fn source_span(span: &std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::from(span.start..span.end)
}

/// Snippets longer than this, in bytes, with their context line before and after, are not
/// printed whole: one line of 10 MB, or a label over a whole document, would be printed once
/// per finding.
const LONG_SNIPPET: usize = 4000;
/// The window a long snippet is cut to, in bytes before and after the finding's start: about
/// 200 columns of the finding's own line.
const WINDOW_BEFORE: usize = 80;
const WINDOW_AFTER: usize = 120;

/// A document's text under its display name, without copying it.
struct NamedText<'a> {
    name: &'a str,
    text: &'a str,
    lines: &'a LineIndex,
}

impl NamedText<'_> {
    /// The part of the finding's first line its snippet is cut to, if its snippet is long.
    fn window(&self, diagnostic: &Diagnostic) -> Option<Span> {
        let spans =
            std::iter::once(&diagnostic.span).chain(diagnostic.related.iter().map(|r| &r.0));
        let long = spans.into_iter().any(|span| {
            let first = self.lines.line_of(span.start).saturating_sub(1);
            let last = self.lines.line_of(span.end) + 1;
            let end = self.lines.line_range(self.text, last).end;
            end - self.lines.line_start(first) > LONG_SNIPPET
        });
        if !long {
            return None;
        }
        let start = diagnostic.span.start.min(self.text.len());
        let line = self.lines.line_range(self.text, self.lines.line_of(start));
        let from = floor_char_boundary(
            self.text,
            start.saturating_sub(WINDOW_BEFORE).max(line.start),
        );
        let mut to = (start + WINDOW_AFTER).min(line.end).max(from);
        while !self.text.is_char_boundary(to) {
            to += 1;
        }
        Some(from..to)
    }
}

/// What miette is shown of the text for one finding: the lines around each label, or a window
/// of a long line.
struct Snippet<'a> {
    text: &'a NamedText<'a>,
    window: Option<Span>,
}

impl SourceCode for Snippet<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let NamedText { name, text, lines } = *self.text;
        let start = span.offset().min(text.len());
        // miette reads from the given offset on: start at the first line the snippet shows
        // rather than at the top of the document, or rendering every finding of a long plan
        // reads it once per finding. Offsets, lines and columns are put back in the document's
        // terms, so the rendering is the same either way.
        let (base, first_line, base_column, slice) = match &self.window {
            None => {
                // miette takes a span to end one byte early, so an empty span at the start of
                // a line ends on the line before: read from one more line back for it.
                let line = lines.line_of(start);
                let early = span.is_empty() && line > 0 && start == lines.line_start(line);
                let first_line = line.saturating_sub(context_lines_before + usize::from(early));
                let base = lines.line_start(first_line);
                (base, first_line, 0, &text[base..])
            }
            Some(window) => {
                let line = lines.line_of(window.start);
                let column = window.start - lines.line_start(line);
                (window.start, line, column, &text[window.clone()])
            }
        };
        let local_start = start.clamp(base, base + slice.len()) - base;
        let local_end = (start + span.len()).clamp(base + local_start, base + slice.len()) - base;
        let inner = slice.read_span(
            &SourceSpan::from(local_start..local_end),
            context_lines_before,
            context_lines_after,
        )?;
        // A column is counted from the start of the data miette was given, which for a window
        // is inside the line; with context lines, miette reports 0.
        let column = match context_lines_before {
            0 => inner.column() + base_column,
            _ => inner.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            name.to_string(),
            inner.data(),
            SourceSpan::from((inner.span().offset() + base, inner.span().len())),
            inner.line() + first_line,
            column,
            inner.line_count() + first_line,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Linter;

    fn linted(text: &str) -> Linted {
        let repo = crate::repo::Repository::new(std::env::temp_dir(), Vec::new());
        let config = crate::config::Config::defaults(&std::env::temp_dir());
        let linter = Linter::with_builtins(&repo, &config);
        linter.lint_text("plan.md", None, text)
    }

    fn human(text: &str) -> String {
        file(Style::plain(80), &linted(text))
    }

    #[test]
    fn snippets_read_the_same_as_miette_from_the_lines_they_show() {
        for text in [
            "",
            "\n",
            "a",
            "x\n\n\ny\n",
            "# T\n\nline two\r\nthree\n\nfive é\nsix",
        ] {
            same_snippets_as_miette(text);
        }
    }

    fn same_snippets_as_miette(text: &str) {
        let lines = LineIndex::new(text);
        let named = NamedText {
            name: "plan.md",
            text,
            lines: &lines,
        };
        let snippet = Snippet {
            text: &named,
            window: None,
        };
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        for &start in &boundaries {
            for &end in boundaries.iter().filter(|&&end| end >= start) {
                for context in 0..3 {
                    let span = SourceSpan::from(start..end);
                    let ours = snippet.read_span(&span, context, context).unwrap();
                    let theirs = text.read_span(&span, context, context).unwrap();
                    assert_eq!(
                        (ours.data(), ours.span(), ours.line(), ours.column()),
                        (theirs.data(), theirs.span(), theirs.line(), theirs.column()),
                        "{start}..{end} with {context} lines of context"
                    );
                    assert_eq!(ours.line_count(), theirs.line_count());
                }
            }
        }
    }

    #[test]
    fn a_finding_on_a_long_line_shows_a_window_of_it_at_its_column() {
        let long = format!(
            "Intro {}[Feature or Task Title]{}\n",
            "word ".repeat(100_000),
            "x".repeat(9_000)
        );
        let plan = format!("# Plan Spec: x\n\n## Purpose\n\n{long}");
        let rendered = human(&plan);
        assert!(rendered.len() < 8 * 1024, "{} bytes", rendered.len());
        let column = "Intro ".len() + 500_000 + 1;
        assert!(
            rendered.contains(&format!("[plan.md:5:{column}]")),
            "{rendered}"
        );
        assert!(
            rendered.contains("word word [Feature or Task Title]xxx"),
            "{rendered}"
        );
    }

    #[test]
    fn past_a_thousand_findings_each_is_one_line() {
        let plan = format!(
            "# Plan Spec: x\n\n{}",
            "## Purpose\n\nWhy.\n\n".repeat(1_100)
        );
        let linted = linted(&plan);
        let rendered = file(Style::plain(80), &linted);
        let more = linted.diagnostics.len() - 1_000;
        let (head, tail) = rendered
            .split_once(&format!(
                "{more} more findings in plan.md, one line each:\n\n"
            ))
            .unwrap_or_else(|| panic!("{rendered}"));
        // Each drawn finding starts with its rule id on a line of its own.
        let drawn = head
            .lines()
            .filter(|l| crate::rules::all().iter().any(|r| r.id == *l))
            .count();
        assert_eq!(drawn, 1_000);
        let lines: Vec<&str> = tail.lines().collect();
        assert_eq!(lines.len(), more);
        assert!(lines.iter().all(|l| l.starts_with("plan.md:")), "{lines:?}");
    }

    #[test]
    fn lone_cr_files_render_like_their_lf_twins() {
        let lf = "# Plan Spec: x\n\n## Purpose\n\nWhy.\n\n## Purpose\n";
        let rendered = human(lf);
        assert!(rendered.contains("[plan.md:7:1]"), "{rendered}");
        assert_eq!(human(&lf.replace('\n', "\r")), rendered);
    }
}
