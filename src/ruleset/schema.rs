//! The ruleset file as written in TOML. Strict: an unknown key is an error, not a silent
//! default. `Spanned` values keep their place in the file so errors can point at them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesetFile {
    /// Human name of the format ("Feature plan").
    pub name: String,
    /// One or two sentences: where plans of this format come from and what they hold.
    #[serde(default)]
    pub description: String,
    pub title: Option<TitleFile>,
    pub preamble: Option<PreambleFile>,
    /// First words of the template's instruction blocks (`> AGENT INSTRUCTIONS:`): a section
    /// holding only such a block is empty.
    #[serde(default)]
    pub instruction_markers: Vec<String>,
    /// Severity per rule id for this format: "error", "warning", "info" or "off".
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
    pub detect: Option<DetectFile>,
    #[serde(default, rename = "section")]
    pub sections: Vec<SectionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TitleFile {
    /// Regex the `#` title's text must match (case-insensitive).
    pub pattern: Spanned<String>,
    /// The title as the template writes it, shown in messages (`# Feature: <feature name>`).
    pub expected: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PreambleFile {
    #[serde(default)]
    pub placement: Placement,
    pub lines: Vec<PreambleLineFile>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    /// Lines before the `#` title.
    #[default]
    BeforeTitle,
    /// Lines between the title and the first section.
    AfterTitle,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PreambleLineFile {
    /// Regex a line must match (case-insensitive).
    pub pattern: Spanned<String>,
    /// The line as the template writes it.
    pub expected: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DetectFile {
    /// Share of the detection score that a matching title contributes, from 0 to 1; the rest
    /// comes from the sections found. Low for generic titles (`# … Plan`).
    pub title_weight: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionFile {
    /// The heading as the template writes it, without `#` markers or numbering.
    pub name: Spanned<String>,
    /// Heading level; default: the parent's plus one, 2 at the top.
    pub level: Option<Spanned<u8>>,
    /// Name of the enclosing section, declared earlier in the file.
    pub parent: Option<Spanned<String>>,
    /// Other names plans use for this section.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Regex for heading text that stands for this section (case-insensitive), instead of or
    /// besides the name. A named group `n` captures a step number that must run 1, 2, 3.
    #[serde(rename = "match")]
    pub pattern: Option<Spanned<String>>,
    #[serde(default = "default_true")]
    pub required: bool,
    /// The section may occur several times (`### Step N`).
    #[serde(default)]
    pub repeat: bool,
    /// For a repeated section: how many occurrences are required.
    pub min: Option<usize>,
    /// Stage of a staged document that fills this section; later stages may still be empty.
    pub stage: Option<u32>,
    /// The section may be present with nothing in it.
    #[serde(default)]
    pub allow_empty: bool,
}

fn default_true() -> bool {
    true
}
