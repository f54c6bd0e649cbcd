//! `needs-confirmation`: confirmation markers and the questions that resolve them.

use super::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::Span;

declare_rule! {
    /// A confirmation marker lacks its open question, or the questions section holds more.
    ///
    /// ## What it finds
    /// In formats with a confirmation marker (export-plan's `[0o0o NEEDS CONFIRMATION]`):
    /// markers in the body when the questions section (`## Open Questions`) has fewer marked
    /// questions than there are markers, marked items there that ask no question, and items
    /// there that are not marked: the section holds only questions that block the plan.
    ///
    /// ## Why it matters
    /// A marker is a promise that someone will answer a specific question before the plan is
    /// implemented. A marker without its question is a gap nobody will fill; an unmarked item
    /// among the questions blurs which ones block the work.
    ///
    /// ## Example
    /// ```markdown
    /// Keys expire after 24 hours [0o0o NEEDS CONFIRMATION].
    /// ## Open Questions
    /// - Which team owns the dashboard?
    /// ```
    /// fails twice: the marker has no question, and the item is not marked. This passes:
    /// ```markdown
    /// Keys expire after 24 hours [0o0o NEEDS CONFIRMATION].
    /// ## Open Questions
    /// - [0o0o NEEDS CONFIRMATION] Is 24 hours the right retention for idempotency keys?
    /// ```
    pub NEEDS_CONFIRMATION, "needs-confirmation", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let Some(confirmation) = &checker.ruleset.confirmation else {
        return;
    };
    let document = checker.document;
    let questions = checker.found(confirmation.section).map(|s| s.content());
    let inside = |span: &Span, section: &Option<Span>| {
        section
            .as_ref()
            .is_some_and(|q| q.start <= span.start && span.end <= q.end)
    };
    let markers: Vec<Span> = document
        .source
        .match_indices(&confirmation.marker)
        .map(|(at, marker)| at..at + marker.len())
        .filter(|span| checker.visible(span, Default::default()))
        .collect();
    let in_body: Vec<&Span> = markers.iter().filter(|m| !inside(m, &questions)).collect();
    let mut findings = Vec::new();
    let mut asked = 0;
    if let Some(section) = &questions {
        for item in checker.top_items(section) {
            let text = document.text(&item.span);
            let first_line = document
                .lines
                .line_range(&document.source, document.lines.line_of(item.span.start));
            if !text.contains(&confirmation.marker) {
                findings.push(
                    Diagnostic::new(
                        &NEEDS_CONFIRMATION,
                        first_line,
                        format!("open question without `{}`", confirmation.marker),
                    )
                    .label("not a marked question")
                    .help(format!(
                        "mark it `{}` if it blocks the plan, or move it out of the questions",
                        confirmation.marker
                    )),
                );
            } else if !text.contains('?') {
                findings.push(
                    Diagnostic::new(
                        &NEEDS_CONFIRMATION,
                        first_line,
                        "marked item asks no question",
                    )
                    .label("no question here")
                    .help("write the one specific question that resolves the missing detail"),
                );
            } else {
                asked += 1;
            }
        }
    }
    if in_body.len() > asked {
        let place = checker.found(confirmation.section).map_or_else(
            || format!("`{}`", checker.spec(confirmation.section).heading()),
            |s| format!("`{}`", super::heading_display(s)),
        );
        let message = if asked == 0 {
            format!("`{}` without its question", confirmation.marker)
        } else {
            format!(
                "{} markers in the plan, {asked} marked questions under {place}",
                in_body.len()
            )
        };
        for marker in &in_body[asked..] {
            findings.push(
                Diagnostic::new(&NEEDS_CONFIRMATION, (*marker).clone(), message.clone())
                    .label("needs its question")
                    .help(format!(
                        "add its question under {place}, marked `{}`",
                        confirmation.marker
                    )),
            );
        }
    }
    for finding in findings {
        checker.report(finding);
    }
}
