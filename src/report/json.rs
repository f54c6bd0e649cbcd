//! The JSON report: `{"version": 1, "files": [...], "summary": {...}}` (shape fixed in the
//! design; lines and columns 1-based, columns in characters).

use std::io::{self, Write};

use serde::Serialize;

use super::{FileOutput, Summary, positions};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::lint::Linted;
use crate::rules::Severity;

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    ruleset: Option<&'a str>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'static str,
    severity: Severity,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonStatistic {
    rule: &'static str,
    severity: Severity,
    count: usize,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    /// Files not linted because their configuration is broken.
    not_checked: usize,
    /// Findings silenced by suppression comments.
    suppressed: usize,
}

pub fn file(linted: &Linted) -> String {
    let document = linted.document.as_ref();
    let file = JsonFile {
        path: &linted.display,
        ruleset: linted.ruleset.as_deref(),
        diagnostics: linted
            .diagnostics
            .iter()
            .map(|d| diagnostic(document, d))
            .collect(),
    };
    serde_json::to_string(&file).expect("JSON of plain data")
}

fn diagnostic<'a>(document: Option<&Document>, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (start, end) = positions(document, &d.span);
    JsonDiagnostic {
        rule: d.rule.id,
        severity: d.severity,
        message: &d.message,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|fix| JsonFix {
            message: &fix.message,
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    let (start, end) = positions(document, &edit.span);
                    JsonEdit {
                        line: start.line,
                        column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                        replacement: &edit.replacement,
                    }
                })
                .collect(),
        }),
    }
}

pub fn finish(
    outputs: &[FileOutput],
    summary: Summary,
    statistics: Option<Vec<(&'static str, Severity, usize)>>,
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(b"{\"version\":1,\"files\":[")?;
    for (i, output) in outputs.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(output.chunk.as_bytes())?;
    }
    let summary = JsonSummary {
        files: summary.files,
        errors: summary.errors,
        warnings: summary.warnings,
        infos: summary.infos,
        not_checked: summary.not_checked,
        suppressed: summary.suppressed,
    };
    out.write_all(b"]")?;
    if let Some(rows) = statistics {
        let rows: Vec<JsonStatistic> = rows
            .into_iter()
            .map(|(rule, severity, count)| JsonStatistic {
                rule,
                severity,
                count,
            })
            .collect();
        let rows = serde_json::to_string(&rows).expect("JSON of plain data");
        write!(out, ",\"statistics\":{rows}")?;
    }
    write!(
        out,
        ",\"summary\":{}}}",
        serde_json::to_string(&summary).expect("JSON of plain data")
    )?;
    out.write_all(b"\n")
}
