//! `preamble`: the lines a format puts before (or right after) the title.

use super::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::BlockKind;
use crate::ruleset::Placement;

declare_rule! {
    /// Lines the format puts around the title are missing.
    ///
    /// ## What it finds
    /// The preamble lines a format requires, in order: the `MODE:`, `ROLE:`, `OBJECTIVE:` and
    /// `RESULTS:` lines before a feature plan's title, the `<critical_warning>` and
    /// `<important_note>` blocks right after a numbered plan's title. One finding lists every
    /// missing line.
    ///
    /// ## Why it matters
    /// The preamble tells the coding agent how to work (its mode, role and objective) or what
    /// it must not break. A plan without it hands the agent the steps without the framing.
    ///
    /// ## Example
    /// ```markdown
    /// MODE: Coding, Concise
    /// # Feature: Saved bookmarks
    /// ```
    /// fails in the feature-plan format with "missing preamble lines `ROLE:`, `OBJECTIVE:`,
    /// `RESULTS:` before the title". This passes:
    /// ```markdown
    /// MODE: Coding, Concise
    /// ROLE: Senior Software Engineer
    /// OBJECTIVE: Let analysts save and rerun queries.
    /// RESULTS: A bookmarks panel with rerun in one click.
    /// # Feature: Saved bookmarks
    /// ```
    pub PREAMBLE, "preamble", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let document = checker.document;
    let (Some(preamble), Some(title)) = (&checker.ruleset.preamble, document.title()) else {
        return;
    };
    let title_section = &document.sections[title];
    let region = match preamble.placement {
        Placement::BeforeTitle => 0..title_section.heading_span.start,
        Placement::AfterTitle => title_section.body(&document.sections),
    };
    let front_matter: Vec<_> = document
        .blocks_in(&region)
        .iter()
        .filter(|b| b.kind == BlockKind::Metadata)
        .map(|b| b.span.clone())
        .collect();
    let lines: Vec<&str> = (document.lines.line_of(region.start)..document.lines.line_count())
        .map(|l| document.lines.line_range(&document.source, l))
        .take_while(|range| range.start < region.end)
        .filter(|range| {
            range.start >= region.start && !front_matter.iter().any(|m| m.contains(&range.start))
        })
        .map(|range| document.source[range].trim())
        .filter(|line| !line.is_empty())
        .collect();
    let mut next = 0;
    let mut missing = Vec::new();
    for expected in &preamble.lines {
        match lines[next..]
            .iter()
            .position(|line| expected.pattern.is_match(line))
        {
            Some(found) => next += found + 1,
            None => missing.push(expected),
        }
    }
    if missing.is_empty() {
        return;
    }
    let (place, label) = match preamble.placement {
        Placement::BeforeTitle => ("before the title", "expected before this title"),
        Placement::AfterTitle => ("after the title", "expected after this title"),
    };
    let names: Vec<String> = missing
        .iter()
        .map(|m| format!("`{}`", short(&m.expected)))
        .collect();
    let plural = if missing.len() == 1 { "line" } else { "lines" };
    let lines_to_add: Vec<&str> = missing.iter().map(|m| m.expected.as_str()).collect();
    checker.report(
        Diagnostic::new(
            &PREAMBLE,
            title_section.heading_span.clone(),
            format!("missing preamble {plural} {} {place}", names.join(", ")),
        )
        .label(label)
        .help(format!(
            "add {place}, in this order:\n{}",
            lines_to_add.join("\n")
        )),
    );
}

/// A preamble line named by its label: `MODE:` for `MODE: Coding, Concise`.
fn short(expected: &str) -> &str {
    match expected.find(':') {
        Some(colon) if colon < 24 => &expected[..=colon],
        _ => expected,
    }
}
