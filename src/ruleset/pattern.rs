//! A ruleset's regular expression, compiled when a check first needs it.
//!
//! Compiling every pattern of the eleven built-in rulesets took nine tenths of the time of
//! linting one plan, though a plan uses the patterns of one ruleset only. Built-in patterns
//! are therefore compiled on first use (a test compiles every one of them, so this cannot
//! fail); the patterns of a user's ruleset are compiled as it is loaded, so that a mistake
//! is reported there, pointing into the file.
//!
//! Even one ruleset's dozen patterns were a third of the time of linting one plan. The
//! `regex` crate's engine (`regex_automata::meta`) builds a forward and a reverse NFA, a
//! one-pass DFA, a full DFA for small patterns and a literal prefilter (case-insensitive
//! literals multiply into hundreds of variants); those pay off over megabytes of text, not
//! over a plan's headings and sections. Matching and groups there need one forward NFA, the
//! lazy DFA and the PikeVM (`Lean`): same syntax, same NFA, same matches, a quarter of the
//! compilation. Where a pattern is scanned across a whole plan (`find_iter`,
//! `captures_iter`: placeholders, style), the meta engine with its prefilter pays off, so
//! those searches get a second build with it: without, 10,000 plans took 30 % longer.

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use regex_automata::hybrid::dfa::{self as lazy, DFA};
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA};
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Input, PatternID};

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
    compiled: OnceLock<Lean>,
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
    fn force(&self) -> Result<&Lean, Error> {
        let pattern = &*self.0;
        if let Some(lean) = pattern.compiled.get() {
            return Ok(lean);
        }
        let lean = Lean::new(&pattern.source, pattern.case_insensitive)?;
        Ok(pattern.compiled.get_or_init(|| lean))
    }

    fn lean(&self) -> &Lean {
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
        self.lean().is_match(haystack)
    }

    /// The leftmost-first match and its groups.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let groups = self.lean().captures(haystack);
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
        self.lean()
            .pikevm
            .get_nfa()
            .group_info()
            .pattern_names(PatternID::ZERO)
    }
}

/// The meta engine for text of a few lines: the lazy DFA and the engines for groups, without
/// the full DFA (the lazy one is as fast on short text) and, unless `prefilter`, without the
/// literal prefilter.
pub fn lean_engine(prefilter: bool) -> meta::Config {
    Regex::config().auto_prefilter(prefilter).dfa(false)
}

fn build(source: &str, case_insensitive: bool, prefilter: bool) -> Result<Regex, Error> {
    Regex::builder()
        .syntax(syntax_config(case_insensitive))
        .configure(lean_engine(prefilter))
        .build(source)
        .map_err(|e| Error(Box::new(e)))
}

fn syntax_config(case_insensitive: bool) -> syntax::Config {
    syntax::Config::new().case_insensitive(case_insensitive)
}

type CreateCaches = Box<dyn Fn() -> Caches + Send + Sync>;

/// A pattern compiled for `is_match` and `captures`: what the meta engine does for them,
/// from one forward NFA built by a compiler kept per thread.
///
/// The meta engine compiles a pattern into a forward and a reverse NFA with a fresh compiler
/// each, then a one-pass DFA and the literals of its strategies. A fresh compiler fills a
/// 400 KB table for the first Unicode class it meets (a case-insensitive `s` or `k` is one),
/// so that was most of the cost of compiling a pattern; matching and groups need neither the
/// reverse NFA nor the rest. The searches are the meta engine's: the lazy DFA says whether a
/// pattern matches, and the PikeVM answers what the lazy DFA gives up on (a Unicode word
/// boundary next to a non-ASCII letter) and finds the groups. Same NFA, same matches.
struct Lean {
    /// `None` when it cannot be built (as the meta engine, which then goes without).
    dfa: Option<DFA>,
    pikevm: PikeVM,
    caches: Pool<Caches, CreateCaches>,
}

struct Caches {
    dfa: Option<lazy::Cache>,
    pikevm: pikevm::Cache,
}

thread_local! {
    /// Compiling through one compiler fills its Unicode table once per thread, not once per
    /// pattern.
    static COMPILER: thompson::Compiler = {
        let meta = lean_engine(false);
        let mut compiler = thompson::Compiler::new();
        compiler.configure(
            thompson::Config::new()
                .utf8(meta.get_utf8_empty())
                .nfa_size_limit(meta.get_nfa_size_limit())
                .which_captures(meta.get_which_captures()),
        );
        compiler
    };
}

impl Lean {
    fn new(source: &str, case_insensitive: bool) -> Result<Self, Error> {
        let nfa = syntax::parse_with(source, &syntax_config(case_insensitive))
            .ok()
            .and_then(|hir| COMPILER.with(|compiler| compiler.build_from_hir(&hir).ok()));
        match nfa.and_then(Self::from_nfa) {
            Some(lean) => Ok(lean),
            // The meta engine words the error as the `regex` crate does.
            None => Err(build(source, case_insensitive, false)
                .expect_err("a pattern the meta engine compiles compiles to an NFA")),
        }
    }

    fn from_nfa(nfa: NFA) -> Option<Self> {
        let meta = lean_engine(false);
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .unicode_word_boundary(true)
                    .byte_classes(meta.get_byte_classes())
                    .cache_capacity(meta.get_hybrid_cache_capacity())
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok();
        let pikevm = PikeVM::new_from_nfa(nfa).ok()?;
        let create: CreateCaches = {
            let (dfa, pikevm) = (dfa.clone(), pikevm.clone());
            Box::new(move || Caches {
                dfa: dfa.as_ref().map(DFA::create_cache),
                pikevm: pikevm.create_cache(),
            })
        };
        Some(Self {
            dfa,
            pikevm,
            caches: Pool::new(create),
        })
    }

    fn is_match(&self, haystack: &str) -> bool {
        let input = Input::new(haystack).earliest(true);
        let mut caches = self.caches.get();
        if let (Some(dfa), Some(cache)) = (&self.dfa, &mut caches.dfa) {
            if let Ok(found) = dfa.try_search_fwd(cache, &input) {
                return found.is_some();
            }
        }
        self.pikevm.is_match(&mut caches.pikevm, input)
    }

    fn captures(&self, haystack: &str) -> regex_automata::util::captures::Captures {
        let mut groups = self.pikevm.create_captures();
        let mut caches = self.caches.get();
        self.pikevm
            .captures(&mut caches.pikevm, haystack, &mut groups);
        groups
    }
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

    /// Matches and groups are the `regex` crate's, also where the lazy DFA gives up (a
    /// Unicode word boundary beside a non-ASCII letter) and the PikeVM answers.
    #[test]
    fn matches_and_groups_are_the_regex_crates() {
        let patterns = [
            r"\btests?\b",
            r"^(?:(?:step|task)\s+(?P<n>\d+)(?:$|[^.\d]|\.(?:$|\D)))?",
            r"(?is)\bas an?\b.+\bi want\b.+\bso that\b",
            r"(?:^|/)specs/(?:[^/]+/)*[^/]+\.md$",
            r"^phase (?P<n>\d+)\b",
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
            "",
        ];
        for source in patterns {
            let ours = Pattern::eager(source, true).unwrap();
            let theirs = regex::RegexBuilder::new(source)
                .case_insensitive(true)
                .build()
                .unwrap();
            let groups = |get: &dyn Fn(usize) -> Option<Range<usize>>| {
                (0..theirs.captures_len()).map(get).collect::<Vec<_>>()
            };
            for haystack in haystacks {
                let context = format!("{source:?} on {haystack:?}");
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
