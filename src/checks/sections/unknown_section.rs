//! `unknown-section`: a heading the format does not have, where the format is used verbatim.

use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// A section that is not part of a format meant to be used verbatim.
    ///
    /// ## What it finds
    /// A heading among sections whose names the format fixes (its `##` sections, or the
    /// listed subsections of a section such as `## Testing Strategy`) that matches none of
    /// them. Formats whose prompts allow extra sections turn this rule off in their ruleset;
    /// free-form parts (the steps of `## Step by Step Tasks`, the body of `## Notes`) are never
    /// checked.
    ///
    /// ## Why it matters
    /// A prompt that says "use the format verbatim" expects the next agent to find everything
    /// in the format's sections. Content under an extra heading is easily missed, and an
    /// extra heading is often a renamed required one.
    ///
    /// ## Example
    /// ```markdown
    /// ## Solution Statement
    /// ## Architecture
    /// ## Relevant Files
    /// ```
    /// warns "`## Architecture` is not a section of the feature-plan format". This passes,
    /// with the architecture described under `## Solution Statement`:
    /// ```markdown
    /// ## Solution Statement
    /// ## Relevant Files
    /// ```
    pub UNKNOWN_SECTION, "unknown-section", Warning
}

pub fn check(checker: &mut Checker<'_>) {
    let findings: Vec<Diagnostic> = checker
        .alignment
        .unknown
        .iter()
        .map(|&doc| {
            let heading = checker.heading(doc);
            Diagnostic::new(
                &UNKNOWN_SECTION,
                checker.section(doc).heading_span.clone(),
                format!(
                    "`{heading}` is not a section of the {} format",
                    checker.ruleset.id
                ),
            )
            .label("not in the format")
            .help("move its content into a section of the format, or remove the heading")
        })
        .collect();
    for finding in findings {
        checker.report(finding);
    }
}
