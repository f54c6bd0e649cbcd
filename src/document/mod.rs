//! One pass of pulldown-cmark over a plan: the section tree and the blocks rules read.
//!
//! Rules never re-parse. Everything here is a parsed fact with a byte span into `source`;
//! views derived from these facts belong to the rule that needs them.

mod heading;
mod lines;

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

pub use heading::{HeadingText, key};
pub use lines::{LineIndex, Position, floor_char_boundary};

pub type Span = Range<usize>;

/// A parsed plan.
#[derive(Debug)]
pub struct Document {
    /// The text that was parsed: the file's text without a leading UTF-8 BOM. Spans, lines and
    /// columns all refer to it, so a BOM never shifts a column.
    pub source: String,
    pub lines: LineIndex,
    /// Headings outside containers (not in block quotes or lists), in document order, as a
    /// tree: each section runs from its heading to the next heading of the same or a higher
    /// level.
    pub sections: Vec<Section>,
    /// Blocks at the top level (not nested in a block quote or list), in document order.
    pub blocks: Vec<Block>,
    pub code_blocks: Vec<CodeBlock>,
    pub inline_code: Vec<InlineCode>,
    pub list_items: Vec<ListItem>,
    pub tables: Vec<Table>,
    pub links: Vec<Link>,
    pub block_quotes: Vec<Span>,
    pub html: Vec<Html>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub level: u8,
    /// The whole heading, markers and setext underline included.
    pub heading_span: Span,
    /// The heading's text as written, between the markers.
    pub text_span: Span,
    pub heading: HeadingText,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Where the section ends: the start of the next heading of the same or a higher level,
    /// or the end of the document.
    pub end: usize,
}

impl Section {
    /// The section's own text: after its heading, up to its first subsection.
    pub fn body(&self, sections: &[Section]) -> Span {
        let end = self
            .children
            .first()
            .map_or(self.end, |&c| sections[c].heading_span.start);
        self.heading_span.end..end
    }

    /// Everything under the heading, subsections included.
    pub fn content(&self) -> Span {
        self.heading_span.end..self.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    List,
    CodeBlock,
    Table,
    BlockQuote,
    Html,
    ThematicBreak,
    Metadata,
    Other,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct CodeBlock {
    pub span: Span,
    /// The info string of a fenced block (`bash`, `mermaid`); `None` for indented code.
    pub info: Option<String>,
    /// The code itself, without fences.
    pub content: Span,
}

#[derive(Debug, Clone)]
pub struct InlineCode {
    /// Backticks included.
    pub span: Span,
    pub code: String,
}

#[derive(Debug, Clone)]
pub struct ListItem {
    pub span: Span,
    /// `Some(checked)` for a task item (`- [ ]`, `- [x]`).
    pub task: Option<bool>,
    /// 0 for items of a top-level list, 1 for items of a list nested in an item, ...
    pub depth: usize,
    /// Whether the item belongs to an ordered (`1.`) list.
    pub ordered: bool,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub span: Span,
    /// Header cells, then one row of cells per body row; each cell's span is its text.
    pub header: Vec<Span>,
    pub rows: Vec<Vec<Span>>,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub span: Span,
    pub destination: String,
    pub image: bool,
}

#[derive(Debug, Clone)]
pub struct Html {
    pub span: Span,
    /// Inline HTML (`<feature name>` inside a paragraph) rather than an HTML block.
    pub inline: bool,
}

impl Html {
    /// An HTML comment and nothing else (suppressions, ruleset pins, template notes).
    pub fn is_comment(&self, source: &str) -> bool {
        is_comment_only(&source[self.span.clone()])
    }
}

/// Whether `text` is made only of HTML comments and whitespace.
pub fn is_comment_only(text: &str) -> bool {
    let mut rest = text.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim_start(),
            None => return false,
        }
    }
    rest.is_empty() && !text.trim().is_empty()
}

/// Only what the rules read. Heading attributes stay off: together with definition lists
/// they make pulldown-cmark 0.13 panic (issue #1110), and plans do not use them. Metadata
/// blocks are on so that YAML front matter is not read as a setext heading.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

impl Document {
    /// Parses `text`. A leading UTF-8 BOM is dropped: pulldown-cmark would read `\u{feff}#`
    /// as a paragraph.
    pub fn parse(text: &str) -> Self {
        let source = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
        let mut builder = Builder::default();
        for (event, range) in Parser::new_ext(&source, parser_options()).into_offset_iter() {
            builder.event(&source, event, range);
        }
        let sections = build_tree(builder.headings, &source);
        Document {
            lines: LineIndex::new(&source),
            sections,
            blocks: builder.blocks,
            code_blocks: builder.code_blocks,
            inline_code: builder.inline_code,
            list_items: builder.list_items,
            tables: builder.tables,
            links: builder.links,
            block_quotes: builder.block_quotes,
            html: builder.html,
            source,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.source, offset)
    }

