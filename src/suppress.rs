//! Inline suppressions: the `<!-- planlint-disable RULE -->` comments of a plan, read once
//! into per-line state and applied to the diagnostics the checks made.
//!
//! The forms mean what markdownlint's inline configuration means (README, "Suppress a
//! finding"), with the `planlint-` prefix:
//!
//! - `disable` / `enable`: rules off / on from the line the comment is on; the comments of
//!   one line are applied left to right and the result holds for that whole line.
//! - `disable-line`: rules off on the comment's own line(s); `disable-next-line`: on the line
//!   after the comment.
//! - `disable-file` / `enable-file`: wherever they are, applied top to bottom (the later wins)
//!   before anything else; the result is the state the document starts in (so `enable` can
//!   still turn a rule back on further down).
//! - `capture` / `restore`: remember the current state / return to it. The state the document
//!   starts in is captured to begin with, so `disable` ... `restore` undoes the `disable`.
//! - No rule named means every rule; several rules are separated by spaces or commas.
//!
//! Directives are read from HTML comments only (HTML blocks and inline HTML), which the parser
//! never finds inside code spans or code blocks: a plan may document planlint itself. A finding
//! is suppressed when the line its primary span starts on is covered. `invalid-suppression`,
//! `invalid-input` and `internal-error` cannot be suppressed: the first reports the directives
//! themselves, the other two are about files that have no document to hold a directive.

use std::sync::LazyLock;

use crate::checks::{internal_error, invalid_input, invalid_suppression};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Span};
use crate::rules::{self, Rule};

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Disable,
    Enable,
    DisableLine,
    DisableNextLine,
    DisableFile,
    EnableFile,
    Capture,
    Restore,
}

impl Action {
    /// Every action, with the word that follows `planlint-`.
    pub const ALL: [(Action, &'static str); 8] = [
        (Action::Disable, "disable"),
        (Action::Enable, "enable"),
        (Action::DisableLine, "disable-line"),
        (Action::DisableNextLine, "disable-next-line"),
        (Action::DisableFile, "disable-file"),
        (Action::EnableFile, "enable-file"),
        (Action::Capture, "capture"),
        (Action::Restore, "restore"),
    ];

    fn parse(keyword: &str) -> Option<Action> {
        let keyword = keyword.to_ascii_lowercase();
        Self::ALL
            .iter()
            .find(|(_, word)| *word == keyword)
            .map(|&(action, _)| action)
    }

    /// The directive as written: `planlint-disable`.
    pub fn directive(self) -> String {
        let word = Self::ALL
            .iter()
            .find(|(action, _)| *action == self)
            .map_or("", |(_, word)| word);
        format!("{PREFIX}{word}")
    }

    /// `capture` and `restore` work on the whole state and take no rule names.
    fn takes_rules(self) -> bool {
        !matches!(self, Action::Capture | Action::Restore)
    }
}

const PREFIX: &str = "planlint-";

/// A set of rules: one bit per rule of the registry (`rules::all()`, fewer than 64).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleSet(u64);

impl RuleSet {
    pub const NONE: RuleSet = RuleSet(0);

    /// The set holding `rule`; empty for a rule outside the registry.
    pub fn of(rule: &Rule) -> RuleSet {
        let index = rules::all().iter().position(|r| r.id == rule.id);
        RuleSet(index.map_or(0, |i| 1u64.checked_shl(i as u32).unwrap_or(0)))
    }

    /// Every rule a directive can suppress: what a directive without rule names covers.
    pub fn suppressible() -> RuleSet {
        static SUPPRESSIBLE: LazyLock<RuleSet> = LazyLock::new(|| {
            rules::all()
                .iter()
                .filter(|rule| can_suppress(rule))
                .fold(RuleSet::NONE, |set, rule| set.with(RuleSet::of(rule)))
        });
        *SUPPRESSIBLE
    }

    pub fn with(self, other: RuleSet) -> RuleSet {
        RuleSet(self.0 | other.0)
    }

