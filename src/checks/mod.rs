//! The checks: one module per rule family, each a function of the document and its ruleset
//! that reports diagnostics. A rule lives in the module named after its id
//! (`missing-section` in `sections/missing_section.rs`), its doc comment beside its code.

pub mod commands;
pub mod empty_section;
pub mod file_name;
pub mod internal_error;
pub mod invalid_input;
pub mod invalid_suppression;
pub mod metadata;
pub mod needs_confirmation;
pub mod numbering;
pub mod paths;
pub mod placeholder;
pub mod preamble;
pub mod section_content;
pub mod sections;
pub mod style;
pub mod template_text;
pub mod title;
pub mod unknown_format;

use std::cell::OnceCell;

use crate::diagnostic::Diagnostic;
use crate::document::{
    Block, BlockKind, Document, ListItem, Section, Span, is_comment_only, starting_in,
};
use crate::repo::Repository;
use crate::ruleset::content::CodeMode;
use crate::ruleset::{Ruleset, SectionId, SectionSpec};
use sections::Alignment;

/// What every check reads, and where it reports.
pub struct Checker<'a> {
    pub document: &'a Document,
    pub ruleset: &'a Ruleset,
    /// The plan's path relative to the repository root, with `/`; `None` outside the root.
    pub path: Option<&'a str>,
    /// The repository, for path and command checks; `None` when the plan is outside it.
    pub repo: Option<&'a Repository>,
    /// Which document section stands for which ruleset section.
    pub alignment: Alignment,
    /// Code (blocks, spans, front matter) and HTML comments, sorted: text that is not prose.
    code: OnceCell<Vec<Span>>,
    comments: OnceCell<Vec<Span>>,
    placeholders: OnceCell<Vec<Span>>,
    references: OnceCell<Vec<paths::Reference>>,
    progress: OnceCell<Option<StageProgress>>,
    diagnostics: Vec<Diagnostic>,
}

/// How far a staged document has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageProgress {
    /// The latest stage whose sections have content (at least 1); the last stage when the
    /// document is complete.
    pub reached: u32,
    /// The last stage is filled, or a line declares the document complete.
    pub complete: bool,
}

impl<'a> Checker<'a> {
    pub fn new(
        document: &'a Document,
        ruleset: &'a Ruleset,
        path: Option<&'a str>,
        repo: Option<&'a Repository>,
    ) -> Self {
        Self {
            alignment: Alignment::new(document, ruleset),
            document,
            ruleset,
            path,
            repo,
            code: OnceCell::new(),
            comments: OnceCell::new(),
            placeholders: OnceCell::new(),
            references: OnceCell::new(),
            progress: OnceCell::new(),
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

    pub fn spec(&self, id: SectionId) -> &'a SectionSpec {
        &self.ruleset.sections[id]
    }

    /// The first document section standing for `spec`.
    pub fn found(&self, spec: SectionId) -> Option<&'a Section> {
        self.alignment
            .first(spec)
            .map(|i| &self.document.sections[i])
    }

    /// How the document writes a heading, for messages: `## Notes`, decoration removed.
    pub fn heading(&self, index: usize) -> String {
        heading_display(self.section(index))
    }

    /// Whether `span` lies in code: a code block, an inline code span or front matter.
    pub fn in_code(&self, span: &Span) -> bool {
        covered(self.code.get_or_init(|| code_spans(self.document)), span)
    }

    /// Whether `span` lies in an HTML comment.
    pub fn in_comment(&self, span: &Span) -> bool {
        let comments = self.comments.get_or_init(|| {
            let document = self.document;
            document
                .html
                .iter()
                .filter(|h| document.text(&h.span).trim_start().starts_with("<!--"))
                .map(|h| h.span.clone())
                .collect()
        });
        covered(comments, span)
    }

    /// Whether a pattern match at `span` counts, given where the pattern may look.
    pub fn visible(&self, span: &Span, code: CodeMode) -> bool {
        if self.in_comment(span) {
            return false;
        }
        match code {
            CodeMode::Anywhere => true,
            CodeMode::Skip => !self.in_code(span),
            CodeMode::Whole => self.is_whole_inline_code(span),
        }
    }

    fn is_whole_inline_code(&self, span: &Span) -> bool {
        let document = self.document;
        document.inline_code.iter().any(|code| {
            code.span.start <= span.start
                && span.end <= code.span.end
                && code.code.trim() == document.text(span)
        })
    }

    /// Spans of the template's placeholders left in the document, sorted, not overlapping.
    pub fn placeholders(&self) -> &[Span] {
        self.placeholders.get_or_init(|| placeholder::find(self))
    }

    /// The plan's path references, classified and looked up.
    pub fn references(&self) -> &[paths::Reference] {
        self.references.get_or_init(|| paths::find(self))
    }

