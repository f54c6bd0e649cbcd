//! `section-content`: what a section must hold, as its format describes it.

use super::{Checker, heading_display, shorten};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::document::{BlockKind, Section, Span, starting_in};
use crate::ruleset::content::SectionContent;

declare_rule! {
    /// A section does not have the shape its format demands.
    ///
    /// ## What it finds
    /// For sections whose format says what they hold (each demand is ruleset data):
    /// - a sentence: the User Story reads "As a …, I want … so that …";
    /// - a task list: every item of Acceptance Criteria or a Verification Checklist is `- [ ]`;
    /// - a table with named columns, and where given the allowed values (change type `edit`,
    ///   `new` or `delete`);
    /// - a fenced block of a language, and its kind (a `mermaid` `flowchart` or
    ///   `sequenceDiagram`);
    /// - list items of a pattern (`REQ-N (MUST|MUST NOT|SHOULD)`);
    /// - labelled parts in every step (`**Files:**`, `**Changes:**`, `**Notes:**`;
    ///   `**Objective:**`);
    /// - things it must mention (a staged spec's Stage 1: a not-to-implement list, the scope,
    ///   acceptance criteria);
    /// - one paragraph (a Summary);
    /// - a minimum number of items or steps.
    ///
    /// Empty sections are left to `empty-section`.
    ///
    /// ## Why it matters
    /// Formats fix these shapes so that the plan is checkable: a task list can be ticked off,
    /// a table of changed files read by tools, a requirement's strength seen at a glance.
    ///
    /// ## Example
    /// ```markdown
    /// ## User Story
    /// Operators want tags on sessions.
    /// ```
    /// fails with "`## User Story` does not read \"As a …, I want … so that …\"". This passes:
    /// ```markdown
    /// ## User Story
    /// As an operator, I want to tag sessions so that I can find a customer's sessions.
    /// ```
    pub SECTION_CONTENT, "section-content", Error
}

pub fn check(checker: &mut Checker<'_>) {
    let mut findings = Vec::new();
    for (doc, entry) in checker.alignment.spec_of.iter().enumerate() {
        let Some((spec, _)) = *entry else { continue };
        let content = &checker.spec(spec).content;
        let section = checker.section(doc);
        if content.is_empty() || !checker.has_content(&section.content()) {
            continue;
        }
        let shapes = Shapes {
            checker,
            section,
            content,
            heading: heading_display(section),
            findings: &mut findings,
        };
        shapes.check();
    }
    for finding in findings {
        checker.report(finding);
    }
}

/// One section checked against its demands.
struct Shapes<'c, 'a> {
    checker: &'c Checker<'a>,
    section: &'a Section,
    content: &'a SectionContent,
    heading: String,
    findings: &'c mut Vec<Diagnostic>,
}

impl Shapes<'_, '_> {
    fn check(mut self) {
        self.text();
        self.task_list();
        self.table();
        self.fence();
        self.items();
        self.labels();
        self.mentions();
        self.one_paragraph();
        self.min_items();
    }

    fn at_heading(&mut self, message: String, help: String) {
        let span = self.section.heading_span.clone();
        self.findings.push(
            Diagnostic::new(&SECTION_CONTENT, span, message)
                .label("in this section")
                .help(help),
        );
    }

    fn at(&mut self, span: Span, message: String, label: &str, help: String) {
        self.findings.push(
            Diagnostic::new(&SECTION_CONTENT, span, message)
                .label(label)
                .help(help),
        );
    }

    fn span(&self) -> Span {
        self.section.content()
    }

    fn first_line(&self, at: usize) -> Span {
        let document = self.checker.document;
        document
            .lines
            .line_range(&document.source, document.lines.line_of(at))
    }

    fn text(&mut self) {
        let Some(shape) = &self.content.text else {
            return;
        };
        let document = self.checker.document;
        let body = self.section.body(&document.sections);
        let prose: Vec<&str> = document
            .blocks_in(&body)
            .iter()
            .filter(|b| {
                matches!(
                    b.kind,
                    BlockKind::Paragraph | BlockKind::List | BlockKind::BlockQuote
                )
            })
            .map(|b| document.scanned(&b.span))
            .collect();
        let text = plain(&prose.join(" "));
        if !shape.pattern.is_match(&text) {
            let heading = self.heading.clone();
            self.at_heading(
                format!("`{heading}` does not read \"{}\"", shape.example),
                format!("write it as \"{}\"", shape.example),
            );
        }
    }

