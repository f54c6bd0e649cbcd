//! The regex engines planlint compiles its patterns (a ruleset's, a plan's globs) into.
//!
//! The `regex` crate's engine (`regex_automata::meta`) builds, for every pattern, a forward
//! and a reverse NFA with a fresh compiler each, a one-pass DFA, a full DFA for small
//! patterns and the literals of its strategies (case-insensitive literals multiply into
//! hundreds of variants). Those pay off over megabytes of text, not over a plan's headings
//! and sections, and a fresh compiler fills a 400 KB table for the first Unicode class it
//! meets (a case-insensitive `s` or `k` is one): compiling a ruleset's dozen patterns was a
//! third of the time of linting one plan. `Lean` compiles the same syntax into the same
//! NFA, through compilers kept per thread, and searches it as the meta engine does.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex_automata::hybrid::dfa::{self as lazy, DFA};
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures};
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::Pool;
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

/// The meta engine's settings that `Lean` follows: no full DFA (the lazy one is as fast on
/// short text) nor literal prefilter.
fn meta_config() -> meta::Config {
    Regex::config().auto_prefilter(false).dfa(false)
}

/// The meta engine's build: its error is worded as the `regex` crate words it.
fn build_error(source: &str, syntax: syntax::Config) -> Error {
    let result = Regex::builder()
        .syntax(syntax)
        .configure(meta_config())
        .build(source);
    Error(Box::new(result.expect_err(
        "a pattern the meta engine compiles compiles to an NFA",
    )))
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
///
/// `is_match` departs from the meta engine in one way: a pattern's first `PIKEVM_BYTES` go
/// to the PikeVM. The lazy DFA builds each state the first time a search reaches it, about
/// 4,000 instructions apiece, the PikeVM's 150 a byte, so states pay off only once reused:
/// linting one plan built 256 states to answer 59 questions (1.1 of its 8.5 M
/// instructions), while thousands of plans reuse the same few states. A kilobyte keeps
/// headings on the PikeVM and whole sections on the lazy DFA (one plan 8.5 -> 8.0 M
/// instructions, 1,000 plans unchanged; 16 KB: 7.9 M, but 1,000 plans 3 % more).
pub struct Lean {
    /// `None` when it cannot be built (as the meta engine, which then goes without).
    forward: Option<DFA>,
    /// For scanning: where a match found forward starts.
    reverse: Option<DFA>,
    pikevm: PikeVM,
    caches: Pool<Caches, CreateCaches>,
    /// What `is_match` searches with the PikeVM before it turns to the lazy DFA.
    pikevm_budget: Budget,
}

/// What `is_match` searches with the PikeVM before it turns to the lazy DFA.
const PIKEVM_BYTES: usize = 1024;

/// The bytes one engine searches, across threads, before another takes over: a pattern
/// starts on what is cheap to build and moves to what is fast over much text.
pub struct Budget {
    spent: AtomicUsize,
    limit: usize,
}

impl Budget {
    pub const fn new(limit: usize) -> Self {
        Self {
            spent: AtomicUsize::new(0),
            limit,
        }
    }

    /// Whether a search of `bytes` more stays under the limit, counting it. Once spent, the
    /// budget is only read: a counter that every search wrote would bounce between the
    /// cores on every heading matched.
    pub fn spend(&self, bytes: usize) -> bool {
        self.spent.load(Ordering::Relaxed) < self.limit
            && self.spent.fetch_add(bytes, Ordering::Relaxed) + bytes < self.limit
    }
}

/// A thread's scratch space for a `Lean`'s searches; a lazy DFA's, on its first search.
pub struct Caches {
    forward: Option<lazy::Cache>,
    reverse: Option<lazy::Cache>,
    pikevm: pikevm::Cache,
}

/// `dfa`'s cache in `cache`, made if it is not yet.
fn cache_of<'c>(dfa: &DFA, cache: &'c mut Option<lazy::Cache>) -> &'c mut lazy::Cache {
    cache.get_or_insert_with(|| dfa.create_cache())
}