    /// Top-level list items (not nested in another item) starting in `span`.
    pub fn top_items(&self, span: &Span) -> impl Iterator<Item = &'a ListItem> {
        starting_in(&self.document.list_items, span, |i| i.span.start)
            .iter()
            .filter(|item| item.depth == 0)
    }

    /// Whether `span` holds content: a block other than a heading, a thematic break, an HTML
    /// comment or one of the template's instruction blocks.
    pub fn has_content(&self, span: &Span) -> bool {
        self.document
            .blocks_in(span)
            .iter()
            .any(|block| match block.kind {
                BlockKind::Heading | BlockKind::ThematicBreak => false,
                BlockKind::Html => !is_comment_only(self.document.text(&block.span)),
                BlockKind::BlockQuote => !self.is_instruction(block),
                _ => true,
            })
    }

    /// A block quote whose first words are one of the format's instruction markers.
    pub fn is_instruction(&self, block: &Block) -> bool {
        if block.kind != BlockKind::BlockQuote || self.ruleset.instruction_markers.is_empty() {
            return false;
        }
        let first_line = self
            .document
            .text(&block.span)
            .lines()
            .map(|line| {
                line.trim_start()
                    .trim_start_matches('>')
                    .trim()
                    .trim_matches(|c| c == '*' || c == '_')
            })
            .find(|line| !line.is_empty())
            .unwrap_or("")
            .to_lowercase();
        self.ruleset
            .instruction_markers
            .iter()
            .any(|marker| first_line.starts_with(&marker.to_lowercase()))
    }

    /// How far a staged document has come; `None` for formats without stages.
    pub fn stage_progress(&self) -> Option<StageProgress> {
        *self.progress.get_or_init(|| {
            let stages = self.ruleset.stages.as_ref()?;
            let last = self.ruleset.sections.iter().filter_map(|s| s.stage).max()?;
            let filled = self
                .alignment
                .spec_of
                .iter()
                .enumerate()
                .filter_map(|(doc, entry)| {
                    let stage = self.spec(entry.as_ref()?.0).stage?;
                    self.has_content(&self.section(doc).content())
                        .then_some(stage)
                });
            let reached = filled.max().unwrap_or(1).max(1);
            let declared = stages.complete.as_ref().is_some_and(|pattern| {
                self.document
                    .source
                    .lines()
                    .any(|line| pattern.is_match(line.trim()))
            });
            let complete = reached == last || declared;
            Some(StageProgress {
                reached: if complete { last } else { reached },
                complete,
            })
        })
    }
}

/// Whether `span` lies within one of the sorted, non-nested `spans`.
fn covered(spans: &[Span], span: &Span) -> bool {
    let after = spans.partition_point(|s| s.start <= span.start);
    after > 0 && spans[after - 1].end >= span.end
}

fn code_spans(document: &Document) -> Vec<Span> {
    let mut spans: Vec<Span> = document
        .code_blocks
        .iter()
        .map(|c| c.span.clone())
        .chain(document.inline_code.iter().map(|c| c.span.clone()))
        .chain(
            document
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Metadata)
                .map(|b| b.span.clone()),
        )
        .collect();
    spans.sort_by_key(|s| s.start);
    spans
}

/// `## Notes` for a section, its text shortened so a message stays on one line.
pub fn heading_display(section: &Section) -> String {
    format!(
        "{} {}",
        "#".repeat(section.level as usize),
        shorten(&section.heading.text, 60)
    )
}

/// Document text quoted in a message: on one line (a line break, whatever its style, reads
/// as a space, so a message is the same for a plan's CRLF and LF twins) and cut to `limit`
/// characters, with `...` where it was cut.
pub fn shorten(text: &str, limit: usize) -> String {
    let text = crate::document::collapse_whitespace(text);
    if text.chars().count() > limit {
        text.chars().take(limit - 3).chain("...".chars()).collect()
    } else {
        text
    }
}

/// Runs every check of `ruleset` on `document`, whose repository path is `path` in `repo`.
pub fn check(
    document: &Document,
    ruleset: &Ruleset,
    path: Option<&str>,
    repo: Option<&Repository>,
) -> Vec<Diagnostic> {
    let mut checker = Checker::new(document, ruleset, path, repo);
    title::check(&mut checker);
    preamble::check(&mut checker);
    sections::check(&mut checker);
    empty_section::check(&mut checker);
    numbering::check(&mut checker);
    placeholder::check(&mut checker);
    template_text::check(&mut checker);
    needs_confirmation::check(&mut checker);
    section_content::check(&mut checker);
    commands::check(&mut checker);
    style::check(&mut checker);
    file_name::check(&mut checker);
    metadata::check(&mut checker);
    paths::missing_path::check(&mut checker);
    paths::new_path_exists::check(&mut checker);
    paths::path_outside_root::check(&mut checker);
    paths::path_out_of_scope::check(&mut checker);
    checker.diagnostics
}
