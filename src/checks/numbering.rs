//! `numbering`: section and step numbers that skip, repeat or ignore their parent's number.

use super::Checker;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit};
use crate::document::Section;
use crate::ruleset::SectionId;

declare_rule! {
    /// Section or step numbers are not sequential, or do not start with the parent's number.
    ///
    /// ## What it finds
    /// Among sibling headings that carry decimal numbers (`## 3. Goals`, `### 2.1 Current
    /// Flow`): a number that does not follow the previous one, and a subsection whose number
    /// does not start with its section's (`### 3.1` under `## 2.`). For repeated sections
    /// that the format numbers (`### Step N`, `### Phase N`): numbers that do not run 1, 2, 3.
    /// After a gap the count resumes from the number found, so one gap is one finding.
    ///
    /// ## Why it matters
    /// Plans refer to their parts by number ("see 2.2", "after Step 3"). A skipped or
    /// repeated number sends the reader, or the agent, to the wrong place, and is usually a
    /// sign that a section was deleted or moved without renumbering.
    ///
    /// ## Example
    /// ```markdown
    /// ## 2. Current State Analysis
    /// ### 2.1 Current Implementation Overview
    /// ### 2.3 Current Flow
    /// ```
    /// fails with "`### 2.3 Current Flow` is numbered 2.3; expected 2.2". This passes:
    /// ```markdown
    /// ## 2. Current State Analysis
    /// ### 2.1 Current Implementation Overview
    /// ### 2.2 Current Flow
    /// ```
    pub NUMBERING, "numbering", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let document = checker.document;
    let mut findings = Vec::new();
    let top: Vec<usize> = checker
        .alignment
        .groups
        .iter()
        .filter(|g| g.doc_parent.is_none())
        .flat_map(|g| g.members.clone())
        .collect();
    let siblings = std::iter::once((None, top)).chain(
        document
            .sections
            .iter()
            .enumerate()
            // The title's subsections are the top level, checked above.
            .filter(|(_, s)| s.level > 1 && !s.children.is_empty())
            .map(|(i, s)| (Some(i), s.children.clone())),
    );
    for (parent, members) in siblings {
        let prefix = parent.and_then(|p| section_number(checker, p));
        decimal(checker, prefix.as_deref(), &members, &mut findings);
        steps(checker, &members, &mut findings);
    }
    for finding in findings {
        checker.report(finding);
    }
}

/// A section's own number: its decimal numbering, or the step number of a numbered step.
fn section_number(checker: &Checker<'_>, index: usize) -> Option<Vec<u32>> {
    let section = checker.section(index);
    if let Some(number) = &section.heading.number {
        return Some(number.clone());
    }
    let (spec, _) = checker.alignment.spec_of[index]?;
    checker
        .spec(spec)
        .step_number(&section.heading.key)
        .map(|n| vec![n])
}

/// Decimal numbers among siblings: each follows the one before, as an outline does (`2.1`
/// may be followed by `2.1.1`, `2.2` or `3`), and all start with the parent's number. The
/// first may start anywhere (some formats number the title as 1).
fn decimal(
    checker: &Checker<'_>,
    prefix: Option<&[u32]>,
    members: &[usize],
    findings: &mut Vec<Diagnostic>,
) {
    let mut previous: Option<&[u32]> = None;
    for &member in members {
        let section = checker.section(member);
        let Some(number) = &section.heading.number else {
            continue;
        };
        if let Some(expected) = expected_number(previous, number, prefix) {
            findings.push(misnumbered(
                checker,
                section,
                &dotted(number),
                &dotted(&expected),
            ));
        }
        previous = Some(number);
    }
}

/// The number expected where `number` stands, if `number` is wrong.
fn expected_number(
    previous: Option<&[u32]>,
    number: &[u32],
    prefix: Option<&[u32]>,
) -> Option<Vec<u32>> {
    if let Some(prefix) = prefix {
        if number.len() <= prefix.len() || !number.starts_with(prefix) {
            return Some(match previous {
                Some(previous)
                    if previous.len() == prefix.len() + 1 && previous.starts_with(prefix) =>
                {
                    successor(previous, previous.len())
                }
                _ => [prefix, &[1]].concat(),
            });
        }
    }
    let previous = previous?;
    let follows = number.len() == previous.len() + 1
        && number.starts_with(previous)
        && number[previous.len()] == 1
        || number.len() <= previous.len() && *number == successor(previous, number.len());
    if follows {
        return None;
    }
    Some(
        if number.len() <= previous.len() + 1 && number.len() > previous.len() {
            [previous, &[1]].concat()
        } else {
            successor(previous, number.len().min(previous.len()))
        },
    )
}