    pub fn without(self, other: RuleSet) -> RuleSet {
        RuleSet(self.0 & !other.0)
    }

    pub fn contains(self, rule: &Rule) -> bool {
        let bit = RuleSet::of(rule).0;
        bit != 0 && self.0 & bit == bit
    }
}

/// Whether a directive can silence `rule`. Not `invalid-suppression`, which reports the
/// directives themselves, nor the findings about files that have no document
/// (`invalid-input`, `internal-error`).
pub fn can_suppress(rule: &Rule) -> bool {
    ![
        &invalid_suppression::INVALID_SUPPRESSION,
        &invalid_input::INVALID_INPUT,
        &internal_error::INTERNAL_ERROR,
    ]
    .iter()
    .any(|unsuppressible| unsuppressible.id == rule.id)
}

/// One `<!-- planlint-… -->` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub action: Action,
    /// The rules it names that exist and can be suppressed; every such rule when it names none.
    pub rules: RuleSet,
    /// 0-based lines of the comment's `<!--` and of its `-->`.
    pub first_line: usize,
    pub last_line: usize,
}

/// Something wrong in a `planlint-` comment, reported as `invalid-suppression`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `planlint-` followed by no known action (`planlint-disabel`).
    UnknownAction { word: String, span: Span },
    /// A rule name that is not a rule id.
    UnknownRule { name: String, span: Span },
    /// A rule that no directive can silence.
    Unsuppressible { rule: &'static Rule, span: Span },
    /// Rule names after `planlint-capture` or `planlint-restore`.
    NoRulesTaken { action: Action, span: Span },
}

/// The directives of a document, in document order, and what is wrong with them.
#[derive(Debug, Default)]
pub struct Directives {
    pub directives: Vec<Directive>,
    pub problems: Vec<Problem>,
}

/// Reads every `planlint-` comment of `document`: a scan of its HTML, linear in its size.
pub fn read(document: &Document) -> Directives {
    let mut found = Directives::default();
    for html in &document.html {
        let text = document.text(&html.span);
        let mut at = 0;
        // An HTML block may hold several comments (and other HTML): read each of them.
        while let Some(open) = text[at..].find("<!--") {
            let start = at + open;
            // `<!-->` and `<!--->` are complete (empty) comments too, hence the search from
            // the `--` of the opening.
            let Some(close) = text[start + 2..].find("-->").map(|c| start + 2 + c) else {
                break;
            };
            let body_start = (start + 4).min(close);
            let offset = html.span.start;
            found.read_comment(
                document,
                &text[body_start..close],
                offset + body_start,
                offset + start..offset + close + 3,
            );
            at = close + 3;
        }
    }
    found
}

impl Directives {
    /// Reads one comment: `body` is its text between `<!--` and `-->`, starting at byte
    /// `offset` of the document; `comment` is the whole comment's span.
    fn read_comment(&mut self, document: &Document, body: &str, offset: usize, comment: Span) {
        // Most comments are notes: look no further than their first word.
        let at = body.len() - body.trim_start().len();
        let is_directive = body[at..]
            .get(..PREFIX.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(PREFIX));
        if !is_directive {
            return;
        }
        let words = words(body);
        let Some(&(at, word)) = words.first() else {
            return;
        };
        let keyword = &word[PREFIX.len().min(word.len())..];
        let Some(action) = Action::parse(keyword) else {
            self.problems.push(Problem::UnknownAction {
                word: word.to_string(),
                span: offset + at..offset + at + word.len(),
            });
            return;
        };
        let names = &words[1..];
        let rules = if names.is_empty() {
            RuleSet::suppressible()
        } else {
            self.resolve(names, offset)
        };
        if let (false, Some(&(first, _)), Some(&(last, name))) =
            (action.takes_rules(), names.first(), names.last())
        {
            self.problems.push(Problem::NoRulesTaken {
                action,
                span: offset + first..offset + last + name.len(),
            });
        }
        self.directives.push(Directive {
            action,
            rules,
            first_line: document.lines.line_of(comment.start),
            last_line: document.lines.line_of(comment.end.saturating_sub(1)),
        });
    }

