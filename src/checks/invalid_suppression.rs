//! `invalid-suppression`: a `<!-- planlint-… -->` comment that does not do what it says.

use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::ruleset::Ruleset;
use crate::suggest;
use crate::suppress::{Action, Problem};

declare_rule! {
    /// A suppression comment names a rule that does not exist, or is not a suppression at all.
    ///
    /// ## What it finds
    /// In a `<!-- planlint-… -->` comment outside code: a rule name that is not a rule id
    /// (`missing-sectoin`), with the closest id; a word after `planlint-` that is no directive
    /// (`planlint-disabel`); a rule that cannot be suppressed (`invalid-suppression` itself,
    /// and `invalid-input` and `internal-error`, which concern files without a document); rule
    /// names after `planlint-capture` or `planlint-restore`, which take none. A misspelled name
    /// suppresses nothing (never every rule), so the finding it was meant for is still
    /// reported. This rule cannot be suppressed.
    ///
    /// ## Why it matters
    /// A suppression with a typo silences nothing, and the author believes the finding was
    /// dealt with; a comment that only looks like a directive is worse, because it is read as
    /// one by people and not by planlint.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- planlint-disable-next-line missing-sectoin -->
    /// ```
    /// warns "unknown rule `missing-sectoin` in suppression", with "did you mean
    /// `missing-section`?". This passes:
    /// ```markdown
    /// <!-- planlint-disable-next-line missing-section -->
    /// ```
    pub INVALID_SUPPRESSION, "invalid-suppression", Warning
}

/// The findings for the problems of a document's directives, at the severity `ruleset` gives
/// this rule (none when it turns the rule off).
pub fn check(problems: &[Problem], ruleset: Option<&Ruleset>) -> Vec<Diagnostic> {
    let severity = match ruleset {
        Some(ruleset) => ruleset.severity(&INVALID_SUPPRESSION),
        None => Some(INVALID_SUPPRESSION.severity),
    };
    let Some(severity) = severity else {
        return Vec::new();
    };
    problems
        .iter()
        .map(|problem| {
            let mut diagnostic = diagnostic(problem);
            diagnostic.severity = severity;
            diagnostic
        })
        .collect()
}

fn diagnostic(problem: &Problem) -> Diagnostic {
    match problem {
        Problem::UnknownRule { name, span } => {
            let help = match rules::closest(&name.to_ascii_lowercase()) {
                Some(id) => format!("did you mean `{id}`?"),
                None => "use a rule id that `planlint rules` lists".to_string(),
            };
            Diagnostic::new(
                &INVALID_SUPPRESSION,
                span.clone(),
                format!("unknown rule `{name}` in suppression"),
            )
            .label("no such rule: this suppresses nothing")
            .help(help)
        }
        Problem::UnknownAction { word, span } => {
            let directives: Vec<String> = Action::ALL
                .iter()
                .map(|&(action, _)| action.directive())
                .collect();
            let help = match suggest::closest(
                &word.to_ascii_lowercase(),
                directives.iter().map(String::as_str),
            ) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("use one of `{}`", directives.join("`, `")),
            };
            Diagnostic::new(
                &INVALID_SUPPRESSION,
                span.clone(),
                format!("unknown suppression directive `{word}`"),
            )
            .label("not a planlint directive: this suppresses nothing")
            .help(help)
        }
        Problem::Unsuppressible { rule, span } => Diagnostic::new(
            &INVALID_SUPPRESSION,
            span.clone(),
            format!("`{}` cannot be suppressed", rule.id),
        )
        .label("always reported")
        .help(format!("remove `{}` from the suppression", rule.id)),
        Problem::NoRulesTaken { action, span } => Diagnostic::new(
            &INVALID_SUPPRESSION,
            span.clone(),
            format!("`{}` takes no rule names", action.directive()),
        )
        .label("ignored")
        .help("remove the rule names: capture and restore apply to every rule"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::suppress;

    fn findings(text: &str) -> Vec<(String, String)> {
        let problems = suppress::read(&Document::parse(text)).problems;
        check(&problems, None)
            .into_iter()
            .map(|d| (d.message, d.help.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn an_unknown_rule_gets_the_closest_id() {
        assert_eq!(
            findings("<!-- planlint-disable-next-line missing-sectoin -->"),
            [(
                "unknown rule `missing-sectoin` in suppression".to_string(),
                "did you mean `missing-section`?".to_string()
            )]
        );
        assert_eq!(
            findings("<!-- planlint-disable zzz -->")[0].1,
            "use a rule id that `planlint rules` lists"
        );
    }

    #[test]
    fn a_misspelled_directive_gets_the_closest_one() {
        assert_eq!(
            findings("<!-- planlint-disabel placeholder -->"),
            [(
                "unknown suppression directive `planlint-disabel`".to_string(),
                "did you mean `planlint-disable`?".to_string()
            )]
        );
        assert!(
            findings("<!-- planlint-frobnicate-everything -->")[0]
                .1
                .starts_with("use one of `planlint-disable`, `planlint-enable`")
        );
    }

    #[test]
    fn unsuppressible_rules_and_rules_after_capture() {
        let found = findings(
            "<!-- planlint-disable invalid-suppression -->\n<!-- planlint-restore title -->\n",
        );
        assert_eq!(found[0].0, "`invalid-suppression` cannot be suppressed");
        assert_eq!(found[1].0, "`planlint-restore` takes no rule names");
    }
}
