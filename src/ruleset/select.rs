//! Which ruleset a document gets: `--ruleset`, else the document's
//! `<!-- planlint ruleset=ID -->` pin, else the configuration's `[[match]]` for its path,
//! else detection from its headings.

use std::sync::LazyLock;

use regex::Regex;

use super::{Builtin, Profile, Ruleset};
use crate::document::{Document, Span};

/// Below this detection score a document matches no format (`unknown-format`).
///
/// The score is `w * title + (1 - w) * F1(sections)`, with `w` the ruleset's title weight
/// (0.5 by default). A plan with the right title needs few sections to pass; one without a
/// recognisable title needs most of them. Measured on the real plans of the shared corpus:
/// feature plans score 0.60 to 1.00, staged specs 0.56 to 1.00, numbered plans 0.49 to 1.00,
/// bug, chore and patch plans 0.96 to 1.00, spec-kit specs, plans and task lists 0.73 to
/// 0.93. Bug, chore and patch plans score at most 0.32 as another format, and feature plans
/// at most 0.32 as one of them. Other documents score at most 0.18, except one free-form plan
/// titled `# Feature: …` (0.59).
pub const DETECTION_THRESHOLD: f64 = 0.35;

/// A ruleset detection may choose.
#[derive(Debug, Clone, Copy)]
pub enum Candidate<'r> {
    /// Compiled as it was loaded: the team's rulesets.
    Compiled(&'r Ruleset),
    /// Compiled when chosen.
    Builtin(&'r Builtin),
}

impl<'r> Candidate<'r> {
    pub fn id(self) -> &'r str {
        &self.profile().id
    }

    pub fn profile(self) -> &'r Profile {
        match self {
            Candidate::Compiled(ruleset) => &ruleset.profile,
            Candidate::Builtin(builtin) => &builtin.profile,
        }
    }

    pub fn ruleset(self) -> &'r Ruleset {
        match self {
            Candidate::Compiled(ruleset) => ruleset,
            Candidate::Builtin(builtin) => builtin.ruleset(),
        }
    }
}

/// The built-in rulesets as candidates.
pub fn builtin_candidates() -> Vec<Candidate<'static>> {
    super::builtins().iter().map(Candidate::Builtin).collect()
}

#[derive(Debug)]
pub enum Selection<'r> {
    Chosen {
        ruleset: &'r Ruleset,
        reason: Reason,
    },
    /// The pin names no known ruleset.
    UnknownPin { id: String, span: Span },
    /// Nothing scored above the threshold; the best candidate, if any scored at all.
    Undetected { best: Option<(Candidate<'r>, f64)> },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// `--ruleset` on the command line.
    Forced,
    /// `<!-- planlint ruleset=ID -->` in the document.
    Pinned,
    /// A `[[match]]` of the configuration.
    Matched,
    /// Detected from title and headings with this score.
    Detected(f64),
}

/// Chooses among `rulesets`; on equal detection scores the earlier one wins (the team's
/// rulesets come before the built-ins).
pub fn select<'r>(
    document: &Document,
    rulesets: &[Candidate<'r>],
    forced: Option<&'r Ruleset>,
    matched: Option<&'r Ruleset>,
) -> Selection<'r> {
    if let Some(ruleset) = forced {
        return Selection::Chosen {
            ruleset,
            reason: Reason::Forced,
        };
    }
    if let Some((id, span)) = pin(document) {
        return match rulesets.iter().find(|r| r.id() == id) {
            Some(candidate) => Selection::Chosen {
                ruleset: candidate.ruleset(),
                reason: Reason::Pinned,
            },
            None => Selection::UnknownPin { id, span },
        };
    }
    if let Some(ruleset) = matched {
        return Selection::Chosen {
            ruleset,
            reason: Reason::Matched,
        };
    }
    let best = best_scoring(document, rulesets);
    match best {
        Some((candidate, s)) if s >= DETECTION_THRESHOLD => Selection::Chosen {
            ruleset: candidate.ruleset(),
            reason: Reason::Detected(s),
        },
        best => Selection::Undetected { best },
    }
}