    /// The rules `names` name; a name that is no rule, or one that cannot be suppressed, is a
    /// problem and covers nothing (never every rule).
    fn resolve(&mut self, names: &[(usize, &str)], offset: usize) -> RuleSet {
        let mut set = RuleSet::NONE;
        for &(at, name) in names {
            let span = offset + at..offset + at + name.len();
            match rules::find(&name.to_ascii_lowercase()) {
                Some(rule) if can_suppress(rule) => set = set.with(RuleSet::of(rule)),
                Some(rule) => self.problems.push(Problem::Unsuppressible { rule, span }),
                None => self.problems.push(Problem::UnknownRule {
                    name: name.to_string(),
                    span,
                }),
            }
        }
        set
    }
}

/// The words of `text`, separated by whitespace or commas, with their byte offsets.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let separator = c.is_whitespace() || c == ',';
        match (start, separator) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                words.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, &text[s..]));
    }
    words
}

/// Which rules are off on which line, built once from a document's directives: lookups are
/// binary searches, so applying it costs O(log directives) per diagnostic.
#[derive(Debug)]
pub struct Suppressions {
    /// `(line, rules off)`: from that 0-based line on, until the next entry. Sorted, the first
    /// entry at line 0.
    ranges: Vec<(usize, RuleSet)>,
    /// `(line, rules off)` on that line only (`disable-line`, `disable-next-line`). Sorted, one
    /// entry per line.
    lines: Vec<(usize, RuleSet)>,
}

impl Suppressions {
    /// The per-line state of `directives`, given in document order.
    pub fn new(directives: &[Directive]) -> Self {
        // File directives first, wherever they are: they give the state the document starts in.
        let mut initial = RuleSet::NONE;
        for directive in directives {
            match directive.action {
                Action::DisableFile => initial = initial.with(directive.rules),
                Action::EnableFile => initial = initial.without(directive.rules),
                _ => {}
            }
        }
        let mut current = initial;
        let mut captured = initial;
        let mut ranges = vec![(0, initial)];
        let mut lines = Vec::new();
        for directive in directives {
            let rules = directive.rules;
            match directive.action {
                Action::Disable => current = current.with(rules),
                Action::Enable => current = current.without(rules),
                Action::Capture => captured = current,
                Action::Restore => current = captured,
                Action::DisableLine => {
                    lines.extend((directive.first_line..=directive.last_line).map(|l| (l, rules)));
                    continue;
                }
                Action::DisableNextLine => {
                    lines.push((directive.last_line + 1, rules));
                    continue;
                }
                Action::DisableFile | Action::EnableFile => continue,
            }
            // The comments of one line all apply to that line: the last state wins.
            match ranges.last_mut() {
                Some((line, state)) if *line == directive.first_line => *state = current,
                _ => ranges.push((directive.first_line, current)),
            }
        }
        lines.sort_by_key(|&(line, _)| line);
        lines.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = kept.1.with(later.1);
            }
            same
        });
        Self { ranges, lines }
    }

    /// Whether `rule` is off on the 0-based `line`.
    pub fn covers(&self, rule: &Rule, line: usize) -> bool {
        let after = self.ranges.partition_point(|&(start, _)| start <= line);
        let mut off = after
            .checked_sub(1)
            .map_or(RuleSet::NONE, |i| self.ranges[i].1);
        if let Ok(i) = self.lines.binary_search_by_key(&line, |&(l, _)| l) {
            off = off.with(self.lines[i].1);
        }
        off.contains(rule)
    }
}