    fn task_list(&mut self) {
        if !self.content.task_list {
            return;
        }
        let items: Vec<_> = self.checker.top_items(&self.span()).cloned().collect();
        if items.is_empty() {
            let heading = self.heading.clone();
            self.at_heading(
                format!("`{heading}` has no task list"),
                "write its items as a task list: `- [ ] item`".into(),
            );
        }
        for item in items.iter().filter(|i| i.task.is_none()) {
            let line = self.first_line(item.span.start);
            self.at(
                line,
                "list item is not a task".into(),
                "expected `- [ ]`",
                "make it a task: `- [ ] item`".into(),
            );
        }
    }

    fn table(&mut self) {
        let Some(shape) = &self.content.table else {
            return;
        };
        let document = self.checker.document;
        let tables = starting_in(&document.tables, &self.span(), |t| t.span.start);
        let normalized = |span: &Span| plain(document.text(span)).to_lowercase();
        let columns = |table: &crate::document::Table| -> Vec<Option<usize>> {
            shape
                .columns
                .iter()
                .map(|c| {
                    table
                        .header
                        .iter()
                        .position(|h| normalized(h) == c.to_lowercase())
                })
                .collect()
        };
        let Some(table) = tables
            .iter()
            .find(|t| columns(t).iter().all(Option::is_some))
        else {
            let heading = self.heading.clone();
            let wanted = shape.columns.join(" | ");
            match tables.first() {
                None => self.at_heading(
                    format!("`{heading}` has no table"),
                    format!("add a table with the columns | {wanted} |"),
                ),
                Some(table) => {
                    let missing: Vec<String> = shape
                        .columns
                        .iter()
                        .zip(columns(table))
                        .filter(|(_, found)| found.is_none())
                        .map(|(c, _)| format!("`{c}`"))
                        .collect();
                    let line = self.first_line(table.span.start);
                    self.at(
                        line,
                        format!(
                            "table lacks the {} {}",
                            if missing.len() == 1 {
                                "column"
                            } else {
                                "columns"
                            },
                            missing.join(", ")
                        ),
                        "table header",
                        format!("give the table the columns | {wanted} |"),
                    );
                }
            }
            return;
        };
        let found = columns(table);
        for (column, allowed) in &shape.values {
            let index = shape
                .columns
                .iter()
                .position(|c| c == column)
                .and_then(|i| found[i])
                .expect("a checked column");
            let placeholders = self.checker.placeholders();
            for row in &table.rows {
                let Some(cell) = row.get(index) else { continue };
                if placeholders
                    .iter()
                    .any(|p| p.start < cell.end && cell.start < p.end)
                {
                    continue;
                }
                let value = normalized(cell);
                let first_word = value
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .next()
                    .unwrap_or("");
                if !allowed.iter().any(|a| a.to_lowercase() == first_word) {
                    self.at(
                        cell.clone(),
                        format!("`{}` is not a {} value", shorten(&value, 40), column),
                        "not an allowed value",
                        format!("use one of: {}", allowed.join(", ")),
                    );
                }
            }
        }
    }

    fn fence(&mut self) {
        let Some(shape) = &self.content.fence else {
            return;
        };
        let document = self.checker.document;
        let language = |info: &Option<String>| {
            info.as_deref()
                .and_then(|i| i.split_whitespace().next())
                .map(str::to_lowercase)
        };
        let blocks = starting_in(&document.code_blocks, &self.span(), |c| c.span.start);
        let Some(block) = blocks
            .iter()
            .find(|b| language(&b.info).as_deref() == Some(&shape.language.to_lowercase()))
        else {
            let heading = self.heading.clone();
            self.at_heading(
                format!("`{heading}` has no ```{} block", shape.language),
                format!("add a fenced ```{} block", shape.language),
            );
            return;
        };
        if shape.starts.is_empty() {
            return;
        }
        let first_word = document
            .text(&block.content)
            .split_whitespace()
            .next()
            .unwrap_or("");
        if !shape
            .starts
            .iter()
            .any(|s| s.eq_ignore_ascii_case(first_word))
        {
            let line = self.first_line(block.span.start);
            let kinds = shape.starts.join(" or ");
            self.at(
                line,
                format!(
                    "the {} block is a `{}`, not a {kinds}",
                    shape.language,
                    shorten(first_word, 30)
                ),
                "wrong kind",
                format!("start the block with {kinds}"),
            );
        }
    }

