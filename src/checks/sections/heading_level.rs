//! `heading-level`: a section of the format written at another heading level.

use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit};
use crate::document::Section;

declare_rule! {
    /// A section of the format is written at the wrong heading level.
    ///
    /// ## What it finds
    /// A heading that names a section of the format but has more or fewer `#` than the format
    /// gives it: `### Notes` where the format has `## Notes`, `#### Unit Tests` directly
    /// under `## Testing Strategy`. One finding, not a missing plus an unknown section.
    ///
    /// ## Why it matters
    /// Levels are the plan's structure: a `### Notes` becomes part of the section above it,
    /// and tools that read the plan by section lose it.
    ///
    /// ## Example
    /// ```markdown
    /// ## Validation Commands
    /// - `cd app/server && uv run pytest`
    /// ### Notes
    /// ```
    /// fails with "`### Notes` is a level-3 heading; the format has `## Notes`". This passes:
    /// ```markdown
    /// ## Validation Commands
    /// - `cd app/server && uv run pytest`
    /// ## Notes
    /// ```
    pub HEADING_LEVEL, "heading-level", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let mut findings = Vec::new();
    for (doc, entry) in checker.alignment.spec_of.iter().enumerate() {
        let Some((spec, _)) = *entry else { continue };
        let section = checker.section(doc);
        let wanted = checker.spec(spec);
        if section.level == wanted.level {
            continue;
        }
        let heading = checker.heading(doc);
        let expected = wanted.heading();
        let edit = Edit::replace(
            marker_span(&checker.document.source, section),
            replacement(&checker.document.source, section, wanted.level),
        );
        findings.push(
            Diagnostic::new(
                &HEADING_LEVEL,
                section.heading_span.clone(),
                format!(
                    "`{heading}` is a level-{} heading; the format has `{expected}`",
                    section.level
                ),
            )
            .label(format!("expected level {}", wanted.level))
            .help(format!("change it to a level-{} heading", wanted.level))
            .fix(
                format!("make it a level-{} heading", wanted.level),
                vec![edit],
            ),
        );
    }
    for finding in findings {
        checker.report(finding);
    }
}

/// The `#` run of an ATX heading; the whole heading for a setext one (which has no level-3+
/// form and is rewritten as ATX).
fn marker_span(source: &str, section: &Section) -> std::ops::Range<usize> {
    let span = section.heading_span.clone();
    let text = &source[span.clone()];
    let indent = text.len() - text.trim_start_matches(' ').len();
    let hashes = text[indent..].len() - text[indent..].trim_start_matches('#').len();
    if hashes == 0 {
        span
    } else {
        span.start + indent..span.start + indent + hashes
    }
}

fn replacement(source: &str, section: &Section, level: u8) -> String {
    let hashes = "#".repeat(level as usize);
    if marker_span(source, section) == section.heading_span {
        let text = source[section.text_span.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        format!("{hashes} {text}")
    } else {
        hashes
    }
}
