//! "Did you mean": the closest of a set of names.

/// Similarity from 0 (nothing alike) to 1 (equal): Damerau-Levenshtein distance over the
/// longer length, so one typo in a long heading weighs less than in a short one.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_damerau_levenshtein(a, b)
}

/// Below this, two names are different names rather than a misspelling.
pub const SUGGESTION_THRESHOLD: f64 = 0.7;

/// The candidate most like `word`, if one is close enough to be a likely misspelling.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (similarity(word, candidate), candidate))
        .filter(|&(score, _)| score >= SUGGESTION_THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_near_misses() {
        let ids = ["feature-plan", "staged-spec", "export-plan"];
        assert_eq!(closest("feature-plna", ids), Some("feature-plan"));
        assert_eq!(closest("staged", ids), None);
        assert_eq!(closest("zzz", ids), None);
    }
}
