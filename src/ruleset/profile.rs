//! What detection reads of a ruleset: its title pattern, the title's weight and the
//! top-level sections. And the detection index: the built-in rulesets' profiles, generated
//! from `rules/*.toml` into `rules/detection-index.json`.
//!
//! Detection scores a plan against every ruleset, but a plan is checked with one. Parsing
//! and compiling the eleven built-in rulesets (44 KB of TOML) to score a plan was a quarter
//! of the time of linting one plan; with the index, only the chosen ruleset is compiled. The
//! index is checked against the rulesets it came from: the build embeds a hash of
//! `rules/*.toml`, and an index of other rulesets is not used (every built-in is then
//! compiled, as before, and the build warns). A test keeps the shipped index current.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Pattern, SectionSpec, Title};

/// A ruleset as detection sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Profile {
    pub id: String,
    #[serde(with = "pattern_source")]
    pub title: Option<Pattern>,
    /// Share of the score a matching title gives (0 without a title).
    pub title_weight: f64,
    /// The sections without a parent, in order.
    pub roots: Vec<Root>,
}

/// A top-level section: the comparison keys of its name and aliases, and its pattern.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Root {
    pub keys: Vec<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "pattern_source"
    )]
    pub pattern: Option<Pattern>,
    pub required: bool,
}

impl Profile {
    /// The profile of a compiled ruleset; its patterns are shared with the ruleset's.
    pub fn new(
        id: &str,
        title: Option<&Title>,
        title_weight: f64,
        sections: &[SectionSpec],
        roots: &[usize],
    ) -> Self {
        Self {
            id: id.to_string(),
            title: title.map(|t| t.pattern.clone()),
            title_weight: if title.is_some() { title_weight } else { 0.0 },
            roots: roots
                .iter()
                .map(|&id| {
                    let section = &sections[id];
                    Root {
                        keys: section.keys.clone(),
                        pattern: section.pattern.clone(),
                        required: section.required,
                    }
                })
                .collect(),
        }
    }
}

/// `rules/detection-index.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Index {
    #[serde(rename = "$comment")]
    _comment: String,
    /// The hash of `rules/*.toml` the profiles were generated from (see `build.rs`).
    rules: String,
    profiles: Vec<Profile>,
}

const COMMENT: &str = "Generated from rules/*.toml by `PLANLINT_UPDATE_INDEX=1 cargo test \
    detection_index`: what detection reads of each built-in ruleset, so that only the \
    ruleset a plan gets is compiled. Not to be edited.";

/// The index of `profiles`, generated from the rulesets whose hash is `rules`: one profile
/// per line, so that a change to a ruleset is a one-line diff.
pub fn index_json(rules: &str, profiles: &[Profile]) -> String {
    let lines: Vec<String> = profiles.iter().map(json).collect();
    format!(
        "{{\n  \"$comment\": {},\n  \"rules\": {},\n  \"profiles\": [\n    {}\n  ]\n}}\n",
        json(COMMENT),
        json(rules),
        lines.join(",\n    ")
    )
}

fn json(value: impl Serialize) -> String {
    serde_json::to_string(&value).expect("a profile is JSON")
}

/// The profiles in `index`, if it was generated from the rulesets whose hash is `rules`.
pub fn read_index(index: &str, rules: &str) -> Option<Vec<Profile>> {
    let index: Index = serde_json::from_str(index).ok()?;
    (index.rules == rules).then_some(index.profiles)
}

/// A pattern as its source. Ruleset patterns ignore case, so the source is all there is.
mod pattern_source {
    use super::*;

    pub fn serialize<S: Serializer>(pattern: &Option<Pattern>, s: S) -> Result<S::Ok, S::Error> {
        pattern.as_ref().map(Pattern::source).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Pattern>, D::Error> {
        let source = Option::<String>::deserialize(d)?;
        Ok(source.map(|source| Pattern::lazy(source, true)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(id: &str, title: Option<&str>) -> Profile {
        Profile {
            id: id.to_string(),
            title: title.map(|t| Pattern::lazy(t.to_string(), true)),
            title_weight: 0.25,
            roots: vec![Root {
                keys: vec!["notes".into(), "remarks".into()],
                pattern: Some(Pattern::lazy(r"^step \d+".into(), true)),
                required: false,
            }],
        }
    }

    #[test]
    fn an_index_reads_back_only_for_the_rulesets_it_came_from() {
        let written = [profile("a-plan", Some("^a:")), profile("b-plan", None)];
        let index = index_json("0123", &written);
        let read = read_index(&index, "0123").expect("current index");
        assert_eq!(format!("{read:?}"), format!("{written:?}"));
        assert!(
            read[0].title.as_ref().unwrap().is_match("A: plan"),
            "ignores case"
        );
        assert!(read_index(&index, "4567").is_none(), "stale");
        assert!(read_index("", "0123").is_none(), "missing");
        assert!(
            read_index("{\"rules\": \"0123\"}", "0123").is_none(),
            "broken"
        );
    }
}
