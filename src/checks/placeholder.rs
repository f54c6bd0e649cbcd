//! `placeholder`: a template placeholder left in the plan.

use super::{Checker, shorten};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::Span;

declare_rule! {
    /// A placeholder of the plan template is still in the plan.
    ///
    /// ## What it finds
    /// Text matching one of the format's placeholder patterns, which are derived from its
    /// template: `<…>` phrases (`<feature name>`, `<describe the problem this feature
    /// solves>`), square-bracket ones where the format uses them (`[Requirement]`,
    /// `[Feature or Task Title]`), variables (`` `{adw_id}` ``). Code spans and blocks are
    /// skipped unless a pattern says otherwise, and the patterns leave alone what only looks
    /// like a placeholder: generics (`Record<K, V>`), comparisons (`<75%`), HTML tags and the
    /// format's own tags, links, task boxes, `{adw_id}` inside a path.
    ///
    /// ## Why it matters
    /// The agent that implements the plan takes it literally: a plan that still says
    /// `<describe the feature>` describes nothing, and a leftover is the surest sign that a
    /// section was never written.
    ///
    /// ## Example
    /// ```markdown
    /// ## Problem Statement
    /// <describe the problem this feature solves>
    /// ```
    /// fails with "leftover placeholder `<describe the problem this feature solves>`". This
    /// passes:
    /// ```markdown
    /// ## Problem Statement
    /// Operators cannot tell which agent sessions belong to which customer.
    /// ```
    pub PLACEHOLDER, "placeholder", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let findings: Vec<Diagnostic> = checker
        .placeholders()
        .iter()
        .map(|span| {
            let text = shorten(checker.document.text(span), 60);
            Diagnostic::new(
                &PLACEHOLDER,
                span.clone(),
                format!("leftover placeholder `{text}`"),
            )
            .label("template placeholder")
            .help("replace it with the plan's own content")
        })
        .collect();
    for finding in findings {
        checker.report(finding);
    }
}

/// Every placeholder of the format in the document, sorted, overlaps dropped.
pub fn find(checker: &Checker<'_>) -> Vec<Span> {
    let document = checker.document;
    let source = document.scanned(&(0..document.source.len()));
    let mut spans: Vec<Span> = Vec::new();
    for placeholder in &checker.ruleset.placeholders {
        for captures in placeholder.pattern.captures_iter(source) {
            let span = placeholder.span(&captures);
            if checker.visible(&span, placeholder.code) {
                spans.push(span);
            }
        }
    }
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if kept.last().is_none_or(|last| span.start >= last.end) {
            kept.push(span);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn placeholders(text: &str) -> Vec<String> {
        let ruleset = crate::ruleset::builtin("feature-plan").expect("built-in");
        let document = Document::parse(text);
        let checker = Checker::new(&document, ruleset, None, None);
        find(&checker)
            .iter()
            .map(|span| document.text(span).to_string())
            .collect()
    }

    #[test]
    fn glued_to_an_identifier_is_code_glued_to_text_without_spaces_is_not() {
        assert!(placeholders("Use Record<K, V> here.\n").is_empty());
        assert!(placeholders("Use map_<key type> here.\n").is_empty());
        assert_eq!(placeholders("- <feature name>\n"), ["<feature name>"]);
        assert_eq!(placeholders("填写<feature name>。\n"), ["<feature name>"]);
    }

    /// Found by the line-ending property: `[^<>\n]` ran on across lone CRs.
    #[test]
    fn a_placeholder_ends_at_a_lone_cr_as_at_lf() {
        let lf = "- <a\n# API Changes\nAPI Changes A>\n";
        assert!(placeholders(lf).is_empty());
        assert!(placeholders(&lf.replace('\n', "\r")).is_empty());
        assert_eq!(placeholders("- <a\rb c>\r"), ["<a\rb c>"]);
    }

    /// Found by the line-ending property: the message quoted the CRLF twin's line break.
    #[test]
    fn a_placeholder_across_lines_is_quoted_on_one_line() {
        let ruleset = crate::ruleset::builtin("feature-plan").expect("built-in");
        for text in ["- <a\nAPI Changes A>\n", "- <a\r\nAPI Changes A>\r\n"] {
            let document = Document::parse(text);
            let messages: Vec<String> = crate::checks::check(&document, ruleset, None, None)
                .into_iter()
                .filter(|d| d.rule.id == "placeholder")
                .map(|d| d.message)
                .collect();
            assert_eq!(
                messages,
                ["leftover placeholder `<a API Changes A>`"],
                "{text:?}"
            );
        }
    }
}
