//! `template-text`: the template's own instructions left in the plan.

use super::{Checker, shorten};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::BlockKind;

declare_rule! {
    /// The template's instruction text is still in the plan.
    ///
    /// ## What it finds
    /// The instruction phrases of the format's template, kept as prose after the placeholder
    /// brackets were removed ("describe the feature in detail, including its purpose and value
    /// to users"), and, in a staged spec that is complete (its last stage filled, or a line
    /// such as `Status: Complete`), the template's `> AGENT INSTRUCTIONS:` blocks. Text inside a
    /// placeholder is reported as `placeholder` instead, and code is skipped.
    ///
    /// ## Why it matters
    /// Instructions meant for the planning agent mislead the implementing agent, which reads
    /// them as part of the plan; in a finished spec they also hide which parts were written.
    ///
    /// ## Example
    /// ```markdown
    /// ## Feature Description
    /// Describe the feature in detail, including its purpose and value to users.
    /// ```
    /// warns "template instruction left in the plan". This passes:
    /// ```markdown
    /// ## Feature Description
    /// Users save a query under a name and rerun it from a bookmarks panel.
    /// ```
    pub TEMPLATE_TEXT, "template-text", Warning
}

pub fn check(checker: &mut Checker<'_>) {
    let document = checker.document;
    let mut findings = Vec::new();
    if let Some(phrases) = &checker.ruleset.template_text {
        let placeholders = checker.placeholders();
        for span in phrases.find_iter(&document.source) {
            let in_placeholder = placeholders
                .iter()
                .any(|p| p.start < span.end && span.start < p.end);
            if in_placeholder || !checker.visible(&span, Default::default()) {
                continue;
            }
            let text = shorten(&document.source[span.clone()], 60);
            findings.push(
                Diagnostic::new(
                    &TEMPLATE_TEXT,
                    span,
                    format!("template instruction left in the plan: \"{text}\""),
                )
                .label("the template's instruction, not plan content")
                .help("replace it with what it asks for"),
            );
        }
    }
    if checker.stage_progress().is_some_and(|p| p.complete) {
        for block in document
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::BlockQuote)
        {
            if checker.is_instruction(block) {
                let first_line = document
                    .lines
                    .line_range(&document.source, document.lines.line_of(block.span.start));
                findings.push(
                    Diagnostic::new(
                        &TEMPLATE_TEXT,
                        first_line,
                        "template instructions left in a complete spec",
                    )
                    .label("the template's instructions")
                    .help("remove the instruction block: every stage of the spec is written"),
                );
            }
        }
    }
    for finding in findings {
        checker.report(finding);
    }
}
