//! SARIF 2.1.0, for GitHub code scanning and other dashboards: one run, every rule's
//! metadata (descriptions, help, documentation link, default level), one result per finding
//! with its region (columns in Unicode code points, as `columnKind` says) and suggested fix.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileOutput, Summary, positions};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Span};
use crate::lint::Linted;
use crate::rules::{self, Rule, Severity};

/// The results of one file, as comma-separated JSON objects (empty without findings).
pub fn file(linted: &Linted) -> String {
    let uri = uri(&linted.display);
    linted
        .diagnostics
        .iter()
        .map(|d| result(linted.document.as_ref(), &uri, d).to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn result(document: Option<&Document>, uri: &str, diagnostic: &Diagnostic) -> Value {
    let rule_index = rules::all()
        .iter()
        .position(|r| std::ptr::eq(*r, diagnostic.rule))
        .unwrap_or(0);
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!(": {help}"));
    }
    let mut result = json!({
        "ruleId": diagnostic.rule.id,
        "ruleIndex": rule_index,
        "level": level(diagnostic.severity),
        "message": { "text": sentence(&message) },
        "locations": [location(document, uri, &diagnostic.span)],
    });
    if !diagnostic.related.is_empty() {
        result["relatedLocations"] = diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(id, (span, label))| {
                let mut related = location(document, uri, span);
                related["id"] = json!(id);
                related["message"] = json!({ "text": sentence(label) });
                related
            })
            .collect();
    }
    if let Some(fix) = &diagnostic.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                json!({
                    "deletedRegion": region(document, &edit.span),
                    "insertedContent": { "text": edit.replacement },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": sentence(&fix.message) },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri, "uriBaseId": BASE },
                "replacements": replacements,
            }],
        }]);
    }
    result
}

/// The base the relative paths start from: the directory planlint ran in.
const BASE: &str = "%SRCROOT%";

fn location(document: Option<&Document>, uri: &str, span: &Span) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri, "uriBaseId": BASE },
            "region": region(document, span),
        }
    })
}

fn region(document: Option<&Document>, span: &Span) -> Value {
    let (start, end) = positions(document, span);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF messages are sentences: they end with a period.
fn sentence(text: &str) -> String {
    match text.trim_end().chars().last() {
        Some('.' | '?' | '!') => text.trim_end().to_string(),
        _ => format!("{}.", text.trim_end()),
    }
}

/// A relative path as a URI reference, with `/` separators.
fn uri(path: &str) -> String {
    crate::uri::encode_path(&path.replace('\\', "/"))
}

fn rule_metadata(rule: &Rule) -> Value {
    let documentation = rule.documentation();
    json!({
        "id": rule.id,
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": what_it_finds(&documentation) },
        "help": { "text": documentation, "markdown": documentation },
        "helpUri": rule.url(),
        "defaultConfiguration": { "level": level(rule.severity) },
    })
}

/// The "What it finds" paragraph of a rule's documentation.
fn what_it_finds(documentation: &str) -> String {
    let section = documentation
        .split("## ")
        .find(|s| s.starts_with("What it finds"))
        .unwrap_or(documentation);
    section
        .lines()
        .skip(1)
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

pub fn finish(outputs: &[FileOutput], summary: Summary, out: &mut dyn Write) -> io::Result<()> {
    let results: Vec<&str> = outputs
        .iter()
        .map(|o| o.chunk.as_str())
        .filter(|c| !c.is_empty())
        .collect();
    let base = std::env::current_dir()
        .ok()
        .map(|dir| format!("file://{}/", uri(&dir.to_string_lossy())));
    let run = json!({
        "tool": { "driver": {
            "name": "planlint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rules::all().iter().map(|r| rule_metadata(r)).collect::<Vec<_>>(),
        }},
        "invocations": [{
            "executionSuccessful": summary.failed == 0 && !summary.errors_above,
        }],
        "originalUriBaseIds": { BASE: { "uri": base } },
        "columnKind": "unicodeCodePoints",
        "results": [],
    });
    // The results are spliced in as rendered, file by file, rather than parsed back.
    let text = serde_json::to_string(&json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }))
    .expect("JSON of plain data");
    let (head, tail) = text
        .split_once("\"results\":[]")
        .expect("the run has an empty results array");
    write!(out, "{head}\"results\":[{}]{tail}", results.join(","))?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("specs/x.md"), "specs/x.md");
        assert_eq!(uri("docs/release notes.md"), "docs/release%20notes.md");
        assert_eq!(uri("docs/café.md"), "docs/caf%C3%A9.md");
        assert_eq!(uri("a#b%c.md"), "a%23b%25c.md");
    }

    #[test]
    fn messages_are_sentences() {
        assert_eq!(sentence("`## Notes` is empty"), "`## Notes` is empty.");
        assert_eq!(sentence("did you mean `x`?"), "did you mean `x`?");
    }
}
