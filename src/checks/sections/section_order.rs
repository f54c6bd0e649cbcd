//! `section-order`: sections present in the wrong order, or under the wrong parent.

use crate::checks::Checker;
use crate::checks::sections::{Match, neighbours};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::ruleset::SectionId;

declare_rule! {
    /// Sections are not in the order the plan format gives, or sit under the wrong parent.
    ///
    /// ## What it finds
    /// Among sibling sections, the fewest that must move for the rest to be in the format's
    /// order (all sections outside a longest increasing run); each finding names the
    /// neighbours it belongs between. Also a subsection placed under another section than its
    /// own (`### New Files` under `## Implementation Plan`).
    ///
    /// ## Why it matters
    /// Plan formats order their sections on purpose: the problem before the solution, the
    /// steps before the commands that validate them. Tools and agents that read plans rely on
    /// the order, and reviewers find things where the format puts them.
    ///
    /// ## Example
    /// ```markdown
    /// ## User Story
    /// ## Solution Statement
    /// ## Problem Statement
    /// ```
    /// fails with "`## Problem Statement` is out of order". This passes:
    /// ```markdown
    /// ## User Story
    /// ## Problem Statement
    /// ## Solution Statement
    /// ```
    pub SECTION_ORDER, "section-order", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let mut findings = Vec::new();
    for group in &checker.alignment.groups {
        let placed: Vec<(usize, SectionId)> =
            checker.alignment.placed(checker.ruleset, group).collect();
        let specs: Vec<SectionId> = placed.iter().map(|&(_, s)| s).collect();
        let in_order = longest_non_decreasing(&specs);
        let kept: Vec<(usize, SectionId)> = in_order.iter().map(|&i| placed[i]).collect();
        for (i, &(doc, spec)) in placed.iter().enumerate() {
            if in_order.binary_search(&i).is_err() {
                findings.push(out_of_order(checker, doc, spec, &kept));
            }
        }
    }
    for (doc, entry) in checker.alignment.spec_of.iter().enumerate() {
        if let Some((spec, Match::Relocated)) = *entry {
            if checker.section(doc).level == checker.spec(spec).level {
                findings.push(wrong_parent(checker, doc, spec));
            }
        }
    }
    for finding in findings {
        checker.report(finding);
    }
}

fn out_of_order(
    checker: &Checker<'_>,
    doc: usize,
    spec: SectionId,
    kept: &[(usize, SectionId)],
) -> Diagnostic {
    let heading = checker.heading(doc);
    let (after, before) = neighbours(kept, spec);
    let (after, before) = (
        after.map(|d| checker.heading(d)),
        before.map(|d| checker.heading(d)),
    );
    let place = match (&after, &before) {
        (Some(a), Some(b)) => format!("after `{a}` and before `{b}`"),
        (Some(a), None) => format!("after `{a}`"),
        (None, Some(b)) => format!("before `{b}`"),
        (None, None) => "where the format puts it".to_string(),
    };
    Diagnostic::new(
        &SECTION_ORDER,
        checker.section(doc).heading_span.clone(),
        format!("`{heading}` is out of order"),
    )
    .label(format!("belongs {place}"))
    .help(format!("move `{heading}` and its content {place}"))
}

fn wrong_parent(checker: &Checker<'_>, doc: usize, spec: SectionId) -> Diagnostic {
    let heading = checker.heading(doc);
    let expected_parent = checker
        .spec(spec)
        .parent
        .map(|p| match checker.alignment.first(p) {
            Some(found) => checker.heading(found),
            None => checker.spec(p).heading(),
        });
    let actual_parent = checker.section(doc).parent.map(|p| checker.heading(p));
    let now = actual_parent.map_or("at the top level".to_string(), |p| format!("under `{p}`"));
    let target = expected_parent.map_or("to the top level".to_string(), |p| format!("under `{p}`"));
    Diagnostic::new(
        &SECTION_ORDER,
        checker.section(doc).heading_span.clone(),
        format!("`{heading}` is {now}"),
    )
    .label(format!("belongs {target}"))
    .help(format!("move `{heading}` and its content {target}"))
}

/// Indices of a longest non-decreasing subsequence of `values`, ascending. The sections
/// outside it are the fewest that must move for the rest to be in order (patience sorting,
/// O(n log n)).
pub fn longest_non_decreasing(values: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; values.len()];
    for (i, &value) in values.iter().enumerate() {
        let at = tails.partition_point(|&t| values[t] <= value);
        previous[i] = at.checked_sub(1).map(|p| tails[p]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut cursor = tails.last().copied();
    while let Some(i) = cursor {
        out.push(i);
        cursor = previous[i];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::longest_non_decreasing;

    #[test]
    fn longest_run_keeps_the_most_sections_in_place() {
        assert_eq!(longest_non_decreasing(&[0, 1, 2, 3]), vec![0, 1, 2, 3]);
        assert_eq!(longest_non_decreasing(&[0, 2, 1, 3]).len(), 3);
        assert_eq!(longest_non_decreasing(&[3, 0, 1, 2]), vec![1, 2, 3]);
        assert_eq!(longest_non_decreasing(&[0, 5, 5, 5, 1]), vec![0, 1, 2, 3]);
        assert!(longest_non_decreasing(&[]).is_empty());
    }
}
