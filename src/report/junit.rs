//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure): a test suite
//! per plan, a test case per finding (an error is a `<failure>`, a warning too under
//! `--deny-warnings`; a file that could not be checked is an `<error>`), and one passing case
//! for a clean plan, so that every plan shows up.

use std::io::{self, Write};

use super::{FileOutput, positions};
use crate::lint::Linted;
use crate::rules::Severity;

pub fn file(linted: &Linted, deny_warnings: bool) -> String {
    let name = escape(&linted.display);
    let mut cases = String::new();
    let mut failures = 0;
    let mut errors = 0;
    for diagnostic in &linted.diagnostics {
        let (start, _) = positions(linted.document.as_ref(), &diagnostic.span);
        let text = format!(
            "{}:{}:{}: {}[{}] {}{}",
            linted.display,
            start.line,
            start.column,
            diagnostic.severity,
            diagnostic.rule.id,
            diagnostic.message,
            diagnostic
                .help
                .as_deref()
                .map_or_else(String::new, |h| format!("\nhelp: {h}"))
        );
        let fails = diagnostic.severity == Severity::Error
            || (deny_warnings && diagnostic.severity == Severity::Warning);
        let outcome = if linted.failed {
            errors += 1;
            format!("<error message=\"{}\"/>", escape(&diagnostic.message))
        } else if fails {
            failures += 1;
            format!(
                "<failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&diagnostic.message),
                diagnostic.rule.id,
                escape(&text)
            )
        } else {
            format!("<system-out>{}</system-out>", escape(&text))
        };
        cases.push_str(&format!(
            "<testcase classname=\"{name}\" name=\"{}:{}:{}\" time=\"0\">{outcome}</testcase>",
            diagnostic.rule.id, start.line, start.column
        ));
    }
    let tests = linted.diagnostics.len().max(1);
    if linted.diagnostics.is_empty() {
        cases.push_str(&format!(
            "<testcase classname=\"{name}\" name=\"planlint\" time=\"0\"/>"
        ));
    }
    format!(
        "<testsuite name=\"{name}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"0\">{cases}</testsuite>\n"
    )
}

pub fn finish(outputs: &[FileOutput], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<testsuites name=\"planlint\">")?;
    for output in outputs {
        out.write_all(output.chunk.as_bytes())?;
    }
    writeln!(out, "</testsuites>")
}

/// Text for XML attributes and content: the five special characters escaped, and the
/// characters XML 1.0 cannot carry at all replaced by U+FFFD.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_special_and_forbidden_characters_are_escaped() {
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
    }
}
