//! `missing-section`: a section the format requires is not in the plan.

use crate::checks::Checker;
use crate::checks::sections::neighbours;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit};
use crate::ruleset::SectionId;

declare_rule! {
    /// A section the plan format requires is not in the plan.
    ///
    /// ## What it finds
    /// A required `##` section (or a required subsection under a section that is present)
    /// that no heading of the plan stands for. The finding points where the section belongs
    /// and says which heading to add after which; a misspelled or mis-levelled heading is
    /// reported as `heading-typo` or `heading-level` instead.
    ///
    /// ## Why it matters
    /// The coding agent that implements the plan reads it section by section. A plan without
    /// `## Validation Commands` or `## Acceptance Criteria` leaves it to guess when it is done.
    ///
    /// ## Example
    /// ```markdown
    /// # Feature: Saved bookmarks
    /// ## Feature Description
    /// Users save queries.
    /// ## Problem Statement
    /// ...
    /// ```
    /// fails with "missing `## User Story` section". This passes:
    /// ```markdown
    /// ## Feature Description
    /// Users save queries.
    /// ## User Story
    /// As an analyst, I want to save a query so that I can rerun it.
    /// ## Problem Statement
    /// ...
    /// ```
    pub MISSING_SECTION, "missing-section", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let mut findings = Vec::new();
    for group in &checker.alignment.groups {
        let placed: Vec<(usize, SectionId)> =
            checker.alignment.placed(checker.ruleset, group).collect();
        for &spec in checker.ruleset.children(group.spec_parent) {
            let section = checker.spec(spec);
            let required = if section.repeat {
                section.min
            } else {
                usize::from(section.required)
            };
            let present = placed.iter().filter(|&&(_, s)| s == spec).count();
            if required == 0 || present >= required || checker.alignment.is_relocated(spec) {
                continue;
            }
            findings.push(finding(checker, group.doc_parent, &placed, spec, present));
        }
    }
    for finding in findings {
        checker.report(finding);
    }
}

/// Where the missing section belongs: after the closest earlier sibling that is present,
/// else before the closest later one, else at the end of the parent section.
fn finding(
    checker: &Checker<'_>,
    doc_parent: Option<usize>,
    placed: &[(usize, SectionId)],
    spec: SectionId,
    present: usize,
) -> Diagnostic {
    let document = checker.document;
    let section = checker.spec(spec);
    let wanted = section.heading();
    let (previous, next) = neighbours(placed, spec);
    let insert_at = match (previous, next, doc_parent) {
        (Some(p), _, _) => checker.section(p).end,
        (None, Some(n), _) => checker.section(n).heading_span.start,
        (None, None, Some(parent)) => checker.section(parent).end,
        (None, None, None) => document.source.len(),
    };
    let heading_at_insert = document
        .sections
        .iter()
        .find(|s| s.heading_span.start == insert_at);
    let (span, label) = match (heading_at_insert, previous, doc_parent) {
        (Some(h), _, _) => (
            h.heading_span.clone(),
            format!("`{wanted}` belongs before this heading"),
        ),
        (None, Some(p), _) => (
            checker.section(p).heading_span.clone(),
            format!("`{wanted}` belongs after this section"),
        ),
        (None, None, Some(parent)) => (
            checker.section(parent).heading_span.clone(),
            format!("`{wanted}` belongs under this heading"),
        ),
        (None, None, None) => (insert_at..insert_at, format!("`{wanted}` belongs here")),
    };
    let place = match (previous, next, doc_parent) {
        (Some(p), _, _) => format!("after `{}`", checker.heading(p)),
        (None, Some(n), _) => format!("before `{}`", checker.heading(n)),
        (None, None, Some(parent)) => format!("under `{}`", checker.heading(parent)),
        (None, None, None) => "to the plan".to_string(),
    };
    let message = match doc_parent {
        Some(parent) if section.repeat && present == 0 => {
            format!("`{}` has no `{wanted}` section", checker.heading(parent))
        }
        Some(parent) if section.repeat => format!(
            "`{}` has {present} `{wanted}` sections; the format requires {}",
            checker.heading(parent),
            section.min
        ),
        Some(parent) => format!(
            "missing `{wanted}` section under `{}`",
            checker.heading(parent)
        ),
        None => format!("missing `{wanted}` section"),
    };
    Diagnostic::new(&MISSING_SECTION, span, message)
        .label(label)
        .help(format!("add `{wanted}` {place}"))
        .fix(
            format!("insert `{wanted}`"),
            vec![Edit::insert(
                insert_at,
                insertion(&document.source, insert_at, &wanted),
            )],
        )
}

/// The heading to insert at `at`, with the document's line ending. Inside the document `at`
/// is the start of a line (a heading's); at the end, a blank line separates it from the text
/// before.
fn insertion(source: &str, at: usize, heading: &str) -> String {
    let newline = crate::document::newline_of(source);
    if at < source.len() {
        return format!("{heading}{newline}{newline}");
    }
    let before = &source[..at];
    // Any of CommonMark's line endings (LF, CRLF, a lone CR) may end the last two lines.
    let ends_blank = before.is_empty()
        || without_line_end(before)
            .and_then(without_line_end)
            .is_some();
    let lead = if ends_blank {
        String::new()
    } else if before.ends_with('\n') || before.ends_with('\r') {
        newline.to_string()
    } else {
        newline.repeat(2)
    };
    format!("{lead}{heading}{newline}")
}

fn without_line_end(text: &str) -> Option<&str> {
    text.strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .or_else(|| text.strip_suffix('\r'))
}

#[cfg(test)]
mod tests {
    use super::insertion;

    #[test]
    fn inserted_heading_keeps_blank_lines_and_line_endings() {
        assert_eq!(insertion("# T\n## B\n", 4, "## A"), "## A\n\n");
        assert_eq!(insertion("# T\n", 4, "## A"), "\n## A\n");
        assert_eq!(insertion("# T", 3, "## A"), "\n\n## A\n");
        assert_eq!(insertion("# T\r\n", 5, "## A"), "\r\n## A\r\n");
        assert_eq!(insertion("# T\r\n\r\n", 7, "## A"), "## A\r\n");
    }

    #[test]
    fn a_lone_cr_file_gets_the_fix_of_its_lf_twin_in_its_own_line_ending() {
        // Found by the line-ending twins property: "# T\r\r" had its blank line missed.
        assert_eq!(insertion("# T\n\n", 5, "## A"), "## A\n");
        assert_eq!(insertion("# T\r\r", 5, "## A"), "## A\r");
        assert_eq!(insertion("# T\r", 4, "## A"), "\r## A\r");
    }
}
