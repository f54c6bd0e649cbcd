//! `title`: the plan's `#` title.

use super::{Checker, heading_display};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// The `#` title is missing, does not match the format, or is not the only one.
    ///
    /// ## What it finds
    /// A plan without a `#` heading, a title that does not match the format's title pattern
    /// (`# Feature: <feature name>`, `# Plan Spec: <title>`), and further `#` headings after
    /// the title, which split the plan into several documents. A title that still holds a
    /// template placeholder is reported by `placeholder` alone.
    ///
    /// ## Why it matters
    /// The title names the feature for every tool and person downstream, and formats use its
    /// prefix to say what kind of plan this is. A stray `#` line (often a shell comment pasted
    /// outside a code block) turns into a second title.
    ///
    /// ## Example
    /// ```markdown
    /// # CSV export
    /// ```
    /// fails in the feature-plan format with "title `# CSV export` does not match
    /// `# Feature: <feature name>`". This passes:
    /// ```markdown
    /// # Feature: CSV export
    /// ```
    pub TITLE, "title", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let document = checker.document;
    let title = document.title();
    let mut findings = Vec::new();
    if let Some(expected) = &checker.ruleset.title {
        match title {
            None => {
                let first_line = document.lines.line_range(&document.source, 0);
                findings.push(
                    Diagnostic::new(&TITLE, first_line, "the plan has no `#` title")
                        .label("expected the title here")
                        .help(format!("start the plan with `{}`", expected.expected)),
                );
            }
            Some(t)
                if !expected
                    .pattern
                    .is_match(&document.sections[t].heading.text)
                    && !holds_placeholder(checker, &document.sections[t].heading_span) =>
            {
                let heading = checker.heading(t);
                findings.push(
                    Diagnostic::new(
                        &TITLE,
                        document.sections[t].heading_span.clone(),
                        format!("title `{heading}` does not match `{}`", expected.expected),
                    )
                    .label("not the format's title")
                    .help(format!("write the title as `{}`", expected.expected)),
                );
            }
            Some(_) => {}
        }
    }
    for (i, section) in document.sections.iter().enumerate() {
        if section.level != 1 || Some(i) == title || checker.alignment.spec_of[i].is_some() {
            continue;
        }
        let first = title
            .map(|t| document.sections[t].heading_span.clone())
            .unwrap_or_default();
        findings.push(
            Diagnostic::new(
                &TITLE,
                section.heading_span.clone(),
                format!("second `#` title `{}`", heading_display(section)),
            )
            .label("a plan has one title")
            .related(first, "the title")
            .help("make it a `##` section, or put it in a code block if it is a comment"),
        );
    }
    for finding in findings {
        checker.report(finding);
    }
}

/// Whether `span` holds a placeholder: an unfilled title is the placeholder's finding alone.
fn holds_placeholder(checker: &Checker<'_>, span: &crate::document::Span) -> bool {
    checker
        .placeholders()
        .iter()
        .any(|p| p.start >= span.start && p.end <= span.end)
}
