//! `path:line:col: severity[rule] message`, one finding per line, as compilers print them.

use super::positions;
use crate::lint::Linted;

pub fn file(linted: &Linted) -> String {
    let mut out = String::new();
    for diagnostic in &linted.diagnostics {
        let (start, _) = positions(linted.document.as_ref(), &diagnostic.span);
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            linted.display,
            start.line,
            start.column,
            diagnostic.severity,
            diagnostic.rule.id,
            crate::escape::escape(&diagnostic.message)
        ));
    }
    out
}
