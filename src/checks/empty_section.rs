//! `empty-section`: a section with nothing in it but the template's instructions.

use super::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{Block, BlockKind, Document, Span, is_comment_only};
use crate::ruleset::Ruleset;

declare_rule! {
    /// A section of the format has no content.
    ///
    /// ## What it finds
    /// A section standing for one of the format's sections whose text, subsections included,
    /// holds nothing but headings, thematic breaks, HTML comments and the template's own
    /// instruction blocks (`> AGENT INSTRUCTIONS:`). In staged documents, a section belongs to
    /// a stage, and a spec that has reached stage N (the latest stage with content) is only
    /// faulted for empty sections of stages 1 to N. Sections the format marks `allow-empty`
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
    /// fails with "`## Problem Statement` is empty"; write the problem the feature solves.
    pub EMPTY_SECTION, "empty-section", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let document = checker.document;
    let ruleset = checker.ruleset;
    let reached = reached_stage(checker);
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
        if section.level != wanted.level {
            continue;
        }
        if has_content(document, ruleset, &section.content())
            || has_reported_ancestor(document, doc, &reported)
        {
            continue;
        }
        reported.push(doc);
        let heading = checker.heading(doc);
        let instructions_only = document
            .blocks_in(&section.content())
            .iter()
            .any(|b| is_instruction(document, ruleset, b));
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

/// The latest stage whose sections have content, at least 1; `None` for formats without
/// stages.
fn reached_stage(checker: &Checker<'_>) -> Option<u32> {
    if checker.ruleset.sections.iter().all(|s| s.stage.is_none()) {
        return None;
    }
    let filled = checker
        .alignment
        .spec_of
        .iter()
        .enumerate()
        .filter_map(|(doc, entry)| {
            let stage = checker.spec(entry.as_ref()?.0).stage?;
            has_content(
                checker.document,
                checker.ruleset,
                &checker.section(doc).content(),
            )
            .then_some(stage)
        });
    Some(filled.max().unwrap_or(1).max(1))
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

/// Whether `span` holds a block that is content: not a heading, a thematic break, a comment
/// or a template instruction block.
pub fn has_content(document: &Document, ruleset: &Ruleset, span: &Span) -> bool {
    document
        .blocks_in(span)
        .iter()
        .any(|block| match block.kind {
            BlockKind::Heading | BlockKind::ThematicBreak => false,
            BlockKind::Html => !is_comment_only(document.text(&block.span)),
            BlockKind::BlockQuote => !is_instruction(document, ruleset, block),
            _ => true,
        })
}

/// A block quote whose first words are one of the format's instruction markers.
fn is_instruction(document: &Document, ruleset: &Ruleset, block: &Block) -> bool {
    if block.kind != BlockKind::BlockQuote || ruleset.instruction_markers.is_empty() {
        return false;
    }
    let first_line = document
        .text(&block.span)
        .lines()
        .map(|line| {
            line.trim_start()
                .trim_start_matches('>')
                .trim()
                .trim_matches(|c| c == '*' || c == '_')
        })
        .find(|line| !line.is_empty())
        .unwrap_or("");
    ruleset.instruction_markers.iter().any(|marker| {
        first_line
            .to_lowercase()
            .starts_with(&marker.to_lowercase())
    })
}
