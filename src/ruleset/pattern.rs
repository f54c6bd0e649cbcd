//! A ruleset's regular expression, compiled when a check first needs it.
//!
//! Compiling every pattern of the eleven built-in rulesets took nine tenths of the time of
//! linting one plan, though a plan uses the patterns of one ruleset only. Built-in patterns
//! are therefore compiled on first use (a test compiles every one of them, so this cannot
//! fail); the patterns of a user's ruleset are compiled as it is loaded, so that a mistake
//! is reported there, pointing into the file.
//!
//! They compile to `matcher::Lean`, which does on a heading or a section what the `regex`
//! crate's engine does, for a quarter of the compilation. A pattern scanned across whole
//! plans (`find_iter`, `captures_iter`: placeholders, style) moves to the `regex` crate's
//! engine after its first megabyte, where that engine's literal strategies pay off.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex, OnceLock, PoisonError};

use regex_automata::meta::Regex;
use regex_automata::util::syntax;

pub use crate::matcher::Error;
use crate::matcher::{Budget, Lean};

/// Why a lazy pattern cannot fail to compile.
const TESTED: &str = "lazy patterns are built-in or generated, and tested to compile";

/// A pattern; clones share its compiled forms (a ruleset's detection profile holds the
/// title and section patterns its checks use).
#[derive(Clone)]
pub struct Pattern(Arc<Compiled>);

struct Compiled {
    source: String,
    case_insensitive: bool,
    /// For a match in a heading, a line or a section (`is_match`, `captures`).
    compiled: OnceLock<Lean>,
    /// For every match across a plan (`find_iter`, `captures_iter`), first.
    scanner: OnceLock<Lean>,
    /// Past `LEAN_SCANS` bytes scanned: the meta engine.
    bulk_scanner: OnceLock<Regex>,
    lean_scans: Budget,
}

impl Pattern {
    /// Compiles `source` now (a user's ruleset: not shared, so that a language server's
    /// edited rulesets leave nothing behind).
    pub fn eager(source: &str, case_insensitive: bool) -> Result<Self, Error> {
        let pattern = Self::new(source.to_string(), case_insensitive);
        pattern.force()?;
        Ok(pattern)
    }

    /// Compiles `source`, which is known to be valid, on first use. Lazy patterns (the
    /// built-ins', the generated ones) with the same source are one pattern, compiled once:
    /// the detection index and the chosen ruleset name the same title, and rulesets share
    /// titles and labels.
    pub fn lazy(source: String, case_insensitive: bool) -> Self {
        static SHARED: LazyLock<Mutex<HashMap<(String, bool), Pattern>>> =
            LazyLock::new(Mutex::default);
        let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        shared
            .entry((source, case_insensitive))
            .or_insert_with_key(|(source, _)| Self::new(source.clone(), case_insensitive))
            .clone()
    }

    fn new(source: String, case_insensitive: bool) -> Self {
        Self(Arc::new(Compiled {
            source,
            case_insensitive,
            compiled: OnceLock::new(),
            scanner: OnceLock::new(),
            bulk_scanner: OnceLock::new(),
            lean_scans: Budget::new(LEAN_SCANS),
        }))
    }

    /// Compiles the pattern now if it was not yet; the error if it is invalid.
    fn force(&self) -> Result<&Lean, Error> {
        let pattern = &*self.0;
        if let Some(lean) = pattern.compiled.get() {
            return Ok(lean);
        }
        let lean = Lean::new(
            &pattern.source,
            syntax_config(pattern.case_insensitive),
            false,
        )?;
        Ok(pattern.compiled.get_or_init(|| lean))
    }

    fn lean(&self) -> &Lean {
        self.force().expect(TESTED)
    }