    pub fn text(&self, span: &Span) -> &str {
        &self.source[span.clone()]
    }

    /// Top-level blocks that start inside `span`.
    pub fn blocks_in(&self, span: &Span) -> &[Block] {
        let first = self.blocks.partition_point(|b| b.span.start < span.start);
        let last = self.blocks.partition_point(|b| b.span.start < span.end);
        &self.blocks[first..last.max(first)]
    }

    /// The first `#` heading, if any.
    pub fn title(&self) -> Option<usize> {
        self.sections.iter().position(|s| s.level == 1)
    }
}

/// A heading being read: its level, spans and raw text.
struct PendingHeading {
    level: u8,
    span: Span,
    text: Option<Span>,
}

#[derive(Default)]
struct Builder {
    /// Open tags; a block is top-level when it starts with nothing open.
    open: Vec<OpenTag>,
    headings: Vec<PendingHeading>,
    heading: Option<PendingHeading>,
    blocks: Vec<Block>,
    code_blocks: Vec<CodeBlock>,
    inline_code: Vec<InlineCode>,
    list_items: Vec<ListItem>,
    tables: Vec<Table>,
    links: Vec<Link>,
    block_quotes: Vec<Span>,
    html: Vec<Html>,
}

/// What the builder remembers about an open tag.
enum OpenTag {
    List { ordered: bool },
    Item { index: usize },
    CodeBlock { index: usize },
    Table { index: usize },
    TableRow { header: bool },
    Other,
}

