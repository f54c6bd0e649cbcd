//! Section structure: which heading of the plan stands for which section of the format, and
//! the rules that follow from it (missing, out of order, wrong level, duplicate, unknown,
//! misspelled).
//!
//! The alignment is computed once per document, top-down: the plan's top-level headings
//! against the format's top-level sections, then each matched section's subsections against
//! the format's children of that section. A worklist, not recursion, so heading depth never
//! grows the stack.

pub mod duplicate_section;
pub mod heading_level;
pub mod heading_typo;
pub mod missing_section;
pub mod section_order;
pub mod unknown_section;

use std::collections::HashMap;

use super::Checker;
use crate::document::Document;
use crate::ruleset::select::is_top_level;
use crate::ruleset::{Ruleset, SectionId};
use crate::suggest::similarity;

/// How a heading came to stand for a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Its text is the section's name, an alias, or matches the section's pattern.
    Exact,
    /// Its text is a near miss of a missing section's name, under the right parent.
    Typo,
    /// Its text names a missing section, but it sits at another level or under another parent.
    Relocated,
}

/// Headings this similar to a missing section's name are taken for it, misspelled.
pub const TYPO_THRESHOLD: f64 = 0.8;

/// Sibling headings of the plan compared with the sibling sections of the format.
#[derive(Debug)]
pub struct Group {
    /// The plan's enclosing section; `None` for the top level.
    pub doc_parent: Option<usize>,
    /// The format's enclosing section; `None` for the top level.
    pub spec_parent: Option<SectionId>,
    /// The plan's headings in this group, in document order.
    pub members: Vec<usize>,
}

#[derive(Debug)]
pub struct Alignment {
    /// For each document section: the format section it stands for, and how.
    pub spec_of: Vec<Option<(SectionId, Match)>>,
    /// For each format section: the document sections standing for it, in document order.
    pub found: Vec<Vec<usize>>,
    /// Second occurrences of a section that occurs once: (duplicate, first occurrence).
    pub duplicates: Vec<(usize, usize)>,
    /// Headings in a group whose format section lists its subsections, matching none.
    pub unknown: Vec<usize>,
    pub groups: Vec<Group>,
}

impl Alignment {
    pub fn new(document: &Document, ruleset: &Ruleset) -> Self {
        let mut alignment = Alignment {
            spec_of: vec![None; document.sections.len()],
            found: vec![Vec::new(); ruleset.sections.len()],
            duplicates: Vec::new(),
            unknown: Vec::new(),
            groups: Vec::new(),
        };
        let mut work = vec![(None, None)];
        while !work.is_empty() {
            while let Some((doc_parent, spec_parent)) = work.pop() {
                alignment.align_group(document, ruleset, doc_parent, spec_parent, &mut work);
            }
            alignment.relocate(document, ruleset, &mut work);
        }
        let spec_of = &alignment.spec_of;
        alignment.unknown.retain(|&u| spec_of[u].is_none());
        alignment.unknown.sort_unstable();
        alignment.groups.sort_by_key(|g| g.doc_parent);
        alignment
    }

    fn align_group(
        &mut self,
        document: &Document,
        ruleset: &Ruleset,
        doc_parent: Option<usize>,
        spec_parent: Option<SectionId>,
        work: &mut Vec<(Option<usize>, Option<SectionId>)>,
    ) {
        let members: Vec<usize> = match doc_parent {
            Some(parent) => document.sections[parent].children.clone(),
            None => top_level(document),
        };
        let specs = ruleset.children(spec_parent);
        // Occurrences are counted per group: each `### Phase N` has its own `#### Tasks`.
        let mut first_here: Vec<(SectionId, usize)> = Vec::new();
        let mut unmatched = Vec::new();
        for &member in &members {
            let key = &document.sections[member].heading.key;
            match specs
                .iter()
                .copied()
                .find(|&s| ruleset.sections[s].matches(key))
            {
                Some(spec) => {
                    self.assign_in_group(ruleset, member, spec, Match::Exact, &mut first_here, work)
                }
                None => unmatched.push(member),
            }
        }
        let matched: Vec<SectionId> = first_here.iter().map(|&(s, _)| s).collect();
        for (member, spec) in near_misses(document, ruleset, &unmatched, specs, &matched) {
            self.assign_in_group(ruleset, member, spec, Match::Typo, &mut first_here, work);
        }
        if !specs.is_empty() {
            let spec_of = &self.spec_of;
            self.unknown
                .extend(unmatched.iter().filter(|&&m| spec_of[m].is_none()));
        }
        self.groups.push(Group {
            doc_parent,
            spec_parent,
            members,
        });
    }