/// The next number at outline depth `depth` after `number`: `2.1.3` at depth 2 is `2.2`.
fn successor(number: &[u32], depth: usize) -> Vec<u32> {
    let mut next = number[..depth].to_vec();
    if let Some(last) = next.last_mut() {
        *last += 1;
    }
    next
}

/// Numbered repeated sections (`### Step N`) among siblings run 1, 2, 3.
fn steps(checker: &Checker<'_>, members: &[usize], findings: &mut Vec<Diagnostic>) {
    let mut next: Vec<(SectionId, u32)> = Vec::new();
    for &member in members {
        let Some((spec, _)) = checker.alignment.spec_of[member] else {
            continue;
        };
        let section = checker.section(member);
        let spec_section = checker.spec(spec);
        if !spec_section.repeat || !spec_section.numbers_steps() {
            continue;
        }
        let Some(number) = spec_section.step_number(&section.heading.key) else {
            continue;
        };
        let expected = match next.iter_mut().find(|(s, _)| *s == spec) {
            Some((_, n)) => std::mem::replace(n, number + 1),
            None => {
                next.push((spec, number + 1));
                1
            }
        };
        if number != expected {
            findings.push(misnumbered(
                checker,
                section,
                &number.to_string(),
                &expected.to_string(),
            ));
        }
    }
}

fn dotted(number: &[u32]) -> String {
    number
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

fn misnumbered(
    checker: &Checker<'_>,
    section: &Section,
    actual: &str,
    expected: &str,
) -> Diagnostic {
    let heading = super::heading_display(section);
    let text_span = section.text_span.clone();
    let mut diagnostic = Diagnostic::new(
        &NUMBERING,
        section.heading_span.clone(),
        format!("`{heading}` is numbered {actual}; expected {expected}"),
    )
    .label(format!("expected {expected}"))
    .help(format!(
        "renumber it {expected}, and the headings after it to follow"
    ));
    if let Some(at) = checker.document.text(&text_span).find(actual) {
        let start = text_span.start + at;
        diagnostic = diagnostic.fix(
            format!("renumber to {expected}"),
            vec![Edit::replace(start..start + actual.len(), expected)],
        );
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::expected_number;

    fn check(previous: Option<&[u32]>, number: &[u32], prefix: Option<&[u32]>) -> Option<Vec<u32>> {
        expected_number(previous, number, prefix)
    }

    #[test]
    fn outline_numbers_may_descend_continue_or_climb() {
        assert_eq!(check(None, &[3], None), None);
        assert_eq!(check(Some(&[1]), &[2], None), None);
        assert_eq!(check(Some(&[2, 1]), &[2, 1, 1], None), None);
        assert_eq!(check(Some(&[2, 1, 1]), &[2, 2], None), None);
        assert_eq!(check(Some(&[2, 1, 1]), &[3], None), None);
    }

    #[test]
    fn gaps_repeats_and_foreign_prefixes_are_wrong() {
        assert_eq!(check(Some(&[1]), &[3], None), Some(vec![2]));
        assert_eq!(check(Some(&[2]), &[2], None), Some(vec![3]));
        assert_eq!(check(Some(&[2, 1]), &[2, 3], None), Some(vec![2, 2]));
        assert_eq!(check(Some(&[2, 1]), &[2, 1, 2], None), Some(vec![2, 1, 1]));
        assert_eq!(check(None, &[3, 1], Some(&[2])), Some(vec![2, 1]));
        assert_eq!(check(Some(&[2, 1]), &[3, 2], Some(&[2])), Some(vec![2, 2]));
        assert_eq!(check(None, &[2], Some(&[2])), Some(vec![2, 1]));
    }
}