impl Builder {
    fn event(&mut self, source: &str, event: Event<'_>, range: Span) {
        if let Some(heading) = &mut self.heading {
            if !matches!(event, Event::End(TagEnd::Heading(_))) {
                let text = heading.text.get_or_insert(range.clone());
                text.start = text.start.min(range.start);
                text.end = text.end.max(range.end);
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end, source),
            Event::Code(code) => {
                self.inline_code.push(InlineCode {
                    span: range,
                    code: code.into_string(),
                });
            }
            Event::InlineHtml(_) => self.html.push(Html {
                span: range,
                inline: true,
            }),
            Event::Html(_) if self.open.is_empty() => {
                // An HTML block always opens with Tag::HtmlBlock; a bare Html event at the top
                // level does not occur, but is kept as a block should the parser change.
                self.push_block(BlockKind::Html, range.clone());
                self.html.push(Html {
                    span: range,
                    inline: false,
                });
            }
            Event::TaskListMarker(checked) => {
                if let Some(&OpenTag::Item { index }) = self.innermost_item() {
                    self.list_items[index].task = Some(checked);
                }
            }
            Event::Text(_) => self.extend_code_content(range),
            Event::Rule if self.open.is_empty() => self.push_block(BlockKind::ThematicBreak, range),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Span) {
        if self.open.is_empty() {
            self.push_block(block_kind(&tag), range.clone());
        }
        let open = match tag {
            Tag::Heading { level, .. } => {
                if self.open.is_empty() {
                    self.heading = Some(PendingHeading {
                        level: level as u8,
                        span: range,
                        text: None,
                    });
                }
                OpenTag::Other
            }
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.into_string()),
                    CodeBlockKind::Indented => None,
                };
                self.code_blocks.push(CodeBlock {
                    content: range.end..range.end,
                    span: range,
                    info,
                });
                OpenTag::CodeBlock {
                    index: self.code_blocks.len() - 1,
                }
            }
            Tag::List(first) => OpenTag::List {
                ordered: first.is_some(),
            },
            Tag::Item => {
                let depth = self
                    .open
                    .iter()
                    .filter(|t| matches!(t, OpenTag::List { .. }))
                    .count()
                    .saturating_sub(1);
                let ordered =
                    matches!(self.innermost_list(), Some(OpenTag::List { ordered: true }));
                self.list_items.push(ListItem {
                    span: range,
                    task: None,
                    depth,
                    ordered,
                });
                OpenTag::Item {
                    index: self.list_items.len() - 1,
                }
            }
            Tag::Table(_) => {
                self.tables.push(Table {
                    span: range,
                    header: Vec::new(),
                    rows: Vec::new(),
                });
                OpenTag::Table {
                    index: self.tables.len() - 1,
                }
            }
            Tag::TableHead => OpenTag::TableRow { header: true },
            Tag::TableRow => {
                if let Some(table) = self.current_table() {
                    table.rows.push(Vec::new());
                }
                OpenTag::TableRow { header: false }
            }
            Tag::TableCell => {
                let header = matches!(self.open.last(), Some(OpenTag::TableRow { header: true }));
                if let Some(table) = self.current_table() {
                    let cell = range;
                    match (header, table.rows.last_mut()) {
                        (true, _) => table.header.push(cell),
                        (false, Some(row)) => row.push(cell),
                        (false, None) => {}
                    }
                }
                OpenTag::Other
            }
            Tag::Link { dest_url, .. } => {
                self.links.push(Link {
                    image: false,
                    span: range,
                    destination: dest_url.into_string(),
                });
                OpenTag::Other
            }
            Tag::Image { dest_url, .. } => {
                self.links.push(Link {
                    image: true,
                    span: range,
                    destination: dest_url.into_string(),
                });
                OpenTag::Other
            }
            Tag::BlockQuote(_) => {
                self.block_quotes.push(range);
                OpenTag::Other
            }
            Tag::HtmlBlock => {
                self.html.push(Html {
                    span: range,
                    inline: false,
                });
                OpenTag::Other
            }
            _ => OpenTag::Other,
        };
        self.open.push(open);
    }

    fn end(&mut self, end: TagEnd, source: &str) {
        self.open.pop();
        if let TagEnd::Heading(_) = end {
            if let Some(mut heading) = self.heading.take() {
                // The parser's range for an ATX heading can include the line ending.
                heading.span = trim_line_end(source, &heading.span);
                self.headings.push(heading);
            }
        }
    }

    /// Code block text arrives as Text events; their extent is the block's content.
    fn extend_code_content(&mut self, range: Span) {
        if let Some(OpenTag::CodeBlock { index }) = self.open.last() {
            let block = &mut self.code_blocks[*index];
            if block.content.is_empty() {
                block.content = range;
            } else {
                block.content.end = range.end;
            }
        }
    }

    fn push_block(&mut self, kind: BlockKind, span: Span) {
        self.blocks.push(Block { kind, span });
    }

    fn innermost_item(&self) -> Option<&OpenTag> {
        self.open
            .iter()
            .rev()
            .find(|t| matches!(t, OpenTag::Item { .. }))
    }

    fn innermost_list(&self) -> Option<&OpenTag> {
        self.open
            .iter()
            .rev()
            .find(|t| matches!(t, OpenTag::List { .. }))
    }

    fn current_table(&mut self) -> Option<&mut Table> {
        let index = self.open.iter().rev().find_map(|t| match t {
            OpenTag::Table { index } => Some(*index),
            _ => None,
        })?;
        self.tables.get_mut(index)
    }
}

fn block_kind(tag: &Tag<'_>) -> BlockKind {
    match tag {
        Tag::Paragraph => BlockKind::Paragraph,
        Tag::Heading { .. } => BlockKind::Heading,
        Tag::List(_) => BlockKind::List,
        Tag::CodeBlock(_) => BlockKind::CodeBlock,
        Tag::Table(_) => BlockKind::Table,
        Tag::BlockQuote(_) => BlockKind::BlockQuote,
        Tag::HtmlBlock => BlockKind::Html,
        Tag::MetadataBlock(_) => BlockKind::Metadata,
        _ => BlockKind::Other,
    }
}

fn trim_line_end(source: &str, span: &Span) -> Span {
    let mut end = span.end;
    let bytes = source.as_bytes();
    while end > span.start && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    span.start..end
}

/// Links the headings into sections with a stack of open sections: no recursion, so a
/// document of any depth or length builds in one linear pass.
fn build_tree(headings: Vec<PendingHeading>, source: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::with_capacity(headings.len());
    let mut open: Vec<usize> = Vec::new();
    for pending in headings {
        let index = sections.len();
        while let Some(&top) = open.last() {
            if sections[top].level < pending.level {
                break;
            }
            sections[top].end = pending.span.start;
            open.pop();
        }
        let parent = open.last().copied();
        if let Some(parent) = parent {
            sections[parent].children.push(index);
        }
        let text_span = pending.text.unwrap_or(pending.span.end..pending.span.end);
        sections.push(Section {
            level: pending.level,
            heading: HeadingText::new(&source[text_span.clone()]),
            text_span,
            heading_span: pending.span,
            parent,
            children: Vec::new(),
            end: source.len(),
        });
        open.push(index);
    }
    sections
}