    /// The engine for scanning `haystack`: the lean one while this pattern has scanned,
    /// `haystack` included, less than `LEAN_SCANS` bytes, then the meta engine (a plan of a
    /// megabyte gets it at once).
    fn scanner(&self, haystack: &str) -> Scanner<'_> {
        let pattern = &*self.0;
        let syntax = syntax_config(pattern.case_insensitive);
        if pattern.lean_scans.spend(haystack.len()) {
            Scanner::Lean(
                pattern
                    .scanner
                    .get_or_init(|| Lean::new(&pattern.source, syntax, true).expect(TESTED)),
            )
        } else {
            Scanner::Meta(pattern.bulk_scanner.get_or_init(|| {
                Regex::builder()
                    .syntax(syntax)
                    .configure(Regex::config().dfa(false))
                    .build(&pattern.source)
                    .expect(TESTED)
            }))
        }
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.0.source
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.lean().is_match(haystack)
    }

    /// The leftmost-first match and its groups.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let groups = self.lean().captures(haystack);
        groups.is_match().then_some(Captures { haystack, groups })
    }

    /// Every successive non-overlapping match, with its groups.
    pub fn captures_iter<'a>(
        &'a self,
        haystack: &'a str,
    ) -> Box<dyn Iterator<Item = Captures<'a>> + 'a> {
        let captures = move |groups| Captures { haystack, groups };
        match self.scanner(haystack) {
            Scanner::Lean(lean) => Box::new(lean.scan(haystack, move |lean, caches, found| {
                captures(lean.groups(caches, haystack, found))
            })),
            Scanner::Meta(regex) => Box::new(regex.captures_iter(haystack).map(captures)),
        }
    }

    /// Every successive non-overlapping match.
    pub fn find_iter<'a>(&'a self, haystack: &'a str) -> Box<dyn Iterator<Item = Match<'a>> + 'a> {
        let part = move |found: regex_automata::Match| Match {
            haystack,
            range: found.range(),
        };
        match self.scanner(haystack) {
            Scanner::Lean(lean) => Box::new(lean.scan(haystack, move |_, _, found| part(found))),
            Scanner::Meta(regex) => Box::new(regex.find_iter(haystack).map(part)),
        }
    }

    /// The names of the groups, in order; `None` for unnamed ones (group 0 included).
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.lean().group_names()
    }
}

/// Bytes a pattern scans with the lean engine before it builds the meta engine. Over many
/// plans the meta engine scans faster (10,000 plans: 10 % less time), finding a literal such
/// as a placeholder's `<` with memchr and working back from it, but building it costs as
/// much as linting a small plan.
const LEAN_SCANS: usize = 1 << 20;

enum Scanner<'p> {
    Lean(&'p Lean),
    Meta(&'p Regex),
}

/// A match's groups.
pub struct Captures<'h> {
    haystack: &'h str,
    groups: regex_automata::util::captures::Captures,
}

fn syntax_config(case_insensitive: bool) -> syntax::Config {
    syntax::Config::new().case_insensitive(case_insensitive)
}

impl<'h> Captures<'h> {
    /// Group `index`; 0 is the whole match.
    pub fn get(&self, index: usize) -> Option<Match<'h>> {
        self.groups.get_group(index).map(|span| self.part(span))
    }

    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        self.groups
            .get_group_by_name(name)
            .map(|span| self.part(span))
    }

    fn part(&self, span: regex_automata::Span) -> Match<'h> {
        Match {
            haystack: self.haystack,
            range: span.range(),
        }
    }
}

/// A matched part of a haystack.
pub struct Match<'h> {
    haystack: &'h str,
    range: Range<usize>,
}

