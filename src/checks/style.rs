//! `style`: phrases the format forbids.

use super::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::Span;

declare_rule! {
    /// A phrase the format forbids.
    ///
    /// ## What it finds
    /// Phrases a format's style rules forbid, each found and highlighted: in export-plan,
    /// "should" and "might" (requirements are imperative and testable) and "as discussed
    /// above" (the plan stands alone); in numbered-plan, a manual `ALTER TABLE` (schema
    /// changes go through migrations). Rulesets may limit a phrase to some sections and say
    /// whether code counts.
    ///
    /// ## Why it matters
    /// "The endpoint should validate input" leaves the implementer free not to; "as discussed
    /// above" points at a conversation the implementing agent never saw.
    ///
    /// ## Example
    /// ```markdown
    /// - The handler should reject keys longer than 255 characters.
    /// ```
    /// warns in the export-plan format with "\"should\" is not imperative". This passes:
    /// ```markdown
    /// - The handler rejects keys longer than 255 characters with HTTP 400.
    /// ```
    pub STYLE, "style", Warning
}

pub fn check(checker: &mut Checker<'_>) {
    let document = checker.document;
    let mut findings = Vec::new();
    for style in &checker.ruleset.style {
        let whole = 0..document.source.len();
        let scopes: Vec<Span> = if style.sections.is_empty() {
            std::iter::once(whole).collect()
        } else {
            style
                .sections
                .iter()
                .flat_map(|&spec| {
                    checker.alignment.found[spec]
                        .iter()
                        .map(|&d| checker.section(d).content())
                })
                .collect()
        };
        for scope in scopes {
            for found in style.pattern.find_iter(document.scanned(&scope)) {
                let span = scope.start + found.start()..scope.start + found.end();
                if !checker.visible(&span, style.code) {
                    continue;
                }
                findings.push(
                    Diagnostic::new(&STYLE, span, style.message.replace("{}", found.as_str()))
                        .label("here")
                        .help(style.help.clone()),
                );
            }
        }
    }
    for finding in findings {
        checker.report(finding);
    }
}