thread_local! {
    /// Compiling through one compiler fills its Unicode table once per thread, not once per
    /// pattern.
    static FORWARD: thompson::Compiler = compiler(false);
    static REVERSE: thompson::Compiler = compiler(true);
}

fn compiler(reverse: bool) -> thompson::Compiler {
    let meta = meta_config();
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
    /// `scanning`: built to find every match across a text, with the reverse lazy DFA for
    /// where a match starts. No literal prefilter: extracting the literals of a
    /// case-insensitive pattern cost one plan 0.4 of its 8 M instructions, more than the
    /// prefilter saves on the megabyte a pattern scans before it moves to the meta engine,
    /// which has its own.
    pub fn new(source: &str, syntax: syntax::Config, scanning: bool) -> Result<Self, Error> {
        let Ok(hir) = syntax::parse_with(source, &syntax) else {
            return Err(build_error(source, syntax));
        };
        let nfa = FORWARD.with(|compiler| compiler.build_from_hir(&hir).ok());
        let Some(pikevm) = nfa.and_then(|nfa| PikeVM::new_from_nfa(nfa).ok()) else {
            return Err(build_error(source, syntax));
        };
        let nfa = pikevm.get_nfa();
        let (forward, reverse) = if scanning {
            let reverse = REVERSE
                .with(|compiler| compiler.build_from_hir(&hir).ok())
                .and_then(|nfa| lazy_dfa(nfa, MatchKind::All));
            (lazy_dfa(nfa.clone(), MatchKind::LeftmostFirst), reverse)
        } else {
            (lazy_dfa(nfa.clone(), MatchKind::LeftmostFirst), None)
        };
        let create: CreateCaches = {
            let pikevm = pikevm.clone();
            Box::new(move || Caches {
                forward: None,
                reverse: None,
                pikevm: pikevm.create_cache(),
            })
        };
        Ok(Self {
            forward,
            reverse,
            pikevm,
            caches: Pool::new(create),
            pikevm_budget: Budget::new(PIKEVM_BYTES),
        })
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        let input = Input::new(haystack).earliest(true);
        let mut caches = self.caches.get();
        let on_pikevm = self.pikevm_budget.spend(haystack.len());
        if let Some(dfa) = self.forward.as_ref().filter(|_| !on_pikevm) {
            if let Ok(found) = dfa.try_search_fwd(cache_of(dfa, &mut caches.forward), &input) {
                return found.is_some();
            }
        }
        self.pikevm.is_match(&mut caches.pikevm, input)
    }

    pub fn captures(&self, haystack: &str) -> regex_automata::util::captures::Captures {
        let mut groups = self.pikevm.create_captures();
        let mut caches = self.caches.get();
        self.pikevm
            .captures(&mut caches.pikevm, haystack, &mut groups);
        groups
    }

    /// `each` of the successive non-overlapping matches in `haystack`.
    pub fn scan<T>(
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

    /// The names of the groups, in order; `None` for unnamed ones (group 0 included).
    pub fn group_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.pikevm
            .get_nfa()
            .group_info()
            .pattern_names(PatternID::ZERO)
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
        let forward_cache = cache_of(forward, &mut caches.forward);
        let reverse_cache = cache_of(reverse, &mut caches.reverse);
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
    pub fn groups(
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
fn lazy_dfa(nfa: NFA, kind: MatchKind) -> Option<DFA> {
    let meta = meta_config();
    DFA::builder()
        .configure(
            DFA::config()
                .match_kind(kind)
                .unicode_word_boundary(true)
                .byte_classes(meta.get_byte_classes())
                .cache_capacity(meta.get_hybrid_cache_capacity())
                .minimum_cache_clear_count(Some(3))
                .minimum_bytes_per_state(Some(10)),
        )
        .build_from_nfa(nfa)
        .ok()
}
