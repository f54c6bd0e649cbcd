//! The checks: one module per rule family, each a function of the document and its ruleset
//! that reports diagnostics. A rule lives in the module named after its id
//! (`missing-section` in `sections/missing_section.rs`), its doc comment beside its code.

pub mod empty_section;
pub mod internal_error;
pub mod invalid_input;
pub mod numbering;
pub mod preamble;
pub mod sections;
pub mod title;
pub mod unknown_format;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Section};
use crate::ruleset::{Ruleset, SectionSpec};
use sections::Alignment;

/// What every check reads, and where it reports.
pub struct Checker<'a> {
    pub document: &'a Document,
    pub ruleset: &'a Ruleset,
    /// Which document section stands for which ruleset section.
    pub alignment: Alignment,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub fn new(document: &'a Document, ruleset: &'a Ruleset) -> Self {
        Self {
            alignment: Alignment::new(document, ruleset),
            document,
            ruleset,
            diagnostics: Vec::new(),
        }
    }

    /// Records a finding at the severity the ruleset gives its rule; dropped when "off".
    pub fn report(&mut self, mut diagnostic: Diagnostic) {
        if let Some(severity) = self.ruleset.severity(diagnostic.rule) {
            diagnostic.severity = severity;
            self.diagnostics.push(diagnostic);
        }
    }

    pub fn section(&self, index: usize) -> &'a Section {
        &self.document.sections[index]
    }

    pub fn spec(&self, id: usize) -> &'a SectionSpec {
        &self.ruleset.sections[id]
    }

    /// How the document writes a heading, for messages: `## Notes`, decoration removed.
    pub fn heading(&self, index: usize) -> String {
        heading_display(self.section(index))
    }
}

/// `## Notes` for a section, its text shortened so a message stays on one line.
pub fn heading_display(section: &Section) -> String {
    let text = &section.heading.text;
    let shown: String = if text.chars().count() > 60 {
        text.chars().take(57).chain("...".chars()).collect()
    } else {
        text.clone()
    };
    format!("{} {}", "#".repeat(section.level as usize), shown)
}

/// Runs every check of `ruleset` on `document`.
pub fn check(document: &Document, ruleset: &Ruleset) -> Vec<Diagnostic> {
    let mut checker = Checker::new(document, ruleset);
    title::check(&mut checker);
    preamble::check(&mut checker);
    sections::check(&mut checker);
    empty_section::check(&mut checker);
    numbering::check(&mut checker);
    checker.diagnostics
}
