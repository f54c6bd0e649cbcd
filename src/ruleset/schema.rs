//! The ruleset file as written in TOML. Strict: an unknown key is an error, not a silent
//! default. `Spanned` values keep their place in the file so errors can point at them.
//!
//! Keys that a ruleset deriving from another (`extends`) may leave out to inherit them are
//! options here, with their defaults applied when the ruleset is compiled. The same types
//! serialize the effective ruleset back to TOML (`planlint ruleset show`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A plan format: its sections, their demands, placeholders, commands and paths.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "planlint ruleset")]
pub struct RulesetFile {
    /// The id of the ruleset this one derives from (a built-in, or one of the team's
    /// rulesets): everything not said here is inherited.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub extends: Option<Spanned<String>>,
    /// Human name of the format ("Feature plan"); inherited when extending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// One or two sentences: where plans of this format come from and what they hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<TitleFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preamble: Option<PreambleFile>,
    /// First words of the template's instruction blocks (`> AGENT INSTRUCTIONS:`): a section
    /// holding only such a block is empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruction_markers: Vec<String>,
    /// Severity per rule id for this format: "error", "warning", "info" or "off".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "severity_table")]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detect: Option<DetectFile>,
    /// Sections of the base ruleset to drop, with their subsections (with `extends`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub remove_sections: Vec<Spanned<String>>,
    /// Sections of the base ruleset to rename, old name = new name (with `extends`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub rename_sections: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default, rename = "section", skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionFile>,
    /// Patterns of the template's placeholders (`<feature name>`, `[Requirement]`).
    #[serde(default, rename = "placeholder", skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<PlaceholderFile>,
    /// The template's instruction phrases, which a plan must not keep: plain words, found
    /// ignoring ASCII letter case and however they are spaced or wrapped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub template_text: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stages: Option<StagesFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmation: Option<ConfirmationFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commands: Option<CommandsFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub style: Vec<StyleFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_name: Option<FileNameFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<MetadataFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<PathsFile>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PathsFile {
    /// Globs the plan's paths must stay within (`app/server/**`); empty: anywhere.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub scope: Vec<Spanned<String>>,
    /// Regex of headings whose paths are new files, wherever they sit (`### New Files`).
    #[schemars(with = "Option<String>")]
    pub new_headings: Option<Spanned<String>>,
}

