//! `metadata`: the plan's metadata fields.

use std::sync::LazyLock;

use regex::Regex;

use super::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::Span;

declare_rule! {
    /// A metadata field is missing, empty, or disagrees with the file name.
    ///
    /// ## What it finds
    /// In a format's metadata section (adw-feature's `## Metadata` with `adw_id:` and
    /// `prompt:` lines): a required field that is absent, a field whose value stands for no
    /// value (empty, `NA`, `none`), and a field that must equal part of the file name but
    /// does not (the `adw_id` in `specs/feature-{adw_id}-….md`). A value that is still the
    /// template's placeholder is reported as `placeholder`.
    ///
    /// ## Why it matters
    /// Pipelines tie a plan to its run through these fields; a plan whose `adw_id` is `NA`, or
    /// differs from its file name's, is attached to the wrong run or to none.
    ///
    /// ## Example
    /// ```markdown
    /// ## Metadata
    /// adw_id: `NA`
    /// ```
    /// in `specs/feature-4f9c2a1e-agent-tags.md` fails with "`adw_id` has no value (`NA`)".
    /// This passes:
    /// ```markdown
    /// ## Metadata
    /// adw_id: `4f9c2a1e`
    /// prompt: `Add tags to agent sessions`
    /// ```
    pub METADATA, "metadata", Error
}

/// `key: value`, with optional list marker, bold key and backticks or quotes around the value.
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*+]\s+)?(?:\*\*)?(?P<key>[A-Za-z_][A-Za-z0-9_ -]*?)(?:\*\*)?\s*:(?:\*\*)?\s*(?P<value>.*?)\s*$")
        .expect("valid metadata field regex")
});

pub fn check(checker: &mut Checker<'_>) {
    let Some(metadata) = &checker.ruleset.metadata else {
        return;
    };
    let Some(doc) = checker.alignment.first(metadata.section) else {
        return;
    };
    let document = checker.document;
    let section = checker.section(doc);
    let body = section.body(&document.sections);
    let heading = checker.heading(doc);
    let fields = fields(document, &body);
    let mut findings = Vec::new();
    for field in &metadata.fields {
        let Some((value, span)) = fields
            .iter()
            .find(|(key, _, _)| key.eq_ignore_ascii_case(&field.key))
            .map(|(_, v, s)| (v, s))
        else {
            if field.required {
                findings.push(
                    Diagnostic::new(
                        &METADATA,
                        section.heading_span.clone(),
                        format!("`{heading}` lacks `{}`", field.key),
                    )
                    .label("field missing")
                    .help(format!("add a `{}: …` line", field.key)),
                );
            }
            continue;
        };
        if checker
            .placeholders()
            .iter()
            .any(|p| span.start <= p.start && p.end <= span.end)
        {
            continue;
        }
        let empty = value.is_empty()
            || metadata
                .empty_values
                .iter()
                .any(|e| e.eq_ignore_ascii_case(value));
        if empty {
            let shown = if value.is_empty() {
                "empty".to_string()
            } else {
                format!("`{value}`")
            };
            findings.push(
                Diagnostic::new(
                    &METADATA,
                    span.clone(),
                    format!("`{}` has no value ({shown})", field.key),
                )
                .label("no value")
                .help(format!("fill in the real `{}`", field.key)),
            );
            continue;
        }
        let expected = field.file_name.as_deref().and_then(|group| {
            let rule = checker.ruleset.file_name.as_ref()?;
            rule.group(checker.path?, group)
        });
        if let Some(expected) = expected.filter(|e| *e != value) {
            findings.push(
                Diagnostic::new(
                    &METADATA,
                    span.clone(),
                    format!(
                        "`{}` is `{value}` but the file name has `{expected}`",
                        field.key
                    ),
                )
                .label("differs from the file name")
                .help(format!(
                    "use the same `{}` in the metadata and the file name",
                    field.key
                )),
            );
        }
    }
    for finding in findings {
        checker.report(finding);
    }
}

/// The `key: value` lines of `body`: key, value without backticks or quotes, the value's span.
fn fields(document: &crate::document::Document, body: &Span) -> Vec<(String, String, Span)> {
    let lines = &document.lines;
    let first = lines.line_of(body.start);
    let last = lines.line_of(body.end.saturating_sub(1).max(body.start));
    (first..=last)
        .filter_map(|line| {
            let range = lines.line_range(&document.source, line);
            if range.start < body.start || range.end > body.end {
                return None;
            }
            let captures = FIELD.captures(&document.source[range.clone()])?;
            let key = captures.name("key")?.as_str().trim().to_string();
            let raw = captures.name("value")?;
            let value = raw
                .as_str()
                .trim_matches(|c| c == '`' || c == '"' || c == '\'')
                .trim()
                .to_string();
            let span = range.start + raw.start()..range.start + raw.end();
            Some((key, value, span))
        })
        .collect()
}
