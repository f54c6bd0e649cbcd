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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use regex_automata::hybrid::dfa::{self as lazy, DFA};
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures};
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::Pool;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind, PatternID};

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
    /// For every match across a plan (`find_iter`, `captures_iter`), first.
    scanner: OnceLock<Lean>,
    /// Past `LEAN_SCANS` bytes scanned: the meta engine.
    bulk_scanner: OnceLock<Regex>,
    scanned: AtomicUsize,
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
            bulk_scanner: OnceLock::new(),
            scanned: AtomicUsize::new(0),
        }))
    }

    /// Compiles the pattern now if it was not yet; the error if it is invalid.
    fn force(&self) -> Result<&Lean, Error> {
        let pattern = &*self.0;
        if let Some(lean) = pattern.compiled.get() {
            return Ok(lean);
        }
        let lean = Lean::new(&pattern.source, pattern.case_insensitive, false)?;
        Ok(pattern.compiled.get_or_init(|| lean))
    }

    fn lean(&self) -> &Lean {
        self.force().expect(TESTED)
    }

    /// The engine for scanning `haystack`: the lean one for the first `LEAN_SCANS` bytes
    /// this pattern scans, then the meta engine.
    fn scanner(&self, haystack: &str) -> Scanner<'_> {
        let pattern = &*self.0;
        let build = |scanning| Lean::new(&pattern.source, pattern.case_insensitive, scanning);
        if pattern.scanned.fetch_add(haystack.len(), Ordering::Relaxed) < LEAN_SCANS {
            Scanner::Lean(pattern.scanner.get_or_init(|| build(true).expect(TESTED)))
        } else {
            Scanner::Meta(pattern.bulk_scanner.get_or_init(|| {
                Regex::builder()
                    .syntax(syntax_config(pattern.case_insensitive))
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
        self.lean()
            .pikevm
            .get_nfa()
            .group_info()
            .pattern_names(PatternID::ZERO)
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

/// The meta engine for text of a few lines: the lazy DFA and the engines for groups, without
/// the full DFA (the lazy one is as fast on short text) nor the literal prefilter.
pub fn lean_engine() -> meta::Config {
    Regex::config().auto_prefilter(false).dfa(false)
}

/// The meta engine's build: its error is worded as the `regex` crate words it.
fn build_error(source: &str, case_insensitive: bool) -> Error {
    let result = Regex::builder()
        .syntax(syntax_config(case_insensitive))
        .configure(lean_engine())
        .build(source);
    Error(Box::new(result.expect_err(
        "a pattern the meta engine compiles compiles to an NFA",
    )))
}

fn syntax_config(case_insensitive: bool) -> syntax::Config {
    syntax::Config::new().case_insensitive(case_insensitive)
}

type CreateCaches = Box<dyn Fn() -> Caches + Send + Sync>;

/// A compiled pattern: what the meta engine does for the searches planlint makes, from NFAs
/// built by compilers kept per thread.
///
/// The meta engine compiles a pattern into a forward and a reverse NFA with a fresh compiler
/// each, then a one-pass DFA and the literals of its strategies. A fresh compiler fills a
/// 400 KB table for the first Unicode class it meets (a case-insensitive `s` or `k` is one),
/// so that was most of the cost of compiling a pattern, and most of the memory a plan's
/// linting touched. The searches are the meta engine's: the forward lazy DFA says whether
/// and where a match ends, the reverse one (built for scanning only) where it starts, and
/// the PikeVM finds the groups and answers what the lazy DFAs give up on (a Unicode word
/// boundary next to a non-ASCII letter). Same NFA, same matches; a test compares them with
/// the `regex` crate's.
struct Lean {
    /// `None` when it cannot be built (as the meta engine, which then goes without).
    forward: Option<DFA>,
    /// For scanning: where a match found forward starts.
    reverse: Option<DFA>,
    pikevm: PikeVM,
    caches: Pool<Caches, CreateCaches>,
}

struct Caches {
    forward: Option<lazy::Cache>,
    reverse: Option<lazy::Cache>,
    pikevm: pikevm::Cache,
}

thread_local! {
    /// Compiling through one compiler fills its Unicode table once per thread, not once per
    /// pattern.
    static FORWARD: thompson::Compiler = compiler(false);
    static REVERSE: thompson::Compiler = compiler(true);
}

fn compiler(reverse: bool) -> thompson::Compiler {
    let meta = lean_engine();
    let mut config = thompson::Config::new()
        .utf8(meta.get_utf8_empty())
        .nfa_size_limit(meta.get_nfa_size_limit());
    config = if reverse {
        config.reverse(true).which_captures(WhichCaptures::None)
    } else {
        config.which_captures(meta.get_which_captures())
    };
    let mut compiler = thompson::Compiler::new();
    compiler.configure(config);
    compiler
}

impl Lean {
    /// `scanning`: built to find every match across a text, with the literal prefilter (on
    /// 10,000 plans, 30 % faster than without) and the reverse lazy DFA.
    fn new(source: &str, case_insensitive: bool, scanning: bool) -> Result<Self, Error> {
        let Ok(hir) = syntax::parse_with(source, &syntax_config(case_insensitive)) else {
            return Err(build_error(source, case_insensitive));
        };
        let nfa = FORWARD.with(|compiler| compiler.build_from_hir(&hir).ok());
        let Some(pikevm) = nfa.and_then(|nfa| PikeVM::new_from_nfa(nfa).ok()) else {
            return Err(build_error(source, case_insensitive));
        };
        let nfa = pikevm.get_nfa();
        let (forward, reverse) = if scanning {
            let prefilter = Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, &hir);
            let reverse = REVERSE
                .with(|compiler| compiler.build_from_hir(&hir).ok())
                .and_then(|nfa| lazy_dfa(nfa, MatchKind::All, None));
            let forward = lazy_dfa(nfa.clone(), MatchKind::LeftmostFirst, prefilter);
            (forward, reverse)
        } else {
            (lazy_dfa(nfa.clone(), MatchKind::LeftmostFirst, None), None)
        };
        let create: CreateCaches = {
            let (forward, reverse, pikevm) = (forward.clone(), reverse.clone(), pikevm.clone());
            Box::new(move || Caches {
                forward: forward.as_ref().map(DFA::create_cache),
                reverse: reverse.as_ref().map(DFA::create_cache),
                pikevm: pikevm.create_cache(),
            })
        };
        Ok(Self {
            forward,
            reverse,
            pikevm,
            caches: Pool::new(create),
        })
    }

    fn is_match(&self, haystack: &str) -> bool {
        let input = Input::new(haystack).earliest(true);
        let mut caches = self.caches.get();
        if let (Some(dfa), Some(cache)) = (&self.forward, &mut caches.forward) {
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

    /// `each` of the successive non-overlapping matches in `haystack`.
    fn scan<T>(
        &self,
        haystack: &str,
        mut each: impl FnMut(&Self, &mut Caches, regex_automata::Match) -> T,
    ) -> impl Iterator<Item = T> {
        let mut caches = self.caches.get();
        let mut searcher = Searcher::new(Input::new(haystack));
        std::iter::from_fn(move || {
            let found = searcher.advance(|input| Ok(self.find(&mut caches, input)))?;
            Some(each(self, &mut caches, found))
        })
    }

    /// The leftmost-first match in `input`.
    fn find(&self, caches: &mut Caches, input: &Input<'_>) -> Option<regex_automata::Match> {
        self.find_lazily(caches, input)
            .unwrap_or_else(|| self.pikevm.find(&mut caches.pikevm, input.clone()))
    }

    /// As `hybrid::regex::Regex` finds it: the end forward, then the start backward from
    /// there; `None` when a lazy DFA is missing or gives up.
    fn find_lazily(
        &self,
        caches: &mut Caches,
        input: &Input<'_>,
    ) -> Option<Option<regex_automata::Match>> {
        let (forward, reverse) = (self.forward.as_ref()?, self.reverse.as_ref()?);
        let (forward_cache, reverse_cache) = (caches.forward.as_mut()?, caches.reverse.as_mut()?);
        let Some(end) = forward.try_search_fwd(forward_cache, input).ok()? else {
            return Some(None);
        };
        let anchored =
            input.get_anchored().is_anchored() || forward.get_nfa().is_always_start_anchored();
        let start = if input.start() == end.offset() || anchored {
            input.start()
        } else {
            let backward = input
                .clone()
                .span(input.start()..end.offset())
                .anchored(Anchored::Yes)
                .earliest(false);
            reverse
                .try_search_rev(reverse_cache, &backward)
                .ok()??
                .offset()
        };
        Some(Some(regex_automata::Match::new(
            end.pattern(),
            start..end.offset(),
        )))
    }

    /// The groups of `found`, a match in `haystack`.
    fn groups(
        &self,
        caches: &mut Caches,
        haystack: &str,
        found: regex_automata::Match,
    ) -> regex_automata::util::captures::Captures {
        let mut groups = self.pikevm.create_captures();
        let input = Input::new(haystack)
            .span(found.span())
            .anchored(Anchored::Yes);
        self.pikevm.search(&mut caches.pikevm, &input, &mut groups);
        groups
    }
}

/// A lazy DFA as the meta engine configures it (a reverse one finds the longest match:
/// `MatchKind::All`); `None` when it cannot be built.
fn lazy_dfa(nfa: NFA, kind: MatchKind, prefilter: Option<Prefilter>) -> Option<DFA> {
    let meta = lean_engine();
    DFA::builder()
        .configure(
            DFA::config()
                .match_kind(kind)
                .specialize_start_states(prefilter.is_some())
                .prefilter(prefilter)
                .unicode_word_boundary(true)
                .byte_classes(meta.get_byte_classes())
                .cache_capacity(meta.get_hybrid_cache_capacity())
                .minimum_cache_clear_count(Some(3))
                .minimum_bytes_per_state(Some(10)),
        )
        .build_from_nfa(nfa)
        .ok()
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
        let filler = " ".repeat(LEAN_SCANS);
        for (source, bulk) in patterns.iter().flat_map(|&p| [(p, false), (p, true)]) {
            let ours = Pattern::eager(source, true).unwrap();
            if bulk {
                ours.find_iter(&filler).for_each(drop);
                assert!(matches!(ours.scanner(""), Scanner::Meta(_)));
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