/// What the paths in a section must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PathKind {
    /// They must exist (`missing-path`).
    Existing,
    /// They must not exist yet (`new-path-exists`).
    New,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PathTableFile {
    /// The column holding the path.
    pub path_column: String,
    /// The column saying what happens to it.
    pub kind_column: String,
    /// Values of that column for paths that must exist (`edit`, `delete`).
    #[serde(default)]
    pub existing: Vec<String>,
    /// Values for paths that must not exist yet (`new`).
    #[serde(default)]
    pub new: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlaceholderFile {
    /// Regex; a named group `p` marks the placeholder itself within the match.
    #[schemars(with = "String")]
    pub pattern: Spanned<String>,
    #[serde(default)]
    pub code: CodeMode,
}

/// Whether a pattern looks inside code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CodeMode {
    /// Outside code spans and code blocks only.
    #[default]
    Skip,
    /// Only an inline code span that is exactly the match (`` `{adw_id}` ``).
    Whole,
    /// Everywhere, code included.
    Anywhere,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StagesFile {
    /// A line that declares the document complete (`Status: Complete`). A document is also
    /// complete when its last stage has content.
    #[schemars(with = "Option<String>")]
    pub complete_pattern: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfirmationFile {
    /// The marker of a detail to confirm (`[0o0o NEEDS CONFIRMATION]`).
    pub marker: String,
    /// The section that holds one question per marker, and nothing else.
    #[schemars(with = "String")]
    pub section: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CommandsFile {
    /// The section whose commands validate the work.
    #[schemars(with = "String")]
    pub section: Spanned<String>,
    /// Commands it must include, compared token by token (extra arguments allowed).
    #[serde(default)]
    pub required: Vec<String>,
    /// The section whose subsections are the tasks: the last one runs the validation, and
    /// some of them add tests.
    #[schemars(with = "Option<String>")]
    pub steps: Option<Spanned<String>>,
    /// Regex for a task that adds or runs tests.
    #[schemars(with = "Option<String>")]
    pub tests: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StyleFile {
    /// Regex of the forbidden phrase.
    #[schemars(with = "String")]
    pub pattern: Spanned<String>,
    /// The finding; `{}` stands for the phrase found.
    pub message: String,
    pub help: String,
    /// Only in these sections (default: everywhere).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sections: Vec<Spanned<String>>,
    #[serde(default)]
    pub code: CodeMode,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileNameFile {
    /// Regex the plan's path relative to the repository root must match; named groups
    /// (`adw_id`, `slug`) are compared with the metadata and the title.
    #[schemars(with = "String")]
    pub pattern: Spanned<String>,
    /// The path as the prompt writes it (`specs/feature-{adw_id}-{descriptive-name}.md`).
    pub expected: String,
    /// Regex of further named groups to read from the path without requiring them.
    #[schemars(with = "Option<String>")]
    pub captures: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MetadataFile {
    /// The section holding `key: value` lines.
    #[schemars(with = "String")]
    pub section: Spanned<String>,
    pub fields: Vec<MetadataFieldFile>,
    /// Values that stand for "no value" (`NA`, `none`).
    #[serde(default)]
    pub empty_values: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MetadataFieldFile {
    pub key: String,
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub required: bool,
    /// A named group of the file-name pattern that the value must equal.
    pub file_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TitleFile {
    /// Regex the `#` title's text must match (case-insensitive).
    #[schemars(with = "String")]
    pub pattern: Spanned<String>,
    /// The title as the template writes it, shown in messages (`# Feature: <feature name>`).
    pub expected: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PreambleFile {
    #[serde(default)]
    pub placement: Placement,
    pub lines: Vec<PreambleLineFile>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    /// Lines before the `#` title.
    #[default]
    BeforeTitle,
    /// Lines between the title and the first section.
    AfterTitle,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PreambleLineFile {
    /// Regex a line must match (case-insensitive).
    #[schemars(with = "String")]
    pub pattern: Spanned<String>,
    /// The line as the template writes it.
    pub expected: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DetectFile {
    /// Share of the detection score that a matching title contributes, from 0 to 1; the rest
    /// comes from the sections found. Low for generic titles (`# … Plan`).
    #[schemars(with = "Option<f64>")]
    pub title_weight: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionFile {
    /// The heading as the template writes it, without `#` markers or numbering. With
    /// `extends`, naming a section of the base ruleset changes it; another name adds one.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Heading level; default: the parent's plus one, 2 at the top.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<u8>")]
    pub level: Option<Spanned<u8>>,
    /// Name of the enclosing section, declared earlier in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub parent: Option<Spanned<String>>,
    /// With `extends`: the sibling this section comes after (default: after the last).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub after: Option<Spanned<String>>,
    /// With `extends`: the sibling this section comes before.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub before: Option<Spanned<String>>,
    /// Other names plans use for this section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<String>>,
    /// Regex for heading text that stands for this section (case-insensitive), instead of or
    /// besides the name. A named group `n` captures a step number that must run 1, 2, 3.
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub pattern: Option<Spanned<String>>,
    /// The section must be present (default: true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// The section may occur several times (`### Step N`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat: Option<bool>,
    /// For a repeated section: how many occurrences are required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<usize>,
    /// Stage of a staged document that fills this section; later stages may still be empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<u32>,
    /// The section may be present with nothing in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_empty: Option<bool>,

    // What the section must hold (section-content).
    /// Regex its text must match (markup removed, whitespace collapsed).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub text: Option<Spanned<String>>,
    /// How that text reads in the template, for the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_example: Option<String>,
    /// Its list items are tasks (`- [ ]`), and it has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_list: Option<bool>,
    /// It holds a table with these columns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<TableFile>,
    /// It holds a fenced code block of this language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fence: Option<FenceFile>,
    /// Regex every top-level list item must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub items: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items_example: Option<String>,
    /// Labels (`**Files:**`) each of its steps must carry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<String>>,
    /// Things its text (subsections included) must mention, each a regex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentions: Option<Vec<MentionFile>>,
    /// It is one paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_paragraph: Option<bool>,
    /// At least this many top-level list items (or steps, for a section with steps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,

    /// The section's body in `planlint template` (default: one made from its demands).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,

    // Where its file paths point.
    /// The paths in its list items and tables must exist, or must be new.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<PathKind>,
    /// A table whose rows give a path and what happens to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_table: Option<PathTableFile>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MentionFile {
    #[schemars(with = "String")]
    pub pattern: Spanned<String>,
    /// What it stands for, in the message ("a not-to-implement list").
    pub what: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TableFile {
    pub columns: Vec<String>,
    /// Allowed values per column, compared with a cell's first word.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub values: BTreeMap<Spanned<String>, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FenceFile {
    pub language: String,
    /// The code starts with one of these words (a mermaid diagram's kind).
    #[serde(default)]
    pub starts: Vec<String>,
}

/// The schema of a severity table: rule ids as keys, a severity or "off" as values.
pub fn severity_table(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let ids: Vec<&str> = crate::rules::all().iter().map(|r| r.id).collect();
    schemars::json_schema!({
        "type": "object",
        "propertyNames": { "enum": ids },
        "additionalProperties": { "enum": ["error", "warning", "info", "off"] }
    })
}

fn default_true() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}