    /// Assigns `member` to `spec` unless the group already has the section, which the format
    /// has once: then `member` is a duplicate.
    fn assign_in_group(
        &mut self,
        ruleset: &Ruleset,
        member: usize,
        spec: SectionId,
        how: Match,
        first_here: &mut Vec<(SectionId, usize)>,
        work: &mut Vec<(Option<usize>, Option<SectionId>)>,
    ) {
        match first_here.iter().find(|&&(s, _)| s == spec) {
            Some(&(_, first)) if !ruleset.sections[spec].repeat => {
                self.duplicates.push((member, first))
            }
            Some(_) => self.assign(ruleset, member, spec, how, work),
            None => {
                first_here.push((spec, member));
                self.assign(ruleset, member, spec, how, work);
            }
        }
    }

    fn assign(
        &mut self,
        ruleset: &Ruleset,
        member: usize,
        spec: SectionId,
        how: Match,
        work: &mut Vec<(Option<usize>, Option<SectionId>)>,
    ) {
        self.spec_of[member] = Some((spec, how));
        self.found[spec].push(member);
        if !ruleset.sections[spec].children.is_empty() {
            work.push((Some(member), Some(spec)));
        }
    }

    /// A section missing from its place may be elsewhere: `### Notes` under the wrong
    /// parent, `# Notes` at the wrong level. The first such heading stands for it, so that the
    /// plan gets one "wrong level" finding instead of a missing plus an unknown section.
    fn relocate(
        &mut self,
        document: &Document,
        ruleset: &Ruleset,
        work: &mut Vec<(Option<usize>, Option<SectionId>)>,
    ) {
        let title = document.title();
        // A set, not a scan of the list for each heading: a plan repeating one section
        // thousands of times has that many duplicates.
        let mut duplicate = vec![false; document.sections.len()];
        for &(d, _) in &self.duplicates {
            duplicate[d] = true;
        }
        for spec in 0..ruleset.sections.len() {
            let section = &ruleset.sections[spec];
            let parent_found = section
                .parent
                .is_none_or(|p| !self.found[p].is_empty() && !ruleset.sections[p].repeat);
            // A repeated section (a step) is recognised by its place, often with a catch-all
            // pattern: a heading elsewhere is not a misplaced step.
            if section.repeat || !self.found[spec].is_empty() || !parent_found {
                continue;
            }
            let candidate = (0..document.sections.len()).find(|&i| {
                Some(i) != title
                    && self.spec_of[i].is_none()
                    && !duplicate[i]
                    && section.matches(&document.sections[i].heading.key)
                    && !self.inside_repeated(document, ruleset, i)
            });
            if let Some(candidate) = candidate {
                self.assign(ruleset, candidate, spec, Match::Relocated, work);
            }
        }
    }

    /// Whether section `i` lies inside a repeated section (a step, a phase), whose subsections
    /// are the step's own business.
    fn inside_repeated(&self, document: &Document, ruleset: &Ruleset, i: usize) -> bool {
        let mut parent = document.sections[i].parent;
        while let Some(p) = parent {
            if self.spec_of[p].is_some_and(|(s, _)| ruleset.sections[s].repeat) {
                return true;
            }
            parent = document.sections[p].parent;
        }
        false
    }

    /// The first document section standing for `spec`, if any.
    pub fn first(&self, spec: SectionId) -> Option<usize> {
        self.found[spec].first().copied()
    }

    pub fn is_relocated(&self, spec: SectionId) -> bool {
        self.found[spec]
            .iter()
            .any(|&d| self.spec_of[d].is_some_and(|(_, how)| how == Match::Relocated))
    }

    /// The members of `group` that stand for a section of the group's format parent, in
    /// document order, with that section.
    pub fn placed<'g>(
        &'g self,
        ruleset: &'g Ruleset,
        group: &'g Group,
    ) -> impl Iterator<Item = (usize, SectionId)> + 'g {
        group
            .members
            .iter()
            .filter_map(move |&m| match self.spec_of[m] {
                Some((spec, Match::Exact | Match::Typo))
                    if ruleset.sections[spec].parent == group.spec_parent =>
                {
                    Some((m, spec))
                }
                _ => None,
            })
    }
}

/// Among sections placed in a group, the closest in the format's order before `spec` and
/// after it (the last occurrence before, the first after), as document section indices.
pub fn neighbours(
    placed: &[(usize, SectionId)],
    spec: SectionId,
) -> (Option<usize>, Option<usize>) {
    let before = placed
        .iter()
        .filter(|&&(_, s)| s < spec)
        .max_by_key(|&&(d, s)| (s, d));
    let after = placed
        .iter()
        .filter(|&&(_, s)| s > spec)
        .min_by_key(|&&(d, s)| (s, d));
    (before.map(|&(d, _)| d), after.map(|&(d, _)| d))
}

/// The plan's top-level headings: under no heading or directly under a `#` title, `#`
/// headings themselves excluded.
fn top_level(document: &Document) -> Vec<usize> {
    (0..document.sections.len())
        .filter(|&i| {
            let section = &document.sections[i];
            section.level > 1 && is_top_level(document, section.parent)
        })
        .collect()
}