impl<'h> Match<'h> {
    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.range.clone()]
    }

    pub fn start(&self) -> usize {
        self.range.start
    }

    pub fn end(&self) -> usize {
        self.range.end
    }

    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.source())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_name_and_index() {
        let pattern = Pattern::eager(r"^step (?P<n>\d+)", true).unwrap();
        let captures = pattern.captures("Step 12: build").unwrap();
        assert_eq!(captures.get(0).unwrap().as_str(), "Step 12");
        assert_eq!(captures.name("n").unwrap().range(), 5..7);
        assert!(captures.name("absent").is_none());
        assert_eq!(
            pattern.capture_names().collect::<Vec<_>>(),
            [None, Some("n")]
        );
        assert!(pattern.captures("no step").is_none());
    }

    #[test]
    fn scanning_finds_what_matching_finds() {
        let pattern = Pattern::lazy(r"\btests?\b".to_string(), true);
        let text = "Run the TESTS, then the test suite; attest nothing.";
        let found: Vec<_> = pattern.find_iter(text).map(|m| m.range()).collect();
        assert_eq!(found, [8..13, 24..28]);
        assert!(
            found
                .iter()
                .all(|range| pattern.is_match(&text[range.clone()]))
        );
        let groups: Vec<_> = pattern
            .captures_iter(text)
            .map(|c| c.get(0).unwrap().as_str())
            .collect();
        assert_eq!(groups, ["TESTS", "test"]);
    }

    /// Matches and groups are the `regex` crate's, one by one and across a text, also where
    /// the lazy DFA gives up (a Unicode word boundary beside a non-ASCII letter) and the
    /// PikeVM answers, and for empty matches beside multi-byte characters.
    #[test]
    fn matches_and_groups_are_the_regex_crates() {
        let patterns = [
            r"\btests?\b",
            r"^(?:(?:step|task)\s+(?P<n>\d+)(?:$|[^.\d]|\.(?:$|\D)))?",
            r"(?is)\bas an?\b.+\bi want\b.+\bso that\b",
            r"(?:^|/)specs/(?:[^/]+/)*[^/]+\.md$",
            r"^phase (?P<n>\d+)\b",
            r#"(?:^|[^A-Za-z0-9_<>`])(?P<p><[A-Za-z][^<>\n="]*\s[^<>\n="]*[^\s/<>="]>)"#,
            r"(?m)^\s*(?P<item>[-*]|[0-9]+\.)?",
            "",
        ];
        let haystacks = [
            "Step 12: build",
            "step 3.1",
            "TESTS pass",
            "ütests",
            "tests\u{e9}",
            "Étape \u{661}: tests, ü",
            "As a user I want bookmarks so that I can return",
            "as an admin\ni want x\nso that y",
            "docs/specs/a/b.md",
            "specs/plan.md.bak",
            "Phase 2",
            "See <feature name> and <the user's goal>, not `<x y>`",
            "  - item\n1. one\n\u{e9}\u{e9}",
            "",
        ];
        // Scanning: the lean engine first, then, past `LEAN_SCANS` bytes, the meta engine.
        // Matching: the PikeVM first, then, past a kilobyte, the lazy DFA.
        let filler = " ".repeat(LEAN_SCANS);
        for (source, bulk) in patterns.iter().flat_map(|&p| [(p, false), (p, true)]) {
            let ours = Pattern::eager(source, true).unwrap();
            if bulk {
                ours.find_iter(&filler).for_each(drop);
                assert!(matches!(ours.scanner(""), Scanner::Meta(_)));
                ours.is_match(&filler);
            }
            let theirs = regex::RegexBuilder::new(source)
                .case_insensitive(true)
                .build()
                .unwrap();
            let groups = |get: &dyn Fn(usize) -> Option<Range<usize>>| {
                (0..theirs.captures_len()).map(get).collect::<Vec<_>>()
            };
            let text = haystacks.join("\n");
            for haystack in haystacks.iter().copied().chain([text.as_str()]) {
                let context = format!("{source:?} on {haystack:?}, bulk: {bulk}");
                assert_eq!(
                    ours.find_iter(haystack)
                        .map(|m| m.range())
                        .collect::<Vec<_>>(),
                    theirs
                        .find_iter(haystack)
                        .map(|m| m.range())
                        .collect::<Vec<_>>(),
                    "{context}"
                );
                assert_eq!(
                    ours.captures_iter(haystack)
                        .map(|c| groups(&|i| c.get(i).map(|m| m.range())))
                        .collect::<Vec<_>>(),
                    theirs
                        .captures_iter(haystack)
                        .map(|c| groups(&|i| c.get(i).map(|m| m.range())))
                        .collect::<Vec<_>>(),
                    "{context}"
                );
                assert_eq!(
                    ours.is_match(haystack),
                    theirs.is_match(haystack),
                    "{context}"
                );
                assert_eq!(
                    ours.captures(haystack)
                        .map(|c| groups(&|i| c.get(i).map(|m| m.range()))),
                    theirs
                        .captures(haystack)
                        .map(|c| groups(&|i| c.get(i).map(|m| m.range()))),
                    "{context}"
                );
            }
        }
    }

    #[test]
    fn errors_read_as_the_regex_crate_words_them() {
        for source in ["(unclosed", r"\p{Nonsense}", "a{99999}{99999}"] {
            let ours = Pattern::eager(source, false).err().unwrap().to_string();
            let theirs = regex::Regex::new(source).unwrap_err().to_string();
            assert_eq!(ours, theirs);
        }
    }
}
