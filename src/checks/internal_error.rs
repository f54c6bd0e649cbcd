//! `internal-error`: planlint itself failed on a file.

use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// planlint failed while linting this file: a bug in planlint, not in the plan.
    ///
    /// ## What it finds
    /// A panic inside planlint while it linted one file. The panic is caught, reported for
    /// that file, and the other files are still linted; the run exits with status 2.
    ///
    /// ## Why it matters
    /// One odd file must not hide the findings of every other file, nor pass unchecked.
    ///
    /// ## Example
    /// A file on which planlint hits a bug fails with "planlint failed on this file: …".
    /// Every other file passes this rule: it never reports a problem in the plan itself.
    pub INTERNAL_ERROR, "internal-error", Error
}

pub fn diagnostic(panic_message: &str) -> Diagnostic {
    Diagnostic::new(
        &INTERNAL_ERROR,
        0..0,
        format!("planlint failed on this file: {panic_message}"),
    )
    .help("this is a bug in planlint; please report it with the file that triggers it")
}