/// Pairs of (unmatched heading, section missing from the group) similar enough to be a
/// misspelling, best first, each heading and section used once.
fn near_misses(
    document: &Document,
    ruleset: &Ruleset,
    unmatched: &[usize],
    specs: &[SectionId],
    matched: &[SectionId],
) -> Vec<(usize, SectionId)> {
    // Each distinct heading is compared once: a heading that repeats (a plan of 600,000
    // `###### x` lines) spent nine tenths of its time on the same comparisons.
    let mut near: HashMap<&str, Vec<(f64, SectionId)>> = HashMap::new();
    let mut candidates = Vec::new();
    for &member in unmatched {
        let key = document.sections[member].heading.key.as_str();
        let scores = near.entry(key).or_insert_with(|| {
            specs
                .iter()
                .copied()
                .filter(|&spec| !ruleset.sections[spec].repeat && !matched.contains(&spec))
                .map(|spec| (similarity(key, ruleset.sections[spec].name_key()), spec))
                .filter(|&(score, _)| score >= TYPO_THRESHOLD)
                .collect()
        });
        candidates.extend(scores.iter().map(|&(score, spec)| (score, member, spec)));
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut pairs: Vec<(usize, SectionId)> = Vec::new();
    for (_, member, spec) in candidates {
        if !pairs.iter().any(|&(m, s)| m == member || s == spec) {
            pairs.push((member, spec));
        }
    }
    pairs
}

/// Runs the section rules.
pub fn check(checker: &mut Checker<'_>) {
    missing_section::check(checker);
    section_order::check(checker);
    heading_level::check(checker);
    duplicate_section::check(checker);
    unknown_section::check(checker);
    heading_typo::check(checker);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ruleset() -> Ruleset {
        Ruleset::from_toml(
            "t",
            "t.toml",
            r#"
name = "t"
[[section]]
name = "Goals"
[[section]]
name = "Testing"
[[section]]
name = "Unit Tests"
parent = "Testing"
[[section]]
name = "Steps"
[[section]]
name = "Step"
parent = "Steps"
repeat = true
match = '^step (?P<n>\d+)'
[[section]]
name = "Notes"
"#,
        )
        .unwrap()
    }

    fn align(text: &str) -> (Document, Alignment) {
        let document = Document::parse(text);
        let alignment = Alignment::new(&document, &ruleset());
        (document, alignment)
    }

    #[test]
    fn exact_typo_and_relocated_matches() {
        let (_, a) = align(
            "# T\n## Goals\n## Testng\n### Unit Tests\n## Steps\n### Step 1\n### Step 2\n#### Notes\n# Notes\n",
        );
        assert_eq!(a.spec_of[1], Some((0, Match::Exact)));
        assert_eq!(a.spec_of[2], Some((1, Match::Typo)));
        assert_eq!(a.spec_of[3], Some((2, Match::Exact)));
        assert_eq!(a.found[4], vec![5, 6]);
        // `#### Notes` sits inside a step; the `# Notes` heading is taken instead.
        assert_eq!(a.spec_of[7], None);
        assert_eq!(a.spec_of[8], Some((5, Match::Relocated)));
        assert!(a.unknown.is_empty(), "{:?}", a.unknown);
    }

    #[test]
    fn repeated_sections_are_never_relocated() {
        let text =
            "# Feature: X\n## Step by Step Tasks\nNone yet.\n## Testing Strategy\n### E2E Tests\n";
        let document = Document::parse(text);
        let feature = crate::ruleset::builtin("feature-plan").unwrap();
        let a = Alignment::new(&document, feature);
        assert_eq!(
            a.spec_of[3], None,
            "`### E2E Tests` is not a misplaced task"
        );
        assert_eq!(a.unknown, vec![3]);
    }

    #[test]
    fn an_inserted_decimal_step_is_not_a_misnumbered_one() {
        let staged = crate::ruleset::builtin("staged-spec").unwrap();
        let phase = staged.sections.iter().find(|s| s.repeat).unwrap();
        assert_eq!(phase.step_number("phase 4: wiring"), Some(4));
        assert_eq!(phase.step_number("phase 4. wiring"), Some(4));
        assert_eq!(phase.step_number("phase 4"), Some(4));
        assert_eq!(phase.step_number("phase 4.5: fixes"), None);
    }

    #[test]
    fn a_section_repeated_forty_thousand_times_is_aligned_at_once() {
        // Each missing section looks for a misplaced heading among all of them; checking each
        // against the list of duplicates made this quadratic: minutes, not milliseconds.
        let document = Document::parse(&format!("# T\n{}", "## Goals\n".repeat(40_000)));
        let ruleset = ruleset();
        let start = std::time::Instant::now();
        let a = Alignment::new(&document, &ruleset);
        let elapsed = start.elapsed();
        assert_eq!(a.duplicates.len(), 39_999);
        assert!(elapsed.as_secs_f64() < 2.0, "{elapsed:?}");
    }

    #[test]
    fn duplicates_and_unknown_headings() {
        let (_, a) = align("# T\n## Goals\n## Architecture\n## Goals\n## Notes\n");
        assert_eq!(a.duplicates, vec![(3, 1)]);
        assert_eq!(a.unknown, vec![2]);
    }
}
