//! `invalid-input`: a file that cannot be linted as a plan.

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::read::ReadError;

declare_rule! {
    /// A file could not be read as a Markdown plan.
    ///
    /// ## What it finds
    /// A file that is not UTF-8 text (with the byte offset and line of the first bad byte),
    /// a binary file (a NUL byte in the first 8,000 bytes), a UTF-16 file, a file over the
    /// size limit (10 MiB, checked before reading), an unreadable file, a path that does not
    /// exist, a FIFO, socket or device, and a symlink that leads out of the repository root
    /// (never followed). The other files are still linted; the run exits with status 2.
    ///
    /// ## Why it matters
    /// A file that could not be checked must never look like a file that passed: a CI gate
    /// that skips what it cannot read lets anything through.
    ///
    /// ## Example
    /// A plan saved as UTF-16 by an editor fails with "not UTF-8: the file is UTF-16
    /// (byte order mark FF FE)". The same plan saved as UTF-8 passes this rule and is
    /// linted.
    pub INVALID_INPUT, "invalid-input", Error
}

pub fn diagnostic(error: &ReadError) -> Diagnostic {
    Diagnostic::new(&INVALID_INPUT, 0..0, error.to_string()).help(error.help())
}
