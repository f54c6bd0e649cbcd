//! `heading-typo`: a heading that nearly names a missing section.

use crate::checks::Checker;
use crate::checks::sections::Match;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit};
use crate::document::Section;

declare_rule! {
    /// A heading is a near miss of a section the format requires.
    ///
    /// ## What it finds
    /// A heading that matches no section but is within a few letters of a missing one under
    /// the same parent (`## Acceptance Critera`, `### Unit Test`). It is reported once, with
    /// the name it most likely meant, instead of as a missing plus an unknown section.
    ///
    /// ## Why it matters
    /// Tools and agents find sections by name. A misspelled heading is as good as a missing
    /// section to them, while a human reader does not notice the difference.
    ///
    /// ## Example
    /// ```markdown
    /// ## Acceptance Critera
    /// ```
    /// fails with "`## Acceptance Critera` looks like a misspelling of `## Acceptance
    /// Criteria`". This passes:
    /// ```markdown
    /// ## Acceptance Criteria
    /// ```
    pub HEADING_TYPO, "heading-typo", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let mut findings = Vec::new();
    for (doc, entry) in checker.alignment.spec_of.iter().enumerate() {
        let Some((spec, Match::Typo)) = *entry else {
            continue;
        };
        let section = checker.section(doc);
        let heading = checker.heading(doc);
        let wanted = checker.spec(spec);
        let expected = wanted.heading();
        let edit = Edit::replace(
            name_span(&checker.document.source, section),
            wanted.name.clone(),
        );
        findings.push(
            Diagnostic::new(
                &HEADING_TYPO,
                section.text_span.clone(),
                format!("`{heading}` looks like a misspelling of `{expected}`"),
            )
            .label(format!("did you mean `{}`?", wanted.name))
            .help(format!("rename it to `{expected}`"))
            .fix(format!("rename to `{}`", wanted.name), vec![edit]),
        );
    }
    for finding in findings {
        checker.report(finding);
    }
}

/// The heading's text after its numbering, which a rename keeps.
fn name_span(source: &str, section: &Section) -> std::ops::Range<usize> {
    let span = section.text_span.clone();
    if section.heading.number.is_none() {
        return span;
    }
    let text = &source[span.clone()];
    let skipped = text.len()
        - text
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')')
            .trim_start()
            .len();
    span.start + skipped..span.end
}
