//! A ruleset's regular expression, compiled when a check first needs it.
//!
//! Compiling every pattern of the eleven built-in rulesets took nine tenths of the time of
//! linting one plan, though a plan uses the patterns of one ruleset only. Built-in patterns
//! are therefore compiled on first use (a test compiles every one of them, so this cannot
//! fail); the patterns of a user's ruleset are compiled as it is loaded, so that a mistake
//! is reported there, pointing into the file.
//!
//! Even one ruleset's dozen patterns were a third of the time of linting one plan. The
//! `regex` crate builds, besides the lazy DFA that does the searching, a literal prefilter
//! (case-insensitive literals multiply into hundreds of variants and an Aho-Corasick
//! automaton) and a full DFA for small patterns; they pay off over megabytes of text, not
//! over a plan's headings and sections. A pattern here is the same engine
//! (`regex_automata::meta`, which `regex` wraps) with the same syntax and matches, built
//! without those two: compiling feature-plan's patterns takes half the time. The prefilter
//! does pay where a pattern is scanned across a whole plan (`find_iter`, `captures_iter`:
//! placeholders, style), so those searches get a second build with it: without, 10,000
//! plans took 30 % longer.

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use regex_automata::PatternID;
use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;

/// Why a pattern does not compile, worded as the `regex` crate words it.
#[derive(Debug)]
pub struct Error(Box<meta::BuildError>);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(limit) = self.0.size_limit() {
            write!(f, "Compiled regex exceeds size limit of {limit} bytes.")
        } else if let Some(syntax) = self.0.syntax_error() {
            syntax.fmt(f)
        } else {
            self.0.fmt(f)
        }
    }
}

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
    compiled: OnceLock<Regex>,
    /// For every match across a plan: built with the literal prefilter.
    scanner: OnceLock<Regex>,
}

impl Pattern {
    /// Compiles `source` now.
    pub fn eager(source: &str, case_insensitive: bool) -> Result<Self, Error> {
        let pattern = Self::lazy(source.to_string(), case_insensitive);
        pattern.force()?;
        Ok(pattern)
    }

    /// Compiles `source`, which is known to be valid, on first use.
    pub fn lazy(source: String, case_insensitive: bool) -> Self {
        Self(Arc::new(Compiled {
            source,
            case_insensitive,
            compiled: OnceLock::new(),
            scanner: OnceLock::new(),
        }))
    }

    /// Compiles the pattern now if it was not yet; the error if it is invalid.
    pub fn force(&self) -> Result<&Regex, Error> {
        let pattern = &*self.0;
        if let Some(regex) = pattern.compiled.get() {
            return Ok(regex);
        }
        let regex = build(&pattern.source, pattern.case_insensitive, false)?;
        Ok(pattern.compiled.get_or_init(|| regex))
    }

    fn regex(&self) -> &Regex {
        self.force().expect(TESTED)
    }

    fn scanner(&self) -> &Regex {
        let pattern = &*self.0;
        pattern
            .scanner
            .get_or_init(|| build(&pattern.source, pattern.case_insensitive, true).expect(TESTED))
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.0.source
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.regex().is_match(haystack)
    }

    /// The leftmost-first match and its groups.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let regex = self.regex();
        let mut groups = regex.create_captures();
        regex.captures(haystack, &mut groups);
        groups.is_match().then_some(Captures { haystack, groups })
    }

    /// Every successive non-overlapping match, with its groups.
    pub fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + use<'r, 'h> {
        self.scanner()
            .captures_iter(haystack)
            .map(move |groups| Captures { haystack, groups })
    }

    /// Every successive non-overlapping match.
    pub fn find_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Match<'h>> + use<'r, 'h> {
        self.scanner().find_iter(haystack).map(move |found| Match {
            haystack,
            range: found.range(),
        })
    }

    /// The names of the groups, in order; `None` for unnamed ones (group 0 included).
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.regex().group_info().pattern_names(PatternID::ZERO)
    }
}

/// The engine for text of a few lines: the lazy DFA and the engines for groups, without the
/// full DFA (the lazy one is as fast on short text) and, unless `prefilter`, without the
/// literal prefilter.
pub fn lean_engine(prefilter: bool) -> meta::Config {
    Regex::config().auto_prefilter(prefilter).dfa(false)
}

fn build(source: &str, case_insensitive: bool, prefilter: bool) -> Result<Regex, Error> {
    Regex::builder()
        .syntax(syntax::Config::new().case_insensitive(case_insensitive))
        .configure(lean_engine(prefilter))
        .build(source)
        .map_err(|e| Error(Box::new(e)))
}

/// A match's groups.
pub struct Captures<'h> {
    haystack: &'h str,
    groups: regex_automata::util::captures::Captures,
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

    #[test]
    fn errors_read_as_the_regex_crate_words_them() {
        for source in ["(unclosed", r"\p{Nonsense}", "a{99999}{99999}"] {
            let ours = Pattern::eager(source, false).err().unwrap().to_string();
            let theirs = regex::Regex::new(source).unwrap_err().to_string();
            assert_eq!(ours, theirs);
        }
    }
}