    fn items(&mut self) {
        let Some(shape) = &self.content.items else {
            return;
        };
        let document = self.checker.document;
        let wrong: Vec<Span> = self
            .checker
            .top_items(&self.span())
            .filter(|item| {
                let first = self.first_line(item.span.start);
                let text = plain(document.text(&first));
                !shape
                    .pattern
                    .is_match(text.trim_start_matches(['-', '*', '+', ' ']))
            })
            .map(|item| self.first_line(item.span.start))
            .collect();
        for line in wrong {
            self.at(
                line,
                format!("item does not read `{}`", shape.example),
                "unexpected item",
                format!("write it as `{}`", shape.example),
            );
        }
    }

    /// Steps: the subsections standing for a repeated section; in a section without
    /// subsections, the items of its ordered lists.
    fn steps(&self) -> Vec<(Span, Span)> {
        let checker = self.checker;
        let children: Vec<(Span, Span)> = self
            .section
            .children
            .iter()
            .filter(|&&c| checker.alignment.spec_of[c].is_some_and(|(s, _)| checker.spec(s).repeat))
            .map(|&c| {
                (
                    checker.section(c).heading_span.clone(),
                    checker.section(c).content(),
                )
            })
            .collect();
        if !children.is_empty() || !self.section.children.is_empty() {
            return children;
        }
        checker
            .top_items(&self.span())
            .filter(|i| i.ordered)
            .map(|i| (self.first_line(i.span.start), i.span.clone()))
            .collect()
    }

    fn labels(&mut self) {
        if self.content.labels.is_empty() {
            return;
        }
        let document = self.checker.document;
        for (anchor, body) in self.steps() {
            let text = document.text(&body);
            let missing: Vec<String> = self
                .content
                .labels
                .iter()
                .filter(|label| !label.pattern.is_match(text))
                .map(|label| format!("**{}:**", label.name))
                .collect();
            if !missing.is_empty() {
                let step = shorten(document.text(&anchor).trim(), 50);
                self.at(
                    anchor,
                    format!("step `{step}` lacks {}", missing.join(", ")),
                    "in this step",
                    format!("add {} to the step", missing.join(", ")),
                );
            }
        }
    }

    fn mentions(&mut self) {
        let text = plain(self.checker.document.text(&self.span()));
        let missing: Vec<String> = self
            .content
            .mentions
            .iter()
            .filter(|m| !m.pattern.is_match(&text))
            .map(|m| m.example.clone())
            .collect();
        if !missing.is_empty() {
            let heading = self.heading.clone();
            let what = missing.join(", ");
            self.at_heading(
                format!("`{heading}` does not mention {what}"),
                format!("add {what} to the section"),
            );
        }
    }

    fn one_paragraph(&mut self) {
        if !self.content.one_paragraph {
            return;
        }
        let document = self.checker.document;
        let body = self.section.body(&document.sections);
        let blocks: Vec<BlockKind> = document
            .blocks_in(&body)
            .iter()
            .map(|b| b.kind)
            .filter(|kind| {
                !matches!(
                    kind,
                    BlockKind::ThematicBreak | BlockKind::Html | BlockKind::Heading
                )
            })
            .collect();
        let paragraphs = blocks
            .iter()
            .filter(|&&k| k == BlockKind::Paragraph)
            .count();
        let heading = self.heading.clone();
        if paragraphs < blocks.len() {
            self.at_heading(
                format!("`{heading}` holds more than a paragraph"),
                "write it as one paragraph of prose".into(),
            );
        } else if paragraphs > 1 {
            self.at_heading(
                format!("`{heading}` has {paragraphs} paragraphs; the format has one"),
                "merge them into one paragraph".into(),
            );
        }
    }

    fn min_items(&mut self) {
        let Some(min) = self.content.min_items else {
            return;
        };
        let steps = self.steps().len();
        let count = if steps > 0 {
            steps
        } else {
            self.checker.top_items(&self.span()).count()
        };
        if count < min {
            let heading = self.heading.clone();
            self.at_heading(
                format!("`{heading}` has {count} steps or list items; the format asks for at least {min}"),
                format!("write at least {min} steps, as `###` subsections or an ordered list"),
            );
        }
    }
}

/// Markdown text without emphasis and code markers, whitespace collapsed.
fn plain(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['*', '`'], "")
        .replace("__", "")
}
