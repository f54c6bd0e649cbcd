//! One pass of pulldown-cmark over a plan: the section tree and the blocks rules read.
//!
//! Rules never re-parse. Everything here is a parsed fact with a byte span into `source`;
//! views derived from these facts belong to the rule that needs them.

mod heading;
mod lines;

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

pub use heading::{HeadingText, collapse_whitespace, is_space_byte, key, last_after};
pub use lines::{LineIndex, Position, floor_char_boundary};

pub type Span = Range<usize>;

/// A parsed plan.
#[derive(Debug)]
pub struct Document {
    /// The text that was parsed: the file's text without a leading UTF-8 BOM. Spans, lines and
    /// columns all refer to it, so a BOM never shifts a column.
    pub source: String,
    /// `source` with each lone CR as LF, where it has one (`scanned`).
    lone_cr_as_lf: Option<String>,
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

/// The line ending a fix should write into `text`: CRLF if it has any, else a lone CR if it
/// has one (old Mac files), else LF.
pub fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else if text.contains('\r') {
        "\r"
    } else {
        "\n"
    }
}

/// The items of `items` (in document order) that start inside `span`.
pub fn starting_in<'a, T>(items: &'a [T], span: &Span, start: impl Fn(&T) -> usize) -> &'a [T] {
    let first = items.partition_point(|item| start(item) < span.start);
    let last = items.partition_point(|item| start(item) < span.end);
    &items[first..last.max(first)]
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
        let lone_cr_as_lf = lone_cr_as_lf(&source);
        let parsed = lone_cr_as_lf.as_deref().unwrap_or(&source);
        for (event, range) in Parser::new_ext(parsed, parser_options()).into_offset_iter() {
            builder.event(&source, event, range);
        }
        let sections = build_tree(builder.headings, &source);
        Document {
            lone_cr_as_lf,
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

    /// The text under `span` as patterns see it: a lone CR (old Mac line endings) reads as
    /// LF, byte for byte, so that a ruleset's `[^\n]` or `(?m:^)` ends at every line ending
    /// and a plan's CR twin gets its LF twin's findings. CRLF stays: `\n` ends those lines.
    pub fn scanned(&self, span: &Span) -> &str {
        &self.lone_cr_as_lf.as_deref().unwrap_or(&self.source)[span.clone()]
    }

    /// Top-level blocks that start inside `span`.
    pub fn blocks_in(&self, span: &Span) -> &[Block] {
        starting_in(&self.blocks, span, |b| b.span.start)
    }

    /// The line ending to write into this document (`newline_of`).
    pub fn newline(&self) -> &'static str {
        newline_of(&self.source)
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
    /// Lists among the open tags, counted as they open so no lookup walks the stack.
    open_lists: usize,
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
            Event::Start(tag) => self.start(source, tag, range),
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

    fn start(&mut self, source: &str, tag: Tag<'_>, range: Span) {
        if self.open.is_empty() {
            self.push_block(block_kind(&tag), range.clone());
        }
        let image = matches!(tag, Tag::Image { .. });
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
            Tag::List(first) => {
                self.open_lists += 1;
                OpenTag::List {
                    ordered: first.is_some(),
                }
            }
            Tag::Item => {
                let depth = self.open_lists.saturating_sub(1);
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
                    let cell = trim(source, range);
                    match (header, table.rows.last_mut()) {
                        (true, _) => table.header.push(cell),
                        (false, Some(row)) => row.push(cell),
                        (false, None) => {}
                    }
                }
                OpenTag::Other
            }
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                self.links.push(Link {
                    image,
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
        if let Some(OpenTag::List { .. }) = self.open.pop() {
            self.open_lists -= 1;
        }
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

/// `span` without surrounding whitespace (table cells come with their padding).
fn trim(source: &str, span: Span) -> Span {
    let text = &source[span.clone()];
    let start = span.start + (text.len() - text.trim_start().len());
    start..start + text.trim().len()
}

fn trim_line_end(source: &str, span: &Span) -> Span {
    let mut end = span.end;
    let bytes = source.as_bytes();
    while end > span.start && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    span.start..end
}

/// `text` with each lone CR as LF, if it has one, for the parser and the patterns. CommonMark
/// reads both as a line ending, but pulldown-cmark 0.13 does not end an HTML block at a lone
/// CR (its issue #1112), so a plan with old Mac line endings lost every heading after an HTML
/// comment. One byte for one byte: every offset the parser gives holds in `text`.
fn lone_cr_as_lf(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let is_lone_cr = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    let first = memchr::memchr_iter(b'\r', bytes).find(|&i| is_lone_cr(i))?;
    let mut replaced = bytes.to_vec();
    for (i, byte) in replaced.iter_mut().enumerate().skip(first) {
        if is_lone_cr(i) {
            *byte = b'\n';
        }
    }
    Some(String::from_utf8(replaced).expect("an ASCII byte replaced by another"))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(document: &Document) -> Vec<(u8, &str)> {
        document
            .sections
            .iter()
            .map(|s| (s.level, s.heading.text.as_str()))
            .collect()
    }

    #[test]
    fn atx_and_setext_headings_form_a_tree() {
        let document = Document::parse("# Title\n\nIntro\n\nGoals\n-----\n\n### Sub\n\n## Next\n");
        assert_eq!(
            headings(&document),
            [(1, "Title"), (2, "Goals"), (3, "Sub"), (2, "Next")]
        );
        assert_eq!(document.sections[0].children, [1, 3]);
        assert_eq!(document.sections[1].children, [2]);
        assert_eq!(document.sections[2].parent, Some(1));
        let goals = &document.sections[1];
        assert_eq!(document.text(&goals.heading_span), "Goals\n-----");
        assert_eq!(document.text(&goals.text_span), "Goals");
        assert_eq!(goals.end, document.source.find("## Next").unwrap());
        assert_eq!(document.text(&goals.body(&document.sections)).trim(), "");
    }

    #[test]
    fn headings_in_code_quotes_and_lists_are_not_sections() {
        let text = "# T\n\n    # indented code\n\n```bash\n# comment\n```\n> ## quoted\n- ## listed\n\n## Real\n";
        let document = Document::parse(text);
        assert_eq!(headings(&document), [(1, "T"), (2, "Real")]);
        assert_eq!(document.code_blocks.len(), 2);
        assert_eq!(document.code_blocks[0].info, None);
        assert_eq!(document.code_blocks[1].info.as_deref(), Some("bash"));
        assert_eq!(
            document.text(&document.code_blocks[1].content),
            "# comment\n"
        );
    }

    #[test]
    fn a_bom_is_dropped_and_does_not_shift_columns() {
        let document = Document::parse("\u{feff}# Plan\n");
        assert_eq!(headings(&document), [(1, "Plan")]);
        assert_eq!(
            document
                .position(document.sections[0].text_span.start)
                .column,
            3
        );
    }

    #[test]
    fn crlf_and_cr_twins_give_the_same_tree_and_lines() {
        let lf = "# T\n\n## A\ntext\n\n## B\n";
        for text in [
            lf.to_string(),
            lf.replace('\n', "\r\n"),
            lf.replace('\n', "\r"),
        ] {
            let document = Document::parse(&text);
            assert_eq!(
                headings(&document),
                [(1, "T"), (2, "A"), (2, "B")],
                "{text:?}"
            );
            let lines: Vec<usize> = document
                .sections
                .iter()
                .map(|s| document.position(s.heading_span.start).line)
                .collect();
            assert_eq!(lines, [1, 3, 6], "{text:?}");
            assert!(!document.sections[1].heading.text.contains('\r'));
        }
    }

    #[test]
    fn a_lone_cr_ends_an_html_block_as_lf_does() {
        // Found by the line-ending twins property (tests/it/properties.rs).
        let lf = "<!-- planlint-disable placeholder -->\n# <task>\n";
        for text in [
            lf.to_string(),
            lf.replace('\n', "\r"),
            lf.replace('\n', "\r\n"),
        ] {
            let document = Document::parse(&text);
            assert_eq!(headings(&document), [(1, "<task>")], "{text:?}");
            let comment = document.text(&document.html[0].span);
            assert_eq!(comment.trim_end(), "<!-- planlint-disable placeholder -->");
        }
    }

    #[test]
    fn placeholders_parsed_as_html_stay_in_the_heading_text() {
        let document = Document::parse("# Feature: <feature name>\n");
        assert_eq!(document.sections[0].heading.text, "Feature: <feature name>");
        assert_eq!(document.html.len(), 1);
        assert!(document.html[0].inline);
    }

    #[test]
    fn front_matter_is_not_a_heading() {
        let document = Document::parse("---\ntitle: x\n---\n# Feature: A\n");
        assert_eq!(headings(&document), [(1, "Feature: A")]);
        assert_eq!(document.blocks[0].kind, BlockKind::Metadata);
    }

    #[test]
    fn blocks_rules_need_are_recorded() {
        let text = "\
# T

- [ ] open task
- [x] done task
  1. nested

| Path | Why |
| --- | --- |
| `a.rs` | edit |

See [the guide](docs/guide.md) and ![img](i.png).

> quoted

<!-- note -->
";
        let document = Document::parse(text);
        let tasks: Vec<_> = document
            .list_items
            .iter()
            .map(|i| (i.task, i.depth, i.ordered))
            .collect();
        assert_eq!(
            tasks,
            [
                (Some(false), 0, false),
                (Some(true), 0, false),
                (None, 1, true)
            ]
        );
        let table = &document.tables[0];
        let header: Vec<_> = table.header.iter().map(|c| document.text(c)).collect();
        assert_eq!(header, ["Path", "Why"]);
        assert_eq!(document.text(&table.rows[0][0]), "`a.rs`");
        assert_eq!(document.inline_code[0].code, "a.rs");
        let links: Vec<_> = document
            .links
            .iter()
            .map(|l| (l.destination.as_str(), l.image))
            .collect();
        assert_eq!(links, [("docs/guide.md", false), ("i.png", true)]);
        assert_eq!(document.block_quotes.len(), 1);
        assert!(document.html.iter().any(|h| h.is_comment(&document.source)));
        let kinds: Vec<_> = document.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading,
                BlockKind::List,
                BlockKind::Table,
                BlockKind::Paragraph,
                BlockKind::BlockQuote,
                BlockKind::Html
            ]
        );
    }

    #[test]
    fn comment_only_html() {
        assert!(is_comment_only("<!-- a --> <!-- b -->\n"));
        assert!(!is_comment_only("<!-- a --> <b>"));
        assert!(!is_comment_only("<!-- unclosed"));
        assert!(!is_comment_only("   "));
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let depth = 500_000;
        let quotes = ">".repeat(depth) + " deep\n";
        let document = Document::parse(&format!("# T\n{quotes}## After\n"));
        assert_eq!(document.block_quotes.len(), depth);
        assert_eq!(document.sections.len(), 2);
        let lists = "- ".repeat(depth) + "x\n";
        let document = Document::parse(&lists);
        assert_eq!(document.list_items.len(), depth);
        let headings = "## h\n".repeat(20_000);
        assert_eq!(Document::parse(&headings).sections.len(), 20_000);
    }

    #[test]
    fn empty_and_blank_documents_parse() {
        for text in ["", "\n\n", "   ", "\r"] {
            let document = Document::parse(text);
            assert!(document.sections.is_empty());
            assert_eq!(
                document.position(text.len()).line,
                document.lines.line_count()
            );
        }
    }
}
