//! `empty-section`: a section with nothing in it but the template's instructions.

use super::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::Document;

declare_rule! {
    /// A section of the format has no content.
    ///
    /// ## What it finds
    /// A section standing for one of the format's sections whose text, subsections included,
    /// holds nothing but headings, thematic breaks, HTML comments and the template's own
    /// instruction blocks (`> AGENT INSTRUCTIONS:`). In staged documents, a section belongs to
    /// a stage, and a spec that has reached stage N (the latest stage with content) is only
    /// faulted for empty sections of stages 1 to N; a complete spec (its last stage filled,
    /// or a line such as `Status: Complete`) for all of them. Sections the format marks `allow-empty`
    /// are skipped. When a section and its subsections are all empty, only the section is
    /// reported; a section at the wrong heading level is left to `heading-level`.
    ///
    /// ## Why it matters
    /// An empty section looks done in a table of contents and tells the implementing agent
    /// nothing. A section still holding the template's instructions was never written.
    ///
    /// ## Example
    /// ```markdown
    /// ## Problem Statement
    ///
    /// ## Solution Statement
    /// ```
    /// fails with "`## Problem Statement` is empty". This passes:
    /// ```markdown
    /// ## Problem Statement
    /// Analysts retype the same reports every week.
    /// ## Solution Statement
    /// ```
    pub EMPTY_SECTION, "empty-section", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let document = checker.document;
    let reached = checker.stage_progress().map(|p| p.reached);
    let mut reported: Vec<usize> = Vec::new();
    let mut findings = Vec::new();
    for (doc, entry) in checker.alignment.spec_of.iter().enumerate() {
        let Some((spec, _)) = *entry else { continue };
        let wanted = checker.spec(spec);
        if wanted.allow_empty || wanted.stage.is_some_and(|stage| Some(stage) > reached) {
            continue;
        }
        let section = checker.section(doc);
        // At the wrong level a section loses its subsections to its neighbours; the
        // heading-level finding is the one to fix.
        if section.level != wanted.level
            || checker.has_content(&section.content())
            || has_reported_ancestor(document, doc, &reported)
        {
            continue;
        }
        reported.push(doc);
        let heading = checker.heading(doc);
        let instructions_only = document
            .blocks_in(&section.content())
            .iter()
            .any(|b| checker.is_instruction(b));
        let message = if instructions_only {
            format!("`{heading}` holds only the template's instructions")
        } else {
            format!("`{heading}` is empty")
        };
        let mut help = if wanted.required {
            "write the section's content".to_string()
        } else {
            "write the section's content, or remove the section".to_string()
        };
        if let Some(stage) = reached.filter(|_| wanted.stage.is_some()) {
            help.push_str(&format!(
                " (the spec has reached stage {stage}, so this section is due)"
            ));
        }
        findings.push(
            Diagnostic::new(&EMPTY_SECTION, section.heading_span.clone(), message)
                .label("no content under this heading")
                .help(help),
        );
    }
    for finding in findings {
        checker.report(finding);
    }
}

fn has_reported_ancestor(document: &Document, mut index: usize, reported: &[usize]) -> bool {
    while let Some(parent) = document.sections[index].parent {
        if reported.contains(&parent) {
            return true;
        }
        index = parent;
    }
    false
}