/// The id in a `<!-- planlint ruleset=ID -->` comment outside code, and the comment's span.
pub fn pin(document: &Document) -> Option<(String, Span)> {
    static PIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^<!--\s*planlint\s+ruleset\s*=\s*([A-Za-z0-9_.-]+)\s*-->")
            .expect("valid pin regex")
    });
    document.html.iter().find_map(|html| {
        let text = document.text(&html.span).trim_start();
        let id = PIN.captures(text)?.get(1)?.as_str().to_string();
        Some((id, html.span.clone()))
    })
}

/// The ruleset scoring highest above zero, the earlier one on a tie.
///
/// Patterns (section `match`es, titles) are compiled on first use, and compiling them costs
/// more than the rest of detection, so a pattern is tried only for a ruleset that could still
/// win with it: one whose score, were every pattern to match, beats both the best score so
/// far and the best score some ruleset reaches from section names alone.
fn best_scoring<'r>(
    document: &Document,
    rulesets: &[Candidate<'r>],
) -> Option<(Candidate<'r>, f64)> {
    let keys = top_level_keys(document);
    let profiles: Vec<&Profile> = rulesets.iter().map(|c| c.profile()).collect();
    let tallies: Vec<Tally> = profiles.iter().map(|p| Tally::new(&keys, p)).collect();
    let sure = profiles
        .iter()
        .zip(&tallies)
        .map(|(profile, tally)| combined(profile, false, tally.lower(&keys, profile)))
        .fold(0.0, f64::max);
    let mut best: Option<(Candidate<'r>, f64)> = None;
    for ((&candidate, profile), tally) in rulesets.iter().zip(profiles).zip(&tallies) {
        let floor = best.map_or(0.0, |(_, s)| s);
        let hopeless = |title: bool| {
            let most = combined(profile, title, tally.upper(&keys));
            most <= floor || most < sure
        };
        if hopeless(true) {
            continue;
        }
        let title = title_matches(document, profile);
        if hopeless(title) {
            continue;
        }
        let score = combined(profile, title, tally.exact(&keys, profile));
        if score > floor {
            best = Some((candidate, score));
        }
    }
    best
}

fn title_matches(document: &Document, profile: &Profile) -> bool {
    profile.title.as_ref().is_some_and(|title| {
        document
            .title()
            .is_some_and(|t| title.is_match(&document.sections[t].heading.text))
    })
}

/// `w * title + (1 - w) * F1`, `w` the ruleset's title weight.
fn combined(profile: &Profile, title_matches: bool, f1: f64) -> f64 {
    let title_score = if title_matches { 1.0 } else { 0.0 };
    profile.title_weight * title_score + (1.0 - profile.title_weight) * f1
}

/// The distinct keys of the document's top-level headings (the title excepted).
fn top_level_keys(document: &Document) -> Vec<&str> {
    let title = document.title();
    let mut keys: Vec<&str> = document
        .sections
        .iter()
        .enumerate()
        .filter(|&(i, s)| Some(i) != title && s.level <= 3 && is_top_level(document, s.parent))
        .map(|(_, s)| s.heading.key.as_str())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The ruleset's top-level sections against the document's top-level headings (`keys`,
/// sorted), before any pattern is tried. The score is the F1 of the two lists; the level is
/// ignored, so a plan with every heading one level off is still recognised.
struct Tally {
    /// Sections a heading names.
    matched: usize,
    /// Sections found or required.
    expected: usize,
    /// Sections (indexes into the profile's roots) no heading names but whose pattern may
    /// match one.
    undecided: Vec<usize>,
}

impl Tally {
    fn new(keys: &[&str], profile: &Profile) -> Self {
        let mut tally = Self {
            matched: 0,
            expected: 0,
            undecided: Vec::new(),
        };
        for (i, root) in profile.roots.iter().enumerate() {
            if root
                .keys
                .iter()
                .any(|name| keys.binary_search(&name.as_str()).is_ok())
            {
                tally.matched += 1;
                tally.expected += 1;
            } else if root.pattern.is_some() {
                tally.undecided.push(i);
            } else if root.required {
                tally.expected += 1;
            }
        }
        tally
    }

    /// F1 were every undecided section to match: a match raises F1 (`matched <= expected`).
    fn upper(&self, keys: &[&str]) -> f64 {
        let undecided = self.undecided.len();
        f1(
            self.matched + undecided,
            self.expected + undecided,
            keys.len(),
        )
    }

    /// F1 were none to match.
    fn lower(&self, keys: &[&str], profile: &Profile) -> f64 {
        let required = self
            .undecided
            .iter()
            .filter(|&&i| profile.roots[i].required)
            .count();
        f1(self.matched, self.expected + required, keys.len())
    }

    /// F1 with the undecided sections' patterns tried.
    fn exact(&self, keys: &[&str], profile: &Profile) -> f64 {
        let (mut matched, mut expected) = (self.matched, self.expected);
        for &i in &self.undecided {
            let root = &profile.roots[i];
            let found = root
                .pattern
                .as_ref()
                .is_some_and(|p| keys.iter().any(|k| p.is_match(k)));
            matched += usize::from(found);
            expected += usize::from(found || root.required);
        }
        f1(matched, expected, keys.len())
    }
}

fn f1(matched: usize, expected: usize, found: usize) -> f64 {
    if matched == 0 {
        return 0.0;
    }
    2.0 * matched as f64 / (expected + found) as f64
}

/// Whether a section with this parent is at the document's top level: under no heading or
/// directly under a `#` title.
pub fn is_top_level(document: &Document, parent: Option<usize>) -> bool {
    parent.is_none_or(|p| document.sections[p].level == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::builtin;

    fn chosen(text: &str) -> Option<(String, Reason)> {
        match select(&Document::parse(text), &builtin_candidates(), None, None) {
            Selection::Chosen { ruleset, reason } => Some((ruleset.id.clone(), reason)),
            _ => None,
        }
    }

    #[test]
    fn a_pin_wins_over_detection() {
        let text = "<!-- planlint ruleset=export-plan -->\n# Feature: X\n## Feature Description\n## User Story\n";
        assert_eq!(chosen(text), Some(("export-plan".into(), Reason::Pinned)));
        let text = "```\n<!-- planlint ruleset=export-plan -->\n```\n# Feature: X\n## Feature Description\n## User Story\n";
        assert_eq!(
            chosen(text).map(|c| c.0),
            Some("feature-plan".into()),
            "a pin inside code is not a pin"
        );
    }

    #[test]
    fn forced_wins_over_a_pin() {
        let document = Document::parse("<!-- planlint ruleset=export-plan -->\n# T\n");
        let staged = builtin("staged-spec").unwrap();
        match select(&document, &builtin_candidates(), Some(staged), None) {
            Selection::Chosen { ruleset, reason } => assert_eq!(
                (ruleset.id.as_str(), reason),
                ("staged-spec", Reason::Forced)
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn detection_survives_missing_sections_and_tells_similar_formats_apart() {
        let feature = "# Feature: X\n## Metadata\n## Feature Description\n## User Story\n## Relevant Files\n## Validation Commands\n## Notes\n";
        assert_eq!(chosen(feature).map(|c| c.0), Some("feature-plan".into()));
        let adw = "# Feature: X\n## Metadata\n## User Story\n## Solution Overview\n## Implementation Phases\n## Security Considerations\n## Notes\n";
        assert_eq!(chosen(adw).map(|c| c.0), Some("adw-feature".into()));
        let staged = "# Plan Spec: X\n## Overview\n## Goals\n## Background\n## Design\n";
        assert_eq!(chosen(staged).map(|c| c.0), Some("staged-spec".into()));
        let untitled = "# Add bookmarks\n## Feature Description\n## User Story\n## Problem Statement\n## Solution Statement\n## Relevant Files\n## Implementation Plan\n## Step by Step Tasks\n## Notes\n";
        assert_eq!(chosen(untitled).map(|c| c.0), Some("feature-plan".into()));
        let bug = "# Bug: crash\n## Bug Description\n## Problem Statement\n## Solution Statement\n## Steps to Reproduce\n## Root Cause Analysis\n## Relevant Files\n## Step by Step Tasks\n## Validation Commands\n## Notes\n";
        assert_eq!(chosen(bug).map(|c| c.0), Some("bug-plan".into()));
    }

    #[test]
    fn unrelated_documents_match_nothing() {
        for text in ["", "# Notes\n## Misc\n"] {
            assert_eq!(chosen(text), None, "{text:?}");
        }
    }
}
