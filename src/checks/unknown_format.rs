//! `unknown-format`: no ruleset applies to the document.

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::ruleset::select::{Candidate, DETECTION_THRESHOLD};
use crate::suggest;

declare_rule! {
    /// No plan format applies to the document.
    ///
    /// ## What it finds
    /// A document that no `--ruleset` or `<!-- planlint ruleset=ID -->` pin assigns a format
    /// to, and whose title and headings do not match any format well enough to tell which it
    /// is (detection scores the title and the share of the format's sections present). Also a
    /// pin naming a ruleset that does not exist.
    ///
    /// ## Why it matters
    /// planlint cannot check a plan without knowing its format, and a gate that silently
    /// passes what it cannot check is worse than none.
    ///
    /// ## Example
    /// ```markdown
    /// # Ideas
    /// ## Misc
    /// ```
    /// fails with "no plan format matches this document". This passes, pinned to a format
    /// (and then checked against it):
    /// ```markdown
    /// <!-- planlint ruleset=feature-plan -->
    /// # Feature: Ideas
    /// ```
    pub UNKNOWN_FORMAT, "unknown-format", Error
}

/// The document matched no ruleset; `best` is the closest, with its score.
pub fn undetected(
    document: &Document,
    rulesets: &[Candidate<'_>],
    best: Option<(Candidate<'_>, f64)>,
) -> Diagnostic {
    let span = match document.title() {
        Some(t) => document.sections[t].heading_span.clone(),
        None => document.lines.line_range(&document.source, 0),
    };
    let closest = match best {
        Some((candidate, score)) => format!(
            "; the closest is `{}` (score {score:.2}, detection needs {DETECTION_THRESHOLD})",
            candidate.id()
        ),
        None => format!("; formats: {}", ids(rulesets)),
    };
    Diagnostic::new(
        &UNKNOWN_FORMAT,
        span,
        "no plan format matches this document",
    )
    .label("title and headings match no format")
    .help(format!(
        "pin the format with `<!-- planlint ruleset=ID -->` or pass `--ruleset ID`{closest}"
    ))
}

/// The document pins a ruleset id that does not exist.
pub fn unknown_pin(
    rulesets: &[Candidate<'_>],
    id: &str,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    let help = match suggest::closest(id, rulesets.iter().map(|r| r.id())) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("use one of: {}", ids(rulesets)),
    };
    Diagnostic::new(
        &UNKNOWN_FORMAT,
        span,
        format!("unknown ruleset `{id}` in the pin"),
    )
    .label("no such ruleset")
    .help(help)
}

fn ids(rulesets: &[Candidate<'_>]) -> String {
    rulesets
        .iter()
        .map(|r| r.id())
        .collect::<Vec<_>>()
        .join(", ")
}
