//! GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` line per
//! finding, which GitHub turns into annotations on the pull request's diff.
//!
//! Everything from the document is escaped as the runner requires (`%`, CR and LF in the
//! message; also `:` and `,` in properties), so a plan's text can never end the command or
//! start a line of its own with `::` and inject another command.

use super::positions;
use crate::lint::Linted;
use crate::rules::Severity;

pub fn file(linted: &Linted) -> String {
    let mut out = String::new();
    for diagnostic in &linted.diagnostics {
        let (start, end) = positions(linted.document.as_ref(), &diagnostic.span);
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = crate::escape::escape(&diagnostic.message).into_owned();
        if let Some(help) = &diagnostic.help {
            message.push_str(&format!("\nhelp: {}", crate::escape::escape_lines(help)));
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&linted.display),
            start.line,
            start.column,
            end.line,
            end.column,
            property(&format!("planlint {}", diagnostic.rule.id)),
            data(&message),
        ));
    }
    out
}

/// A command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_text_cannot_start_a_command() {
        assert_eq!(data("a\n::error::pwned"), "a%0A::error::pwned");
        assert_eq!(data("100%\r\n"), "100%25%0D%0A");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