/// Drops the diagnostics that `directives` cover, by the line their primary span starts on;
/// returns how many were dropped.
pub fn apply(
    document: &Document,
    directives: &[Directive],
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    if directives.is_empty() {
        return 0;
    }
    let suppressions = Suppressions::new(directives);
    let before = diagnostics.len();
    diagnostics.retain(|d| !suppressions.covers(d.rule, document.lines.line_of(d.span.start)));
    before - diagnostics.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::placeholder::PLACEHOLDER;
    use crate::checks::sections::missing_section::MISSING_SECTION;
    use crate::checks::sections::unknown_section::UNKNOWN_SECTION;

    fn directives(text: &str) -> Directives {
        read(&Document::parse(text))
    }

    /// The 1-based lines on which `rule` is off.
    fn off_lines(text: &str, rule: &Rule) -> Vec<usize> {
        let document = Document::parse(text);
        let found = read(&document);
        let suppressions = Suppressions::new(&found.directives);
        (0..document.lines.line_count())
            .filter(|&line| suppressions.covers(rule, line))
            .map(|line| line + 1)
            .collect()
    }

    #[test]
    fn the_registry_fits_a_rule_set() {
        assert!(rules::all().len() <= 64);
        for rule in rules::all() {
            assert_ne!(RuleSet::of(rule), RuleSet::NONE, "{}", rule.id);
        }
    }

    #[test]
    fn disable_and_enable_form_a_range_from_the_comment_line_on() {
        let text = "a\n<!-- planlint-disable placeholder -->\nb\nc\n<!-- planlint-enable placeholder -->\nd\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [2, 3, 4]);
        assert_eq!(off_lines(text, &MISSING_SECTION), [] as [usize; 0]);
    }

    #[test]
    fn a_range_left_open_runs_to_the_end() {
        let text = "a\n\n<!-- planlint-disable placeholder -->\nb\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [3, 4, 5]);
    }

    #[test]
    fn comments_on_one_line_apply_left_to_right_to_the_whole_line() {
        // As in markdownlint: disable then enable on the same line has no effect.
        let text =
            "x <!-- planlint-disable placeholder --> <!-- planlint-enable placeholder -->\ny\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [] as [usize; 0]);
        let text = "x <!-- planlint-enable --> <!-- planlint-disable placeholder -->\ny\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [1, 2, 3]);
    }

    #[test]
    fn disable_next_line_covers_only_the_line_after_the_comment() {
        let text = "<!-- planlint-disable-next-line placeholder -->\n<a b>\n<c d>\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [2]);
        // After a comment over several lines, the next line is the one after its end.
        let text = "<!-- planlint-disable-next-line\n     placeholder -->\n<a b>\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [3]);
    }

    #[test]
    fn disable_line_covers_the_comment_own_line() {
        let text = "a\n- item <x y> <!-- planlint-disable-line placeholder -->\nc\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [2]);
        let text = "# Title <!-- planlint-disable-line -->\n";
        assert_eq!(off_lines(text, &MISSING_SECTION), [1]);
    }

    #[test]
    fn file_directives_apply_everywhere_wherever_they_are() {
        let text = "a\nb\n<!-- planlint-disable-file placeholder -->\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [1, 2, 3, 4]);
        // File directives apply top to bottom: a later `enable-file` undoes a `disable-file`.
        let text = "<!-- planlint-disable-file -->\na\n<!-- planlint-enable-file placeholder -->\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [] as [usize; 0]);
        assert_eq!(off_lines(text, &MISSING_SECTION), [1, 2, 3, 4]);
        let text = "<!-- planlint-enable-file placeholder -->\na\n<!-- planlint-disable-file -->\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [1, 2, 3, 4]);
        // The file state is where the document starts; `enable` still applies further down.
        let text = "<!-- planlint-disable-file placeholder -->\na\n\n<!-- planlint-enable placeholder -->\nb\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [1, 2, 3]);
    }

    #[test]
    fn restore_returns_to_the_captured_state() {
        let text = "\
<!-- planlint-disable unknown-section -->
<!-- planlint-capture -->
<!-- planlint-disable -->
x
<!-- planlint-restore -->
y
";
        assert_eq!(off_lines(text, &PLACEHOLDER), [3, 4]);
        assert_eq!(off_lines(text, &UNKNOWN_SECTION), [1, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn the_starting_state_is_captured_to_begin_with() {
        let text = "<!-- planlint-disable -->\nx\n<!-- planlint-restore -->\ny\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [1, 2]);
        let text = "<!-- planlint-disable-file placeholder -->\n<!-- planlint-enable -->\nx\n<!-- planlint-restore -->\n";
        assert_eq!(off_lines(text, &PLACEHOLDER), [1, 4, 5]);
    }

    #[test]
    fn no_rule_means_every_suppressible_rule() {
        let found = directives("<!-- planlint-disable -->\n");
        assert_eq!(found.directives[0].rules, RuleSet::suppressible());
        for rule in rules::all() {
            assert_eq!(
                RuleSet::suppressible().contains(rule),
                can_suppress(rule),
                "{}",
                rule.id
            );
        }
        assert!(!RuleSet::suppressible().contains(&invalid_suppression::INVALID_SUPPRESSION));
        assert!(!RuleSet::suppressible().contains(&invalid_input::INVALID_INPUT));
        assert!(!RuleSet::suppressible().contains(&internal_error::INTERNAL_ERROR));
    }

    #[test]
    fn several_rules_by_spaces_or_commas_any_case() {
        for text in [
            "<!-- planlint-disable placeholder unknown-section -->",
            "<!-- planlint-disable placeholder,unknown-section -->",
            "<!--planlint-disable placeholder, unknown-section-->",
            "<!-- PLANLINT-DISABLE Placeholder\n\tUnknown-Section -->",
        ] {
            let found = directives(text);
            assert!(found.problems.is_empty(), "{text}: {:?}", found.problems);
            let [directive] = &found.directives[..] else {
                panic!("{text}: {:?}", found.directives);
            };
            assert_eq!(directive.action, Action::Disable);
            assert_eq!(
                directive.rules,
                RuleSet::of(&PLACEHOLDER).with(RuleSet::of(&UNKNOWN_SECTION)),
                "{text}"
            );
        }
    }

    #[test]
    fn every_action_is_read() {
        for (action, word) in Action::ALL {
            let found = directives(&format!("<!-- planlint-{word} -->\n"));
            assert_eq!(found.directives[0].action, action);
            assert_eq!(action.directive(), format!("planlint-{word}"));
        }
    }

    #[test]
    fn directives_in_code_are_ignored() {
        let text = "\
`<!-- planlint-disable -->` in a code span

```markdown
<!-- planlint-disable-file -->
```

    <!-- planlint-disable-file -->

<!-- planlint-disable-next-line placeholder -->
";
        let found = directives(text);
        assert_eq!(found.directives.len(), 1);
        assert_eq!(found.directives[0].action, Action::DisableNextLine);
        assert_eq!(found.directives[0].first_line, 8);
    }

    #[test]
    fn directives_sit_in_html_blocks_inline_and_nested() {
        let text = "\
<div>
<!-- a note --> <!-- planlint-disable placeholder -->
</div>

| a | b <!-- planlint-disable-line --> |
|---|---|

> <!-- planlint-enable placeholder -->

- item <!-- planlint-disable-next-line unknown-section -->
";
        let found = directives(text);
        let actions: Vec<_> = found
            .directives
            .iter()
            .map(|d| (d.action, d.first_line))
            .collect();
        assert_eq!(
            actions,
            [
                (Action::Disable, 1),
                (Action::DisableLine, 4),
                (Action::Enable, 7),
                (Action::DisableNextLine, 9)
            ]
        );
        assert!(found.problems.is_empty());
    }

    #[test]
    fn other_comments_are_not_directives() {
        for text in [
            "<!-- planlint ruleset=feature-plan -->",
            "<!-- markdownlint-disable MD013 -->",
            "<!-- a note about planlint-disable -->",
            "<!-- -->",
            "<!---->",
            "<!-->",
            "<!--->",
            "<!-- planlint-disable",
        ] {
            let found = directives(text);
            assert!(found.directives.is_empty(), "{text}");
            assert!(found.problems.is_empty(), "{text}");
        }
    }

    #[test]
    fn an_unknown_rule_is_a_problem_and_covers_nothing() {
        let text = "<!-- planlint-disable missing-sectoin -->\nx\n";
        let found = directives(text);
        assert_eq!(
            found.problems,
            [Problem::UnknownRule {
                name: "missing-sectoin".into(),
                span: 22..37
            }]
        );
        assert_eq!(found.directives[0].rules, RuleSet::NONE);
        assert_eq!(off_lines(text, &MISSING_SECTION), [] as [usize; 0]);
        // The known names of the same comment still apply.
        let text = "<!-- planlint-disable-file nope, placeholder -->\n";
        assert_eq!(directives(text).problems.len(), 1);
        assert_eq!(off_lines(text, &PLACEHOLDER), [1, 2]);
    }

    #[test]
    fn an_unknown_action_is_a_problem() {
        let found = directives("x <!-- planlint-disabel placeholder -->\n");
        assert_eq!(
            found.problems,
            [Problem::UnknownAction {
                word: "planlint-disabel".into(),
                span: 7..23
            }]
        );
        assert!(found.directives.is_empty());
        let found = directives("<!-- planlint-disable-next-line, placeholder -->");
        assert!(found.problems.is_empty());
        let found = directives("<!-- planlint-disable:placeholder -->");
        assert!(matches!(
            found.problems[..],
            [Problem::UnknownAction { .. }]
        ));
    }

    #[test]
    fn rules_that_cannot_be_suppressed_are_problems() {
        let text =
            "<!-- planlint-disable-file invalid-suppression invalid-input internal-error -->\n";
        let found = directives(text);
        let rules: Vec<_> = found
            .problems
            .iter()
            .map(|p| match p {
                Problem::Unsuppressible { rule, .. } => rule.id,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            rules,
            ["invalid-suppression", "invalid-input", "internal-error"]
        );
        assert_eq!(found.directives[0].rules, RuleSet::NONE);
        let suppressions = Suppressions::new(&found.directives);
        assert!(!suppressions.covers(&invalid_suppression::INVALID_SUPPRESSION, 0));
    }

    #[test]
    fn capture_and_restore_take_no_rules() {
        let found = directives("<!-- planlint-capture placeholder, title -->");
        assert_eq!(
            found.problems,
            [Problem::NoRulesTaken {
                action: Action::Capture,
                span: 22..40
            }]
        );
        assert_eq!(found.directives[0].action, Action::Capture);
    }

    #[test]
    fn apply_drops_covered_findings_by_their_start_line() {
        let text = "# T\n<!-- planlint-disable-next-line placeholder -->\n<a b> and\n<c d>\n";
        let document = Document::parse(text);
        let found = read(&document);
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Diagnostic::new(&PLACEHOLDER, start..start + needle.len(), "x")
        };
        let mut diagnostics = vec![at("<a b>"), at("<c d>"), {
            let start = text.find("<a b>").unwrap();
            Diagnostic::new(&MISSING_SECTION, start..start, "x")
        }];
        assert_eq!(apply(&document, &found.directives, &mut diagnostics), 1);
        let left: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.rule.id, document.position(d.span.start).line))
            .collect();
        assert_eq!(left, [("placeholder", 4), ("missing-section", 3)]);
    }

    #[test]
    fn hostile_comments_never_panic() {
        for text in [
            "<!-- planlint-\u{e9}\u{e9} -->",
            "<!-- planlint-disable \u{a0}placeholder\u{2003},, -->",
            "<!-- plan",
            "<!--<!--<!-- planlint-disable -->-->-->",
            "<!-- planlint-disable-next-line -->",
            "\r<!-- planlint-disable-line -->\r\r",
            "<!-- planlint-disable-line\n\n\n -->",
        ] {
            let document = Document::parse(text);
            let found = read(&document);
            let suppressions = Suppressions::new(&found.directives);
            for line in 0..document.lines.line_count() + 2 {
                suppressions.covers(&PLACEHOLDER, line);
            }
        }
    }
}
