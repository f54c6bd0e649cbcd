//! `duplicate-section`: a section that occurs once in the format, twice in the plan.

use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// A section the format has once appears more than once.
    ///
    /// ## What it finds
    /// A second (third, ...) heading standing for the same section of the format, such as two
    /// `## Notes`. Repeated sections (`### Step N`, `### Phase N`) may occur many times.
    ///
    /// ## Why it matters
    /// A reader, or an agent, that takes the first `## Validation Commands` misses the
    /// commands in the second.
    ///
    /// ## Example
    /// ```markdown
    /// ## Notes
    /// Uses the existing cache.
    /// ## Acceptance Criteria
    /// ## Notes
    /// Remember the migration.
    /// ```
    /// fails with "duplicate `## Notes` section". This passes:
    /// ```markdown
    /// ## Acceptance Criteria
    /// ## Notes
    /// Uses the existing cache. Remember the migration.
    /// ```
    pub DUPLICATE_SECTION, "duplicate-section", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let findings: Vec<Diagnostic> = checker
        .alignment
        .duplicates
        .iter()
        .map(|&(duplicate, first)| {
            let heading = checker.heading(duplicate);
            Diagnostic::new(
                &DUPLICATE_SECTION,
                checker.section(duplicate).heading_span.clone(),
                format!("duplicate `{heading}` section"),
            )
            .label("appears again here")
            .related(checker.section(first).heading_span.clone(), "first here")
            .help("merge the two sections into one")
        })
        .collect();
    for finding in findings {
        checker.report(finding);
    }
}
