//! The compiled content demands of a format: placeholders, template text, stages,
//! confirmation markers, commands, style, file name, metadata and section shapes.

use super::Pattern;

use super::SectionId;
pub use super::schema::CodeMode;

#[derive(Debug)]
pub struct Placeholder {
    pub pattern: Pattern,
    pub code: CodeMode,
}

impl Placeholder {
    /// The placeholder within a match: the `p` group if the pattern has one.
    pub fn span(&self, captures: &super::pattern::Captures<'_>) -> std::ops::Range<usize> {
        captures
            .name("p")
            .unwrap_or_else(|| captures.get(0).expect("group 0 is the match"))
            .range()
    }
}

#[derive(Debug, Default)]
pub struct Stages {
    /// A line declaring the document complete.
    pub complete: Option<Pattern>,
}

#[derive(Debug)]
pub struct Confirmation {
    pub marker: String,
    pub section: SectionId,
}

#[derive(Debug)]
pub struct Commands {
    pub section: SectionId,
    pub required: Vec<String>,
    pub steps: Option<SectionId>,
    pub tests: Option<Pattern>,
}

#[derive(Debug)]
pub struct Style {
    pub pattern: Pattern,
    pub message: String,
    pub help: String,
    /// Empty: everywhere.
    pub sections: Vec<SectionId>,
    pub code: CodeMode,
}

#[derive(Debug)]
pub struct FileName {
    pub pattern: Pattern,
    pub expected: String,
    pub captures: Option<Pattern>,
}

impl FileName {
    /// The value of a named group of the pattern or of `captures` in `path`.
    pub fn group<'p>(&self, path: &'p str, name: &str) -> Option<&'p str> {
        [Some(&self.pattern), self.captures.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|regex| regex.captures(path)?.name(name))
            .map(|m| m.as_str())
    }
}

#[derive(Debug)]
pub struct Metadata {
    pub section: SectionId,
    pub fields: Vec<MetadataField>,
    pub empty_values: Vec<String>,
}

#[derive(Debug)]
pub struct MetadataField {
    pub key: String,
    pub required: bool,
    /// The file-name group the value must equal.
    pub file_name: Option<String>,
}

/// What a section must hold (`section-content`).
#[derive(Debug, Default)]
pub struct SectionContent {
    pub text: Option<Shape>,
    pub task_list: bool,
    pub table: Option<TableShape>,
    pub fence: Option<FenceShape>,
    pub items: Option<Shape>,
    pub labels: Vec<Label>,
    pub mentions: Vec<Shape>,
    pub one_paragraph: bool,
    pub min_items: Option<usize>,
}

impl SectionContent {
    pub fn is_empty(&self) -> bool {
        self.text.is_none()
            && !self.task_list
            && self.table.is_none()
            && self.fence.is_none()
            && self.items.is_none()
            && self.labels.is_empty()
            && self.mentions.is_empty()
            && !self.one_paragraph
            && self.min_items.is_none()
    }
}

/// A pattern and how the template writes what it matches.
#[derive(Debug)]
pub struct Shape {
    pub pattern: Pattern,
    pub example: String,
}

/// A label a step carries: `**Files:**`, `Files:`, `#### Files`.
#[derive(Debug)]
pub struct Label {
    pub name: String,
    pub pattern: Pattern,
}

impl Label {
    pub fn new(name: &str) -> Self {
        let label = regex::escape(name);
        let pattern = format!(
            r"(?im)^\s*(?:[-*+]\s+|[0-9]+[.)]\s+)?(?:\*\*|__)?{label}(?:\*\*|__)?\s*:|\*\*{label}:\*\*|\*\*{label}\*\*\s*:|^#{{1,6}}\s+(?:\*\*)?{label}\b"
        );
        Self {
            name: name.to_string(),
            // An escaped label in a fixed pattern: always valid.
            pattern: Pattern::lazy(pattern, false),
        }
    }
}

#[derive(Debug)]
pub struct TableShape {
    pub columns: Vec<String>,
    /// (column, allowed values), compared case-insensitively without markup.
    pub values: Vec<(String, Vec<String>)>,
}

#[derive(Debug)]
pub struct FenceShape {
    pub language: String,
    pub starts: Vec<String>,
}
