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
    /// Patterns of the template's placeholders (`<feature name>`, `[Requirement]`).
    #[serde(default, rename = "placeholder")]
    pub placeholders: Vec<PlaceholderFile>,
    /// The template's instruction phrases, which a plan must not keep.
    #[serde(default)]
    pub template_text: Vec<String>,
    pub stages: Option<StagesFile>,
    pub confirmation: Option<ConfirmationFile>,
    pub commands: Option<CommandsFile>,
    #[serde(default)]
    pub style: Vec<StyleFile>,
    pub file_name: Option<FileNameFile>,
    pub metadata: Option<MetadataFile>,
    pub paths: Option<PathsFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PathsFile {
    /// Globs the plan's paths must stay within (`app/server/**`); empty: anywhere.
    #[serde(default)]
    pub scope: Vec<Spanned<String>>,
    /// Regex of headings whose paths are new files, wherever they sit (`### New Files`).
    pub new_headings: Option<Spanned<String>>,
}

/// What the paths in a section must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PathKind {
    /// They must exist (`missing-path`).
    Existing,
    /// They must not exist yet (`new-path-exists`).
    New,
}

#[derive(Debug, Deserialize)]
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlaceholderFile {
    /// Regex; a named group `p` marks the placeholder itself within the match.
    pub pattern: Spanned<String>,
    #[serde(default)]
    pub code: CodeMode,
}

/// Whether a pattern looks inside code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StagesFile {
    /// A line that declares the document complete (`Status: Complete`). A document is also
    /// complete when its last stage has content.
    pub complete_pattern: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfirmationFile {
    /// The marker of a detail to confirm (`[0o0o NEEDS CONFIRMATION]`).
    pub marker: String,
    /// The section that holds one question per marker, and nothing else.
    pub section: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CommandsFile {
    /// The section whose commands validate the work.
    pub section: Spanned<String>,
    /// Commands it must include, compared token by token (extra arguments allowed).
    #[serde(default)]
    pub required: Vec<String>,
    /// The section whose subsections are the tasks: the last one runs the validation, and
    /// some of them add tests.
    pub steps: Option<Spanned<String>>,
    /// Regex for a task that adds or runs tests.
    pub tests: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StyleFile {
    /// Regex of the forbidden phrase.
    pub pattern: Spanned<String>,
    /// The finding; `{}` stands for the phrase found.
    pub message: String,
    pub help: String,
    /// Only in these sections (default: everywhere).
    #[serde(default)]
    pub sections: Vec<Spanned<String>>,
    #[serde(default)]
    pub code: CodeMode,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileNameFile {
    /// Regex the plan's path relative to the repository root must match; named groups
    /// (`adw_id`, `slug`) are compared with the metadata and the title.
    pub pattern: Spanned<String>,
    /// The path as the prompt writes it (`specs/feature-{adw_id}-{descriptive-name}.md`).
    pub expected: String,
    /// Regex of further named groups to read from the path without requiring them.
    pub captures: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MetadataFile {
    /// The section holding `key: value` lines.
    pub section: Spanned<String>,
    pub fields: Vec<MetadataFieldFile>,
    /// Values that stand for "no value" (`NA`, `none`).
    #[serde(default)]
    pub empty_values: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MetadataFieldFile {
    pub key: String,
    #[serde(default = "default_true")]
    pub required: bool,
    /// A named group of the file-name pattern that the value must equal.
    pub file_name: Option<String>,
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

    // What the section must hold (section-content).
    /// Regex its text must match (markup removed, whitespace collapsed).
    pub text: Option<Spanned<String>>,
    /// How that text reads in the template, for the message.
    pub text_example: Option<String>,
    /// Its list items are tasks (`- [ ]`), and it has some.
    #[serde(default)]
    pub task_list: bool,
    /// It holds a table with these columns.
    pub table: Option<TableFile>,
    /// It holds a fenced code block of this language.
    pub fence: Option<FenceFile>,
    /// Regex every top-level list item must match.
    pub items: Option<Spanned<String>>,
    pub items_example: Option<String>,
    /// Labels (`**Files:**`) each of its steps must carry.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Things its text (subsections included) must mention, each a regex.
    #[serde(default)]
    pub mentions: Vec<MentionFile>,
    /// It is one paragraph.
    #[serde(default)]
    pub one_paragraph: bool,
    /// At least this many top-level list items (or steps, for a section with steps).
    pub min_items: Option<usize>,

    // Where its file paths point.
    /// The paths in its list items and tables must exist, or must be new.
    pub paths: Option<PathKind>,
    /// A table whose rows give a path and what happens to it.
    pub path_table: Option<PathTableFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MentionFile {
    pub pattern: Spanned<String>,
    /// What it stands for, in the message ("a not-to-implement list").
    pub what: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TableFile {
    pub columns: Vec<String>,
    /// Allowed values per column, compared with a cell's first word.
    #[serde(default)]
    pub values: BTreeMap<Spanned<String>, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FenceFile {
    pub language: String,
    /// The code starts with one of these words (a mermaid diagram's kind).
    #[serde(default)]
    pub starts: Vec<String>,
}

fn default_true() -> bool {
    true
}
