//! `path:line:col: severity[rule] message`, one finding per line, as compilers print them.

use super::positions;
use crate::diagnostic::Diagnostic;
use crate::lint::Linted;

pub fn file(linted: &Linted) -> String {
    linted
        .diagnostics
        .iter()
        .map(|diagnostic| line(linted, diagnostic))
        .collect()
}

/// One finding's line.
pub fn line(linted: &Linted, diagnostic: &Diagnostic) -> String {
    let (start, _) = positions(linted.document.as_ref(), &diagnostic.span);
    format!(
        "{}:{}:{}: {}[{}] {}\n",
        linted.display,
        start.line,
        start.column,
        diagnostic.severity,
        diagnostic.rule.id,
        crate::escape::escape(&diagnostic.message)
    )
}
