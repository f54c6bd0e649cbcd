//! A ruleset's template phrases (`template-text`), found in a plan.
//!
//! A phrase matches ignoring ASCII letter case, with any run of whitespace (a line break
//! included) between its words. These were one case-insensitive regular expression until
//! its compilation, a millisecond for the fourteen phrases of feature-plan, turned out to be
//! a quarter of the time of linting one plan: Unicode case folding made every `s` and `k`
//! a class of three characters. Here an Aho-Corasick automaton finds the phrases' first
//! words in a lowercased copy of the plan (case-sensitive, so its SIMD prefilter applies),
//! and the phrases are compared from each word found.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, BuildError, Input, MatchKind,
};

pub struct Phrases {
    /// The words of each phrase, lowercased, in ruleset order.
    phrases: Vec<Vec<String>>,
    /// The distinct first words, built on first use as `Pattern`s are: a plan uses the
    /// phrases of one ruleset only.
    first_words: OnceLock<AhoCorasick>,
}

impl Phrases {
    /// `None` when no phrase has a word. With `eager`, the automaton is built now, so that
    /// its one possible error (past its size limit) is reported with the ruleset.
    pub fn new(phrases: &[String], eager: bool) -> Result<Option<Self>, BuildError> {
        let phrases: Vec<Vec<String>> = phrases
            .iter()
            .map(|p| p.split_whitespace().map(str::to_ascii_lowercase).collect())
            .filter(|words: &Vec<String>| !words.is_empty())
            .collect();
        if phrases.is_empty() {
            return Ok(None);
        }
        let built = Self {
            phrases,
            first_words: OnceLock::new(),
        };
        if eager {
            built.first_words()?;
        }
        Ok(Some(built))
    }

    fn first_words(&self) -> Result<&AhoCorasick, BuildError> {
        if let Some(automaton) = self.first_words.get() {
            return Ok(automaton);
        }
        let mut first: Vec<&str> = self.phrases.iter().map(|words| words[0].as_str()).collect();
        first.sort_unstable();
        first.dedup();
        // The contiguous NFA builds in a fraction of the DFA's time and, behind the
        // prefilter the lowercased haystack allows, searches about as fast.
        let automaton = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::LeftmostFirst)
            .build(&first)?;
        Ok(self.first_words.get_or_init(|| automaton))
    }

    /// The phrases in `text`, left to right, not overlapping; where several phrases start at
    /// the same place, the first of the ruleset that matches.
    pub fn find_iter(&self, text: &str) -> Vec<Range<usize>> {
        // Built-in phrases are tested to build; a user's were built as the ruleset loaded.
        let Ok(first_words) = self.first_words() else {
            return Vec::new();
        };
        // Lowercasing ASCII keeps every byte offset.
        let lowered = text.to_ascii_lowercase();
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(word) = first_words.find(Input::new(&lowered).range(from..)) {
            let start = word.start();
            let phrase = self
                .phrases
                .iter()
                .find_map(|words| match_at(&lowered, start, words));
            // A first word may also start inside the one found (`scribe` in `describe`).
            from = phrase.as_ref().map_or(start + 1, |p| p.end);
            found.extend(phrase);
        }
        found
    }
}

/// Where `words` match the lowercased `text` from `start`, with whitespace between them.
fn match_at(text: &str, start: usize, words: &[String]) -> Option<Range<usize>> {
    let mut at = start;
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            let spaced = text[at..]
                .char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map_or(text.len() - at, |(offset, _)| offset);
            if spaced == 0 {
                return None;
            }
            at += spaced;
        }
        if text.as_bytes().get(at..at + word.len())? != word.as_bytes() {
            return None;
        }
        at += word.len();
    }
    Some(start..at)
}

impl std::fmt::Debug for Phrases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.phrases).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(list: &[&str]) -> Phrases {
        let list: Vec<String> = list.iter().map(|p| p.to_string()).collect();
        Phrases::new(&list, true).expect("builds").expect("phrases")
    }

    fn found<'t>(phrases: &Phrases, text: &'t str) -> Vec<&'t str> {
        phrases
            .find_iter(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn case_and_spacing_are_ignored() {
        let p = phrases(&["describe the feature in detail"]);
        let text = "Intro.\nDescribe  the FEATURE\n  in detail, please. describe the feature";
        assert_eq!(found(&p, text), ["Describe  the FEATURE\n  in detail"]);
    }

    #[test]
    fn words_must_be_separated() {
        let p = phrases(&["list edge cases"]);
        assert!(found(&p, "listedge cases").is_empty());
        assert_eq!(found(&p, "list\u{a0}edge cases"), ["list\u{a0}edge cases"]);
    }

    #[test]
    fn the_first_phrase_of_the_ruleset_wins_at_one_place() {
        let p = phrases(&["describe the feature", "describe the feature in detail"]);
        assert_eq!(
            found(&p, "describe the feature in detail"),
            ["describe the feature"]
        );
        let p = phrases(&["describe unit tests", "describe the feature"]);
        assert_eq!(found(&p, "describe the feature"), ["describe the feature"]);
        let p = phrases(&["listing a", "list", "listing b"]);
        assert_eq!(found(&p, "listing b"), ["list"]);
    }

    #[test]
    fn matches_do_not_overlap() {
        let p = phrases(&["list the files", "files to change"]);
        assert_eq!(
            found(&p, "list the files to change; files to change"),
            ["list the files", "files to change"]
        );
    }

    #[test]
    fn a_phrase_at_the_end_of_the_text_or_cut_short() {
        let p = phrases(&["list commands"]);
        assert_eq!(found(&p, "then list commands"), ["list commands"]);
        assert!(found(&p, "then list comm").is_empty());
        assert!(found(&p, "then list").is_empty());
        assert!(found(&p, "then list ").is_empty());
    }

    #[test]
    fn non_ascii_text_is_compared_on_character_boundaries() {
        let p = phrases(&["décrire la fonctionnalité"]);
        assert_eq!(
            found(&p, "« Décrire la fonctionnalité »"),
            ["Décrire la fonctionnalité"]
        );
        assert!(found(&p, "décrire la fonctionnalite").is_empty());
    }

    #[test]
    fn no_words_no_matcher() {
        assert!(
            Phrases::new(&[" ".to_string()], true)
                .expect("builds")
                .is_none()
        );
        assert!(Phrases::new(&[], true).expect("builds").is_none());
    }
}
