//! `missing-path`: a path the plan gives as existing does not exist.

use super::{Kind, Target, shown, written_as};
use crate::checks::Checker;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// A file or directory the plan says exists is not in the repository.
    ///
    /// ## What it finds
    /// Paths in the sections that list existing files (feature-plan's `## Relevant Files`,
    /// adw-feature's `### Existing Files to Modify`, the `edit` and `delete` rows of
    /// export-plan's impact table) and link destinations, that match nothing in the
    /// repository: not at the root, not from the plan's own directory, not in a sub-project
    /// (a directory with its own `package.json`, `pyproject.toml`, `Cargo.toml`, ...). A glob
    /// (`app/server/**`) must match at least one file. The help names the closest real path:
    /// the same file name elsewhere, or a near miss beside it. Paths ignored by `.gitignore`
    /// (local and generated files) are not reported.
    ///
    /// ## Why it matters
    /// About a quarter of real feature plans name files that do not exist, invented by the
    /// planning agent or renamed since. The implementing agent then creates a stray file, or
    /// edits the wrong one.
    ///
    /// ## Example
    /// ```markdown
    /// ## Relevant Files
    /// - `app/server/core/sql_procesor.py` - runs the query
    /// ```
    /// fails with "`app/server/core/sql_procesor.py` does not exist" and the help "did you
    /// mean `app/server/core/sql_processor.py`?". The path that exists passes.
    pub MISSING_PATH, "missing-path", Error
}

/// At most this many "did you mean" searches per file: each looks through the index.
const MAX_SUGGESTIONS: usize = 100;

pub fn check(checker: &mut Checker<'_>) {
    let Some(repo) = checker.repo else { return };
    let index = repo.index();
    if index.truncated {
        return;
    }
    let mut findings = Vec::new();
    for reference in checker.references() {
        let Target::Repo {
            path,
            exists: Some(false),
            glob,
            ignored: false,
        } = &reference.target
        else {
            continue;
        };
        if reference.kind != Kind::Existing {
            continue;
        }
        let what = if reference.link {
            "link target"
        } else {
            "path"
        };
        let message = if *glob {
            format!("`{}` matches no file", reference.written)
        } else {
            format!("`{}` does not exist", reference.written)
        };
        let suggestion = (!glob && findings.len() < MAX_SUGGESTIONS)
            .then(|| repo.suggest(path))
            .flatten()
            .map(|near| written_as(checker, path, &near, reference.link));
        let help = match suggestion {
            Some(near) => format!("did you mean `{near}`?"),
            None if *glob => "check the pattern against the repository".to_string(),
            None => format!("write the {what} of an existing file, or list it as a new file"),
        };
        findings.push(
            Diagnostic::new(&MISSING_PATH, reference.span.clone(), message)
                .label(format!("no `{}` in the repository", shown(path)))
                .help(help),
        );
    }
    for finding in findings {
        checker.report(finding);
    }
}
