//! The rule registry: every rule's id, default severity and documentation.
//!
//! A rule is declared where it is checked, with `declare_rule!`; its doc comment is the user
//! documentation that `planlint rules RULE` prints (What it finds / Why it matters / Example).
//! This file only lists them.

use std::fmt;

use serde::Serialize;

use crate::checks;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a severity setting: `Some(None)` is "off", `None` is not a setting.
    pub fn parse_setting(text: &str) -> Option<Option<Severity>> {
        match text {
            "error" => Some(Some(Severity::Error)),
            "warning" => Some(Some(Severity::Warning)),
            "info" => Some(Some(Severity::Info)),
            "off" => Some(None),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Kebab-case id that names the problem (`missing-section`).
    pub id: &'static str,
    pub severity: Severity,
    /// The doc comment: first line a one-sentence summary, then What / Why / Example.
    pub doc: &'static str,
}

impl Rule {
    /// The first sentence of the documentation.
    pub fn summary(&self) -> &'static str {
        self.doc
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
    }

    /// Where the rule's documentation is published: `docs/rules/RULE.md` in the
    /// repository, the same text `planlint rules RULE` prints.
    pub fn url(&self) -> String {
        format!(
            "{}/blob/main/docs/rules/{}.md",
            env!("CARGO_PKG_REPOSITORY"),
            self.id
        )
    }

    /// The documentation page of the rule: its id, default severity and documentation.
    pub fn page(&self) -> String {
        format!(
            "# {}

Default severity: {}.

{}",
            self.id,
            self.severity,
            self.documentation()
        )
    }

    /// The documentation with the one space that `///` leaves removed.
    pub fn documentation(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// Declares a rule: `declare_rule! { /// docs... pub RULE_NAME, "rule-id", Severity }`.
/// A plain `macro_rules!` that captures the doc comment, as clippy's `declare_clippy_lint!`.
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis $name:ident, $id:literal, $severity:ident) => {
        $(#[doc = $doc])*
        $vis static $name: $crate::rules::Rule = $crate::rules::Rule {
            id: $id,
            severity: $crate::rules::Severity::$severity,
            doc: concat!($($doc, "\n"),*),
        };
    };
}

/// Every rule, in the order the README lists them: structure, content, commands, paths,
/// document, suppressions.
pub fn all() -> &'static [&'static Rule] {
    use checks::{
        commands, empty_section, file_name, internal_error, invalid_input, invalid_suppression,
        metadata, needs_confirmation, numbering, paths, placeholder, preamble, section_content,
        sections, style, template_text, title, unknown_format,
    };
    static ALL: &[&Rule] = &[
        &sections::missing_section::MISSING_SECTION,
        &sections::section_order::SECTION_ORDER,
        &sections::heading_level::HEADING_LEVEL,
        &empty_section::EMPTY_SECTION,
        &sections::duplicate_section::DUPLICATE_SECTION,
        &sections::unknown_section::UNKNOWN_SECTION,
        &sections::heading_typo::HEADING_TYPO,
        &title::TITLE,
        &preamble::PREAMBLE,
        &numbering::NUMBERING,
        &placeholder::PLACEHOLDER,
        &template_text::TEMPLATE_TEXT,
        &needs_confirmation::NEEDS_CONFIRMATION,
        &section_content::SECTION_CONTENT,
        &style::STYLE,
        &commands::missing_commands::MISSING_COMMANDS,
        &commands::required_command::REQUIRED_COMMAND,
        &commands::last_step_validates::LAST_STEP_VALIDATES,
        &commands::tests_in_steps::TESTS_IN_STEPS,
        &commands::unresolvable_command::UNRESOLVABLE_COMMAND,
        &paths::missing_path::MISSING_PATH,
        &paths::new_path_exists::NEW_PATH_EXISTS,
        &paths::path_outside_root::PATH_OUTSIDE_ROOT,
        &paths::path_out_of_scope::PATH_OUT_OF_SCOPE,
        &unknown_format::UNKNOWN_FORMAT,
        &file_name::FILE_NAME,
        &metadata::METADATA,
        &invalid_input::INVALID_INPUT,
        &internal_error::INTERNAL_ERROR,
        &invalid_suppression::INVALID_SUPPRESSION,
    ];
    ALL
}

pub fn find(id: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|rule| rule.id == id)
}

/// Whether a configuration may turn `rule` off: not the rules that say a file could not be
/// checked, since such a file must never pass for clean.
pub fn can_be_turned_off(rule: &Rule) -> bool {
    !matches!(rule.id, "invalid-input" | "internal-error")
}

/// The closest rule id to a misspelled one, for "did you mean".
pub fn closest(id: &str) -> Option<&'static str> {
    crate::suggest::closest(id, all().iter().map(|rule| rule.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                rule.id
            );
        }
    }

    #[test]
    fn every_rule_documents_what_why_and_an_example() {
        for rule in all() {
            let doc = rule.documentation();
            for heading in ["## What it finds", "## Why it matters", "## Example"] {
                assert!(doc.contains(heading), "{} lacks `{heading}`", rule.id);
            }
            let example = &doc[doc.find("## Example").unwrap()..];
            assert!(
                (example.contains("fail") || example.contains("warn")) && example.contains("pass"),
                "{}: the example shows a failing and a passing case",
                rule.id
            );
            assert!(
                rule.summary().ends_with('.'),
                "{}: summary is a sentence",
                rule.id
            );
        }
    }
}
