//! `path-out-of-scope`: a path outside the part of the repository the format allows.

use super::{Kind, Target, shown};
use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// A path lies outside the files the format lets a plan touch.
    ///
    /// ## What it finds
    /// In formats that restrict their references (feature-plan: `README.md`, `app/server/**`,
    /// `app/client/**`, `scripts/**`), a repository path in a list of existing or new files, an
    /// impact table or a link that matches none of the allowed globs.
    ///
    /// ## Why it matters
    /// The prompt confines research and changes to these files. A plan that reaches outside
    /// them changes what the team did not ask to change.
    ///
    /// ## Example
    /// ```markdown
    /// ## Relevant Files
    /// - `adws/adw_modules/agent.py` - the agent runner
    /// ```
    /// warns in the feature-plan format with "`adws/adw_modules/agent.py` is outside the
    /// format's scope". `app/server/server.py` passes.
    pub PATH_OUT_OF_SCOPE, "path-out-of-scope", Warning
}

pub fn check(checker: &mut Checker<'_>) {
    let paths = &checker.ruleset.paths;
    let Some(scope) = &paths.scope_matcher else {
        return;
    };
    let allowed = paths
        .scope
        .iter()
        .map(|g| format!("`{g}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let findings: Vec<Diagnostic> = checker
        .references()
        .iter()
        .filter_map(|reference| {
            let Target::Repo { path, .. } = &reference.target else {
                return None;
            };
            let listed = reference.kind != Kind::Mentioned || reference.link;
            let within = || scope.is_match(path.trim_end_matches('/')) || scope.is_match(path);
            (listed && !within()).then(|| {
                Diagnostic::new(
                    &PATH_OUT_OF_SCOPE,
                    reference.span.clone(),
                    format!("`{}` is outside the format's scope", shown(path)),
                )
                .label("outside the allowed paths")
                .help(format!("keep the plan's files within {allowed}"))
            })
        })
        .collect();
    for finding in findings {
        checker.report(finding);
    }
}
